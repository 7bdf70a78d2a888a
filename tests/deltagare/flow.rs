//! The coach's day through the router: offer → queue → inskrivning with consent and baseline →
//! arbetsträning → utskrivning with the measurement at exit → follow-up due and recorded →
//! a correction kept as history; the coordinator sees only the status; anonymous mode;
//! withdrawal deletes the identity; felregistrering.

use super::*;

#[tokio::test]
async fn the_coach_runs_a_participant_from_the_queue_to_the_follow_up() {
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
    // The action form offers the insats; recording the offer puts the person in the queue.
    let page = app.get(&format!("/arenden/{a}")).await;
    assert!(page.text().contains("Kö till insats"), "{}", page.text());
    offer(&mut app, a, i, &ago(t, 190))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = app.get(&format!("/arenden/{a}")).await.text();
    assert!(page.contains("Social arbetscoach (test): I kö"), "{page}");

    // The coach sees the queue, de-identified, and enrols the person.
    let mut coach = app.other_browser();
    coach.login(COACH).await;
    let list = coach.get(&format!("/insatser/{KOD}/deltagare")).await;
    list.assert_ok();
    let text = list.text();
    assert!(text.contains("Kvinna, född 1992, Stenbäck"), "{text}");
    assert!(
        text.contains("LOKUS STL") && text.contains("190 dagar"),
        "{text}"
    );
    let d = queued(&app, a).await;
    let form = coach.get(&format!("/insatser/{KOD}/ko/{d}/inskriv")).await;
    form.assert_ok();
    assert!(form.text().contains(
        "Personuppgiftsansvarig för deltagarna är Stenbäcks kommun, socialförvaltningen"
    ));
    let r = post_pairs(
        &mut coach,
        &format!("/insatser/{KOD}/ko/{d}/inskriv"),
        &enrolment(&ago(t, 180), &[]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        r.location(),
        format!("/insatser/{KOD}/deltagare/{d}?klart=skapad")
    );
    let page = coach
        .get(&format!("/insatser/{KOD}/deltagare/{d}"))
        .await
        .text();
    assert!(page.contains("Deltagare 1 – Anna Andersson"), "{page}");
    assert!(page.contains("19850709-9805"));
    assert!(page.contains("Sjukpenning eller rehabiliteringspenning 100 %"));
    assert!(page.contains("Självskattning: 3 av 10"));

    // The ärende records "Tilläggsresurs påbörjad" and shows the status, never the coach's data.
    let page = app.get(&format!("/arenden/{a}")).await.text();
    assert!(page.contains("Tilläggsresurs påbörjad"), "{page}");
    assert!(
        page.contains(&format!(
            "Social arbetscoach (test): Inskriven, i kö från {}, inskriven {}",
            ago(t, 190),
            ago(t, 180)
        )),
        "{page}"
    );
    assert!(!page.contains("Anna Andersson") && !page.contains("Självskattning"));

    // Arbetsträning on the timeline.
    let base = format!("/insatser/{KOD}/deltagare/{d}");
    let at = ago(t, 170);
    coach
        .post(
            &format!("{base}/aktiviteter"),
            &[
                ("typ", "arbetstraning"),
                ("datum", &at),
                ("omfattning", "50"),
                ("plats", "Second hand-butiken"),
                ("part", "af"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = coach.get(&base).await.text();
    assert!(
        page.contains(&format!(
            "{at} Arbetsträning eller praktik · 50 % · Second hand-butiken · med Arbetsförmedlingen"
        )),
        "{page}"
    );

    // Utskrivning with the measurement at exit.
    let ut = ago(t, 95);
    let r = coach
        .post(
            &format!("{base}/utskrivning"),
            &[
                ("utskriven", &ut),
                ("avslutsanledning", "arbete"),
                ("nasta_steg", "Anställning med lönebidrag."),
                ("mottagande_part", "af"),
                ("syss_subventionerat_arbete", "75"),
                ("fors_lon", "75"),
                ("fors_sjukpenning", "25"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = app.get(&format!("/arenden/{a}")).await.text();
    assert!(
        page.contains(&format!(
            "Utskriven, i kö från {}, inskriven {}, utskriven {ut}",
            ago(t, 190),
            ago(t, 180)
        )),
        "{page}"
    );

    // The +3 follow-up is due on the coach's start page; it is recorded once, never overwritten.
    let start = coach.get("/").await.text();
    assert!(
        start.contains("Deltagare 1 – Anna Andersson: Uppföljning efter 3 månader"),
        "{start}"
    );
    let uf = ago(t, 1);
    let follow = [
        ("tillfalle", "plus3"),
        ("datum", uf.as_str()),
        ("syss_forvarvsarbete", "100"),
        ("fors_lon", "100"),
    ];
    coach
        .post(&format!("{base}/uppfoljning"), &follow)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let again = coach.post(&format!("{base}/uppfoljning"), &follow).await;
    again.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again
            .text()
            .contains("Mätningen finns redan. Rätta den i stället.")
    );
    let start = coach.get("/").await.text();
    assert!(!start.contains("Uppföljning efter 3 månader"), "{start}");

    // A correction keeps the old value as history.
    let m: Uuid = app
        .scalar_in("fjardlunda", &format!("select matning_id from deltagare_matning where forbund_id = $1 and deltagare_id = '{d}' and tillfalle = 'efter'"))
        .await;
    let form = coach.get(&format!("{base}/matningar/{m}/ratta")).await;
    form.assert_ok();
    assert!(form.body.contains("value=\"75\""), "prefilled");
    coach
        .post(
            &format!("{base}/matningar/{m}/ratta"),
            &[
                ("datum", &ut),
                ("syss_subventionerat_arbete", "100"),
                ("fors_lon", "100"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = coach.get(&base).await.text();
    assert!(
        page.contains("Vid utskrivning (rättad, historik)"),
        "{page}"
    );
    assert!(page.contains("Subventionerat arbete (lönebidrag, nystartsjobb …) 100 %"));
    let n: i64 = app
        .scalar_in("fjardlunda", &format!("select count(*) from deltagare_matning where forbund_id = $1 and deltagare_id = '{d}' and tillfalle = 'efter'"))
        .await;
    assert_eq!(n, 2, "the old measurement is kept");

    // Every step is audited, with ids only.
    let actions = app.audit_actions("fjardlunda").await;
    for a in [
        "deltagare.queue",
        "deltagare.list",
        "deltagare.enrol",
        "deltagare.read",
        "deltagare.activity",
        "deltagare.exit",
        "deltagare.follow_up",
        "deltagare.correct",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    let objects: i64 = app
        .scalar_in("fjardlunda", "select count(*) from audit_event where forbund_id = $1 and action like 'deltagare.%' and object_type not in ('deltagare', 'insats')")
        .await;
    assert_eq!(
        objects, 0,
        "audit rows name the participant or insats by id only"
    );
    assert_eq!(
        stale_groups(&app).await,
        0,
        "every write kept the report groups"
    );
}

#[tokio::test]
async fn without_consent_the_participant_is_anonymous() {
    let app = TestApp::demo().await;
    insats(&app).await;
    let t = today(&app).await;
    let mut coach = app.other_browser();
    coach.login(COACH).await;
    let datum = ago(t, 10);
    let r = coach
        .post(
            &format!("/insatser/{KOD}/deltagare/ny"),
            &[
                ("inskriven", &datum),
                ("kalla", "direkt"),
                ("kon", "man"),
                ("fodelsear", "2001"),
                ("samtycke", "nej"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let d = r.redirect_id();
    let page = coach
        .get(&format!("/insatser/{KOD}/deltagare/{d}"))
        .await
        .text();
    assert!(
        page.contains("Anonym registrering: bara kön, födelseår och startår."),
        "{page}"
    );
    assert!(page.contains("Man, född 2001"));
    assert_eq!(count(&app, "deltagare_matning").await, 0);
    // Skyddade personuppgifter: anonymous even with consent, and nothing identifying accepted.
    let r = post_pairs(
        &mut coach,
        &format!("/insatser/{KOD}/deltagare/ny"),
        &enrolment(&datum, &[("kalla", "direkt"), ("skyddad", "ja")]),
    )
    .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(text.contains("skyddade personuppgifter"), "{text}");
    assert_eq!(count(&app, "deltagare").await, 1, "nothing half-written");
}

#[tokio::test]
async fn a_withdrawn_consent_deletes_the_identity_and_ends_follow_up() {
    let mut app = TestApp::demo().await;
    insats(&app).await;
    app.login(KOORDINATOR).await;
    let mut coach = app.other_browser();
    coach.login(COACH).await;
    let (_, d) = enrolled(&mut app, &mut coach).await;
    let t = today(&app).await;
    let base = format!("/insatser/{KOD}/deltagare/{d}");
    coach
        .post(
            &format!("{base}/samtycke/aterkalla"),
            &[("aterkallad", &ago(t, 5))],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        count(&app, "deltagare_identitet").await,
        0,
        "identity deleted"
    );
    let page = coach.get(&base).await.text();
    assert!(!page.contains("Anna Andersson"), "{page}");
    assert!(page.contains("Samtycket återkallades"));
    assert!(
        page.contains("Samtycket återkallat (avbrutet)"),
        "the running enrolment ends as avbrutet"
    );
    assert!(!page.contains("Registrera uppföljningen"));
    // A follow-up is refused: the consent no longer covers it.
    let r = coach
        .post(
            &format!("{base}/uppfoljning"),
            &[
                ("tillfalle", "plus3"),
                ("datum", &ago(t, 1)),
                ("syss_okand", "100"),
                ("fors_okand", "100"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .contains("Samtycket omfattar inte den här uppföljningen.")
    );
}

#[tokio::test]
async fn a_felregistrering_leaves_the_arende_panel_and_a_struck_entry_leaves_the_queue() {
    let mut app = TestApp::demo().await;
    insats(&app).await;
    app.login(KOORDINATOR).await;
    let mut coach = app.other_browser();
    coach.login(COACH).await;
    let (a, d) = enrolled(&mut app, &mut coach).await;
    let t = today(&app).await;
    coach
        .post(
            &format!("/insatser/{KOD}/deltagare/{d}/utskrivning"),
            &[
                ("utskriven", &ago(t, 170)),
                ("avslutsanledning", "felregistrering"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = app.get(&format!("/arenden/{a}")).await.text();
    assert!(!page.contains("Social arbetscoach (test):"), "{page}");
    // A new offer queues again (the earlier enrolment is over); striking empties the queue.
    let i: Uuid = app
        .scalar_in(
            "fjardlunda",
            &format!("select insats_id from insats where forbund_id = $1 and kod = '{KOD}'"),
        )
        .await;
    offer(&mut app, a, i, &ago(t, 3))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let q: Uuid = app
        .scalar_in("fjardlunda", &format!("select deltagare_id from deltagare where forbund_id = $1 and arende_id = '{a}' and status = 'i_ko'"))
        .await;
    // A second offer while queued is refused beside the field.
    let r = offer(&mut app, a, i, &ago(t, 2)).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .contains("Personen står redan i kö till eller är inskriven i den här insatsen.")
    );
    coach
        .post(&format!("/insatser/{KOD}/ko/{q}/stryk"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let list = coach
        .get(&format!("/insatser/{KOD}/deltagare"))
        .await
        .text();
    assert!(list.contains("Ingen står i kö."), "{list}");
}

#[tokio::test]
async fn a_request_for_tillaggsresurs_is_accepted_straight_into_the_queue() {
    let mut app = TestApp::demo().await;
    let i = insats(&app).await;
    app.login("fk@demo.lotsen.example").await;
    let request = crate::forfragningar::send(&mut app, &[("typ", "tillaggsresurs")]).await;
    let mut sk = app.other_browser();
    sk.login(KOORDINATOR).await;
    let page = sk.get(&format!("/arenden/ny?forfragan={request}")).await;
    assert!(
        page.text().contains("Kö till tilläggsresurs"),
        "{}",
        page.text()
    );
    let mut form = crate::forfragningar::accept_form(&mut sk, request).await;
    // An insats that does not take people from the group is refused, and nothing is written.
    form.push(("insats".into(), Uuid::now_v7().to_string()));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = sk.post("/arenden/ny", &pairs).await;
    has_insats_error(&r);
    assert_eq!(count(&sk, "arende").await, 0);
    form.retain(|(k, _)| k != "insats");
    form.push(("insats".into(), i.to_string()));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = sk.post("/arenden/ny", &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let a = r.redirect_id();
    let page = sk.get(&format!("/arenden/{a}")).await.text();
    assert!(page.contains("Tilläggsresurs erbjuden"), "{page}");
    assert!(page.contains("Social arbetscoach (test): I kö"), "{page}");
    let mut coach = app.other_browser();
    coach.login(COACH).await;
    let list = coach
        .get(&format!("/insatser/{KOD}/deltagare"))
        .await
        .text();
    assert!(list.contains("Plats"), "{list}");
    queued(&app, a).await;
}

fn has_insats_error(r: &Resp) {
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"f-insats-fel\""), "{}", r.text());
    assert!(r.text().contains("Välj en insats i listan."));
}
