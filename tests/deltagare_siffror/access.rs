//! `/insatser/{kod}/siffror`: the förbund-admin and the insats's insatsansvarig see it, every
//! other demo role (another insatsansvarig, the coach, another förbund) gets 404; reads and
//! exports are audited; bad dates answer 422; the CSV and XLSX downloads; the command line.

use super::*;
use crate::support::DEMO_TENANT_LOGINS;
use axum::http::StatusCode;

const LEDAMOT: &str = "ledamot@demo.lotsen.example";
const ORDFORANDE: &str = "ordforande@demo.lotsen.example";
const PAGE: &str = "/insatser/COACH/siffror?fran=2025-01-01&till=2025-12-31";

/// The fixture with `ledamot@` as COACH's insatsansvarig, and `ordforande@` insatsansvarig
/// of no insats.
async fn app() -> TestApp {
    let app = TestApp::demo().await;
    let forbund = app.forbund_id("fjardlunda").await;
    let mut owner = app.t.target.options.connect().await.unwrap();
    for login in [LEDAMOT, ORDFORANDE] {
        let user = app.user_id("fjardlunda", login).await;
        sqlx::query(
            "insert into role_assignment (forbund_id, user_id, roll) values ($1, $2, 'insatsansvarig')",
        )
        .bind(forbund)
        .bind(user)
        .execute(&mut owner)
        .await
        .unwrap();
    }
    let ansvarig = app.user_id("fjardlunda", LEDAMOT).await;
    fixture_in(&app, Some(ansvarig)).await;
    app
}

#[tokio::test]
async fn only_the_forbund_admin_and_the_insatsansvarig_see_an_insats_figures() {
    let app = app().await;
    for login in DEMO_TENANT_LOGINS {
        let expected = match *login {
            "forbund@demo.lotsen.example" | LEDAMOT => StatusCode::OK,
            _ => StatusCode::NOT_FOUND,
        };
        let mut b = app.other_browser();
        let slug = if login.starts_with("kustbygd@") {
            "kustbygd"
        } else {
            "fjardlunda"
        };
        b.login_in(login, slug).await;
        assert_eq!(b.get(PAGE).await.status, expected, "{login}");
        assert_eq!(
            b.get(&format!("{PAGE}&format=csv")).await.status,
            expected,
            "{login} csv"
        );
        // Not even bad dates tell anyone else that the insats exists.
        let bad = b
            .get("/insatser/COACH/siffror?fran=2025-13-01&till=2025-12-31")
            .await;
        let expected_bad = if expected == StatusCode::OK {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(bad.status, expected_bad, "{login} bad dates");
        assert_eq!(
            b.get("/insatser/FINNS-INTE/siffror").await.status,
            StatusCode::NOT_FOUND,
            "{login} unknown insats"
        );
    }
    // ANNAN has no insatsansvarig: the ledamot sees only their own insats.
    let mut b = app.other_browser();
    b.login(LEDAMOT).await;
    b.get("/insatser/ANNAN/siffror")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Without login: to the login page.
    let mut anon = app.other_browser();
    anon.get(PAGE).await.assert_redirect_to("/logga-in");
}

#[tokio::test]
async fn the_page_shows_every_table_and_the_files_download_and_are_audited() {
    let mut app = app().await;
    app.login(LEDAMOT).await;
    let page = app.get(PAGE).await;
    page.assert_ok();
    for t in lotsen_domain::statistik::DELTAGARE_TABELLER {
        assert!(page.body.contains(&format!("id=\"{}\"", t.code())), "{t:?}");
    }
    assert!(page.text().contains("Insats COACH (COACH)"));
    assert!(page.text().contains("Nyinskrivna"));
    // Without a period: this calendar year.
    app.get("/insatser/coach/siffror").await.assert_ok();
    let bad = app
        .get("/insatser/COACH/siffror?fran=2025-12-31&till=2025-01-01")
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("Sista dagen ligger före första dagen."));

    let csv = app.get(&format!("{PAGE}&format=csv")).await;
    csv.assert_ok();
    assert!(csv.body.starts_with("\u{feff}tabell;rad;kolumn;varde\r\n"));
    assert!(
        csv.body
            .contains("\r\ndeltagare_flode;nyinskrivna;totalt;6\r\n")
    );
    assert!(
        csv.body
            .contains("\r\nuppfoljning_finsam;COACH;kvinna;4\r\n")
    );
    let small = app.get(&format!("{PAGE}&format=csv&undertryck=1")).await;
    let man = small
        .body
        .lines()
        .find(|l| l.starts_with("deltagare_flode;nyinskrivna;man;"))
        .unwrap();
    assert!(man.ends_with(";<5") || man.ends_with(";.."), "{man}");

    let forbund = app.forbund_id("fjardlunda").await;
    let insats: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select insats_id from insats where forbund_id = $1 and kod = 'COACH'",
        )
        .await;
    let ledamot = app.user_id("fjardlunda", LEDAMOT).await;
    let mut tx = app.t.db.begin_as(Some(forbund), None, false).await.unwrap();
    type Row = (
        String,
        Option<Uuid>,
        Option<String>,
        Option<Uuid>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select action, user_id, object_type, object_id, urval from audit_event \
             where forbund_id = $1 and action like 'statistik.%' order by audit_event_id",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let ours: Vec<_> = rows
        .iter()
        .filter(|r| r.3 == Some(insats))
        .map(|r| (r.0.as_str(), r.1, r.2.as_deref(), r.4.as_deref()))
        .collect();
    assert_eq!(
        ours.first(),
        Some(&(
            "statistik.read",
            Some(ledamot),
            Some("insats"),
            Some("fran=2025-01-01;till=2025-12-31;undertryck=0")
        ))
    );
    assert!(ours.contains(&(
        "statistik.export",
        Some(ledamot),
        Some("insats"),
        Some("fran=2025-01-01;till=2025-12-31;undertryck=1;format=csv")
    )));
    // Read (page, default period), export csv, export suppressed csv; the 422 reads nothing.
    assert_eq!(ours.len(), 4, "{ours:?}");

    let xlsx = app.get(&format!("{PAGE}&format=xlsx")).await;
    xlsx.assert_ok();
    assert_eq!(
        xlsx.headers[axum::http::header::CONTENT_DISPOSITION],
        "attachment; filename=\"deltagare_COACH_2025-01-01_2025-12-31.xlsx\""
    );
}

#[tokio::test]
async fn the_command_line_exports_an_insats_a_group_and_the_forbund() {
    let app = app().await;
    let dir = std::env::temp_dir().join(format!("lotsen-deltagare-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = app.database_url();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_lotsen"))
            .args(["export", "deltagare", "--forbund", "fjardlunda"])
            .args(["--fran", "2025-01-01", "--till", "2025-12-31"])
            .args(args)
            .env("DATABASE_URL", &url)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let csv = dir.join("coach.csv");
    let out = run(&[
        "--insats",
        "coach",
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
    let text = String::from_utf8(std::fs::read(&csv).unwrap()).unwrap();
    assert!(text.starts_with("\u{feff}tabell;rad;kolumn;varde\r\n"));
    assert!(text.contains("\r\ndeltagare_aktiva;totalt;totalt;3\r\n"));

    let out = run(&[
        "--lokus",
        "FJL",
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
    let text = String::from_utf8(std::fs::read(&csv).unwrap()).unwrap();
    assert!(text.contains("\r\nuppfoljning_finsam;ANNAN;man;1\r\n"));
    assert!(!text.contains("COACH"));

    let xlsx = dir.join("alla.xlsx");
    let out = run(&[
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
    assert_eq!(book.sheet_names().len(), 10);
    let urval = book.worksheet_range("Urval").unwrap();
    assert_eq!(
        urval.get_value((3, 1)),
        Some(&calamine::Data::String("Hela förbundet".into()))
    );

    let out = run(&[
        "--insats",
        "XYZ",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("XYZ"));
    let out = run(&[
        "--insats",
        "COACH",
        "--lokus",
        "STL",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert!(
        !out.status.success(),
        "--insats and --lokus exclude each other"
    );
    let exports: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from audit_event where forbund_id = $1 \
             and action = 'statistik.export' and user_id is null",
        )
        .await;
    assert_eq!(exports, 3);
    std::fs::remove_dir_all(&dir).ok();
}
