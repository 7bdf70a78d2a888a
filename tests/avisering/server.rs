//! The server sends notices only when `LOTSEN_SMTP_URL` and `LOTSEN_MAIL_FROM` are set: the
//! configuration, `serve_on` with and without mail, and the `lotsen` binary against the sink.

use super::*;
use lotsen_server::config::Config;
use std::collections::HashMap;
use std::time::Duration;

fn config_of(vars: &[(&str, &str)]) -> anyhow::Result<Config> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_vars(|name| vars.get(name).cloned())
}

#[test]
fn mail_is_configured_by_both_variables_or_not_at_all() {
    let none = config_of(&[("LOTSEN_ADDR", "127.0.0.1:9090")]).unwrap();
    assert!(none.mail.is_none());
    assert_eq!(none.public_url, "http://127.0.0.1:9090");
    let both = config_of(&[
        ("LOTSEN_SMTP_URL", "smtp://127.0.0.1:2525"),
        ("LOTSEN_MAIL_FROM", "lotsen@forbund.example"),
        ("LOTSEN_PUBLIC_URL", "https://lotsen.forbund.example/"),
    ])
    .unwrap();
    let mail = both.mail.unwrap();
    assert_eq!(mail.public_url, "https://lotsen.forbund.example");
    assert_eq!(mail.from, "lotsen@forbund.example");
    for half in [
        &[("LOTSEN_SMTP_URL", "smtp://user:hemligt@127.0.0.1:2525")][..],
        &[("LOTSEN_MAIL_FROM", "lotsen@forbund.example")][..],
    ] {
        let e = format!("{:#}", config_of(half).unwrap_err());
        assert!(e.contains("set both"), "{e}");
        assert!(!e.contains("hemligt"), "{e}");
    }
    let e = format!(
        "{:#}",
        config_of(&[("LOTSEN_PUBLIC_URL", "lotsen.example")]).unwrap_err()
    );
    assert!(e.contains("LOTSEN_PUBLIC_URL"), "{e}");
}

/// Runs `serve_on` with `config` for as long as `body` takes.
async fn serving<F: std::future::Future<Output = ()>>(app: &TestApp, config: Config, body: F) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let db = app.t.db.clone();
    let server = tokio::spawn(async move {
        lotsen_server::serve_on(listener, db, &config, async {
            let _ = stopped.await;
        })
        .await
    });
    body.await;
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

#[tokio::test]
async fn the_server_sends_notices_when_mail_is_configured_and_not_otherwise() {
    let app = TestApp::demo().await;
    let sink = SmtpSink::start();
    queue(&app, FK, nytt_svar().1).await;

    // Not configured: nothing is sent, the notice waits.
    let config = config_of(&[]).unwrap();
    serving(&app, config, async {
        tokio::time::sleep(avisering::sender::POLL_INTERVAL + Duration::from_secs(1)).await;
    })
    .await;
    assert!(sink.messages().is_empty());
    assert_eq!(unsent(&app).await, 1);

    // Configured: the server's sender delivers it.
    let url = sink.url();
    let config = config_of(&[
        ("LOTSEN_SMTP_URL", url.as_str()),
        ("LOTSEN_MAIL_FROM", FROM),
        ("LOTSEN_PUBLIC_URL", PUBLIC_URL),
    ])
    .unwrap();
    serving(&app, config, async {
        sink.wait_for(1, Duration::from_secs(20)).await;
    })
    .await;
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, [FK]);
    assert_eq!(unsent(&app).await, 0);
}

#[tokio::test]
async fn the_lotsen_binary_sends_notices_through_the_smtp_url() {
    let app = TestApp::demo().await;
    let sink = SmtpSink::start();
    let (id, notice) = nytt_svar();
    queue(&app, FK, notice).await;
    let work = crate::e2e::harness::WorkDir::new().unwrap();
    let server = crate::e2e::harness::Server::start_with(
        &work.path,
        "serve",
        &[
            ("DATABASE_URL", app.database_url()),
            ("LOTSEN_SMTP_URL", sink.url()),
            ("LOTSEN_MAIL_FROM", FROM.to_string()),
        ],
    )
    .unwrap();
    let got = sink.wait_for(1, Duration::from_secs(30)).await;
    assert_eq!(got.len(), 1, "{}", server.log_tail());
    assert_eq!(got[0].subject(), "Du har ett nytt svar i Lotsen");
    // The links point at the server itself unless LOTSEN_PUBLIC_URL says otherwise.
    assert!(
        got[0]
            .body()
            .contains(&format!("{}/forfragningar/{id}", server.base)),
        "{}",
        got[0].body()
    );
    let log = server.log_tail();
    assert!(!log.contains(FK), "no address in the log: {log}");
    drop(server);
}
