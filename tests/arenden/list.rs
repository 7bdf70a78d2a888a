//! The ärende list: filters, search and pages.

use super::*;

#[tokio::test]
async fn the_list_filters_searches_and_pages() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let af_unit = enhet_id(&app, "GK").await;
    let mut ids = Vec::new();
    for i in 0..55 {
        let changes: Vec<(&str, String)> = vec![
            ("inkom", format!("2026-0{}-{:02}", 1 + i % 9, 1 + i % 28)),
            (
                "beskrivning",
                if i == 7 {
                    "Behöver tolk och arbetsträning".into()
                } else {
                    format!("Ärende nummer {i}")
                },
            ),
        ];
        let changes: Vec<(&str, &str)> = changes.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut form = intake(&app, if i % 2 == 0 { "STL" } else { "FJL" }, &changes).await;
        if i % 5 == 0 {
            form.retain(|(k, _)| k != "avsandare");
            form.push(("avsandare".into(), format!("enhet:{af_unit}")));
        }
        ids.push(submit(&mut app, &form).await.redirect_id());
    }
    app.post(
        &format!("/arenden/{}/flagga", ids[3]),
        &[("fraga", "Fråga")],
    )
    .await;
    app.post(
        &format!("/arenden/{}/avsluta", ids[4]),
        &[("avslut", "lost_sig"), ("avslutad_datum", "2026-10-01")],
    )
    .await;

    let all_open = app.get("/arenden").await;
    all_open.assert_ok();
    assert!(
        all_open.text().contains("54 ärenden, sida 1 av 2"),
        "{}",
        all_open.text()
    );
    assert!(
        app.get("/arenden?status=alla")
            .await
            .text()
            .contains("55 ärenden")
    );
    assert!(
        app.get("/arenden?status=avslutad")
            .await
            .body
            .contains("<caption>1 ärende</caption>")
    );
    assert!(
        app.get("/arenden?flaggad=ja")
            .await
            .body
            .contains("<caption>1 ärende</caption>")
    );
    assert!(
        app.get("/arenden?part=af&status=alla")
            .await
            .text()
            .contains("11 ärenden")
    );
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    assert!(
        app.get(&format!("/arenden?lokus={stl}&status=alla"))
            .await
            .text()
            .contains("28 ärenden")
    );
    let found = app.get("/arenden?q=arbetsträning").await.body;
    assert!(found.contains("<caption>1 ärende</caption>"), "{found}");
    assert!(
        app.get("/arenden?q=2026-FJL-003")
            .await
            .body
            .contains("<caption>1 ärende</caption>")
    );
    assert!(
        app.get("/arenden?fran=2026-09-01&till=2026-09-30&status=alla")
            .await
            .text()
            .contains("6 ärenden")
    );
    let page2 = app.get("/arenden?sida=2").await;
    assert!(page2.body.contains("Föregående sida"));
    let bad = app.get("/arenden?fran=igår&status=ingen").await;
    bad.assert_ok();
    assert!(bad.text().contains("Skriv datumet som ÅÅÅÅ-MM-DD"));
    assert!(bad.text().contains("Välj en status i listan."));
    // Another förbund's coordinator sees none of them.
    let mut kust = app.other_browser();
    kust.login("kustbygd@demo.lotsen.example").await;
    assert!(
        kust.get("/arenden?status=alla")
            .await
            .text()
            .contains("0 ärenden")
    );
}
