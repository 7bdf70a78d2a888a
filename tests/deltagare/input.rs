//! Bad input on every participant form: a Swedish message beside the field, 422, and nothing
//! written — dates out of order, omfattning outside 0–100, identity without consent, a second
//! active enrolment of the same ärende.

use super::*;

fn has_error(r: &Resp, field: &str, message: &str) {
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(&format!("id=\"f-{field}-fel\"")),
        "no error beside {field}: {}",
        r.text()
    );
    assert!(
        r.text().contains(message),
        "{message} missing: {}",
        r.text()
    );
}

#[tokio::test]
async fn the_inskrivning_form_refuses_bad_input_and_writes_nothing() {
    let mut app = TestApp::demo().await;
    insats(&app).await;
    app.login(KOORDINATOR).await;
    let t = today(&app).await;
    let a = arende(&mut app).await;
    let i: Uuid = app
        .scalar_in(
            "fjardlunda",
            &format!("select insats_id from insats where forbund_id = $1 and kod = '{KOD}'"),
        )
        .await;
    offer(&mut app, a, i, &ago(t, 20))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let q = queued(&app, a).await;
    let mut coach = app.other_browser();
    coach.login(COACH).await;
    let path = format!("/insatser/{KOD}/ko/{q}/inskriv");
    let datum = ago(t, 10);
    let before_queue = ago(t, 30);
    let future = ago(t, -3);
    /// The fields changed, the field that gets the message, and the message.
    type Case<'a> = (Vec<(&'static str, &'a str)>, &'static str, &'static str);
    let cases: Vec<Case> = vec![
        (
            vec![("inskriven", before_queue.as_str())],
            "inskriven",
            "då personen ställdes i kö",
        ),
        (
            vec![("inskriven", future.as_str())],
            "inskriven",
            "Datumet kan inte ligga i framtiden.",
        ),
        (
            vec![("inskriven", "")],
            "inskriven",
            "Fyll i datum för inskrivningen.",
        ),
        (
            vec![("fors_sjukpenning", "140")],
            "forsorjning",
            "Skriv omfattningen i procent, ett heltal 0–100.",
        ),
        (
            vec![("syss_sjukskriven", "-5")],
            "sysselsattning",
            "Skriv omfattningen i procent, ett heltal 0–100.",
        ),
        (
            vec![("fors_sjukpenning", ""), ("fors_okand", "")],
            "forsorjning",
            "Ange omfattning för minst en försörjningskälla",
        ),
        (
            vec![("identitet_personnummer", "850709-9806")],
            "identitet_personnummer",
            "",
        ),
        (
            vec![
                ("samtycke", "nej"),
                ("fors_sjukpenning", ""),
                ("syss_sjukskriven", ""),
                ("utbildning", ""),
                ("tid_offentlig", ""),
                ("sjalvskattning", ""),
                ("bostadskommun", ""),
            ],
            "identitet_namn",
            "Utan samtycke registreras personen anonymt",
        ),
        (
            vec![("samtycke_datum", future.as_str())],
            "samtycke_datum",
            "Datumet kan inte ligga i framtiden.",
        ),
        (
            vec![("uppfoljning_manader", "24")],
            "uppfoljning_manader",
            "Välj hur länge efter avslut uppföljning får göras.",
        ),
        (
            vec![("bostadskommun", "0180")],
            "bostadskommun",
            "Välj en av insatsens kommuner i listan.",
        ),
        (
            vec![("fodelsear", "85")],
            "fodelsear",
            "Skriv födelseåret med fyra siffror",
        ),
        (
            vec![("sjalvskattning", "11")],
            "sjalvskattning",
            "Välj ett värde från 1 till 10.",
        ),
    ];
    for (changes, field, message) in cases {
        let mut form = enrolment(&datum, &[]);
        for (k, v) in &changes {
            form.retain(|(key, _)| key != k);
            if !v.is_empty() {
                form.push((k, v.to_string()));
            }
        }
        let r = post_pairs(&mut coach, &path, &form).await;
        has_error(&r, field, message);
        assert!(
            r.body.contains("Anna Andersson") || changes.iter().any(|(k, _)| *k == "samtycke"),
            "values kept"
        );
    }
    for table in [
        "deltagare_samtycke",
        "deltagare_identitet",
        "deltagare_matning",
        "deltagare_forsorjning",
    ] {
        assert_eq!(count(&app, table).await, 0, "{table} untouched");
    }
    let status: String = app
        .scalar_in(
            "fjardlunda",
            &format!("select status from deltagare where forbund_id = $1 and deltagare_id = '{q}'"),
        )
        .await;
    assert_eq!(status, "i_ko");
}

#[tokio::test]
async fn activities_exits_and_follow_ups_keep_their_dates_in_order() {
    let mut app = TestApp::demo().await;
    insats(&app).await;
    app.login(KOORDINATOR).await;
    let mut coach = app.other_browser();
    coach.login(COACH).await;
    let (_, d) = enrolled(&mut app, &mut coach).await;
    let t = today(&app).await;
    let base = format!("/insatser/{KOD}/deltagare/{d}");
    let early = ago(t, 185);
    let r = coach
        .post(
            &format!("{base}/aktiviteter"),
            &[
                ("typ", "arbetstraning"),
                ("datum", &early),
                ("omfattning", "50"),
            ],
        )
        .await;
    has_error(&r, "datum", "då personen skrevs in");
    let ok = ago(t, 100);
    let r = coach
        .post(
            &format!("{base}/aktiviteter"),
            &[
                ("typ", "arbetstraning"),
                ("datum", &ok),
                ("omfattning", "150"),
            ],
        )
        .await;
    has_error(&r, "omfattning", "0–100");
    let r = coach
        .post(
            &format!("{base}/aktiviteter"),
            &[("typ", "mote"), ("datum", &ok)],
        )
        .await;
    has_error(&r, "motestyp", "Välj vilket slags möte.");
    let r = coach
        .post(
            &format!("{base}/aktiviteter"),
            &[
                ("typ", "stod"),
                ("datum", &ok),
                ("anteckning", "Följde med Anna Andersson till vården"),
            ],
        )
        .await;
    has_error(&r, "anteckning", "namn");
    assert_eq!(count(&app, "deltagare_aktivitet").await, 0);

    let r = coach
        .post(
            &format!("{base}/utskrivning"),
            &[
                ("utskriven", &early),
                ("avslutsanledning", "arbete"),
                ("syss_studier", "100"),
                ("fors_studiemedel", "100"),
            ],
        )
        .await;
    has_error(&r, "utskriven", "då personen skrevs in");
    let r = coach
        .post(
            &format!("{base}/utskrivning"),
            &[("utskriven", &ok), ("avslutsanledning", "arbete")],
        )
        .await;
    has_error(
        &r,
        "sysselsattning",
        "Ange omfattning för minst en sysselsättning",
    );
    let r = coach
        .post(
            &format!("{base}/uppfoljning"),
            &[
                ("tillfalle", "plus3"),
                ("datum", &ok),
                ("syss_studier", "100"),
                ("fors_studiemedel", "100"),
            ],
        )
        .await;
    has_error(
        &r,
        "tillfalle",
        "Samtycket omfattar inte den här uppföljningen.",
    );
    let status: String = app
        .scalar_in(
            "fjardlunda",
            &format!("select status from deltagare where forbund_id = $1 and deltagare_id = '{d}'"),
        )
        .await;
    assert_eq!(status, "inskriven", "nothing half-written");
    coach
        .post(
            &format!("{base}/utskrivning"),
            &[
                ("utskriven", &ok),
                ("avslutsanledning", "studier"),
                ("syss_studier", "100"),
                ("fors_studiemedel", "100"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let before_exit = ago(t, 101);
    let r = coach
        .post(
            &format!("{base}/uppfoljning"),
            &[
                ("tillfalle", "plus3"),
                ("datum", &before_exit),
                ("syss_studier", "100"),
                ("fors_studiemedel", "100"),
            ],
        )
        .await;
    has_error(&r, "datum", "då personen skrevs ut");
    assert_eq!(
        count(&app, "deltagare_matning").await,
        2,
        "baseline and exit only"
    );
}

#[tokio::test]
async fn the_offer_needs_an_insats_when_the_group_has_one() {
    let mut app = TestApp::demo().await;
    insats(&app).await;
    app.login(KOORDINATOR).await;
    let t = today(&app).await;
    let a = arende(&mut app).await;
    let d = ago(t, 1);
    let r = app
        .post(
            &format!("/arenden/{a}/atgarder"),
            &[("kod", "tillaggsresurs_erbjuden"), ("datum", &d)],
        )
        .await;
    has_error(&r, "insats", "Välj vilken insats personen erbjuds.");
    let i: Uuid = app
        .scalar_in(
            "fjardlunda",
            &format!("select insats_id from insats where forbund_id = $1 and kod = '{KOD}'"),
        )
        .await;
    let i = i.to_string();
    let r = app
        .post(
            &format!("/arenden/{a}/atgarder"),
            &[("kod", "kontakt_formedlad"), ("datum", &d), ("insats", &i)],
        )
        .await;
    has_error(
        &r,
        "insats",
        "Välj insats bara för åtgärden Tilläggsresurs erbjuden.",
    );
    assert_eq!(count(&app, "deltagare").await, 0);
    assert_eq!(count(&app, "atgard").await, 0, "nothing half-written");
}
