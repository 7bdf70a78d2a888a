//! E-mail notices in the browser: `lotsen demo` started with an SMTP sink (`run_with_mail`)
//! says on the settings page that it sends mail, and a handläggare turns e-mail off and on by
//! the form, which sends them nothing. axe checks the page.
//!
//! The demo's requests queue notices when `lotsen demo` loads them, and the server sends those
//! to the sink as it starts (some to this handläggare), so the test waits for that mail first
//! and then checks that saving the setting adds none for the person.

use super::accessibility::violations;
use super::harness::{Browser, run_with_mail};
use crate::support::smtp::{Inbox, Received};
use anyhow::{Context, ensure};
use lotsen_core::avisering::sender::POLL_INTERVAL;
use std::time::{Duration, Instant};

const FK: &str = "fk@demo.lotsen.example";

#[tokio::test]
async fn a_person_turns_email_notices_off_on_the_account_page() {
    run_with_mail("avisering", true, notices).await;
}

async fn checked(b: &Browser, id: &str) -> anyhow::Result<bool> {
    b.eval(&format!("return document.getElementById('{id}').checked;"))
        .await?
        .as_bool()
        .context("checked")
}

/// The messages addressed to `addr` (the envelope's recipients).
fn addressed_to(messages: &[Received], addr: &str) -> Vec<Received> {
    messages
        .iter()
        .filter(|m| m.to.iter().any(|r| r.eq_ignore_ascii_case(addr)))
        .cloned()
        .collect()
}

/// Waits for the mail the server sends as it starts (the demo requests' notices): at least one
/// message, then none new for two seconds. Returns what arrived.
async fn startup_mail(inbox: &Inbox) -> anyhow::Result<Vec<Received>> {
    let first = inbox.wait_for(1, Duration::from_secs(60)).await;
    ensure!(
        !first.is_empty(),
        "the demo requests' notices did not reach the SMTP sink"
    );
    let quiet = Duration::from_secs(2);
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = first.len();
    let mut since = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = inbox.messages().len();
        if now != seen {
            seen = now;
            since = Instant::now();
        } else if since.elapsed() >= quiet {
            return Ok(inbox.messages());
        }
        ensure!(
            Instant::now() < deadline,
            "the startup mail kept coming for a minute ({seen} messages)"
        );
    }
}

async fn notices(b: Browser) -> anyhow::Result<()> {
    let inbox = b.mail.clone().context("run_with_mail gives an inbox")?;
    b.login_demo(FK).await?;
    b.click_link("E-postaviseringar").await?;
    ensure!(b.path().await? == "/konto/avisering");
    ensure!(b.h1().await? == "E-postaviseringar");
    ensure!(
        !b.exists(".notice-warning").await?,
        "the server was started with LOTSEN_SMTP_URL and LOTSEN_MAIL_FROM"
    );
    ensure!(checked(&b, "epost-ja").await?, "on by default");
    let found = violations(&b).await?;
    ensure!(found.is_empty(), "axe: {found:#?}");

    // What the person had before saving: the demo's notices about their requests.
    let before = addressed_to(&startup_mail(&inbox).await?, FK);
    b.click("label[for='epost-nej']").await?;
    b.press("Spara").await?;
    ensure!(
        b.text(".notice-success").await?.contains("sparade"),
        "saved"
    );
    ensure!(checked(&b, "epost-nej").await?, "off after saving");
    b.click("label[for='epost-ja']").await?;
    b.press("Spara").await?;
    ensure!(checked(&b, "epost-ja").await?, "on again");
    // Anything queued would be sent within one look at the outbox.
    tokio::time::sleep(POLL_INTERVAL + Duration::from_secs(1)).await;
    let after = addressed_to(&inbox.messages(), FK);
    ensure!(
        after.len() == before.len(),
        "saving the setting sent {} mail to {FK}: {:?}",
        after.len().saturating_sub(before.len()),
        after
            .iter()
            .skip(before.len())
            .map(Received::subject)
            .collect::<Vec<_>>()
    );
    Ok(())
}
