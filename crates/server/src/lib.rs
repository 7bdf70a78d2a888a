//! The `lotsen` binary's library: configuration, opening the database (external or the
//! managed cluster), and running the server with graceful shutdown. Thin: it only wires.

pub mod config;

use anyhow::Context;
use config::Config;
use lotsen_core::Db;
use lotsen_core::db::DbTarget;
use lotsen_core::db::cluster::{Cluster, RunningCluster};
use lotsen_web::{AppState, WebConfig};
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

/// An open database: the app pool, the owner's target (for migrations), and the managed
/// cluster if this process runs one.
pub struct Database {
    pub db: Db,
    pub owner: DbTarget,
    pub cluster: Option<RunningCluster>,
}

impl Database {
    /// Connects (starting the managed cluster when `DATABASE_URL` is unset) and migrates.
    pub async fn open(config: &Config) -> anyhow::Result<Database> {
        let (owner, cluster) = match &config.database_url {
            Some(url) => (DbTarget::from_url(url)?, None),
            None => {
                let dir = config.data_dir.join("pg");
                let running = tokio::task::spawn_blocking(move || {
                    Cluster::new(&dir).and_then(Cluster::ensure_running)
                })
                .await??;
                let target = DbTarget::from_cluster(&running.cluster, "lotsen");
                (target, Some(running))
            }
        };
        let opened = async {
            owner.create_database_if_missing().await?;
            owner.migrate().await?;
            owner.connect(32).await
        }
        .await;
        match opened {
            Ok(db) => Ok(Database { db, owner, cluster }),
            Err(e) => {
                if let Some(c) = &cluster {
                    let _ = c.stop();
                }
                Err(e)
            }
        }
    }

    /// Closes the pool and stops the managed cluster if this process started it.
    pub async fn close(self) -> anyhow::Result<()> {
        self.db.close().await;
        if let Some(c) = self.cluster {
            tokio::task::spawn_blocking(move || c.stop()).await??;
        }
        Ok(())
    }
}

/// Serves the application until `shutdown` completes, then finishes in-flight requests.
pub async fn serve(
    db: Db,
    config: &Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("binding {}", config.addr))?;
    serve_on(listener, db, config, shutdown).await
}

/// Like `serve`, on a listener the caller bound (tests bind port 0).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    db: Db,
    config: &Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    use axum::serve::ListenerExt;
    let state = AppState {
        db: db.clone(),
        config: WebConfig {
            cookie_secure: config.cookie_secure,
            default_idle_minutes: config.session_idle_minutes,
        },
    };
    let purge = tokio::spawn(purge_sessions(db));
    // Without TCP_NODELAY every streamed response stalls ~40 ms (Nagle + delayed ACK).
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let app = lotsen_web::router(state);
    let result = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    purge.abort();
    result.context("serving")
}

async fn purge_sessions(db: Db) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        match lotsen_core::auth::session::purge_expired(&db).await {
            Ok(n) if n > 0 => tracing::info!(sessions = n, "purged expired sessions"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "purging sessions failed"),
        }
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
