//! E-mail notices in the browser: `lotsen demo` started with an SMTP sink (`run_with_mail`)
//! says on the settings page that it sends mail, and a handläggare turns e-mail off and on by
//! the form. axe checks the page.

use super::accessibility::violations;
use super::harness::{Browser, run_with_mail};
use anyhow::{Context, ensure};

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

async fn notices(b: Browser) -> anyhow::Result<()> {
    b.login_demo("fk@demo.lotsen.example").await?;
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
    let inbox = b.mail.as_ref().context("run_with_mail gives an inbox")?;
    ensure!(inbox.messages().is_empty(), "nothing was queued");
    Ok(())
}
