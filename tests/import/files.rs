//! Importing files: codes and labels, re-imports, longer files, bad rows, units and numbering.

use super::*;

#[tokio::test]
async fn a_file_with_codes_is_imported_with_numbers_in_inkom_order_codes_actions_and_timeline() {
    let app = TestApp::demo().await;
    let base25 = latest(&app, "STL", 2025).await;
    let base26 = latest(&app, "STL", 2026).await;
    let before = count(&app, "true").await;
    let r = import_into(&app, "STL", &codes_file()).await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(r.committed);
    assert_eq!((r.rows, r.new_rows, r.already), (4, 4, 0));
    assert_eq!(count(&app, "true").await, before + 4);
    assert_eq!(count(&app, "import_hash is not null").await, 4);
    assert_eq!(app.arende_count_drift("fjardlunda").await, 0);
    assert_eq!(app.arende_koder_drift("fjardlunda").await, 0);
    assert_eq!(app.statistik_drift("fjardlunda").await, 0);

    // Numbers follow the inkom date within each year.
    let numbers: Vec<(String, String)> = {
        let id = app.forbund_id("fjardlunda").await;
        let mut tx = app.t.db.begin_as(Some(id), None, false).await.unwrap();
        let rows = sqlx::query_as(
            "select inkom::text, nummer from arende where forbund_id = $1 and import_hash is not null order by inkom",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();
        rows
    };
    assert_eq!(
        numbers,
        vec![
            ("2025-10-01".into(), format!("2025-STL-{:03}", base25 + 1)),
            ("2025-11-03".into(), format!("2025-STL-{:03}", base25 + 2)),
            ("2026-01-05".into(), format!("2026-STL-{:03}", base26 + 1)),
            ("2026-02-10".into(), format!("2026-STL-{:03}", base26 + 2)),
        ]
    );
    assert_eq!(r.numbers.len(), 2);
    assert_eq!(r.numbers[0].first, format!("2025-STL-{:03}", base25 + 1));
    assert_eq!(r.numbers[1].last, format!("2026-STL-{:03}", base26 + 2));

    // The FK row: unit, handläggare, person, codes, actions dated on inkom.
    let fk: (String, String, i32, String, String, String, String) = {
        let id = app.forbund_id("fjardlunda").await;
        let mut tx = app.t.db.begin_as(Some(id), None, false).await.unwrap();
        let row = sqlx::query_as(
            "select e.namn::text, h.kod::text, a.alder, a.kon, a.bostadskommun, a.status, \
                 (select string_agg(kod || '@' || datum, ',' order by kod) from atgard t \
                  where t.forbund_id = a.forbund_id and t.arende_id = a.arende_id) \
             from arende a join enhet e using (forbund_id, enhet_id) \
             join handlaggare h using (forbund_id, handlaggare_id) \
             where a.forbund_id = $1 and a.inkom = '2026-02-10' and a.import_hash is not null",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();
        row
    };
    assert_eq!(
        fk,
        (
            "Sjukpenning".into(),
            "FK-IMP1".into(),
            34,
            "kvinna".into(),
            "9902".into(),
            "pagaende".into(),
            "flerpartsmote@2026-02-10,kontakt_formedlad@2026-02-10".into()
        )
    );
    let codes: i64 = app
        .scalar_in(
            "fjardlunda",
            "select (select count(*) from arende_malgrupp m join arende a using (forbund_id, arende_id) \
                     where a.forbund_id = $1 and a.import_hash is not null) \
                  + (select count(*) from arende_ersattning m join arende a using (forbund_id, arende_id) \
                     where a.forbund_id = $1 and a.import_hash is not null)",
        )
        .await;
    assert_eq!(codes, 3 + 3, "målgrupper and ersättningar");
    assert_eq!(
        count(
            &app,
            "import_hash is not null and status = 'avslutad' and avslut = 'lotsad_ordinarie' and avslutad_datum = '2025-12-01'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            "import_hash is not null and inkom = '2025-10-01' and kon = 'okant' and alder is null and handlaggare_id is null"
        )
        .await,
        1
    );

    // One 'importerad' event per ärende, and one import row in the audit log (ids only).
    let events: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from arende_handelse h join arende a using (forbund_id, arende_id) \
             where h.forbund_id = $1 and a.import_hash is not null and h.typ = 'importerad'",
        )
        .await;
    assert_eq!(events, 4);
    let audit: i64 = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select count(*) from audit_event where forbund_id = $1 and action = 'arende.import' \
                 and object_type = 'lokus_grupp' and object_id = '{}' and user_id is not null",
                lokus_id(&app, "fjardlunda", "STL").await
            ),
        )
        .await;
    assert_eq!(audit, 1);

    // The detail page shows the import in the timeline.
    let mut app = app;
    app.login("koordinator@demo.lotsen.example").await;
    let id: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select arende_id from arende where forbund_id = $1 and inkom = '2026-02-10' and import_hash is not null",
        )
        .await;
    let page = app.get(&format!("/arenden/{id}")).await;
    page.assert_ok();
    assert!(
        page.text().contains("Ärendet importerades"),
        "{}",
        page.text()
    );
}

#[tokio::test]
async fn labels_commas_and_a_bom_read_the_same_as_codes_so_a_second_import_creates_nothing() {
    let app = TestApp::demo().await;
    let first = import_into(&app, "STL", &labels_file()).await;
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    assert_eq!((first.new_rows, first.already), (4, 0));
    assert_eq!(
        count(
            &app,
            "import_hash is not null and kon = 'kvinna' and alder = 34 and bostadskommun = '9902'"
        )
        .await,
        1,
        "K and a kommun name"
    );
    assert_eq!(
        count(&app, "import_hash is not null and bostadskommun = '9903'").await,
        1,
        "Lövsjö kommun"
    );
    let numbers: i64 = app
        .scalar_in(
            "fjardlunda",
            "select coalesce(sum(senaste), 0) from arende_nummer where forbund_id = $1",
        )
        .await;

    // The same content written with codes: every row is already there.
    let again = import_into(&app, "STL", &codes_file()).await;
    assert!(again.errors.is_empty(), "{:?}", again.errors);
    assert!(again.committed);
    assert_eq!((again.rows, again.new_rows, again.already), (4, 0, 4));
    assert_eq!(count(&app, "import_hash is not null").await, 4);
    let after: i64 = app
        .scalar_in(
            "fjardlunda",
            "select coalesce(sum(senaste), 0) from arende_nummer where forbund_id = $1",
        )
        .await;
    assert_eq!(after, numbers, "no number was taken");

    // The same file into another group is another import.
    let fjl = import_into(&app, "FJL", &codes_file()).await;
    assert_eq!((fjl.new_rows, fjl.already), (4, 0));
}

#[tokio::test]
async fn a_longer_file_imports_only_its_new_rows_and_identical_rows_are_all_kept() {
    let app = TestApp::demo().await;
    let first = import_into(&app, "STL", &codes_file()).await;
    assert_eq!(first.new_rows, 4);
    let same = import_into(&app, "STL", &codes_file()).await;
    assert_eq!((same.new_rows, same.already), (0, 4));
    assert_eq!(count(&app, "import_hash is not null").await, 4);

    // The log has grown: one new row, and a second row identical to an imported one.
    let longer = format!(
        "{}2026-03-01;af;GK;;;;;;;;;;;;\n2025-10-01;region;Stenbäcks psykiatrimottagning;;okant;;;;;;;;;;\n",
        codes_file()
    );
    let r = import_into(&app, "STL", &longer).await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!((r.rows, r.new_rows, r.already), (6, 2, 4));
    assert_eq!(
        count(&app, "import_hash is not null and inkom = '2025-10-01'").await,
        2
    );
    let again = import_into(&app, "STL", &longer).await;
    assert_eq!((again.new_rows, again.already), (0, 6));
    assert_eq!(count(&app, "import_hash is not null").await, 6);
}

#[tokio::test]
async fn a_file_with_bad_rows_imports_nothing_and_reports_every_bad_line() {
    let app = TestApp::demo().await;
    let before = count(&app, "true").await;
    let file = format!(
        "{HEADER}\n\
         2026-01-10;fk;Sjukpenning;FK-OK;K;40;;;;;;;;;OK-rad\n\
         2099-01-01;fk;;;;;;;;;;;;;\n\
         2026-01-11;polisen;;;;;;;;;;;;;\n\
         2026-01-12;af;;;x;130;Atlantis;foo;;;;;;;\n\
         2026-01-13;region;;;;;;;;;;avslutad;;;\n\
         2026-01-14;region;;;;;;;;;;;;;Klienten 850709-9805 ringde\n\
         2026-01-15;kommun;Försörjningsstöd;;;;;;;;;;;;\n\
         2026-01-16;kommun;Alldeles ny enhet;;;;;;;;;;;;\n\
         2026-01-17;region;;;;;;;;;;pagaende;2026-02-01;sip;\n\
         2026-01-18;fk;;;;;;;;;;avslutad;2025-12-01;sip;\n\
         2026-01-19;fk;Aktivitetsersättning;FK-OK;;;;;;;;;;;OK-rad\n"
    );
    let r = import_into(&app, "STL", &file).await;
    assert!(!r.committed);
    assert_eq!(r.rows, 11);
    let expected: Vec<(u64, &str)> = vec![
        (3, "inkom"),
        (4, "part"),
        (5, "kon"),
        (5, "alder"),
        (5, "bostadskommun"),
        (5, "malgrupper"),
        (6, "avslutad_datum"),
        (6, "avslut"),
        (7, "beskrivning"),
        (9, "enhet"),
        (10, "status"),
        (11, "avslutad_datum"),
    ];
    let mut got = places(&r);
    got.sort();
    let mut want: Vec<(u64, String)> = expected.iter().map(|(l, c)| (*l, c.to_string())).collect();
    want.sort();
    assert_eq!(got, want, "{:#?}", r.errors);
    let message = |line: u64, column: &str| {
        r.errors
            .iter()
            .find(|e| e.line == line && e.column == column)
            .map(|e| e.message.clone())
            .unwrap_or_default()
    };
    assert!(message(3, "inkom").contains("framtiden"));
    assert!(message(6, "avslut").contains("behöver ett avslut"));
    assert!(message(7, "beskrivning").contains("personnummer"));
    assert!(message(9, "enhet").contains("flera organisationer"));
    assert!(message(11, "avslutad_datum").contains("före det kom in"));
    assert_eq!(count(&app, "true").await, before, "nothing was imported");
    let units: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from enhet where forbund_id = $1 and namn = 'Alldeles ny enhet'",
        )
        .await;
    assert_eq!(units, 0);
    assert!(
        !app.audit_actions("fjardlunda")
            .await
            .contains(&"arende.import".to_string())
    );

    // Header and row problems in one pass: the unknown column is left out, the missing one is
    // said once, and the rows are still checked.
    let r = import_into(&app, "STL", "inkom;namn;malgrupp\n2026-01-01;Anna;x\n").await;
    let m: Vec<String> = r.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        m,
        vec![
            "rad 1, kolumn part: Kolumnen saknas. Den är obligatorisk.".to_string(),
            format!(
                "rad 2, kolumn malgrupper: Okänd målgrupp \"x\". Giltiga koder (åtskilda med |): {}.",
                lotsen_domain::arende::Malgrupp::ALL
                    .iter()
                    .map(|c| c.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        ]
    );
    assert_eq!(r.ignored_columns, vec!["namn"]);
    assert_eq!(count(&app, "true").await, before, "nothing was imported");
}

#[tokio::test]
async fn units_are_found_created_once_or_refused_and_a_part_alone_is_kept() {
    let app = TestApp::demo().await;
    let file = format!(
        "{HEADER}\n\
         2026-01-10;fk;Ny enhet för import;;;;;;;;;;;;\n\
         2026-01-11;fk;NY ENHET  för import;;;;;;;;;;;;\n\
         2026-01-12;kommun;Lövsjö kommun / Ny kommunenhet;;;;;;;;;;;;\n\
         2026-01-13;kommun;KAA;LOV-1;;;;;;;;;;;\n\
         2026-01-14;kommun;Norrvreta kommun;;;;;;;;;;;;\n\
         2026-01-15;kommun;;;;;;;;;;;;;\n\
         2026-01-16;kommun;Försörjningsstöd;;;;;;;;;;;;\n"
    );
    let r = import_into(&app, "STL", &file).await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.new_units.len(), 2, "{:?}", r.new_units);
    assert!(
        r.new_units
            .contains(&"Försäkringskassan LFC Västerlän – Ny enhet för import".to_string())
    );
    assert!(
        r.new_units
            .contains(&"Lövsjö kommun – Ny kommunenhet".to_string())
    );
    let units: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from enhet where forbund_id = $1 and namn in ('Ny enhet för import', 'Ny kommunenhet')",
        )
        .await;
    assert_eq!(units, 2);
    assert_eq!(
        count(
            &app,
            "enhet_id = (select enhet_id from enhet e where e.forbund_id = arende.forbund_id and e.namn = 'Ny enhet för import')"
        )
        .await,
        2,
        "both spellings name the one new unit"
    );
    assert_eq!(
        count(
            &app,
            "import_hash is not null and inkom = '2026-01-13' and enhet_id = (select enhet_id from enhet e where e.forbund_id = arende.forbund_id and e.namn = 'KAA') \
             and handlaggare_id is not null"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            "import_hash is not null and inkom = '2026-01-14' and enhet_id is null and organisation_id = \
             (select organisation_id from organisation o where o.forbund_id = arende.forbund_id and o.namn = 'Norrvreta kommun')"
        )
        .await,
        1,
        "an organisation's name alone"
    );
    assert_eq!(
        count(
            &app,
            "import_hash is not null and inkom = '2026-01-15' and part = 'kommun' and organisation_id is null"
        )
        .await,
        1,
        "several kommun organisations and no enhet: the part alone"
    );
    assert_eq!(
        count(
            &app,
            "import_hash is not null and inkom = '2026-01-16' and enhet_id = (select e.enhet_id from enhet e \
             join organisation o using (forbund_id, organisation_id) where e.forbund_id = arende.forbund_id \
             and o.namn = 'Stenbäcks kommun, socialförvaltningen' and e.namn = 'Försörjningsstöd')"
        )
        .await,
        1,
        "a unit name shared with Fjärdlunda kommun is Stenbäck's within STL's area"
    );
    let audit = app.audit_actions("fjardlunda").await;
    assert_eq!(audit.iter().filter(|a| *a == "enhet.create").count(), 2);

    // A handläggare needs an organisation.
    let r = import_into(
        &app,
        "STL",
        &format!("{HEADER}\n2026-01-17;kommun;;H-1;;;;;;;;;;;\n"),
    )
    .await;
    assert_eq!(places(&r), vec![(2, "handlaggare".to_string())]);
}

#[tokio::test]
async fn numbering_continues_gaplessly_around_an_import() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await.to_string();
    let enhet: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select enhet_id from enhet where forbund_id = $1 and namn = 'Sjukpenning'",
        )
        .await;
    let avsandare = format!("enhet:{enhet}");
    let register = async |app: &mut TestApp| {
        let formular = Uuid::now_v7().to_string();
        app.post(
            "/arenden/ny",
            &[
                ("formular_id", formular.as_str()),
                ("lokus", stl.as_str()),
                ("inkom", "2026-03-02"),
                ("avsandare", avsandare.as_str()),
                ("kon", "okant"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    };
    let base = latest(&app, "STL", 2026).await;
    register(&mut app).await;
    let file = format!(
        "{HEADER}\n2026-03-05;fk;;;;;;;;;;;;;\n2026-03-03;fk;;;;;;;;;;;;;\n2026-03-04;af;;;;;;;;;;;;;\n"
    );
    let r = import_into(&app, "STL", &file).await;
    assert_eq!(r.new_rows, 3);
    assert_eq!(r.numbers[0].first, format!("2026-STL-{:03}", base + 2));
    assert_eq!(r.numbers[0].last, format!("2026-STL-{:03}", base + 4));
    register(&mut app).await;
    let numbers: Vec<i32> = {
        let id = app.forbund_id("fjardlunda").await;
        let mut tx = app.t.db.begin_as(Some(id), None, false).await.unwrap();
        let v = sqlx::query_scalar(
            "select a.lopnummer from arende a join lokus_grupp l using (forbund_id, lokus_id) \
             where a.forbund_id = $1 and l.kod = 'STL' and a.ar = 2026 order by a.lopnummer",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();
        v
    };
    assert_eq!(numbers, (1..=base + 5).collect::<Vec<_>>(), "gapless");
    assert_eq!(
        count(
            &app,
            &format!(
                "import_hash is not null and inkom = '2026-03-03' and lopnummer = {}",
                base + 2
            )
        )
        .await,
        1,
        "the earliest imported row comes first"
    );
}
