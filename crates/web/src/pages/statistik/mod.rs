//! Statistics pages (DESIGN §6.3): `/statistik` with the selection form, and
//! `/statistik/nulagesanalys?lokus=KOD&fran=…&till=…[&format=csv|xlsx][&undertryck=1]` with every
//! figure table, its chart and a view by kön, or the CSV/XLSX file. Bad parameters come back
//! to the form with Swedish messages (422); another group or förbund answers 404.

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
    href: "/statistik",
    label: "Statistik",
    area: Some(Area::Statistik),
    current: Current::Prefix,
}];

fn routes() -> Router<AppState> {
    Router::new()
        .route("/statistik", get(handlers::index))
        .route("/statistik/nulagesanalys", get(handlers::nulagesanalys))
}
