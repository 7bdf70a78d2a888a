//! The coordinator's day in a real browser: a new ärende logged with the keyboard alone, two
//! actions, a flag to LOKUS, closing it, and finding it again through search and filters; and
//! the intake form's search for senders, name warning and "Spara och registrera nästa".

use super::accessibility::check_page;
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

    // LOKUS group, the first field, has focus: type to choose in the select.
    let focused = js(&b, "return document.activeElement.id").await?;
    ensure!(focused == "f-lokus", "focus on arrival: {focused}");
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
    // The date is today already; the sender is searched by words of its name, several
    // match, and the arrow keys move to the one (the form may have preselected the
    // coordinator's last sender: typing replaces it).
    tab_to(&b, "#f-avsandare").await?;
    b.type_text("västerlän").await?;
    let target = "Försäkringskassan LFC Västerlän – Sjukpenning";
    let mut found = false;
    for _ in 0..10 {
        let active = js(
            &b,
            "const id = document.activeElement.getAttribute('aria-activedescendant'); \
             return id ? document.getElementById(id).textContent : ''",
        )
        .await?;
        if active.as_str().is_some_and(|t| t.starts_with(target)) {
            found = true;
            break;
        }
        b.keys(&[Key::Down], false).await?;
    }
    ensure!(found, "{target} was not among the matches");
    b.keys(&[Key::Enter], false).await?;
    let chosen = js(
        &b,
        "return document.querySelector('#f-avsandare-val').selectedOptions[0].text",
    )
    .await?;
    ensure!(
        chosen.as_str().is_some_and(|t| t.starts_with(target)),
        "the sender is {chosen}"
    );
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
    // A checkbox group is one tab stop: Tab lands on its first box, the arrows move (Up
    // from the first wraps to the last).
    tab_to(&b, "#ersattning-sjukpenning").await?;
    b.keys(&[Key::Space], false).await?;
    tab_to(&b, "#malgrupp-unga_uvas").await?;
    b.keys(&[Key::Up, Key::Up, Key::Up], false).await?;
    let here = js(&b, "return document.activeElement.id").await?;
    ensure!(
        here == "malgrupp-langtidssjukskriven",
        "the arrows led to {here}"
    );
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

#[tokio::test]
async fn the_intake_form_finds_senders_warns_of_names_and_registers_the_next() {
    run("intake_form", true, intake_form).await;
}

/// The avsändare search, the error summary taking focus, the warning for a name-like code
/// and "Spara och registrera nästa", with axe on each state of the form.
async fn intake_form(b: Browser) -> anyhow::Result<()> {
    b.login_demo("koordinator@demo.lotsen.example").await?;
    b.goto("/arenden/ny").await?;
    check_page(&b, "the intake form").await?;

    // Words of a unit's name find it; the matches are counted for screen readers.
    b.select("#f-lokus", "FJL – Fjärdlunda").await?;
    let preselected = js(&b, "return document.querySelector('#f-avsandare').value").await?;
    b.click("#f-avsandare").await?;
    b.type_text("vård").await?;
    // (The demo's last sender may carry "(senast använd)".)
    let options: Vec<String> = b
        .texts("#f-avsandare-lista [role=option]")
        .await?
        .iter()
        .map(|o| o.trim_end_matches(" (senast använd)").to_string())
        .collect();
    ensure!(
        options
            == [
                "Region Västerlän – Lövsjö vårdcentral",
                "Region Västerlän – Norrvreta vårdcentral"
            ],
        "{options:?}"
    );
    ensure!(b.text("#f-avsandare + ul + [role=status]").await? == "2 avsändare matchar.");
    let expanded = js(
        &b,
        "return document.querySelector('#f-avsandare').getAttribute('aria-expanded')",
    )
    .await?;
    ensure!(expanded == "true", "aria-expanded {expanded}");
    check_page(&b, "the intake form, the sender list open").await?;
    b.keys(&[Key::Escape], false).await?;
    ensure!(
        !b.find("#f-avsandare-lista").await?.is_displayed().await?,
        "Escape closes the list"
    );
    b.keys(&[Key::Escape], false).await?;
    let back = js(&b, "return document.querySelector('#f-avsandare').value").await?;
    ensure!(
        back == preselected,
        "a second Escape gave back {back}, not {preselected}"
    );
    // Text that matches nothing chooses nothing, and the form says so.
    b.type_text("xyz").await?;
    ensure!(b.text("#f-avsandare + ul + [role=status]").await? == "Ingen avsändare matchar.");
    b.fill("#f-handlaggare", "Anna Svensson").await?;
    let sender = js(
        &b,
        "return document.querySelector('#f-avsandare-val').value",
    )
    .await?;
    ensure!(sender == "", "a sender was chosen: {sender}");
    b.press("Registrera ärendet").await?;
    let summary = b.texts(".error-summary li").await?;
    ensure!(
        summary
            .iter()
            .any(|e| e.starts_with("Välj vilken organisation")),
        "{summary:?}"
    );
    ensure!(
        summary
            .iter()
            .any(|e| e.starts_with("Koden ser ut som ett namn.")),
        "{summary:?}"
    );
    let focused = js(&b, "return document.activeElement.className").await?;
    ensure!(focused == "error-summary", "focus after errors: {focused}");
    check_page(&b, "the intake form with errors and the name warning").await?;
    // The summary's link leads to the search field.
    b.click("a[href='#f-avsandare']").await?;
    let focused = js(&b, "return document.activeElement.id").await?;
    ensure!(focused == "f-avsandare", "the link focused {focused}");
    b.type_text("stenbäcks psyk").await?;
    b.keys(&[Key::Enter], false).await?;
    // Confirm the code, and save and register the next.
    b.click("#f-handlaggare_ej_namn").await?;
    b.select("#f-kanal", "Mejl").await?;
    b.press("Spara och registrera nästa").await?;
    let path = b.path().await?;
    ensure!(path.starts_with("/arenden/ny?registrerat="), "at {path}");
    let notice = b.text(".notice-success").await?;
    ensure!(
        notice.starts_with("Ärende ")
            && notice.contains("-FJL-")
            && notice.contains("är registrerat"),
        "{notice}"
    );
    let focused = js(&b, "return document.activeElement.id").await?;
    ensure!(focused == "f-lokus", "focus on the next form: {focused}");
    let kept = js(
        &b,
        "return [document.querySelector('#f-lokus').selectedOptions[0].text, \
                 document.querySelector('#f-kanal').value, \
                 document.querySelector('#f-avsandare').value, \
                 document.querySelector('#f-handlaggare').value]",
    )
    .await?;
    ensure!(
        kept == json!([
            "FJL – Fjärdlunda",
            "mejl",
            "Region Västerlän – Stenbäcks psykiatrimottagning (senast använd)",
            ""
        ]),
        "{kept}"
    );
    check_page(&b, "the next intake form").await?;
    let nummer = notice
        .trim_start_matches("Ärende ")
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    b.click_link(&nummer).await?;
    ensure!(b.h1().await? == format!("Ärende {nummer}"));
    ensure!(b.text("dl.facts").await?.contains("Anna Svensson"));
    Ok(())
}
