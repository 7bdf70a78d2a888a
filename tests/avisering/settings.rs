//! `/konto/avisering`: a logged-in person turns e-mail notices on and off.

use super::*;
use axum::http::StatusCode;
use lotsen_web::WebConfig;

#[tokio::test]
async fn the_account_page_turns_email_notices_off_and_on_and_is_audited() {
    let mut app = TestApp::demo().await;
    app.login(FK).await;
    let home = app.get("/").await;
    assert!(
        home.body.contains("href=\"/konto/avisering\""),
        "linked from every page"
    );
    let page = app.get("/konto/avisering").await;
    page.assert_ok();
    assert!(page.text().contains("Vill du få e-post från Lotsen?"));
    assert!(page.body.contains("value=\"ja\" checked"), "on by default");
    // This server (the default web settings) sends no mail, and the page says so.
    assert!(page.text().contains("skickar ingen e-post just nu"));

    app.post("/konto/avisering", &[("epost", "nej")])
        .await
        .assert_redirect_to("/konto/avisering?klart=sparat");
    let page = app.get("/konto/avisering?klart=sparat").await;
    assert!(page.body.contains("value=\"nej\" checked"));
    assert!(page.text().contains("Ändringarna är sparade."));
    app.post("/konto/avisering", &[("epost", "ja")])
        .await
        .assert_redirect_to("/konto/avisering?klart=sparat");
    let actions = app.audit_actions("fjardlunda").await;
    let off = actions.iter().position(|a| a == "email_notices.off");
    let on = actions.iter().position(|a| a == "email_notices.on");
    assert!(off.is_some() && on > off, "{actions:?}");
}

#[tokio::test]
async fn a_choice_that_is_neither_yes_nor_no_gets_a_message_and_changes_nothing() {
    let mut app = TestApp::demo().await;
    app.login(FK).await;
    for form in [&[("epost", "kanske")][..], &[][..]] {
        let r = app.post("/konto/avisering", form).await;
        r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("Välj om du vill få e-post eller inte."));
        assert!(r.body.contains("href=\"#f-epost\""));
        assert!(r.body.contains("value=\"ja\" checked"));
    }
    let on: bool = app
        .scalar_in(
            "fjardlunda",
            "select u.epost_avisering from app_user u join membership m using (user_id) \
             where m.forbund_id = $1 and u.epost = 'fk@demo.lotsen.example'",
        )
        .await;
    assert!(on);
    assert!(
        !app.audit_actions("fjardlunda")
            .await
            .iter()
            .any(|a| a.starts_with("email_notices"))
    );
}

#[tokio::test]
async fn the_page_does_not_warn_when_the_server_sends_mail_and_needs_a_login() {
    let mut app = TestApp::demo_with(WebConfig {
        mail_enabled: true,
        ..WebConfig::default()
    })
    .await;
    let r = app.get("/konto/avisering").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/logga-in"), "{}", r.location());
    app.login("koordinator@demo.lotsen.example").await;
    let page = app.get("/konto/avisering").await;
    page.assert_ok();
    assert!(!page.text().contains("skickar ingen e-post"));
}
