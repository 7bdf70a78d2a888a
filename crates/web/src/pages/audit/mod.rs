//! The audit log page for förbund-admin and dataskyddsombud.

pub mod handlers;
pub mod views;

use super::Feature;
use crate::nav::{Current, NavEntry};
use crate::state::AppState;
use axum::Router;
use axum::routing::get;
use lotsen_domain::Area;

pub const FEATURE: Feature = Feature { routes, nav: NAV };

const NAV: &[NavEntry] = &[NavEntry {
    href: "/admin/logg",
    label: "Logg",
    area: Some(Area::Logg),
    current: Current::Prefix,
}];

fn routes() -> Router<AppState> {
    Router::new().route("/admin/logg", get(handlers::search))
}
