//! The start page: who you are, where you work, and what you can do here.

pub mod handlers;
pub mod views;

use super::Feature;
use crate::nav::{Current, NavEntry};
use crate::state::AppState;
use axum::Router;
use axum::routing::get;

pub const FEATURE: Feature = Feature { routes, nav: NAV };

const NAV: &[NavEntry] = &[NavEntry {
    href: "/",
    label: "Start",
    area: None,
    current: Current::Exact,
}];

fn routes() -> Router<AppState> {
    Router::new().route("/", get(handlers::show))
}
