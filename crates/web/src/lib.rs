//! Lotsen's web layer: the axum router, handlers (one module per feature under `pages`),
//! extractors that turn the session into the actor, askama views, and middleware (request id
//! and logging, error pages, security headers, session and CSRF). No SQL and no policy here:
//! handlers parse input, call one core function, and render or redirect.

pub mod assets;
pub mod client;
pub mod error;
pub mod extract;
pub mod middleware;
pub mod pages;
pub mod state;
pub mod views;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use pages::admin::{lokus, organisations, settings, users};
use pages::arenden::{
    detail as arende_detail, form as arende_form, import as arende_import, list as arende_list,
};
use pages::lokus::handlers as lokus_moten;
use pages::{account, admin, audit, health, home, system};
pub use state::{AppState, WebConfig};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::timeout::TimeoutLayer;

/// Every page behind the session layer.
fn pages(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/logga-in", get(account::login_form).post(account::login))
        .route("/logga-ut", post(account::logout))
        .route(
            "/konto/losenord",
            get(account::password_form).post(account::change_password),
        )
        .route("/konto/inbjudningar", get(account::invitations))
        .route("/konto/inbjudningar/{id}", post(account::answer_invitation))
        .route(
            "/valj-forbund",
            get(account::choose_form).post(account::choose),
        )
        .route("/arenden", get(arende_list::list))
        .route(
            "/arenden/ny",
            get(arende_form::new_form).post(arende_form::create),
        )
        .route(
            "/arenden/import",
            get(arende_import::form).post(arende_import::upload).layer(
                axum::extract::DefaultBodyLimit::max(middleware::MULTIPART_LIMIT),
            ),
        )
        .route(
            "/arenden/import/{id}",
            get(arende_import::preview).post(arende_import::commit),
        )
        .route("/arenden/import/{id}/avbryt", post(arende_import::discard))
        .route("/arenden/{id}", get(arende_detail::show))
        .route(
            "/arenden/{id}/andra",
            get(arende_form::edit_form).post(arende_form::update),
        )
        .route("/arenden/{id}/atgarder", post(arende_detail::add_action))
        .route("/arenden/{id}/flagga", post(arende_detail::flag))
        .route("/arenden/{id}/avflagga", post(arende_detail::unflag))
        .route("/arenden/{id}/status", post(arende_detail::set_status))
        .route("/arenden/{id}/avsluta", post(arende_detail::close))
        .route("/arenden/{id}/ateroppna", post(arende_detail::reopen))
        .route("/arenden/{id}/anteckning", post(arende_detail::note))
        .route(
            "/arenden/{id}/samtycke",
            post(arende_detail::record_consent),
        )
        .route(
            "/arenden/{id}/samtycke/aterkalla",
            post(arende_detail::withdraw_consent),
        )
        .route("/arenden/{id}/identitet", post(arende_detail::set_identity))
        .route("/lokus", get(lokus_moten::index))
        .route(
            "/lokus/{kod}/moten",
            get(lokus_moten::list).post(lokus_moten::create),
        )
        .route("/lokus/{kod}/moten/{id}", get(lokus_moten::show))
        .route(
            "/lokus/{kod}/moten/{id}/uppgifter",
            post(lokus_moten::update),
        )
        .route(
            "/lokus/{kod}/moten/{id}/punkter",
            post(lokus_moten::add_item),
        )
        .route(
            "/lokus/{kod}/moten/{id}/punkter/{punkt}/upp",
            post(lokus_moten::move_up),
        )
        .route(
            "/lokus/{kod}/moten/{id}/punkter/{punkt}/ned",
            post(lokus_moten::move_down),
        )
        .route(
            "/lokus/{kod}/moten/{id}/punkter/{punkt}/ta-bort",
            post(lokus_moten::remove_item),
        )
        .route(
            "/lokus/{kod}/moten/{id}/punkter/{punkt}/aterstall",
            post(lokus_moten::restore_item),
        )
        .route(
            "/lokus/{kod}/moten/{id}/punkter/{punkt}/beskrivning",
            post(lokus_moten::description),
        )
        .route(
            "/lokus/{kod}/moten/{id}/punkter/{punkt}/beslut",
            post(lokus_moten::decide),
        )
        .route(
            "/lokus/{kod}/moten/{id}/protokoll",
            get(lokus_moten::minutes).post(lokus_moten::minutes_text),
        )
        .route("/lokus/{kod}/moten/{id}/motespaket", get(lokus_moten::pack))
        .route(
            "/lokus/{kod}/moten/{id}/genomfort",
            post(lokus_moten::mark_held),
        )
        .route(
            "/lokus/{kod}/moten/{id}/justera",
            post(lokus_moten::justera),
        )
        .route("/admin", get(admin::index))
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
        .route("/admin/logg", get(audit::search))
        .route(
            "/nulagesanalys",
            get(pages::nulagesanalys::index).post(pages::nulagesanalys::open),
        )
        .route(
            "/nulagesanalys/{ar}",
            get(pages::nulagesanalys::show).post(pages::nulagesanalys::update),
        )
        .route(
            "/nulagesanalys/{ar}/fragor",
            post(pages::nulagesanalys::add_question),
        )
        .route(
            "/nulagesanalys/{ar}/fragor/{id}",
            post(pages::nulagesanalys::edit_question),
        )
        .route(
            "/nulagesanalys/{ar}/fragor/{id}/upp",
            post(pages::nulagesanalys::question_up),
        )
        .route(
            "/nulagesanalys/{ar}/fragor/{id}/ned",
            post(pages::nulagesanalys::question_down),
        )
        .route(
            "/nulagesanalys/{ar}/fragor/{id}/ta-bort",
            post(pages::nulagesanalys::remove_question),
        )
        .route(
            "/nulagesanalys/{ar}/grupper/{kod}",
            get(pages::nulagesanalys::blankett),
        )
        .route(
            "/nulagesanalys/{ar}/grupper/{kod}/svar",
            post(pages::nulagesanalys::save),
        )
        .route(
            "/nulagesanalys/{ar}/grupper/{kod}/signera",
            post(pages::nulagesanalys::sign),
        )
        .route(
            "/nulagesanalys/{ar}/sammanstallning",
            get(pages::nulagesanalys::compiled),
        )
        .route(
            "/nulagesanalys/{ar}/siffror.xlsx",
            get(pages::nulagesanalys::xlsx),
        )
        .route("/statistik", get(pages::statistik::index))
        .route(
            "/statistik/nulagesanalys",
            get(pages::statistik::nulagesanalys),
        )
        .route("/system/forbund", get(system::list).post(system::create))
        .fallback(middleware::not_found)
        .layer(from_fn_with_state(state, middleware::session_and_csrf))
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/halsa", get(health::live))
        .route("/halsa/redo", get(health::ready))
        .route("/static/{name}", get(assets::serve))
        .merge(pages(state.clone()))
        .layer(
            ServiceBuilder::new()
                .layer(from_fn_with_state(
                    state.clone(),
                    middleware::request_context,
                ))
                .layer(from_fn_with_state(
                    state.clone(),
                    middleware::security_headers,
                ))
                // The fastest levels: pages are compressed on every request, and at level 4
                // brotli took a third of the server's CPU time on the ärende list, for a few
                // per cent smaller pages (docs/benchmarks.md).
                .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
                .layer(CatchPanicLayer::new())
                .layer(TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(30),
                )),
        )
        .with_state(state)
}
