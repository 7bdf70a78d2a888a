//! Lotsen's web layer: the axum router, handlers (one folder per feature under `pages`, each
//! declaring its routes and navigation entries), extractors that turn the session into the
//! actor, askama views, shared form helpers (`forms`, `choices`, `figures`), and middleware
//! (request id and logging, error pages, security headers, session and CSRF). No SQL and no
//! policy here: handlers parse input, call one core function, and render or redirect.

pub mod assets;
pub mod choices;
pub mod client;
pub mod error;
pub mod extract;
pub mod figures;
pub mod forms;
pub mod middleware;
pub mod nav;
pub mod pages;
pub mod state;
pub mod views;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use pages::health;
pub use state::{AppState, WebConfig};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::timeout::TimeoutLayer;

/// Every feature's pages (`pages::FEATURES`), behind the session layer.
fn pages(state: AppState) -> Router<AppState> {
    pages::FEATURES
        .iter()
        .fold(Router::new(), |router, feature| {
            router.merge((feature.routes)())
        })
        .fallback(middleware::not_found)
        .layer(from_fn_with_state(state, middleware::session_and_csrf))
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/halsa", get(health::live))
        .route("/halsa/redo", get(health::ready))
        .route("/static/{name}", get(assets::serve))
        .merge(pages(state.clone()))
        .layer(
            ServiceBuilder::new()
                .layer(from_fn_with_state(
                    state.clone(),
                    middleware::request_context,
                ))
                .layer(from_fn_with_state(
                    state.clone(),
                    middleware::security_headers,
                ))
                // The fastest levels: pages are compressed on every request, and at level 4
                // brotli took a third of the server's CPU time on the ärende list, for a few
                // per cent smaller pages (docs/benchmarks.md).
                .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
                .layer(CatchPanicLayer::new())
                .layer(TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(30),
                )),
        )
        .with_state(state)
}
