//! The pre-read is de-identified, also for an identified ärende.

use super::*;

#[tokio::test]
async fn the_pre_read_never_shows_identity_even_for_an_identified_arende() {
    let mut app = TestApp::demo().await;
    app.login(KOORD).await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    let unit: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select enhet_id from enhet where forbund_id = $1 and namn = 'Sjukpenning'",
        )
        .await;
    let form = [
        ("formular_id", Uuid::now_v7().to_string()),
        ("lokus", stl.to_string()),
        ("inkom", "2026-10-02".to_string()),
        ("avsandare", format!("enhet:{unit}")),
        ("handlaggare", "FK-H9".to_string()),
        ("kon", "kvinna".to_string()),
        ("alder", "34".to_string()),
        ("bostadskommun", "9902".to_string()),
        ("ersattning", "sjukpenning".to_string()),
        ("malgrupp", "langtidssjukskriven".to_string()),
        ("samverkansproblem", "racker_inte".to_string()),
        (
            "beskrivning",
            "Sjukskriven länge, bor med två barn på Ekgatan.".to_string(),
        ),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let id = app.post("/arenden/ny", &pairs).await.redirect_id();
    let base = format!("/arenden/{id}");
    app.post(
        &format!("{base}/samtycke"),
        &[
            ("samtycke_datum", "2026-10-03"),
            ("samtycke_form", "skriftligt"),
            ("samtycke_part", "fk"),
            ("omfattning", "Samverkan mellan FK och kommunen."),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    app.post(
        &format!("{base}/identitet"),
        &[
            ("identitet_namn", "Anna Andersson"),
            ("identitet_personnummer", "850709-9805"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    app.post(
        &format!("{base}/atgarder"),
        &[
            ("kod", "kontakt_formedlad"),
            ("datum", "2026-10-05"),
            ("mal", "part:kommun"),
            ("anteckning", "Ringde Anna Andersson."),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    app.post(
        &format!("{base}/flagga"),
        &[(
            "fraga",
            "Vem ansvarar för arbetslivsinriktad rehabilitering?",
        )],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    assert!(
        app.get(&base).await.text().contains("Anna Andersson"),
        "the coordinator sees the identity"
    );
    let mote = create_meeting(&mut app, "STL", &from_today(14)).await;

    let forbidden = [
        "Anna Andersson",
        "850709",
        "19850709",
        "FK-H9",
        "Ekgatan",
        "34 år",
        "Ringde",
    ];
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    for who in [&mut app, &mut chair] {
        for path in ["", "/motespaket", "/protokoll"] {
            let page = who.get(&format!("/lokus/STL/moten/{mote}{path}")).await;
            page.assert_ok();
            for f in forbidden {
                assert!(!page.body.contains(f), "{path} shows {f}");
            }
        }
        let page = who
            .get(&format!("/lokus/STL/moten/{mote}/motespaket"))
            .await;
        let text = page.text();
        for expected in [
            "2026-STL-001",
            "Försäkringskassan – Sjukpenning",
            "Kvinna",
            "30–39 år",
            "Långtidssjukskriven",
            "Sjukpenning",
            "Struktur finns och tillämpas men räcker inte",
            "Kontakt förmedlad eller föreslagen – Kommun",
            "Vem ansvarar för arbetslivsinriktad rehabilitering?",
        ] {
            assert!(text.contains(expected), "pack lacks {expected}: {text}");
        }
    }
    // The description only when the coordinator includes it; still no identity.
    let p = punkt_of(&app, mote, id).await;
    app.post(
        &format!("/lokus/STL/moten/{mote}/punkter/{p}/beskrivning"),
        &[("visa", "ja")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let pack = chair
        .get(&format!("/lokus/STL/moten/{mote}/motespaket"))
        .await;
    assert!(pack.text().contains("Sjukskriven länge"));
    assert!(!pack.body.contains("Anna Andersson") && !pack.body.contains("850709"));
    // The chair never reaches the ärende itself.
    assert_eq!(chair.get(&base).await.status, StatusCode::NOT_FOUND);
}
