//! The coach's day in a real browser (issue 16): the coordinator offers a tilläggsresurs on a
//! new ärende, which puts the person in the demo insats's queue; `coach@` enrols them from the
//! queue with consent, identity and baseline, records arbetsträning with the keyboard alone,
//! writes them out with the measurement at exit, finds the +3 follow-up due on the start page
//! and records it; the coordinator sees only the status on the ärende. axe checks every page.
//!
//! Dates are relative to today, so that the follow-up falls due whenever the test runs.

use super::harness::{Browser, run};
use super::keyboard::tab_to;
use super::start::axe_clean;
use anyhow::{Context, ensure};
use fantoccini::key::Key;

const KOORDINATOR: &str = "koordinator@demo.lotsen.example";
const COACH: &str = "coach@demo.lotsen.example";
const KOD: &str = "STL-COACH";

#[tokio::test]
async fn the_coach_runs_a_participant_from_the_queue_to_the_follow_up() {
    run("deltagare_coach_day", true, coach_day).await;
}

fn ago(days: i64) -> String {
    (time::OffsetDateTime::now_utc().date() - time::Duration::days(days)).to_string()
}

async fn set_date(b: &Browser, css: &str, value: &str) -> anyhow::Result<()> {
    b.eval(&format!(
        "document.querySelector('{css}').value = '{value}'; return null"
    ))
    .await?;
    Ok(())
}

async fn coach_day(b: Browser) -> anyhow::Result<()> {
    // The coordinator registers an ärende that came in 220 days ago and offers the coach.
    b.login_demo(KOORDINATOR).await?;
    b.goto("/arenden/ny").await?;
    b.select("#f-lokus", "STL – Stenbäck–Lövsjö").await?;
    set_date(&b, "#f-inkom", &ago(220)).await?;
    b.fill(
        "#f-avsandare",
        "Försäkringskassan LFC Västerlän – Sjukpenning",
    )
    .await?;
    b.click("#kon-kvinna").await?;
    b.fill("#f-alder", "31").await?;
    b.select("#f-bostadskommun", "Lövsjö").await?;
    b.press("Registrera ärendet").await?;
    let arende = b.path().await?;
    ensure!(
        arende.starts_with("/arenden/") && arende != "/arenden/ny",
        "registered: {arende}"
    );
    b.select("#f-kod", "Tilläggsresurs erbjuden").await?;
    set_date(&b, "#f-datum", &ago(210)).await?;
    b.select("#f-insats", "Social arbetscoach Stenbäck–Lövsjö")
        .await?;
    b.press("Registrera åtgärden").await?;
    let panel = b.text("section[aria-labelledby='insatser-rubrik']").await?;
    ensure!(
        panel.contains("I kö"),
        "the ärende shows the queue: {panel}"
    );
    axe_clean(&b, "the ärende with its enrolment").await?;
    b.logout().await?;

    // The coach finds the person in the queue, de-identified, and enrols them.
    b.login_demo(COACH).await?;
    b.goto(&format!("/insatser/{KOD}/deltagare")).await?;
    axe_clean(&b, "the queue and participants").await?;
    let queued = ago(210);
    // The queue shows the birth year the ärende's age gives.
    let born = (time::OffsetDateTime::now_utc().date() - time::Duration::days(220)).year() - 31;
    let href = b
        .eval(&format!(
            "const row = [...document.querySelectorAll('main table tbody tr')] \
               .find(r => r.textContent.includes('{queued}') && r.textContent.includes('född {born}')); \
             return row ? row.querySelector('a[href$=\"/inskriv\"]').getAttribute('href') : null"
        ))
        .await?;
    let href = href
        .as_str()
        .context("no queue row for the offered person")?
        .to_string();
    b.goto(&href).await?;
    axe_clean(&b, "the inskrivning form").await?;
    set_date(&b, "#f-inskriven", &ago(200)).await?;
    b.click("#samtycke-ja").await?;
    set_date(&b, "#f-samtycke_datum", &ago(200)).await?;
    b.click("#samtycke_form-skriftligt").await?;
    b.fill(
        "#f-omfattning",
        "Registrering i insatsen och uppföljning i 12 månader.",
    )
    .await?;
    b.click("#manader-12").await?;
    b.fill("#f-identitet_namn", "Lina Lindgren").await?;
    b.fill("#f-fors_aktivitetsstod", "100").await?;
    b.fill("#f-syss_ingen", "100").await?;
    b.select("#f-utbildning", "Gymnasial").await?;
    b.fill("#f-sjalvskattning", "4").await?;
    b.press("Skriv in").await?;
    let participant = b.path().await?;
    ensure!(
        participant.starts_with(&format!("/insatser/{KOD}/deltagare/")),
        "enrolled: {participant}"
    );
    ensure!(
        b.h1().await?.contains("Lina Lindgren"),
        "the coach sees the name"
    );
    axe_clean(&b, "the participant page").await?;

    // Arbetsträning with the keyboard alone, from the activity form's first choice.
    set_date(&b, "main form.panel #f-datum", &ago(190)).await?;
    b.eval("document.querySelector('#typ-mote').focus(); return null")
        .await?;
    b.keys(&[Key::Right], false).await?;
    ensure!(
        b.find("#typ-arbetstraning").await?.is_selected().await?,
        "the arrow did not choose Arbetsträning"
    );
    tab_to(&b, "#f-omfattning", false).await?;
    b.type_text("50").await?;
    tab_to(&b, "#f-plats", false).await?;
    b.type_text("Verkstan").await?;
    tab_to(&b, "main form.panel button[type=submit]", false).await?;
    b.keys_to_page(&[Key::Enter], false).await?;
    let timeline = b.text("section[aria-labelledby='tidslinje']").await?;
    ensure!(
        timeline.contains("Arbetsträning eller praktik · 50 % · Verkstan"),
        "the timeline: {timeline}"
    );

    // Utskrivning with the measurement at exit.
    b.click_link("Skriv ut").await?;
    axe_clean(&b, "the utskrivning form").await?;
    set_date(&b, "#f-utskriven", &ago(95)).await?;
    b.select("#f-avslutsanledning", "Arbete").await?;
    b.fill("#f-syss_forvarvsarbete", "75").await?;
    b.fill("#f-fors_lon", "75").await?;
    b.fill("#f-fors_aktivitetsstod", "25").await?;
    b.press("Skriv ut").await?;
    ensure!(
        b.text("main p.meta .tag").await? == "Utskriven",
        "written out"
    );

    // The +3 follow-up is due on the start page.
    b.goto("/").await?;
    let due = b
        .text("section[aria-labelledby='start-uppfoljning']")
        .await?;
    ensure!(
        due.contains("Lina Lindgren: Uppföljning efter 3 månader"),
        "the follow-up is due: {due}"
    );
    let href = b
        .eval(
            "const a = [...document.querySelectorAll('main section a')] \
               .find(a => a.textContent.includes('Lina Lindgren: Uppföljning efter 3')); \
             return a ? a.getAttribute('href') : null",
        )
        .await?;
    b.goto(href.as_str().context("no follow-up link")?).await?;
    axe_clean(&b, "the follow-up form").await?;
    set_date(&b, "#f-datum", &ago(1)).await?;
    b.fill("#f-syss_forvarvsarbete", "100").await?;
    b.fill("#f-fors_lon", "100").await?;
    b.press("Spara").await?;
    let matningar = b.text("section[aria-labelledby='matningar']").await?;
    ensure!(
        matningar.contains("Uppföljning efter 3 månader: gjord"),
        "recorded: {matningar}"
    );
    b.goto("/").await?;
    ensure!(
        !b.text("main")
            .await?
            .contains("Lina Lindgren: Uppföljning efter 3 månader"),
        "no longer due"
    );
    b.logout().await?;

    // The coordinator sees the status only.
    b.login_demo(KOORDINATOR).await?;
    b.goto(&arende).await?;
    let panel = b.text("section[aria-labelledby='insatser-rubrik']").await?;
    ensure!(
        panel.contains("Utskriven"),
        "the ärende shows the exit: {panel}"
    );
    ensure!(
        !b.text("main").await?.contains("Lina Lindgren"),
        "no identity on the ärende"
    );
    Ok(())
}
