//! LOKUS meeting pages: the actor's groups (`/lokus`), a group's meetings
//! (`/lokus/{kod}/moten`), the meeting page with agenda, pre-reads, figures and decisions
//! (`/lokus/{kod}/moten/{id}`), its närvaro and justering (by the chair and the justerare),
//! and its printable meeting pack and protokoll.

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
    href: "/lokus",
    label: "LOKUS-möten",
    area: Some(Area::LokusMoten),
    current: Current::Prefix,
}];

fn routes() -> Router<AppState> {
    Router::new()
        .route("/lokus", get(handlers::index))
        .route(
            "/lokus/{kod}/moten",
            get(handlers::list).post(handlers::create),
        )
        .route("/lokus/{kod}/moten/{id}", get(handlers::show))
        .route("/lokus/{kod}/moten/{id}/uppgifter", post(handlers::update))
        .route("/lokus/{kod}/moten/{id}/punkter", post(handlers::add_item))
        .route(
            "/lokus/{kod}/moten/{id}/punkter/{punkt}/upp",
            post(handlers::move_up),
        )
        .route(
            "/lokus/{kod}/moten/{id}/punkter/{punkt}/ned",
            post(handlers::move_down),
        )
        .route(
            "/lokus/{kod}/moten/{id}/punkter/{punkt}/flytta",
            post(handlers::move_to),
        )
        .route(
            "/lokus/{kod}/moten/{id}/punkter/{punkt}/ta-bort",
            post(handlers::remove_item),
        )
        .route(
            "/lokus/{kod}/moten/{id}/punkter/{punkt}/aterstall",
            post(handlers::restore_item),
        )
        .route(
            "/lokus/{kod}/moten/{id}/punkter/{punkt}/beskrivning",
            post(handlers::description),
        )
        .route(
            "/lokus/{kod}/moten/{id}/punkter/{punkt}/beslut",
            post(handlers::decide),
        )
        .route(
            "/lokus/{kod}/moten/{id}/protokoll",
            get(handlers::minutes).post(handlers::minutes_text),
        )
        .route("/lokus/{kod}/moten/{id}/motespaket", get(handlers::pack))
        .route(
            "/lokus/{kod}/moten/{id}/genomfort",
            post(handlers::mark_held),
        )
        .route(
            "/lokus/{kod}/moten/{id}/narvaro",
            post(handlers::attendance),
        )
        .route("/lokus/{kod}/moten/{id}/justera", post(handlers::justera))
        .route(
            "/lokus/{kod}/moten/{id}/justera/bekrafta",
            post(handlers::confirm),
        )
        .route(
            "/lokus/{kod}/moten/{id}/justera/ta-tillbaka",
            post(handlers::take_back),
        )
}
