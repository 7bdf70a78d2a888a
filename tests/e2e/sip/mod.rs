//! SIP records (issue 17) in a real browser: the coordinator starts a SIP from a new STL ärende
//! (initiative today, FK's Sjukpenning and Stenbäck's Försörjningsstöd invited), calls the
//! planning meeting, registers it as held today with both parties present and the next
//! follow-up booked within two weeks, and adds one action for Försäkringskassan and one for
//! the kommun. `fk@` finds the SIP on the start page and under "SIP", sees only the dates, the
//! follow-up and FK's own action (never the kommun's, the parties, the goals or the ärende),
//! marks it done, and gets 404 for the kommun's action and the keeper's steps; `af@` (not
//! invited) gets 404. The coordinator's start page lists it under "SIP att följa upp". The new
//! form started and sent with the keyboard alone, and a follow-up booked before the meeting
//! refused beside its field with nothing saved. axe checks every SIP page on the way.
//!
//! Dates are relative to the server's today (read from the new form, which is dated today).

use super::harness::{Browser, run};
use super::keyboard::{has_focus, selected_text, tab_to};
use super::start::axe_clean;
use anyhow::{Context, ensure};
use fantoccini::key::Key;
use serde_json::json;
use time::{Date, Duration};

mod flow;
mod forms;

const KOORDINATOR: &str = "koordinator@demo.lotsen.example";
const FK: &str = "fk@demo.lotsen.example";
const AF: &str = "af@demo.lotsen.example";

/// The invited units: (unit, organisation) as the register names them.
const FK_UNIT: (&str, &str) = ("Sjukpenning", "Försäkringskassan LFC Västerlän");
const KOMMUN_UNIT: (&str, &str) = ("Försörjningsstöd", "Stenbäcks kommun, socialförvaltningen");

const FK_ATGARD: &str = "Pröva rätten till sjukpenning på deltid under arbetsträningen.";
const KOMMUN_ATGARD: &str = "Ordna arbetsträning med handledare i kommunens verksamhet.";
const MAL_INDIVID: &str = "Jag vill kunna jobba halvtid till hösten.";
const MAL_PROFESSIONELLA: &str = "Stegvis återgång i arbete med samordnat stöd.";

/// "SIP att följa upp" on the start page (the coordinator's and the handläggare's).
const START_SIP: &str = "section[aria-labelledby='start-sip']";

#[tokio::test]
async fn a_sip_is_started_held_and_followed_up_by_the_invited_parties() {
    run("sip_flow", true, flow::main_flow).await;
}

#[tokio::test]
async fn a_sip_is_started_with_the_keyboard_alone() {
    run("sip_keyboard", false, forms::keyboard).await;
}

#[tokio::test]
async fn a_follow_up_before_the_meeting_is_refused_and_nothing_saved() {
    run("sip_bad_input", true, forms::bad_input).await;
}

fn parse_date(s: &str) -> anyhow::Result<Date> {
    Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
        .with_context(|| format!("not a date: {s:?}"))
}

/// `days` after `d` (before, when negative), as a date field's value.
fn plus(d: Date, days: i64) -> String {
    (d + Duration::days(days)).to_string()
}

/// Sets a date field's value (typing into Chromium's date field depends on the locale).
async fn set_date(b: &Browser, css: &str, value: &str) -> anyhow::Result<()> {
    b.client
        .execute(
            "document.querySelector(arguments[0]).value = arguments[1]; return null",
            vec![json!(css), json!(value)],
        )
        .await?;
    Ok(())
}

async fn value(b: &Browser, css: &str) -> anyhow::Result<String> {
    let v = b
        .client
        .execute(
            "return document.querySelector(arguments[0]).value",
            vec![json!(css)],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

async fn checked(b: &Browser, css: &str) -> anyhow::Result<bool> {
    b.find(css).await?.is_selected().await.map_err(Into::into)
}

/// The HTTP status of the page the browser shows (Navigation Timing's `responseStatus`).
async fn http_status(b: &Browser) -> anyhow::Result<u64> {
    let v = b
        .eval(
            "const e = performance.getEntriesByType('navigation')[0]; \
             return e ? e.responseStatus : null",
        )
        .await?;
    v.as_u64()
        .with_context(|| format!("the browser reports no response status ({v})"))
}

/// The checkbox named `name` for a unit of the register: its label names the unit, and the
/// label or the heading of its group names the organisation. A CSS selector for it.
async fn unit_box(b: &Browser, name: &str, (unit, org): (&str, &str)) -> anyhow::Result<String> {
    let v = b
        .client
        .execute(
            "const [name, unit, org] = arguments; \
             const box = [...document.querySelectorAll(`input[type=checkbox][name=${name}]`)] \
               .find(i => { \
                 const label = i.labels && i.labels[0] ? i.labels[0].textContent : ''; \
                 const grid = i.closest('.choice-grid'); \
                 const head = grid && grid.previousElementSibling \
                   ? grid.previousElementSibling.textContent : ''; \
                 return label.includes(unit) && (label + ' ' + head).includes(org); \
               }); \
             return box ? box.id : null",
            vec![json!(name), json!(unit), json!(org)],
        )
        .await?;
    let id = v
        .as_str()
        .with_context(|| format!("no {name} checkbox for {unit} ({org}) on this page"))?;
    Ok(format!("[id='{id}']"))
}

/// The status tag on a SIP record's page.
async fn status(b: &Browser) -> anyhow::Result<String> {
    b.text("main p.meta .tag").await
}

/// The value beside a fact's label on the record page (`dl.facts`), if it is there.
async fn fact(b: &Browser, label: &str) -> anyhow::Result<Option<String>> {
    let v = b
        .client
        .execute(
            "const dt = [...document.querySelectorAll('main dl.facts dt')] \
               .find(d => d.textContent.trim() === arguments[0]); \
             return dt && dt.nextElementSibling ? dt.nextElementSibling.textContent.trim() : null",
            vec![json!(label)],
        )
        .await?;
    Ok(v.as_str()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")))
}

async fn fact_is(b: &Browser, label: &str, expected: &str) -> anyhow::Result<()> {
    let got = fact(b, label).await?;
    ensure!(
        got.as_deref() == Some(expected),
        "{label}: {got:?}, expected {expected:?}"
    );
    Ok(())
}

/// The SIP's id from the path of its page.
async fn sip_id(b: &Browser) -> anyhow::Result<String> {
    let path = b.path().await?;
    let id = path
        .strip_prefix("/sip/")
        .and_then(|rest| rest.split(['?', '/', '#']).next())
        .filter(|id| id.len() == 36)
        .with_context(|| format!("not a SIP's page: {path}"))?;
    Ok(id.to_string())
}

/// The text of the action's row in the record's table, if it is listed.
async fn action_row(b: &Browser, text: &str) -> anyhow::Result<Option<String>> {
    Ok(b.texts("section[aria-labelledby='atgarder'] tbody tr")
        .await?
        .into_iter()
        .find(|r| r.contains(text)))
}

/// The "Ändra status" link of the action's row, as a path.
async fn status_link(b: &Browser, text: &str) -> anyhow::Result<String> {
    let v = b
        .client
        .execute(
            "const row = [...document.querySelectorAll(\"section[aria-labelledby='atgarder'] tbody tr\")] \
               .find(r => r.textContent.includes(arguments[0])); \
             const a = row && row.querySelector(\"a[href*='/atgarder/']\"); \
             return a ? a.getAttribute('href') : null",
            vec![json!(text)],
        )
        .await?;
    Ok(v.as_str()
        .with_context(|| format!("no \"Ändra status\" for {text:?}"))?
        .to_string())
}

/// After a step's form: back on the record with the success notice.
async fn saved(b: &Browser, id: &str) -> anyhow::Result<()> {
    ensure!(
        !b.exists(".error-summary").await?,
        "the form was refused: {:?}",
        b.texts(".error-summary li").await?
    );
    let path = b.path().await?;
    ensure!(
        path == format!("/sip/{id}?klart=sparat"),
        "after saving: {path}"
    );
    ensure!(b.text(".notice-success").await? == "Ändringarna är sparade.");
    Ok(())
}

/// The coordinator registers a new STL ärende; returns its path and number.
async fn new_arende(b: &Browser) -> anyhow::Result<(String, String)> {
    b.goto("/arenden/ny").await?;
    b.select("#f-lokus", "STL – Stenbäck–Lövsjö").await?;
    b.fill(
        "#f-avsandare",
        "Försäkringskassan LFC Västerlän – Sjukpenning",
    )
    .await?;
    b.click("#kon-kvinna").await?;
    b.fill("#f-alder", "38").await?;
    b.select("#f-bostadskommun", "Stenbäck").await?;
    b.press("Registrera ärendet").await?;
    let path = b.path().await?;
    ensure!(
        path.starts_with("/arenden/") && !path.starts_with("/arenden/ny"),
        "the ärende was not registered: {path} {:?}",
        b.texts(".error-summary li").await?
    );
    let path = path.split('?').next().unwrap_or_default().to_string();
    let h1 = b.h1().await?;
    let nummer = h1
        .strip_prefix("Ärende ")
        .with_context(|| format!("the ärende page's heading: {h1}"))?
        .to_string();
    Ok((path, nummer))
}

/// From the ärende page (the browser is there) to the new SIP form; returns today as the
/// form dates the initiative.
async fn open_new_form(b: &Browser, arende: &str) -> anyhow::Result<Date> {
    let panel = b.text("section[aria-labelledby='sip-rubrik']").await?;
    ensure!(
        panel.contains("Ingen SIP registrerad."),
        "the ärende's SIP panel: {panel}"
    );
    b.click_link("Starta SIP").await?;
    let id = arende.trim_start_matches("/arenden/");
    ensure!(
        b.path().await? == format!("/sip/ny?arende={id}"),
        "{}",
        b.path().await?
    );
    ensure!(b.h1().await? == "Starta SIP");
    let today = value(b, "#f-initierad").await?;
    ensure!(
        value(b, "#f-samtycke_datum").await? == today,
        "the consent is not dated today"
    );
    parse_date(&today)
}

/// Fills the new SIP form with the mouse: FK's initiative, the kommun convenes, written
/// consent for FK and the kommun, both units invited.
async fn fill_new(b: &Browser) -> anyhow::Result<()> {
    b.select("#f-initierad_av", "Försäkringskassan").await?;
    b.select("#f-sammankallande", "Kommun").await?;
    b.select(
        "#f-sammankallande_enhet",
        "Försörjningsstöd (Stenbäcks kommun, socialförvaltningen)",
    )
    .await?;
    b.fill("#f-sammankallande_roll", "Socialsekreterare")
        .await?;
    b.select("#f-planering", "Försäkringskassan").await?;
    b.fill("#f-planering_roll", "Handläggare sjukpenning")
        .await?;
    b.select("#f-samtycke_form", "Skriftligt").await?;
    b.click("#samtycke_part-fk").await?;
    b.click("#samtycke_part-kommun").await?;
    b.click(&unit_box(b, "inbjuden", FK_UNIT).await?).await?;
    b.click(&unit_box(b, "inbjuden", KOMMUN_UNIT).await?).await
}

/// Sends the new SIP form; returns the SIP's id (the browser is on its page).
async fn started(b: &Browser) -> anyhow::Result<String> {
    ensure!(
        !b.exists(".error-summary").await?,
        "the SIP was refused: {:?}",
        b.texts(".error-summary li").await?
    );
    let id = sip_id(b).await?;
    ensure!(
        b.path().await? == format!("/sip/{id}?klart=skapad"),
        "{}",
        b.path().await?
    );
    ensure!(b.text(".notice-success").await? == "Skapat.");
    ensure!(
        status(b).await? == "Initierad",
        "status {}",
        status(b).await?
    );
    Ok(id)
}

/// Checks the record's facts and parties as started by `fill_new` (or the keyboard).
async fn ensure_started(b: &Browser, today: Date) -> anyhow::Result<()> {
    ensure!(b.h1().await? == format!("SIP initierad {today}"));
    fact_is(b, "Initiativ", "Försäkringskassan").await?;
    let convener = fact(b, "Sammankallande").await?.unwrap_or_default();
    ensure!(convener.starts_with("Kommun"), "Sammankallande: {convener}");
    fact_is(b, "Planeringsmöte", "Inte kallat").await?;
    fact_is(b, "Nästa uppföljning", "Ingen bokad").await?;
    let samtycke = fact(b, "Samtycke").await?.unwrap_or_default();
    ensure!(
        samtycke.starts_with(&format!("Skriftligt, {today}"))
            && samtycke.contains("Försäkringskassan")
            && samtycke.contains("Kommunen"),
        "Samtycke: {samtycke}"
    );
    let parter = b
        .texts("section[aria-labelledby='parter-rubrik'] li")
        .await?;
    ensure!(parter.len() == 2, "the parties: {parter:?}");
    for (unit, org) in [FK_UNIT, KOMMUN_UNIT] {
        ensure!(
            parter.iter().any(|p| p.contains(unit) && p.contains(org)),
            "{unit} ({org}) is not among the parties: {parter:?}"
        );
    }
    Ok(())
}
