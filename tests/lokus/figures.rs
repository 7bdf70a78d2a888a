//! The meeting's figures against a hand-counted fixture.

use super::*;
use lotsen_core::lokus::figures::Pair;

fn chair_ctx(forbund: lotsen_core::ActiveForbund, lokus: Uuid) -> Ctx {
    let mut ctx = Ctx::cli(Some(forbund));
    ctx.actor.system_admin = false;
    ctx.actor.grants = vec![Grant {
        role: Role::LokusOrdforande,
        lokus: Some(lokus),
    }];
    ctx
}

#[tokio::test]
async fn the_figures_match_a_hand_counted_fixture() {
    let mut app = TestApp::demo().await;
    // Previous meeting 2026-10-01, this meeting 2026-11-10: "since" is 10-02..11-10, the
    // year is 01-01..11-10.
    let rows = [
        // before the year: counted nowhere
        ArendeFixture {
            n: Some(1),
            inkom: "2025-12-31",
            part: "fk",
            kon: "kvinna",
            ..BASE
        },
        // this year, before the previous meeting
        ArendeFixture {
            n: Some(2),
            inkom: "2026-02-01",
            part: "fk",
            kon: "kvinna",
            problem: Some("racker_inte"),
            ..BASE
        },
        ArendeFixture {
            n: Some(3),
            inkom: "2026-03-01",
            part: "af",
            kon: "man",
            problem: Some("struktur_saknas"),
            avslutad: Some("2026-10-20"),
            ..BASE
        },
        ArendeFixture {
            n: Some(4),
            inkom: "2026-10-01",
            part: "kommun",
            kon: "okant",
            flaggad: Some("2026-10-05"),
            ..BASE
        },
        // since the previous meeting
        ArendeFixture {
            n: Some(5),
            inkom: "2026-10-02",
            part: "fk",
            kon: "man",
            problem: Some("racker_inte"),
            ..BASE
        },
        ArendeFixture {
            n: Some(6),
            inkom: "2026-10-15",
            part: "fk",
            kon: "kvinna",
            problem: Some("racker_inte"),
            flaggad: Some("2026-10-16"),
            ..BASE
        },
        ArendeFixture {
            n: Some(7),
            inkom: "2026-11-10",
            part: "region",
            kon: "kvinna",
            avslutad: Some("2026-11-10"),
            ..BASE
        },
        // after the meeting: not counted
        ArendeFixture {
            n: Some(8),
            inkom: "2026-11-11",
            part: "fk",
            kon: "kvinna",
            ..BASE
        },
        // another group: not counted
        ArendeFixture {
            lokus: "FJL",
            n: Some(9),
            inkom: "2026-10-10",
            part: "fk",
            kon: "kvinna",
            ..BASE
        },
    ];
    for a in rows {
        insert_arende(&app, a).await;
    }
    // A flag in the year but before the previous meeting.
    insert_arende(
        &app,
        ArendeFixture {
            n: Some(10),
            inkom: "2025-06-01",
            part: "annan",
            kon: "man",
            flaggad: Some("2026-05-05"),
            ..BASE
        },
    )
    .await;
    app.login(KOORD).await;
    create_meeting(&mut app, "STL", "2026-10-01").await;
    let mote = create_meeting(&mut app, "STL", "2026-11-10").await;
    let forbund = lotsen_core::admin::forbund::by_slug(&app.t.db, "fjardlunda")
        .await
        .unwrap();
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    let v = view::get(
        &app.t.db,
        &chair_ctx(forbund, stl),
        "STL",
        mote,
        Purpose::Page,
    )
    .await
    .unwrap();
    let f = &v.figures;
    assert_eq!(f.sedan_fran.to_string(), "2026-10-02");
    assert_eq!(f.ar_fran.to_string(), "2026-01-01");
    let p = |sedan, ar| Pair { sedan, ar };
    assert_eq!(f.cell(Some("fk"), Some("kvinna")), p(1, 2));
    assert_eq!(f.cell(Some("fk"), Some("man")), p(1, 1));
    assert_eq!(f.cell(Some("fk"), None), p(2, 3));
    assert_eq!(f.cell(Some("af"), Some("man")), p(0, 1));
    assert_eq!(f.cell(Some("kommun"), Some("okant")), p(0, 1));
    assert_eq!(f.cell(Some("region"), Some("kvinna")), p(1, 1));
    assert_eq!(f.cell(Some("annan"), None), p(0, 0));
    assert_eq!(f.cell(None, Some("kvinna")), p(2, 3));
    assert_eq!(f.cell(None, Some("man")), p(1, 2));
    assert_eq!(f.cell(None, Some("okant")), p(0, 1));
    assert_eq!(f.cell(None, None), p(3, 6));
    assert_eq!(f.problem(Some("racker_inte")), p(2, 3));
    assert_eq!(f.problem(Some("struktur_saknas")), p(0, 1));
    assert_eq!(f.problem(None), p(1, 2));
    assert_eq!(f.problem_total(), p(3, 6));
    assert_eq!(f.flaggade, p(2, 3));
    assert_eq!(f.avslutade, p(2, 2));
    // And the page shows them.
    let page = app.get(&format!("/lokus/STL/moten/{mote}")).await;
    let text = page.text();
    assert!(text.contains("Totalt 2 1 0 3"), "{text}");
    assert!(text.contains("Totalt 3 2 1 6"));
    assert!(text.contains("Lyfta till LOKUS 2 3"));
    assert!(text.contains("Avslutade 2 2"));
}
