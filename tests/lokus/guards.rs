//! The period guards: a meeting dated in the future is neither marked held nor justerat (with
//! the message next to the control), a held meeting does not move into the future, and a
//! justerat one keeps its date.

use super::*;

/// A date `days` from today (UTC's today; Swedish time is never behind it).
#[tokio::test]
async fn a_future_meeting_is_neither_held_nor_justerat_and_a_justerat_one_keeps_its_date() {
    let app = TestApp::demo().await;
    insert_arende(
        &app,
        ArendeFixture {
            n: Some(1),
            flaggad: Some("2026-10-20"),
            ..BASE
        },
    )
    .await;
    let_chair_justera_alone(&app).await;
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    let later = from_today(10);
    let mote = create_meeting(&mut chair, "STL", &later).await;
    record_attendance(&mut chair, mote, None).await;

    let r = chair
        .post(&format!("/lokus/STL/moten/{mote}/genomfort"), &[])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"f-genomfort-fel\""),
        "the message is next to the button"
    );
    assert!(r.body.contains("href=\"#f-genomfort\"") && r.body.contains("id=\"f-genomfort\""));
    assert!(
        r.text().contains(&format!(
            "Mötet är planerat till {later}. Det kan markeras som genomfört först på mötesdagen."
        )),
        "{}",
        r.text()
    );
    let r = chair
        .post(
            &format!("/lokus/STL/moten/{mote}/justera"),
            &[("bekrafta", "ja")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"f-justera-fel\""));
    assert!(
        r.text()
            .contains("Protokollet kan justeras först när mötet har hållits.")
    );
    assert_eq!(status_of(&app, mote).await, "planerat");

    // Moved to a day that has come, it is held; then it cannot move into the future again.
    let r = chair
        .post(
            &format!("/lokus/STL/moten/{mote}/uppgifter"),
            &[
                ("datum", "2026-11-20"),
                ("tid", "09:30"),
                ("plats", "Rum 2"),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    chair
        .post(&format!("/lokus/STL/moten/{mote}/genomfort"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let r = chair
        .post(
            &format!("/lokus/STL/moten/{mote}/uppgifter"),
            &[("datum", &later), ("tid", "09:30"), ("plats", "Rum 2")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"f-datum-fel\""));
    assert!(
        r.text()
            .contains("Mötet är genomfört och kan inte flyttas till ett datum efter i dag.")
    );
    // An earlier day is fine for a held meeting (the date was wrong).
    chair
        .post(
            &format!("/lokus/STL/moten/{mote}/uppgifter"),
            &[
                ("datum", "2026-11-19"),
                ("tid", "09:30"),
                ("plats", "Rum 2"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    chair
        .post(
            &format!("/lokus/STL/moten/{mote}/justera"),
            &[("bekrafta", "ja")],
        )
        .await
        .assert_redirect_to(&format!("/lokus/STL/moten/{mote}?klart=justerat"));
    let r = chair
        .post(
            &format!("/lokus/STL/moten/{mote}/uppgifter"),
            &[
                ("datum", "2026-11-18"),
                ("tid", "09:30"),
                ("plats", "Rum 2"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .contains("Protokollet är justerat, så mötet kan inte flyttas till ett annat datum."),
        "{}",
        r.text()
    );
    let datum: String = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select datum::text from lokus_mote where forbund_id = $1 and mote_id = '{mote}'"
            ),
        )
        .await;
    assert_eq!(datum, "2026-11-19");
}
