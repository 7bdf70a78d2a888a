//! A SIP from initiative to follow-up: the coordinator starts it from an ärende (which records
//! "SIP föreslagen"), calls, holds the planning meeting ("SIP genomförd"), adds actions for FK
//! and the kommun; fk@ sees the SIP on the start page and marks FK's action done, seeing
//! nothing else; the coordinator's start page shows the follow-up and the late action; a
//! follow-up without a new date flags the SIP; closing ends it. Consent withdrawal; the
//! coach's SIP of an enrolment. Every step audited, with ids only.

use super::*;

#[tokio::test]
async fn a_coordinator_runs_a_sip_from_initiative_to_follow_up() {
    let mut app = TestApp::demo().await;
    app.login(KOORDINATOR).await;
    let t = today(&app).await;
    let a = arende(&mut app).await;
    let page = app.get(&format!("/arenden/{a}")).await.text();
    assert!(page.contains("Ingen SIP registrerad."), "{page}");
    let form = app.get(&format!("/sip/ny?arende={a}")).await;
    form.assert_ok();
    assert!(form.text().contains("Sjukpenning"), "{}", form.text());

    let sip = start(&mut app, a).await;
    let page = app.get(&format!("/arenden/{a}")).await.text();
    assert!(page.contains("SIP föreslagen"), "{page}");
    assert!(
        page.contains(&format!("SIP initierad {} : Initierad", day(t, -30))),
        "{page}"
    );

    hold(&mut app, sip).await;
    assert_eq!(column(&app, sip, "status").await, "genomford");
    let page = app.get(&format!("/arenden/{a}")).await.text();
    assert!(page.contains("SIP genomförd"), "{page}");
    assert!(
        page.contains(&format!("Genomförd, uppföljning {}", day(t, 10))),
        "{page}"
    );
    let fk_action = action(
        &mut app,
        sip,
        "Utreda rätt till sjukpenning på halvtid",
        "fk",
        5,
    )
    .await;
    let kommun_action = action(&mut app, sip, "Ordna plats i arbetsträning", "kommun", -1).await;
    let record = app.get(&format!("/sip/{sip}")).await;
    record.assert_ok();
    let text = record.text();
    for expected in [
        "Genomförd",
        "Kommun, Försörjningsstöd (Stenbäcks kommun, socialförvaltningen), Socialsekreterare",
        "Komma tillbaka till jobbet på halvtid.",
        "Ordna plats i arbetsträning",
        "Utreda rätt till sjukpenning på halvtid",
        "Försenad",
        "närvarande",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }

    // The invited FK handläggare: on the start page and the list, and only FK's action.
    let mut fk = app.other_browser();
    fk.login(FK).await;
    let start_page = fk.get("/").await.text();
    assert!(start_page.contains("SIP att följa upp"), "{start_page}");
    assert!(start_page.contains("din enhet är inbjuden"), "{start_page}");
    let list = fk.get("/sip").await;
    list.assert_ok();
    assert!(
        list.text().contains("Din enhet är inbjuden"),
        "{}",
        list.text()
    );
    let seen = fk.get(&format!("/sip/{sip}")).await;
    seen.assert_ok();
    let text = seen.text();
    assert!(text.contains("Din parts åtgärder"), "{text}");
    assert!(
        text.contains("Utreda rätt till sjukpenning på halvtid"),
        "{text}"
    );
    for hidden in [
        "Ordna plats i arbetsträning",
        "Komma tillbaka till jobbet",
        "Arbetsträning med stöd",
        "STL-",
        "Samtycke",
    ] {
        assert!(!text.contains(hidden), "fk@ sees {hidden}: {text}");
    }
    let r = fk
        .post(
            &format!("/sip/{sip}/atgarder/{fk_action}"),
            &[("status", "klar"), ("klar_datum", &day(t, 0))],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        app.scalar_in::<String>(
            "fjardlunda",
            &format!(
                "select status || ' ' || klar_datum::text from sip_atgard \
                 where forbund_id = $1 and atgard_id = '{fk_action}'"
            ),
        )
        .await,
        format!("klar {}", day(t, 0))
    );
    // The kommun's action is not FK's to change, nor to see.
    let r = fk
        .post(
            &format!("/sip/{sip}/atgarder/{kommun_action}"),
            &[("status", "klar"), ("klar_datum", &day(t, 0))],
        )
        .await;
    r.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(
        app.scalar_in::<String>(
            "fjardlunda",
            &format!("select status from sip_atgard where forbund_id = $1 and atgard_id = '{kommun_action}'"),
        )
        .await,
        "planerad"
    );
    // kommun@ sees the kommun's action, late, and not FK's.
    let mut kommun = app.other_browser();
    kommun.login(KOMMUN).await;
    let text = kommun.get(&format!("/sip/{sip}")).await.text();
    assert!(
        text.contains("Ordna plats i arbetsträning") && text.contains("Försenad"),
        "{text}"
    );
    assert!(!text.contains("Utreda rätt till sjukpenning"), "{text}");

    // The coordinator's start page: the follow-up within two weeks and the late action.
    let start_page = app.get("/").await.text();
    assert!(start_page.contains("SIP att följa upp"), "{start_page}");
    assert!(
        start_page.contains(&format!("uppföljning {}", day(t, 10))),
        "{start_page}"
    );
    assert!(start_page.contains("1 försenad åtgärd"), "{start_page}");

    // A follow-up held today with no new date: the SIP is flagged.
    let r = app
        .post(&format!("/sip/{sip}/uppfoljning"), &[("datum", &day(t, 0))])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(column(&app, sip, "status").await, "uppfoljd");
    assert!(
        app.get(&format!("/sip/{sip}"))
            .await
            .text()
            .contains("Ingen uppföljning bokad")
    );
    assert!(
        app.get("/")
            .await
            .text()
            .contains("Ingen uppföljning bokad")
    );

    let r = app.post(&format!("/sip/{sip}/avsluta"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(column(&app, sip, "status").await, "avslutad");
    assert!(
        !app.get("/")
            .await
            .text()
            .contains("Ingen uppföljning bokad")
    );
    // An ended SIP takes nothing more.
    let r = app
        .post(&format!("/sip/{sip}/uppfoljning"), &[("datum", &day(t, 0))])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let actions = app.audit_actions("fjardlunda").await;
    for a in [
        "sip.create",
        "sip.call",
        "sip.meeting",
        "sip.action",
        "sip.action_status",
        "sip.read",
        "sip.list",
        "sip.follow_up",
        "sip.close",
    ] {
        assert!(
            actions.iter().any(|x| x == a),
            "{a} not audited: {actions:?}"
        );
    }
    // The audit rows name the record by id (they have no room for more).
    let reads: i64 = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select count(*) from audit_event where forbund_id = $1 and action = 'sip.read' \
                   and object_type = 'sip' and object_id = '{sip}'"
            ),
        )
        .await;
    assert!(reads >= 4, "every read audited: {reads}");
}

#[tokio::test]
async fn a_withdrawn_consent_ends_the_sip_and_clears_the_goals() {
    let mut app = TestApp::demo().await;
    app.login(KOORDINATOR).await;
    let t = today(&app).await;
    let a = arende(&mut app).await;
    // Called off before the meeting: the reason is kept.
    let early = start(&mut app, a).await;
    let r = app
        .post(
            &format!("/sip/{early}/installd"),
            &[("orsak", "behovet_upphorde")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(column(&app, early, "status").await, "installd");
    assert_eq!(
        column(&app, early, "installd_orsak").await,
        "behovet_upphorde"
    );

    let sip = start(&mut app, a).await;
    hold(&mut app, sip).await;
    let r = app
        .post(
            &format!("/sip/{sip}/samtycke/aterkalla"),
            &[("datum", &day(t, 0))],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(column(&app, sip, "status").await, "avslutad");
    assert_eq!(column(&app, sip, "samtycke_aterkallat").await, day(t, 0));
    assert_eq!(column(&app, sip, "mal_individ").await, "");
    assert_eq!(column(&app, sip, "mal_professionella").await, "");
    assert_eq!(column(&app, sip, "nasta_uppfoljning").await, "");
    let text = app.get(&format!("/sip/{sip}")).await.text();
    assert!(
        text.contains(&format!("Återkallat {}", day(t, 0))),
        "{text}"
    );
    assert!(!text.contains("Komma tillbaka till jobbet"), "{text}");
    // No more follow-ups or actions.
    let r = app
        .post(
            &format!("/sip/{sip}/atgarder"),
            &[
                ("text", "Ny kontakt"),
                ("ansvarig", "fk"),
                ("senast", &day(t, 3)),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("samtycket återkallat"), "{}", r.text());
    assert!(
        app.audit_actions("fjardlunda")
            .await
            .iter()
            .any(|x| x == "sip.consent_withdraw")
    );
}

#[tokio::test]
async fn the_coach_keeps_the_sip_of_an_enrolment_and_the_coordinator_does_not_see_it() {
    let mut app = TestApp::demo().await;
    crate::deltagare::insats(&app).await;
    app.login(KOORDINATOR).await;
    let mut coach = app.other_browser();
    coach.login(crate::deltagare::COACH).await;
    let (a, d) = crate::deltagare::enrolled(&mut app, &mut coach).await;
    let kod = crate::deltagare::KOD;
    let page = coach
        .get(&format!("/insatser/{kod}/deltagare/{d}"))
        .await
        .text();
    assert!(
        page.contains("Ingen SIP registrerad.") && page.contains("Starta SIP"),
        "{page}"
    );
    let form = coach.get(&format!("/sip/ny?deltagare={d}")).await;
    form.assert_ok();
    assert!(
        form.text().contains("Deltagare 1 i TEST-COACH"),
        "{}",
        form.text()
    );
    let fields = new_sip(&app, &[]).await;
    let r = post_pairs(&mut coach, &format!("/sip/ny?deltagare={d}"), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let sip = r.redirect_id();
    hold(&mut coach, sip).await;
    let page = coach
        .get(&format!("/insatser/{kod}/deltagare/{d}"))
        .await
        .text();
    assert!(page.contains("Genomförd"), "{page}");
    assert!(coach.get("/").await.text().contains("SIP att följa upp"));
    // The coordinator of the ärende sees neither the record nor a link to it: it is the
    // insatsägare's; the ärende records no SIP action.
    app.get(&format!("/sip/{sip}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let page = app.get(&format!("/arenden/{a}")).await.text();
    assert!(!page.contains(&sip.to_string()), "{page}");
    assert!(!page.contains("SIP genomförd"), "{page}");
    // Another coach of the insats, not assigned as replacement, keeps nothing: kommun@ sees
    // it only as a handläggare of an invited unit, without the goals.
    let mut other = app.other_browser();
    other.login(crate::deltagare::COACH2).await;
    let text = other.get(&format!("/sip/{sip}")).await.text();
    assert!(text.contains("Din enhet är inbjuden"), "{text}");
    assert!(!text.contains("Komma tillbaka till jobbet"), "{text}");
    other
        .get(&format!("/sip/{sip}/mote"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
