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
    run("sip_flow", true, main_flow).await;
}

#[tokio::test]
async fn a_sip_is_started_with_the_keyboard_alone() {
    run("sip_keyboard", false, keyboard).await;
}

#[tokio::test]
async fn a_follow_up_before_the_meeting_is_refused_and_nothing_saved() {
    run("sip_bad_input", true, bad_input).await;
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

async fn main_flow(b: Browser) -> anyhow::Result<()> {
    // The coordinator: a new STL ärende, its SIP panel, the new SIP form.
    b.login_demo(KOORDINATOR).await?;
    let (arende, nummer) = new_arende(&b).await?;
    let today = open_new_form(&b, &arende).await?;
    ensure!(
        b.exists(&format!("main a[href='{arende}']")).await?,
        "the form does not link back to the ärende"
    );
    axe_clean(&b, "the new SIP form").await?;
    fill_new(&b).await?;
    b.press("Starta SIP").await?;
    let id = started(&b).await?;
    ensure_started(&b, today).await?;
    ensure!(
        b.exists(&format!("main a[href='{arende}']")).await?,
        "the record does not link to its ärende"
    );
    ensure!(
        b.text("section[aria-labelledby='atgarder']")
            .await?
            .contains("Inga åtgärder ännu."),
        "actions on a new SIP"
    );
    axe_clean(&b, "the new SIP record").await?;

    // The ärende lists it.
    b.goto(&arende).await?;
    let panel = b.text("section[aria-labelledby='sip-rubrik']").await?;
    ensure!(
        panel.contains(&format!("SIP initierad {today}: Initierad")),
        "the ärende's SIP panel: {panel}"
    );
    let link = b
        .find(&format!(
            "section[aria-labelledby='sip-rubrik'] a[href='/sip/{id}']"
        ))
        .await?;
    b.navigating("the SIP on the ärende page", async {
        Ok(link.click().await?)
    })
    .await?;
    ensure!(sip_id(&b).await? == id);

    // Kallelse: the invited parties come checked from the record.
    b.click_link("Kalla till planeringsmöte").await?;
    ensure!(b.path().await? == format!("/sip/{id}/kallelse"));
    ensure!(b.h1().await? == "Kalla till planeringsmöte");
    for unit in [FK_UNIT, KOMMUN_UNIT] {
        let css = unit_box(&b, "inbjuden", unit).await?;
        ensure!(
            checked(&b, &css).await?,
            "{unit:?} is not invited on the kallelse"
        );
    }
    axe_clean(&b, "the kallelse form").await?;
    let kallad = plus(today, 3);
    set_date(&b, "#f-kallad_till", &kallad).await?;
    b.press("Kalla till planeringsmöte").await?;
    saved(&b, &id).await?;
    ensure!(
        status(&b).await? == "Kallad",
        "status {}",
        status(&b).await?
    );
    fact_is(&b, "Planeringsmöte", &kallad).await?;
    axe_clean(&b, "the called SIP").await?;

    // Calling off is offered before the meeting (its form only, not sent).
    b.click_link("Ställ in").await?;
    ensure!(b.h1().await? == "Ställ in SIP");
    axe_clean(&b, "the form to call the SIP off").await?;
    b.click_link("Avbryt").await?;
    ensure!(sip_id(&b).await? == id);

    // The planning meeting, held today: both present, the individual took part, the next
    // follow-up in ten days.
    b.click_link("Registrera planeringsmötet").await?;
    ensure!(b.path().await? == format!("/sip/{id}/mote"));
    ensure!(b.h1().await? == "Registrera planeringsmötet");
    axe_clean(&b, "the planning meeting form").await?;
    let nasta = plus(today, 10);
    set_date(&b, "#f-datum", &today.to_string()).await?;
    b.click(&unit_box(&b, "narvarande", FK_UNIT).await?).await?;
    b.click(&unit_box(&b, "narvarande", KOMMUN_UNIT).await?)
        .await?;
    b.click("#f-individen_deltog").await?;
    b.fill("#f-mal_individ", MAL_INDIVID).await?;
    b.fill("#f-mal_professionella", MAL_PROFESSIONELLA).await?;
    set_date(&b, "#f-nasta", &nasta).await?;
    b.press("Registrera planeringsmötet").await?;
    saved(&b, &id).await?;
    ensure!(
        status(&b).await? == "Genomförd",
        "status {}",
        status(&b).await?
    );
    fact_is(&b, "Nästa uppföljning", &nasta).await?;
    fact_is(&b, "Individen deltog", "Ja").await?;
    let parter = b
        .texts("section[aria-labelledby='parter-rubrik'] li")
        .await?;
    ensure!(
        parter.len() == 2 && parter.iter().all(|p| p.ends_with("– närvarande")),
        "the parties after the meeting: {parter:?}"
    );
    let mal = b.text("section[aria-labelledby='mal-rubrik']").await?;
    ensure!(
        mal.contains(MAL_INDIVID) && mal.contains(MAL_PROFESSIONELLA),
        "the goals: {mal}"
    );
    let moten = b.text("section[aria-labelledby='moten-rubrik']").await?;
    ensure!(
        moten.contains(&format!(
            "Planeringsmöte {today} – nästa uppföljning bokad till {nasta}"
        )),
        "the meetings: {moten}"
    );
    ensure!(
        !b.exists(&format!("main a[href='/sip/{id}/kallelse']"))
            .await?,
        "a held SIP can still be called"
    );
    axe_clean(&b, "the held SIP").await?;

    // Two actions: one for Försäkringskassan, one for the kommun.
    for (text, ansvarig, enhet, days) in [
        (
            FK_ATGARD,
            "Försäkringskassan",
            "Sjukpenning (Försäkringskassan LFC Västerlän)",
            7,
        ),
        (
            KOMMUN_ATGARD,
            "Kommunen",
            "Försörjningsstöd (Stenbäcks kommun, socialförvaltningen)",
            12,
        ),
    ] {
        b.click_link("Lägg till åtgärd").await?;
        ensure!(b.path().await? == format!("/sip/{id}/atgarder"));
        ensure!(b.h1().await? == "Lägg till åtgärd");
        if days == 7 {
            axe_clean(&b, "the new action form").await?;
        }
        b.fill("#f-text", text).await?;
        b.select("#f-ansvarig", ansvarig).await?;
        b.select("#f-enhet", enhet).await?;
        set_date(&b, "#f-senast", &plus(today, days)).await?;
        b.press("Lägg till åtgärd").await?;
        saved(&b, &id).await?;
        let row = action_row(&b, text)
            .await?
            .with_context(|| format!("the action {text:?} is not listed"))?;
        ensure!(
            row.contains(ansvarig) && row.contains(&plus(today, days)) && row.contains("Planerad"),
            "the action's row: {row}"
        );
    }
    ensure!(
        b.text("#atgarder").await? == "Vem gör vad och när",
        "{}",
        b.text("#atgarder").await?
    );
    axe_clean(&b, "the SIP with two actions").await?;
    let kommun_status = status_link(&b, KOMMUN_ATGARD).await?;
    b.goto(&kommun_status).await?;
    ensure!(b.h1().await? == "Ändra status på åtgärd");
    ensure!(b.text("main form").await?.contains(KOMMUN_ATGARD));
    ensure!(
        b.exists("#f-orsak").await?,
        "the keeper has no reason field"
    );
    axe_clean(&b, "the keeper's action status form").await?;

    // The follow-up, closing, new-consent and withdrawal forms of a held SIP (not sent).
    b.goto(&format!("/sip/{id}")).await?;
    for (link, h1) in [
        ("Registrera uppföljning", "Registrera uppföljning"),
        ("Avsluta SIP", "Avsluta SIP"),
        ("Nytt samtycke", "Nytt samtycke"),
        ("Samtycket återkallas", "Samtycket återkallas"),
    ] {
        b.click_link(link).await?;
        ensure!(b.h1().await? == h1, "{link} led to {}", b.h1().await?);
        axe_clean(&b, &format!("the form {h1:?}")).await?;
        b.click_link("Avbryt").await?;
        ensure!(sip_id(&b).await? == id);
    }

    // The coordinator's list.
    b.goto("/sip").await?;
    let row = b
        .texts(&format!("main tbody tr:has(a[href='/sip/{id}'])"))
        .await?
        .into_iter()
        .next()
        .context("the coordinator's /sip does not list the SIP")?;
    ensure!(
        row.contains(&format!("Ärende {nummer}"))
            && row.contains("Genomförd")
            && row.contains(&nasta)
            && row.contains("2 inom två veckor"),
        "the coordinator's row: {row}"
    );
    axe_clean(&b, "the coordinator's SIP list").await?;
    b.logout().await?;

    // FK's handläggare: the start page, the navigation, the list, the record.
    b.login_demo(FK).await?;
    let item = b
        .texts(&format!("{START_SIP} li:has(a[href='/sip/{id}'])"))
        .await?
        .into_iter()
        .next()
        .context("fk's start page does not list the SIP")?;
    ensure!(
        item.contains(&format!("uppföljning {nasta}"))
            && item.contains("1 åtgärd inom två veckor")
            && item.contains("din enhet är inbjuden"),
        "fk's start page: {item}"
    );
    ensure!(
        !item.contains(&nummer),
        "fk sees the ärende's number: {item}"
    );
    axe_clean(&b, "fk's start page with a SIP").await?;
    ensure!(
        b.nav().await?.iter().any(|n| n == "SIP"),
        "fk's navigation: {:?}",
        b.nav().await?
    );
    let nav = b.find(".main-nav a[href='/sip']").await?;
    b.navigating("the navigation's \"SIP\"", async { Ok(nav.click().await?) })
        .await?;
    ensure!(b.path().await? == "/sip");
    let row = b
        .texts(&format!("main tbody tr:has(a[href='/sip/{id}'])"))
        .await?
        .into_iter()
        .next()
        .context("fk's /sip does not list the SIP")?;
    ensure!(
        row.contains(&format!("SIP initierad {today}"))
            && row.contains("Din enhet är inbjuden")
            && row.contains(&nasta)
            && row.contains("1 inom två veckor"),
        "fk's row: {row}"
    );
    ensure!(!row.contains(&nummer), "fk's list shows the ärende: {row}");
    axe_clean(&b, "fk's SIP list").await?;
    let link = b.find(&format!("main a[href='/sip/{id}']")).await?;
    b.navigating("the SIP in fk's list", async { Ok(link.click().await?) })
        .await?;
    ensure!(b.h1().await? == format!("SIP initierad {today}"));
    ensure!(b.text("#atgarder").await? == "Din parts åtgärder");
    fact_is(&b, "Planeringsmöte", &kallad).await?;
    fact_is(&b, "Nästa uppföljning", &nasta).await?;
    let main = b.text("main").await?;
    ensure!(main.contains("Din enhet är inbjuden"), "{main}");
    ensure!(
        main.contains(FK_ATGARD),
        "fk does not see its own action: {main}"
    );
    for hidden in [
        KOMMUN_ATGARD,
        MAL_INDIVID,
        MAL_PROFESSIONELLA,
        nummer.as_str(),
    ] {
        ensure!(!main.contains(hidden), "fk sees {hidden:?}: {main}");
    }
    ensure!(fact(&b, "Samtycke").await?.is_none(), "fk sees the consent");
    ensure!(
        !b.exists("#parter-rubrik").await? && !b.exists("#mal-rubrik").await?,
        "fk sees the parties or the goals"
    );
    for step in ["kallelse", "mote", "uppfoljning", "atgarder", "avsluta"] {
        ensure!(
            !b.exists(&format!("main a[href='/sip/{id}/{step}']"))
                .await?,
            "fk is offered the step {step}"
        );
    }
    ensure!(
        b.texts("section[aria-labelledby='atgarder'] tbody tr")
            .await?
            .len()
            == 1,
        "fk sees more than its own action"
    );
    axe_clean(&b, "fk's view of the SIP").await?;

    // FK marks its action done, today.
    let own = status_link(&b, FK_ATGARD).await?;
    let link = b.find(&format!("main a[href='{own}']")).await?;
    b.navigating("\"Ändra status\"", async { Ok(link.click().await?) })
        .await?;
    ensure!(b.h1().await? == "Ändra status på åtgärd");
    ensure!(b.text("main form").await?.contains(FK_ATGARD));
    let options = b
        .eval("return [...document.querySelectorAll('#f-status option')].map(o => o.text)")
        .await?;
    ensure!(
        options
            .as_array()
            .is_some_and(|o| o.iter().any(|x| x == "Klar"))
            && !options.to_string().contains("Ej genomförd"),
        "a handläggare is offered \"Ej genomförd\": {options:?}"
    );
    ensure!(!b.exists("#f-orsak").await?, "fk is asked for a reason");
    axe_clean(&b, "fk's action status form").await?;
    b.select("#f-status", "Klar").await?;
    set_date(&b, "#f-klar_datum", &today.to_string()).await?;
    b.press("Ändra status på åtgärd").await?;
    saved(&b, &id).await?;
    let row = action_row(&b, FK_ATGARD)
        .await?
        .context("fk's action is gone")?;
    ensure!(row.contains(&format!("Klar {today}")), "fk's action: {row}");
    axe_clean(&b, "fk's view with its action done").await?;

    // Not the kommun's action, not the keeper's steps.
    b.goto(&kommun_status).await?;
    ensure!(b.h1().await? == "Sidan finns inte", "{}", b.h1().await?);
    ensure!(http_status(&b).await? == 404);
    ensure!(!b.text("main").await?.contains(KOMMUN_ATGARD));
    for step in ["mote", "atgarder", "avsluta"] {
        b.goto(&format!("/sip/{id}/{step}")).await?;
        ensure!(
            http_status(&b).await? == 404,
            "fk reaches /sip/{id}/{step}: {}",
            b.h1().await?
        );
    }
    b.goto("/").await?;
    let item = b
        .texts(&format!("{START_SIP} li:has(a[href='/sip/{id}'])"))
        .await?
        .into_iter()
        .next()
        .context("fk's start page no longer lists the SIP (its follow-up is due)")?;
    ensure!(
        !item.contains("åtgärd inom två veckor"),
        "fk's done action still counts: {item}"
    );
    b.logout().await?;

    // Arbetsförmedlingen is not invited.
    b.login_demo(AF).await?;
    b.goto(&format!("/sip/{id}")).await?;
    ensure!(b.h1().await? == "Sidan finns inte", "{}", b.h1().await?);
    ensure!(http_status(&b).await? == 404);
    b.goto("/sip").await?;
    ensure!(
        !b.exists(&format!("main a[href='/sip/{id}']")).await?,
        "af's list shows the SIP"
    );
    b.logout().await?;

    // The coordinator: the start page's "SIP att följa upp", FK's action done.
    b.login_demo(KOORDINATOR).await?;
    let heading = b.text(&format!("{START_SIP} h2")).await?;
    ensure!(heading == "SIP att följa upp", "{heading}");
    let item = b
        .texts(&format!("{START_SIP} li:has(a[href='/sip/{id}'])"))
        .await?
        .into_iter()
        .next()
        .context("\"SIP att följa upp\" does not list the SIP")?;
    ensure!(
        item.contains(&format!("Ärende {nummer}"))
            && item.contains(&format!("uppföljning {nasta}"))
            && item.contains("1 åtgärd inom två veckor")
            && !item.contains("försenad"),
        "the coordinator's start page: {item}"
    );
    axe_clean(&b, "the coordinator's start page with a SIP").await?;
    let link = b.find(&format!("{START_SIP} a[href='/sip/{id}']")).await?;
    b.navigating("the SIP on the start page", async {
        Ok(link.click().await?)
    })
    .await?;
    let row = action_row(&b, FK_ATGARD)
        .await?
        .context("the coordinator no longer sees FK's action")?;
    ensure!(row.contains(&format!("Klar {today}")), "FK's action: {row}");
    let row = action_row(&b, KOMMUN_ATGARD)
        .await?
        .context("the kommun's action is gone")?;
    ensure!(row.contains("Planerad"), "the kommun's action: {row}");
    Ok(())
}

async fn keyboard(b: Browser) -> anyhow::Result<()> {
    b.login_demo(KOORDINATOR).await?;
    let (arende, _) = new_arende(&b).await?;

    // From the ärende's "Starta SIP" to the form, by keyboard.
    let id = arende.trim_start_matches("/arenden/");
    // The SIP panel is near the end of the page: Shift-Tab from the end.
    tab_to(&b, &format!("main a[href='/sip/ny?arende={id}']"), true).await?;
    b.keys_to_page(&[Key::Enter], false).await?;
    b.wait_for_path("/sip/ny", |p| p == "/sip/ny").await?;
    ensure!(b.h1().await? == "Starta SIP");
    let today = parse_date(&value(&b, "#f-initierad").await?)?;
    // The first field, the initiative's date (today), has focus when the page loads.
    has_focus(&b, "#f-initierad").await?;

    // Sent empty: the error summary takes focus, its first link leads to the field.
    tab_to(&b, "main form button[type=submit]", false).await?;
    b.keys_to_page(&[Key::Enter], false).await?;
    ensure!(b.exists(".error-summary").await?, "no errors");
    has_focus(&b, ".error-summary").await?;
    let first = b.text(".error-summary li").await?;
    ensure!(
        first == "Välj vem som tog initiativet.",
        "the first error: {first}"
    );
    ensure!(
        value(&b, "#f-initierad").await? == today.to_string(),
        "the date was not kept"
    );
    tab_to(&b, ".error-summary a", false).await?;
    b.keys(&[Key::Enter], false).await?;
    has_focus(&b, "#f-initierad_av").await?;

    // Selects by their first letter, checkboxes with Space.
    b.type_text("F").await?;
    ensure!(
        selected_text(&b, "#f-initierad_av").await? == "Försäkringskassan",
        "initiative: {}",
        selected_text(&b, "#f-initierad_av").await?
    );
    tab_to(&b, "#f-sammankallande", false).await?;
    b.type_text("K").await?;
    ensure!(
        selected_text(&b, "#f-sammankallande").await? == "Kommun",
        "convener: {}",
        selected_text(&b, "#f-sammankallande").await?
    );
    tab_to(&b, "#f-samtycke_form", false).await?;
    b.type_text("S").await?;
    ensure!(
        selected_text(&b, "#f-samtycke_form").await? == "Skriftligt",
        "consent: {}",
        selected_text(&b, "#f-samtycke_form").await?
    );
    for css in [
        "#samtycke_part-fk".to_string(),
        "#samtycke_part-kommun".to_string(),
        unit_box(&b, "inbjuden", FK_UNIT).await?,
        unit_box(&b, "inbjuden", KOMMUN_UNIT).await?,
    ] {
        tab_to(&b, &css, false).await?;
        b.keys(&[Key::Space], false).await?;
        ensure!(checked(&b, &css).await?, "Space did not tick {css}");
    }
    tab_to(&b, "main form button[type=submit]", false).await?;
    b.keys_to_page(&[Key::Enter], false).await?;
    started(&b).await?;
    ensure_started(&b, today).await?;
    Ok(())
}

async fn bad_input(b: Browser) -> anyhow::Result<()> {
    b.login_demo(KOORDINATOR).await?;
    let (arende, _) = new_arende(&b).await?;
    let today = open_new_form(&b, &arende).await?;
    fill_new(&b).await?;
    b.press("Starta SIP").await?;
    let id = started(&b).await?;

    // The meeting held today, the follow-up booked the day before.
    b.click_link("Registrera planeringsmötet").await?;
    set_date(&b, "#f-datum", &today.to_string()).await?;
    let fk_present = unit_box(&b, "narvarande", FK_UNIT).await?;
    b.click(&fk_present).await?;
    b.click("#f-individen_deltog").await?;
    b.fill("#f-mal_individ", MAL_INDIVID).await?;
    let yesterday = plus(today, -1);
    set_date(&b, "#f-nasta", &yesterday).await?;
    b.press("Registrera planeringsmötet").await?;
    ensure!(
        b.path().await? == format!("/sip/{id}/mote"),
        "{}",
        b.path().await?
    );
    ensure!(http_status(&b).await? == 422, "the status was not 422");
    let message = "Uppföljningen måste ligga efter mötet.";
    let summary = b.texts(".error-summary li").await?;
    ensure!(summary == [message], "the error summary: {summary:?}");
    has_focus(&b, ".error-summary").await?;
    let beside = b.text("#f-nasta-fel").await?;
    ensure!(beside.contains(message), "beside the field: {beside}");
    ensure!(
        b.find("#f-nasta")
            .await?
            .attr("aria-invalid")
            .await?
            .as_deref()
            == Some("true")
    );
    let described = b
        .find("#f-nasta")
        .await?
        .attr("aria-describedby")
        .await?
        .unwrap_or_default();
    ensure!(
        described.split_whitespace().any(|d| d == "f-nasta-fel"),
        "the field is not described by its error: {described:?}"
    );
    // What was typed is kept.
    ensure!(value(&b, "#f-datum").await? == today.to_string());
    ensure!(value(&b, "#f-nasta").await? == yesterday);
    ensure!(value(&b, "#f-mal_individ").await? == MAL_INDIVID);
    ensure!(
        checked(&b, &fk_present).await?,
        "the present party was not kept"
    );
    ensure!(checked(&b, "#f-individen_deltog").await?);
    axe_clean(&b, "the planning meeting form with its error").await?;
    // The summary's link leads to the field.
    b.click("main .error-summary a").await?;
    has_focus(&b, "#f-nasta").await?;

    // Nothing was saved.
    b.goto(&format!("/sip/{id}")).await?;
    ensure!(
        status(&b).await? == "Initierad",
        "status {}",
        status(&b).await?
    );
    fact_is(&b, "Nästa uppföljning", "Ingen bokad").await?;
    ensure!(
        b.text("section[aria-labelledby='moten-rubrik']")
            .await?
            .contains("Inga möten registrerade."),
        "a meeting was saved"
    );
    ensure!(
        !b.text("main").await?.contains(MAL_INDIVID),
        "the goals were saved"
    );
    Ok(())
}
