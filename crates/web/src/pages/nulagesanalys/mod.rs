//! Nulägesanalys forms: `/nulagesanalys` (rounds; the förbund-admin opens one),
//! `/nulagesanalys/{ar}` (deadline, period, questions and every group's status),
//! `/nulagesanalys/{ar}/grupper/{kod}` (a group's form: figures, answers, signing),
//! `/nulagesanalys/{ar}/sammanstallning` (every signed form, print-ready) and
//! `/nulagesanalys/{ar}/siffror.xlsx` (every group's figures side by side). A rejected form
//! comes back (422) with Swedish messages; everything outside the actor's reach is 404.

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
    href: "/nulagesanalys",
    label: "Nulägesanalys",
    area: Some(Area::Nulagesanalys),
    current: Current::Prefix,
}];

fn routes() -> Router<AppState> {
    Router::new()
        .route("/nulagesanalys", get(handlers::index).post(handlers::open))
        .route(
            "/nulagesanalys/{ar}",
            get(handlers::show).post(handlers::update),
        )
        .route("/nulagesanalys/{ar}/fragor", post(handlers::add_question))
        .route(
            "/nulagesanalys/{ar}/fragor/{id}",
            post(handlers::edit_question),
        )
        .route(
            "/nulagesanalys/{ar}/fragor/{id}/upp",
            post(handlers::question_up),
        )
        .route(
            "/nulagesanalys/{ar}/fragor/{id}/ned",
            post(handlers::question_down),
        )
        .route(
            "/nulagesanalys/{ar}/fragor/{id}/ta-bort",
            post(handlers::remove_question),
        )
        .route("/nulagesanalys/{ar}/grupper/{kod}", get(handlers::blankett))
        .route(
            "/nulagesanalys/{ar}/grupper/{kod}/svar",
            post(handlers::save),
        )
        .route(
            "/nulagesanalys/{ar}/grupper/{kod}/signera",
            get(handlers::confirm_sign).post(handlers::sign),
        )
        .route(
            "/nulagesanalys/{ar}/grupper/{kod}/ateroppna",
            post(handlers::reopen),
        )
        .route(
            "/nulagesanalys/{ar}/sammanstallning",
            get(handlers::compiled),
        )
        .route("/nulagesanalys/{ar}/siffror.xlsx", get(handlers::xlsx))
}
