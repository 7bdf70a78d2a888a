//! Lots-ärenden pages: the coordinator's list, the intake and edit form, the CSV import, and
//! the detail page with its timeline and actions.

pub mod handlers;
pub mod views;

use super::Feature;
use crate::middleware::MULTIPART_LIMIT;
use crate::nav::{Current, NavEntry};
use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use lotsen_domain::Area;

pub const FEATURE: Feature = Feature { routes, nav: NAV };

const NAV: &[NavEntry] = &[
    NavEntry {
        href: "/arenden",
        label: "Ärenden",
        area: Some(Area::Arenden),
        current: Current::PrefixExcept("/arenden/ny"),
    },
    NavEntry {
        href: "/arenden/ny",
        label: "Nytt ärende",
        area: Some(Area::Arenden),
        current: Current::Prefix,
    },
];

fn routes() -> Router<AppState> {
    Router::new()
        .route("/arenden", get(handlers::list::list))
        .route(
            "/arenden/ny",
            get(handlers::form::new_form).post(handlers::form::create),
        )
        .route(
            "/arenden/import",
            get(handlers::import::form)
                .post(handlers::import::upload)
                .layer(DefaultBodyLimit::max(MULTIPART_LIMIT)),
        )
        .route(
            "/arenden/import/{id}",
            get(handlers::import::preview).post(handlers::import::commit),
        )
        .route(
            "/arenden/import/{id}/avbryt",
            post(handlers::import::discard),
        )
        .route("/arenden/{id}", get(handlers::detail::show))
        .route(
            "/arenden/{id}/andra",
            get(handlers::form::edit_form).post(handlers::form::update),
        )
        .route("/arenden/{id}/atgarder", post(handlers::detail::add_action))
        .route("/arenden/{id}/flagga", post(handlers::detail::flag))
        .route("/arenden/{id}/avflagga", post(handlers::detail::unflag))
        .route("/arenden/{id}/status", post(handlers::detail::set_status))
        .route("/arenden/{id}/avsluta", post(handlers::detail::close))
        .route("/arenden/{id}/ateroppna", post(handlers::detail::reopen))
        .route("/arenden/{id}/anteckning", post(handlers::detail::note))
        .route(
            "/arenden/{id}/samtycke",
            post(handlers::detail::record_consent),
        )
        .route(
            "/arenden/{id}/samtycke/aterkalla",
            post(handlers::detail::withdraw_consent),
        )
        .route(
            "/arenden/{id}/identitet",
            post(handlers::detail::set_identity),
        )
}
