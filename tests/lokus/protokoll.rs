//! The protokoll: § numbers through the group's calendar year (fixed by the chair's
//! justering), närvaro from the group's members plus free text, the justerare, the printed
//! protokoll with signature lines, the pack's topics and follow-ups, and the group's setting
//! that lets the chair justera alone.

use super::*;

async fn add_free_item(app: &mut TestApp, mote: Uuid, rubrik: &str) {
    app.post(
        &format!("/lokus/STL/moten/{mote}/punkter"),
        &[("rubrik", rubrik), ("punkt_text", "Text till punkten.")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
}

async fn paragrafer(app: &TestApp, mote: Uuid) -> String {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select coalesce(string_agg(coalesce(rubrik, 'ärende') || ':' || coalesce(paragraf::text, '-'), ',' \
                     order by borttagen, ordning), '') \
             from lokus_punkt where forbund_id = $1 and mote_id = '{mote}'"
        ),
    )
    .await
}

async fn justera(chair: &mut TestApp, mote: Uuid, klart: &str) {
    chair
        .post(
            &format!("/lokus/STL/moten/{mote}/justera"),
            &[("bekrafta", "ja")],
        )
        .await
        .assert_redirect_to(&format!("/lokus/STL/moten/{mote}?klart={klart}"));
}

#[tokio::test]
async fn paragraphs_run_through_the_year_and_are_fixed_by_the_chairs_justering() {
    let app = TestApp::demo().await;
    let x = insert_arende(
        &app,
        ArendeFixture {
            n: Some(1),
            flaggad: Some("2026-10-01"),
            ..BASE
        },
    )
    .await;
    let y = insert_arende(
        &app,
        ArendeFixture {
            n: Some(2),
            flaggad: Some("2026-10-02"),
            ..BASE
        },
    )
    .await;
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    let_chair_justera_alone(&app).await;
    // Last year's last meeting: its own numbering.
    let m0 = create_meeting(&mut chair, "STL", "2025-12-15").await;
    add_free_item(&mut chair, m0, "Årets sista punkt").await;
    record_attendance(&mut chair, m0, None).await;
    justera(&mut chair, m0, "justerat").await;
    assert_eq!(paragrafer(&app, m0).await, "Årets sista punkt:1");
    // The year's first meeting starts at § 1.
    let m1 = create_meeting(&mut chair, "STL", "2026-03-10").await;
    add_free_item(&mut chair, m1, "Information").await;
    add_free_item(&mut chair, m1, "Rapport").await;
    record_attendance(&mut chair, m1, None).await;
    justera(&mut chair, m1, "justerat").await;
    assert_eq!(paragrafer(&app, m1).await, "Information:1,Rapport:2");

    // The next one continues; a removed item gets no number.
    let m2 = create_meeting(&mut chair, "STL", "2026-10-15").await;
    chair
        .get(&format!("/lokus/STL/moten/{m2}"))
        .await
        .assert_ok();
    add_free_item(&mut chair, m2, "Övrigt").await;
    let py = punkt_of(&app, m2, y).await;
    chair
        .post(&format!("/lokus/STL/moten/{m2}/punkter/{py}/ta-bort"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = chair.get(&format!("/lokus/STL/moten/{m2}")).await;
    let text = page.text();
    assert!(
        text.contains("§ 3 i protokollet") && text.contains("§ 4 i protokollet"),
        "the numbers the items would get: {text}"
    );
    assert!(text.contains("Paragrafnumren fastställs när ordföranden justerar protokollet."));
    assert_eq!(paragrafer(&app, m2).await, "ärende:-,Övrigt:-,ärende:-");
    // With a justerare the chair's justering fixes the numbers, and the protokoll waits.
    record_attendance(&mut chair, m2, Some(LEDAMOT)).await;
    justera(&mut chair, m2, "vantar").await;
    assert_eq!(paragrafer(&app, m2).await, "ärende:3,Övrigt:4,ärende:-");
    let m3 = create_meeting(&mut chair, "STL", "2026-11-05").await;
    add_free_item(&mut chair, m3, "Nästa").await;
    assert!(
        chair
            .get(&format!("/lokus/STL/moten/{m3}"))
            .await
            .text()
            .contains("§ 5 i protokollet")
    );
    // Taken back, the numbers go; justerat again, they come back the same.
    chair
        .post(&format!("/lokus/STL/moten/{m2}/justera/ta-tillbaka"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(paragrafer(&app, m2).await, "ärende:-,Övrigt:-,ärende:-");
    justera(&mut chair, m2, "vantar").await;
    assert_eq!(paragrafer(&app, m2).await, "ärende:3,Övrigt:4,ärende:-");
    let mut ledamot = app.other_browser();
    ledamot.login(LEDAMOT).await;
    ledamot
        .post(
            &format!("/lokus/STL/moten/{m2}/justera/bekrafta"),
            &[("bekrafta", "ja")],
        )
        .await
        .assert_redirect_to(&format!("/lokus/STL/moten/{m2}?klart=justerat"));

    // The printed protokoll: numbered points, who was there, who justerade, signature lines.
    let minutes = ledamot
        .get(&format!("/lokus/STL/moten/{m2}/protokoll"))
        .await;
    minutes.assert_ok();
    let text = minutes.text();
    assert!(text.contains("§ 3 Ärende 2026-STL-001"), "{text}");
    assert!(text.contains("§ 4 Övrigt"));
    assert!(
        !text.contains("2026-STL-002"),
        "removed items are not in the protokoll"
    );
    for who in [
        "Anders Öhman, ordförande",
        "Lena Åkesson, ledamot",
        "Karin Berg, samverkanskoordinator",
        "Övriga: Förbundschefen",
        "Justerare: Lena Åkesson",
    ] {
        assert!(text.contains(who), "{who}: {text}");
    }
    let today: String = app
        .scalar_in(
            "fjardlunda",
            "select lotsen_today()::text where $1 is not null",
        )
        .await;
    assert!(
        text.contains(&format!(
            "Justerat {today} av Anders Öhman och Lena Åkesson."
        )),
        "{text}"
    );
    assert_eq!(text.matches("Justerat").count(), 1, "{text}");
    assert!(
        minutes
            .body
            .contains("<p class=\"signature-line\">Anders Öhman, ordförande</p>")
    );
    assert!(
        minutes
            .body
            .contains("<p class=\"signature-line\">Lena Åkesson, justerare</p>")
    );
    // Övriga punkter are points, not ärenden: no "Ärendet tas upp" under them.
    let ovrigt = text.split("§ 4 Övrigt").nth(1).unwrap();
    assert!(!ovrigt.contains("Ärendet") && ovrigt.contains("Text till punkten."));
    let _ = x;
}

#[tokio::test]
async fn attendance_is_chosen_among_the_members_and_checked() {
    let mut app = TestApp::demo().await;
    app.login(KOORD).await;
    let mote = create_meeting(&mut app, "STL", "2026-11-20").await;
    let url = format!("/lokus/STL/moten/{mote}/narvaro");
    let chair = app.user_id("fjardlunda", CHAIR).await.to_string();
    let ledamot = app.user_id("fjardlunda", LEDAMOT).await.to_string();
    let handlaggare = app
        .user_id("fjardlunda", "fk@demo.lotsen.example")
        .await
        .to_string();
    let page = app.get(&format!("/lokus/STL/moten/{mote}")).await;
    let justerare_select = page
        .body
        .split("id=\"f-justerare\"")
        .nth(1)
        .unwrap()
        .split("</select>")
        .next()
        .unwrap()
        .to_string();
    assert!(
        justerare_select.contains(&ledamot) && !justerare_select.contains(&chair),
        "the chair is no justerare: {justerare_select}"
    );
    assert!(
        !page
            .body
            .contains(&format!("id=\"f-narvarande-{handlaggare}\""))
    );
    let (chair, ledamot, handlaggare) = (chair.as_str(), ledamot.as_str(), handlaggare.as_str());
    let long = "x".repeat(1001);
    // (form, field with the message, message)
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![
                ("narvarande", handlaggare),
                ("ovriga", ""),
                ("justerare", ""),
            ],
            "narvarande",
            "Välj de närvarande bland gruppens medlemmar.",
        ),
        (
            vec![
                ("narvarande", "inte-ett-id"),
                ("ovriga", ""),
                ("justerare", ""),
            ],
            "narvarande",
            "Välj de närvarande bland gruppens medlemmar.",
        ),
        (
            vec![("narvarande", chair), ("ovriga", ""), ("justerare", chair)],
            "justerare",
            "Ordföranden kan inte vara justerare.",
        ),
        (
            vec![
                ("narvarande", chair),
                ("ovriga", ""),
                ("justerare", ledamot),
            ],
            "justerare",
            "Justeraren ska vara en av de närvarande.",
        ),
        (
            vec![("ovriga", "Gäst 850709-9805"), ("justerare", "")],
            "ovriga",
            "liknar ett personnummer",
        ),
        (
            vec![("ovriga", long.as_str()), ("justerare", "")],
            "ovriga",
            "högst 1000 tecken",
        ),
    ];
    for (form, field, msg) in cases {
        let r = app.post(&url, &form).await;
        r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains(&format!("id=\"f-{field}-fel\"")), "{field}");
        assert!(r.text().contains(msg), "{msg}: {}", r.text());
    }
    let written: String = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select (select count(*) from lokus_narvaro where forbund_id = $1 and mote_id = '{mote}')::text \
                        || coalesce(justerare_id::text, '') || narvarande_ovriga \
                 from lokus_mote where forbund_id = $1 and mote_id = '{mote}'"
            ),
        )
        .await;
    assert_eq!(written, "0", "refused forms write nothing");
    record_attendance(&mut app, mote, Some(LEDAMOT)).await;
    let page = app.get(&format!("/lokus/STL/moten/{mote}")).await;
    assert!(page.body.contains(&format!(
        "id=\"f-narvarande-{ledamot}\" name=\"narvarande\" value=\"{ledamot}\" checked"
    )));
    assert!(
        page.body
            .contains(&format!("<option value=\"{ledamot}\" selected>"))
    );
    // Saving again with fewer people removes the others.
    app.post(
        &url,
        &[("narvarande", chair), ("ovriga", ""), ("justerare", "")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let n: i64 = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select count(*) from lokus_narvaro where forbund_id = $1 and mote_id = '{mote}'"
            ),
        )
        .await;
    assert_eq!(n, 1);
    // The ledamot reads the meeting but records no närvaro.
    let mut l = app.other_browser();
    l.login(LEDAMOT).await;
    assert_eq!(
        l.post(&url, &[("ovriga", "x"), ("justerare", "")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(
        app.audit_actions("fjardlunda")
            .await
            .contains(&"lokus_mote.attendance".to_string())
    );
}

#[tokio::test]
async fn the_group_decides_whether_its_chair_justerar_alone() {
    let mut app = TestApp::demo().await;
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    let mote = create_meeting(&mut chair, "STL", "2026-11-20").await;
    record_attendance(&mut chair, mote, None).await;
    let r = chair
        .post(
            &format!("/lokus/STL/moten/{mote}/justera"),
            &[("bekrafta", "ja")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .contains("Gruppen har inte beslutat att ordföranden justerar protokollet ensam.")
    );
    // The förbund administrator's group form has the setting.
    app.login("forbund@demo.lotsen.example").await;
    let id = lokus_id(&app, "fjardlunda", "STL").await;
    let form = app.get(&format!("/admin/lokus/{id}")).await;
    assert!(form.body.contains("name=\"ordforande_justerar_ensam\""));
    assert!(!form.body.contains("name=\"ordforande_justerar_ensam\" value=\"on\" aria-describedby=\"f-ordforande_justerar_ensam-tips\" checked"));
    let_chair_justera_alone(&app).await;
    let form = app.get(&format!("/admin/lokus/{id}")).await;
    assert!(
        form.body
            .contains("aria-describedby=\"f-ordforande_justerar_ensam-tips\" checked")
    );
    assert!(
        app.audit_actions("fjardlunda")
            .await
            .contains(&"lokus.update".to_string())
    );
    justera(&mut chair, mote, "justerat").await;
    assert_eq!(status_of(&app, mote).await, "justerat");
    let text = chair
        .get(&format!("/lokus/STL/moten/{mote}/protokoll"))
        .await
        .text();
    assert!(
        text.contains("Justerare: ingen (ordföranden justerar ensam)"),
        "{text}"
    );
    // Off again (the box unticked), the next meeting needs a justerare.
    app.post(
        &format!("/admin/lokus/{id}"),
        &[
            ("namn", "Stenbäck–Lövsjö"),
            ("aktiv", "on"),
            ("kommun", "9902"),
            ("kommun", "9903"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let m2 = create_meeting(&mut chair, "STL", "2026-11-25").await;
    record_attendance(&mut chair, m2, None).await;
    chair
        .post(
            &format!("/lokus/STL/moten/{m2}/justera"),
            &[("bekrafta", "ja")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    // A new group may be created with the setting.
    app.post(
        "/admin/lokus",
        &[
            ("kod", "NYA"),
            ("namn", "Nya gruppen"),
            ("kommun", "9904"),
            ("ordforande_justerar_ensam", "on"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let alone: bool = app
        .scalar_in(
            "fjardlunda",
            "select ordforande_justerar_ensam from lokus_grupp where forbund_id = $1 and kod = 'NYA'",
        )
        .await;
    assert!(alone);
}

#[tokio::test]
async fn the_pack_shows_each_topic_and_the_follow_ups_due() {
    let app = TestApp::demo().await;
    let a = insert_arende(
        &app,
        ArendeFixture {
            n: Some(1),
            flaggad: Some("2026-09-20"),
            ..BASE
        },
    )
    .await;
    let b = insert_arende(
        &app,
        ArendeFixture {
            n: Some(2),
            flaggad: Some("2026-09-21"),
            ..BASE
        },
    )
    .await;
    let c = insert_arende(
        &app,
        ArendeFixture {
            n: Some(3),
            flaggad: Some("2026-09-22"),
            ..BASE
        },
    )
    .await;
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    let m1 = create_meeting(&mut chair, "STL", "2026-10-01").await;
    chair
        .get(&format!("/lokus/STL/moten/{m1}"))
        .await
        .assert_ok();
    for (arende, beslut, vem, senast) in [
        (
            a,
            "Kommunen tar fram en rutin.",
            "Kommunens representant",
            "2026-10-20",
        ),
        (
            b,
            "Regionen återkommer.",
            "Regionens representant",
            "2026-12-20",
        ),
        (c, "Ingen uppföljning.", "", ""),
    ] {
        let p = punkt_of(&app, m1, arende).await;
        chair
            .post(
                &format!("/lokus/STL/moten/{m1}/punkter/{p}/beslut"),
                &[("beslut", beslut), ("vem", vem), ("senast", senast)],
            )
            .await
            .assert_status(StatusCode::SEE_OTHER);
    }
    justera_alone(&app, &mut chair, m1).await;
    let d = insert_arende(
        &app,
        ArendeFixture {
            n: Some(4),
            flaggad: Some("2026-10-10"),
            ..BASE
        },
    )
    .await;
    let m2 = create_meeting(&mut chair, "STL", "2026-10-25").await;
    let pack = chair
        .get(&format!("/lokus/STL/moten/{m2}/motespaket"))
        .await;
    pack.assert_ok();
    let text = pack.text();
    // The agenda names each item's question to LOKUS.
    assert!(
        text.contains("Fråga till LOKUS: Fråga om 2026-STL-004"),
        "{text}"
    );
    let follow = text
        .split("Uppföljning av tidigare beslut")
        .nth(1)
        .unwrap()
        .split("Förhandsunderlag")
        .next()
        .unwrap()
        .to_string();
    assert!(
        follow.contains("LOKUS-mötet 2026-10-01, § 1, ärende 2026-STL-001")
            && follow.contains("Kommunen tar fram en rutin.")
            && follow.contains("Kommunens representant, senast 2026-10-20"),
        "{follow}"
    );
    assert!(
        !follow.contains("Regionen återkommer."),
        "not due yet: {follow}"
    );
    assert!(!follow.contains("Ingen uppföljning."));
    // The meeting after the one it was due at no longer lists it; the later one is due then.
    let m3 = create_meeting(&mut chair, "STL", "2026-12-30").await;
    let follow = chair
        .get(&format!("/lokus/STL/moten/{m3}/motespaket"))
        .await
        .text();
    assert!(
        follow.contains("Regionen återkommer.") && !follow.contains("Kommunen tar fram en rutin.")
    );
    let _ = d;
}
