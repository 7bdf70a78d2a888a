//! The förbund administrator's pages: overview, settings, organisations and units, LOKUS
//! groups, users and roles. The core checks the permission on every call; these handlers only
//! parse, call and render.

pub mod handlers;
pub mod lokus;
pub mod organisations;
pub mod settings;
pub mod users;

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
        .route("/admin/forbund", get(settings::show).post(settings::update))
        .route(
            "/admin/organisationer",
            get(organisations::list).post(organisations::create),
        )
        .route(
            "/admin/organisationer/{id}",
            get(organisations::show).post(organisations::update),
        )
        .route(
            "/admin/organisationer/{id}/enheter",
            post(organisations::create_unit),
        )
        .route(
            "/admin/organisationer/{id}/enheter/{enhet}",
            get(organisations::unit_form).post(organisations::rename_unit),
        )
        .route("/admin/lokus", get(lokus::list).post(lokus::create))
        .route("/admin/lokus/ny", get(lokus::new_form))
        .route(
            "/admin/lokus/{id}",
            get(lokus::edit_form).post(lokus::update),
        )
        .route("/admin/anvandare", get(users::list).post(users::create))
        .route("/admin/anvandare/ny", get(users::new_form))
        .route(
            "/admin/anvandare/{id}",
            get(users::show).post(users::update),
        )
        .route("/admin/anvandare/{id}/roller", post(users::set_roles))
        .route("/admin/anvandare/{id}/aktiv", post(users::set_active))
        .route(
            "/admin/anvandare/{id}/losenord",
            post(users::reset_password),
        )
}
