//! The Datakvalitet panel (issue 13): each check counts exactly the ärenden it names in the
//! round's period; a coordinator follows a count to exactly those ärenden, förbund staff see
//! counts only; the panel is on the statistics page and on the group's form.

use super::*;

/// A complete STL ärende in the 2026 round's period: nothing for the checks to find.
const GOOD: Fx = Fx {
    lokus: "STL",
    part: "fk",
    org: Some(FK),
    enhet: Some("Sjukpenning"),
    handlaggare: Some("FK-101"),
    kon: "kvinna",
    alder: Some(40),
    problem: Some("racker_inte"),
    inkom: "2025-09-01",
    atgarder: &["flerpartsmote"],
    avslut: Some("lotsad_ordinarie"),
    avslutad: Some("2025-10-01"),
    ..Fx::EMPTY
};

async fn fixture() -> TestApp {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    app.post("/nulagesanalys", &[("ar", "2026")]).await;
    app.post("/logga-ut", &[]).await;
    insert(
        &app,
        "fjardlunda",
        &[
            Fx { n: Some(1), ..GOOD },
            Fx {
                n: Some(2),
                kon: "okant",
                ..GOOD
            },
            Fx {
                n: Some(3),
                alder: None,
                enhet: None,
                ..GOOD
            },
            Fx {
                n: Some(4),
                handlaggare: None,
                problem: None,
                ..GOOD
            },
            // Open since September without an action.
            Fx {
                n: Some(5),
                atgarder: &[],
                avslut: None,
                avslutad: None,
                ..GOOD
            },
            Fx {
                n: Some(6),
                handlaggare: Some("Anna Berg"),
                ..GOOD
            },
            // Outside the period and in another group: never counted here.
            Fx {
                n: Some(7),
                kon: "okant",
                inkom: "2025-06-30",
                ..GOOD
            },
            Fx {
                n: Some(8),
                lokus: "FJL",
                kon: "okant",
                ..GOOD
            },
        ],
    )
    .await;
    app
}

#[tokio::test]
async fn every_check_counts_exactly_its_arenden_and_coordinators_reach_them() {
    let mut app = fixture().await;
    let ctx = cli_ctx(&app, "fjardlunda").await;
    let period = statistik::kvalitet::current_period(&app.t.db, &ctx)
        .await
        .unwrap();
    assert_eq!(
        period,
        Period::nulagesanalys(2026).unwrap(),
        "the round's period"
    );
    let panel = statistik::kvalitet::panel(&app.t.db, &ctx, period)
        .await
        .unwrap();
    let stl = panel
        .iter()
        .find(|k| k.grupp.as_ref().is_some_and(|g| g.0 == "STL"))
        .unwrap();
    let count = |code: &str| {
        stl.counts
            .iter()
            .find(|(b, _)| b.code() == code)
            .map(|(_, n)| *n)
            .unwrap()
    };
    assert_eq!(count("okant_kon"), 1);
    assert_eq!(count("okand_alder"), 1);
    assert_eq!(count("ingen_enhet"), 1);
    assert_eq!(count("ingen_handlaggare"), 1);
    assert_eq!(count("ej_bedomt"), 1);
    assert_eq!(count("ingen_atgard"), 1);
    assert_eq!(count("namnlik_kod"), 1);

    // The coordinator's panel links to the list narrowed to exactly that ärende.
    app.login("koordinator@demo.lotsen.example").await;
    let page = app.get("/statistik").await;
    page.assert_ok();
    assert!(page.body.contains("Datakvalitet"));
    let href = format!(
        "/arenden?status=alla&lokus={}&fran=2025-07-01&till=2026-06-30&brist=okant_kon",
        stl.lokus.unwrap()
    );
    assert!(
        page.body.contains(&href.replace('&', "&#38;")),
        "STL's link for unknown kön"
    );
    let list = app.get(&href).await;
    list.assert_ok();
    assert!(
        list.body
            .contains("Visar ärenden med brist i datakvaliteten"),
        "{href}: {}",
        list.body
    );
    assert!(list.body.contains("2025-STL-002"), "{}", list.body);
    for other in ["2025-STL-001", "2025-STL-007", "2025-FJL-008"] {
        assert!(
            !list.body.contains(other),
            "{other} is not missing kön in the period"
        );
    }
    let unknown = app.get("/arenden?brist=okant").await;
    unknown.assert_status(StatusCode::OK);
    assert!(
        unknown.body.contains("Okänd kontroll av datakvalitet."),
        "a bad check is said, not ignored"
    );

    // The förbund administrator sees the counts, never a link to an ärende.
    let mut admin = app.other_browser();
    admin.login("forbund@demo.lotsen.example").await;
    let page = admin.get("/statistik").await;
    assert!(page.body.contains("Datakvalitet"));
    assert!(page.body.contains("Hela förbundet"));
    assert!(
        !page.body.contains("brist="),
        "counts only for förbund staff"
    );

    // The group's form has the same panel.
    let form = admin.get("/nulagesanalys/2026/grupper/STL").await;
    assert!(form.body.contains("Datakvalitet"));
    assert!(form.body.contains("Handläggarkod som liknar ett namn"));
}
