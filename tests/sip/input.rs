//! Bad input on every SIP form: a Swedish message beside the field, 422, and nothing written —
//! no record, no ärende action, no meeting, no action, no status change.

use super::*;

#[tokio::test]
async fn a_bad_new_sip_is_refused_beside_each_field_and_nothing_is_written() {
    let mut app = TestApp::demo().await;
    app.login(KOORDINATOR).await;
    let t = today(&app).await;
    let a = arende(&mut app).await;
    let actions_before: i64 = app
        .scalar_in(
            "fjardlunda",
            &format!("select count(*) from atgard where forbund_id = $1 and arende_id = '{a}'"),
        )
        .await;
    let tomorrow = day(t, 1);
    let (_, kommun) = invited_units(&app).await;
    let fk_unit = unit(&app, "Försäkringskassan LFC Västerlän", "Sjukpenning")
        .await
        .to_string();
    for (changes, field, message) in [
        (
            vec![("initierad", tomorrow.as_str())],
            "initierad",
            "framtiden",
        ),
        (
            vec![("initierad_av", "")],
            "initierad_av",
            "Välj vem som tog initiativet.",
        ),
        (
            vec![("sammankallande", "")],
            "sammankallande",
            "Välj vilken part som kallar.",
        ),
        (
            vec![("sammankallande_enhet", fk_unit.as_str())],
            "sammankallande_enhet",
            "Enheten hör till en annan part än den du valt.",
        ),
        (
            vec![("sammankallande_roll", "Handläggare 19850709-9805")],
            "sammankallande_roll",
            "personnummer",
        ),
        (vec![("samtycke_form", "")], "samtycke_form", ""),
        (
            vec![("inbjuden", "")],
            "inbjuden",
            "Välj minst en part som bjuds in.",
        ),
        (
            vec![("inbjuden", "enhet:00000000-0000-0000-0000-000000000000")],
            "inbjuden",
            "Välj bland parterna i listan.",
        ),
        (
            vec![("samtycke_part", "kommun")],
            "inbjuden",
            "Samtycket gäller inte Försäkringskassan. Bjud bara in parter som samtycket gäller.",
        ),
    ] {
        let mut form = new_sip(&app, &[]).await;
        for (k, v) in &changes {
            form.retain(|(key, _)| key != k);
            if !v.is_empty() {
                form.push((k, v.to_string()));
            }
        }
        let r = post_pairs(&mut app, &format!("/sip/ny?arende={a}"), &form).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{changes:?}: {}",
            r.text()
        );
        let shown = field_error(&r, field);
        assert!(shown.contains(message), "{changes:?}: {shown}");
        assert!(
            r.body
                .contains(&format!("value=\"enhet:{kommun}\" checked"))
                || field == "inbjuden",
            "the form is kept"
        );
    }
    assert_eq!(count(&app, "sip").await, 0);
    assert_eq!(count(&app, "sip_part").await, 0);
    let actions_after: i64 = app
        .scalar_in(
            "fjardlunda",
            &format!("select count(*) from atgard where forbund_id = $1 and arende_id = '{a}'"),
        )
        .await;
    assert_eq!(actions_after, actions_before, "no SIP action on the ärende");
    // The SIP actions are recorded by the record, not by hand.
    let r = app
        .post(
            &format!("/arenden/{a}/atgarder"),
            &[("kod", "sip_foreslagen"), ("datum", &day(t, 0))],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&r, "kod").contains("Starta en SIP där"),
        "{}",
        r.text()
    );
    let page = app.get(&format!("/arenden/{a}")).await;
    assert!(
        !page.body.contains("value=\"sip_genomford\""),
        "not offered in the action form"
    );
}

#[tokio::test]
async fn bad_dates_and_actions_are_refused_and_nothing_is_written() {
    let mut app = TestApp::demo().await;
    app.login(KOORDINATOR).await;
    let t = today(&app).await;
    // Consent until ten days ahead.
    let until = day(t, 10);
    let sip = start_with_consent_until(&mut app, &until).await;
    let before = column(&app, sip, "status").await;

    // A meeting after the consent ends, or before the initiative.
    let r = app
        .post(
            &format!("/sip/{sip}/kallelse"),
            &[("kallad_till", &day(t, 20)), ("inbjuden", "part:skola")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&r, "kallad_till").contains(&format!("Samtycket gäller bara till {until}"))
    );
    // A party the consent does not cover (FK, the kommun and the region).
    let r = app
        .post(
            &format!("/sip/{sip}/kallelse"),
            &[
                ("kallad_till", day(t, 5).as_str()),
                ("inbjuden", "part:skola"),
                ("verksamhet_skola", "Gymnasieskolan"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_error(&r, "inbjuden"),
        "Samtycket gäller inte Skolan. Bjud bara in parter som samtycket gäller."
    );
    assert_eq!(column(&app, sip, "kallad_till").await, "");
    let r = app
        .post(&format!("/sip/{sip}/mote"), &[("datum", &day(t, -40))])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&r, "datum").contains("initiativet"),
        "{}",
        r.text()
    );
    // The follow-up before the meeting, or after the consent.
    let r = app
        .post(
            &format!("/sip/{sip}/mote"),
            &[("datum", &day(t, 0)), ("nasta", &day(t, -1))],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_error(&r, "nasta"),
        "Uppföljningen måste ligga efter mötet."
    );
    let r = app
        .post(
            &format!("/sip/{sip}/mote"),
            &[("datum", &day(t, 0)), ("nasta", &day(t, 30))],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&r, "nasta").contains("Samtycket gäller bara till"));
    // A name in the goals.
    let r = app
        .post(
            &format!("/sip/{sip}/mote"),
            &[
                ("datum", &day(t, 0)),
                ("mal_individ", "Anna ska ringa 19850709-9805"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&r, "mal_individ").contains("personnummer"),
        "{}",
        r.text()
    );
    assert_eq!(count(&app, "sip_mote").await, 0);
    assert_eq!(column(&app, sip, "status").await, before);
    assert_eq!(column(&app, sip, "kallad_till").await, "");
    // A follow-up before the planning meeting is held.
    let r = app
        .post(&format!("/sip/{sip}/uppfoljning"), &[("datum", &day(t, 0))])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("Registrera planeringsmötet först."),
        "{}",
        r.text()
    );

    // An action without a responsible party, text or date; a unit of another party.
    let kommun_unit = unit(
        &app,
        "Stenbäcks kommun, socialförvaltningen",
        "Försörjningsstöd",
    )
    .await
    .to_string();
    for (form, field, message) in [
        (
            vec![("text", "Kontakt".to_string()), ("senast", day(t, 3))],
            "ansvarig",
            "Välj vem som ansvarar för åtgärden.",
        ),
        (
            vec![("ansvarig", "fk".to_string()), ("senast", day(t, 3))],
            "text",
            "Skriv vad som ska göras.",
        ),
        (
            vec![
                ("text", "Kontakt".to_string()),
                ("ansvarig", "fk".to_string()),
            ],
            "senast",
            "",
        ),
        (
            vec![
                ("text", "Kontakt".to_string()),
                ("ansvarig", "fk".to_string()),
                ("senast", day(t, -40)),
            ],
            "senast",
            "före initiativet",
        ),
        (
            vec![
                ("text", "Kontakt".to_string()),
                ("ansvarig", "fk".to_string()),
                ("senast", day(t, 3)),
                ("enhet", kommun_unit.clone()),
            ],
            "enhet",
            "Enheten hör till en annan part än den som ansvarar.",
        ),
    ] {
        let r = post_pairs(&mut app, &format!("/sip/{sip}/atgarder"), &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
        assert!(
            field_error(&r, field).contains(message),
            "{form:?}: {}",
            field_error(&r, field)
        );
    }
    assert_eq!(count(&app, "sip_atgard").await, 0);

    // A status without its date or reason.
    let x = action(&mut app, sip, "Kontakt med psykiatrin", "region", 3).await;
    let r = app
        .post(&format!("/sip/{sip}/atgarder/{x}"), &[("status", "klar")])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    field_error(&r, "klar_datum");
    let r = app
        .post(
            &format!("/sip/{sip}/atgarder/{x}"),
            &[("status", "ej_genomford")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_error(&r, "orsak"),
        "Skriv varför åtgärden inte blev av."
    );
    let r = app.post(&format!("/sip/{sip}/installd"), &[]).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&r, "orsak"), "Välj varför SIP:en ställs in.");
    let r = app
        .post(
            &format!("/sip/{sip}/samtycke/aterkalla"),
            &[("datum", &day(t, -60))],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    field_error(&r, "datum");
    assert_eq!(column(&app, sip, "status").await, before);
    assert_eq!(column(&app, sip, "samtycke_aterkallat").await, "");
    assert_eq!(
        app.scalar_in::<String>(
            "fjardlunda",
            &format!("select status from sip_atgard where forbund_id = $1 and atgard_id = '{x}'")
        )
        .await,
        "planerad"
    );
}
