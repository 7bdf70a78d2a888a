//! Organisations, units and LOKUS groups, with validation.

use super::*;

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
