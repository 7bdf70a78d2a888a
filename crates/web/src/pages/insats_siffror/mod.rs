//! An insats's participant figures (issue 16 §4, DESIGN §6.3):
//! `/insatser/{kod}/siffror?fran=…&till=…[&format=csv|xlsx][&undertryck=1]`, every participant
//! table as on `/statistik`, or the CSV/XLSX file. The förbund-admin and the insats's
//! insatsansvarig only; everyone else 404. Routes only: the insats pages link here.

pub mod handlers;
pub mod views;

use super::Feature;
use crate::state::AppState;
use axum::Router;
use axum::routing::get;

pub const FEATURE: Feature = Feature { routes, nav: &[] };

fn routes() -> Router<AppState> {
    Router::new().route("/insatser/{kod}/siffror", get(handlers::show))
}
