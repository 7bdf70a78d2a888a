//! Statistics in a real browser: the förbund administrator opens the statistics page from the
//! navigation, chooses the whole förbund and this year, reads the figures, switches to the
//! view by kön and the print view, downloads the XLSX, and gets a Swedish message for a bad
//! year; axe checks every one of those pages.

use super::accessibility::violations;
use super::harness::{Browser, run};
use anyhow::{Context, ensure};
use serde_json::json;

#[tokio::test]
async fn the_forbund_admin_reads_and_exports_the_years_figures() {
    run("statistik_flow", true, statistik_flow).await;
}

async fn axe_clean(b: &Browser, what: &str) -> anyhow::Result<()> {
    let found = violations(b).await?;
    ensure!(found.is_empty(), "axe on {what}: {found:#?}");
    Ok(())
}

async fn statistik_flow(b: Browser) -> anyhow::Result<()> {
    b.login_demo("forbund@demo.lotsen.example").await?;
    b.click_link("Statistik").await?;
    ensure!(b.path().await? == "/statistik");
    ensure!(b.h1().await? == "Statistik");
    axe_clean(&b, "/statistik").await?;

    let year = b
        .eval("return String(new Date().getFullYear())")
        .await?
        .as_str()
        .context("year")?
        .to_string();
    b.select("#f-lokus", "Hela förbundet").await?;
    b.click("#f-period-ar").await?;
    b.fill("#f-ar", &year).await?;
    b.press("Visa siffror").await?;
    let path = b.path().await?;
    ensure!(path.starts_with("/statistik/nulagesanalys"), "at {path}");
    ensure!(b.h1().await? == "Nulägesanalys – siffror");
    let facts = b.text("dl.facts").await?;
    ensure!(facts.contains("Hela förbundet"), "{facts}");
    ensure!(
        facts.contains(&format!("{year}-01-01 – {year}-12-31")),
        "{facts}"
    );
    ensure!(b.texts("section.figure-section").await?.len() == 13);
    ensure!(b.texts("figure.chart svg").await?.len() == 13);
    // the demo's ärenden this year are counted: the total is not zero
    let total = b
        .eval(
            "return document.querySelector('#arenden_per_part').closest('section')\
             .querySelector('tr.total-row td:last-child').textContent",
        )
        .await?;
    let total: i64 = total.as_str().unwrap_or("0").trim().parse().unwrap_or(0);
    ensure!(total > 0, "no ärenden counted this year");
    axe_clean(&b, "the figures").await?;

    // The XLSX download answers with the spreadsheet's content type and a zip file.
    let href = b
        .find("a[href*='format=xlsx']")
        .await?
        .attr("href")
        .await?
        .context("xlsx link")?;
    let answer = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             fetch(arguments[0]).then(async r => {\
               const bytes = new Uint8Array(await r.arrayBuffer());\
               done([r.status, r.headers.get('content-type'), r.headers.get('content-disposition'),\
                     bytes[0], bytes[1]].join('|'));\
             }).catch(e => done('error ' + e));",
            vec![json!(href)],
        )
        .await?;
    let answer = answer.as_str().unwrap_or_default().to_string();
    let parts: Vec<&str> = answer.split('|').collect();
    ensure!(parts.first() == Some(&"200"), "{answer}");
    ensure!(
        parts.get(1) == Some(&"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "{answer}"
    );
    ensure!(
        parts.get(2).is_some_and(|d| d.contains(&format!(
            "nulagesanalys_forbund_{year}-01-01_{year}-12-31.xlsx"
        ))),
        "{answer}"
    );
    ensure!(
        parts.get(3..5) == Some(&["80", "75"][..]),
        "not a zip: {answer}"
    );

    b.click_link("Visa efter kön").await?;
    ensure!(b.text("dl.facts").await?.contains("Efter kön"));
    axe_clean(&b, "the view by kön").await?;
    b.click_link("Utskriftsvy").await?;
    ensure!(b.exists(".print-view").await?);
    axe_clean(&b, "the print view").await?;
    b.click_link("Tillbaka till siffrorna").await?;
    b.click_link("Dölj små antal").await?;
    ensure!(
        b.text("dl.facts")
            .await?
            .contains("Ja: antal från 1 till 4")
    );
    axe_clean(&b, "the suppressed figures").await?;

    // A bad year comes back to the form with a message beside the field.
    b.goto("/statistik").await?;
    b.click("#f-period-ar").await?;
    b.fill("#f-ar", "tjugo").await?;
    b.press("Visa siffror").await?;
    let message = b.text("#f-ar-fel").await?;
    ensure!(message.contains("Skriv året med fyra siffror"), "{message}");
    axe_clean(&b, "the form with an error").await?;

    // Only the chosen period kind's inputs show; the nulägesanalys preset reads July–June.
    b.goto("/statistik").await?;
    let shown = |id: &str| format!("return document.querySelector('{id}').offsetParent !== null");
    b.click("#f-period-egen").await?;
    ensure!(b.eval(&shown("#f-fran")).await? == true);
    ensure!(
        b.eval(&shown("#f-ar")).await? == false,
        "the year shows for a custom period"
    );
    b.click("#f-period-nulage").await?;
    ensure!(b.eval(&shown("#f-ar")).await? == true);
    ensure!(b.eval(&shown("#f-fran")).await? == false);
    ensure!(b.eval(&shown("#f-tertial")).await? == false);
    b.fill("#f-ar", "2026").await?;
    b.press("Visa siffror").await?;
    let facts = b.text("dl.facts").await?;
    ensure!(facts.contains("2025-07-01 – 2026-06-30"), "{facts}");
    Ok(())
}
