//! Lots-ärenden pages: the coordinator's list, the intake and edit form, the CSV import, and
//! the detail page with its timeline and actions.

pub mod detail;
pub mod form;
pub mod import;
pub mod list;

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
        .route("/arenden", get(list::list))
        .route("/arenden/ny", get(form::new_form).post(form::create))
        .route(
            "/arenden/import",
            get(import::form)
                .post(import::upload)
                .layer(DefaultBodyLimit::max(MULTIPART_LIMIT)),
        )
        .route(
            "/arenden/import/{id}",
            get(import::preview).post(import::commit),
        )
        .route("/arenden/import/{id}/avbryt", post(import::discard))
        .route("/arenden/{id}", get(detail::show))
        .route(
            "/arenden/{id}/andra",
            get(form::edit_form).post(form::update),
        )
        .route("/arenden/{id}/atgarder", post(detail::add_action))
        .route("/arenden/{id}/flagga", post(detail::flag))
        .route("/arenden/{id}/avflagga", post(detail::unflag))
        .route("/arenden/{id}/status", post(detail::set_status))
        .route("/arenden/{id}/avsluta", post(detail::close))
        .route("/arenden/{id}/ateroppna", post(detail::reopen))
        .route("/arenden/{id}/anteckning", post(detail::note))
        .route("/arenden/{id}/samtycke", post(detail::record_consent))
        .route(
            "/arenden/{id}/samtycke/aterkalla",
            post(detail::withdraw_consent),
        )
        .route("/arenden/{id}/identitet", post(detail::set_identity))
}
