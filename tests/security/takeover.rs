//! Finding 1: a förbund administrator could take over the system administrator's account by
//! "adding" its e-mail address and giving it a one-time password. Every step is refused now,
//! and an attached account's name stays hidden until the person accepts the membership.

use crate::support::TestApp;
use axum::http::StatusCode;
use lotsen_core::admin::users::{self, UserForm};
use lotsen_core::{CoreError, Ctx};

#[tokio::test]
async fn a_forbund_administrator_cannot_reach_the_system_administrator() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    let members_before: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from membership where forbund_id = $1",
        )
        .await;
    let r = app
        .post(
            "/admin/anvandare",
            &[("namn", "Drift"), ("epost", "SYSTEM@demo.lotsen.example")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("inte kan läggas till i ett förbund"),
        "{}",
        r.text()
    );
    let members_after: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from membership where forbund_id = $1",
        )
        .await;
    assert_eq!(members_before, members_after, "nothing attached");

    // The account is outside the förbund: its pages and actions answer 404.
    let system: uuid::Uuid = app
        .scalar_in(
            "fjardlunda",
            "select user_id from app_user where epost = 'system@demo.lotsen.example' and $1::uuid is not null",
        )
        .await;
    app.get(&format!("/admin/anvandare/{system}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.post(&format!("/admin/anvandare/{system}/losenord"), &[])
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.post(
        &format!("/admin/anvandare/{system}"),
        &[("namn", "Angripare"), ("arbetsplats", "")],
    )
    .await
    .assert_status(StatusCode::NOT_FOUND);

    // The core refuses too, whatever the page does.
    let ctx = admin_ctx(&app).await;
    let refused = users::create(
        &app.t.db,
        &ctx,
        &UserForm {
            namn: "Drift".into(),
            epost: "system@demo.lotsen.example".into(),
            arbetsplats: String::new(),
        },
    )
    .await;
    assert!(matches!(refused, Err(CoreError::Invalid(_))), "{refused:?}");
    assert!(matches!(
        users::reset_password(&app.t.db, &ctx, system).await,
        Err(CoreError::NotFound)
    ));

    // And the system administrator still logs in with their own password.
    let mut sys = app.other_browser();
    sys.client = "198.51.100.20:1000".parse().unwrap();
    sys.login("system@demo.lotsen.example").await;
    sys.get("/system/forbund").await.assert_ok();
}

async fn admin_id(app: &TestApp) -> uuid::Uuid {
    app.user_id("fjardlunda", "forbund@demo.lotsen.example")
        .await
}

async fn admin_ctx(app: &TestApp) -> Ctx {
    let token = lotsen_core::auth::session::create(
        &app.t.db,
        admin_id(app).await,
        Some(app.forbund_id("fjardlunda").await),
    )
    .await
    .unwrap();
    lotsen_core::auth::session::load(&app.t.db, &token, Default::default())
        .await
        .unwrap()
        .unwrap()
        .ctx
}

#[tokio::test]
async fn an_attached_account_is_not_the_attaching_forbunds_to_manage() {
    let mut app = TestApp::demo().await;
    app.login("kustbygd@demo.lotsen.example").await;
    app.post(
        "/admin/anvandare",
        &[
            ("namn", "Falskt Namn"),
            ("epost", "koordinator@demo.lotsen.example"),
        ],
    )
    .await
    .assert_ok();
    let id: uuid::Uuid = app
        .scalar_in(
            "kustbygd",
            "select user_id from membership m join app_user u using (user_id) \
             where m.forbund_id = $1 and u.epost = 'koordinator@demo.lotsen.example'",
        )
        .await;
    // Only the e-mail address until the person accepts; the real name never shows.
    let real_name: String = app
        .scalar_in(
            "fjardlunda",
            "select namn::text from app_user where epost = 'koordinator@demo.lotsen.example' and $1::uuid is not null",
        )
        .await;
    for page in [
        "/admin/anvandare".to_string(),
        format!("/admin/anvandare/{id}"),
    ] {
        let r = app.get(&page).await;
        r.assert_ok();
        assert!(!r.text().contains(&real_name), "{page} shows the name");
        assert!(r.text().contains("koordinator@demo.lotsen.example"));
    }
    // No password and no renaming from here.
    let r = app
        .post(&format!("/admin/anvandare/{id}/losenord"), &[])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Kontot hör till personen själv"));
    app.post(
        &format!("/admin/anvandare/{id}"),
        &[("namn", "Angripare"), ("arbetsplats", "")],
    )
    .await;
    let namn: String = app
        .scalar_in(
            "fjardlunda",
            "select namn::text from app_user where epost = 'koordinator@demo.lotsen.example' and $1::uuid is not null",
        )
        .await;
    assert_eq!(namn, real_name);

    // The pending membership gives the person nothing in Kustbygd until accepted; declining
    // leaves it inactive.
    let mut person = app.other_browser();
    person.client = "198.51.100.21:1000".parse().unwrap();
    person.login("koordinator@demo.lotsen.example").await;
    let choices = person.get("/valj-forbund").await;
    assert!(!choices.text().contains("Kustbygd"));
    let kustbygd = app.forbund_id("kustbygd").await;
    person
        .post(
            &format!("/konto/inbjudningar/{kustbygd}"),
            &[("svar", "nej")],
        )
        .await
        .assert_redirect_to("/");
    person
        .post(
            &format!("/konto/inbjudningar/{kustbygd}"),
            &[("svar", "ja")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert!(
        !person
            .get("/valj-forbund")
            .await
            .text()
            .contains("Kustbygd")
    );
    assert!(
        app.audit_actions("kustbygd")
            .await
            .contains(&"membership.decline".to_string())
    );
}

#[tokio::test]
async fn a_password_is_reset_only_for_accounts_the_forbund_created() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    // Created by Fjärdlunda and only there: the administrator may.
    let fk = app.user_id("fjardlunda", "fk@demo.lotsen.example").await;
    let r = app
        .post(&format!("/admin/anvandare/{fk}/losenord"), &[])
        .await;
    r.assert_ok();
    assert!(r.body.contains("id=\"engangslosenord\""));
    // The region psychiatrist works in two förbund: neither may.
    let region = app
        .user_id("fjardlunda", "region@demo.lotsen.example")
        .await;
    let page = app.get(&format!("/admin/anvandare/{region}")).await;
    assert!(!page.body.contains("id=\"f-losenord\""), "no button");
    let r = app
        .post(&format!("/admin/anvandare/{region}/losenord"), &[])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}
