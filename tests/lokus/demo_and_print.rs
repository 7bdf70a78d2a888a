//! The demo chair's past decisions, protokoll and full pre-read, and the print stylesheet.

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
    // The past protokoll are real ones: närvaro, a justerare who justerade, § numbers.
    let protokoll: String = app
        .scalar_in(
            "fjardlunda",
            "select string_agg((select count(*) from lokus_narvaro n where n.forbund_id = m.forbund_id \
                                 and n.mote_id = m.mote_id) || '/' || (m.justerare_id is not null) || '/' \
                               || (m.justerare_justerat_at is not null) || '/' \
                               || (select count(*) from lokus_punkt p where p.forbund_id = m.forbund_id \
                                   and p.mote_id = m.mote_id and p.paragraf is null and not p.borttagen), \
                               ',' order by m.datum) \
             from lokus_mote m where m.forbund_id = $1 and m.status = 'justerat'",
        )
        .await;
    assert_eq!(protokoll, "3/true/true/0,3/true/true/0,3/true/true/0");
    let last: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select mote_id from lokus_mote where forbund_id = $1 and status = 'justerat' order by datum desc limit 1",
        )
        .await;
    let minutes = app
        .get(&format!("/lokus/STL/moten/{last}/protokoll"))
        .await
        .text();
    assert!(
        minutes.contains("Lena Åkesson, ledamot")
            && minutes.contains("Justerare: Lena Åkesson")
            && minutes.contains("av Anders Öhman och Lena Åkesson.")
            && minutes.contains("Ärendet bordläggs och tas upp igen vid nästa möte."),
        "{minutes}"
    );
    assert!(minutes.contains("§ "), "{minutes}");
    // The bordlagt ärende is on the upcoming agenda, first, with its reason.
    let text = page.text();
    assert!(items[0].starts_with("1. Ärende "), "{items:?}");
    assert!(text.contains("Bordlagd "), "{text}");
    let pack = app
        .get(&format!("/lokus/STL/moten/{next}/motespaket"))
        .await
        .text();
    assert!(pack.contains("Uppföljning av tidigare beslut") && pack.contains("Uppföljning: "));
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
    // Parts of the protokoll move whole to the next page; nothing forces a page break.
    assert!(
        css.body
            .contains(".paragraf, .pack-agenda li, .uppfoljningar li, .signatures")
    );
    assert!(!css.body.contains(".print-figures { break-before: page; }"));
}
