//! SIP records (issue 17): `/sip` (the person's SIPs), `/sip/ny?arende=…|deltagare=…` (start
//! one), `/sip/{id}` (the record), and one page per step: `kallelse`, `mote` (the planning
//! meeting), `uppfoljning`, `atgarder` (a new action) and `atgarder/{atgard}` (its status),
//! `installd`, `avsluta`, `samtycke` and `samtycke/aterkalla`.

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
    href: "/sip",
    label: "SIP",
    area: Some(Area::Sip),
    current: Current::Prefix,
}];

fn routes() -> Router<AppState> {
    use handlers::*;
    Router::new()
        .route("/sip", get(list))
        .route("/sip/ny", get(new_form).post(create))
        .route("/sip/{id}", get(show))
        .route("/sip/{id}/kallelse", get(kallelse_form).post(kallelse))
        .route("/sip/{id}/mote", get(mote_form).post(mote))
        .route(
            "/sip/{id}/uppfoljning",
            get(uppfoljning_form).post(uppfoljning),
        )
        .route("/sip/{id}/atgarder", get(atgard_form).post(atgard))
        .route(
            "/sip/{id}/atgarder/{atgard}",
            get(atgard_status_form).post(atgard_status),
        )
        .route("/sip/{id}/installd", get(installd_form).post(installd))
        .route("/sip/{id}/avsluta", get(avsluta_form).post(avsluta))
        .route("/sip/{id}/samtycke", get(samtycke_form).post(samtycke))
        .route(
            "/sip/{id}/samtycke/aterkalla",
            get(aterkalla_form).post(aterkalla),
        )
}
