//! The demo chair's past decisions and full pre-read, and the print stylesheet.

use super::*;

#[tokio::test]
async fn the_demo_chair_finds_past_decisions_and_a_full_pre_read() {
    let mut app = TestApp::demo().await;
    lotsen_core::demo::arenden::load(&app.t.target)
        .await
        .unwrap();
    assert_eq!(
        lotsen_core::demo::moten::load(&app.t.target).await.unwrap(),
        4
    );
    assert_eq!(
        lotsen_core::demo::moten::load(&app.t.target).await.unwrap(),
        0,
        "loaded once"
    );
    app.login(CHAIR).await;
    let list = app.get("/lokus/STL/moten").await;
    list.assert_ok();
    let text = list.text();
    assert_eq!(text.matches("Justerat").count(), 3, "{text}");
    let next: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select mote_id from lokus_mote where forbund_id = $1 and status = 'planerat'",
        )
        .await;
    let page = app.get(&format!("/lokus/STL/moten/{next}")).await;
    page.assert_ok();
    let items = agenda(&page);
    assert!(items.len() >= 5, "{items:?}");
    assert!(page.text().contains("Fråga till LOKUS"));
    let decided: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from lokus_punkt p join lokus_mote m using (forbund_id, mote_id) \
             where p.forbund_id = $1 and m.status = 'justerat' and p.arende_id is not null and p.beslut <> ''",
        )
        .await;
    assert!(decided >= 6, "{decided} decisions in past meetings");
}

#[tokio::test]
async fn the_print_stylesheet_sets_a4_pages_with_page_numbers() {
    let mut app = TestApp::demo().await;
    let css = app.get("/static/lotsen.css").await;
    css.assert_ok();
    let page_rule = css.body.split("@page {").nth(1).expect("an @page rule");
    assert!(page_rule.contains("size: A4"));
    assert!(page_rule.contains("@bottom-right") && page_rule.contains("counter(page)"));
    assert!(
        css.body
            .contains(".preread, .agenda-item, .figures table { break-inside: avoid; }")
    );
}
