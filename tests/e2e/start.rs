//! The start page of every demo role in a real browser, and "lyft till LOKUS" as one concept:
//! the coordinator's start page lists their work and each item leads where it says; the chair,
//! the member and förbund staff find theirs; roles without work yet read what they will do.
//! Choosing the action "Lyft till LOKUS" shows the question field (and only then), raises the
//! ärende, and it lands on the group's next meeting. axe checks every start page.

use super::accessibility::violations;
use super::harness::{Browser, run};
use anyhow::{Context, ensure};

#[tokio::test]
async fn every_role_finds_its_work_on_the_start_page() {
    run("start_pages", true, start_pages).await;
}

#[tokio::test]
async fn the_action_lyft_till_lokus_puts_the_arende_on_the_agenda() {
    run("lyft_till_lokus", true, lyft).await;
}

pub(super) async fn axe_clean(b: &Browser, what: &str) -> anyhow::Result<()> {
    let found = violations(b).await?;
    ensure!(found.is_empty(), "axe on {what}: {found:#?}");
    Ok(())
}

async fn start_pages(b: Browser) -> anyhow::Result<()> {
    b.login_demo("koordinator@demo.lotsen.example").await?;
    ensure!(b.path().await? == "/");
    let headings = b.texts("main h3").await?;
    for h in [
        "Nya förfrågningar",
        "LOKUS-beslut att följa upp",
        "Pågående ärenden utan åtgärd på 30 dagar",
        "Nästa LOKUS-möte",
    ] {
        ensure!(headings.iter().any(|x| x == h), "{h} in {headings:?}");
    }
    axe_clean(&b, "the coordinator's start page").await?;
    // The first quiet ärende opens its detail page, whose number matches the link.
    let nummer = b
        .text("section[aria-labelledby='start-tysta'] li a")
        .await?;
    b.click_link(&nummer).await?;
    ensure!(b.h1().await? == format!("Ärende {nummer}"), "{nummer}");
    b.goto("/").await?;
    b.click_link("Alla pågående ärenden utan åtgärd på 30 dagar")
        .await?;
    ensure!(
        b.text(".notice")
            .await?
            .contains("utan åtgärd de senaste 30 dagarna"),
        "the list filtered"
    );
    b.goto("/").await?;
    b.click_link("Registrera nytt ärende").await?;
    ensure!(b.path().await? == "/arenden/ny");
    b.logout().await?;

    for (login, expect) in [
        ("ordforande", "Senaste beslut"),
        ("ledamot", "Senaste beslut"),
        ("forbund", "Datakvalitet"),
    ] {
        b.login_demo(&format!("{login}@demo.lotsen.example"))
            .await?;
        let text = b.text("main").await?;
        ensure!(text.contains(expect), "{login}: {expect}");
        axe_clean(&b, &format!("the start page of {login}")).await?;
        if login != "forbund" {
            let link = b.find(".start-section h3 + p a").await?;
            b.navigating("the next meeting", async { Ok(link.click().await?) })
                .await?;
            ensure!(
                b.path().await?.starts_with("/lokus/STL/moten/"),
                "{login}: the next meeting opens"
            );
        }
        b.logout().await?;
    }
    for (login, expect) in [
        ("fk", "Dina förfrågningar om lotsning"),
        ("coach", "Uppföljningar att göra"),
    ] {
        b.login_demo(&format!("{login}@demo.lotsen.example"))
            .await?;
        ensure!(b.text("main").await?.contains(expect), "{login}");
        axe_clean(&b, &format!("the start page of {login}")).await?;
        b.logout().await?;
    }
    Ok(())
}

async fn lyft(b: Browser) -> anyhow::Result<()> {
    b.login_demo("koordinator@demo.lotsen.example").await?;
    // A quiet STL ärende (the demo plans STL's next meeting).
    b.goto("/arenden?utan_atgard=ja&sort=aldst").await?;
    let nummer = b
        .texts("table a[href^='/arenden/']")
        .await?
        .into_iter()
        .find(|n| n.contains("-STL-"))
        .context("a quiet STL ärende")?;
    b.click_link(&nummer).await?;
    let question = b.find("#f-lyft_fraga").await?;
    ensure!(
        !question.is_displayed().await?,
        "the question shows only for Lyft till LOKUS"
    );
    b.select("#f-kod", "Lyft till LOKUS").await?;
    ensure!(
        b.find("#f-lyft_fraga").await?.is_displayed().await?,
        "the question shows once the action is chosen"
    );
    b.press("Registrera åtgärden").await?;
    ensure!(
        b.text(".error-summary")
            .await?
            .contains("Skriv vad LOKUS-gruppen ska ta ställning till."),
        "the question is required"
    );
    axe_clean(&b, "the action form with its error").await?;
    b.fill("#f-lyft_fraga", "Vem ansvarar när ingen part tar emot?")
        .await?;
    b.press("Registrera åtgärden").await?;
    let tags = b.texts(".meta .tag").await?;
    ensure!(
        tags.iter().any(|t| t.starts_with("Lyft till LOKUS")),
        "raised: {tags:?}"
    );
    ensure!(
        b.text("main")
            .await?
            .contains("Vem ansvarar när ingen part tar emot?")
    );
    // From the start page to STL's next meeting, where it is on the agenda.
    b.goto("/").await?;
    let meeting = b
        .find("section[aria-labelledby='start-moten'] a[href^='/lokus/STL/moten/']")
        .await?;
    b.navigating("STL's next meeting", async { Ok(meeting.click().await?) })
        .await?;
    ensure!(
        b.text("main").await?.contains(&nummer),
        "{nummer} on the STL agenda"
    );
    Ok(())
}
