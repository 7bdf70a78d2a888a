//! Creating a förbund, and its settings.

use super::*;

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
