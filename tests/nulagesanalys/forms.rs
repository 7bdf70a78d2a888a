//! A group's form: answers, signing that locks it, and the status of every group.

use super::*;

#[tokio::test]
async fn answers_are_saved_escaped_and_validated() {
    let mut app = with_round().await;
    let ids = question_ids(&app, 2026).await;
    app.login(SK).await;
    let r = answer(
        &mut app,
        ids[0],
        "<script>alert(1)</script>\n\n- första punkt\n- andra punkt",
    )
    .await;
    r.assert_redirect_to(&format!("{STL}?klart=sparat"));
    let too_long = "x".repeat(8001);
    let r = answer(&mut app, ids[1], &too_long).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(&format!("id=\"f-svar-{}-fel\"", ids[1])),
        "message beside the field"
    );
    assert!(r.body.contains("Texten får vara högst 8000 tecken."));
    let n: i64 = scalar(
        &app,
        "select count(*) from nulage_svar where forbund_id = $1",
    )
    .await;
    assert_eq!(n, 1, "the oversized answer was not saved");
    let r = answer(&mut app, Uuid::now_v7(), "okänd fråga").await;
    r.assert_status(StatusCode::NOT_FOUND);

    let mut ledamot = app.other_browser();
    ledamot.login(LEDAMOT).await;
    let r = ledamot.get(STL).await;
    r.assert_ok();
    assert!(
        r.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "escaped: {}",
        r.body
    );
    assert!(!r.body.contains("<script>alert(1)"));
    assert!(r.body.contains("<li>första punkt</li>"));
    assert!(!r.body.contains("name=\"svar-"), "ledamöter read only");
    answer(&mut ledamot, ids[0], "Ledamotens svar")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    sign(&mut ledamot)
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn signing_locks_every_write_path() {
    let mut app = with_round().await;
    let ids = question_ids(&app, 2026).await;
    app.login(CHAIR).await;
    let r = sign(&mut app).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Blanketten har inga svar."),
        "an empty form is not signed"
    );
    answer(&mut app, ids[0], "Unga vuxna med aktivitetsersättning.").await;
    sign(&mut app)
        .await
        .assert_redirect_to(&format!("{STL}?klart=signerad"));
    let r = app.get(STL).await;
    assert!(
        r.body.contains("Anders Öhman, "),
        "the chair's name and date"
    );
    assert!(!r.body.contains("name=\"svar-"));

    let r = answer(&mut app, ids[0], "Ändrat").await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Blanketten är signerad och kan inte längre ändras.")
    );
    sign(&mut app)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let mut sk = app.other_browser();
    sk.login(SK).await;
    answer(&mut sk, ids[1], "Efteråt")
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let mut admin = app.other_browser();
    admin.login(ADMIN).await;
    let locked = "En blankett i omgången är redan signerad.";
    for (path, form) in [
        (
            "/nulagesanalys/2026/fragor".to_string(),
            vec![("text", "Ny fråga")],
        ),
        (
            format!("/nulagesanalys/2026/fragor/{}", ids[0]),
            vec![("text", "Ny text")],
        ),
        (format!("/nulagesanalys/2026/fragor/{}/ned", ids[0]), vec![]),
        (format!("/nulagesanalys/2026/fragor/{}/upp", ids[1]), vec![]),
        (
            format!("/nulagesanalys/2026/fragor/{}/ta-bort", ids[2]),
            vec![],
        ),
    ] {
        let r = admin.post(&path, &form).await;
        r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains(locked), "{path}");
    }
    let r = admin
        .post(
            "/nulagesanalys/2026",
            &[
                ("senast", "2026-09-01"),
                ("fran", "2025-01-01"),
                ("till", "2025-12-31"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Perioden kan inte längre ändras."));
    assert_eq!(question_texts(&app, 2026).await.len(), 7);
    let texts: Vec<String> = {
        let f = app.forbund_id("fjardlunda").await;
        let mut tx = app.t.db.begin_as(Some(f), None, false).await.unwrap();
        let v = sqlx::query_scalar("select text from nulage_svar where forbund_id = $1")
            .bind(f)
            .fetch_all(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        v
    };
    assert_eq!(
        texts,
        vec!["Unga vuxna med aktivitetsersättning.".to_string()]
    );

    // The database's own wall, behind the core's checks.
    let f = app.forbund_id("fjardlunda").await;
    let mut tx = app.t.db.begin_as(Some(f), None, false).await.unwrap();
    let e = sqlx::query("update nulage_svar set text = 'x' where forbund_id = $1")
        .bind(f)
        .execute(&mut *tx)
        .await;
    assert!(e.is_err(), "a signed form's answers cannot change");
}

async fn status_of(app: &mut TestApp, kod: &str) -> String {
    let body = app.get("/nulagesanalys/2026").await.body;
    let start = body.find(&format!(">{kod} – ")).unwrap();
    let rest = &body[start..];
    let tag = rest.find("class=\"tag status-").unwrap();
    let rest = &rest[tag..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</span>").unwrap();
    rest[open..close].to_string()
}

#[tokio::test]
async fn status_shows_drafts_signatures_and_late_forms() {
    let mut app = with_round().await;
    let ids = question_ids(&app, 2026).await;
    app.login(ADMIN).await;
    app.post(
        "/nulagesanalys/2026",
        &[
            ("senast", "2100-09-01"),
            ("fran", "2025-07-01"),
            ("till", "2026-06-30"),
        ],
    )
    .await
    .assert_redirect_to("/nulagesanalys/2026?klart=sparat");
    assert_eq!(status_of(&mut app, "STL").await, "Ej påbörjad");
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    answer(&mut chair, ids[0], "Svar").await;
    assert_eq!(status_of(&mut app, "STL").await, "Utkast");
    assert_eq!(status_of(&mut app, "NRV").await, "Ej påbörjad");

    app.post(
        "/nulagesanalys/2026",
        &[
            ("senast", "2026-01-01"),
            ("fran", "2025-07-01"),
            ("till", "2026-06-30"),
        ],
    )
    .await;
    assert_eq!(status_of(&mut app, "STL").await, "Sen");
    assert_eq!(status_of(&mut app, "NRV").await, "Sen");
    sign(&mut chair).await;
    assert_eq!(status_of(&mut app, "STL").await, "Signerad (sent)");
    let body = app.get("/nulagesanalys/2026/sammanstallning").await.body;
    assert!(body.contains("LOKUS STL – Stenbäck–Lövsjö"));
    assert!(body.contains("(signerad efter sista dag)"));
    assert!(
        !body.contains("id=\"grupp-NRV\""),
        "only signed forms are compiled"
    );
}
