//! Registering ärenden: numbers, remembered choices, validation without half-writes, resubmits and concurrent creation.

use super::*;

#[tokio::test]
async fn a_coordinator_registers_an_arende_and_gets_its_number() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let form = app.get("/arenden/ny").await;
    form.assert_ok();
    assert!(form.body.contains("name=\"formular_id\""));
    assert!(form.text().contains("Skriv inga namn, personnummer"));
    let r = register(&mut app, "STL", &[]).await;
    let id = r.redirect_id();
    let page = app.get(&format!("/arenden/{id}")).await;
    page.assert_ok();
    let text = page.text();
    assert!(text.contains("Ärende 2026-STL-001"), "{text}");
    assert!(text.contains("Försäkringskassan LFC Västerlän – Sjukpenning"));
    assert!(text.contains("Kvinna"));
    assert!(text.contains("34 år"));
    assert!(text.contains("Stenbäck"));
    assert!(text.contains("Långtidssjukskriven"));
    assert!(text.contains("Struktur finns och tillämpas men räcker inte"));
    assert!(text.contains("Ärendet registrerades"));
    let second = register(&mut app, "STL", &[]).await.redirect_id();
    assert!(
        app.get(&format!("/arenden/{second}"))
            .await
            .text()
            .contains("2026-STL-002")
    );
    let fjl = register(&mut app, "FJL", &[("inkom", "2025-12-30")])
        .await
        .redirect_id();
    assert!(
        app.get(&format!("/arenden/{fjl}"))
            .await
            .text()
            .contains("2025-FJL-001")
    );
    let audit = app.audit_actions("fjardlunda").await;
    assert_eq!(audit.iter().filter(|a| *a == "arende.create").count(), 3);
    assert!(audit.contains(&"arende.read".to_string()));
}

#[tokio::test]
async fn the_form_remembers_the_last_group_and_sender_and_the_handlaggare_is_counted_once() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    register(&mut app, "STL", &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    register(&mut app, "STL", &[("handlaggare", "FK-H1")]).await;
    let form = app.get("/arenden/ny").await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    let unit = enhet_id(&app, "Sjukpenning").await;
    assert!(
        form.body
            .contains(&format!("<option value=\"{stl}\" selected>")),
        "last group preselected"
    );
    assert!(
        form.body
            .contains(&format!("<option value=\"enhet:{unit}\" selected>")),
        "last sender preselected"
    );
    let handlaggare: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from handlaggare where forbund_id = $1",
        )
        .await;
    assert_eq!(handlaggare, 1, "one handläggare, two ärenden");
}

#[tokio::test]
async fn every_field_is_validated_and_nothing_is_half_written() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("inkom", "2026-13-01")], "Skriv datumet som ÅÅÅÅ-MM-DD"),
        (
            &[("inkom", "2099-01-01")],
            "Datumet kan inte ligga i framtiden.",
        ),
        (&[("inkom", "")], "Fyll i datumet då ärendet kom in."),
        (&[("alder", "121")], "Åldern ska vara mellan 0 och 120 år."),
        (&[("alder", "-3")], "Åldern ska vara mellan 0 och 120 år."),
        (&[("kon", "annat")], "Välj kvinna, man eller okänt."),
        (&[("kanal", "brevduva")], "Välj en kanal i listan."),
        (&[("ersattning", "lotterivinst")], "Okänd ersättning"),
        (&[("malgrupp", "alla")], "Okänd målgrupp"),
        (
            &[("samverkansproblem", "okänt")],
            "Välj ett samverkansproblem i listan.",
        ),
        (&[("bostadskommun", "0000")], "Välj en kommun i listan."),
        (&[("avsandare", "")], "Välj vilken organisation"),
        (
            &[("avsandare", "enhet:00000000-0000-0000-0000-000000000000")],
            "Välj en organisation eller enhet i listan.",
        ),
        (
            &[("beskrivning", "Personen 850709-9805 behöver hjälp")],
            "liknar ett personnummer",
        ),
        (&[("handlaggare", "19850709-9805")], "inte ett personnummer"),
    ];
    for (changes, message) in cases {
        let form = intake(&app, "STL", changes).await;
        let r = submit(&mut app, &form).await;
        r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains(message), "{changes:?}: {}", r.text());
        assert!(r.body.contains("Rätta följande"), "summary shown");
    }
    let long = "x".repeat(4001);
    let r = register(&mut app, "STL", &[("beskrivning", &long)]).await;
    assert!(r.text().contains("högst 4000 tecken"));
    let nrv = lokus_id(&app, "fjardlunda", "NRV").await.to_string();
    let r = register(&mut app, "STL", &[("lokus", &nrv)]).await;
    assert!(
        r.text().contains("Välj en av dina LOKUS-grupper."),
        "another group is refused"
    );
    let typed = register(
        &mut app,
        "STL",
        &[("alder", "200"), ("handlaggare", "AF-77")],
    )
    .await;
    assert!(
        typed.body.contains("value=\"200\""),
        "typed values are kept"
    );
    assert!(typed.body.contains("value=\"AF-77\""));
    assert_eq!(count(&app).await, 0, "nothing was written");
    let numbers: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from arende_nummer where forbund_id = $1",
        )
        .await;
    assert_eq!(numbers, 0, "no number was taken");
    let id = register(&mut app, "STL", &[]).await.redirect_id();
    assert!(
        app.get(&format!("/arenden/{id}"))
            .await
            .text()
            .contains("2026-STL-001"),
        "the first valid one gets 001"
    );
}

#[tokio::test]
async fn a_second_submit_of_the_same_form_creates_nothing_new() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let form = intake(&app, "STL", &[]).await;
    let first = submit(&mut app, &form).await;
    let again = submit(&mut app, &form).await;
    assert_eq!(first.redirect_id(), again.redirect_id());
    assert!(again.location().ends_with("klart=fanns"));
    assert_eq!(count(&app).await, 1);
    let page = app.get(again.location()).await;
    assert!(page.text().contains("Formuläret hade redan skickats"));
}

#[tokio::test]
async fn numbers_are_gapless_and_unique_under_concurrent_creation() {
    let app = TestApp::demo().await;
    let forbund = lotsen_core::admin::forbund::by_slug(&app.t.db, "fjardlunda")
        .await
        .unwrap();
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    let template = intake(&app, "STL", &[]).await;
    let user = app
        .user_id("fjardlunda", "koordinator@demo.lotsen.example")
        .await;
    let mut ctx = Ctx::cli(Some(forbund));
    ctx.user_id = user;
    ctx.actor.user_id = user;
    ctx.actor.system_admin = false;
    ctx.actor.grants = vec![Grant {
        role: Role::Koordinator,
        lokus: Some(stl),
    }];
    let mut tasks = Vec::new();
    for _ in 0..24 {
        let db = app.t.db.clone();
        let ctx = ctx.clone();
        let mut form = arende_form(&template);
        form.formular_id = Uuid::now_v7().to_string();
        tasks.push(tokio::spawn(async move {
            create::create(&db, &ctx, &form).await
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await.unwrap().unwrap().nummer);
    }
    numbers.sort();
    let expected: Vec<String> = (1..=24).map(|n| format!("2026-STL-{n:03}")).collect();
    assert_eq!(numbers, expected);
}
