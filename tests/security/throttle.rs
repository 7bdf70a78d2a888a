//! Findings 2–4: password guessing is slowed down per (client address, account), so a stranger
//! cannot lock anyone out; behind a trusted proxy the throttle counts the real client, and
//! forged forwarding headers from anyone else change nothing; known and unknown addresses, and
//! inactive accounts, get identical answers.

use crate::support::{TestApp, app::PASSWORD};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use lotsen_web::WebConfig;
use lotsen_web::client::TrustedProxies;

const VICTIM: &str = "koordinator@demo.lotsen.example";

async fn fail(app: &mut TestApp, email: &str) -> String {
    let r = app.login_with(email, "ett gissat lösenord").await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    r.text()
}

#[tokio::test]
async fn failures_slow_down_the_failing_address_but_never_lock_out_the_person() {
    let mut attacker = TestApp::demo().await;
    attacker.client = "203.0.113.66:4000".parse().unwrap();
    for _ in 0..lotsen_core::auth::login::FREE_FAILURES {
        assert!(
            fail(&mut attacker, VICTIM)
                .await
                .contains("Fel e-postadress eller lösenord")
        );
    }
    // From the failing address the next attempt must wait, even with the right password, and
    // costs no password check.
    let r = attacker.login_with(VICTIM, PASSWORD).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("För många misslyckade försök. Vänta"),
        "{}",
        r.text()
    );
    let audit = attacker.audit_actions("fjardlunda").await;
    assert_eq!(audit.iter().filter(|a| *a == "login.failure").count(), 3);
    assert_eq!(audit.last().map(String::as_str), Some("login.locked"));

    // The person, from their own address, logs in at once and is told about the attempts.
    let mut victim = attacker.other_browser();
    victim.client = "198.51.100.7:5000".parse().unwrap();
    let r = victim.login_with(VICTIM, PASSWORD).await;
    r.assert_redirect_to("/?misslyckade=3");
    let home = victim.get("/?misslyckade=3").await;
    assert!(
        home.text()
            .contains("3 misslyckade inloggningar på ditt konto sedan du senast loggade in")
    );
    // Told once: the next login starts from zero.
    let mut again = victim.other_browser();
    again
        .login_with(VICTIM, PASSWORD)
        .await
        .assert_redirect_to("/");
}

#[tokio::test]
async fn the_delay_grows_with_each_failure() {
    use lotsen_core::auth::login::{MAX_DELAY_SECONDS, delay_after};
    assert_eq!(delay_after(0), 0);
    assert_eq!(delay_after(2), 0);
    assert_eq!(delay_after(3), 2);
    assert_eq!(delay_after(4), 4);
    assert!(delay_after(8) > delay_after(7));
    assert_eq!(delay_after(1000), MAX_DELAY_SECONDS);

    // After the wait has passed, the address may try again (the failures are backdated here
    // instead of sleeping).
    let mut app = TestApp::demo().await;
    for _ in 0..3 {
        fail(&mut app, VICTIM).await;
    }
    assert!(
        app.login_with(VICTIM, PASSWORD)
            .await
            .text()
            .contains("Vänta")
    );
    let mut owner = sqlx::PgConnection::connect(&app.database_url())
        .await
        .unwrap();
    sqlx::query("update login_failure set failed_at = failed_at - interval '3 seconds'")
        .execute(&mut owner)
        .await
        .unwrap();
    app.login_with(VICTIM, PASSWORD)
        .await
        .assert_redirect_to("/?misslyckade=3");
}

use sqlx::Connection;

fn login_request(forwarded_for: &str) -> Request<Body> {
    let body =
        serde_urlencoded::to_string([("epost", VICTIM), ("losenord", "fel fel fel fel")]).unwrap();
    Request::post("/logga-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", forwarded_for)
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_throttle_counts_each_client() {
    let config = WebConfig {
        trusted_proxies: TrustedProxies::parse("127.0.0.1").unwrap(),
        ..WebConfig::default()
    };
    let mut proxy = TestApp::demo_with(config).await;
    proxy.client = "127.0.0.1:44000".parse().unwrap();
    for _ in 0..3 {
        let r = proxy.send(login_request("203.0.113.9")).await;
        assert!(r.text().contains("Fel e-postadress"), "{}", r.text());
    }
    let r = proxy.send(login_request("203.0.113.9")).await;
    assert!(
        r.text().contains("Vänta"),
        "the attacker behind the proxy is slowed down"
    );
    // Another client behind the same proxy is not.
    let r = proxy.send(login_request("198.51.100.30")).await;
    assert!(r.text().contains("Fel e-postadress"), "{}", r.text());

    // A peer that is not a trusted proxy cannot dodge the throttle by forging the header.
    let mut direct = proxy.other_browser();
    direct.client = "192.0.2.99:1234".parse().unwrap();
    for i in 0..3 {
        direct.send(login_request(&format!("10.9.9.{i}"))).await;
    }
    let r = direct.send(login_request("10.9.9.200")).await;
    assert!(
        r.text().contains("Vänta"),
        "forged headers are ignored: {}",
        r.text()
    );
}

/// The page text with the echoed e-mail address taken out.
fn answer(app_text: &str, email: &str) -> String {
    app_text.replace(email, "E-POST")
}

#[tokio::test]
async fn known_and_unknown_addresses_get_identical_answers() {
    let mut app = TestApp::demo().await;
    let known = "fk@demo.lotsen.example";
    let unknown = "finns-inte@demo.lotsen.example";
    // Wrong password, and an inactive account with the right password, read the same.
    let mut admin = app.other_browser();
    admin.client = "198.51.100.40:1".parse().unwrap();
    admin.login("forbund@demo.lotsen.example").await;
    let af = admin.user_id("fjardlunda", "af@demo.lotsen.example").await;
    admin
        .post(&format!("/admin/anvandare/{af}/aktiv"), &[("aktiv", "nej")])
        .await;
    let inactive = app.login_with("af@demo.lotsen.example", PASSWORD).await;
    let wrong = app.login_with(known, "fel lösenord här").await;
    let nobody = app.login_with(unknown, "fel lösenord här").await;
    assert_eq!(inactive.status, wrong.status);
    assert_eq!(wrong.status, nobody.status);
    assert_eq!(
        answer(&inactive.text(), "af@demo.lotsen.example"),
        answer(&wrong.text(), known)
    );
    assert_eq!(
        answer(&wrong.text(), known),
        answer(&nobody.text(), unknown)
    );
    // The throttle treats them alike too.
    for _ in 0..2 {
        app.login_with(known, "fel lösenord här").await;
        app.login_with(unknown, "fel lösenord här").await;
    }
    let digits = |s: String| {
        s.chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>()
    };
    let k = app.login_with(known, "fel lösenord här").await;
    let u = app.login_with(unknown, "fel lösenord här").await;
    assert!(k.text().contains("Vänta"));
    assert_eq!(k.status, u.status);
    assert_eq!(
        digits(answer(&k.text(), known)),
        digits(answer(&u.text(), unknown))
    );
    assert_eq!(
        k.headers.get(header::SET_COOKIE).is_some(),
        u.headers.get(header::SET_COOKIE).is_some()
    );
}
