//! The agenda: flagged ärenden in, carried over when undecided, removed, and following unflagging.

use super::*;

#[tokio::test]
async fn the_agenda_takes_flagged_arenden_carries_over_and_follows_unflagging() {
    let mut app = TestApp::demo().await;
    let a1 = insert_arende(
        &app,
        ArendeFixture {
            n: Some(1),
            flaggad: Some("2026-09-20"),
            ..BASE
        },
    )
    .await;
    let a2 = insert_arende(
        &app,
        ArendeFixture {
            n: Some(2),
            flaggad: Some("2026-09-25"),
            ..BASE
        },
    )
    .await;
    let b = insert_arende(
        &app,
        ArendeFixture {
            n: Some(3),
            flaggad: Some("2026-10-10"),
            ..BASE
        },
    )
    .await;
    let c = insert_arende(
        &app,
        ArendeFixture {
            n: Some(4),
            flaggad: Some("2026-10-15"),
            ..BASE
        },
    )
    .await;
    let _not_flagged = insert_arende(&app, ArendeFixture { n: Some(5), ..BASE }).await;
    let _other_group = insert_arende(
        &app,
        ArendeFixture {
            lokus: "FJL",
            n: Some(6),
            flaggad: Some("2026-10-01"),
            ..BASE
        },
    )
    .await;
    app.login(KOORD).await;
    let m0 = create_meeting(&mut app, "STL", "2026-10-01").await;
    let page = app.get(&format!("/lokus/STL/moten/{m0}")).await;
    page.assert_ok();
    assert_eq!(
        agenda(&page),
        ["1. Ärende 2026-STL-001", "2. Ärende 2026-STL-002"]
    );
    assert!(page.text().contains("Ny sedan förra mötet"));

    // The chair decides on the first item only and justerar.
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    let p1 = punkt_of(&app, m0, a1).await;
    chair
        .post(
            &format!("/lokus/STL/moten/{m0}/punkter/{p1}/beslut"),
            &[
                ("beslut", "LOKUS rekommenderar ett SIP-möte."),
                ("vem", "Kommunens representant"),
                ("senast", "2026-12-01"),
            ],
        )
        .await
        .assert_redirect_to(&format!("/lokus/STL/moten/{m0}?klart=sparat#punkt-{p1}"));
    justera_alone(&app, &mut chair, m0).await;
    assert!(!flagged(&app, a1).await, "a decided ärende is handled");
    assert!(flagged(&app, a2).await, "an undecided ärende stays flagged");

    // The next meeting: the undecided item carried over, then the ones flagged since.
    let m1 = create_meeting(&mut app, "STL", "2026-11-30").await;
    let page = app.get(&format!("/lokus/STL/moten/{m1}")).await;
    assert_eq!(
        agenda(&page),
        [
            "1. Ärende 2026-STL-002",
            "2. Ärende 2026-STL-003",
            "3. Ärende 2026-STL-004"
        ]
    );
    let text = page.text();
    assert!(text.contains("Överförd från tidigare möte"), "{text}");
    assert!(text.contains("Ny sedan förra mötet"));
    assert!(!text.contains("2026-STL-005") && !text.contains("2026-FJL-006"));

    // Reordering without JavaScript: a form per button.
    let pa2 = punkt_of(&app, m1, a2).await;
    app.post(&format!("/lokus/STL/moten/{m1}/punkter/{pa2}/ned"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let pc = punkt_of(&app, m1, c).await;
    app.post(&format!("/lokus/STL/moten/{m1}/punkter/{pc}/upp"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = app.get(&format!("/lokus/STL/moten/{m1}")).await;
    assert_eq!(
        agenda(&page),
        [
            "1. Ärende 2026-STL-003",
            "2. Ärende 2026-STL-004",
            "3. Ärende 2026-STL-002"
        ]
    );

    // Removing B: off this agenda, still flagged, and not added back.
    let pb = punkt_of(&app, m1, b).await;
    app.post(&format!("/lokus/STL/moten/{m1}/punkter/{pb}/ta-bort"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = app.get(&format!("/lokus/STL/moten/{m1}")).await;
    assert_eq!(
        agenda(&page),
        ["1. Ärende 2026-STL-004", "2. Ärende 2026-STL-002"]
    );
    assert!(page.text().contains("Borttagna från dagordningen"));
    assert!(flagged(&app, b).await);

    // Unflagging C on the ärende takes it off the planned agenda.
    app.post(&format!("/arenden/{c}/avflagga"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = app.get(&format!("/lokus/STL/moten/{m1}")).await;
    assert_eq!(agenda(&page), ["1. Ärende 2026-STL-002"]);

    // A free item goes last.
    app.post(
        &format!("/lokus/STL/moten/{m1}/punkter"),
        &[
            ("rubrik", "Samverkansrutin för unga"),
            ("punkt_text", "Rapport från arbetsgruppen."),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let page = app.get(&format!("/lokus/STL/moten/{m1}")).await;
    assert_eq!(
        agenda(&page),
        ["1. Ärende 2026-STL-002", "2. Samverkansrutin för unga"]
    );

    // The meeting after: B (removed from m1) comes up; A2 belongs to the open m1.
    let m2 = create_meeting(&mut app, "STL", "2027-01-15").await;
    let page = app.get(&format!("/lokus/STL/moten/{m2}")).await;
    assert_eq!(agenda(&page), ["1. Ärende 2026-STL-003"]);
}
