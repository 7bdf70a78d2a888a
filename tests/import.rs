//! CSV import of lots-ärenden (DESIGN §6.4): codes and Swedish labels, `;` and `,`, BOM,
//! idempotent re-import, all-or-nothing with every bad line reported, units found, created or
//! refused, gapless numbering in inkom order, access, audit and timeline, the upload page's
//! preview-then-import flow, the command line, and a 50 000-row file.

use crate::support::{Resp, TestApp};
use axum::http::StatusCode;
use lotsen_core::Ctx;
use lotsen_core::arende::import::{self, ImportReport};
use lotsen_domain::{Grant, Role};
use std::fmt::Write as _;
use std::time::Instant;
use uuid::Uuid;

const HEADER: &str = "inkom;part;enhet;handlaggare;kon;alder;bostadskommun;malgrupper;ersattning;atgarder;samverkansproblem;status;avslutad_datum;avslut;beskrivning";

/// Four ärenden written with codes, out of date order, over two years.
fn codes_file() -> String {
    format!(
        "{HEADER}\n\
         2026-02-10;fk;Sjukpenning;FK-IMP1;kvinna;34;9902;psykisk_ohalsa|langtidssjukskriven;sjukpenning;kontakt_formedlad|flerpartsmote;racker_inte;pagaende;;;Behöver stöd mellan FK och vården\n\
         2025-11-03;af;JOB;AF-IMP1;man;27;9903;unga_uvas;aktivitetsstod;information_insatser;struktur_saknas;avslutad;2025-12-01;lotsad_ordinarie;\n\
         2026-01-05;kommun;Stenbäcks kommun, socialförvaltningen / Försörjningsstöd;SOC-IMP1;;;;;forsorjningsstod;;;vilande;;;\n\
         2025-10-01;region;Stenbäcks psykiatrimottagning;;okant;;;;;;;;;;\n"
    )
}

/// The same four ärenden with Swedish labels, `,` as separator, a BOM, other column order
/// and header spelling.
fn labels_file() -> String {
    "\u{feff}Beskrivning,Inkom,Part,Enhet,Handläggare,Kön,Ålder,Bostadskommun,Målgrupper,Ersättning,Åtgärder,Samverkansproblem,Status,Avslutad datum,Avslut\n\
     Behöver stöd mellan FK och vården,2026-02-10,Försäkringskassan,sjukpenning,FK-IMP1,K,34,Stenbäck,Långtidssjukskriven|Psykisk ohälsa,Sjukpenning,Flerpartsmöte|Kontakt förmedlad eller föreslagen,Struktur finns och tillämpas men räcker inte,Pågående,,\n\
     ,2025-11-03,Arbetsförmedlingen,JOB,AF-IMP1,M,27,Lövsjö kommun,Unga som varken arbetar eller studerar (UVAS),Aktivitetsstöd,Information om insatser,Struktur saknas,Avslutad,2025-12-01,Lotsad till ordinarie verksamhet\n\
     ,2026-01-05,Kommun,\"Stenbäcks kommun, socialförvaltningen / Försörjningsstöd\",SOC-IMP1,,,,,Försörjningsstöd,,,Vilande,,\n\
     ,2025-10-01,Region,Stenbäcks psykiatrimottagning,,Okänt,,,,,,,,,\n"
        .to_string()
}

async fn lokus_id(app: &TestApp, slug: &str, kod: &str) -> Uuid {
    app.scalar_in(
        slug,
        &format!("select lokus_id from lokus_grupp where forbund_id = $1 and kod = '{kod}'"),
    )
    .await
}

/// The demo coordinator (FJL and STL) as a core context.
async fn coordinator(app: &TestApp) -> Ctx {
    let forbund = lotsen_core::admin::forbund::by_slug(&app.t.db, "fjardlunda")
        .await
        .unwrap();
    let user = app
        .user_id("fjardlunda", "koordinator@demo.lotsen.example")
        .await;
    let mut ctx = Ctx::cli(Some(forbund));
    ctx.user_id = user;
    ctx.actor.user_id = user;
    ctx.actor.system_admin = false;
    ctx.actor.grants = vec![
        Grant {
            role: Role::Koordinator,
            lokus: Some(lokus_id(app, "fjardlunda", "FJL").await),
        },
        Grant {
            role: Role::Koordinator,
            lokus: Some(lokus_id(app, "fjardlunda", "STL").await),
        },
    ];
    ctx
}

async fn import_into(app: &TestApp, kod: &str, file: &str) -> ImportReport {
    let ctx = coordinator(app).await;
    let lokus = lokus_id(app, "fjardlunda", kod).await;
    import::import(&app.t.db, &ctx, lokus, file.as_bytes())
        .await
        .unwrap()
}

async fn count(app: &TestApp, sql_where: &str) -> i64 {
    app.scalar_in(
        "fjardlunda",
        &format!("select count(*) from arende where forbund_id = $1 and {sql_where}"),
    )
    .await
}

/// The group's latest number for a year (0 when none).
async fn latest(app: &TestApp, kod: &str, year: i32) -> i32 {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select coalesce(max(a.lopnummer), 0) from arende a join lokus_grupp l using (forbund_id, lokus_id) \
             where a.forbund_id = $1 and l.kod = '{kod}' and a.ar = {year}"
        ),
    )
    .await
}

/// `(line, column)` of every error.
fn places(r: &ImportReport) -> Vec<(u64, String)> {
    r.errors
        .iter()
        .map(|e| (e.line, e.column.clone()))
        .collect()
}

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
        (8, "enhet"),
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
    assert!(message(8, "enhet").contains("finns hos flera organisationer"));
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

    // Header problems: an unknown column and a missing required one.
    let r = import_into(&app, "STL", "inkom;namn;malgrupp\n2026-01-01;Anna;x\n").await;
    let m: Vec<String> = r.errors.iter().map(|e| e.to_string()).collect();
    assert!(
        m.iter()
            .any(|e| e.starts_with("rad 1, kolumn namn: Okänd kolumn")),
        "{m:?}"
    );
    assert!(
        m.iter().any(|e| e.contains("Menade du malgrupper?")),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|e| e.starts_with("rad 1, kolumn part: Kolumnen saknas")),
        "{m:?}"
    );
    // A file saved as Windows-1252 rather than UTF-8.
    let ctx = coordinator(&app).await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    let r = import::import(
        &app.t.db,
        &ctx,
        stl,
        b"inkom;part\n2026-01-01;fk\n2026-01-02;F\xf6rs\xe4kringskassan\n",
    )
    .await
    .unwrap();
    assert_eq!(places(&r), vec![(3, String::new())]);
    assert!(r.errors[0].message.contains("UTF-8"));
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
         2026-01-15;kommun;;;;;;;;;;;;;\n"
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
    let audit = app.audit_actions("fjardlunda").await;
    assert_eq!(audit.iter().filter(|a| *a == "enhet.create").count(), 2);

    // A handläggare needs an organisation.
    let r = import_into(
        &app,
        "STL",
        &format!("{HEADER}\n2026-01-16;kommun;;H-1;;;;;;;;;;;\n"),
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

/// Uploads a file as the logged-in person.
async fn upload(app: &mut TestApp, lokus: &str, file: &str) -> Resp {
    app.post_multipart(
        "/arenden/import",
        &[("lokus", lokus)],
        Some(("fil", "logg.csv", file.as_bytes())),
    )
    .await
}

async fn staged_files(app: &TestApp) -> i64 {
    app.scalar_in(
        "fjardlunda",
        "select count(*) from import_fil where forbund_id = $1",
    )
    .await
}

#[tokio::test]
async fn the_upload_page_previews_then_imports() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let list = app.get("/arenden").await;
    assert!(
        list.body.contains("href=\"/arenden/import\""),
        "linked from the list"
    );
    let page = app.get("/arenden/import").await;
    page.assert_ok();
    let text = page.text();
    assert!(text.contains("Importera ärenden"));
    assert!(text.contains("Inga namn eller personnummer"));
    assert!(text.contains("avslutad_datum"), "the column table");
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    assert!(page.body.contains("action=\"/arenden/import\""));
    assert!(
        page.body.contains("name=\"_csrf\""),
        "the token in a hidden field, not in the address"
    );

    // Nothing chosen: the form again with its errors.
    let r = app
        .post_multipart("/arenden/import", &[("lokus", "")], None)
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Välj vilken LOKUS-grupp"));
    assert!(r.text().contains("Välj en CSV-fil"));
    assert!(r.body.contains("href=\"#f-fil\""));

    // A file with errors: every bad line in a table, nothing kept.
    let stl = lokus_id(&app, "fjardlunda", "STL").await.to_string();
    let bad = format!("{HEADER}\n2026-01-10;fk;;;;;;;;;;;;;\n2099-01-01;xx;;;;;;;;;;;;;\n");
    let r = upload(&mut app, &stl, &bad).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(
        text.contains("Filen har 2 fel och kan inte importeras"),
        "{text}"
    );
    assert!(
        text.contains("3 inkom Datumet 2099-01-01 ligger i framtiden."),
        "{text}"
    );
    assert!(text.contains("3 part Okänd part"), "{text}");
    assert_eq!(staged_files(&app).await, 0);

    // A valid file: kept, previewed, imported.
    let r = upload(&mut app, &stl, &codes_file()).await;
    r.assert_status(StatusCode::SEE_OTHER);
    let preview_path = r.location().to_string();
    assert!(preview_path.starts_with("/arenden/import/"));
    assert_eq!(staged_files(&app).await, 1);
    let before = count(&app, "true").await;
    let preview = app.get(&preview_path).await;
    preview.assert_ok();
    let text = preview.text();
    assert!(text.contains("Nya ärenden 4"), "{text}");
    assert!(text.contains("Redan importerade 0"), "{text}");
    assert!(
        text.contains("Stenbäcks kommun, socialförvaltningen – Försörjningsstöd"),
        "{text}"
    );
    assert!(text.contains("Behöver stöd mellan FK och vården"), "{text}");
    assert!(text.contains("Importera 4 ärenden"), "{text}");
    assert_eq!(
        count(&app, "true").await,
        before,
        "a preview writes nothing"
    );
    let r = app.post(&preview_path, &[]).await;
    r.assert_redirect_to("/arenden/import?klart=importerad&nya=4&fanns=0");
    assert_eq!(count(&app, "true").await, before + 4);
    assert_eq!(
        staged_files(&app).await,
        0,
        "the file is gone once imported"
    );
    let done = app.get(r.location()).await;
    assert!(
        done.text()
            .contains("4 ärenden importerade, 0 fanns redan.")
    );
    // A second click finds nothing to import and says so.
    app.post(&preview_path, &[])
        .await
        .assert_redirect_to("/arenden/import?klart=saknas");
    assert_eq!(count(&app, "true").await, before + 4);

    // The same file again: everything is already there.
    let r = upload(&mut app, &stl, &codes_file()).await;
    let again = app.get(r.location()).await;
    assert!(again.text().contains("Redan importerade 4"));
    assert!(
        again
            .text()
            .contains("Alla rader i filen är redan importerade")
    );
    assert!(!again.text().contains("Importera 0"));
    let id = r.location().rsplit('/').next().unwrap().to_string();
    app.post(&format!("/arenden/import/{id}/avbryt"), &[])
        .await
        .assert_redirect_to("/arenden/import?klart=avbruten");
    assert_eq!(staged_files(&app).await, 0);
    app.get(&format!("/arenden/import/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_coordinators_of_the_chosen_group_import() {
    let mut app = TestApp::demo().await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await.to_string();
    let nrv = lokus_id(&app, "fjardlunda", "NRV").await.to_string();
    for login in [
        "forbund@demo.lotsen.example",
        "fk@demo.lotsen.example",
        "ordforande@demo.lotsen.example",
    ] {
        let mut other = app.other_browser();
        other.login(login).await;
        other
            .get("/arenden/import")
            .await
            .assert_status(StatusCode::NOT_FOUND);
        upload(&mut other, &stl, &codes_file())
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    // The coordinator of FJL and STL, not of NRV.
    app.login("koordinator@demo.lotsen.example").await;
    upload(&mut app, &nrv, &codes_file())
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Another förbund's coordinator cannot use a Fjärdlunda group, nor see its files.
    let staged = upload(&mut app, &stl, &codes_file()).await;
    staged.assert_status(StatusCode::SEE_OTHER);
    let mut kustbygd = app.other_browser();
    kustbygd.login("kustbygd@demo.lotsen.example").await;
    kustbygd.get("/arenden/import").await.assert_ok();
    upload(&mut kustbygd, &stl, &codes_file())
        .await
        .assert_status(StatusCode::NOT_FOUND);
    kustbygd
        .get(staged.location())
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert_eq!(count(&app, "import_hash is not null").await, 0);
    // An upload with a wrong CSRF token is refused, and so is a token in the address.
    let r = app
        .post_multipart(
            "/arenden/import",
            &[("_csrf", "fel"), ("lokus", &stl)],
            Some(("fil", "logg.csv", codes_file().as_bytes())),
        )
        .await;
    r.assert_status(StatusCode::FORBIDDEN);
    let token = app.csrf_token().await;
    let r = app
        .post_multipart(
            &format!("/arenden/import?_csrf={token}"),
            &[("_csrf", ""), ("lokus", &stl)],
            Some(("fil", "logg.csv", codes_file().as_bytes())),
        )
        .await;
    r.assert_status(StatusCode::FORBIDDEN);
    // The core refuses too.
    let mut ctx = coordinator(&app).await;
    ctx.actor.grants.clear();
    let refused = import::import(
        &app.t.db,
        &ctx,
        lokus_id(&app, "fjardlunda", "STL").await,
        codes_file().as_bytes(),
    )
    .await;
    assert!(matches!(refused, Err(lotsen_core::CoreError::NotFound)));
}

#[tokio::test]
async fn the_command_line_imports_all_or_nothing() {
    let app = TestApp::demo().await;
    let dir = std::env::temp_dir().join(format!("lotsen-import-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("logg.csv");
    std::fs::write(&good, codes_file()).unwrap();
    let bad = dir.join("fel.csv");
    std::fs::write(
        &bad,
        format!("{HEADER}\n2026-01-10;fk;;;;;;;;;;;;;\n2026-01-11;fk;;;;;;;;;;avslutad;;;\n"),
    )
    .unwrap();
    let url = app.database_url();
    let run = |file: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_lotsen"))
            .args([
                "import",
                "arenden",
                "--forbund",
                "fjardlunda",
                "--lokus",
                "stl",
            ])
            .arg(file)
            .env("DATABASE_URL", &url)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let out = run(&bad);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("rad 3, kolumn avslut: Ett avslutat ärende behöver ett avslut"),
        "{stderr}"
    );
    assert!(stderr.contains("rad 3, kolumn avslutad_datum:"), "{stderr}");
    assert!(stderr.contains("Ingenting importerades"), "{stderr}");
    assert!(stderr.contains("personnummer"), "the warning: {stderr}");
    assert_eq!(count(&app, "import_hash is not null").await, 0);

    let out = run(&good);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("4 ärenden importerade, 0 fanns redan."),
        "{stdout}"
    );
    assert!(stdout.contains("2025: 2025-STL-"), "{stdout}");
    let out = run(&good);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("0 ärenden importerade, 4 fanns redan."),
        "{stdout}"
    );
    assert_eq!(count(&app, "import_hash is not null").await, 4);
    let audit: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from audit_event where forbund_id = $1 and action = 'arende.import' and user_id is null",
        )
        .await;
    assert_eq!(audit, 2, "each run that imports is audited, as no person");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A realistic 50 000-row log over three years, every part, units, handläggare and codes.
fn big_file(rows: usize) -> String {
    let units = [
        ("fk", "Sjukpenning"),
        ("fk", "Aktivitetsersättning"),
        ("af", "JOB"),
        ("af", "GK"),
        (
            "kommun",
            "Stenbäcks kommun, socialförvaltningen / Försörjningsstöd",
        ),
        ("kommun", "KAA"),
        ("kommun", "Fjärdlunda kommun / Försörjningsstöd"),
        ("region", "Stenbäcks psykiatrimottagning"),
        ("region", "Lövsjö vårdcentral"),
        ("annan", "Allmän kurs"),
    ];
    let malgrupper = [
        "psykisk_ohalsa",
        "unga_uvas|lag_utbildning",
        "",
        "langtidssjukskriven",
    ];
    let ersattning = [
        "sjukpenning",
        "forsorjningsstod",
        "",
        "aktivitetsstod|a_kassa",
    ];
    let atgarder = [
        "kontakt_formedlad",
        "information_insatser|flerpartsmote",
        "",
        "sip_foreslagen",
    ];
    let problem = ["racker_inte", "struktur_saknas", "", "inget"];
    let mut out = String::with_capacity(rows * 160);
    out.push_str(HEADER);
    out.push('\n');
    for i in 0..rows {
        let year = 2024 + (i % 3);
        let month = 1 + (i / 3) % 10;
        let day = 1 + (i / 30) % 28;
        let (part, unit) = units[i % units.len()];
        let kon = ["K", "M", ""][i % 3];
        let alder = if i % 7 == 0 {
            String::new()
        } else {
            (18 + i % 50).to_string()
        };
        let kommun = ["9902", "9903", "Stenbäck", ""][i % 4];
        let closed = i % 5 == 0;
        let (status, avslutad, avslut) = if closed {
            (
                "avslutad",
                format!("{year}-11-{:02}", 1 + day % 20),
                "lotsad_ordinarie",
            )
        } else {
            (["pagaende", "vilande", ""][i % 3], String::new(), "")
        };
        let _ = writeln!(
            out,
            "{year}-{month:02}-{day:02};{part};{unit};H-{:03};{kon};{alder};{kommun};{};{};{};{};{status};{avslutad};{avslut};Ärende {i} i den gamla loggen",
            i % 200,
            malgrupper[i % 4],
            ersattning[(i / 4) % 4],
            atgarder[(i / 2) % 4],
            problem[(i / 3) % 4],
        );
    }
    out
}

#[tokio::test]
async fn fifty_thousand_rows_import_in_seconds() {
    const ROWS: usize = 50_000;
    let app = TestApp::demo().await;
    let file = big_file(ROWS);
    let ctx = coordinator(&app).await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    let before = count(&app, "true").await;

    let started = Instant::now();
    let preview = import::preview(&app.t.db, &ctx, stl, file.as_bytes())
        .await
        .unwrap();
    let preview_time = started.elapsed();
    assert!(
        preview.errors.is_empty(),
        "{:?}",
        &preview.errors[..5.min(preview.errors.len())]
    );
    assert_eq!(preview.new_rows, ROWS);

    let started = Instant::now();
    let r = import::import(&app.t.db, &ctx, stl, file.as_bytes())
        .await
        .unwrap();
    let import_time = started.elapsed();
    assert!(r.committed);
    assert_eq!((r.new_rows, r.already), (ROWS, 0));
    assert_eq!(count(&app, "true").await, before + ROWS as i64);

    let started = Instant::now();
    let again = import::import(&app.t.db, &ctx, stl, file.as_bytes())
        .await
        .unwrap();
    let again_time = started.elapsed();
    assert_eq!((again.new_rows, again.already), (0, ROWS));
    eprintln!(
        "import of {ROWS} rows ({:.1} MB): preview {:.2} s, import {:.2} s, re-import {:.2} s",
        file.len() as f64 / 1e6,
        preview_time.as_secs_f64(),
        import_time.as_secs_f64(),
        again_time.as_secs_f64()
    );

    // Every year's numbers are gapless, and the timeline has one event per ärende.
    let gaps: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from (select ar, max(lopnummer) - count(*) as gap from arende \
             where forbund_id = $1 group by lokus_id, ar) g where gap <> 0",
        )
        .await;
    assert_eq!(gaps, 0);
    let events: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from arende_handelse where forbund_id = $1 and typ = 'importerad'",
        )
        .await;
    assert_eq!(events, ROWS as i64);
    let handlaggare: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from handlaggare where forbund_id = $1 and kod like 'H-%'",
        )
        .await;
    assert!(handlaggare >= 200, "{handlaggare}");
}

/// Runs axe-core (WCAG 2.x A and AA) in headless Chromium on a page's HTML, with the real
/// stylesheet; returns the violations as JSON (`[]` when none).
fn axe_violations(
    chromium: &std::path::Path,
    dir: &std::path::Path,
    name: &str,
    html: &str,
) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);
    let runner = format!(
        "<script src=\"file://{axe}\"></script><script>\
         axe.run(document, {{runOnly: {{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}, resultTypes: ['violations']}})\
         .then(r => {{ const p = document.createElement('pre'); p.id = 'axe-result'; \
         p.textContent = JSON.stringify(r.violations.map(v => [v.id, v.nodes.map(n => n.target.join(' '))])); \
         document.documentElement.appendChild(p); }})\
         .catch(e => {{ const p = document.createElement('pre'); p.id = 'axe-result'; p.textContent = 'axe failed: ' + e; \
         document.documentElement.appendChild(p); }});</script></body>",
        axe = root.join("node_modules/axe-core/axe.min.js").display()
    );
    let page = html
        .replace(
            "href=\"/static/lotsen.css\"",
            &format!(
                "href=\"file://{}\"",
                root.join("static/lotsen.css").display()
            ),
        )
        .replace("</body>", &runner);
    let file = dir.join(format!("{name}.html"));
    std::fs::write(&file, page).unwrap();
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--allow-file-access-from-files",
            "--window-size=1280,1000",
            "--virtual-time-budget=20000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    dom.split_once("<pre id=\"axe-result\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(result, _)| {
            result
                .replace("&gt;", ">")
                .replace("&lt;", "<")
                .replace("&amp;", "&")
        })
        .unwrap_or_else(|| format!("no axe result for {name}"))
}

/// The crawler of `e2e::accessibility` reaches the upload form from the list, but not the pages
/// behind it (it submits only forms with text fields): the form with errors, the preview, the
/// preview of an already imported file and the confirmation are checked here.
#[tokio::test]
async fn the_import_pages_have_no_axe_violations() {
    let chromium = std::env::var_os("LOTSEN_E2E_CHROMIUM")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/usr/bin/chromium".into());
    let axe = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../node_modules/axe-core/axe.min.js");
    if !chromium.is_file() || !axe.is_file() {
        let message = "the import pages' axe test needs Chromium and `npm ci` (axe-core)";
        assert!(
            std::env::var("CI").map(|v| v != "true").unwrap_or(true),
            "{message}"
        );
        eprintln!("NOTICE: skipping: {message}");
        return;
    }
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await.to_string();
    let mut pages: Vec<(&str, Resp)> = vec![("form", app.get("/arenden/import").await)];
    pages.push((
        "empty",
        app.post_multipart("/arenden/import", &[("lokus", "")], None)
            .await,
    ));
    let bad = format!(
        "{HEADER}\n2099-01-01;xx;;;x;130;;;;;;avslutad;;;Ring 850709-9805\n2026-01-15;kommun;Försörjningsstöd;;;;;;;;;;;;\n"
    );
    pages.push(("errors", upload(&mut app, &stl, &bad).await));
    let staged = upload(&mut app, &stl, &codes_file()).await;
    pages.push(("preview", app.get(staged.location()).await));
    let done = app.post(staged.location(), &[]).await;
    pages.push(("done", app.get(done.location()).await));
    let again = upload(&mut app, &stl, &codes_file()).await;
    pages.push(("all-imported", app.get(again.location()).await));
    let dir = std::env::temp_dir().join(format!("lotsen-import-axe-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for (name, page) in &pages {
        assert!(page.body.contains("<main"), "{name}: {}", page.status);
        // Blocking is fine here: the test's runtime has nothing else to do meanwhile.
        let result = axe_violations(&chromium, &dir, name, &page.body);
        if result != "[]" {
            failures.push(format!("{name}: {result}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{failures:#?}");
}
