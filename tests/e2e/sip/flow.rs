//! The flow, step by step (see the module above).

use super::*;

pub(super) async fn main_flow(b: Browser) -> anyhow::Result<()> {
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
