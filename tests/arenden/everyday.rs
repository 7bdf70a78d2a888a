//! Smaller things coordinators noticed (issue 14 §6): search without å/ä/ö, messages for bad
//! period filters, what an edit changed in the timeline, a closed ärende without edit
//! controls, and which ärenden hold consent in the list.

use super::*;

#[tokio::test]
async fn search_finds_words_typed_without_dots_and_bad_periods_get_messages() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    register(
        &mut app,
        "STL",
        &[("beskrivning", "Behöver försörjningsstöd under utredningen.")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    for typed in ["forsorjningsstod", "försörjningsstöd", "FORSORJNINGSSTOD"] {
        let list = app.get(&format!("/arenden?q={typed}")).await.text();
        assert!(list.contains("2026-STL-001"), "{typed} finds it");
    }
    let none = app.get("/arenden?q=arbetstraning").await.text();
    assert!(!none.contains("2026-STL-001"));

    let reversed = app
        .get("/arenden?fran=2026-05-01&till=2026-01-01")
        .await
        .text();
    assert!(reversed.contains("Slutdatumet ligger före startdatumet."));
    let invalid = app.get("/arenden?fran=2026-13-01").await.text();
    assert!(invalid.contains("Skriv datumet som ÅÅÅÅ-MM-DD"));
}

#[tokio::test]
async fn the_timeline_says_what_an_edit_changed_without_the_text() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let id = register(&mut app, "STL", &[("kon", "okant"), ("alder", "")])
        .await
        .redirect_id();
    let mut form = intake(
        &app,
        "STL",
        &[
            ("kon", "kvinna"),
            ("alder", "34"),
            ("beskrivning", "Ny beskrivning med hemlig detalj."),
        ],
    )
    .await;
    form.retain(|(k, _)| k != "formular_id");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post(&format!("/arenden/{id}/andra"), &pairs)
        .await
        .assert_redirect_to(&format!("/arenden/{id}?klart=sparat"));
    let text: String = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select text from arende_handelse where forbund_id = $1 and arende_id = '{id}' \
                 and typ = 'andrad'"
            ),
        )
        .await;
    assert_eq!(
        text,
        "Kön: okänt → kvinna; Ålder: okänd → 34; Beskrivningen ändrades"
    );
    let page = app.get(&format!("/arenden/{id}")).await.text();
    assert!(page.contains("Kön: okänt → kvinna"));
    assert!(
        page.matches("hemlig detalj").count() == 1,
        "the description shows once, in the facts, not in the timeline"
    );
}

#[tokio::test]
async fn a_closed_arende_offers_no_edit_controls_and_the_list_marks_consent() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let id = register(&mut app, "STL", &[]).await.redirect_id();
    let base = format!("/arenden/{id}");
    app.post(
        &format!("{base}/samtycke"),
        &[
            ("samtycke_datum", "2026-03-05"),
            ("samtycke_form", "skriftligt"),
            ("samtycke_part", "fk"),
            ("omfattning", "Lotsning och uppföljning."),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let other = register(&mut app, "STL", &[]).await.redirect_id();
    let list = app.get("/arenden").await.body;
    let row = |id: Uuid| {
        list.split(&format!("href=\"/arenden/{id}\""))
            .nth(1)
            .and_then(|r| r.split("</tr>").next())
            .unwrap_or_default()
            .to_string()
    };
    assert!(row(id).contains(">Samtycke</span>"), "{}", row(id));
    assert!(!row(other).contains(">Samtycke</span>"));

    app.post(
        &format!("{base}/avsluta"),
        &[
            ("avslut", "lotsad_ordinarie"),
            ("avslutad_datum", "2026-03-10"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let page = app.get(&base).await.body;
    for control in [
        "Ändra uppgifterna",
        "Registrera åtgärd",
        "Lyft till LOKUS</button>",
        "Spara identiteten",
    ] {
        assert!(!page.contains(control), "{control} on a closed ärende");
    }
    assert!(
        page.contains("Återkalla samtycket"),
        "withdrawal stays possible"
    );
    assert!(page.contains("Återöppna"));
    let action = app
        .post(
            &format!("{base}/atgarder"),
            &[("kod", "annan"), ("datum", "2026-03-10")],
        )
        .await;
    action.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        action
            .text()
            .contains("Ärendet är avslutat. Återöppna det för att ändra det.")
    );
    let identity = app
        .post(
            &format!("{base}/identitet"),
            &[
                ("identitet_namn", "Anna Andersson"),
                ("identitet_personnummer", ""),
            ],
        )
        .await;
    identity.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    app.post(&format!("{base}/samtycke/aterkalla"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
}
