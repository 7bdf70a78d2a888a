//! Administration: role gating of every admin page, and the förbund-admin's flows for
//! organisations, units, LOKUS groups, users, roles and settings, with their validation and
//! audit rows.

use crate::support::{DEMO_TENANT_LOGINS, TestApp};
use axum::http::StatusCode;
use uuid::Uuid;

const ADMIN_PAGES: &[&str] = &[
    "/admin",
    "/admin/forbund",
    "/admin/organisationer",
    "/admin/lokus",
    "/admin/lokus/ny",
    "/admin/anvandare",
    "/admin/anvandare/ny",
];

#[tokio::test]
async fn only_forbund_admins_reach_the_admin_pages() {
    let app = TestApp::demo().await;
    for login in DEMO_TENANT_LOGINS {
        let mut b = app.other_browser();
        let slug = if login.starts_with("kustbygd") {
            "kustbygd"
        } else {
            "fjardlunda"
        };
        b.login_in(login, slug).await;
        let is_admin = matches!(
            *login,
            "forbund@demo.lotsen.example" | "kustbygd@demo.lotsen.example"
        );
        for page in ADMIN_PAGES {
            let r = b.get(page).await;
            let want = if is_admin {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(r.status, want, "{login} GET {page}");
        }
        let posts: [(&str, &[(&str, &str)]); 4] = [
            (
                "/admin/organisationer",
                &[("part", "fk"), ("namn", "Obehörig")],
            ),
            (
                "/admin/lokus",
                &[("kod", "OBH"), ("namn", "Obehörig"), ("kommun", "0114")],
            ),
            (
                "/admin/anvandare",
                &[("namn", "Obehörig"), ("epost", "obehorig@exempel.se")],
            ),
            (
                "/admin/forbund",
                &[
                    ("namn", "Obehörig"),
                    ("undertryck_grans", "5"),
                    ("session_idle_minuter", "30"),
                ],
            ),
        ];
        if !is_admin {
            for (path, form) in posts {
                let r = b.post(path, form).await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} POST {path}");
            }
        }
        let nav = b.get("/").await.body;
        assert_eq!(
            nav.contains("href=\"/admin\""),
            is_admin,
            "{login} sees the admin link"
        );
    }
    let created: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from organisation where forbund_id = $1 and namn = 'Obehörig'",
        )
        .await;
    assert_eq!(created, 0);
}

#[tokio::test]
async fn the_audit_log_is_for_admins_and_the_data_protection_officer() {
    let app = TestApp::demo().await;
    for login in DEMO_TENANT_LOGINS {
        let mut b = app.other_browser();
        let slug = if login.starts_with("kustbygd") {
            "kustbygd"
        } else {
            "fjardlunda"
        };
        b.login_in(login, slug).await;
        let allowed = matches!(
            *login,
            "forbund@demo.lotsen.example" | "kustbygd@demo.lotsen.example"
        );
        let r = b.get("/admin/logg").await;
        assert_eq!(r.status == StatusCode::OK, allowed, "{login}: {}", r.status);
    }
    let mut admin = app.other_browser();
    admin.login("forbund@demo.lotsen.example").await;
    let me: Uuid = admin
        .user_id("fjardlunda", "forbund@demo.lotsen.example")
        .await;
    // A person holding only the dataskyddsombud role reads the log too.
    admin
        .post(
            &format!("/admin/anvandare/{me}/roller"),
            &[("roll", "forbund_admin")],
        )
        .await
        .assert_redirect_to(&format!("/admin/anvandare/{me}?klart=roller"));
    let kb: Uuid = admin
        .user_id("fjardlunda", "kommun@demo.lotsen.example")
        .await;
    admin
        .post(
            &format!("/admin/anvandare/{kb}/roller"),
            &[("roll", "dataskyddsombud")],
        )
        .await
        .assert_redirect_to(&format!("/admin/anvandare/{kb}?klart=roller"));
    let mut dpo = app.other_browser();
    dpo.login("kommun@demo.lotsen.example").await;
    dpo.get("/admin/logg").await.assert_ok();
    dpo.get("/admin").await.assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_the_system_administrator_manages_forbund_and_sees_no_tenant_data() {
    let app = TestApp::demo().await;
    let mut sys = app.other_browser();
    sys.login("system@demo.lotsen.example").await;
    let page = sys.get("/system/forbund").await;
    page.assert_ok();
    assert!(page.text().contains("Finsam Kustbygd"));
    for path in ADMIN_PAGES.iter().chain(["/admin/logg"].iter()) {
        assert_eq!(sys.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    for login in DEMO_TENANT_LOGINS {
        let mut b = app.other_browser();
        b.login_in(login, "fjardlunda").await;
        assert_eq!(
            b.get("/system/forbund").await.status,
            StatusCode::NOT_FOUND,
            "{login}"
        );
    }
}

#[tokio::test]
async fn the_system_administrator_creates_a_forbund_whose_admin_can_log_in() {
    let app = TestApp::demo().await;
    let mut sys = app.other_browser();
    sys.login("system@demo.lotsen.example").await;
    let bad = sys
        .post(
            "/system/forbund",
            &[
                ("namn", ""),
                ("slug", "Å"),
                ("organisationsnummer", "123"),
                ("admin_namn", ""),
                ("admin_epost", "x"),
            ],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    for msg in [
        "Fyll i förbundets namn.",
        "Kortnamnet ska ha 2–40 tecken",
        "Skriv organisationsnumret med tio siffror",
        "Fyll i administratörens namn.",
        "Skriv e-postadressen som namn@exempel.se.",
    ] {
        assert!(bad.text().contains(msg), "{msg}");
    }
    let taken = sys
        .post(
            "/system/forbund",
            &[
                ("namn", "Ny"),
                ("slug", "kustbygd"),
                ("organisationsnummer", "222000-1230"),
                ("admin_namn", "A"),
                ("admin_epost", "a@b.se"),
            ],
        )
        .await;
    assert!(
        taken.text().contains("Kortnamnet används redan"),
        "{}",
        taken.text()
    );
    assert_eq!(
        sqlx::query_scalar::<_, i64>("select count(*) from app_user where epost = 'a@b.se'")
            .fetch_one(app.t.db.pool())
            .await
            .unwrap(),
        0,
        "nothing half-written"
    );
    let created = sys
        .post(
            "/system/forbund",
            &[
                ("namn", "Samordningsförbundet Älvdalen"),
                ("slug", "alvdalen"),
                ("organisationsnummer", "2220001230"),
                ("admin_namn", "Åsa Älv"),
                ("admin_epost", "asa@alvdalen.example"),
            ],
        )
        .await;
    created.assert_ok();
    let otp = created
        .body
        .split("id=\"engangslosenord\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_string();
    let mut asa = app.other_browser();
    asa.login_with("asa@alvdalen.example", &otp)
        .await
        .assert_redirect_to("/konto/losenord");
    asa.post(
        "/konto/losenord",
        &[
            ("nuvarande", &otp),
            ("nytt", "älvdalens lösenord"),
            ("bekrafta", "älvdalens lösenord"),
        ],
    )
    .await
    .assert_redirect_to("/?klart=losenord");
    asa.get("/admin").await.assert_ok();
    let audit = app.audit_actions("alvdalen").await;
    assert!(
        audit.starts_with(&["forbund.create".to_string(), "user.create".to_string()]),
        "{audit:?}"
    );
}

#[tokio::test]
async fn an_admin_adds_an_organisation_and_units_with_validation() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    let empty = app
        .post("/admin/organisationer", &[("part", ""), ("namn", " ")])
        .await;
    empty.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty
            .text()
            .contains("Välj vilken part organisationen tillhör.")
    );
    assert!(empty.text().contains("Fyll i organisationens namn."));
    let dup = app
        .post(
            "/admin/organisationer",
            &[("part", "region"), ("namn", "Region Västerlän")],
        )
        .await;
    dup.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        dup.text()
            .contains("Det finns redan en organisation med det namnet")
    );
    let long = "x".repeat(121);
    let r = app
        .post(
            "/admin/organisationer",
            &[("part", "annan"), ("namn", &long)],
        )
        .await;
    assert!(r.text().contains("får vara högst 120 tecken"));

    let created = app
        .post(
            "/admin/organisationer",
            &[("part", "annan"), ("namn", "Fjärdlunda Fontänhus")],
        )
        .await;
    let org = created.redirect_id();
    let page = app
        .get(&format!("/admin/organisationer/{org}?klart=skapad"))
        .await;
    assert!(page.text().contains("Fjärdlunda Fontänhus"));
    assert!(page.text().contains("Skapat."));

    let unit = app
        .post(
            &format!("/admin/organisationer/{org}/enheter"),
            &[("enhet_namn", "Klubbhuset")],
        )
        .await;
    unit.assert_redirect_to(&format!("/admin/organisationer/{org}?klart=skapad"));
    let dup_unit = app
        .post(
            &format!("/admin/organisationer/{org}/enheter"),
            &[("enhet_namn", "Klubbhuset")],
        )
        .await;
    assert!(
        dup_unit
            .text()
            .contains("Organisationen har redan en enhet med det namnet.")
    );
    let unit_id: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select enhet_id from enhet where forbund_id = $1 and namn = 'Klubbhuset'",
        )
        .await;
    app.post(
        &format!("/admin/organisationer/{org}/enheter/{unit_id}"),
        &[("enhet_namn", "Klubbhuset Ankaret")],
    )
    .await
    .assert_redirect_to(&format!("/admin/organisationer/{org}?klart=sparat"));
    app.post(
        &format!("/admin/organisationer/{org}"),
        &[("part", "kommun"), ("namn", "Fontänhuset")],
    )
    .await
    .assert_redirect_to(&format!("/admin/organisationer/{org}?klart=sparat"));
    let list = app.get("/admin/organisationer").await.text();
    assert!(list.contains("Fontänhuset"));
    assert!(list.contains("Klubbhuset Ankaret"));
    let audit = app.audit_actions("fjardlunda").await;
    for a in [
        "organisation.create",
        "enhet.create",
        "enhet.update",
        "organisation.update",
    ] {
        assert!(audit.contains(&a.to_string()), "{a}");
    }
    assert_eq!(
        app.get(&format!("/admin/organisationer/{}", Uuid::now_v7()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_admin_creates_and_edits_a_lokus_group() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    let bad = app
        .post("/admin/lokus", &[("kod", "1"), ("namn", "")])
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("Koden ska vara 2–5 bokstäver"));
    assert!(bad.text().contains("Fyll i gruppens namn."));
    assert!(bad.text().contains("Välj minst en kommun"));
    let dup = app
        .post(
            "/admin/lokus",
            &[("kod", "stl"), ("namn", "Dubblett"), ("kommun", "9902")],
        )
        .await;
    assert!(dup.text().contains("Koden används redan"), "{}", dup.text());
    let unknown = app
        .post(
            "/admin/lokus",
            &[("kod", "ABC"), ("namn", "X"), ("kommun", "0000")],
        )
        .await;
    assert!(
        unknown
            .text()
            .contains("Någon av de valda kommunerna finns inte.")
    );
    assert!(
        unknown.body.contains("value=\"ABC\""),
        "typed values are kept"
    );

    let created = app
        .post(
            "/admin/lokus",
            &[
                ("kod", "upp"),
                ("namn", "Uppsala–Knivsta"),
                ("kommun", "0380"),
                ("kommun", "0330"),
            ],
        )
        .await;
    let id = created.redirect_id();
    let page = app.get(&format!("/admin/lokus/{id}")).await;
    assert!(page.text().contains("LOKUS UPP – Uppsala–Knivsta"));
    assert!(
        page.body
            .contains("id=\"kommun-0380\" name=\"kommun\" value=\"0380\" checked")
    );
    app.post(
        &format!("/admin/lokus/{id}"),
        &[("namn", "Uppsala"), ("kommun", "0380"), ("kod", "ZZZ")],
    )
    .await
    .assert_redirect_to(&format!("/admin/lokus/{id}?klart=sparat"));
    let list = app.get("/admin/lokus").await.text();
    assert!(list.contains("UPP Uppsala"), "the code is fixed: {list}");
    assert!(list.contains("Inaktiv"), "an unticked 'aktiv' deactivates");
    assert!(!list.contains("ZZZ"));
    let audit = app.audit_actions("fjardlunda").await;
    assert!(audit.contains(&"lokus.create".to_string()));
    assert!(audit.contains(&"lokus.update".to_string()));
}

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

#[tokio::test]
async fn settings_are_validated_and_saved() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    let bad = app
        .post(
            "/admin/forbund",
            &[
                ("namn", ""),
                ("undertryck_grans", "1"),
                ("session_idle_minuter", "tio"),
            ],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text()
            .contains("Gränsen för små tal ska vara mellan 2 och 20.")
    );
    assert!(
        bad.text()
            .contains("Skriv tiden för automatisk utloggning som ett heltal.")
    );
    assert!(bad.body.contains("value=\"tio\""), "typed values are kept");
    app.post(
        "/admin/forbund",
        &[
            ("namn", "Samordningsförbundet Fjärdlunda och Skärvik"),
            ("undertryck_grans", "3"),
            ("session_idle_minuter", "45"),
        ],
    )
    .await
    .assert_redirect_to("/admin/forbund?klart=sparat");
    let page = app.get("/admin/forbund?klart=sparat").await;
    assert!(page.text().contains("Ändringarna är sparade."));
    assert!(page.body.contains("value=\"3\""));
    assert!(
        app.audit_actions("fjardlunda")
            .await
            .contains(&"forbund.settings".to_string())
    );
}
