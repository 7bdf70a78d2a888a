//! Bad input gets Swedish messages beside the fields and writes nothing.

use super::*;

#[tokio::test]
async fn bad_input_gets_swedish_messages_beside_the_fields_and_writes_nothing() {
    let mut app = TestApp::demo().await;
    let a = insert_arende(
        &app,
        ArendeFixture {
            n: Some(1),
            flaggad: Some("2026-10-20"),
            ..BASE
        },
    )
    .await;
    app.login(KOORD).await;
    let r = app
        .post(
            "/lokus/STL/moten",
            &[("datum", "2026-02-30"), ("tid", "25:61"), ("plats", "")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    for msg in [
        "Skriv datumet som ÅÅÅÅ-MM-DD",
        "Skriv tiden som TT:MM",
        "Fyll i var mötet hålls.",
    ] {
        assert!(text.contains(msg), "{msg}: {text}");
    }
    assert!(r.body.contains("id=\"f-plats-fel\""));
    let long = "x".repeat(201);
    let r = app
        .post(
            "/lokus/STL/moten",
            &[("datum", ""), ("tid", ""), ("plats", &long)],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Fyll i mötets datum.") && r.text().contains("högst 200 tecken"));
    let n: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from lokus_mote where forbund_id = $1",
        )
        .await;
    assert_eq!(n, 0);

    let mote = create_meeting(&mut app, "STL", "2026-11-20").await;
    app.get(&format!("/lokus/STL/moten/{mote}"))
        .await
        .assert_ok();
    let pa = punkt_of(&app, mote, a).await;
    let r = app
        .post(
            &format!("/lokus/STL/moten/{mote}/punkter/{pa}/beslut"),
            &[("beslut", ""), ("vem", ""), ("senast", "2027-99-01")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"f-beslut-fel\""),
        "the item's fields get the plain ids"
    );
    assert!(r.text().contains("Skriv rekommendationen eller beslutet."));
    let r = app
        .post(
            &format!("/lokus/STL/moten/{mote}/punkter/{pa}/beslut"),
            &[("beslut", "Ring 850709-9805"), ("vem", ""), ("senast", "")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("liknar ett personnummer"));
    let r = app
        .post(
            &format!("/lokus/STL/moten/{mote}/punkter"),
            &[("rubrik", ""), ("punkt_text", &"y".repeat(2001))],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Fyll i en rubrik") && r.text().contains("högst 2000 tecken"));
    let r = app
        .post(
            &format!("/lokus/STL/moten/{mote}/protokoll"),
            &[("protokoll", &"z".repeat(8001))],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post(
            &format!("/lokus/STL/moten/{mote}/uppgifter"),
            &[("datum", "i morgon"), ("tid", "9"), ("plats", "Rum 1")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    // A stranger's item id and a malformed id are 404, not 500.
    let stranger = Uuid::now_v7();
    assert_eq!(
        app.post(
            &format!("/lokus/STL/moten/{mote}/punkter/{stranger}/upp"),
            &[]
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/lokus/STL/moten/inte-ett-id").await.status,
        StatusCode::NOT_FOUND
    );
    let (beslut, punkter, protokoll): (String, i64, String) = {
        let b: String = app
            .scalar_in(
                "fjardlunda",
                &format!(
                    "select beslut from lokus_punkt where forbund_id = $1 and punkt_id = '{pa}'"
                ),
            )
            .await;
        let n: i64 = app
            .scalar_in(
                "fjardlunda",
                &format!(
                    "select count(*) from lokus_punkt where forbund_id = $1 and mote_id = '{mote}'"
                ),
            )
            .await;
        let p: String = app.scalar_in("fjardlunda", &format!("select protokoll || plats from lokus_mote where forbund_id = $1 and mote_id = '{mote}'")).await;
        (b, n, p)
    };
    assert_eq!(
        (beslut.as_str(), punkter, protokoll.as_str()),
        ("", 1, "Stadshuset, rum 3")
    );
}
