//! Database access: the connection pool (logged in as the RLS-bound `lotsen_app` role, which is
//! no superuser and owns nothing), migrations (run as the owner), tenant-scoped transactions,
//! and the managed local cluster.

pub mod cluster;

use crate::ctx::Ctx;
use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Executor, PgPool, Postgres, Transaction};
use std::str::FromStr;
use std::sync::OnceLock;
use std::time::Duration;
use uuid::Uuid;

/// The role the application pool logs in as (created by the first migration).
pub const APP_ROLE: &str = "lotsen_app";

fn random_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..40)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Every migration, embedded at compile time.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// A transaction whose tenant (`app.forbund_id`) and person (`app.user_id`) are set.
pub type Tx = Transaction<'static, Postgres>;

/// The application's handle on its database.
#[derive(Debug, Clone)]
pub struct Db {
    pool: PgPool,
}

/// Where the database is: a URL (`DATABASE_URL`) or the managed cluster's socket.
#[derive(Debug, Clone)]
pub struct DbTarget {
    pub options: PgConnectOptions,
}

impl DbTarget {
    pub fn from_url(url: &str) -> anyhow::Result<DbTarget> {
        let options = PgConnectOptions::from_str(url).context("parsing DATABASE_URL")?;
        Ok(DbTarget { options })
    }

    pub fn from_cluster(cluster: &cluster::Cluster, database: &str) -> DbTarget {
        let options = PgConnectOptions::new()
            .socket(cluster.socket_dir())
            .port(cluster.port())
            .username(cluster::OWNER)
            .database(database);
        DbTarget { options }
    }

    pub fn with_database(&self, database: &str) -> DbTarget {
        DbTarget {
            options: self.options.clone().database(database),
        }
    }

    fn quiet(&self) -> PgConnectOptions {
        self.options
            .clone()
            .log_statements(log::LevelFilter::Trace)
            .log_slow_statements(log::LevelFilter::Warn, Duration::from_secs(2))
    }

    /// Creates the database if the server lacks it (the managed cluster starts with none).
    pub async fn create_database_if_missing(&self) -> anyhow::Result<()> {
        let name = self.options.get_database().unwrap_or("lotsen").to_string();
        let admin = self.options.clone().database("postgres");
        let mut conn = admin
            .connect()
            .await
            .context("connecting to create the database")?;
        let exists: bool =
            sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
                .bind(&name)
                .fetch_one(&mut conn)
                .await?;
        if !exists {
            conn.execute(format!("create database \"{}\"", name.replace('"', "")).as_str())
                .await
                .context("creating the database")?;
        }
        Ok(())
    }

    /// Runs every pending migration as the owner.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let mut conn = self
            .quiet()
            .connect()
            .await
            .context("connecting to migrate")?;
        MIGRATOR
            .run(&mut conn)
            .await
            .context("running migrations")?;
        Ok(())
    }

    /// Opens the application pool, logged in as `lotsen_app` (never as the owner, so no
    /// `reset role` can reach the owner's rights).
    pub async fn connect(&self, max_connections: u32) -> anyhow::Result<Db> {
        let mut options = self.quiet().username(APP_ROLE);
        if let Some(password) = self.app_password().await? {
            options = options.password(&password);
        }
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .context("connecting to the database as lotsen_app")?;
        Ok(Db { pool })
    }

    /// The password the pool logs in with. Over the managed cluster's private socket none is
    /// needed. Otherwise `LOTSEN_APP_DB_PASSWORD`, or — when unset — a random password that
    /// this process sets once; either is given to the role by the owner when the owner may.
    async fn app_password(&self) -> anyhow::Result<Option<String>> {
        static GENERATED: OnceLock<String> = OnceLock::new();
        if self.options.get_socket().is_some() || self.options.get_host().starts_with('/') {
            return Ok(None);
        }
        let (password, configured) = match std::env::var("LOTSEN_APP_DB_PASSWORD") {
            Ok(p) if !p.is_empty() => (p, true),
            _ => (GENERATED.get_or_init(random_password).clone(), false),
        };
        static SET: tokio::sync::Mutex<Option<String>> = tokio::sync::Mutex::const_new(None);
        let mut set = SET.lock().await;
        if set.as_deref() != Some(password.as_str()) {
            let result = self.set_app_password(&password).await;
            match (result, configured) {
                (Ok(()), _) => *set = Some(password.clone()),
                // An operator may have created the role with this password themselves.
                (Err(e), true) => {
                    tracing::warn!(error = %e, "could not set lotsen_app's password; using LOTSEN_APP_DB_PASSWORD as it is")
                }
                (Err(e), false) => {
                    return Err(e.context(
                        "the database owner may not give lotsen_app a password: create the role \
                         with LOGIN and a password yourself and set LOTSEN_APP_DB_PASSWORD (README)",
                    ));
                }
            }
        }
        Ok(Some(password))
    }

    async fn set_app_password(&self, password: &str) -> anyhow::Result<()> {
        let mut conn = self
            .quiet()
            .connect()
            .await
            .context("connecting as the owner")?;
        let statement: String = sqlx::query_scalar(
            "select format('alter role lotsen_app login password %L', $1::text)",
        )
        .bind(password)
        .fetch_one(&mut conn)
        .await?;
        conn.execute(statement.as_str())
            .await
            .context("setting lotsen_app's password")?;
        Ok(())
    }
}

impl Db {
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// One round trip to the database, for the readiness probe.
    pub async fn ping(&self) -> bool {
        sqlx::query_scalar::<_, i32>("select 1")
            .fetch_one(&self.pool)
            .await
            .is_ok()
    }

    /// A transaction scoped to the actor's active förbund (tenant) and person.
    pub async fn begin(&self, ctx: &Ctx) -> Result<Tx, sqlx::Error> {
        let forbund = ctx.forbund.as_ref().map(|f| f.id);
        self.begin_as(forbund, Some(ctx.user_id), ctx.actor.system_admin)
            .await
    }

    /// A transaction with explicit tenant settings, for paths without a full `Ctx` (login,
    /// demo loading, the CLI).
    pub async fn begin_as(
        &self,
        forbund: Option<Uuid>,
        user: Option<Uuid>,
        system_admin: bool,
    ) -> Result<Tx, sqlx::Error> {
        // BEGIN and the tenant settings go in one simple-query round trip: every page opens at
        // least one transaction, so a separate set_config call was a fixed cost on each request.
        // The values are uuids and a flag we format ourselves, never user text.
        let statement = format!(
            "begin; select set_config('app.forbund_id', '{}', true), \
             set_config('app.user_id', '{}', true), set_config('app.system_admin', '{}', true)",
            forbund.map(|f| f.to_string()).unwrap_or_default(),
            user.map(|u| u.to_string()).unwrap_or_default(),
            if system_admin { "on" } else { "off" },
        );
        self.pool.begin_with(statement).await
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The Swedish date today, from the database's clock and time zone data (`lotsen_today()`):
/// the one "today" of every page, form and export, whatever the server's own time zone.
pub async fn today(conn: &mut sqlx::PgConnection) -> Result<time::Date, sqlx::Error> {
    sqlx::query_scalar("select lotsen_today()")
        .fetch_one(conn)
        .await
}

/// Plans the rest of the transaction's statements once per connection (generic plans). Some
/// statements join several tables under their row policies and take longer to plan than to run,
/// and PostgreSQL would re-plan them on every request (custom plans); the start page lost a third
/// of its rate to that (docs/benchmarks.md). Only for statements whose generic plans were
/// measured to use the same indexes.
pub(crate) async fn plan_generically(tx: &mut Tx) -> Result<(), sqlx::Error> {
    sqlx::query("set local plan_cache_mode = force_generic_plan")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Sets (or clears) the tenant settings of the current transaction.
pub async fn set_tenant(
    tx: &mut Tx,
    forbund: Option<Uuid>,
    user: Option<Uuid>,
    system_admin: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "select set_config('app.forbund_id', $1, true), set_config('app.user_id', $2, true), \
         set_config('app.system_admin', $3, true)",
    )
    .bind(forbund.map(|f| f.to_string()).unwrap_or_default())
    .bind(user.map(|u| u.to_string()).unwrap_or_default())
    .bind(if system_admin { "on" } else { "off" })
    .execute(&mut **tx)
    .await?;
    Ok(())
}
