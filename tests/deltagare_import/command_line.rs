//! `lotsen import deltagare`: all or nothing, idempotent, unassigned, audited as no person.

use super::*;

#[tokio::test]
async fn deltagare_import_from_the_command_line() {
    let app = TestApp::demo().await;
    let insats = insats(&app).await;
    let dir = std::env::temp_dir().join(format!("lotsen-deltagare-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("lista.csv");
    std::fs::write(&good, windows_1252(LABELS)).unwrap();
    let bad = dir.join("fel.csv");
    std::fs::write(&bad, "inskriven;utskriven\n2025-03-01;2025-02-01\n").unwrap();
    let url = app.database_url();
    let run = |file: &std::path::Path, kod: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_lotsen"))
            .args([
                "import",
                "deltagare",
                "--forbund",
                "fjardlunda",
                "--insats",
                kod,
            ])
            .arg(file)
            .env("DATABASE_URL", &url)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let out = run(&bad, KOD);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("rad 2, kolumn utskriven: Utskrivningen 2025-02-01 kan inte vara före inskrivningen 2025-03-01."),
        "{stderr}"
    );
    assert!(
        stderr.contains("rad 2, kolumn avslutsanledning:"),
        "{stderr}"
    );
    assert!(stderr.contains("Ingenting importerades"), "{stderr}");
    assert!(stderr.contains("utan identitet"), "the warning: {stderr}");

    let out = run(&good, "test-coach");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("3 deltagare importerade, 0 fanns redan."),
        "{stdout}"
    );
    assert!(stdout.contains("Deltagare 1 – Deltagare 3"), "{stdout}");
    assert!(stderr.contains("Windows-1252"), "{stderr}");
    let out = run(&good, KOD);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("0 deltagare importerade, 3 fanns redan."),
        "{stdout}"
    );
    assert_eq!(
        count(
            &app,
            "deltagare",
            &format!("insats_id = '{insats}' and coach_id is null and import_hash is not null")
        )
        .await,
        3
    );
    assert_eq!(
        count(
            &app,
            "audit_event",
            &format!("action = 'deltagare.import' and user_id is null and object_id = '{insats}'")
        )
        .await,
        2,
        "each run that imports is audited, as no person"
    );

    let out = run(&good, "NOPE");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("insatsen \"NOPE\" finns inte i fjardlunda"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
