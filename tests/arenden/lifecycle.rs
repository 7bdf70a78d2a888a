//! An ärende's life: actions, flagging, closing, reopening and editing.

use super::*;

#[tokio::test]
async fn a_coordinator_follows_an_arende_from_actions_to_closing_and_reopening() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let id = register(&mut app, "STL", &[]).await.redirect_id();
    let base = format!("/arenden/{id}");
    let org: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select organisation_id from organisation where forbund_id = $1 and part = 'region'",
        )
        .await;
    let bad = app
        .post(
            &format!("{base}/atgarder"),
            &[("kod", ""), ("datum", "2026-03-01")],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("Välj vilken åtgärd som gjordes."));
    assert!(bad.text().contains("Datumet kan inte vara före 2026-03-02"));
    app.post(
        &format!("{base}/atgarder"),
        &[
            ("kod", "kontakt_formedlad"),
            ("datum", "2026-03-03"),
            ("mal", &format!("org:{org}")),
            ("anteckning", "Kontakt med psykiatrin"),
        ],
    )
    .await
    .assert_redirect_to(&format!("{base}?klart=sparat"));
    app.post(
        &format!("{base}/atgarder"),
        &[
            ("kod", "flerpartsmote"),
            ("datum", "2026-03-09"),
            ("mal", "part:af"),
        ],
    )
    .await
    .assert_redirect_to(&format!("{base}?klart=sparat"));
    let empty_flag = app.post(&format!("{base}/flagga"), &[("fraga", " ")]).await;
    assert!(
        empty_flag
            .text()
            .contains("Skriv vad LOKUS-gruppen ska ta ställning till.")
    );
    app.post(
        &format!("{base}/flagga"),
        &[("fraga", "Saknas struktur för arbetsträning med stöd?")],
    )
    .await
    .assert_redirect_to(&format!("{base}?klart=sparat"));
    app.post(&format!("{base}/status"), &[("status", "vilande")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let no_outcome = app
        .post(
            &format!("{base}/avsluta"),
            &[("avslut", ""), ("avslutad_datum", "2026-03-10")],
        )
        .await;
    assert!(no_outcome.text().contains("Välj hur ärendet avslutades."));
    app.post(
        &format!("{base}/avsluta"),
        &[
            ("avslut", "lotsad_ordinarie"),
            ("avslutad_datum", "2026-03-10"),
        ],
    )
    .await
    .assert_redirect_to(&format!("{base}?klart=sparat"));
    let page = app.get(&base).await.text();
    for expected in [
        "Kontakt förmedlad eller föreslagen – Region Västerlän",
        "Kontakt med psykiatrin",
        "Flerpartsmöte – Arbetsförmedlingen",
        "Lyft till LOKUS",
        "Saknas struktur för arbetsträning med stöd?",
        "Status: Vilande",
        "Avslutat: Lotsad till ordinarie verksamhet",
        "Lotsad till ordinarie verksamhet (2026-03-10)",
        "Ärendet är avslutat",
    ] {
        assert!(page.contains(expected), "{expected}: {page}");
    }
    let twice = app
        .post(
            &format!("{base}/avsluta"),
            &[("avslut", "annat"), ("avslutad_datum", "2026-03-10")],
        )
        .await;
    assert!(twice.text().contains("Ärendet är redan avslutat."));
    app.post(&format!("{base}/ateroppna"), &[])
        .await
        .assert_redirect_to(&format!("{base}?klart=sparat"));
    app.post(&format!("{base}/avflagga"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    app.post(
        &format!("{base}/anteckning"),
        &[("anteckning_text", "Uppföljning om en månad.")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let pnr = app
        .post(
            &format!("{base}/anteckning"),
            &[("anteckning_text", "pnr 850709-9805")],
        )
        .await;
    assert!(pnr.text().contains("liknar ett personnummer"));
    let page = app.get(&base).await.text();
    assert!(page.contains("Återöppnat"));
    assert!(page.contains("Inte längre lyft till LOKUS"));
    assert!(page.contains("Uppföljning om en månad."));
    assert!(page.contains("Pågående"));
    assert_eq!(
        app.arende_count_drift("fjardlunda").await,
        0,
        "status changes keep the list's counts"
    );
    assert_eq!(
        app.arende_koder_drift("fjardlunda").await,
        0,
        "intake and actions keep the code arrays"
    );
    assert_eq!(
        app.statistik_drift("fjardlunda").await,
        0,
        "intake, actions and status changes keep the statistics' sums"
    );
    let audit = app.audit_actions("fjardlunda").await;
    for a in [
        "arende.action",
        "arende.flag",
        "arende.status",
        "arende.close",
        "arende.reopen",
        "arende.unflag",
        "arende.note",
    ] {
        assert!(audit.contains(&a.to_string()), "{a}");
    }
}

#[tokio::test]
async fn an_arende_is_edited_and_keeps_its_number() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let id = register(&mut app, "STL", &[]).await.redirect_id();
    let edit = app.get(&format!("/arenden/{id}/andra")).await;
    edit.assert_ok();
    assert!(edit.body.contains("value=\"34\""));
    let mut form = intake(
        &app,
        "STL",
        &[("kon", "man"), ("alder", "29"), ("inkom", "2026-03-01")],
    )
    .await;
    form.retain(|(k, _)| k != "formular_id");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post(&format!("/arenden/{id}/andra"), &pairs)
        .await
        .assert_redirect_to(&format!("/arenden/{id}?klart=sparat"));
    let page = app.get(&format!("/arenden/{id}")).await.text();
    assert!(page.contains("2026-STL-001"));
    assert!(page.contains("29 år"));
    assert!(page.contains("Man"));
    assert!(page.contains("Ärendet ändrades"));
    let bad = app
        .post(
            &format!("/arenden/{id}/andra"),
            &[("alder", "500"), ("avsandare", "")],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.get(&format!("/arenden/{id}"))
            .await
            .text()
            .contains("29 år"),
        "unchanged after a bad edit"
    );
    assert_eq!(
        app.statistik_drift("fjardlunda").await,
        0,
        "an edit moves the ärende's counts to its new month, kön and age"
    );
}
