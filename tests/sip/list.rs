//! `/sip` a page at a time: 55 open SIPs on the coordinator's ärenden list as 50 and 5, with
//! the count and the pager; the start page shows the first eight that need attention and how
//! many there are.

use super::*;

#[tokio::test]
async fn the_sip_list_pages_and_the_start_page_counts() {
    let mut app = TestApp::demo().await;
    app.login(KOORDINATOR).await;
    let before: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from sip s where s.forbund_id = $1 and s.arende_id is not null \
               and s.lokus_id = (select lokus_id from lokus_grupp where forbund_id = $1 and kod = 'STL')",
        )
        .await;
    // 55 more open SIPs on an STL ärende, each with a follow-up booked a week ago (late, so
    // due).
    let a = arende(&mut app).await;
    let added: i64 = app
        .scalar_in(
            "fjardlunda",
            &format!(
            "with a as (select a.arende_id, a.lokus_id from arende a, generate_series(1, 55) \
                        where a.forbund_id = $1 and a.arende_id = '{a}'), \
             x as (insert into sip (forbund_id, sip_id, lokus_id, arende_id, status, initierad, \
                                    initierad_av, sammankallande_part, samtycke_datum, samtycke_form, \
                                    samtycke_parter, kallad_till, nasta_uppfoljning) \
                   select $1, gen_random_uuid(), lokus_id, arende_id, 'genomford', \
                          lotsen_today() - 60, 'kommun', 'kommun', lotsen_today() - 60, 'skriftligt', \
                          array['kommun'], lotsen_today() - 50, lotsen_today() - 7 from a \
                   returning 1) \
             select count(*) from x"
            ),
        )
        .await;
    assert_eq!(added, 55);
    let total = before + added;
    let first = app.get("/sip").await;
    first.assert_ok();
    let text = first.text();
    assert!(
        text.contains(&format!("{total} SIP:ar, sida 1 av 2")),
        "{text}"
    );
    assert!(
        first.body.contains("href=\"/sip?sida=2\""),
        "{}",
        first.body
    );
    assert!(!text.contains("Föregående sida"), "{text}");
    assert_eq!(first.body.matches("<tr>").count(), 1 + 50);
    let second = app.get("/sip?sida=2").await;
    second.assert_ok();
    assert!(second.text().contains("sida 2 av 2"), "{}", second.text());
    assert!(second.body.contains("href=\"/sip?sida=1\""));
    assert_eq!(
        second.body.matches("<tr>").count(),
        1 + usize::try_from(total - 50).unwrap()
    );
    assert_eq!(app.get("/sip?sida=x").await.status, StatusCode::BAD_REQUEST);

    let start = app.get("/").await.text();
    assert!(start.contains("SIP att följa upp"), "{start}");
    assert!(start.contains("SIP:ar behöver uppmärksamhet"), "{start}");
}
