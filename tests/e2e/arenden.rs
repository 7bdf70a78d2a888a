//! The coordinator's day in a real browser: a new ärende logged with the keyboard alone, two
//! actions, a flag to LOKUS, closing it, and finding it again through search and filters.

use super::harness::{Browser, run};
use anyhow::ensure;
use fantoccini::key::Key;
use serde_json::json;

/// Presses Tab until the focused element matches `css`.
async fn tab_to(b: &Browser, css: &str) -> anyhow::Result<()> {
    for _ in 0..80 {
        b.keys(&[Key::Tab], false).await?;
        let here = b
            .client
            .execute(
                "return document.activeElement.matches(arguments[0])",
                vec![json!(css)],
            )
            .await?;
        if here == true {
            return Ok(());
        }
    }
    anyhow::bail!("Tab never reached {css}")
}

async fn js(b: &Browser, script: &str) -> anyhow::Result<serde_json::Value> {
    b.eval(script).await
}

#[tokio::test]
async fn a_coordinator_logs_follows_closes_and_finds_an_arende() {
    run("arende_flow", false, arende_flow).await;
}

async fn arende_flow(b: Browser) -> anyhow::Result<()> {
    b.login_demo("koordinator@demo.lotsen.example").await?;

    // To the intake form through the navigation, by keyboard.
    tab_to(&b, ".main-nav a[href='/arenden/ny']").await?;
    b.keys_to_page(&[Key::Enter], false).await?;
    b.wait_for_path("/arenden/ny", |p| p == "/arenden/ny")
        .await?;
    ensure!(b.h1().await? == "Nytt ärende");

    // LOKUS group: type to choose in the select.
    tab_to(&b, "#f-lokus").await?;
    b.type_text("STL").await?;
    let lokus = js(
        &b,
        "return document.querySelector('#f-lokus').selectedOptions[0].text",
    )
    .await?;
    ensure!(
        lokus.as_str().is_some_and(|t| t.starts_with("STL")),
        "chose {lokus}"
    );
    // The date is today already; the sender is chosen with Home and the arrow keys (the
    // form may have preselected the coordinator's last sender).
    tab_to(&b, "#f-avsandare").await?;
    b.keys(&[Key::Home], false).await?;
    let target = "Försäkringskassan LFC Västerlän – Sjukpenning";
    for _ in 0..30 {
        let chosen = js(
            &b,
            "return document.querySelector('#f-avsandare').selectedOptions[0].text",
        )
        .await?;
        if chosen == target {
            break;
        }
        b.keys(&[Key::Down], false).await?;
    }
    let chosen = js(
        &b,
        "return document.querySelector('#f-avsandare').selectedOptions[0].text",
    )
    .await?;
    ensure!(chosen == target, "the sender is {chosen}");
    tab_to(&b, "#f-handlaggare").await?;
    b.type_text("FK-H7").await?;
    // Kön: the radio group starts at "Okänt"; the arrow keys move to "Kvinna".
    tab_to(&b, "input[name=kon]:checked").await?;
    b.keys(&[Key::Up, Key::Up], false).await?;
    ensure!(
        b.find("#kon-kvinna").await?.is_selected().await?,
        "kvinna not chosen"
    );
    tab_to(&b, "#f-alder").await?;
    b.type_text("34").await?;
    tab_to(&b, "#ersattning-sjukpenning").await?;
    b.keys(&[Key::Space], false).await?;
    tab_to(&b, "#malgrupp-langtidssjukskriven").await?;
    b.keys(&[Key::Space], false).await?;
    // Samverkansproblem: a radio group is one tab stop; the arrows move to the third type.
    tab_to(&b, "#problem-ingen").await?;
    b.keys(&[Key::Down, Key::Down, Key::Down], false).await?;
    ensure!(
        b.find("#problem-racker_inte").await?.is_selected().await?,
        "racker_inte not chosen"
    );
    tab_to(&b, "#f-beskrivning").await?;
    b.type_text("Behöver samordnat stöd mellan FK och vården. Tangentbordsärende.")
        .await?;
    tab_to(&b, "main form.arende-form button[type=submit]").await?;
    b.keys_to_page(&[Key::Enter], false).await?;
    b.wait_for_path("the new ärende", |p| {
        p.starts_with("/arenden/") && p != "/arenden/ny"
    })
    .await?;
    let h1 = b.h1().await?;
    ensure!(
        h1.starts_with("Ärende 2026-STL-") || h1.starts_with("Ärende "),
        "landed on {h1}"
    );
    let nummer = h1.trim_start_matches("Ärende ").to_string();
    let facts = b.text("dl.facts").await?;
    for expected in [
        "Kvinna",
        "34 år",
        "Sjukpenning",
        "Långtidssjukskriven",
        "FK-H7",
    ] {
        ensure!(facts.contains(expected), "{expected} missing from {facts}");
    }

    // Two actions.
    b.select("#f-kod", "Kontakt förmedlad eller föreslagen")
        .await?;
    b.select("#f-mal", "Region Västerlän").await?;
    b.fill("#f-anteckning", "Kontakt med psykiatrin förmedlad")
        .await?;
    b.press("Registrera åtgärden").await?;
    ensure!(b.text(".notice-success").await? == "Ändringarna är sparade.");
    b.select("#f-kod", "Flerpartsmöte").await?;
    b.press("Registrera åtgärden").await?;
    let timeline = b.text("ol.timeline").await?;
    ensure!(
        timeline.contains("Kontakt förmedlad eller föreslagen – Region Västerlän"),
        "{timeline}"
    );
    ensure!(timeline.contains("Flerpartsmöte"), "{timeline}");

    // Flag to LOKUS, then close.
    b.fill("#f-fraga", "Saknas arbetsträning med stöd i Stenbäck?")
        .await?;
    b.press("Lyft till LOKUS").await?;
    ensure!(b.text("p.meta").await?.contains("Lyft till LOKUS"));
    b.press("Avsluta ärendet").await?;
    ensure!(
        b.exists(".error-summary").await?,
        "closing without an outcome was accepted"
    );
    ensure!(
        b.text(".error-summary")
            .await?
            .contains("Välj hur ärendet avslutades.")
    );
    b.select("#f-avslut", "Lotsad till ordinarie verksamhet")
        .await?;
    b.press("Avsluta ärendet").await?;
    ensure!(b.text("p.meta").await?.contains("Avslutad"));

    // Find it again: search, then filters.
    b.click_link("Ärenden").await?;
    b.fill("#f-q", "tangentbordsärende").await?;
    b.select("#f-status", "Alla").await?;
    b.press("Visa").await?;
    let table = b.text("table").await?;
    ensure!(
        table.contains(&nummer),
        "search did not find {nummer}: {table}"
    );
    ensure!(
        b.text("caption").await? == "1 ärende",
        "{}",
        b.text("caption").await?
    );
    b.goto("/arenden").await?;
    b.select("#f-status", "Avslutad").await?;
    b.click("#f-flaggad").await?;
    b.select("#f-part", "Försäkringskassan").await?;
    b.press("Visa").await?;
    let path = b.path().await?;
    ensure!(
        path.contains("status=avslutad") && path.contains("flaggad=ja"),
        "filters not in the URL: {path}"
    );
    ensure!(
        b.text("table").await?.contains(&nummer),
        "the filters lost {nummer}"
    );
    b.click_link(&nummer).await?;
    ensure!(b.h1().await? == format!("Ärende {nummer}"));
    Ok(())
}
