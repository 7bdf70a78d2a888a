//! The participants of an insats (issue 16 §2): `/insatser/{kod}/deltagare` (the queue and the
//! participants), inskrivning from the queue (`/insatser/{kod}/ko/{id}/inskriv`) or directly
//! (`/insatser/{kod}/deltagare/ny`), one participant (`/insatser/{kod}/deltagare/{id}`) with
//! activities, utskrivning, follow-ups, corrections, withdrawal of consent and a replacement
//! coach; the import of a coach's Excel list (`/insatser/{kod}/import`, `import`). No
//! navigation entry of its own: the insats pages link here.

pub mod handlers;
pub mod import;
pub mod views;

use super::Feature;
use crate::middleware::MULTIPART_LIMIT;
use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub const FEATURE: Feature = Feature { routes, nav: &[] };

fn routes() -> Router<AppState> {
    let d = "/insatser/{kod}/deltagare/{id}";
    Router::new()
        .route("/insatser/{kod}/deltagare", get(handlers::list))
        .route(
            "/insatser/{kod}/deltagare/ny",
            get(handlers::enrol_direct_form).post(handlers::enrol_direct),
        )
        .route(
            "/insatser/{kod}/import",
            get(import::form)
                .post(import::upload)
                .layer(DefaultBodyLimit::max(MULTIPART_LIMIT)),
        )
        .route(
            "/insatser/{kod}/import/{id}",
            get(import::preview).post(import::commit),
        )
        .route("/insatser/{kod}/import/{id}/avbryt", post(import::discard))
        .route("/insatser/{kod}/ko/{id}/stryk", post(handlers::strike))
        .route("/insatser/{kod}/ko/{id}/tilldela", post(handlers::assign))
        .route(
            "/insatser/{kod}/ko/{id}/inskriv",
            get(handlers::enrol_queued_form).post(handlers::enrol_queued),
        )
        .route(d, get(handlers::show))
        .route(&format!("{d}/aktiviteter"), post(handlers::add_activity))
        .route(
            &format!("{d}/utskrivning"),
            get(handlers::exit_form).post(handlers::exit),
        )
        .route(
            &format!("{d}/uppfoljning"),
            get(handlers::follow_up_form).post(handlers::follow_up),
        )
        .route(
            &format!("{d}/matningar/{{mid}}/ratta"),
            get(handlers::correct_form).post(handlers::correct),
        )
        .route(&format!("{d}/samtycke/aterkalla"), post(handlers::withdraw))
        .route(&format!("{d}/ersattare"), post(handlers::replacement))
}
