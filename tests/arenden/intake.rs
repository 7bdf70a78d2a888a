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

async fn submit_to(app: &mut TestApp, path: &str, form: &[(String, String)]) -> Resp {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post(path, &pairs).await
}

#[tokio::test]
async fn the_first_field_takes_focus_and_after_errors_the_summary_does() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let form = app.get("/arenden/ny").await;
    form.assert_ok();
    assert_eq!(form.body.matches("autofocus").count(), 1, "one autofocus");
    assert!(
        form.body
            .contains("<select id=\"f-lokus\" name=\"lokus\" autofocus>")
    );
    // The progressive enhancements: a same-origin script (the CSP has no inline script) and
    // the markers it acts on; the form itself is plain HTML.
    assert!(
        form.body
            .contains("<script src=\"/static/intake.js\" defer></script>")
    );
    assert_eq!(form.body.matches("data-roving").count(), 2);
    assert!(form.body.contains("name=\"avsandare\" data-combobox"));
    let script = app.get("/static/intake.js").await;
    script.assert_ok();
    assert_eq!(
        script.headers["content-type"],
        "text/javascript; charset=utf-8"
    );
    // The date is a text field (one tab stop instead of the date input's segments).
    assert!(
        form.body
            .contains("id=\"f-inkom\" name=\"inkom\" type=\"text\"")
    );

    let bad = register(&mut app, "STL", &[("alder", "200")]).await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body.matches("autofocus").count(), 1, "one autofocus");
    assert!(
        bad.body.contains(
            "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"felsammanfattning\" tabindex=\"-1\" autofocus>"
        ),
        "the summary takes focus"
    );

    // The edit form: its first field is the date.
    let id = register(&mut app, "STL", &[]).await.redirect_id();
    let edit = app.get(&format!("/arenden/{id}/andra")).await;
    edit.assert_ok();
    assert_eq!(edit.body.matches("autofocus").count(), 1);
    assert!(
        edit.body
            .contains("autocomplete=\"off\" aria-describedby=\"f-inkom-tips\" autofocus>")
    );
    assert!(
        !edit.text().contains("Spara och registrera nästa"),
        "only intake registers the next"
    );
}

#[tokio::test]
async fn save_and_next_returns_a_fresh_form_keeping_group_sender_and_channel() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let psyk = enhet_id(&app, "Stenbäcks psykiatrimottagning").await;
    let fjl = lokus_id(&app, "fjardlunda", "FJL").await;
    let form = app.get("/arenden/ny").await;
    assert!(
        form.body
            .contains("formaction=\"/arenden/ny?nasta=1\">Spara och registrera nästa</button>")
    );
    let first = intake(
        &app,
        "FJL",
        &[
            ("kanal", "mejl"),
            ("avsandare", &format!("enhet:{psyk}")),
            ("handlaggare", "VG-4"),
        ],
    )
    .await;
    let r = submit_to(&mut app, "/arenden/ny?nasta=1", &first).await;
    r.assert_status(StatusCode::SEE_OTHER);
    let id: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select arende_id from arende where forbund_id = $1",
        )
        .await;
    assert_eq!(r.location(), format!("/arenden/ny?registrerat={id}"));

    let next = app.get(r.location()).await;
    next.assert_ok();
    let text = next.text();
    assert!(
        text.contains("Ärende 2026-FJL-001 är registrerat."),
        "{text}"
    );
    assert!(
        next.body
            .contains(&format!("<a href=\"/arenden/{id}\">2026-FJL-001</a>"))
    );
    assert!(
        next.body
            .contains("<title>Nytt ärende (2026-FJL-001 registrerat) – Lotsen</title>")
    );
    // Kept: group, sender (marked as the last used) and channel.
    assert!(
        next.body
            .contains(&format!("<option value=\"{fjl}\" selected>"))
    );
    assert!(next.body.contains(&format!(
        "<option value=\"enhet:{psyk}\" selected>Region Västerlän – Stenbäcks psykiatrimottagning (senast använd)</option>"
    )));
    assert!(next.body.contains("<option value=\"mejl\" selected>"));
    // Fresh: everything about the person, the code and the text; a new form id.
    assert!(
        next.body
            .contains("name=\"handlaggare\" type=\"text\" value=\"\"")
    );
    assert!(next.body.contains("value=\"okant\" checked"));
    assert!(!next.body.contains("checked><label for=\"ersattning-"));
    assert!(next.body.contains("></textarea>"));
    let formular = first.iter().find(|(k, _)| k == "formular_id").unwrap();
    assert!(!next.body.contains(&formular.1), "a new form id");
    assert_eq!(next.body.matches("autofocus").count(), 1);

    // The next one, saved the same way, continues the sequence.
    let second = intake(&app, "FJL", &[("kanal", "mejl")]).await;
    let r = submit_to(&mut app, "/arenden/ny?nasta=1", &second).await;
    assert!(
        app.get(r.location())
            .await
            .text()
            .contains("Ärende 2026-FJL-002 är registrerat.")
    );
    // Submitting the same form again creates nothing and confirms the same ärende.
    let again = submit_to(&mut app, "/arenden/ny?nasta=1", &second).await;
    assert_eq!(again.location(), r.location());
    assert_eq!(count(&app).await, 2);

    // An id that is not the person's own ärende gives the plain form, naming nothing.
    for query in [
        format!("registrerat={}", Uuid::now_v7()),
        "registrerat=inte-ett-id".to_string(),
    ] {
        let plain = app.get(&format!("/arenden/ny?{query}")).await;
        plain.assert_ok();
        assert!(!plain.text().contains("är registrerat"), "{query}");
    }
    let mut other = app.other_browser();
    other.login("kustbygd@demo.lotsen.example").await;
    let theirs = other.get(&format!("/arenden/ny?registrerat={id}")).await;
    theirs.assert_ok();
    assert!(!theirs.text().contains("2026-FJL"), "another förbund");
    let audit = app.audit_actions("fjardlunda").await;
    assert_eq!(audit.iter().filter(|a| *a == "arende.create").count(), 2);
}

#[tokio::test]
async fn a_code_that_looks_like_a_name_is_saved_only_when_confirmed() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let plain = app.get("/arenden/ny").await;
    assert!(
        !plain.body.contains("handlaggare_ej_namn"),
        "no box for codes"
    );
    let named = register(&mut app, "STL", &[("handlaggare", "Anna Svensson")]).await;
    named.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let text = named.text();
    assert!(text.contains("Koden ser ut som ett namn."), "{text}");
    assert!(text.contains("Det är en kod, inte handläggarens namn"));
    assert!(
        named.body.contains("value=\"Anna Svensson\""),
        "typed value kept"
    );
    assert!(
        named
            .body
            .contains("<a href=\"#f-handlaggare\">Koden ser ut som ett namn."),
        "in the summary"
    );
    assert!(
        named
            .body
            .contains("name=\"handlaggare_ej_namn\" value=\"ja\">")
    );
    assert_eq!(count(&app).await, 0);

    let confirmed = register(
        &mut app,
        "STL",
        &[
            ("handlaggare", "Anna Svensson"),
            ("handlaggare_ej_namn", "ja"),
        ],
    )
    .await;
    confirmed.assert_status(StatusCode::SEE_OTHER);
    let id = confirmed.redirect_id();
    let kod: String = app
        .scalar_in(
            "fjardlunda",
            "select h.kod from handlaggare h join arende a using (forbund_id, handlaggare_id) \
             where a.forbund_id = $1",
        )
        .await;
    assert_eq!(kod, "Anna Svensson");

    // Editing asks again: the box is there, not ticked.
    let edit = app.get(&format!("/arenden/{id}/andra")).await;
    assert!(
        edit.body
            .contains("name=\"handlaggare_ej_namn\" value=\"ja\">")
    );
    let mut form = intake(&app, "STL", &[("handlaggare", "Anna Svensson")]).await;
    let path = format!("/arenden/{id}/andra");
    let r = submit_to(&mut app, &path, &form).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Koden ser ut som ett namn."));
    form.push(("handlaggare_ej_namn".into(), "ja".into()));
    submit_to(&mut app, &path, &form)
        .await
        .assert_redirect_to(&format!("/arenden/{id}?klart=sparat"));
    // Lower-case words, capitals only, digits: codes, no question asked.
    for code in ["anna svensson", "AF H3", "Handläggare 7"] {
        register(&mut app, "STL", &[("handlaggare", code)])
            .await
            .assert_status(StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn the_sender_is_one_of_the_forbunds_own_and_bad_input_is_named() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    // Every unit is offered under its organisation's name, so a search by either finds it.
    let form = app.get("/arenden/ny").await;
    let text = form.text();
    for label in [
        "Region Västerlän – Stenbäcks psykiatrimottagning",
        "Stenbäcks kommun, socialförvaltningen – Arbetsträningsverksamheten Verkstan",
        "Fjärdlunda folkhögskola",
    ] {
        assert!(text.contains(label), "{label} offered");
    }
    assert!(
        !text.contains("Kustby vårdcentral"),
        "another förbund's unit"
    );
    assert!(!text.contains("(senast använd)"), "nothing used yet");

    let theirs: Uuid = app
        .scalar_in(
            "kustbygd",
            "select enhet_id from enhet where forbund_id = $1 and namn = 'Kustby vårdcentral'",
        )
        .await;
    let region: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select organisation_id from organisation where forbund_id = $1 and namn = 'Region Västerlän'",
        )
        .await;
    let psyk = enhet_id(&app, "Stenbäcks psykiatrimottagning").await;
    let cases: Vec<(String, &str)> = vec![
        (
            format!("enhet:{theirs}"),
            "Välj en organisation eller enhet i listan.",
        ),
        (
            format!("org:{psyk}"),
            "Välj en organisation eller enhet i listan.",
        ),
        ("Region Västerlän".into(), "Välj vilken organisation"),
        (format!("enhet:{psyk}x"), "Välj vilken organisation"),
        (format!("kommun:{psyk}"), "Välj vilken organisation"),
    ];
    for (value, message) in &cases {
        let r = register(&mut app, "STL", &[("avsandare", value)]).await;
        r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains(message), "{value}: {}", r.text());
        assert!(
            r.body.contains("<a href=\"#f-avsandare\">"),
            "{value}: the summary links to the field"
        );
    }
    assert_eq!(count(&app).await, 0);

    // An organisation without a unit is a sender too; the next form marks it as the last used.
    register(&mut app, "STL", &[("avsandare", &format!("org:{region}"))])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let next = app.get("/arenden/ny").await;
    assert!(next.body.contains(&format!(
        "<option value=\"org:{region}\" selected>Region Västerlän (senast använd)</option>"
    )));
    assert_eq!(next.text().matches("(senast använd)").count(), 1);
}
