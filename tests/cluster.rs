//! The managed PostgreSQL cluster: it initialises, starts, serves and stops cleanly (here as
//! root, through the postgres system user), and the `lotsen` binary stops what it started.

use lotsen_core::db::DbTarget;
use lotsen_core::db::cluster::Cluster;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "lotsen-it-{name}-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn the_managed_cluster_starts_serves_and_stops() {
    let dir = temp_dir("cluster");
    let cluster = Cluster::new(&dir.join("pg")).unwrap();
    let running = tokio::task::spawn_blocking(move || cluster.ensure_running())
        .await
        .unwrap()
        .unwrap();
    assert!(running.started_here);
    let target = DbTarget::from_cluster(&running.cluster, "postgres");
    let mut conn = sqlx::ConnectOptions::connect(&target.options)
        .await
        .unwrap();
    let one: i32 = sqlx::query_scalar("select 1")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(one, 1);
    let tcp: String = sqlx::query_scalar("show listen_addresses")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(tcp, "", "no TCP listener: the socket is the only way in");
    drop(conn);

    // A second user of the same directory finds it running and leaves it running.
    let again = Cluster::new(&dir.join("pg"))
        .unwrap()
        .ensure_running()
        .unwrap();
    assert!(!again.started_here);
    again.stop().unwrap();
    assert!(running.cluster.is_running());

    running.stop().unwrap();
    assert!(!running.cluster.is_running());
    assert!(!running.cluster.pgdata().join("postmaster.pid").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

fn lotsen(data_dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lotsen"));
    c.env("LOTSEN_DATA_DIR", data_dir)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn");
    c
}

#[test]
fn the_cli_creates_a_forbund_and_users_and_stops_its_cluster() {
    let dir = temp_dir("cli");
    let out = lotsen(&dir).arg("migrate").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = lotsen(&dir)
        .args([
            "forbund",
            "add",
            "--namn",
            "Finsam Testbygd",
            "--slug",
            "testbygd",
            "--organisationsnummer",
            "222000-1230",
            "--admin-namn",
            "Test Admin",
            "--admin-epost",
            "admin@testbygd.example",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Engångslösenord för admin@testbygd.example"),
        "{stdout}"
    );

    let out = lotsen(&dir)
        .args([
            "user",
            "add",
            "--namn",
            "Ulla",
            "--epost",
            "ulla@testbygd.example",
            "--forbund",
            "testbygd",
            "--roll",
            "handlaggare",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = lotsen(&dir)
        .args([
            "user",
            "add",
            "--namn",
            "Ulla",
            "--epost",
            "ulla2@testbygd.example",
            "--forbund",
            "testbygd",
            "--roll",
            "koordinator:XYZ",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("LOKUS-gruppen \"XYZ\" finns inte"));
    let out = lotsen(&dir)
        .args([
            "user",
            "add",
            "--namn",
            "Sys",
            "--epost",
            "sys@testbygd.example",
            "--systemadmin",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !dir.join("pg/data/postmaster.pid").exists(),
        "each command stops the cluster it started"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_server_shuts_down_gracefully_and_stops_its_cluster() {
    let dir = temp_dir("serve");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = lotsen(&dir)
        .arg("serve")
        .env("LOTSEN_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut ready = false;
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            let _ =
                s.write_all(b"GET /halsa/redo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let mut buf = String::new();
            let _ = s.read_to_string(&mut buf);
            if buf.starts_with("HTTP/1.1 200") {
                ready = true;
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(ready, "the server became ready");
    assert!(dir.join("pg/data/postmaster.pid").exists());
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap();
    assert!(status.success(), "clean exit after SIGTERM: {status}");
    assert!(
        !dir.join("pg/data/postmaster.pid").exists(),
        "the cluster was stopped"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
