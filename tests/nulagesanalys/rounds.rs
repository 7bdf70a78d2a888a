//! Opening a round and revising its questions.

use super::*;

#[tokio::test]
async fn opening_a_round_takes_the_defaults_and_refuses_bad_input() {
    let mut app = with_round().await;
    let (senast, fran, till): (String, String, String) = (
        scalar(
            &app,
            "select senast::text from nulage_omgang where forbund_id = $1",
        )
        .await,
        scalar(
            &app,
            "select fran::text from nulage_omgang where forbund_id = $1",
        )
        .await,
        scalar(
            &app,
            "select till::text from nulage_omgang where forbund_id = $1",
        )
        .await,
    );
    assert_eq!(
        (senast.as_str(), fran.as_str(), till.as_str()),
        ("2026-09-01", "2025-07-01", "2026-06-30")
    );
    let texts = question_texts(&app, 2026).await;
    assert_eq!(texts.len(), 7);
    assert_eq!(
        texts[0],
        lotsen_domain::nulagesanalys::STANDARD_QUESTIONS[0]
    );

    app.login(ADMIN).await;
    let r = app.post("/nulagesanalys", &[("ar", "2026")]).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Det finns redan en nulägesanalys för det året.")
    );
    let r = app
        .post(
            "/nulagesanalys",
            &[("ar", "2027"), ("senast", "2027-02-30")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"f-senast-fel\""),
        "message beside the field"
    );
    let r = app
        .post(
            "/nulagesanalys",
            &[
                ("ar", "2027"),
                ("fran", "2027-05-01"),
                ("till", "2027-01-01"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Periodens sista dag kan inte vara före den första.")
    );
    let r = app.post("/nulagesanalys", &[("ar", "tjugo")]).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let n: i64 = scalar(
        &app,
        "select count(*) from nulage_omgang where forbund_id = $1",
    )
    .await;
    assert_eq!(n, 1, "nothing half-written");
    let r = app
        .post(
            "/nulagesanalys/2026",
            &[
                ("senast", "31/8"),
                ("fran", "2025-07-01"),
                ("till", "2026-06-30"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Skriv datumet som ÅÅÅÅ-MM-DD"));
    app.post(
        "/nulagesanalys/2026",
        &[
            ("senast", "2026-08-31"),
            ("fran", "2025-07-01"),
            ("till", "2026-06-30"),
        ],
    )
    .await
    .assert_redirect_to("/nulagesanalys/2026?klart=sparat");
}

#[tokio::test]
async fn questions_are_revised_per_year() {
    let mut app = with_round().await;
    app.login(ADMIN).await;
    let ids = question_ids(&app, 2026).await;
    app.post(
        &format!("/nulagesanalys/2026/fragor/{}", ids[0]),
        &[(
            "text",
            "I vilka system/organisationer befinner sig målgruppen?",
        )],
    )
    .await
    .assert_redirect_to("/nulagesanalys/2026?klart=sparat#fragor");
    app.post(
        "/nulagesanalys/2026/fragor",
        &[("text", "Vilka övriga behov finns?")],
    )
    .await;
    app.post(
        &format!("/nulagesanalys/2026/fragor/{}/ta-bort", ids[6]),
        &[],
    )
    .await;
    app.post(&format!("/nulagesanalys/2026/fragor/{}/upp", ids[1]), &[])
        .await;
    let r = app
        .post("/nulagesanalys/2026/fragor", &[("text", "  ")])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Skriv frågan."));
    let texts = question_texts(&app, 2026).await;
    assert_eq!(texts.len(), 7);
    assert_eq!(
        texts[0],
        lotsen_domain::nulagesanalys::STANDARD_QUESTIONS[1]
    );
    assert_eq!(
        texts[1],
        "I vilka system/organisationer befinner sig målgruppen?"
    );
    assert_eq!(texts[6], "Vilka övriga behov finns?");

    app.post("/nulagesanalys", &[("ar", "2027")]).await;
    let next = question_texts(&app, 2027).await;
    assert_eq!(
        next,
        lotsen_domain::nulagesanalys::STANDARD_QUESTIONS
            .map(String::from)
            .to_vec(),
        "a new year starts from the standard questions"
    );
    assert_eq!(
        question_texts(&app, 2026).await,
        texts,
        "and leaves last year's form as it was"
    );
}
