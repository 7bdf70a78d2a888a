//! The förbund's own settings: name, small-count suppression threshold, idle timeout.

use crate::error::AppResult;
use crate::extract::{Form, TenantUser};
use crate::forms::form_errors;
use crate::pages::admin::views::settings::*;
use crate::state::AppState;
use crate::views::{FlashQuery, PageCtx};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::admin::forbund::{self, SettingsForm};
use lotsen_domain::FieldErrors;

pub async fn show(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<FlashQuery>,
) -> AppResult<SettingsPage> {
    let current = forbund::settings(&state.db, &s.ctx).await?;
    Ok(SettingsPage {
        page: PageCtx::new(&s, "/admin/forbund", "Förbundets inställningar"),
        slug: current.slug,
        organisationsnummer: current.organisationsnummer,
        form: SettingsForm {
            namn: current.namn,
            undertryck_grans: current.undertryck_grans.to_string(),
            session_idle_minuter: current.session_idle_minuter.to_string(),
        },
        errors: FieldErrors::new(),
        flash: q.message(),
    })
}

pub async fn update(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Form(form): Form<SettingsForm>,
) -> AppResult<Response> {
    match forbund::update_settings(&state.db, &s.ctx, &form).await {
        Ok(()) => Ok(Redirect::to("/admin/forbund?klart=sparat").into_response()),
        Err(e) => {
            let current = forbund::settings(&state.db, &s.ctx).await?;
            form_errors(e, |errors| SettingsPage {
                page: PageCtx::new(&s, "/admin/forbund", "Förbundets inställningar"),
                slug: current.slug,
                organisationsnummer: current.organisationsnummer,
                form,
                errors,
                flash: None,
            })
        }
    }
}
