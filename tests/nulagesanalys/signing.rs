//! A signature that holds (issue 13): signing saves first and confirms, freezes the figures,
//! shows what changed since, refuses stale tabs; the förbund administrator reopens with a
//! reason, the chair is told on the start page, and the history and audit keep it all.

use super::*;

/// STL ärende number `n`, received in the round's period (2025-07-01 – 2026-06-30).
fn in_period(n: i32, inkom: &'static str) -> Fx {
    Fx {
        n: Some(n),
        lokus: "STL",
        part: "fk",
        org: Some(FK),
        kon: "kvinna",
        alder: Some(40),
        inkom,
        ..Fx::default()
    }
}

#[tokio::test]
async fn signing_confirms_freezes_the_figures_and_shows_what_changed_since() {
    let mut app = with_round().await;
    insert(&app, "fjardlunda", &[in_period(9001, "2025-09-01")]).await;
    let ids = question_ids(&app, 2026).await;
    app.login(CHAIR).await;

    // "Spara och signera" saves, then confirms, listing the questions without an answer.
    let version = form_version(&mut app, STL).await;
    let field = format!("svar-{}", ids[0]);
    app.post(
        &format!("{STL}/svar"),
        &[
            (field.as_str(), "Unga vuxna."),
            ("version", &version),
            ("atgard", "signera"),
        ],
    )
    .await
    .assert_redirect_to(&format!("{STL}/signera"));
    let confirm = app.get(&format!("{STL}/signera")).await;
    confirm.assert_ok();
    assert!(confirm.body.contains("Frågor utan svar"));
    let texts = question_texts(&app, 2026).await;
    assert!(!confirm.body.contains(&format!("<li>{}</li>", texts[0])));
    assert!(confirm.body.contains(&format!("<li>{}</li>", texts[1])));
    sign(&mut app)
        .await
        .assert_redirect_to(&format!("{STL}?klart=signerad"));

    let stored: i64 = scalar(
        &app,
        "select count(*) from nulage_blankett where signerade_siffror is not null",
    )
    .await;
    assert_eq!(stored, 1, "the figures are stored with the signature");
    let page = app.get(STL).await;
    assert!(page.body.contains("Siffrorna som ordföranden signerade."));
    assert!(
        !page
            .body
            .contains("Siffrorna har ändrats sedan signeringen")
    );

    // Older ärenden imported after the signature: the form keeps the signed figures and
    // lists the cells that differ, signed beside live.
    insert(&app, "fjardlunda", &[in_period(9002, "2025-10-01")]).await;
    let page = app.get(STL).await;
    assert!(
        page.body
            .contains("Siffrorna har ändrats sedan signeringen")
    );
    assert!(
        page.body.contains(
            "<td>Ärenden per part efter kön och ålder</td><td>Kvinnor</td><td>Försäkringskassan</td><td>1</td><td>2</td>"
        ),
        "{}",
        page.body
    );

    // The compiled document shows what was signed, not today's count.
    let mut admin = app.other_browser();
    admin.login(ADMIN).await;
    let doc = admin.get("/nulagesanalys/2026/sammanstallning").await;
    doc.assert_ok();
    assert!(
        doc.body
            .contains("Samordningsförbundet Fjärdlunda – Nulägesanalys 2026")
    );
    assert!(doc.body.contains("Grupper som inte har signerat"));
    assert!(doc.body.contains("LOKUS NRV – Norrvreta: Inte påbörjad"));

    // The database's own wall: the signed figures never change, only reopening clears them.
    let f = app.forbund_id("fjardlunda").await;
    let mut tx = app.t.db.begin_as(Some(f), None, false).await.unwrap();
    let e =
        sqlx::query("update nulage_blankett set signerade_siffror = '{}' where forbund_id = $1")
            .bind(f)
            .execute(&mut *tx)
            .await;
    assert!(e.is_err(), "a signed form's figures cannot change");
}

#[tokio::test]
async fn a_stale_tab_cannot_overwrite_or_sign() {
    let mut app = with_round().await;
    let ids = question_ids(&app, 2026).await;
    app.login(CHAIR).await;
    let old = form_version(&mut app, STL).await;
    answer(&mut app, ids[0], "Från den andra fliken")
        .await
        .assert_redirect_to(&format!("{STL}?klart=sparat"));
    let field = format!("svar-{}", ids[0]);
    let r = app
        .post(
            &format!("{STL}/svar"),
            &[(field.as_str(), "Från den gamla fliken"), ("version", &old)],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Blanketten har ändrats sedan du öppnade den")
    );
    let kept: String = scalar(&app, "select text from nulage_svar").await;
    assert_eq!(kept, "Från den andra fliken", "nothing half-written");
    let r = app
        .post(&format!("{STL}/signera"), &[("version", &old)])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Blanketten har ändrats sedan du öppnade den")
    );
    let signed: i64 = scalar(
        &app,
        "select count(*) from nulage_blankett where signerad_at is not null",
    )
    .await;
    assert_eq!(signed, 0);
}

#[tokio::test]
async fn reopening_needs_a_reason_is_audited_and_the_chair_is_told() {
    let mut app = with_round().await;
    let ids = question_ids(&app, 2026).await;
    app.login(CHAIR).await;
    answer(&mut app, ids[0], "Svar").await;
    sign(&mut app).await;

    let reopen = format!("{STL}/ateroppna");
    // Not the chair's to reopen, nor another group's chair's to sign.
    app.post(&reopen, &[("skal", "Jag vill ändra")])
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.post(
        "/nulagesanalys/2026/grupper/NRV/signera",
        &[("version", "0")],
    )
    .await
    .assert_status(StatusCode::NOT_FOUND);

    // Another förbund's administrator does not reach this förbund's form.
    let mut other = app.other_browser();
    other.login("kustbygd@demo.lotsen.example").await;
    other
        .post(&reopen, &[("skal", "Fel förbund")])
        .await
        .assert_status(StatusCode::NOT_FOUND);

    let mut admin = app.other_browser();
    admin.login(ADMIN).await;
    let r = admin.post(&reopen, &[("skal", "  ")]).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Skriv varför blanketten öppnas igen."));
    admin
        .post(
            "/nulagesanalys/2026/grupper/NRV/ateroppna",
            &[("skal", "x")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    admin
        .post(
            "/nulagesanalys/2026/grupper/XYZ/ateroppna",
            &[("skal", "x")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let signed: i64 = scalar(
        &app,
        "select count(*) from nulage_blankett where signerad_at is not null",
    )
    .await;
    assert_eq!(signed, 1, "nothing reopened by the refused attempts");

    admin
        .post(&reopen, &[("skal", "Siffrorna för hösten saknades.")])
        .await
        .assert_redirect_to(&format!("{STL}?klart=ateroppnad"));
    assert!(
        admin
            .audit_actions("fjardlunda")
            .await
            .contains(&"nulagesanalys.reopen".to_string())
    );
    let start = app.get("/").await;
    assert!(
        start.body.contains("öppnades igen")
            && start.body.contains("Siffrorna för hösten saknades."),
        "{}",
        start.body
    );
    let form = app.get(STL).await;
    assert!(
        form.body.contains("name=\"svar-"),
        "the chair can answer again"
    );
    assert!(form.body.contains("Öppnad igen av"));

    sign(&mut app)
        .await
        .assert_redirect_to(&format!("{STL}?klart=signerad"));
    let start = app.get("/").await;
    assert!(!start.body.contains("öppnades igen"), "signed again");
    let history: i64 = scalar(&app, "select count(*) from nulage_blankett_handelse").await;
    assert_eq!(history, 3, "signed, reopened, signed again");
    let form = app.get(STL).await;
    assert_eq!(form.body.matches("Signerad av").count(), 2);
}
