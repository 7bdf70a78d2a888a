//! `lotsen import arenden`: all or nothing, and fifty thousand rows in seconds.

use super::*;

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
