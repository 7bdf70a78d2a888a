//! Requests for lotsning (issue 15) in a real browser: a handläggare sends a request, the
//! coordinator receives it on the start page, opens it (received), accepts it through the
//! prefilled intake form and answers from the ärende page, and the sender sees the status and
//! the answer but not the coordinator's note; another handläggare gets 404. A decline with a
//! reason (and the error when "Annat" has no explanation), a withdrawal, a name in the free
//! text refused, and the form sent with the keyboard alone. axe checks every new page.
//!
//! `lotsen demo` has requests of its own (`lotsen_core::demo::forfragningar`), some waiting in
//! the coordinator's groups, so each test finds its own request by its id (from the URL after
//! sending) and counts by difference: the navigation's count before and after.

use super::harness::{Browser, run};
use super::keyboard::{has_focus, selected_text, tab_to};
use super::start::axe_clean;
use anyhow::{Context, bail, ensure};
use fantoccini::key::Key;
use serde_json::json;

const FK: &str = "fk@demo.lotsen.example";
const AF: &str = "af@demo.lotsen.example";
const KOMMUN: &str = "kommun@demo.lotsen.example";
const KOORDINATOR: &str = "koordinator@demo.lotsen.example";

#[tokio::test]
async fn a_request_is_sent_received_accepted_and_answered() {
    run("forfragan_flow", true, main_flow).await;
}

#[tokio::test]
async fn a_declined_request_shows_the_reason_to_its_sender() {
    run("forfragan_decline", true, decline).await;
}

#[tokio::test]
async fn a_withdrawn_request_leaves_the_coordinators_list() {
    run("forfragan_withdraw", true, withdraw).await;
}

#[tokio::test]
async fn a_name_in_the_request_is_refused_and_the_form_kept() {
    run("forfragan_bad_input", true, bad_input).await;
}

#[tokio::test]
async fn a_request_is_sent_with_the_keyboard_alone() {
    run("forfragan_keyboard", false, keyboard).await;
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

/// The status tag on a request page.
async fn status(b: &Browser) -> anyhow::Result<String> {
    b.text("main p.meta .tag").await
}

/// The request's id from the path of its page.
async fn request_id(b: &Browser) -> anyhow::Result<String> {
    let path = b.path().await?;
    let id = path
        .strip_prefix("/forfragningar/")
        .and_then(|rest| rest.split(['?', '/']).next())
        .filter(|id| id.len() == 36)
        .with_context(|| format!("not a request's page: {path}"))?;
    Ok(id.to_string())
}

/// The sender's own list on `/forfragningar`.
const OWN: &str = "section[aria-labelledby='egna-rubrik']";
/// The coordinator's waiting list on `/forfragningar`.
const WAITING: &str = "section[aria-labelledby='vantar-rubrik']";
/// The waiting requests on `/arenden?status=ny`.
const NYA: &str = "section[aria-labelledby='nya-rubrik']";
/// The coordinator's "Nya förfrågningar" on the start page.
const START_KOORDINATOR: &str = "section[aria-labelledby='start-forfragningar']";
/// The handläggare's requests on the start page.
const START_HANDLAGGARE: &str = "section[aria-labelledby='start-handlaggare']";

/// The text of the table row in `scope` that links to request `id`, if there is one (an
/// error when the page has no `scope`, so that a missing row means something).
async fn row_of(b: &Browser, scope: &str, id: &str) -> anyhow::Result<Option<String>> {
    ensure!(b.exists(scope).await?, "no {scope} on {}", b.path().await?);
    let css = format!("{scope} tbody tr:has(a[href='/forfragningar/{id}'])");
    Ok(b.texts(&css).await?.into_iter().next())
}

/// Like `row_of`, for a row that must be there.
async fn row_for(b: &Browser, scope: &str, id: &str) -> anyhow::Result<String> {
    row_of(b, scope, id)
        .await?
        .with_context(|| format!("no row for the request {id} in {scope} on this page"))
}

/// The item in a start page section (`scope`, which must be there) that links to request
/// `id`, if there is one.
async fn item_of(b: &Browser, scope: &str, id: &str) -> anyhow::Result<Option<String>> {
    ensure!(b.exists(scope).await?, "no {scope} on {}", b.path().await?);
    let css = format!("{scope} li:has(a[href='/forfragningar/{id}'])");
    Ok(b.texts(&css).await?.into_iter().next())
}

/// How many rows the list in `scope` (which must be there) has.
async fn rows_in(b: &Browser, scope: &str) -> anyhow::Result<usize> {
    ensure!(b.exists(scope).await?, "no {scope} on {}", b.path().await?);
    Ok(b.texts(&format!("{scope} tbody tr")).await?.len())
}

/// The navigation's entry for requests, found by its address (its text carries the count).
const NAV_LINK: &str = ".main-nav a[href='/forfragningar']";

/// Follows the navigation's "Förfrågningar" entry.
async fn open_nav_forfragningar(b: &Browser) -> anyhow::Result<()> {
    let link = b.find(NAV_LINK).await?;
    let text = link.text().await?;
    ensure!(
        text.trim().starts_with("Förfrågningar"),
        "the navigation's entry reads {text:?}"
    );
    b.navigating("the navigation's \"Förfrågningar\"", async {
        Ok(link.click().await?)
    })
    .await?;
    ensure!(b.path().await? == "/forfragningar", "{}", b.path().await?);
    Ok(())
}

/// The count beside "Förfrågningar" in the navigation ("5 nya" gives 5), 0 when none shows.
async fn nav_count(b: &Browser) -> anyhow::Result<u64> {
    let v = b
        .eval(
            "const c = document.querySelector(\".main-nav a[href='/forfragningar'] .nav-count\"); \
             return c ? c.textContent.trim() : ''",
        )
        .await?;
    let text = v.as_str().unwrap_or_default();
    if text.is_empty() {
        return Ok(0);
    }
    let n = text.split_whitespace().next().unwrap_or_default();
    n.parse()
        .with_context(|| format!("the navigation's count reads {text:?}"))
}

/// What a test's request says.
struct Request<'a> {
    kon: &'a str,
    alder: &'a str,
    kommun: &'a str,
    ersattning: &'a [&'a str],
    kontakt: &'a [&'a str],
    fraga: &'a str,
    bradska: &'a str,
    samtycke: &'a str,
    samtycke_part: &'a [&'a str],
}

const STANDARD: Request<'static> = Request {
    kon: "kvinna",
    alder: "34",
    kommun: "Stenbäck",
    ersattning: &["sjukpenning"],
    kontakt: &["fk", "region"],
    fraga: "Behöver samordnat stöd från Försäkringskassan och psykiatrin inför återgång i arbete.",
    bradska: "skyndsam",
    samtycke: "muntligt_dokumenterat",
    samtycke_part: &["fk", "region"],
};

/// Fills the request form (on `/forfragningar/ny`) with the mouse.
async fn fill_request(b: &Browser, r: &Request<'_>) -> anyhow::Result<()> {
    b.click("#typ-lotsning").await?;
    b.click(&format!("#kon-{}", r.kon)).await?;
    b.fill("#f-alder", r.alder).await?;
    b.select("#f-bostadskommun", r.kommun).await?;
    for e in r.ersattning {
        b.click(&format!("#ersattning-{e}")).await?;
    }
    for p in r.kontakt {
        b.click(&format!("#kontakt-{p}")).await?;
    }
    b.fill("#f-fraga", r.fraga).await?;
    b.click(&format!("#bradska-{}", r.bradska)).await?;
    b.click(&format!("#samtycke-{}", r.samtycke)).await?;
    for p in r.samtycke_part {
        b.click(&format!("#samtycke_part-{p}")).await?;
    }
    b.click("#svarssatt-lotsen").await
}

/// Sends a request as the logged-in handläggare; returns its id (the browser is on its page).
async fn send(b: &Browser, r: &Request<'_>) -> anyhow::Result<String> {
    b.goto("/forfragningar/ny").await?;
    fill_request(b, r).await?;
    b.press("Skicka förfrågan").await?;
    arrived_sent(b).await
}

/// After sending: no errors, the request's page with status "Skickad"; its id.
async fn arrived_sent(b: &Browser) -> anyhow::Result<String> {
    ensure!(
        !b.exists(".error-summary").await?,
        "the request was refused: {:?}",
        b.texts(".error-summary li").await?
    );
    let id = request_id(b).await?;
    ensure!(status(b).await? == "Skickad", "status {}", status(b).await?);
    Ok(id)
}

/// The facts of a request sent as `STANDARD` (through the form or the keyboard).
async fn ensure_standard_facts(b: &Browser) -> anyhow::Result<()> {
    let facts = b.text("dl.facts").await?;
    for expected in [
        "Lotsning eller konsultation",
        "Kvinna",
        "34 år",
        "Stenbäck",
        "Sjukpenning",
        "Försäkringskassan, Region",
        "Skyndsam – inom en vecka",
        "Muntligt, dokumenterat hos oss – gäller Försäkringskassan, Region",
        "Här i Lotsen",
    ] {
        ensure!(facts.contains(expected), "{expected} missing from {facts}");
    }
    Ok(())
}

async fn main_flow(b: Browser) -> anyhow::Result<()> {
    let fraga = STANDARD.fraga;
    let svar = "Vi tar upp personen i LOKUS STL. Jag hör av mig efter mötet.";
    let note = "Intern anteckning: ringde psykiatrin, inget till handläggaren.";

    // The coordinator's count before: the demo's requests already wait.
    b.login_demo(KOORDINATOR).await?;
    let before = nav_count(&b).await?;
    b.logout().await?;

    // The handläggare: the list (the demo's requests), the form from the list, sent.
    b.login_demo(FK).await?;
    open_nav_forfragningar(&b).await?;
    let own_before = rows_in(&b, OWN).await?;
    axe_clean(&b, "the handläggare's list before sending").await?;
    b.click_link("Ny förfrågan om lotsning").await?;
    ensure!(b.h1().await? == "Ny förfrågan om lotsning");
    axe_clean(&b, "the empty request form").await?;
    fill_request(&b, &STANDARD).await?;
    b.press("Skicka förfrågan").await?;
    let id = arrived_sent(&b).await?;
    ensure!(
        b.text(".notice-success")
            .await?
            .starts_with("Förfrågan är skickad.")
    );
    ensure_standard_facts(&b).await?;
    ensure!(b.text("main").await?.contains(fraga));
    axe_clean(&b, "the sender's request page").await?;
    open_nav_forfragningar(&b).await?;
    let row = row_for(&b, OWN, &id).await?;
    ensure!(
        row.contains("Skickad") && row.contains("Stenbäck"),
        "the sender's list: {row}"
    );
    ensure!(
        rows_in(&b, OWN).await? == own_before + 1,
        "the sender's list has {} rows, {own_before} before sending",
        rows_in(&b, OWN).await?
    );
    axe_clean(&b, "the handläggare's list").await?;
    b.logout().await?;

    // The coordinator: the start page and the navigation show it.
    b.login_demo(KOORDINATOR).await?;
    let Some(item) = item_of(&b, START_KOORDINATOR, &id).await? else {
        bail!(
            "Nya förfrågningar does not list it: {:?}",
            b.texts(&format!("{START_KOORDINATOR} li")).await?
        );
    };
    ensure!(
        item.contains("Lotsning eller konsultation")
            && item.contains("Stenbäck")
            && item.contains("skickad"),
        "Nya förfrågningar: {item}"
    );
    let count = nav_count(&b).await?;
    ensure!(
        count == before + 1,
        "the navigation's count is {count}, {before} before the request"
    );
    axe_clean(&b, "the coordinator's start page with a request").await?;
    b.goto("/forfragningar").await?;
    let waiting = row_for(&b, WAITING, &id).await?;
    ensure!(waiting.contains("Försäkringskassan"), "waiting: {waiting}");
    axe_clean(&b, "the coordinator's list").await?;
    b.goto("/arenden?status=ny").await?;
    let nya = row_for(&b, NYA, &id).await?;
    ensure!(
        nya.contains("Försäkringskassan"),
        "/arenden?status=ny: {nya}"
    );
    axe_clean(&b, "/arenden?status=ny").await?;

    // Opening it marks it received.
    b.goto("/").await?;
    let link = b
        .find(&format!(
            "{START_KOORDINATOR} li a[href='/forfragningar/{id}']"
        ))
        .await?;
    b.navigating("the request on the start page", async {
        Ok(link.click().await?)
    })
    .await?;
    ensure!(request_id(&b).await? == id, "the start page's link");
    ensure!(
        status(&b).await? == "Mottagen",
        "status {}",
        status(&b).await?
    );
    ensure!(
        b.text("ol.timeline")
            .await?
            .contains("Mottagen av samverkanskoordinator")
    );
    let avsandare = b.text("dl.facts").await?;
    let kod = avsandare
        .split_whitespace()
        .find(|w| w.starts_with("FK-"))
        .with_context(|| format!("no handläggarkod in {avsandare}"))?
        .to_string();
    axe_clean(&b, "the coordinator's request page").await?;

    // Accept: the intake form, prefilled.
    b.click_link("Acceptera och lägg upp ärende").await?;
    ensure!(b.path().await? == format!("/arenden/ny?forfragan={id}"));
    ensure!(checked(&b, "#kon-kvinna").await?, "kön");
    ensure!(value(&b, "#f-alder").await? == "34", "ålder");
    ensure!(
        selected_text(&b, "#f-bostadskommun").await? == "Stenbäck",
        "kommun"
    );
    ensure!(selected_text(&b, "#f-kanal").await? == "Portal", "kanal");
    ensure!(
        selected_text(&b, "#f-lokus").await?.starts_with("STL"),
        "lokus {}",
        selected_text(&b, "#f-lokus").await?
    );
    let sender = selected_text(&b, "#f-avsandare-val").await?;
    ensure!(
        sender.starts_with("Försäkringskassan"),
        "avsändare {sender}"
    );
    ensure!(
        value(&b, "#f-handlaggare").await? == kod,
        "handläggarkod {} (the request page said {kod})",
        value(&b, "#f-handlaggare").await?
    );
    ensure!(checked(&b, "#ersattning-sjukpenning").await?, "ersättning");
    ensure!(
        value(&b, "#f-beskrivning").await? == fraga,
        "beskrivning {:?}",
        value(&b, "#f-beskrivning").await?
    );
    axe_clean(&b, "the prefilled intake form").await?;
    b.press("Registrera ärendet").await?;
    let h1 = b.h1().await?;
    ensure!(h1.starts_with("Ärende ") && h1.contains("-STL-"), "{h1}");
    let nummer = h1.trim_start_matches("Ärende ").to_string();
    ensure!(
        b.text("#svar-rubrik").await? == "Svar till handläggaren",
        "no answer panel"
    );
    axe_clean(&b, "the ärende page with the answer panel").await?;

    // An answer and a note.
    b.fill("#f-svar", svar).await?;
    b.press("Skicka svaret").await?;
    ensure!(
        b.text("ol.answers").await?.contains(svar),
        "the answer is not listed"
    );
    b.fill("#f-anteckning_text", note).await?;
    b.press("Spara anteckningen").await?;
    ensure!(
        b.text("main").await?.contains(note),
        "the note was not saved"
    );
    axe_clean(&b, "the ärende page with an answer").await?;
    b.goto(&format!("/forfragningar/{id}")).await?;
    ensure!(status(&b).await? == "Accepterad");
    ensure!(b.exists("main p.meta a[href^='/arenden/']").await?);
    // No longer waiting: gone from the list, the count back to what it was.
    b.goto("/forfragningar").await?;
    ensure!(
        row_of(&b, WAITING, &id).await?.is_none(),
        "the accepted request still waits"
    );
    let count = nav_count(&b).await?;
    ensure!(
        count == before,
        "the navigation's count is {count} after accepting, {before} before the request"
    );
    b.logout().await?;

    // The sender: Pågår, the number and the answer, not the note.
    b.login_demo(FK).await?;
    let start = item_of(&b, START_HANDLAGGARE, &id)
        .await?
        .context("the sender's start page does not list the request")?;
    ensure!(
        start.contains("Pågår") && start.contains(&nummer),
        "the sender's start page: {start}"
    );
    b.goto("/forfragningar").await?;
    let row = row_for(&b, OWN, &id).await?;
    ensure!(
        row.contains("Pågår") && row.contains(&nummer),
        "the sender's list: {row}"
    );
    b.goto(&format!("/forfragningar/{id}")).await?;
    ensure!(status(&b).await? == "Pågår", "status {}", status(&b).await?);
    let main = b.text("main").await?;
    ensure!(main.contains(&nummer), "no ärende number: {main}");
    ensure!(main.contains(svar), "no answer: {main}");
    ensure!(!main.contains(note), "the sender sees the note: {main}");
    ensure!(
        !b.exists("#f-aterkalla").await?,
        "an accepted request can be withdrawn"
    );
    axe_clean(&b, "the sender's request page with an answer").await?;
    b.logout().await?;

    // Another handläggare: 404.
    b.login_demo(AF).await?;
    b.goto(&format!("/forfragningar/{id}")).await?;
    ensure!(b.h1().await? == "Sidan finns inte", "{}", b.h1().await?);
    ensure!(http_status(&b).await? == 404);
    ensure!(!b.text("main").await?.contains(fraga));
    Ok(())
}

async fn decline(b: Browser) -> anyhow::Result<()> {
    let fraga = "Behöver stöd att samordna försörjningsstöd och arbetsträning.";
    let text = "Ekonomiskt bistånd och arbetsmarknadsenheten kan ta detta direkt.";
    b.login_demo(KOMMUN).await?;
    let id = send(
        &b,
        &Request {
            kon: "man",
            alder: "41",
            ersattning: &["forsorjningsstod"],
            kontakt: &["kommun", "af"],
            fraga,
            bradska: "normal",
            samtycke: "skriftligt",
            samtycke_part: &["kommun", "af"],
            ..STANDARD
        },
    )
    .await?;
    b.logout().await?;

    b.login_demo(KOORDINATOR).await?;
    b.goto(&format!("/forfragningar/{id}")).await?;
    ensure!(status(&b).await? == "Mottagen");
    // "Annat" needs an explanation: the message beside the field, and nothing changes.
    b.click("#orsak-annat").await?;
    b.press("Avböj förfrågan").await?;
    ensure!(http_status(&b).await? == 422, "the status was not 422");
    let message = "Förklara för handläggaren varför förfrågan avböjs.";
    ensure!(
        b.text(".error-summary").await?.contains(message),
        "summary: {}",
        b.text(".error-summary").await?
    );
    ensure!(b.text("#f-text-fel").await?.contains(message));
    ensure!(
        b.find("#f-text")
            .await?
            .attr("aria-invalid")
            .await?
            .as_deref()
            == Some("true")
    );
    ensure!(
        checked(&b, "#orsak-annat").await?,
        "the reason was not kept"
    );
    axe_clean(&b, "the decline form with its error").await?;
    b.goto(&format!("/forfragningar/{id}")).await?;
    ensure!(
        status(&b).await? == "Mottagen",
        "status {}",
        status(&b).await?
    );
    ensure!(!b.text("ol.timeline").await?.contains("Avböjd"));

    b.click("#orsak-ordinarie_verksamhet").await?;
    b.fill("#f-text", text).await?;
    b.press("Avböj förfrågan").await?;
    ensure!(b.path().await? == "/forfragningar?klart=avbojd");
    ensure!(
        b.text(".notice-success")
            .await?
            .starts_with("Förfrågan är avböjd.")
    );
    ensure!(
        row_of(&b, WAITING, &id).await?.is_none(),
        "the declined request still waits"
    );
    b.logout().await?;

    b.login_demo(KOMMUN).await?;
    b.goto("/forfragningar").await?;
    let row = row_for(&b, OWN, &id).await?;
    ensure!(row.contains("Avböjd"), "the sender's list: {row}");
    b.goto(&format!("/forfragningar/{id}")).await?;
    ensure!(status(&b).await? == "Avböjd");
    let meta = b.text("main p.meta").await?;
    ensure!(
        meta.contains("Orsak: Hör till ordinarie verksamhet – hänvisad"),
        "{meta}"
    );
    ensure!(b.text("ol.timeline").await?.contains(text));
    ensure!(!b.exists("#f-aterkalla").await?);
    axe_clean(&b, "the sender's declined request").await?;
    Ok(())
}

async fn withdraw(b: Browser) -> anyhow::Result<()> {
    b.login_demo(AF).await?;
    let id = send(
        &b,
        &Request {
            kon: "okant",
            ersattning: &["aktivitetsstod"],
            kontakt: &["af", "kommun"],
            fraga: "Behöver hjälp att hitta en insats med stöd från flera parter.",
            samtycke: "inget",
            samtycke_part: &[],
            ..STANDARD
        },
    )
    .await?;
    b.logout().await?;

    // The coordinator sees it waiting (the list does not mark it received).
    b.login_demo(KOORDINATOR).await?;
    b.goto("/forfragningar").await?;
    let waiting = row_for(&b, WAITING, &id).await?;
    ensure!(waiting.contains("Arbetsförmedlingen"), "waiting: {waiting}");
    ensure!(waiting.contains("Skickad"), "waiting: {waiting}");
    let count = nav_count(&b).await?;
    ensure!(count >= 1, "no count in the navigation");
    b.logout().await?;

    b.login_demo(AF).await?;
    b.goto(&format!("/forfragningar/{id}")).await?;
    b.press("Återkalla förfrågan").await?;
    ensure!(b.path().await? == format!("/forfragningar/{id}?klart=aterkallad"));
    ensure!(b.text(".notice-success").await? == "Förfrågan är återkallad.");
    ensure!(status(&b).await? == "Återkallad");
    ensure!(
        b.text("ol.timeline")
            .await?
            .contains("Återkallad av avsändaren")
    );
    ensure!(!b.exists("#f-aterkalla").await?);
    axe_clean(&b, "the sender's withdrawn request").await?;
    b.goto("/forfragningar").await?;
    let row = row_for(&b, OWN, &id).await?;
    ensure!(row.contains("Återkallad"), "the sender's list: {row}");
    b.logout().await?;

    // Gone from the coordinator's lists, and the count one lower.
    b.login_demo(KOORDINATOR).await?;
    b.goto("/forfragningar").await?;
    ensure!(
        row_of(&b, WAITING, &id).await?.is_none(),
        "the withdrawn request still waits: {:?}",
        b.texts(&format!("{WAITING} tbody tr")).await?
    );
    b.goto("/").await?;
    ensure!(
        item_of(&b, START_KOORDINATOR, &id).await?.is_none(),
        "the start page still lists the withdrawn request"
    );
    let after = nav_count(&b).await?;
    ensure!(
        after + 1 == count,
        "the navigation's count is {after} after the withdrawal, {count} before"
    );
    b.goto("/arenden?status=ny").await?;
    ensure!(
        row_of(&b, NYA, &id).await?.is_none(),
        "/arenden?status=ny still lists the withdrawn request"
    );
    Ok(())
}

async fn bad_input(b: Browser) -> anyhow::Result<()> {
    let fraga = "Anna Svensson behöver stöd från flera parter.";
    b.login_demo(FK).await?;
    b.goto("/forfragningar").await?;
    let own_before = rows_in(&b, OWN).await?;
    b.goto("/forfragningar/ny").await?;
    fill_request(&b, &Request { fraga, ..STANDARD }).await?;
    b.press("Skicka förfrågan").await?;
    ensure!(b.path().await? == "/forfragningar/ny");
    ensure!(http_status(&b).await? == 422, "the status was not 422");
    let summary = b.texts(".error-summary li").await?;
    ensure!(
        summary.len() == 1 && summary[0].contains("”Anna Svensson”"),
        "summary: {summary:?}"
    );
    let beside = b.text("#f-fraga-fel").await?;
    ensure!(
        beside.contains("Texten ser ut att innehålla ett namn (”Anna Svensson”)"),
        "{beside}"
    );
    ensure!(
        b.find("#f-fraga")
            .await?
            .attr("aria-invalid")
            .await?
            .as_deref()
            == Some("true")
    );
    // What was typed is kept.
    ensure!(value(&b, "#f-fraga").await? == fraga);
    ensure!(checked(&b, "#kon-kvinna").await?);
    ensure!(value(&b, "#f-alder").await? == "34");
    ensure!(selected_text(&b, "#f-bostadskommun").await? == "Stenbäck");
    ensure!(checked(&b, "#ersattning-sjukpenning").await?);
    ensure!(checked(&b, "#kontakt-fk").await? && checked(&b, "#kontakt-region").await?);
    ensure!(checked(&b, "#bradska-skyndsam").await?);
    ensure!(checked(&b, "#samtycke-muntligt_dokumenterat").await?);
    ensure!(checked(&b, "#samtycke_part-fk").await? && checked(&b, "#samtycke_part-region").await?);
    axe_clean(&b, "the request form with an error").await?;
    // The summary's link leads to the field.
    b.click("main .error-summary a").await?;
    has_focus(&b, "#f-fraga").await?;
    // Nothing was sent.
    b.goto("/forfragningar").await?;
    let own_after = rows_in(&b, OWN).await?;
    ensure!(
        own_after == own_before,
        "the sender's list has {own_after} rows, {own_before} before"
    );
    // Everything empty: a message per required field.
    b.goto("/forfragningar/ny").await?;
    b.fill("#f-fraga", "").await?;
    b.press("Skicka förfrågan").await?;
    let summary = b.texts(".error-summary li").await?;
    for expected in [
        "Välj kvinna, man eller okänt.",
        "Skriv personens ålder i hela år, eller kryssa i ”Vet ej”.",
        "Välj personens bostadskommun.",
        "Beskriv kort vad du behöver hjälp med.",
        "Välj vilket samtycke som finns.",
    ] {
        ensure!(
            summary.iter().any(|s| s == expected),
            "{expected} not in {summary:?}"
        );
    }
    axe_clean(&b, "the empty request form submitted").await?;
    Ok(())
}

async fn keyboard(b: Browser) -> anyhow::Result<()> {
    b.login_demo(FK).await?;
    b.goto("/forfragningar/ny").await?;
    // The first choice has focus when the page loads.
    has_focus(&b, "#typ-lotsning").await?;

    // Sent half filled: the error summary takes focus, its link leads to the field.
    tab_to(&b, "#kon-kvinna", false).await?;
    b.keys(&[Key::Right], false).await?;
    ensure!(
        checked(&b, "#kon-man").await?,
        "the arrow did not choose Man"
    );
    b.keys(&[Key::Left], false).await?;
    ensure!(
        checked(&b, "#kon-kvinna").await?,
        "the arrow did not choose Kvinna"
    );
    tab_to(&b, "main form.arende-form button[type=submit]", false).await?;
    b.keys_to_page(&[Key::Enter], false).await?;
    ensure!(b.exists(".error-summary").await?, "no errors");
    has_focus(&b, ".error-summary").await?;
    let first = b.text(".error-summary li").await?;
    ensure!(
        first == "Skriv personens ålder i hela år, eller kryssa i ”Vet ej”.",
        "the first error: {first}"
    );
    ensure!(checked(&b, "#kon-kvinna").await?, "kön was not kept");
    tab_to(&b, ".error-summary a", false).await?;
    b.keys(&[Key::Enter], false).await?;
    has_focus(&b, "#f-alder").await?;

    b.type_text("34").await?;
    tab_to(&b, "#f-bostadskommun", false).await?;
    b.type_text("Ste").await?;
    ensure!(selected_text(&b, "#f-bostadskommun").await? == "Stenbäck");
    tab_to(&b, "#ersattning-sjukpenning", false).await?;
    b.keys(&[Key::Space], false).await?;
    tab_to(&b, "#kontakt-fk", false).await?;
    b.keys(&[Key::Space], false).await?;
    tab_to(&b, "#kontakt-region", false).await?;
    b.keys(&[Key::Space], false).await?;
    tab_to(&b, "#f-fraga", false).await?;
    b.type_text("Behöver samordnat stöd mellan FK och vården. Tangentbordsförfrågan.")
        .await?;
    tab_to(&b, "input[name=bradska]:checked", false).await?;
    b.keys(&[Key::Down], false).await?;
    ensure!(checked(&b, "#bradska-skyndsam").await?);
    tab_to(&b, "input[name=samtycke]", false).await?;
    b.keys(&[Key::Down], false).await?;
    ensure!(checked(&b, "#samtycke-muntligt_dokumenterat").await?);
    tab_to(&b, "#samtycke_part-fk", false).await?;
    b.keys(&[Key::Space], false).await?;
    tab_to(&b, "#samtycke_part-region", false).await?;
    b.keys(&[Key::Space], false).await?;
    tab_to(&b, "main form.arende-form button[type=submit]", false).await?;
    b.keys_to_page(&[Key::Enter], false).await?;
    arrived_sent(&b).await?;
    ensure_standard_facts(&b).await?;
    ensure!(b.text("main").await?.contains("Tangentbordsförfrågan."));
    Ok(())
}
