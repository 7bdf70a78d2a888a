//! The LOKUS chair's meeting in a real browser, from agenda to justerat protokoll: from the
//! navigation to the upcoming demo meeting, a decision on two items, an item moved to a
//! position, the period guard (the meeting is a week ahead), the meeting moved to yesterday,
//! närvaro and justerare, the chair's justering; then the justerare (the demo ledamot) finds
//! the protokoll and justerar it. Axe on the meeting page in each state (also with errors),
//! the meeting pack and the protokoll; last, the coordinator finds the decision on the ärende.

use super::accessibility::check_page;
use super::harness::{Browser, run};
use anyhow::{Context, ensure};

#[tokio::test]
async fn the_chair_and_the_justerare_take_a_meeting_from_agenda_to_justerat_protokoll() {
    run("lokus_flow", true, lokus_flow).await;
}

async fn lokus_flow(b: Browser) -> anyhow::Result<()> {
    b.login_demo("ordforande@demo.lotsen.example").await?;
    b.click_link("LOKUS-möten").await?;
    ensure!(b.h1().await? == "LOKUS-möten");
    check_page(&b, "chair, /lokus").await?;
    let href = b
        .eval("return document.querySelector('main table td a').getAttribute('href')")
        .await?;
    let href = href
        .as_str()
        .context("no link to the next meeting")?
        .to_string();
    b.goto(&href).await?;
    ensure!(
        b.h1().await?.starts_with("LOKUS STL – möte"),
        "{}",
        b.h1().await?
    );
    check_page(&b, "chair, the upcoming meeting").await?;
    let pre_read = b.text("ol.agenda").await?;
    ensure!(pre_read.contains("Fråga till LOKUS") && pre_read.contains("Åtgärder hittills"));

    // The first two items, both ärenden.
    let items = b
        .eval(
            "return Array.from(document.querySelectorAll('li.agenda-item'), li => \
               [li.querySelector('h3').textContent, li.querySelector('textarea[name=beslut]').id])",
        )
        .await?;
    let items = items.as_array().context("items")?;
    ensure!(items.len() >= 2, "{items:?}");
    let item = |i: usize| -> anyhow::Result<(String, String)> {
        let h3 = items[i][0].as_str().context("h3")?;
        let id = items[i][1].as_str().context("id")?;
        Ok((
            h3.split("Ärende ").nth(1).unwrap_or("").trim().to_string(),
            id.to_string(),
        ))
    };
    let (nummer1, beslut1) = item(0)?;
    let (_, beslut2) = item(1)?;
    ensure!(
        nummer1.starts_with("20") && nummer1.contains("-STL-"),
        "{nummer1}"
    );

    // A decision without text comes back with the message beside the field.
    b.press("Spara beslutet för punkt 1").await?;
    ensure!(
        b.text(".error-summary")
            .await?
            .contains("Skriv rekommendationen eller beslutet.")
    );
    ensure!(b.exists("#f-beslut-fel").await?);
    check_page(&b, "chair, a decision with an error").await?;

    b.fill(
        "#f-beslut",
        "LOKUS rekommenderar ett flerpartsmöte inom tre veckor.",
    )
    .await?;
    b.fill("#f-vem", "Samverkanskoordinatorn").await?;
    b.press("Spara beslutet för punkt 1").await?;
    ensure!(b.text(".notice-success").await? == "Ändringarna är sparade.");
    let sfx2 = beslut2.trim_start_matches("f-beslut");
    b.fill(
        &format!("#{beslut2}"),
        "Lyfts till styrgruppen som strukturellt problem.",
    )
    .await?;
    b.fill(&format!("#f-vem{sfx2}"), "Ordföranden").await?;
    b.press("Spara beslutet för punkt 2").await?;
    ensure!(b.text(".notice-success").await? == "Ändringarna är sparade.");
    let _ = beslut1;

    // The overview jumps to the items; the last item moves to the top in one step and the
    // page comes back at it.
    ensure!(b.exists("nav.agenda-overview a[href^='#punkt-']").await?);
    let n = items.len();
    let last = b
        .eval("return Array.from(document.querySelectorAll('li.agenda-item')).pop().id")
        .await?;
    let last = last.as_str().context("last item")?.to_string();
    b.fill(&format!("#{last} input[name=placering]"), "1")
        .await?;
    b.press(&format!("Flytta punkt {n}")).await?;
    let hash = b.eval("return location.hash").await?;
    ensure!(hash.as_str() == Some(&format!("#{last}")[..]), "{hash}");
    let first = b
        .eval("return document.querySelector('li.agenda-item').id")
        .await?;
    ensure!(first.as_str() == Some(last.as_str()), "{first} is first");
    // A position off the agenda: the message by the field.
    b.fill(&format!("#{last} input[name=placering]"), "99")
        .await?;
    b.press("Flytta punkt 1").await?;
    ensure!(b.exists("#f-placering-fel").await?);
    check_page(&b, "chair, a move with an error").await?;

    // The meeting is a week ahead: it can be neither held nor justerat yet.
    b.press("Markera mötet som genomfört").await?;
    ensure!(
        b.text("#f-genomfort-fel")
            .await?
            .contains("först på mötesdagen"),
        "held before its day"
    );
    check_page(&b, "chair, held before its day").await?;
    // Without the confirmation ticked, justering is refused with a message by the box.
    b.press("Justera protokollet").await?;
    ensure!(
        b.exists("#f-bekrafta-fel").await?,
        "justerat without confirmation"
    );
    check_page(&b, "chair, justering without confirmation").await?;
    b.click("#f-bekrafta").await?;
    b.press("Justera protokollet").await?;
    ensure!(
        b.text("#f-justera-fel")
            .await?
            .contains("Protokollet kan justeras först när mötet har hållits.")
    );

    // It was held yesterday after all: the date is changed, närvaro and justerare chosen.
    let yesterday = (time::OffsetDateTime::now_utc().date() - time::Duration::days(1)).to_string();
    b.eval(&format!(
        "document.querySelector('#f-datum').value = '{yesterday}'; return null"
    ))
    .await?;
    b.press("Spara tid och plats").await?;
    ensure!(b.h1().await? == format!("LOKUS STL – möte {yesterday}"));
    for name in ["Anders Öhman", "Lena Åkesson", "Karin Berg"] {
        let id = b
            .eval(&format!(
                "return Array.from(document.querySelectorAll('#f-narvarande label'))\
                   .find(l => l.textContent.startsWith('{name}')).getAttribute('for')"
            ))
            .await?;
        b.click(&format!("#{}", id.as_str().context("a member's box")?))
            .await?;
    }
    b.fill("#f-ovriga", "Förbundschefen").await?;
    b.select("#f-justerare", "Lena Åkesson").await?;
    b.press("Spara närvaro och justerare").await?;
    ensure!(b.text(".notice-success").await? == "Ändringarna är sparade.");
    check_page(&b, "chair, närvaro and justerare").await?;
    b.press("Markera mötet som genomfört").await?;
    ensure!(b.text(".notice-success").await? == "Ändringarna är sparade.");
    b.click("#f-bekrafta").await?;
    b.press("Justera protokollet").await?;
    ensure!(
        b.text(".notice-success")
            .await?
            .starts_with("Du har justerat protokollet."),
    );
    ensure!(b.text("#f-mote .tag").await? == "Väntar på justerare");
    ensure!(
        !b.exists("textarea[name=beslut]").await?,
        "decisions editable while waiting for the justerare"
    );
    check_page(&b, "chair, waiting for the justerare").await?;

    b.click_link("Mötespaket för utskrift").await?;
    ensure!(b.h1().await? == "Mötespaket – LOKUS STL");
    check_page(&b, "chair, meeting pack").await?;
    // Printed as the browser prints it (A4): a PDF of whole pages, kept for inspection.
    let pdf = b
        .client
        .print(fantoccini::wd::PrintConfiguration::default())
        .await?;
    ensure!(pdf.starts_with(b"%PDF"), "not a PDF");
    let raw = String::from_utf8_lossy(&pdf);
    let pages = raw.matches("/Type /Page").count() - raw.matches("/Type /Pages").count();
    ensure!(pages >= 2, "the pack printed on {pages} page(s)");
    let dir = super::harness::artifacts_dir("lokus_flow");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("motespaket.pdf"), &pdf)?;
    eprintln!(
        "lokus_flow: the meeting pack prints on {pages} A4 pages ({} bytes)",
        pdf.len()
    );
    b.eval("history.back(); return null").await?;
    b.wait_for_path("the meeting", |p| p == href).await?;
    b.click_link("Protokoll för utskrift").await?;
    ensure!(b.h1().await? == "Protokoll – LOKUS STL");
    let minutes = b.text("main").await?;
    ensure!(minutes.contains("Lyfts till styrgruppen som strukturellt problem."));
    ensure!(minutes.contains("Justerare: Lena Åkesson"), "{minutes}");
    ensure!(
        minutes.contains("Lena Åkesson, ledamot") && minutes.contains("Övriga: Förbundschefen")
    );
    ensure!(b.exists("h3[id^=pr-]").await? && b.text("h3[id^=pr-]").await?.starts_with("§ "));
    ensure!(b.texts(".signature-line").await?.len() == 3);
    check_page(&b, "chair, protokoll waiting for the justerare").await?;
    b.logout().await?;

    // The justerare finds the protokoll on /lokus, reads it and justerar.
    b.login_demo("ledamot@demo.lotsen.example").await?;
    b.click_link("LOKUS-möten").await?;
    ensure!(b.text("main").await?.contains("Protokoll att justera"));
    check_page(&b, "justerare, /lokus").await?;
    b.click_link(&format!("Mötet {yesterday}")).await?;
    b.press("Justera protokollet som justerare").await?;
    ensure!(
        b.exists("#f-bekrafta-fel").await?,
        "justerat without confirmation"
    );
    check_page(&b, "justerare, justering without confirmation").await?;
    b.click("#f-bekrafta").await?;
    b.press("Justera protokollet som justerare").await?;
    ensure!(b.text(".notice-success").await? == "Protokollet är justerat och låst.");
    let agenda = b.text("ol.agenda").await?;
    ensure!(agenda.contains("LOKUS rekommenderar ett flerpartsmöte inom tre veckor."));
    check_page(&b, "justerare, the justerat meeting").await?;
    b.click_link("Protokoll för utskrift").await?;
    let minutes = b.text("main").await?;
    ensure!(
        minutes.contains("av Anders Öhman och Lena Åkesson."),
        "{minutes}"
    );
    ensure!(minutes.matches("Justerat").count() == 1, "{minutes}");
    check_page(&b, "justerare, the justerat protokoll").await?;
    b.logout().await?;

    // The coordinator finds the ärende among decisions to follow up, with the decision.
    b.login_demo("koordinator@demo.lotsen.example").await?;
    b.goto("/arenden").await?;
    b.fill("#f-q", &nummer1).await?;
    b.click("#f-uppfoljning").await?;
    b.press("Visa").await?;
    ensure!(b.path().await?.contains("uppfoljning=ja"));
    b.click_link(&nummer1).await?;
    let timeline = b.text("ol.timeline").await?;
    ensure!(timeline.contains("Beslut i LOKUS"), "{timeline}");
    ensure!(timeline.contains("LOKUS rekommenderar ett flerpartsmöte inom tre veckor."));
    ensure!(timeline.contains("Uppföljning: Samverkanskoordinatorn"));
    ensure!(timeline.contains("(justerat)"));
    Ok(())
}
