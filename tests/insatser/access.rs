//! Every demo role over every route of the register: förbund staff reach everything of their
//! own förbund, a coach and an insatsansvarig their own insatser (read only), everyone else
//! and another förbund's staff get 404, never 403; without login, the login page.

use super::*;
use axum::http::StatusCode;

#[tokio::test]
async fn every_role_reaches_exactly_its_own_insatser() {
    let app = TestApp::demo().await;
    let r = refs(&app).await;
    let goal = uuid(
        &app,
        "select m.mal_id from insats_mal m join insats i using (forbund_id, insats_id) \
         where m.forbund_id = $1 and i.kod = 'STL-COACH' and m.mal = 'nyinskrivna'",
    )
    .await;
    let remove = format!("/insatser/STL-COACH/mal/{goal}/ta-bort");
    let pages = [
        "/insatser",
        "/insatser/ny",
        "/insatser/kapacitet",
        "/insatser/STL-COACH",
        "/insatser/NRV-STOD",
        "/insatser/STL-COACH/andra",
    ];
    let writes_before = (
        count(&app, "fjardlunda", "insats").await,
        count(&app, "fjardlunda", "insats_mal").await,
    );
    for login in logins() {
        let mut b = as_user(&app, login).await;
        let own = slug_of(login) == "fjardlunda";
        let admin = login.starts_with("forbund@") || login.starts_with("kustbygd@");
        let coach = login.starts_with("coach@");
        let ansvarig = login == INSATS;
        for page in pages {
            let want_ok = match page {
                "/insatser" => admin || coach || ansvarig,
                "/insatser/ny" | "/insatser/kapacitet" => admin,
                "/insatser/STL-COACH" => (admin && own) || coach || ansvarig,
                "/insatser/NRV-STOD" => (admin && own) || coach,
                _ => admin && own,
            };
            let want = if want_ok {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(b.get(page).await.status, want, "{login} GET {page}");
        }
        let home = b.get("/").await;
        assert_eq!(
            home.body.contains("href=\"/insatser\""),
            admin || coach || ansvarig,
            "{login}: the nav entry"
        );
        if admin && own {
            continue;
        }
        // Nobody but Fjärdlunda's staff changes Fjärdlunda's insatser.
        let form = valid(&r, "STL-COACH");
        let goal_form = [
            ("mal", "deltagare"),
            ("varde", "1"),
            ("mal_fran", "2026-01-01"),
            ("mal_till", "2026-12-31"),
        ];
        for (path, body) in [
            ("/insatser/STL-COACH/andra", &form[..]),
            ("/insatser/STL-COACH/mal", &goal_form[..]),
            (remove.as_str(), &[][..]),
        ] {
            assert_eq!(
                b.post(path, body).await.status,
                StatusCode::NOT_FOUND,
                "{login} POST {path}"
            );
        }
        if !admin {
            let status = b.post("/insatser/ny", &valid(&r, "OBEHORIG")).await.status;
            assert_eq!(status, StatusCode::NOT_FOUND, "{login} POST /insatser/ny");
        }
    }
    assert_eq!(
        (
            count(&app, "fjardlunda", "insats").await,
            count(&app, "fjardlunda", "insats_mal").await,
        ),
        writes_before,
        "nothing written"
    );
}

#[tokio::test]
async fn the_coach_and_the_insatsansvarig_find_the_queue_link_and_staff_the_board() {
    let app = TestApp::demo().await;
    for (login, queue, edit) in [
        ("coach@demo.lotsen.example", true, false),
        (INSATS, true, false),
        ("forbund@demo.lotsen.example", false, true),
    ] {
        let mut b = as_user(&app, login).await;
        let page = b.get("/insatser/STL-COACH").await;
        page.assert_ok();
        assert!(page.body.contains(
            "Personuppgiftsansvarig för deltagarna: <strong>Stenbäcks kommun, socialförvaltningen</strong>"
        ));
        assert_eq!(
            page.body.contains("href=\"/insatser/STL-COACH/deltagare\""),
            queue,
            "{login}: Kö och deltagare"
        );
        assert_eq!(
            page.body.contains("/insatser/STL-COACH/andra"),
            edit,
            "{login}: edit"
        );
        assert_eq!(
            page.body.contains("Lägg till mål"),
            edit,
            "{login}: goal form"
        );
        let list = b.get("/insatser").await;
        assert_eq!(list.body.contains("Ny insats"), edit);
        assert_eq!(list.body.contains("href=\"/insatser/kapacitet\""), edit);
        assert_eq!(
            list.body.contains("NRV-STOD"),
            login != INSATS,
            "{login}: list"
        );
    }
}

#[tokio::test]
async fn without_login_or_forbund_and_with_unknown_codes_nothing_answers() {
    let app = TestApp::demo().await;
    let mut anon = app.other_browser();
    for page in ["/insatser", "/insatser/kapacitet", "/insatser/STL-COACH"] {
        assert_eq!(anon.get(page).await.status, StatusCode::SEE_OTHER, "{page}");
    }
    let mut sys = app.other_browser();
    sys.login("system@demo.lotsen.example").await;
    for page in ["/insatser", "/insatser/kapacitet", "/insatser/STL-COACH"] {
        assert_eq!(sys.get(page).await.status, StatusCode::NOT_FOUND, "{page}");
    }
    let mut admin = as_user(&app, "forbund@demo.lotsen.example").await;
    for page in [
        "/insatser/FINNS-INTE",
        "/insatser/stl-coach",
        "/insatser/FINNS-INTE/andra",
    ] {
        assert_eq!(
            admin.get(page).await.status,
            StatusCode::NOT_FOUND,
            "{page}"
        );
    }
    let r = admin
        .post(
            &format!("/insatser/STL-COACH/mal/{}/ta-bort", Uuid::now_v7()),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = admin
        .post("/insatser/STL-COACH/mal/inte-ett-id/ta-bort", &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
