//! A request from sending to the answer, and the other ways it can end.

use super::*;

#[tokio::test]
async fn a_request_goes_from_the_handlaggare_to_an_arende_and_back_with_an_answer() {
    let mut fk = TestApp::demo().await;
    fk.login(FK).await;
    fk.get("/forfragningar/ny").await.assert_ok();
    let id = send(&mut fk, &[]).await;
    let own = fk.get(&format!("/forfragningar/{id}?klart=skickad")).await;
    own.assert_ok();
    assert!(own.text().contains("Skickad"), "{}", own.text());
    // The login now counts under a generated pseudonymous code at FK.
    let kod = column(&fk, id, "(select kod from handlaggare h where h.forbund_id = forfragan.forbund_id and h.handlaggare_id = forfragan.handlaggare_id and h.user_id = forfragan.avsandare)").await;
    assert!(kod.starts_with("FK-") && kod.len() == 7, "{kod}");
    assert_eq!(column(&fk, id, "status").await, "skickad");

    let mut sk = fk.other_browser();
    sk.login(KOORDINATOR).await;
    let start = sk.get("/").await;
    assert!(
        start.body.contains(&format!("/forfragningar/{id}")),
        "start page lists it"
    );
    assert!(
        start.body.contains("class=\"nav-count\">1<"),
        "the navigation counts it"
    );
    let listed = sk.get("/arenden?status=ny").await;
    assert!(listed.body.contains(&format!("/forfragningar/{id}")));
    let opened = sk.get(&format!("/forfragningar/{id}")).await;
    opened.assert_ok();
    assert!(
        opened.text().contains("Eva Sjöberg"),
        "the coordinator sees who sent it"
    );
    assert!(opened.text().contains(&kod));
    assert_eq!(column(&sk, id, "status").await, "mottagen");

    // The intake form comes prefilled from the request.
    let prefilled = sk.get(&format!("/arenden/ny?forfragan={id}")).await;
    prefilled.assert_ok();
    for needle in [
        "value=\"portal\" selected",
        "value=\"9902\" selected",
        "Sjukskriven sedan länge, behöver samordnad kontakt med psykiatrin.",
        "Detta har prövats: Avstämningsmöte med vården i våras.",
        kod.as_str(),
    ] {
        assert!(prefilled.body.contains(needle), "{needle}");
    }
    let arende = accept(&mut sk, id).await;
    assert_eq!(column(&sk, id, "status").await, "accepterad");
    assert_eq!(column(&sk, id, "arende_id").await, arende.to_string());
    let same_code: bool = sk
        .scalar_in(
            "fjardlunda",
            &format!(
                "select a.handlaggare_id = q.handlaggare_id and a.kanal = 'portal' from arende a \
                 join forfragan q on q.forbund_id = a.forbund_id and q.arende_id = a.arende_id \
                 where a.forbund_id = $1 and a.arende_id = '{arende}'"
            ),
        )
        .await;
    assert!(
        same_code,
        "the ärende counts under the request's handläggare code"
    );

    let page = sk.get(&format!("/arenden/{arende}")).await;
    assert!(page.text().contains("Svar till handläggaren"));
    sk.post(
        &format!("/arenden/{arende}/svar"),
        &[("svar", "Vi kallar till ett flerpartsmöte inom två veckor.")],
    )
    .await
    .assert_redirect_to(&format!("/arenden/{arende}?klart=sparat"));
    sk.post(
        &format!("/arenden/{arende}/anteckning"),
        &[(
            "anteckning_text",
            "Intern anteckning som handläggaren inte ska se",
        )],
    )
    .await;
    sk.post(
        &format!("/arenden/{arende}/atgarder"),
        &[
            ("kod", "flerpartsmote"),
            ("anteckning", "Åtgärd som bara koordinatorn ser"),
        ],
    )
    .await;

    let home = fk.get("/").await;
    assert!(
        home.body.contains("class=\"nav-count\">1<"),
        "news for the sender"
    );
    let seen = fk.get(&format!("/forfragningar/{id}")).await;
    let text = seen.text();
    assert!(text.contains("Pågår"), "{text}");
    assert!(text.contains("Vi kallar till ett flerpartsmöte inom två veckor."));
    let nummer: String = sk
        .scalar_in(
            "fjardlunda",
            &format!("select nummer from arende where forbund_id = $1 and arende_id = '{arende}'"),
        )
        .await;
    assert!(text.contains(&nummer));
    assert!(!text.contains("Intern anteckning"));
    assert!(!text.contains("Åtgärd som bara koordinatorn ser"));
    assert!(!text.contains("Flerpartsmöte"));
    assert!(
        !fk.get("/").await.body.contains("nav-count"),
        "read: no news left"
    );

    // Closing the ärende is the request's end, and the sender sees it.
    sk.post(
        &format!("/arenden/{arende}/avsluta"),
        &[
            ("avslut", "lotsad_ordinarie"),
            ("avslutad_datum", &column(&sk, id, "lotsen_today()").await),
        ],
    )
    .await
    .assert_redirect_to(&format!("/arenden/{arende}?klart=sparat"));
    let closed = fk.get(&format!("/forfragningar/{id}")).await.text();
    assert!(
        closed.contains("Avslutad") && closed.contains("Ärendet avslutat"),
        "{closed}"
    );

    let actions = sk.audit_actions("fjardlunda").await;
    for a in [
        "forfragan.send",
        "forfragan.read",
        "forfragan.receive",
        "forfragan.accept",
        "forfragan.answer",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
}

#[tokio::test]
async fn the_number_is_given_at_acceptance_so_declined_requests_leave_no_gap() {
    let mut fk = TestApp::demo().await;
    fk.login(FK).await;
    let declined = send(&mut fk, &[]).await;
    let accepted = send(&mut fk, &[]).await;
    let mut sk = fk.other_browser();
    sk.login(KOORDINATOR).await;
    let before: i64 = sk
        .scalar_in(
            "fjardlunda",
            "select coalesce(max(senaste), 0)::bigint from arende_nummer n join lokus_grupp l \
             using (forbund_id, lokus_id) where n.forbund_id = $1 and l.kod = 'STL' \
             and n.ar = extract(year from lotsen_today())",
        )
        .await;
    sk.post(
        &format!("/forfragningar/{declined}/avboj"),
        &[
            ("orsak", "ordinarie_verksamhet"),
            ("text", "Kontakta vårdcentralen först."),
        ],
    )
    .await
    .assert_redirect_to("/forfragningar?klart=avbojd");
    let arende = accept(&mut sk, accepted).await;
    let lopnummer: i64 = sk
        .scalar_in(
            "fjardlunda",
            &format!("select lopnummer::bigint from arende where forbund_id = $1 and arende_id = '{arende}'"),
        )
        .await;
    assert_eq!(lopnummer, before + 1);
    let seen = fk.get(&format!("/forfragningar/{declined}")).await.text();
    assert!(seen.contains("Avböjd"));
    assert!(seen.contains("Hör till ordinarie verksamhet – hänvisad"));
    assert!(seen.contains("Kontakta vårdcentralen först."));
    // A declined request cannot be accepted afterwards: the link leads to where it stands.
    sk.get(&format!("/arenden/ny?forfragan={declined}"))
        .await
        .assert_redirect_to(&format!("/forfragningar/{declined}"));
}

#[tokio::test]
async fn the_sender_withdraws_until_a_coordinator_decides() {
    let mut af = TestApp::demo().await;
    af.login(AF).await;
    let open = send(&mut af, &[]).await;
    af.post(&format!("/forfragningar/{open}/aterkalla"), &[])
        .await
        .assert_redirect_to(&format!("/forfragningar/{open}?klart=aterkallad"));
    assert_eq!(column(&af, open, "status").await, "aterkallad");
    let mut sk = af.other_browser();
    sk.login(KOORDINATOR).await;
    assert!(
        !sk.get("/forfragningar")
            .await
            .body
            .contains(&open.to_string())
    );

    let taken = send(&mut af, &[]).await;
    accept(&mut sk, taken).await;
    let refused = af
        .post(&format!("/forfragningar/{taken}/aterkalla"), &[])
        .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("kan inte återkallas"));
    assert_eq!(column(&af, taken, "status").await, "accepterad");
}

#[tokio::test]
async fn forwarding_hands_the_request_to_the_other_groups_coordinators() {
    let mut fk = TestApp::demo().await;
    fk.login(FK).await;
    let id = send(&mut fk, &[]).await;
    let mut sk = fk.other_browser();
    sk.login(KOORDINATOR).await;
    let nrv: String = sk
        .scalar_in(
            "fjardlunda",
            "select lokus_id::text from lokus_grupp where forbund_id = $1 and kod = 'NRV'",
        )
        .await;
    sk.post(
        &format!("/forfragningar/{id}/vidarebefordra"),
        &[("lokus", &nrv)],
    )
    .await
    .assert_redirect_to("/forfragningar?klart=vidare");
    assert_eq!(column(&sk, id, "status").await, "skickad");
    // NRV is not the demo coordinator's group: the request is out of their reach now.
    sk.get(&format!("/forfragningar/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let seen = fk.get(&format!("/forfragningar/{id}")).await.text();
    assert!(
        seen.contains("Vidarebefordrad") && seen.contains("Norrvreta"),
        "{seen}"
    );
}

#[tokio::test]
async fn a_kommun_covered_by_two_groups_asks_which_group() {
    let mut fk = TestApp::demo().await;
    fk.scalar_in::<i64>(
        "fjardlunda",
        "with x as (insert into lokus_kommun (forbund_id, lokus_id, kommun_kod) \
         select forbund_id, lokus_id, '9902' from lokus_grupp where forbund_id = $1 and kod = 'FJL' \
         returning 1) select count(*) from x",
    )
    .await;
    fk.login(FK).await;
    let page = fk.get("/forfragningar/ny").await;
    assert!(
        page.body.contains("id=\"f-lokus\""),
        "the group choice appears"
    );
    let r = post_pairs(&mut fk, "/forfragningar/ny", &request(&[])).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Flera LOKUS-grupper täcker kommunen"));
    assert_eq!(count(&fk, "forfragan").await, 0);
    let fjl: String = fk
        .scalar_in(
            "fjardlunda",
            "select lokus_id::text from lokus_grupp where forbund_id = $1 and kod = 'FJL'",
        )
        .await;
    let mut form = request(&[]);
    form.push(("lokus", fjl.clone()));
    let r = post_pairs(&mut fk, "/forfragningar/ny", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(column(&fk, r.redirect_id(), "lokus_id").await, fjl);
}

#[tokio::test]
async fn a_coordinator_links_the_login_to_the_code_used_by_phone() {
    let mut sk = TestApp::demo().await;
    sk.login(KOORDINATOR).await;
    // By phone, the coordinator has registered Eva at FK as FK-H9.
    let phone = crate::arenden::intake(&sk, "STL", &[("handlaggare", "FK-H9")]).await;
    let pairs: Vec<(&str, &str)> = phone
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    sk.post("/arenden/ny", &pairs).await;
    let mut fk = sk.other_browser();
    fk.login(FK).await;
    let id = send(&mut fk, &[]).await;
    let generated = column(&sk, id, "handlaggare_id").await;
    let page = sk.get(&format!("/forfragningar/{id}")).await;
    assert!(
        page.body.contains("<option value=\"FK-H9\">"),
        "FK-H9 is offered"
    );
    let r = sk
        .post(
            &format!("/forfragningar/{id}/handlaggarkod"),
            &[("kod", "FK-H7")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Välj en kod i listan"));
    sk.post(
        &format!("/forfragningar/{id}/handlaggarkod"),
        &[("kod", "FK-H9")],
    )
    .await
    .assert_redirect_to(&format!("/forfragningar/{id}"));
    let kod = column(&sk, id, "(select kod || ':' || coalesce(user_id = forfragan.avsandare, false)::text from handlaggare h where h.forbund_id = forfragan.forbund_id and h.handlaggare_id = forfragan.handlaggare_id)").await;
    assert_eq!(kod, "FK-H9:true");
    let left: i64 = sk
        .scalar_in(
            "fjardlunda",
            &format!("select count(*) from handlaggare where forbund_id = $1 and handlaggare_id = '{generated}'"),
        )
        .await;
    assert_eq!(left, 0, "the generated code is gone");
    // The next request counts under FK-H9 too, and the accepted ärende as well.
    let next = send(&mut fk, &[]).await;
    let arende = accept(&mut sk, next).await;
    let codes: String = sk
        .scalar_in(
            "fjardlunda",
            &format!(
                "select h.kod from arende a join handlaggare h using (forbund_id, handlaggare_id) \
                 where a.forbund_id = $1 and a.arende_id = '{arende}'"
            ),
        )
        .await;
    assert_eq!(codes, "FK-H9");
    assert!(
        sk.audit_actions("fjardlunda")
            .await
            .iter()
            .any(|a| a == "handlaggare.link")
    );
}
