//! The entry form: create, change, and bad input on every field (422, the Swedish message by
//! the field, nothing written); the action form's catalogue target on the ärende page.

use super::*;
use crate::support::fixture::{ArendeFixture, insert_arende};

#[tokio::test]
async fn a_coordinator_adds_and_changes_an_entry_and_both_are_audited() {
    let app = TestApp::demo().await;
    let mut b = as_user(&app, "koordinator@demo.lotsen.example").await;
    let mut form = valid("stl-test", "Testinsats Stenbäck");
    form.extend([
        ("kommuner", "9902"),
        ("kommuner", "9903"),
        ("malgrupper", "psykisk_ohalsa"),
        ("alder_min", "18"),
        ("alder_max", "29"),
        ("krav_ersattning", "aktivitetsersattning"),
        ("publik", "ja"),
    ]);
    let r = b.post("/katalog/hantera/ny", &form).await;
    r.assert_redirect_to("/katalog/hantera?klart=skapad");
    let id = entry_id(&app, "fjardlunda", "STL-TEST").await;
    let page = b.get(&format!("/katalog/{id}")).await;
    page.assert_ok();
    for text in [
        "Testinsats Stenbäck",
        "Lövsjö, Stenbäck",
        "18–29 år",
        "Aktivitetsersättning",
        "Psykisk ohälsa",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    let mut changed = form.clone();
    changed[1] = ("namn", "Testinsats, ändrad");
    b.post(&format!("/katalog/hantera/{id}"), &changed)
        .await
        .assert_redirect_to("/katalog/hantera?klart=sparat");
    assert!(b.get("/katalog").await.body.contains("Testinsats, ändrad"));
    let actions = app.audit_actions("fjardlunda").await;
    assert!(actions.contains(&"katalog.create".to_string()));
    assert!(actions.contains(&"katalog.update".to_string()));
}

#[tokio::test]
async fn bad_input_on_every_field_is_refused_with_a_message_by_the_field() {
    let app = TestApp::demo().await;
    let mut b = as_user(&app, "forbund@demo.lotsen.example").await;
    let before = count(&app, "fjardlunda").await;
    let cases: Vec<(&str, &str, &str)> = vec![
        ("kod", "", "Fyll i en kod"),
        ("kod", "ÅÄÖ", "högst 20 tecken"),
        ("kod", "UNGA-LOTS", "Koden används redan"),
        ("namn", "", "Fyll i insatsens namn"),
        ("anordnare", "org:inte-ett-id", "Välj vem som anordnar"),
        (
            "anordnare",
            "org:0190f000-0000-7000-8000-000000000000",
            "Välj anordnare i listan",
        ),
        ("beskrivning", "Gäller 19850312-1234", "personnummer"),
        (
            "villkor",
            "Fråga anna.svensson@stenback.example",
            "ser ut att gå till en person",
        ),
        ("remiss", "x\u{1}y", "styrtecken"),
        ("kommuner", "Stenbäck", "Välj kommuner i listan"),
        ("kommuner", "9999", "finns inte"),
        ("malgrupper", "hemlig", "Okänd målgrupp"),
        ("krav_ersattning", "lotto", "Okänd ersättning"),
        ("alder_min", "femton", "hela år"),
        ("alder_max", "130", "hela år"),
        ("kontakt_funktion", "Anna Svensson", "persons namn"),
        (
            "kontakt_epost",
            "anna.svensson@stenback.example",
            "ser ut att gå till en person",
        ),
        ("kontakt_epost", "inte-en-adress", "namn@exempel.se"),
        ("kontakt_telefon", "ring mig", "siffror"),
        ("fran", "1 maj", "ÅÅÅÅ-MM-DD"),
        ("status", "pausad", "aktiv eller avslutad"),
        ("publik", "kanske", "ja eller nej"),
    ];
    for (field, value, message) in cases {
        let mut form: Vec<(&str, &str)> = valid("NY-1", "Ny insats")
            .into_iter()
            .filter(|(k, _)| *k != field)
            .collect();
        form.push((field, value));
        let r = b.post("/katalog/hantera/ny", &form).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value}"
        );
        assert!(
            r.body.contains(&format!("id=\"f-{field}-fel\""))
                || r.body.contains(&format!("id=\"f-{field}\"")),
            "{field} has its place"
        );
        assert!(r.body.contains(message), "{field}={value}: {message}");
        assert!(r.body.contains("Rätta följande"), "error summary");
    }
    // Ranges: the highest age below the lowest, the end before the start.
    let mut form = valid("NY-2", "Ny insats");
    form.extend([
        ("alder_min", "30"),
        ("alder_max", "20"),
        ("fran", "2026-05-01"),
        ("till", "2026-01-01"),
    ]);
    let r = b.post("/katalog/hantera/ny", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Högsta åldern kan inte vara lägre"));
    assert!(r.body.contains("Slutdatumet kan inte ligga före"));
    // No way to reach the entry.
    let form: Vec<(&str, &str)> = vec![("kod", "NY-3"), ("namn", "Ny"), ("anordnare", "forbund")];
    let r = b.post("/katalog/hantera/ny", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Ange hur man når insatsen"));
    assert_eq!(count(&app, "fjardlunda").await, before, "nothing written");
    // With the provider's choice, a named person is allowed.
    let mut form = valid("NY-4", "Ny insats");
    form.retain(|(k, _)| *k != "kontakt_epost" && *k != "kontakt_funktion");
    form.extend([
        ("kontakt_epost", "anna.svensson@stenback.example"),
        ("kontakt_funktion", "Anna Svensson"),
        ("kontakt_person", "ja"),
    ]);
    b.post("/katalog/hantera/ny", &form)
        .await
        .assert_redirect_to("/katalog/hantera?klart=skapad");
}

#[tokio::test]
async fn the_list_filters_and_refuses_a_bad_filter() {
    let app = TestApp::demo().await;
    let mut b = as_user(&app, "af@demo.lotsen.example").await;
    let r = b
        .get("/katalog?kommun=9903&alder=17&malgrupp=unga_uvas")
        .await;
    r.assert_ok();
    assert!(r.body.contains("Kommunala aktivitetsansvaret"));
    assert!(r.body.contains("Unga-lotsen"));
    assert!(
        !r.body.contains("Arbetsträning i Verkstan"),
        "Stenbäck only"
    );
    let r = b.get("/katalog?part=region").await;
    assert!(r.body.contains("Psykiatrisk öppenvård"));
    assert!(!r.body.contains("Unga-lotsen"));
    let r = b.get("/katalog?q=folkhogskola").await;
    assert!(
        r.body.contains("Allmän kurs på folkhögskola"),
        "search ignores å/ä/ö"
    );
    let r = b.get("/katalog").await;
    assert!(
        !r.body.contains("Tidig samverkan"),
        "avslutade are left out"
    );
    assert!(
        b.get("/katalog?alla=ja")
            .await
            .body
            .contains("Tidig samverkan")
    );
    // Swedish order: Å, Ä, Ö after Z.
    let body = b.get("/katalog?alla=ja").await.body;
    let a = body.find("Aktivitetsersättning – förlängd").unwrap();
    let u = body.find("Unga-lotsen").unwrap();
    let o = body.find("Öppenvård för beroende").unwrap();
    assert!(a < u && u < o);
    let r = b.get("/katalog?alder=gammal").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Skriv åldern i hela år"));
}

#[tokio::test]
async fn an_action_names_a_catalogue_entry_of_the_forbund_as_its_target() {
    let app = TestApp::demo().await;
    let arende = insert_arende(
        &app,
        ArendeFixture {
            lokus: "STL",
            inkom: "2025-03-01",
            part: "fk",
            kommun: Some("9903"),
            alder: Some(17),
            malgrupper: &["unga_uvas"],
            ..ArendeFixture::EMPTY
        },
    )
    .await;
    let mut b = as_user(&app, "koordinator@demo.lotsen.example").await;
    let page = b.get(&format!("/arenden/{arende}")).await;
    page.assert_ok();
    assert!(page.body.contains("Insatser som kan passa"));
    assert!(
        page.body.contains("Kommunala aktivitetsansvaret (KAA)"),
        "suggested"
    );
    assert!(
        page.body.contains("name=\"katalog\""),
        "the action's select"
    );
    let kaa = entry_id(&app, "fjardlunda", "LOV-KAA").await.to_string();
    let sql =
        format!("select count(*) from atgard where forbund_id = $1 and arende_id = '{arende}'");
    let before: i64 = app.scalar_in("fjardlunda", &sql).await;
    // An entry of another förbund (or no entry at all) is refused by the field.
    let mut kb = as_user(&app, "kustbygd@demo.lotsen.example").await;
    kb.post("/katalog/hantera/ny", &valid("KB-1", "Kustbygds insats"))
        .await
        .assert_redirect_to("/katalog/hantera?klart=skapad");
    let other = entry_id(&app, "kustbygd", "KB-1").await.to_string();
    for bad in [other.as_str(), "inte-ett-id"] {
        let r = b
            .post(
                &format!("/arenden/{arende}/atgarder"),
                &[
                    ("kod", "information_insatser"),
                    ("datum", "2025-03-02"),
                    ("katalog", bad),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(r.body.contains("Välj en insats i listan."));
    }
    assert_eq!(
        app.scalar_in::<i64>("fjardlunda", &sql).await,
        before,
        "nothing written"
    );
    b.post(
        &format!("/arenden/{arende}/atgarder"),
        &[
            ("kod", "information_insatser"),
            ("datum", "2025-03-02"),
            ("katalog", &kaa),
        ],
    )
    .await
    .assert_redirect_to(&format!("/arenden/{arende}?klart=sparat"));
    let stored: i64 = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select count(*) from atgard where forbund_id = $1 and arende_id = '{arende}' \
                 and katalog_id = '{kaa}'"
            ),
        )
        .await;
    assert_eq!(stored, 1);
    let page = b.get(&format!("/arenden/{arende}")).await;
    assert!(
        page.body
            .contains("Insats: Kommunala aktivitetsansvaret (KAA) (LOV-KAA)"),
        "in the timeline"
    );
}
