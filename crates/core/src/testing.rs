//! Test databases on the managed cluster: one shared test cluster per machine user (started on
//! first use, left running between runs so later runs start at once), one migrated template
//! database per set of migrations, and a fresh copy of it for every test. Parallel test
//! binaries coordinate through a file lock. With `LOTSEN_TEST_DATABASE_URL` set, the server
//! it names is used instead of the managed cluster.

use crate::db::cluster::Cluster;
use crate::db::{Db, DbTarget, MIGRATOR};
use anyhow::Context;
use sha2::{Digest, Sha256};
use sqlx::{ConnectOptions, Executor};
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

/// Part of the test cluster's path (the cluster runs with fsync off, as the harness asks).
pub const TEST_CLUSTER_MARK: &str = "lotsen-test-cluster";

/// How long a test database is kept before a later run drops it. Test databases are not
/// dropped when their test ends (there is no async drop), so every run leaves about a hundred
/// behind; the age only has to exceed the longest test run of a concurrent process, and two
/// hours of runs had filled 13 GB.
const KEEP_SECONDS: u64 = 30 * 60;

/// A fresh, migrated database for one test.
pub struct TestDb {
    pub db: Db,
    pub target: DbTarget,
    pub name: String,
}

struct Shared {
    server: DbTarget,
    template: String,
}

static SHARED: OnceLock<Result<Shared, String>> = OnceLock::new();

/// The directory of the shared test cluster.
pub fn test_cluster_dir() -> PathBuf {
    let uid = std::fs::metadata("/proc/self")
        .map(|m| m.uid())
        .unwrap_or(0);
    std::env::temp_dir().join(format!("{TEST_CLUSTER_MARK}-{uid}"))
}

fn template_name() -> String {
    let mut h = Sha256::new();
    for m in MIGRATOR.iter() {
        h.update(m.version.to_le_bytes());
        h.update(&m.checksum);
    }
    let digest = h.finalize();
    let short: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("lotsen_tpl_{short}")
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn shared() -> Result<&'static Shared, String> {
    SHARED
        .get_or_init(|| {
            // Runs on its own thread and runtime: tests each have their own runtime, and the
            // setup must not block one of them.
            std::thread::spawn(|| {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| e.to_string())?;
                rt.block_on(setup()).map_err(|e| format!("{e:#}"))
            })
            .join()
            .unwrap_or_else(|_| Err("test database setup panicked".into()))
        })
        .as_ref()
        .map_err(Clone::clone)
}

async fn setup() -> anyhow::Result<Shared> {
    let server = match std::env::var("LOTSEN_TEST_DATABASE_URL") {
        Ok(url) => DbTarget::from_url(&url)?,
        Err(_) => {
            let dir = test_cluster_dir();
            std::fs::create_dir_all(&dir)?;
            let lock = std::fs::File::create(dir.join("lock"))?;
            lock.lock().context("locking the test cluster")?;
            let cluster = Cluster::new(&dir.join("pg"))?
                .without_fsync()
                .ensure_running()?;
            let target = DbTarget::from_cluster(&cluster.cluster, "postgres");
            drop(lock);
            target
        }
    };
    let template = template_name();
    let lock_path = test_cluster_dir().join("template.lock");
    std::fs::create_dir_all(test_cluster_dir())?;
    let lock = std::fs::File::create(&lock_path)?;
    lock.lock().context("locking the template database")?;
    let mut admin = server.with_database("postgres").options.connect().await?;
    let exists: bool =
        sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
            .bind(&template)
            .fetch_one(&mut admin)
            .await?;
    if !exists {
        let building = format!("{template}_building");
        admin
            .execute(format!("drop database if exists \"{building}\"").as_str())
            .await?;
        admin
            .execute(format!("create database \"{building}\"").as_str())
            .await?;
        server.with_database(&building).migrate().await?;
        admin
            .execute(format!("alter database \"{building}\" rename to \"{template}\"").as_str())
            .await?;
    }
    drop_abandoned(&mut admin).await?;
    drop(lock);
    Ok(Shared { server, template })
}

/// Drops test databases older than `KEEP_SECONDS` (their name carries their creation time).
async fn drop_abandoned(admin: &mut sqlx::PgConnection) -> anyhow::Result<()> {
    let names: Vec<String> =
        sqlx::query_scalar("select datname from pg_database where datname like 't\\_%'")
            .fetch_all(&mut *admin)
            .await?;
    let now = now_secs();
    for name in names {
        let created = name
            .split('_')
            .nth(1)
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(0);
        if now.saturating_sub(created) > KEEP_SECONDS {
            let _ = admin
                .execute(format!("drop database if exists \"{name}\" with (force)").as_str())
                .await;
        }
    }
    Ok(())
}

/// A fresh database, copied from the migrated template, for one test.
pub async fn fresh_database() -> TestDb {
    try_fresh_database()
        .await
        .unwrap_or_else(|e| panic!("could not create a test database: {e:#}"))
}

async fn try_fresh_database() -> anyhow::Result<TestDb> {
    let shared = shared().map_err(anyhow::Error::msg)?;
    let name = format!("t_{}_{}", now_secs(), uuid::Uuid::new_v4().simple());
    let mut admin = shared
        .server
        .with_database("postgres")
        .options
        .connect()
        .await?;
    let mut attempt = 0;
    loop {
        let created = admin
            .execute(
                format!(
                    "create database \"{name}\" template \"{}\"",
                    shared.template
                )
                .as_str(),
            )
            .await;
        match created {
            Ok(_) => break,
            // Another process may be copying the same template this very moment.
            Err(e) if attempt < 20 => {
                attempt += 1;
                tracing::debug!(error = %e, "retrying test database creation");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    let target = shared.server.with_database(&name);
    let db = target.connect(8).await?;
    Ok(TestDb { db, target, name })
}
