//! People: new accounts with roles, and existing accounts joining another förbund.

use super::*;

#[tokio::test]
async fn an_admin_adds_a_user_and_gives_roles_in_lokus_groups() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    let bad = app
        .post(
            "/admin/anvandare",
            &[
                ("namn", ""),
                ("epost", "inte-en-adress"),
                ("arbetsplats", "org:nonsens"),
            ],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("Fyll i namn."));
    assert!(
        bad.text()
            .contains("Skriv e-postadressen som namn@exempel.se.")
    );
    assert!(bad.text().contains("Välj en arbetsplats i listan."));
    let dup = app
        .post(
            "/admin/anvandare",
            &[
                ("namn", "Karin"),
                ("epost", "KOORDINATOR@demo.lotsen.example"),
            ],
        )
        .await;
    assert!(
        dup.text()
            .contains("Det finns redan en användare med den e-postadressen i förbundet.")
    );

    let unit: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select enhet_id from enhet where forbund_id = $1 and namn = 'GK'",
        )
        .await;
    let created = app
        .post(
            "/admin/anvandare",
            &[
                ("namn", "Ali Koordinator"),
                ("epost", "ali@exempel.se"),
                ("arbetsplats", &format!("enhet:{unit}")),
            ],
        )
        .await;
    created.assert_ok();
    let user: Uuid = app.user_id("fjardlunda", "ali@exempel.se").await;
    let nrv: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select lokus_id from lokus_grupp where forbund_id = $1 and kod = 'NRV'",
        )
        .await;
    let kust_group: Uuid = app
        .scalar_in(
            "kustbygd",
            "select lokus_id from lokus_grupp where forbund_id = $1 and kod = 'KST'",
        )
        .await;
    let foreign = app
        .post(
            &format!("/admin/anvandare/{user}/roller"),
            &[("roll", &format!("koordinator:{kust_group}"))],
        )
        .await;
    foreign.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        foreign
            .text()
            .contains("Någon av LOKUS-grupperna finns inte i förbundet.")
    );
    let unscoped = app
        .post(
            &format!("/admin/anvandare/{user}/roller"),
            &[("roll", "koordinator")],
        )
        .await;
    assert!(
        unscoped
            .text()
            .contains("Rollen måste kopplas till en LOKUS-grupp.")
    );

    app.post(
        &format!("/admin/anvandare/{user}/roller"),
        &[
            ("roll", &format!("koordinator:{nrv}")),
            ("roll", "insatsansvarig"),
        ],
    )
    .await
    .assert_redirect_to(&format!("/admin/anvandare/{user}?klart=roller"));
    let page = app.get(&format!("/admin/anvandare/{user}")).await;
    assert!(
        page.body
            .contains("id=\"koordinator-NRV\" name=\"roll\" value=\"koordinator:"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(&format!("value=\"koordinator:{nrv}\" checked"))
    );
    assert!(page.body.contains("value=\"insatsansvarig\" checked"));
    let group = app.get(&format!("/admin/lokus/{nrv}")).await.text();
    assert!(
        group.contains("Ali Koordinator Samverkanskoordinator"),
        "{group}"
    );

    let reset = app
        .post(&format!("/admin/anvandare/{user}/losenord"), &[])
        .await;
    reset.assert_ok();
    assert!(reset.body.contains("id=\"engangslosenord\""));
    let audit = app.audit_actions("fjardlunda").await;
    for a in ["user.create", "user.roles", "user.reset_password"] {
        assert!(audit.contains(&a.to_string()), "{a}");
    }
}

#[tokio::test]
async fn an_existing_person_joins_another_forbund_with_their_own_account() {
    let mut app = TestApp::demo().await;
    app.login("kustbygd@demo.lotsen.example").await;
    let r = app
        .post(
            "/admin/anvandare",
            &[
                ("namn", "Vad som helst"),
                ("epost", "fk@demo.lotsen.example"),
            ],
        )
        .await;
    r.assert_ok();
    assert!(r.text().contains("hade redan ett konto"));
    assert!(!r.body.contains("id=\"engangslosenord\""));
    // Until the person accepts, Kustbygd sees the e-mail address only, not the name.
    let list = app.get("/admin/anvandare").await;
    assert!(list.text().contains("Väntar på godkännande"));
    assert!(!list.text().contains("Fjärd"), "{}", list.text());
    let mut fk = app.other_browser();
    fk.login("fk@demo.lotsen.example").await;
    // The pending membership gives nothing yet: one förbund, nothing to choose.
    let home = fk.get("/").await;
    home.assert_ok();
    assert!(home.text().contains("bjudit in dig"), "{}", home.text());
    let invitations = fk.get("/konto/inbjudningar").await;
    assert!(invitations.text().contains("Finsam Kustbygd"));
    let kustbygd = app.forbund_id("kustbygd").await;
    fk.post(
        &format!("/konto/inbjudningar/{kustbygd}"),
        &[("svar", "ja")],
    )
    .await
    .assert_redirect_to("/valj-forbund");
    let choose = fk.get("/valj-forbund").await;
    assert!(choose.text().contains("Finsam Kustbygd"));
    let list = app.get("/admin/anvandare").await;
    assert!(!list.text().contains("Väntar på godkännande"));
    assert!(
        app.audit_actions("kustbygd")
            .await
            .contains(&"membership.accept".to_string())
    );
}
