//! The insatskatalog in a real browser: a coordinator adds an entry (after a refused first try)
//! and finds it in `/katalog`; a visitor without login reads the förbund's public page. axe
//! checks every page on the way.

use super::accessibility::violations;
use super::harness::{Browser, run};
use anyhow::ensure;

#[tokio::test]
async fn a_coordinator_adds_an_entry_and_a_visitor_reads_the_public_page() {
    run("katalog_flow", true, katalog_flow).await;
}

async fn axe_clean(b: &Browser, what: &str) -> anyhow::Result<()> {
    let found = violations(b).await?;
    ensure!(found.is_empty(), "axe on {what}: {found:#?}");
    Ok(())
}

async fn katalog_flow(b: Browser) -> anyhow::Result<()> {
    b.login_demo("koordinator@demo.lotsen.example").await?;
    b.click_link("Insatskatalog").await?;
    ensure!(b.path().await? == "/katalog");
    ensure!(b.h1().await? == "Insatskatalog");
    axe_clean(&b, "/katalog").await?;
    b.click_link("Ny insats").await?;
    ensure!(b.path().await? == "/katalog/hantera/ny");
    axe_clean(&b, "the new entry form").await?;

    // A named person as contact without the provider's choice is refused by the field.
    b.fill("#f-kod", "e2e-bro").await?;
    b.fill("#f-namn", "Bron till arbete").await?;
    b.fill("#f-kontakt_epost", "anna.svensson@stenback.example")
        .await?;
    b.click("#kommun-9902").await?;
    b.click("#malgrupp-langtidsarbetslos").await?;
    b.press("Lägg till insatsen").await?;
    ensure!(b.exists(".error-summary").await?, "no error summary");
    ensure!(b.text("#f-kontakt_epost-fel").await?.contains("person"));
    axe_clean(&b, "the form with errors").await?;

    b.fill("#f-kontakt_epost", "bron@stenback.example").await?;
    b.fill("#f-kontakt_funktion", "Arbetsmarknadsenheten")
        .await?;
    b.click("#f-publik").await?;
    b.press("Lägg till insatsen").await?;
    ensure!(b.path().await?.starts_with("/katalog/hantera?klart=skapad"));
    ensure!(b.text("main").await?.contains("Insatsen är tillagd"));
    axe_clean(&b, "the manage page").await?;

    b.goto("/katalog?kommun=9902&malgrupp=langtidsarbetslos")
        .await?;
    ensure!(b.text("main table").await?.contains("Bron till arbete"));
    b.click_link("Bron till arbete").await?;
    ensure!(b.h1().await? == "Bron till arbete");
    ensure!(b.text("dl.facts").await?.contains("Stenbäck"));
    axe_clean(&b, "the entry").await?;
    b.logout().await?;

    // Without login: the public page lists it, and a förbund that does not exist is 404.
    b.goto("/k/fjardlunda").await?;
    ensure!(b.path().await? == "/k/fjardlunda", "no login asked for");
    ensure!(b.h1().await? == "Insatser – Samordningsförbundet Fjärdlunda");
    let main = b.text("main").await?;
    ensure!(main.contains("Bron till arbete"));
    ensure!(main.contains("Unga-lotsen"));
    ensure!(!main.contains("Stödperson i kontakten"), "not public");
    axe_clean(&b, "/k/fjardlunda").await?;
    b.goto("/k/finns-inte").await?;
    ensure!(b.h1().await? == "Sidan finns inte");
    Ok(())
}
