//! Plain unit names resolved within the LOKUS group's own area (its kommuner and the
//! organisations serving them); only a name still ambiguous asks for `Organisation / Enhet`.

use super::*;

/// `(organisation, unit)` of the imported ärende received on `inkom`.
async fn sender(app: &TestApp, inkom: &str) -> (String, Option<String>) {
    let id = app.forbund_id("fjardlunda").await;
    let mut tx = app.t.db.begin_as(Some(id), None, false).await.unwrap();
    let row = sqlx::query_as(
        "select o.namn::text, e.namn::text from arende a \
         join organisation o on o.forbund_id = a.forbund_id and o.organisation_id = a.organisation_id \
         left join enhet e on e.forbund_id = a.forbund_id and e.enhet_id = a.enhet_id \
         where a.forbund_id = $1 and a.import_hash is not null and a.inkom = $2::date",
    )
    .bind(id)
    .bind(inkom)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    row
}

fn owned(org: &str, unit: Option<&str>) -> (String, Option<String>) {
    (org.to_string(), unit.map(str::to_string))
}

#[tokio::test]
async fn plain_unit_names_are_found_within_the_groups_area() {
    let app = TestApp::demo().await;
    // Norrvreta: Stenbäck and Fjärdlunda kommun both have a Försörjningsstöd, Norrvreta kommun
    // (the group's only kommun organisation) has none yet; AF serves only Stenbäck–Lövsjö.
    let r = import_into(
        &app,
        "NRV",
        &format!(
            "{HEADER}\n\
             2026-01-05;kommun;Försörjningsstöd;SOC-N1;;;;;;;;;;;\n\
             2026-01-06;kommun;försörjningsstöd;;;;;;;;;;;;\n\
             2026-01-07;region;Norrvreta vårdcentral;;;;;;;;;;;;\n\
             2026-01-08;af;JOB;;;;;;;;;;;;\n\
             2026-01-09;kommun;;SOC-N2;;;;;;;;;;;\n"
        ),
    )
    .await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.new_units, vec!["Norrvreta kommun – Försörjningsstöd"]);
    let created = owned("Norrvreta kommun", Some("Försörjningsstöd"));
    assert_eq!(sender(&app, "2026-01-05").await, created);
    assert_eq!(sender(&app, "2026-01-06").await, created, "one new unit");
    assert_eq!(
        sender(&app, "2026-01-07").await,
        owned("Region Västerlän", Some("Norrvreta vårdcentral"))
    );
    assert_eq!(
        sender(&app, "2026-01-08").await,
        owned("Arbetsförmedlingen Stenbäck–Lövsjö", Some("JOB")),
        "outside the area, the förbund's only JOB"
    );
    assert_eq!(
        sender(&app, "2026-01-09").await,
        owned("Norrvreta kommun", None),
        "an empty enhet: the area's only kommun"
    );

    // Fjärdlunda finds its own Försörjningsstöd, Stenbäck–Lövsjö Stenbäck's.
    let r = import_into(
        &app,
        "FJL",
        &format!("{HEADER}\n2026-02-03;kommun;Försörjningsstöd;;;;;;;;;;;;\n"),
    )
    .await;
    assert!(r.errors.is_empty() && r.new_units.is_empty(), "{r:?}");
    assert_eq!(
        sender(&app, "2026-02-03").await,
        owned("Fjärdlunda kommun", Some("Försörjningsstöd"))
    );
    let r = import_into(
        &app,
        "STL",
        &format!("{HEADER}\n2026-02-04;kommun;Försörjningsstöd;;;;;;;;;;;;\n"),
    )
    .await;
    assert!(r.errors.is_empty() && r.new_units.is_empty(), "{r:?}");
    assert_eq!(
        sender(&app, "2026-02-04").await,
        owned(
            "Stenbäcks kommun, socialförvaltningen",
            Some("Försörjningsstöd")
        )
    );
}

#[tokio::test]
async fn a_name_still_ambiguous_asks_for_organisation_and_unit() {
    let app = TestApp::demo().await;
    // Lövsjö gets a Försörjningsstöd too: within Stenbäck–Lövsjö the name is now shared.
    let r = import_into(
        &app,
        "STL",
        &format!("{HEADER}\n2026-01-05;kommun;Lövsjö kommun / Försörjningsstöd;;;;;;;;;;;;\n"),
    )
    .await;
    assert_eq!(r.new_units, vec!["Lövsjö kommun – Försörjningsstöd"]);
    let file = format!("{HEADER}\n2026-01-06;kommun;Försörjningsstöd;;;;;;;;;;;;\n");
    let r = import_into(&app, "STL", &file).await;
    assert!(!r.committed);
    assert_eq!(places(&r), vec![(2, "enhet".to_string())]);
    let m = &r.errors[0].message;
    assert!(
        m.contains("finns hos flera organisationer i gruppens område")
            && m.contains("Lövsjö kommun")
            && m.contains("Stenbäcks kommun, socialförvaltningen")
            && m.contains("Skriv Organisation / Enhet"),
        "{m}"
    );
    let r = import_into(
        &app,
        "STL",
        &format!(
            "{HEADER}\n2026-01-06;kommun;Stenbäcks kommun, socialförvaltningen / Försörjningsstöd;;;;;;;;;;;;\n"
        ),
    )
    .await;
    assert!(r.committed, "{:?}", r.errors);

    // Kuststråket's kommun (Skärvik) has no kommun organisation: the förbund's three
    // Försörjningsstöd are all outside its area.
    let r = import_into(
        &app,
        "KST",
        &format!("{HEADER}\n2026-01-07;kommun;Försörjningsstöd;;;;;;;;;;;;\n"),
    )
    .await;
    assert_eq!(places(&r), vec![(2, "enhet".to_string())]);
    let m = &r.errors[0].message;
    assert!(
        m.starts_with("Enheten \"Försörjningsstöd\" finns hos flera organisationer (")
            && m.contains("Fjärdlunda kommun"),
        "{m}"
    );
}
