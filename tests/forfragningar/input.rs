//! Bad input on every request form: a Swedish message beside the field, 422, nothing written.

use super::*;

/// (fields changed, the field with the error, a part of its message)
type Case = (
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
);

#[tokio::test]
async fn bad_input_on_the_request_form_is_refused_beside_each_field() {
    let mut app = TestApp::demo().await;
    app.login(FK).await;
    let cases: &[Case] = &[
        (&[("typ", "")], "f-typ", "Välj vad du vill ha hjälp med."),
        (&[("kon", "")], "f-kon", "Välj kvinna, man eller okänt."),
        (&[("alder", "")], "f-alder", "kryssa i ”Vet ej”"),
        (&[("alder", "trettio")], "f-alder", "Skriv åldern i hela år"),
        (&[("alder", "130")], "f-alder", "mellan 0 och 120"),
        (
            &[("bostadskommun", "")],
            "f-bostadskommun",
            "Välj personens bostadskommun.",
        ),
        (
            &[("bostadskommun", "0180")],
            "f-bostadskommun",
            "Ingen LOKUS-grupp i förbundet täcker",
        ),
        (
            &[("fraga", "")],
            "f-fraga",
            "Beskriv kort vad du behöver hjälp med.",
        ),
        (
            &[("fraga", "Gäller 19850312-1234")],
            "f-fraga",
            "personnummer",
        ),
        (
            &[("fraga", "Gäller Anna Svensson i Stenbäck")],
            "f-fraga",
            "ser ut att innehålla ett namn",
        ),
        (
            &[("provat", "Pratat med Ahmed Hassan")],
            "f-provat",
            "ser ut att innehålla ett namn",
        ),
        (
            &[("bradska", "genast")],
            "f-bradska",
            "Välj hur brådskande det är.",
        ),
        (
            &[("samtycke", "")],
            "f-samtycke",
            "Välj vilket samtycke som finns.",
        ),
        (
            &[("samtycke_part", "")],
            "f-samtycke_part",
            "Välj vilka parter samtycket gäller.",
        ),
        (
            &[("svarssatt", "brev")],
            "f-svarssatt",
            "Välj hur du vill få svar.",
        ),
        (
            &[("ersattning", "guld")],
            "f-ersattning",
            "Okänd ersättning",
        ),
        (&[("formular_id", "x")], "f-formular_id", "Ladda om sidan"),
    ];
    for (changes, field, message) in cases {
        let r = post_pairs(&mut app, "/forfragningar/ny", &request(changes)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{changes:?}");
        assert!(
            r.body.contains(&format!("id=\"{field}-fel\"")),
            "{changes:?}: {}",
            r.text()
        );
        assert!(r.text().contains(message), "{changes:?}: {}", r.text());
    }
    // What was typed comes back.
    let r = post_pairs(
        &mut app,
        "/forfragningar/ny",
        &request(&[("typ", ""), ("provat", "Har provat arbetsträning")]),
    )
    .await;
    assert!(r.body.contains("Har provat arbetsträning"));
    assert_eq!(count(&app, "forfragan").await, 0);
    assert_eq!(
        count(&app, "handlaggare").await,
        0,
        "no code made for a refused request"
    );
    // Vet ej is an answer.
    send(&mut app, &[("alder", ""), ("alder_okand", "ja")]).await;
    assert_eq!(count(&app, "forfragan").await, 1);
}

#[tokio::test]
async fn a_second_submit_of_the_same_form_sends_nothing_new() {
    let mut app = TestApp::demo().await;
    app.login(FK).await;
    let form = request(&[]);
    let first = post_pairs(&mut app, "/forfragningar/ny", &form)
        .await
        .redirect_id();
    let second = post_pairs(&mut app, "/forfragningar/ny", &form)
        .await
        .redirect_id();
    assert_eq!(first, second);
    assert_eq!(count(&app, "forfragan").await, 1);
}

#[tokio::test]
async fn bad_input_on_the_coordinators_forms_changes_nothing() {
    let mut fk = TestApp::demo().await;
    fk.login(FK).await;
    let id = send(&mut fk, &[]).await;
    let mut sk = fk.other_browser();
    sk.login(KOORDINATOR).await;
    for (path, form, field, message) in [
        (
            format!("/forfragningar/{id}/avboj"),
            vec![],
            "f-orsak",
            "Välj varför förfrågan avböjs.",
        ),
        (
            format!("/forfragningar/{id}/avboj"),
            vec![("orsak", "annat")],
            "f-text",
            "Förklara för handläggaren",
        ),
        (
            format!("/forfragningar/{id}/avboj"),
            vec![("orsak", "ej_malgrupp"), ("text", "Heter Berglund")],
            "f-text",
            "namn",
        ),
        (
            format!("/forfragningar/{id}/vidarebefordra"),
            vec![("lokus", "nej")],
            "f-lokus",
            "Välj den LOKUS-grupp som ska ta över.",
        ),
    ] {
        let r = sk.post(&path, &form).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {form:?}"
        );
        assert!(
            r.body.contains(&format!("id=\"{field}-fel\"")),
            "{path}: {}",
            r.text()
        );
        assert!(r.text().contains(message), "{path}: {}", r.text());
    }
    // Forwarding to its own group is no forwarding.
    let own: String = column(&sk, id, "lokus_id").await;
    let r = sk
        .post(
            &format!("/forfragningar/{id}/vidarebefordra"),
            &[("lokus", &own)],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(column(&sk, id, "status").await, "mottagen");
    let arende = accept(&mut sk, id).await;
    let before = count(&sk, "forfragan_handelse").await;
    let r = sk
        .post(&format!("/arenden/{arende}/svar"), &[("svar", "  ")])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Skriv svaret till handläggaren."));
    assert_eq!(count(&sk, "forfragan_handelse").await, before);
    // An ärende that came by phone has no one to answer.
    let phone = crate::arenden::intake(&sk, "STL", &[]).await;
    let pairs: Vec<(&str, &str)> = phone
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let other = sk.post("/arenden/ny", &pairs).await.redirect_id();
    sk.post(&format!("/arenden/{other}/svar"), &[("svar", "Hej")])
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
