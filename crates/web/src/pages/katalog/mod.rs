//! The insatskatalog (issue 15 §2): `/katalog` (every role of the förbund: filters and list),
//! `/katalog/{id}` (one entry), `/katalog/hantera` (förbund staff and coordinators: list, new,
//! edit, CSV import and export) and `/k/{slug}`, a förbund's public catalogue without login.
//! The ärende page's "Insatser som kan passa" panel is built here too (`arende_panel`).

pub mod handlers;
pub mod views;

use super::Feature;
use crate::middleware::MULTIPART_LIMIT;
use crate::nav::{Current, NavEntry};
use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use lotsen_domain::Area;

pub use handlers::arende_panel;

pub const FEATURE: Feature = Feature { routes, nav: NAV };

const NAV: &[NavEntry] = &[NavEntry {
    href: "/katalog",
    label: "Insatskatalog",
    area: Some(Area::Katalog),
    current: Current::Prefix,
}];

fn routes() -> Router<AppState> {
    Router::new()
        .route("/katalog", get(handlers::list))
        .route("/katalog/hantera", get(handlers::manage))
        .route(
            "/katalog/hantera/ny",
            get(handlers::new_form).post(handlers::create),
        )
        .route(
            "/katalog/hantera/import",
            post(handlers::import).layer(DefaultBodyLimit::max(MULTIPART_LIMIT)),
        )
        .route("/katalog/hantera/export.csv", get(handlers::export))
        .route(
            "/katalog/hantera/{id}",
            get(handlers::edit_form).post(handlers::update),
        )
        .route("/katalog/{id}", get(handlers::show))
        .route("/k/{slug}", get(handlers::public))
}
