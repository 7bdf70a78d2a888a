//! A new consent: the kallelse is refused beyond the consent's end and for a party it does not
//! cover; the coordinator records a wider, longer consent and the same kallelse goes through. A
//! new consent that leaves out an invited party or ends before the booked meeting is refused
//! beside its field, with nothing written. Audited and in the record's history.

use super::*;

/// The consent's parties and end as stored.
async fn stored(app: &TestApp, sip: Uuid) -> String {
    column(app, sip, "samtycke_parter").await + "|" + &column(app, sip, "samtycke_till").await
}

#[tokio::test]
async fn a_new_consent_widens_and_extends_the_sip() {
    let mut app = TestApp::demo().await;
    app.login(KOORDINATOR).await;
    let t = today(&app).await;
    let until = day(t, 10);
    let sip = start_with_consent_until(&mut app, &until).await;
    let (fk, kommun) = invited_units(&app).await;
    let kallelse = [
        ("kallad_till", day(t, 20)),
        ("inbjuden", format!("enhet:{fk}")),
        ("inbjuden", format!("enhet:{kommun}")),
        ("inbjuden", "part:skola".to_string()),
        ("verksamhet_skola", "Gymnasiets elevhälsa".to_string()),
    ];
    let r = post_pairs(&mut app, &format!("/sip/{sip}/kallelse"), &kallelse).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&r, "kallad_till").contains("Förnya samtycket först"));
    let mut within = kallelse.to_vec();
    within[0].1 = day(t, 5);
    let r = post_pairs(&mut app, &format!("/sip/{sip}/kallelse"), &within).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&r, "inbjuden").contains("Samtycket gäller inte Skolan"));

    // The form starts from the consent recorded, dated today.
    let page = app.get(&format!("/sip/{sip}")).await;
    assert!(page.body.contains(&format!("href=\"/sip/{sip}/samtycke\"")));
    let form = app.get(&format!("/sip/{sip}/samtycke")).await;
    form.assert_ok();
    assert!(
        form.body.contains("value=\"region\" checked"),
        "{}",
        form.body
    );
    assert!(form.body.contains(&format!("value=\"{until}\"")));

    let consent = |parts: &[&str], till: &str| {
        let mut f: Vec<(&'static str, String)> = vec![
            ("samtycke_datum", day(t, 0)),
            ("samtycke_form", "muntligt_dokumenterat".into()),
            ("samtycke_till", till.to_string()),
        ];
        f.extend(parts.iter().map(|p| ("samtycke_part", p.to_string())));
        f
    };
    let before = stored(&app, sip).await;
    // Leaving out an invited party (the kommun), or ending before the date it was given.
    let r = post_pairs(
        &mut app,
        &format!("/sip/{sip}/samtycke"),
        &consent(&["fk", "skola"], &day(t, 60)),
    )
    .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_error(&r, "samtycke_part"),
        "Kommunen är inbjuden. Samtycket måste gälla alla inbjudna parter."
    );
    assert!(
        r.body.contains("value=\"skola\" checked"),
        "the form is kept"
    );
    let r = post_pairs(
        &mut app,
        &format!("/sip/{sip}/samtycke"),
        &consent(&["fk", "kommun"], &day(t, -1)),
    )
    .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&r, "samtycke_till").contains("före det lämnades"));
    assert_eq!(stored(&app, sip).await, before, "nothing written");

    let r = post_pairs(
        &mut app,
        &format!("/sip/{sip}/samtycke"),
        &consent(&["fk", "kommun", "region", "skola"], &day(t, 60)),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        stored(&app, sip).await,
        format!("{{fk,kommun,region,skola}}|{}", day(t, 60))
    );
    assert_eq!(
        column(&app, sip, "samtycke_form").await,
        "muntligt_dokumenterat"
    );
    let r = post_pairs(&mut app, &format!("/sip/{sip}/kallelse"), &kallelse).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

    // Now the meeting is booked 20 days ahead: a consent ending before it is refused.
    let r = post_pairs(
        &mut app,
        &format!("/sip/{sip}/samtycke"),
        &consent(&["fk", "kommun", "region", "skola"], &day(t, 15)),
    )
    .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_error(&r, "samtycke_till"),
        format!(
            "Samtycket måste gälla till minst {}, då nästa möte är bokat.",
            day(t, 20)
        )
    );
    let history: i64 = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select count(*) from sip_handelse where forbund_id = $1 and sip_id = '{sip}' \
                   and typ = 'samtycke'"
            ),
        )
        .await;
    assert_eq!(history, 1);
    let audit = app.audit_actions("fjardlunda").await;
    assert_eq!(audit.iter().filter(|x| *x == "sip.consent").count(), 1);
}
