//! The system administrator's pages: every förbund, and creating one with its first admin.

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
    href: "/system/forbund",
    label: "Förbund",
    area: Some(Area::System),
    current: Current::Prefix,
}];

fn routes() -> Router<AppState> {
    Router::new().route(
        "/system/forbund",
        get(handlers::list).post(handlers::create),
    )
}
