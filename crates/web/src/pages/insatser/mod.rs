//! The insats register (issue 16 §1, §4): `/insatser` (the insatser the actor sees),
//! `/insatser/ny` and `/insatser/{kod}/andra` (förbund staff: register and change),
//! `/insatser/{kod}` (the insats with its ägare, coaches, goals and progress),
//! `/insatser/{kod}/mal` and `/insatser/{kod}/mal/{id}/ta-bort` (förbund staff: goals) and
//! `/insatser/kapacitet` (förbund staff: the capacity board). The participants' pages
//! (`/insatser/{kod}/deltagare…`, `/insatser/{kod}/ko…`) and figures (`/insatser/{kod}/siffror`)
//! belong to other features. `start_mal.html` is the start page's part (`views::StartMal`).

pub mod handlers;
pub mod views;

use super::Feature;
use crate::nav::{Current, NavEntry};
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use lotsen_domain::Area;

pub const FEATURE: Feature = Feature { routes, nav: NAV };

const NAV: &[NavEntry] = &[NavEntry {
    href: "/insatser",
    label: "Insatser",
    area: Some(Area::Insatser),
    current: Current::Prefix,
}];

fn routes() -> Router<AppState> {
    // The static `/insatser/ny` and `/insatser/kapacitet` win over `/insatser/{kod}`; a kod
    // is upper-case, so neither can be one.
    Router::new()
        .route("/insatser", get(handlers::list))
        .route(
            "/insatser/ny",
            get(handlers::new_form).post(handlers::create),
        )
        .route("/insatser/kapacitet", get(handlers::kapacitet))
        .route("/insatser/{kod}", get(handlers::show))
        .route(
            "/insatser/{kod}/andra",
            get(handlers::edit_form).post(handlers::update),
        )
        .route("/insatser/{kod}/mal", post(handlers::add_goal))
        .route(
            "/insatser/{kod}/mal/{id}/ta-bort",
            post(handlers::remove_goal),
        )
}
