//! Logging in and out, changing one's password, e-mail notices, invitations to förbund, and
//! choosing the active förbund.

pub mod handlers;
pub mod views;

use super::Feature;
use crate::nav::NavEntry;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub const FEATURE: Feature = Feature { routes, nav: NAV };

const NAV: &[NavEntry] = &[];

fn routes() -> Router<AppState> {
    Router::new()
        .route("/logga-in", get(handlers::login_form).post(handlers::login))
        .route("/logga-ut", post(handlers::logout))
        .route(
            "/konto/losenord",
            get(handlers::password_form).post(handlers::change_password),
        )
        .route(
            "/konto/avisering",
            get(handlers::notices_form).post(handlers::set_notices),
        )
        .route("/konto/inbjudningar", get(handlers::invitations))
        .route(
            "/konto/inbjudningar/{id}",
            post(handlers::answer_invitation),
        )
        .route(
            "/valj-forbund",
            get(handlers::choose_form).post(handlers::choose),
        )
}
