//! The CSV import in a real browser: an Excel log saved as "CSV (semikolonavgränsad)"
//! (Windows-1252) with a column of the coordinator's own and plain unit names, uploaded through
//! the page; the preview says it was converted and which column is left out (axe on it);
//! "Importera", then "Visa ärendena" lists exactly the imported ärenden.

use super::accessibility::check_page;
use super::harness::{Browser, run};
use anyhow::{Context, ensure};

/// The log as Excel writes it on Swedish Windows; the rows' inkom dates, sorted.
const LOG: &str = "Inkom;Part;Enhet;Kön;Ålder;Målgrupper;Status;Avslutad datum;Avslut;Beskrivning;Anteckningar\r\n\
2026-01-12;Försäkringskassan;Sjukpenning;K;34;Psykisk ohälsa;Pågående;;;Behöver stöd från vården;Ring måndag\r\n\
2026-01-15;Kommun;Försörjningsstöd;M;;;Avslutad;2026-02-20;Lotsad till ordinarie verksamhet;Önskar arbetsträning;\r\n\
2025-11-20;Region;Stenbäcks psykiatrimottagning;;;;;;;;Återkom\r\n";
const DATES: [&str; 3] = ["2025-11-20", "2026-01-12", "2026-01-15"];

#[tokio::test]
async fn a_coordinator_imports_an_excel_log_and_sees_exactly_its_arenden() {
    run("import_flow", true, import_flow).await;
}

async fn import_flow(b: Browser) -> anyhow::Result<()> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(LOG);
    ensure!(!unmappable && std::str::from_utf8(&bytes).is_err());
    let dir = std::env::temp_dir().join(format!("lotsen-e2e-import-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("logg.csv");
    std::fs::write(&file, &bytes)?;
    let result = flow(&b, &file).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn flow(b: &Browser, file: &std::path::Path) -> anyhow::Result<()> {
    b.login_demo("koordinator@demo.lotsen.example").await?;
    b.goto("/arenden").await?;
    b.click_link("Importera från fil").await?;
    ensure!(b.h1().await? == "Importera ärenden");
    b.select("#f-lokus", "STL – Stenbäck–Lövsjö").await?;
    b.find("#f-fil")
        .await?
        .send_keys(&file.display().to_string())
        .await
        .context("choosing the file")?;
    b.press("Förhandsgranska").await?;
    ensure!(
        b.h1().await? == "Förhandsgranska import",
        "{}",
        b.text("main").await?
    );
    let preview = b.text("main").await?;
    for expected in [
        "Filen var sparad som Windows-1252 (Excel) och har konverterats.",
        "Kolumner som inte läses in",
        "Anteckningar",
        // Plain unit names, found within Stenbäck–Lövsjö's area.
        "Stenbäcks kommun, socialförvaltningen – Försörjningsstöd",
        "Region Västerlän – Stenbäcks psykiatrimottagning",
        "Behöver stöd från vården",
        "Önskar arbetsträning",
    ] {
        ensure!(preview.contains(expected), "{expected:?} in {preview}");
    }
    ensure!(!preview.contains("Ring måndag"), "{preview}");
    check_page(b, "coordinator, the preview of a converted file").await?;

    b.press("Importera 3 ärenden").await?;
    let done = b.text("main").await?;
    ensure!(
        done.contains("3 ärenden importerade, 0 fanns redan."),
        "{done}"
    );
    b.click_link("Visa ärendena").await?;
    ensure!(b.path().await?.starts_with("/arenden?import="));
    let notice = b.text("main .notice").await?;
    ensure!(
        notice.contains("Importerade ") && notice.contains(": 3 ärenden"),
        "{notice}"
    );
    let mut dates = b.texts("main tbody tr td:nth-child(2)").await?;
    dates.sort();
    ensure!(dates == DATES, "the list shows {dates:?}");
    let statuses = b.texts("main tbody tr td:nth-child(8)").await?;
    ensure!(
        statuses.iter().any(|s| s == "Avslutad"),
        "the closed one too: {statuses:?}"
    );
    check_page(b, "coordinator, the ärenden of one import").await?;

    // Removing the filter shows the group's other ärenden again.
    b.click_link("Ta bort filtret på importen").await?;
    ensure!(!b.path().await?.contains("import="));
    ensure!(b.texts("main tbody tr").await?.len() > 3);
    Ok(())
}
