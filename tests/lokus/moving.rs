//! The agenda overview with jump links, moving an item up, down or to a position in one step
//! (each back at the item's anchor), and a newly flagged ärende landing before the övriga
//! punkter.

use super::*;

#[tokio::test]
async fn items_move_to_a_position_in_one_step_and_new_arenden_land_before_the_ovriga_punkter() {
    let mut app = TestApp::demo().await;
    let mut ids = Vec::new();
    for (n, flaggad) in [(1, "2026-10-01"), (2, "2026-10-02"), (3, "2026-10-03")] {
        ids.push(
            insert_arende(
                &app,
                ArendeFixture {
                    n: Some(n),
                    flaggad: Some(flaggad),
                    ..BASE
                },
            )
            .await,
        );
    }
    app.login(KOORD).await;
    let mote = create_meeting(&mut app, "STL", "2026-11-20").await;
    let url = format!("/lokus/STL/moten/{mote}");
    app.post(
        &format!("{url}/punkter"),
        &[("rubrik", "Övrigt"), ("punkt_text", "")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    // Flagged after the free item was added: it lands before it, not after.
    let d = insert_arende(
        &app,
        ArendeFixture {
            n: Some(4),
            flaggad: Some("2026-10-04"),
            ..BASE
        },
    )
    .await;
    let page = app.get(&url).await;
    assert_eq!(
        agenda(&page),
        [
            "1. Ärende 2026-STL-001",
            "2. Ärende 2026-STL-002",
            "3. Ärende 2026-STL-003",
            "4. Ärende 2026-STL-004",
            "5. Övrigt"
        ]
    );
    // The overview at the top jumps to every item.
    let overview = page
        .body
        .split("<nav class=\"agenda-overview\"")
        .nth(1)
        .expect("an agenda overview")
        .split("</nav>")
        .next()
        .unwrap()
        .to_string();
    for id in &ids {
        let p = punkt_of(&app, mote, *id).await;
        assert!(
            overview.contains(&format!("href=\"#punkt-{p}\"")),
            "{overview}"
        );
        assert!(page.body.contains(&format!("id=\"punkt-{p}\"")));
    }
    assert!(
        page.body.find("agenda-overview") < page.body.find("id=\"dagordning\""),
        "the overview comes first"
    );

    // "Flytta till plats" 1: one step, back at the item.
    let pd = punkt_of(&app, mote, d).await;
    app.post(&format!("{url}/punkter/{pd}/flytta"), &[("placering", "1")])
        .await
        .assert_redirect_to(&format!("{url}?klart=sparat#punkt-{pd}"));
    let p1 = punkt_of(&app, mote, ids[0]).await;
    app.post(
        &format!("{url}/punkter/{p1}/flytta"),
        &[("placering", " 3 ")],
    )
    .await
    .assert_redirect_to(&format!("{url}?klart=sparat#punkt-{p1}"));
    assert_eq!(
        agenda(&app.get(&url).await),
        [
            "1. Ärende 2026-STL-004",
            "2. Ärende 2026-STL-002",
            "3. Ärende 2026-STL-001",
            "4. Ärende 2026-STL-003",
            "5. Övrigt"
        ]
    );
    // Up and down come back to the item too.
    app.post(&format!("{url}/punkter/{p1}/upp"), &[])
        .await
        .assert_redirect_to(&format!("{url}?klart=sparat#punkt-{p1}"));
    app.post(&format!("{url}/punkter/{p1}/ned"), &[])
        .await
        .assert_redirect_to(&format!("{url}?klart=sparat#punkt-{p1}"));

    // A position off the agenda gets its message by the item's field and moves nothing.
    let before = agenda(&app.get(&url).await);
    for bad in ["0", "6", "x", ""] {
        let r = app
            .post(&format!("{url}/punkter/{p1}/flytta"), &[("placering", bad)])
            .await;
        r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("Skriv en plats mellan 1 och 5."), "{bad}");
        assert!(r.body.contains("id=\"f-placering-fel\"") && r.body.contains("id=\"f-placering\""));
        assert!(
            r.body.contains(&format!("value=\"{bad}\"")),
            "the typed value comes back"
        );
    }
    assert_eq!(agenda(&app.get(&url).await), before);
    // Someone else's item is not found.
    assert_eq!(
        app.post(
            &format!("{url}/punkter/{}/flytta", Uuid::now_v7()),
            &[("placering", "1")]
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // A ledamot reads but does not move.
    let mut ledamot = app.other_browser();
    ledamot.login(LEDAMOT).await;
    assert_eq!(
        ledamot
            .post(&format!("{url}/punkter/{pd}/flytta"), &[("placering", "2")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let audit = app.audit_actions("fjardlunda").await;
    assert!(audit.iter().filter(|a| *a == "lokus_mote.agenda").count() >= 5);
}
