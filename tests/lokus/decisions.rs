//! A decision in the ärende's timeline and in the follow-up filter.

use super::*;

#[tokio::test]
async fn a_decision_shows_in_the_arende_timeline_and_the_follow_up_filter() {
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
    let b = insert_arende(
        &app,
        ArendeFixture {
            n: Some(2),
            flaggad: Some("2026-10-21"),
            ..BASE
        },
    )
    .await;
    app.login(KOORD).await;
    let mote = create_meeting(&mut app, "STL", "2026-11-20").await;
    app.get(&format!("/lokus/STL/moten/{mote}"))
        .await
        .assert_ok();
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    let pa = punkt_of(&app, mote, a).await;
    let pb = punkt_of(&app, mote, b).await;
    chair
        .post(
            &format!("/lokus/STL/moten/{mote}/punkter/{pa}/beslut"),
            &[
                ("beslut", "Kommunen tar fram en rutin."),
                ("vem", "Kommunens representant"),
                ("senast", "2027-01-31"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    chair
        .post(
            &format!("/lokus/STL/moten/{mote}/punkter/{pb}/beslut"),
            &[
                ("beslut", "Ingen åtgärd från LOKUS."),
                ("vem", ""),
                ("senast", ""),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = app.get(&format!("/arenden/{a}")).await;
    let text = page.text();
    assert!(text.contains("Beslut i LOKUS"), "{text}");
    assert!(text.contains("Kommunen tar fram en rutin."));
    assert!(text.contains("Uppföljning: Kommunens representant, senast 2027-01-31"));
    assert!(text.contains("(ej justerat)"));
    let list = app.get("/arenden?uppfoljning=ja").await;
    list.assert_ok();
    assert!(
        list.text().contains("2026-STL-001") && !list.text().contains("2026-STL-002"),
        "{}",
        list.text()
    );
    justera_alone(&app, &mut chair, mote).await;
    let text = app.get(&format!("/arenden/{a}")).await.text();
    assert!(
        text.contains("(justerat)") && text.contains("Behandlat i LOKUS-mötet 2026-11-20"),
        "{text}"
    );
    // The minutes for print carry the decisions.
    let minutes = chair
        .get(&format!("/lokus/STL/moten/{mote}/protokoll"))
        .await;
    assert!(
        minutes.text().contains("Kommunen tar fram en rutin.")
            && minutes.text().contains("Justerat ")
            && minutes.text().contains(" av Anders Öhman."),
        "{}",
        minutes.text()
    );
}
