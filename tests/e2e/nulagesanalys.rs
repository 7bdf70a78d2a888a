//! The nulägesanalys form in a real browser: the demo chair opens this year's round from
//! the navigation, reads STL's draft with its figures, adds to an answer, saves, and signs
//! after the confirmation; a coordinator registers an older ärende and the signed form shows
//! what changed since; the förbund-admin then sees "Signerad" on the round's status page,
//! opens the compiled print document, reopens STL's form with a reason (the chair sees it on
//! the start page and signs again) and opens next year's round to edit its questions. axe checks every one of those pages, the print view included.

use super::accessibility::violations;
use super::harness::{Browser, run};
use anyhow::{Context, ensure};

#[tokio::test]
async fn a_chair_signs_the_form_and_the_forbund_admin_sees_it_signed() {
    run("nulagesanalys_flow", true, flow).await;
}

async fn axe_clean(b: &Browser, what: &str) -> anyhow::Result<()> {
    let found = violations(b).await?;
    ensure!(found.is_empty(), "axe on {what}: {found:#?}");
    Ok(())
}

async fn flow(b: Browser) -> anyhow::Result<()> {
    let year = b
        .eval("return String(new Date().getFullYear())")
        .await?
        .as_str()
        .context("year")?
        .to_string();

    b.login_demo("ordforande@demo.lotsen.example").await?;
    b.click_link("Nulägesanalys").await?;
    ensure!(b.path().await? == "/nulagesanalys");
    axe_clean(&b, "/nulagesanalys as the chair").await?;
    b.click_link(&format!("Nulägesanalys {year}")).await?;
    axe_clean(&b, "the round as the chair").await?;
    b.click_link("STL – Stenbäck–Lövsjö").await?;
    ensure!(b.path().await? == format!("/nulagesanalys/{year}/grupper/STL"));
    ensure!(
        b.texts("section.figure-section").await?.len() == 13,
        "the figures"
    );
    axe_clean(&b, "STL's form, draft").await?;

    let first = b.find("textarea[name^='svar-']").await?;
    let before = first.prop("value").await?.unwrap_or_default();
    ensure!(!before.is_empty(), "the demo draft has answers");
    b.find("textarea[name^='svar-']")
        .await?
        .send_keys("\n\n- Fler platser för arbetsträning")
        .await?;
    b.press("Spara svaren").await?;
    ensure!(b.text(".notice").await?.contains("Ändringarna är sparade."));

    b.press("Spara och signera …").await?;
    ensure!(
        b.path().await? == format!("/nulagesanalys/{year}/grupper/STL/signera"),
        "the confirmation before signing"
    );
    axe_clean(&b, "the confirmation before signing").await?;
    b.press("Signera som ordförande").await?;
    ensure!(
        b.text(".notice")
            .await?
            .contains("Blanketten är signerad och låst."),
        "signed"
    );
    let facts = b.text("dl.facts").await?;
    ensure!(facts.contains("Anders Öhman"), "{facts}");
    ensure!(!b.exists("textarea[name^='svar-']").await?, "locked");
    let list = b.texts("section.answer li").await?;
    ensure!(
        list.iter().any(|l| l == "Fler platser för arbetsträning"),
        "the list item is shown: {list:?}"
    );
    axe_clean(&b, "STL's form, signed").await?;
    b.logout().await?;

    // The coordinator registers an older STL ärende in the round's period: the signed form
    // keeps the figures the chair signed and lists what changed since.
    b.login_demo("koordinator@demo.lotsen.example").await?;
    b.goto("/arenden/ny").await?;
    b.select("#f-lokus", "STL – Stenbäck–Lövsjö").await?;
    let last_year = year.parse::<i32>()? - 1;
    b.eval(&format!(
        "document.querySelector('#f-inkom').value = '{last_year}-09-01'"
    ))
    .await?;
    // The sender's search field (static/intake.js) takes the one sender the words match.
    b.fill(
        "#f-avsandare",
        "Försäkringskassan LFC Västerlän – Sjukpenning",
    )
    .await?;
    b.press("Registrera ärendet").await?;
    let at = b.path().await?;
    ensure!(
        at.starts_with("/arenden/") && at != "/arenden/ny",
        "registered: {at}"
    );
    b.goto(&format!("/nulagesanalys/{year}/grupper/STL"))
        .await?;
    let changed = b.text(".notice-warning").await?;
    ensure!(
        changed.contains("Siffrorna har ändrats sedan signeringen"),
        "{changed}"
    );
    axe_clean(&b, "a signed form whose figures changed since").await?;
    b.logout().await?;

    b.login_demo("forbund@demo.lotsen.example").await?;
    b.click_link("Nulägesanalys").await?;
    b.click_link(&format!("Nulägesanalys {year}")).await?;
    let rows = b.texts("tbody tr").await?;
    let stl = rows
        .iter()
        .find(|r| r.contains("STL – "))
        .context("STL's row")?;
    ensure!(
        stl.contains("Signerad") && stl.contains("Anders Öhman"),
        "{stl}"
    );
    axe_clean(&b, "the round's status as the förbund-admin").await?;

    b.click_link("Alla signerade blanketter (utskrift)").await?;
    let h2 = b.texts("h2").await?;
    ensure!(
        h2.iter().any(|h| h == "LOKUS STL – Stenbäck–Lövsjö"),
        "{h2:?}"
    );
    ensure!(h2.iter().any(|h| h == "LOKUS FJL – Fjärdlunda"), "{h2:?}");
    axe_clean(&b, "the compiled document").await?;
    // Printed as the browser prints it (A4): each signed form starts a page.
    let pdf = b
        .client
        .print(fantoccini::wd::PrintConfiguration::default())
        .await?;
    ensure!(pdf.starts_with(b"%PDF"), "not a PDF");
    let raw = String::from_utf8_lossy(&pdf);
    let pages = raw.matches("/Type /Page").count() - raw.matches("/Type /Pages").count();
    ensure!(pages >= 2, "two signed forms printed on {pages} page(s)");
    let dir = super::harness::artifacts_dir("nulagesanalys_flow");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("sammanstallning.pdf"), &pdf)?;

    // The förbund administrator reopens STL's form with a reason; the chair is told on the
    // start page and signs again.
    b.goto(&format!("/nulagesanalys/{year}/grupper/STL"))
        .await?;
    b.press("Öppna igen").await?;
    ensure!(
        b.text(".error-summary")
            .await?
            .contains("Skriv varför blanketten öppnas igen.")
    );
    axe_clean(&b, "reopening without a reason").await?;
    b.fill("#f-skal", "Höstens ärenden kom in sent.").await?;
    b.press("Öppna igen").await?;
    ensure!(
        b.text(".notice")
            .await?
            .contains("Blanketten är öppnad igen.")
    );
    axe_clean(&b, "the reopened form as the förbund-admin").await?;
    b.logout().await?;
    b.login_demo("ordforande@demo.lotsen.example").await?;
    let notice = b.text(".notice-warning").await?;
    ensure!(
        notice.contains("öppnades igen") && notice.contains("Höstens ärenden kom in sent."),
        "{notice}"
    );
    axe_clean(&b, "the chair's start page with a reopened form").await?;
    b.click_link("Öppna blanketten").await?;
    b.press("Spara och signera …").await?;
    b.press("Signera som ordförande").await?;
    ensure!(
        b.text(".notice")
            .await?
            .contains("Blanketten är signerad och låst.")
    );
    let history = b.texts("ul.history li").await?;
    ensure!(history.len() == 3, "signed, reopened, signed: {history:?}");
    axe_clean(&b, "the form signed again, with its history").await?;
    b.logout().await?;
    b.login_demo("forbund@demo.lotsen.example").await?;

    // Next year's round: the question editor (the demo round's is locked by FJL's signature).
    let next = (year.parse::<i32>()? + 1).to_string();
    b.goto("/nulagesanalys").await?;
    let prefilled = b
        .find("#f-ar")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    ensure!(prefilled == next, "the form offers next year: {prefilled}");
    b.press("Öppna nulägesanalysen").await?;
    ensure!(b.path().await? == format!("/nulagesanalys/{next}?klart=skapad"));
    ensure!(
        b.texts("textarea[id^='f-fraga-']").await?.len() == 7,
        "the standard questions"
    );
    axe_clean(&b, "the question editor").await?;
    b.press("Flytta fråga 1 ned").await?;
    b.press("Lägg till frågan").await?;
    ensure!(b.text(".error-summary").await?.contains("Skriv frågan."));
    axe_clean(&b, "the question editor with an error").await?;
    Ok(())
}
