//! Bordläggning: a decision that keeps the ärende on the group's agenda. The bordlagt ärende
//! comes up at the next meeting with the reason, also before the earlier meeting is justerat;
//! a normal decision ends it.

use super::*;

async fn decide(app: &mut TestApp, mote: Uuid, punkt: Uuid, beslut: &str, bordlagg: bool) {
    app.post(
        &format!("/lokus/STL/moten/{mote}/punkter/{punkt}/beslut"),
        &[
            ("beslut", beslut),
            ("vem", ""),
            ("senast", ""),
            ("bordlagg", if bordlagg { "ja" } else { "" }),
        ],
    )
    .await
    .assert_redirect_to(&format!(
        "/lokus/STL/moten/{mote}?klart=sparat#punkt-{punkt}"
    ));
}

#[tokio::test]
async fn a_bordlagt_arende_comes_up_at_the_next_meeting_with_its_reason() {
    let app = TestApp::demo().await;
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
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    let m1 = create_meeting(&mut chair, "STL", "2026-11-10").await;
    chair
        .get(&format!("/lokus/STL/moten/{m1}"))
        .await
        .assert_ok();
    let pa = punkt_of(&app, m1, a).await;
    let pb = punkt_of(&app, m1, b).await;
    decide(
        &mut chair,
        m1,
        pa,
        "Kommunen återkommer med en rutin.",
        true,
    )
    .await;
    decide(&mut chair, m1, pb, "Lyfts till styrgruppen.", false).await;
    // A free item cannot be bordlagt: the box is not offered, and ignored if sent.
    chair
        .post(
            &format!("/lokus/STL/moten/{m1}/punkter"),
            &[("rubrik", "Information"), ("punkt_text", "")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let free: Uuid = app
        .scalar_in(
            "fjardlunda",
            &format!("select punkt_id from lokus_punkt where forbund_id = $1 and mote_id = '{m1}' and arende_id is null"),
        )
        .await;
    decide(&mut chair, m1, free, "Noterades.", true).await;
    let page = chair.get(&format!("/lokus/STL/moten/{m1}")).await;
    assert!(page.body.contains(&format!(
        "id=\"f-bordlagg-{pa}\" name=\"bordlagg\" value=\"ja\""
    )));
    assert!(!page.body.contains(&format!("id=\"f-bordlagg-{free}\"")));
    let stored: String = app
        .scalar_in(
            "fjardlunda",
            &format!("select string_agg(coalesce(arende_id::text, 'fri') || '=' || bordlagd, ',' order by ordning) from lokus_punkt where forbund_id = $1 and mote_id = '{m1}'"),
        )
        .await;
    assert_eq!(stored, format!("{a}=true,{b}=false,fri=false"));
    // The timeline says so while the meeting is open.
    let mut koord = app.other_browser();
    koord.login(KOORD).await;
    let timeline = koord.get(&format!("/arenden/{a}")).await.text();
    assert!(timeline.contains("bordlagt till nästa möte"), "{timeline}");

    // Held, not yet justerat: the bordlagt ärende already belongs to the next meeting; the
    // decided one does not (the justering will end it).
    chair
        .post(&format!("/lokus/STL/moten/{m1}/genomfort"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let m2 = create_meeting(&mut chair, "STL", "2026-11-24").await;
    let page = chair.get(&format!("/lokus/STL/moten/{m2}")).await;
    assert_eq!(agenda(&page), ["1. Ärende 2026-STL-001"]);
    assert!(
        page.text()
            .contains("Bordlagd 2026-11-10: Kommunen återkommer med en rutin."),
        "{}",
        page.text()
    );
    let pack = chair
        .get(&format!("/lokus/STL/moten/{m2}/motespaket"))
        .await
        .text();
    assert!(pack.contains("Bordlagd 2026-11-10: Kommunen återkommer med en rutin."));

    justera_alone(&app, &mut chair, m1).await;
    assert!(flagged(&app, a).await, "bordlagt: still flagged");
    assert!(!flagged(&app, b).await, "decided: handled");
    let minutes = chair
        .get(&format!("/lokus/STL/moten/{m1}/protokoll"))
        .await
        .text();
    assert!(minutes.contains("Ärendet bordläggs och tas upp igen vid nästa möte."));
    let page = chair.get(&format!("/lokus/STL/moten/{m2}")).await;
    assert_eq!(agenda(&page), ["1. Ärende 2026-STL-001"]);

    // At the next meeting a normal decision ends it.
    let pa2 = punkt_of(&app, m2, a).await;
    decide(
        &mut chair,
        m2,
        pa2,
        "Rutinen är på plats. Ärendet avslutas i LOKUS.",
        false,
    )
    .await;
    record_attendance(&mut chair, m2, None).await;
    chair
        .post(
            &format!("/lokus/STL/moten/{m2}/justera"),
            &[("bekrafta", "ja")],
        )
        .await
        .assert_redirect_to(&format!("/lokus/STL/moten/{m2}?klart=justerat"));
    assert!(!flagged(&app, a).await);
    let m3 = create_meeting(&mut chair, "STL", "2026-11-30").await;
    assert!(agenda(&chair.get(&format!("/lokus/STL/moten/{m3}")).await).is_empty());
}
