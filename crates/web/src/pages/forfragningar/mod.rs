//! Requests for lotsning (issue 15): a handläggare's form, list and request page; a
//! coordinator's list of waiting requests, the request page with decline and forward, and the
//! answer to the handläggare written from the ärende page. Accepting goes through the intake
//! form, prefilled (`/arenden/ny?forfragan={id}`).

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
    href: "/forfragningar",
    label: "Förfrågningar",
    area: Some(Area::Forfragningar),
    current: Current::Prefix,
}];

fn routes() -> Router<AppState> {
    Router::new()
        .route("/forfragningar", get(handlers::list))
        .route(
            "/forfragningar/ny",
            get(handlers::new_form).post(handlers::send),
        )
        .route("/forfragningar/{id}", get(handlers::show))
        .route("/forfragningar/{id}/aterkalla", post(handlers::withdraw))
        .route("/forfragningar/{id}/avboj", post(handlers::decline))
        .route(
            "/forfragningar/{id}/vidarebefordra",
            post(handlers::forward),
        )
        .route(
            "/forfragningar/{id}/handlaggarkod",
            post(handlers::link_code),
        )
        .route("/arenden/{id}/svar", post(handlers::answer))
}
