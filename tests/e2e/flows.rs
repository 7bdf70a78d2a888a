//! What people do in the browser: a förbund administrator sets up an organisation, a unit, a
//! LOKUS group and a user (who then logs in with the one-time password), a wrong password
//! shows the Swedish error, and every demo role logs in and sees only its own navigation.

use super::harness::{Browser, PASSWORD, run};
use anyhow::{Context, ensure};

const ERROR_404: &str = "Sidan finns inte";

/// Asserts that `haystack` contains `needle`, naming both when it does not.
fn ensure_contains(what: &str, haystack: &str, needle: &str) -> anyhow::Result<()> {
    ensure!(
        haystack.contains(needle),
        "{what}: expected {needle:?} in {haystack:?}"
    );
    Ok(())
}

#[tokio::test]
async fn forbund_admin_sets_up_organisation_unit_lokus_group_and_user() {
    run("forbund_admin_flow", false, admin_flow).await;
}

async fn admin_flow(b: Browser) -> anyhow::Result<()> {
    // A wrong password: the form comes back with the Swedish error and keeps the address.
    b.goto("/").await?;
    b.wait_for_path("/logga-in", |p| p == "/logga-in").await?;
    ensure!(b.h1().await? == "Logga in");
    let arrived = b
        .login("forbund@demo.lotsen.example", "fel-losenord")
        .await?;
    ensure!(arrived == "/logga-in", "a wrong password led to {arrived}");
    ensure_contains(
        "the error summary",
        &b.text(".error-summary").await?,
        "Fel e-postadress eller lösenord, eller så är kontot inte aktivt.",
    )?;
    ensure_contains(
        "the field's error",
        &b.text("#f-epost-fel").await?,
        "Fel e-postadress eller lösenord, eller så är kontot inte aktivt.",
    )?;
    let kept = b.find("#f-epost").await?.prop("value").await?;
    ensure!(kept.as_deref() == Some("forbund@demo.lotsen.example"));
    let invalid = b.find("#f-epost").await?.attr("aria-invalid").await?;
    ensure!(
        invalid.as_deref() == Some("true"),
        "aria-invalid is {invalid:?}"
    );
    // The error summary links to the field.
    b.click(".error-summary a").await?;
    let focused = b.eval("return document.activeElement.id").await?;
    ensure!(focused == "f-epost", "the error link focused {focused}");

    // The right password.
    b.fill("#f-losenord", PASSWORD).await?;
    b.press("Logga in").await?;
    b.wait_for_path("/", |p| p == "/").await?;
    ensure!(b.h1().await? == "Välkommen, Maria Fjällström");
    ensure_contains(
        "the start page",
        &b.text("main").await?,
        "Du arbetar i Samordningsförbundet Fjärdlunda",
    )?;
    ensure!(
        b.nav().await?
            == [
                "Start",
                "LOKUS-möten",
                "Statistik",
                "Nulägesanalys",
                "Insatser",
                "Insatskatalog",
                "Administration",
                "Logg"
            ]
    );

    // An organisation: first empty (errors), then for real.
    b.click_link("Administration").await?;
    ensure!(b.h1().await? == "Administration");
    ensure!(b.text(".main-nav a[aria-current=page]").await? == "Administration");
    b.click_link("Organisationer och enheter").await?;
    ensure!(b.h1().await? == "Organisationer");
    b.press("Lägg till").await?;
    let summary = b.text(".error-summary").await?;
    ensure_contains("the empty organisation form", &summary, "Rätta följande")?;
    ensure!(
        b.texts(".error-summary li").await?.len() >= 2,
        "expected errors for part and name: {summary}"
    );
    b.select("#f-part", "Kommun").await?;
    b.fill("#f-namn", "Sandhamra kommun, arbetsmarknadsenheten")
        .await?;
    b.press("Lägg till").await?;
    b.wait_for_path("the new organisation", |p| {
        p.starts_with("/admin/organisationer/")
    })
    .await?;
    ensure!(b.h1().await? == "Sandhamra kommun, arbetsmarknadsenheten");
    ensure!(b.text(".notice-success").await? == "Skapat.");
    ensure!(b.text(".meta").await? == "Kommun");

    // A unit in it.
    b.fill("#f-enhet_namn", "Jobbtorget").await?;
    b.press("Lägg till enhet").await?;
    ensure_contains("the units", &b.text("main ul").await?, "Jobbtorget")?;
    b.click_link("Organisationer").await?;
    ensure_contains(
        "the organisation list",
        &b.text("table").await?,
        "Sandhamra kommun, arbetsmarknadsenheten",
    )?;

    // A LOKUS group covering one (fictional) kommun.
    b.click_link("Administration").await?;
    b.click_link("LOKUS-grupper").await?;
    ensure!(b.h1().await? == "LOKUS-grupper");
    b.click_link("Ny LOKUS-grupp").await?;
    ensure!(b.h1().await? == "Ny LOKUS-grupp");
    b.fill("#f-kod", "SHA").await?;
    b.fill("#f-namn", "Sandhamra").await?;
    let lan = "//summary[normalize-space()='Västerläns län (fiktivt)']";
    b.client
        .find(fantoccini::Locator::XPath(lan))
        .await
        .context("finding the fictional län")?
        .click()
        .await?;
    b.click("#kommun-9906").await?;
    ensure!(b.find("#kommun-9906").await?.is_selected().await?);
    b.press("Skapa gruppen").await?;
    b.wait_for_path("the new LOKUS group", |p| p.starts_with("/admin/lokus/"))
        .await?;
    ensure!(b.h1().await? == "LOKUS SHA – Sandhamra");
    ensure!(b.text(".notice-success").await? == "Skapat.");
    b.click_link("LOKUS-grupper").await?;
    ensure_contains("the LOKUS list", &b.text("table").await?, "SHA")?;

    // A user working at the new unit, with a one-time password.
    b.click_link("Administration").await?;
    b.click_link("Användare och roller").await?;
    ensure!(b.h1().await? == "Användare");
    b.click_link("Ny användare").await?;
    ensure!(b.h1().await? == "Ny användare");
    b.fill("#f-namn", "Nils Testsson").await?;
    b.fill("#f-epost", "nils.testsson@demo.lotsen.example")
        .await?;
    b.select(
        "#f-arbetsplats",
        "Sandhamra kommun, arbetsmarknadsenheten – Jobbtorget",
    )
    .await?;
    b.press("Skapa användaren").await?;
    ensure!(b.h1().await? == "Nils Testsson har fått tillgång");
    let one_time = b.text("#engangslosenord").await?;
    ensure!(one_time.len() >= 12, "one-time password {one_time:?}");

    // Roles: handläggare in the förbund, koordinator for the new group.
    b.click_link("Fortsätt till Nils Testsson: roller").await?;
    ensure!(b.h1().await? == "Nils Testsson");
    b.click("#roll-handlaggare").await?;
    b.click("#koordinator-SHA").await?;
    b.press("Spara rollerna").await?;
    ensure!(b.text(".notice-success").await? == "Rollerna är sparade.");
    ensure!(b.find("#koordinator-SHA").await?.is_selected().await?);
    b.click_link("Användare").await?;
    let table = b.text("table").await?;
    ensure_contains("the user list", &table, "nils.testsson@demo.lotsen.example")?;
    ensure_contains("the user list", &table, "Jobbtorget")?;

    // The log shows what happened.
    b.click_link("Logg").await?;
    ensure!(b.h1().await? == "Logg");
    ensure!(b.texts("tbody tr").await?.len() >= 5);

    // The new user logs in with the one-time password and must choose a password first.
    b.logout().await?;
    ensure!(b.text(".notice").await? == "Du är utloggad.");
    let arrived = b
        .login("nils.testsson@demo.lotsen.example", &one_time)
        .await?;
    ensure!(arrived == "/konto/losenord", "arrived at {arrived}");
    ensure_contains(
        "the forced password page",
        &b.text(".notice-warning").await?,
        "engångslösenord",
    )?;
    b.goto("/admin").await?;
    ensure!(
        b.path().await? == "/konto/losenord",
        "the forced password change let the user leave"
    );
    b.fill("#f-nuvarande", &one_time).await?;
    b.fill("#f-nytt", "ett eget långt lösenord").await?;
    b.fill("#f-bekrafta", "ett annat långt lösenord").await?;
    b.press("Byt lösenord").await?;
    ensure!(
        b.exists(".error-summary").await?,
        "mismatched passwords were accepted"
    );
    b.fill("#f-nuvarande", &one_time).await?;
    b.fill("#f-nytt", "ett eget långt lösenord").await?;
    b.fill("#f-bekrafta", "ett eget långt lösenord").await?;
    b.press("Byt lösenord").await?;
    b.wait_for_path("/", |p| p == "/").await?;
    ensure!(b.text(".notice-success").await? == "Ditt lösenord är bytt.");
    ensure!(b.h1().await? == "Välkommen, Nils Testsson");
    let roles = b.text("main ul.start-roles").await?;
    ensure_contains("the new user's roles", &roles, "LOKUS SHA")?;
    // A coordinator of the new group gets the ärende pages, and nothing of administration.
    ensure!(
        b.nav().await?
            == [
                "Start",
                "Ärenden",
                "Nytt ärende",
                "Förfrågningar",
                "LOKUS-möten",
                "Statistik",
                "Nulägesanalys",
                "Insatskatalog",
                "SIP"
            ]
    );
    b.goto("/admin").await?;
    ensure!(b.h1().await? == ERROR_404, "a handläggare reached /admin");
    b.goto("/").await?;
    b.logout().await?;
    Ok(())
}

#[tokio::test]
async fn every_demo_role_logs_in_and_sees_its_own_navigation() {
    run("demo_roles", false, roles_flow).await;
}

/// Each demo login, its name on the start page, and its navigation.
const ROLES: &[(&str, &str, &[&str])] = &[
    ("system", "Systemadministratör Demo", &["Start", "Förbund"]),
    (
        "forbund",
        "Maria Fjällström",
        &[
            "Start",
            "LOKUS-möten",
            "Statistik",
            "Nulägesanalys",
            "Insatser",
            "Insatskatalog",
            "Administration",
            "Logg",
        ],
    ),
    (
        "koordinator",
        "Karin Berg",
        &[
            "Start",
            "Ärenden",
            "Nytt ärende",
            "Förfrågningar",
            "LOKUS-möten",
            "Statistik",
            "Nulägesanalys",
            "Insatskatalog",
            "SIP",
        ],
    ),
    (
        "ordforande",
        "Anders Öhman",
        &[
            "Start",
            "LOKUS-möten",
            "Statistik",
            "Nulägesanalys",
            "Insatskatalog",
        ],
    ),
    (
        "ledamot",
        "Lena Åkesson",
        &[
            "Start",
            "LOKUS-möten",
            "Statistik",
            "Nulägesanalys",
            "Insatskatalog",
        ],
    ),
    (
        "fk",
        "Eva Sjöberg",
        &["Start", "Förfrågningar", "Insatskatalog", "SIP"],
    ),
    (
        "af",
        "Omar Haddad",
        &["Start", "Förfrågningar", "Insatskatalog", "SIP"],
    ),
    (
        "region",
        "Per Lindqvist",
        &["Start", "Förfrågningar", "Insatskatalog", "SIP"],
    ),
    (
        "kommun",
        "Sofia Nyberg",
        &["Start", "Förfrågningar", "Insatskatalog", "SIP"],
    ),
    (
        "coach",
        "Jonas Ek",
        &["Start", "Insatser", "Insatskatalog", "SIP"],
    ),
    (
        "insats",
        "Maria Insatsansvarig",
        &["Start", "Insatser", "Insatskatalog"],
    ),
    (
        "kustbygd",
        "Hanna Strand",
        &[
            "Start",
            "Ärenden",
            "Nytt ärende",
            "Förfrågningar",
            "LOKUS-möten",
            "Statistik",
            "Nulägesanalys",
            "Insatser",
            "Insatskatalog",
            "SIP",
            "Administration",
            "Logg",
        ],
    ),
];

async fn roles_flow(b: Browser) -> anyhow::Result<()> {
    ensure!(
        ROLES.len() == lotsen_core::demo::LOGINS.len(),
        "every demo login is covered"
    );
    for (user, namn, nav) in ROLES {
        let email = format!("{user}@demo.lotsen.example");
        let arrived = b.login(&email, PASSWORD).await?;
        if *user == "region" {
            // Handläggare in both förbund: chooses one first.
            ensure!(arrived == "/valj-forbund", "{email} arrived at {arrived}");
            ensure!(b.h1().await? == "Välj förbund");
            b.click("#forbund-kustbygd").await?;
            b.press("Fortsätt").await?;
            b.wait_for_path("/", |p| p == "/").await?;
            ensure_contains("the header", &b.text(".account-name").await?, "Kustbygd")?;
            b.click_link("Byt förbund").await?;
            b.click("#forbund-fjardlunda").await?;
            b.press("Fortsätt").await?;
            b.wait_for_path("/", |p| p == "/").await?;
            ensure_contains("the header", &b.text(".account-name").await?, "Fjärdlunda")?;
            ensure!(b.h1().await? == format!("Välkommen, {namn}"));
        } else {
            ensure!(arrived == "/", "{email} arrived at {arrived}");
            ensure!(
                b.h1().await? == format!("Välkommen, {namn}"),
                "{email} sees {:?}",
                b.h1().await?
            );
        }
        let shown = b.nav().await?;
        ensure!(shown == *nav, "{email} sees the navigation {shown:?}");
        ensure!(b.text(".main-nav a[aria-current=page]").await? == "Start");
        // Every navigation item opens its page and is marked as current.
        for label in nav.iter().skip(1) {
            b.click_link(label).await?;
            let h1 = b.h1().await?;
            ensure!(h1 != ERROR_404, "{email}: {label} led to the 404 page");
            ensure!(
                b.text(".main-nav a[aria-current=page]")
                    .await?
                    .starts_with(*label),
                "{email}: {label} is not marked as the current page"
            );
        }
        b.click_link("Start").await?;
        // What is not in the navigation is not reachable either.
        if !nav.contains(&"Administration") {
            b.goto("/admin/anvandare").await?;
            ensure!(
                b.h1().await? == ERROR_404,
                "{email} reached /admin/anvandare"
            );
        }
        if !nav.contains(&"Förbund") {
            b.goto("/system/forbund").await?;
            ensure!(
                b.h1().await? == ERROR_404,
                "{email} reached /system/forbund"
            );
        }
        b.goto("/").await?;
        match *user {
            "system" => system_admin_creates_a_forbund(&b).await?,
            "kustbygd" => kustbygd_sees_only_its_own_forbund(&b).await?,
            _ => {}
        }
        b.click_link("Byt lösenord").await?;
        ensure!(b.h1().await? == "Byt lösenord");
        b.logout().await?;
        b.goto("/admin").await?;
        ensure!(
            b.path().await? == "/logga-in" || b.h1().await? == ERROR_404,
            "after logging out {email} still reaches /admin"
        );
    }
    b.goto("/finns-inte").await?;
    ensure!(b.h1().await? == ERROR_404);
    ensure_contains("the 404 page", &b.text("main").await?, "statuskod 404")?;
    Ok(())
}

async fn system_admin_creates_a_forbund(b: &Browser) -> anyhow::Result<()> {
    b.click_link("Förbund").await?;
    ensure!(b.h1().await? == "Förbund");
    ensure_contains("the förbund list", &b.text("table").await?, "fjardlunda")?;
    b.press("Skapa förbundet").await?;
    ensure!(
        b.texts(".error-summary li").await?.len() >= 3,
        "the empty förbund form was accepted"
    );
    b.fill("#f-namn", "Samordningsförbundet Testvik").await?;
    b.fill("#f-slug", "testvik").await?;
    b.fill("#f-organisationsnummer", "222000-4564").await?;
    b.fill("#f-admin_namn", "Tove Testare").await?;
    b.fill("#f-admin_epost", "tove@testvik.example").await?;
    b.press("Skapa förbundet").await?;
    ensure!(
        b.h1().await? == "Samordningsförbundet Testvik är skapat",
        "creating a förbund showed {:?}",
        b.h1().await?
    );
    ensure!(b.text("#engangslosenord").await?.len() >= 12);
    b.click_link("Tillbaka till förbunden").await?;
    ensure_contains("the förbund list", &b.text("table").await?, "testvik")?;
    b.click_link("Start").await
}

async fn kustbygd_sees_only_its_own_forbund(b: &Browser) -> anyhow::Result<()> {
    b.click_link("Administration").await?;
    b.click_link("Organisationer och enheter").await?;
    let orgs = b.text("main").await?;
    ensure!(
        !orgs.contains("Fjärdlunda") && !orgs.contains("Stenbäck"),
        "kustbygd sees Fjärdlunda's organisations: {orgs}"
    );
    b.click_link("Administration").await?;
    b.click_link("Användare och roller").await?;
    let users = b.text("table").await?;
    ensure!(
        !users.contains("Maria Fjällström"),
        "kustbygd sees Fjärdlunda's administrator"
    );
    b.click_link("Start").await
}
