//! The CSV and XLSX exports, from the page and from the command line.

use super::*;

#[tokio::test]
async fn exports_write_the_csv_format_and_an_xlsx_that_reads_back() {
    let app = fixture().await;
    let ctx = cli_ctx(&app, "fjardlunda").await;
    let lokus = statistik::lokus_by_code(&app.t.db, &ctx, "STL").await.ok();
    let sel = Selection {
        lokus,
        period: YEAR_2025,
        suppress: false,
    };
    let csv = statistik::export(&app.t.db, &ctx, sel, ExportFormat::Csv)
        .await
        .unwrap();
    assert_eq!(csv.filename, "nulagesanalys_STL_2025-01-01_2025-12-31.csv");
    assert!(
        csv.bytes
            .starts_with(b"\xEF\xBB\xBFtabell;rad;kolumn;varde\r\n")
    );
    let text = String::from_utf8(csv.bytes[3..].to_vec()).unwrap();
    assert!(
        text.contains("\r\narenden_per_part;kvinna;fk;1\r\n"),
        "{text}"
    );
    assert!(text.contains("\r\natgarder;tillaggsresurs_erbjuden;totalt;2\r\n"));
    assert!(text.contains("\r\nbostadskommun;9902;kvinna;2\r\n"));
    // one line per cell of the ten tables
    let cells: usize = figures(&app, "fjardlunda", Some("STL"), false)
        .await
        .set
        .exported()
        .map(|t| t.rows.len() * t.columns.len())
        .sum();
    assert_eq!(text.lines().count(), cells + 1);
    assert!(
        text.lines()
            .all(|l| l.split(';').count() == 4 || l.contains('"'))
    );

    let xlsx = statistik::export(
        &app.t.db,
        &ctx,
        Selection {
            suppress: true,
            ..sel
        },
        ExportFormat::Xlsx,
    )
    .await
    .unwrap();
    assert_eq!(
        xlsx.content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    use calamine::{Data, Reader, Xlsx};
    let mut book = Xlsx::new(std::io::Cursor::new(xlsx.bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 14);
    assert_eq!(names[0], "Urval");
    assert_eq!(names[1], "Ärenden per part");
    assert_eq!(names[10], "Tilläggsresurs");
    assert_eq!(names[11], "Förfrågningar");
    assert_eq!(names[12], "Åtgärder per insats");
    assert_eq!(names[13], "SIP");
    let urval = book.worksheet_range("Urval").unwrap();
    let cell = |r: u32, c: u32| urval.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(
        cell(2, 1),
        Data::String("Samordningsförbundet Fjärdlunda".into())
    );
    assert_eq!(cell(3, 1), Data::String("STL – Stenbäck–Lövsjö".into()));
    assert_eq!(cell(4, 1), Data::String("2025-01-01 – 2025-12-31".into()));
    assert!(matches!(cell(6, 1), Data::String(s) if s.starts_with("Ja")));
    let sheet = book.worksheet_range("Ärenden per part").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(3, 1), Data::String("Försäkringskassan".into()));
    assert_eq!(cell(4, 0), Data::String("Kvinnor".into()));
    assert!(
        matches!(cell(4, 1), Data::String(s) if s == "<5" || s == ".."),
        "suppressed: {:?}",
        cell(4, 1)
    );
    assert_eq!(cell(4, 2), Data::Float(0.0));
    assert_eq!(cell(10, 0), Data::String("Totalt".into()));
    assert_eq!(cell(10, 6), Data::Float(6.0));
    assert_eq!(cell(4, 7), Data::String("kvinna".into()), "the CSV code");

    let audit: Vec<(String, String)> = {
        let id = app.forbund_id("fjardlunda").await;
        let mut tx = app.t.db.begin_as(Some(id), None, false).await.unwrap();
        let v = sqlx::query_as(
            "select action, urval from audit_event where forbund_id = $1 and action like 'statistik.%' \
             and object_id = $2 order by audit_event_id",
        )
        .bind(id)
        .bind(lokus)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();
        v
    };
    assert!(audit.contains(&(
        "statistik.export".into(),
        "fran=2025-01-01;till=2025-12-31;undertryck=0;format=csv".into()
    )));
    assert!(audit.contains(&(
        "statistik.export".into(),
        "fran=2025-01-01;till=2025-12-31;undertryck=1;format=xlsx".into()
    )));
}

#[tokio::test]
async fn the_page_downloads_csv_and_xlsx_and_the_threshold_is_the_forbunds() {
    let mut app = fixture().await;
    app.login("forbund@demo.lotsen.example").await;
    let r = app.get(&format!("{STL_2025}&format=csv")).await;
    r.assert_ok();
    assert_eq!(r.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        r.headers["content-disposition"],
        "attachment; filename=\"nulagesanalys_STL_2025-01-01_2025-12-31.csv\""
    );
    assert!(r.body.starts_with("\u{feff}tabell;rad;kolumn;varde\r\n"));
    let r = app
        .get(&format!("{STL_2025}&format=xlsx&undertryck=1"))
        .await;
    r.assert_ok();
    assert_eq!(
        r.headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    // the threshold comes from the förbund's settings page
    let settings = app.get("/admin/forbund").await;
    settings.assert_ok();
    app.post(
        "/admin/forbund",
        &[
            ("namn", "Samordningsförbundet Fjärdlunda"),
            ("undertryck_grans", "3"),
            ("session_idle_minuter", "30"),
        ],
    )
    .await;
    let r = app
        .get(&format!("{STL_2025}&format=csv&undertryck=1"))
        .await;
    // A small count shows as `<3` or, where `<3` would let a reader narrow it, as `..`.
    let hidden = |line: &str| {
        r.body.contains(&format!("\r\n{line};<3\r\n"))
            || r.body.contains(&format!("\r\n{line};..\r\n"))
    };
    assert!(hidden("arenden_per_part;totalt;fk"), "2 is below 3");
    assert!(r.body.contains("\r\narenden_per_part;totalt;totalt;6\r\n"));
    assert!(hidden("arenden_per_part;kvinna;fk"));
    assert!(
        r.body.contains(";<3\r\n"),
        "the threshold of 3 is what the marks say"
    );
    let actions = app.audit_actions("fjardlunda").await;
    assert_eq!(
        actions.iter().filter(|a| *a == "statistik.export").count(),
        3
    );
}

#[tokio::test]
async fn the_command_line_exports_csv_and_xlsx() {
    let app = fixture().await;
    let dir = std::env::temp_dir().join(format!("lotsen-export-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = app.database_url();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_lotsen"))
            .args(["export", "nulagesanalys", "--forbund", "fjardlunda"])
            .args(args)
            .env("DATABASE_URL", &url)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let csv = dir.join("stl.csv");
    let out = run(&[
        "--lokus",
        "stl",
        "--fran",
        "2025-01-01",
        "--till",
        "2025-12-31",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFtabell;rad;kolumn;varde\r\n"));
    assert!(String::from_utf8_lossy(&bytes).contains("\r\narenden_per_part;totalt;totalt;6\r\n"));

    let xlsx = dir.join("alla.xlsx");
    let out = run(&[
        "--fran",
        "2025-01-01",
        "--till",
        "2025-12-31",
        "--format",
        "xlsx",
        "--undertryck",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names().len(), 14);
    let urval = book.worksheet_range("Urval").unwrap();
    assert_eq!(
        urval.get_value((3, 1)),
        Some(&calamine::Data::String("Hela förbundet".into()))
    );

    let out = run(&[
        "--lokus",
        "XYZ",
        "--fran",
        "2025-01-01",
        "--till",
        "2025-12-31",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("XYZ"));
    let out = run(&[
        "--fran",
        "2025-13-01",
        "--till",
        "2025-12-31",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ÅÅÅÅ-MM-DD"));
    let exports: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from audit_event where forbund_id = $1 and action = 'statistik.export' and user_id is null",
        )
        .await;
    assert_eq!(exports, 2);
    std::fs::remove_dir_all(&dir).ok();
}
