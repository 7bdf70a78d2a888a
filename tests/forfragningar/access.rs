//! Who reaches which request: the sender and the coordinators of its group, no one else —
//! not another handläggare, another party, the LOKUS chair, förbund staff, the coach or
//! another förbund. Every route answers 404 for them and changes nothing.

use super::*;
use sqlx::ConnectOptions;

const OUTSIDERS: &[&str] = &[
    "af@demo.lotsen.example",
    "region@demo.lotsen.example",
    "kommun@demo.lotsen.example",
    "forbund@demo.lotsen.example",
    "ordforande@demo.lotsen.example",
    "ledamot@demo.lotsen.example",
    "coach@demo.lotsen.example",
    "kustbygd@demo.lotsen.example",
];

#[tokio::test]
async fn nobody_but_the_sender_and_the_groups_coordinators_reaches_a_request() {
    let mut fk = TestApp::demo().await;
    fk.login(FK).await;
    let id = send(&mut fk, &[]).await;
    let mut sk = fk.other_browser();
    sk.login(KOORDINATOR).await;
    let arende = accept(&mut sk, id).await;
    let other = send(&mut fk, &[]).await;
    let status_before = column(&fk, other, "status").await;
    let events_before = count(&fk, "forfragan_handelse").await;

    for login in OUTSIDERS {
        let mut app = fk.other_browser();
        if *login == "region@demo.lotsen.example" {
            app.login_in(login, "fjardlunda").await;
        } else {
            app.login(login).await;
        }
        for path in [
            format!("/forfragningar/{id}"),
            format!("/forfragningar/{other}"),
            format!("/arenden/ny?forfragan={other}"),
        ] {
            let r = app.get(&path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} GET {path}");
        }
        for (path, form) in [
            (format!("/forfragningar/{other}/aterkalla"), vec![]),
            (
                format!("/forfragningar/{other}/avboj"),
                vec![("orsak", "ej_malgrupp")],
            ),
            (
                format!("/forfragningar/{other}/vidarebefordra"),
                vec![("lokus", "00000000-0000-0000-0000-000000000000")],
            ),
            (format!("/arenden/{arende}/svar"), vec![("svar", "Svar")]),
        ] {
            let r = app.post(&path, &form).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} POST {path}");
        }
    }
    assert_eq!(column(&fk, other, "status").await, status_before);
    assert_eq!(count(&fk, "forfragan_handelse").await, events_before);
}

#[tokio::test]
async fn the_request_pages_are_for_handlaggare_and_coordinators() {
    let mut app = TestApp::demo().await;
    for (login, list, form) in [
        (FK, StatusCode::OK, StatusCode::OK),
        (KOORDINATOR, StatusCode::OK, StatusCode::NOT_FOUND),
        (
            "forbund@demo.lotsen.example",
            StatusCode::NOT_FOUND,
            StatusCode::NOT_FOUND,
        ),
        (
            "ordforande@demo.lotsen.example",
            StatusCode::NOT_FOUND,
            StatusCode::NOT_FOUND,
        ),
        (
            "coach@demo.lotsen.example",
            StatusCode::NOT_FOUND,
            StatusCode::NOT_FOUND,
        ),
        (
            "kustbygd@demo.lotsen.example",
            StatusCode::OK,
            StatusCode::NOT_FOUND,
        ),
    ] {
        let mut b = app.other_browser();
        b.login(login).await;
        assert_eq!(b.get("/forfragningar").await.status, list, "{login} list");
        assert_eq!(
            b.get("/forfragningar/ny").await.status,
            form,
            "{login} form"
        );
        let nav = b.get("/").await.body.contains("href=\"/forfragningar\"");
        assert_eq!(nav, list == StatusCode::OK, "{login} navigation");
    }
    app.login(FK).await;
    app.get("/forfragningar").await.assert_ok();
}

#[tokio::test]
async fn a_handlaggare_without_a_workplace_is_told_to_ask_the_administrator() {
    let mut app = TestApp::demo().await;
    let user = app.user_id("fjardlunda", FK).await;
    let mut owner = app.t.target.options.connect().await.unwrap();
    sqlx::query("update membership set organisation_id = null, enhet_id = null where user_id = $1")
        .bind(user)
        .execute(&mut owner)
        .await
        .unwrap();
    app.login(FK).await;
    let page = app.get("/forfragningar/ny").await;
    page.assert_ok();
    assert!(page.text().contains("Be förbundets administratör"));
    assert!(
        !page.body.contains("name=\"fraga\""),
        "no form without a workplace"
    );
    assert!(
        app.get("/")
            .await
            .text()
            .contains("Be förbundets administratör")
    );
    let r = post_pairs(&mut app, "/forfragningar/ny", &request(&[])).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app, "forfragan").await, 0);
}
