//! The new-SIP form by keyboard alone, and a refused follow-up date.

use super::*;

pub(super) async fn keyboard(b: Browser) -> anyhow::Result<()> {
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

pub(super) async fn bad_input(b: Browser) -> anyhow::Result<()> {
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
