//! Liveness and readiness probes.

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;

/// 200 while the process runs.
pub async fn live() -> &'static str {
    "ok"
}

/// 200 when the database answers one round trip.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.db.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "databasen svarar inte")
    }
}
