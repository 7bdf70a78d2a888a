//! Logging in and out: success, wrong password, unknown user, lockout, idle timeout, forced
//! password change, choosing among several förbund, and deactivation.

use crate::support::{TestApp, app::PASSWORD};
use axum::http::StatusCode;

#[tokio::test]
async fn a_demo_user_logs_in_and_sees_their_forbund_and_roles() {
    let mut app = TestApp::demo().await;
    let r = app.login("koordinator@demo.lotsen.example").await;
    r.assert_redirect_to("/");
    let cookie = r.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let home = app.get("/").await;
    home.assert_ok();
    let text = home.text();
    assert!(text.contains("Karin Berg"), "{text}");
    assert!(text.contains("Samordningsförbundet Fjärdlunda"), "{text}");
    assert!(
        text.contains("Samverkanskoordinator – LOKUS FJL (Fjärdlunda)"),
        "{text}"
    );
    assert!(text.contains("Samverkanskoordinator – LOKUS STL"), "{text}");
}

#[tokio::test]
async fn the_login_email_is_case_insensitive() {
    let mut app = TestApp::demo().await;
    app.login("Forbund@Demo.Lotsen.Example").await;
    app.get("/admin").await.assert_ok();
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_swedish_message() {
    let mut app = TestApp::demo().await;
    let wrong = app
        .login_with("forbund@demo.lotsen.example", "fel-lösenord-123")
        .await;
    let unknown = app.login_with("ingen@demo.lotsen.example", PASSWORD).await;
    for r in [&wrong, &unknown] {
        r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.text()
                .contains("Fel e-postadress eller lösenord, eller så är kontot inte aktivt.")
        );
        assert!(
            r.headers.get("set-cookie").is_none(),
            "no session on failure"
        );
    }
    assert!(
        wrong.body.contains("value=\"forbund@demo.lotsen.example\""),
        "e-mail kept"
    );
    assert!(
        !wrong.body.contains("fel-lösenord-123"),
        "password never echoed"
    );
    let audit = app.audit_actions("fjardlunda").await;
    assert_eq!(
        audit,
        ["login.failure"],
        "the failure is logged in the person's förbund"
    );
}

#[tokio::test]
async fn empty_fields_get_messages_next_to_each_field() {
    let mut app = TestApp::demo().await;
    let r = app.login_with("", "").await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"f-epost-fel\""));
    assert!(r.body.contains("id=\"f-losenord-fel\""));
    assert!(
        r.body.contains("href=\"#f-epost\""),
        "the summary links to the field"
    );
    assert!(r.text().contains("Fyll i din e-postadress."));
}

#[tokio::test]
async fn many_failures_from_one_address_slow_that_address_down() {
    let mut app = TestApp::demo().await;
    let limit = lotsen_core::auth::login::CLIENT_LIMIT;
    for i in 0..limit {
        let r = app
            .login_with(&format!("gissning{i}@exempel.se"), "inte rätt lösenord")
            .await;
        assert!(
            r.text()
                .contains("Fel e-postadress eller lösenord, eller så är kontot inte aktivt.")
        );
    }
    let r = app.login_with("af@demo.lotsen.example", PASSWORD).await;
    assert!(
        r.text().contains("För många misslyckade försök"),
        "{}",
        r.text()
    );
    let mut elsewhere = app.other_browser();
    elsewhere.client = "198.51.100.7:40000".parse().unwrap();
    elsewhere.login("af@demo.lotsen.example").await;
}

#[tokio::test]
async fn logging_out_ends_the_session_on_the_server() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    let old_cookie = app.session_cookie().unwrap().to_string();
    app.post("/logga-ut", &[])
        .await
        .assert_redirect_to("/logga-in?klart=utloggad");
    assert!(app.session_cookie().is_none());
    app.get("/admin").await.assert_redirect_to("/logga-in");
    // Replaying the old cookie does not bring the session back.
    let mut replay = app.other_browser();
    let req = axum::http::Request::get("/admin")
        .header("cookie", format!("lotsen_session={old_cookie}"))
        .body(axum::body::Body::empty())
        .unwrap();
    replay.send(req).await.assert_redirect_to("/logga-in");
    assert!(
        app.audit_actions("fjardlunda")
            .await
            .contains(&"logout".to_string())
    );
}

#[tokio::test]
async fn a_new_login_gets_a_new_session_id() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    let first = app.session_cookie().unwrap().to_string();
    app.get("/logga-in").await.assert_redirect_to("/");
    app.post(
        "/logga-in",
        &[
            ("epost", "forbund@demo.lotsen.example"),
            ("losenord", PASSWORD),
        ],
    )
    .await
    .assert_redirect_to("/");
    let second = app.session_cookie().unwrap().to_string();
    assert_ne!(first, second);
    let live: i64 = sqlx::query_scalar("select count(*) from session")
        .fetch_one(app.t.db.pool())
        .await
        .unwrap();
    assert_eq!(live, 1, "the earlier session is ended");
}

#[tokio::test]
async fn an_idle_session_times_out_after_the_forbunds_limit() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    app.get("/admin").await.assert_ok();
    sqlx::query("update session set last_seen_at = now() - interval '29 minutes'")
        .execute(app.t.db.pool())
        .await
        .unwrap();
    app.get("/admin").await.assert_ok();
    sqlx::query("update session set last_seen_at = now() - interval '31 minutes'")
        .execute(app.t.db.pool())
        .await
        .unwrap();
    app.get("/admin")
        .await
        .assert_redirect_to("/logga-in?klart=inaktiv");
    let page = app.get("/logga-in?klart=inaktiv").await;
    assert!(
        page.text()
            .contains("Du har loggats ut eftersom du varit inaktiv"),
        "{}",
        page.text()
    );
}

#[tokio::test]
async fn the_idle_limit_is_a_setting_of_the_forbund() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    app.post(
        "/admin/forbund",
        &[
            ("namn", "Samordningsförbundet Fjärdlunda"),
            ("undertryck_grans", "5"),
            ("session_idle_minuter", "10"),
        ],
    )
    .await
    .assert_redirect_to("/admin/forbund?klart=sparat");
    sqlx::query("update session set last_seen_at = now() - interval '11 minutes'")
        .execute(app.t.db.pool())
        .await
        .unwrap();
    app.get("/admin")
        .await
        .assert_redirect_to("/logga-in?klart=inaktiv");
}

#[tokio::test]
async fn a_one_time_password_must_be_changed_before_anything_else() {
    let mut admin = TestApp::demo().await;
    admin.login("forbund@demo.lotsen.example").await;
    let created = admin
        .post(
            "/admin/anvandare",
            &[
                ("namn", "Nora Ny"),
                ("epost", "nora@exempel.se"),
                ("arbetsplats", ""),
            ],
        )
        .await;
    created.assert_ok();
    let otp = created
        .body
        .split("id=\"engangslosenord\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("one-time password shown")
        .to_string();
    assert_eq!(otp.len(), 19);

    let mut nora = admin.other_browser();
    nora.login_with("nora@exempel.se", &otp)
        .await
        .assert_redirect_to("/konto/losenord");
    nora.get("/").await.assert_redirect_to("/konto/losenord");
    let page = nora.get("/konto/losenord").await;
    assert!(page.text().contains("engångslösenord"));

    let short = nora
        .post(
            "/konto/losenord",
            &[("nuvarande", &otp), ("nytt", "kort"), ("bekrafta", "kort")],
        )
        .await;
    short.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short
            .text()
            .contains("Lösenordet måste ha minst 12 tecken (nu 4).")
    );
    let mismatch = nora
        .post(
            "/konto/losenord",
            &[
                ("nuvarande", &otp),
                ("nytt", "ett långt lösenord"),
                ("bekrafta", "ett annat lösenord"),
            ],
        )
        .await;
    assert!(mismatch.text().contains("Lösenorden är inte likadana."));
    let wrong_current = nora
        .post(
            "/konto/losenord",
            &[
                ("nuvarande", "inte rätt"),
                ("nytt", "ett långt lösenord"),
                ("bekrafta", "ett långt lösenord"),
            ],
        )
        .await;
    assert!(
        wrong_current
            .text()
            .contains("Det nuvarande lösenordet stämmer inte.")
    );

    nora.post(
        "/konto/losenord",
        &[
            ("nuvarande", &otp),
            ("nytt", "ett långt lösenord"),
            ("bekrafta", "ett långt lösenord"),
        ],
    )
    .await
    .assert_redirect_to("/?klart=losenord");
    let home = nora.get("/?klart=losenord").await;
    home.assert_ok();
    assert!(home.text().contains("Ditt lösenord är bytt."));

    let mut again = admin.other_browser();
    again
        .login_with("nora@exempel.se", &otp)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    // The failed attempt with the old one-time password is told at the next login.
    let r = again
        .login_with("nora@exempel.se", "ett långt lösenord")
        .await;
    r.assert_redirect_to("/?misslyckade=1");
    let home = again.get("/?misslyckade=1").await;
    assert!(
        home.text()
            .contains("1 misslyckad inloggning på ditt konto sedan du senast loggade in"),
        "{}",
        home.text()
    );
}

#[tokio::test]
async fn a_person_in_two_forbund_chooses_and_switches() {
    let mut app = TestApp::demo().await;
    app.login("region@demo.lotsen.example").await;
    app.get("/").await.assert_redirect_to("/valj-forbund");
    let page = app.get("/valj-forbund").await;
    assert!(page.text().contains("Finsam Kustbygd"));
    assert!(page.text().contains("Samordningsförbundet Fjärdlunda"));

    let bad = app
        .post("/valj-forbund", &[("forbund", "inte-ett-id")])
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("Välj ett av förbunden i listan."));

    let kust = app.forbund_id("kustbygd").await.to_string();
    app.post("/valj-forbund", &[("forbund", &kust)])
        .await
        .assert_redirect_to("/");
    let home = app.get("/").await;
    assert!(home.text().contains("Du arbetar i Finsam Kustbygd"));
    assert!(
        home.body.contains("href=\"/valj-forbund\""),
        "the switcher is offered"
    );

    let fjard = app.forbund_id("fjardlunda").await.to_string();
    app.post("/valj-forbund", &[("forbund", &fjard)])
        .await
        .assert_redirect_to("/");
    assert!(
        app.get("/")
            .await
            .text()
            .contains("Du arbetar i Samordningsförbundet Fjärdlunda")
    );
    assert!(
        app.audit_actions("kustbygd")
            .await
            .contains(&"forbund.select".to_string())
    );
}

#[tokio::test]
async fn a_forbund_one_is_not_a_member_of_cannot_be_chosen() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    let kust = app.forbund_id("kustbygd").await.to_string();
    let r = app.post("/valj-forbund", &[("forbund", &kust)]).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.get("/")
            .await
            .text()
            .contains("Du arbetar i Samordningsförbundet Fjärdlunda")
    );
    assert!(
        !app.audit_actions("kustbygd")
            .await
            .contains(&"forbund.select".to_string())
    );
}

#[tokio::test]
async fn deactivating_a_user_ends_their_sessions_at_once() {
    let mut admin = TestApp::demo().await;
    admin.login("forbund@demo.lotsen.example").await;
    let mut fk = admin.other_browser();
    fk.login("fk@demo.lotsen.example").await;
    fk.get("/").await.assert_ok();

    let fk_id: uuid::Uuid = admin.user_id("fjardlunda", "fk@demo.lotsen.example").await;
    admin
        .post(
            &format!("/admin/anvandare/{fk_id}/aktiv"),
            &[("aktiv", "nej")],
        )
        .await
        .assert_redirect_to(&format!("/admin/anvandare/{fk_id}?klart=inaktiverad"));
    fk.get("/").await.assert_redirect_to("/logga-in");
    let again = fk.login_with("fk@demo.lotsen.example", PASSWORD).await;
    assert!(
        again
            .text()
            .contains("Fel e-postadress eller lösenord, eller så är kontot inte aktivt."),
        "{}",
        again.text()
    );

    admin
        .post(
            &format!("/admin/anvandare/{fk_id}/aktiv"),
            &[("aktiv", "ja")],
        )
        .await
        .assert_redirect_to(&format!("/admin/anvandare/{fk_id}?klart=aktiverad"));
    fk.login("fk@demo.lotsen.example").await;
    let audit = admin.audit_actions("fjardlunda").await;
    assert!(audit.contains(&"user.deactivate".to_string()));
    assert!(audit.contains(&"user.activate".to_string()));
}

#[tokio::test]
async fn an_administrator_cannot_deactivate_themselves_or_drop_their_own_admin_role() {
    let mut admin = TestApp::demo().await;
    admin.login("forbund@demo.lotsen.example").await;
    let me: uuid::Uuid = admin
        .user_id("fjardlunda", "forbund@demo.lotsen.example")
        .await;
    let r = admin
        .post(&format!("/admin/anvandare/{me}/aktiv"), &[("aktiv", "nej")])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Du kan inte inaktivera dig själv."));
    let r = admin
        .post(
            &format!("/admin/anvandare/{me}/roller"),
            &[("roll", "dataskyddsombud")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .contains("Du kan inte ta bort din egen roll som förbundsadministratör.")
    );
    admin.get("/admin").await.assert_ok();
}
