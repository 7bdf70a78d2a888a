//! The förbund administrator's pages: overview, settings, organisations and units, LOKUS
//! groups, users and roles. The core checks the permission on every call; these handlers only
//! parse, call and render.

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
    href: "/admin",
    label: "Administration",
    area: Some(Area::Administration),
    current: Current::PrefixExcept("/admin/logg"),
}];

fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(handlers::index))
        .route(
            "/admin/forbund",
            get(handlers::settings::show).post(handlers::settings::update),
        )
        .route(
            "/admin/organisationer",
            get(handlers::organisations::list).post(handlers::organisations::create),
        )
        .route(
            "/admin/organisationer/{id}",
            get(handlers::organisations::show).post(handlers::organisations::update),
        )
        .route(
            "/admin/organisationer/{id}/enheter",
            post(handlers::organisations::create_unit),
        )
        .route(
            "/admin/organisationer/{id}/enheter/{enhet}",
            get(handlers::organisations::unit_form).post(handlers::organisations::rename_unit),
        )
        .route(
            "/admin/lokus",
            get(handlers::lokus::list).post(handlers::lokus::create),
        )
        .route("/admin/lokus/ny", get(handlers::lokus::new_form))
        .route(
            "/admin/lokus/{id}",
            get(handlers::lokus::edit_form).post(handlers::lokus::update),
        )
        .route(
            "/admin/anvandare",
            get(handlers::users::list).post(handlers::users::create),
        )
        .route("/admin/anvandare/ny", get(handlers::users::new_form))
        .route(
            "/admin/anvandare/{id}",
            get(handlers::users::show).post(handlers::users::update),
        )
        .route(
            "/admin/anvandare/{id}/roller",
            post(handlers::users::set_roles),
        )
        .route(
            "/admin/anvandare/{id}/aktiv",
            post(handlers::users::set_active),
        )
        .route(
            "/admin/anvandare/{id}/losenord",
            post(handlers::users::reset_password),
        )
}
