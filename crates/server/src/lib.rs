//! The `lotsen` binary's library: configuration, opening the database (external or the
//! managed cluster), and running the server with graceful shutdown. Thin: it only wires.

pub mod config;

use anyhow::Context;
use config::Config;
use lotsen_core::Db;
use lotsen_core::auth::session::SessionLimits;
use lotsen_core::db::DbTarget;
use lotsen_core::db::cluster::{Cluster, RunningCluster};
use lotsen_web::{AppState, WebConfig};
use std::future::Future;
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

/// A client must send its whole request head within this time, or the connection is closed
/// (slow clients that never finish would otherwise hold connections open for ever).
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for requests in flight.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// Like `serve`, on a listener the caller bound (tests bind port 0).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    db: Db,
    config: &Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    use axum::extract::connect_info::ConnectInfo;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;

    if !config.cookie_secure && !config.addr.ip().is_loopback() {
        tracing::warn!(
            addr = %config.addr,
            "LOTSEN_COOKIE_SECURE is not set but Lotsen listens beyond this machine: \
             session cookies would travel unencrypted. Serve Lotsen over HTTPS and set \
             LOTSEN_COOKIE_SECURE=true."
        );
    }
    let state = AppState {
        db: db.clone(),
        config: WebConfig {
            cookie_secure: config.cookie_secure,
            session: SessionLimits {
                default_idle_minutes: config.session_idle_minutes,
                max_minutes: config.session_max_hours * 60,
            },
            trusted_proxies: config.trusted_proxies.clone(),
            mail_enabled: config.mail.is_some(),
        },
    };
    // E-mail notices, when configured; stopped after the requests in flight have finished
    // (they may queue notices), letting a send under way complete.
    let (stop_mail, stop_rx) = tokio::sync::watch::channel(false);
    let mailer = match &config.mail {
        Some(mail) => {
            let sender = lotsen_core::avisering::Sender::new(mail)?;
            Some(tokio::spawn(sender.run(db.clone(), stop_rx)))
        }
        None => None,
    };
    let purge = tokio::spawn(purge_sessions(db));
    let app = lotsen_web::router(state);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // Without TCP_NODELAY every streamed response stalls ~40 ms (Nagle + delayed ACK).
        let _ = tcp.set_nodelay(true);
        let service =
            app.clone()
                .map_request(move |mut req: axum::http::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(ConnectInfo(peer));
                    req
                });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .serve_connection(TokioIo::new(tcp), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(DRAIN_TIMEOUT) => {
            tracing::warn!("requests still running at shutdown were cut off");
        }
    }
    purge.abort();
    let _ = stop_mail.send(true);
    if let Some(mailer) = mailer
        && tokio::time::timeout(MAIL_STOP_TIMEOUT, mailer)
            .await
            .is_err()
    {
        tracing::warn!("e-mail notices still being sent at shutdown were cut off");
    }
    Ok(())
}

/// How long shutdown waits for a round of e-mail notices under way.
const MAIL_STOP_TIMEOUT: Duration = Duration::from_secs(30);

async fn purge_sessions(db: Db) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        match lotsen_core::auth::session::purge_expired(&db).await {
            Ok(n) if n > 0 => tracing::info!(sessions = n, "purged expired sessions"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "purging sessions failed"),
        }
        match lotsen_core::avisering::purge_old(&db).await {
            Ok(n) if n > 0 => tracing::info!(notices = n, "purged old e-mail notices"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "purging e-mail notices failed"),
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
