//! The detail page of an ärende (`/arenden/{id}`): everything recorded, the timeline, and the
//! forms for actions, flagging to LOKUS, status, closing, reopening and notes.

mod view;

use crate::choices::{Choice, atgard_choices, avslut_choices, labels, part_label};
use crate::error::AppResult;
use crate::extract::{Form, IdPath, TenantUser};
use crate::forms::redirect_or_form;
use crate::state::AppState;
use crate::views::{Fact, FlashQuery, PageCtx};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Response;
use lotsen_core::CoreError;
use lotsen_core::arende::change::{self, AtgardForm, CloseForm};
use lotsen_core::arende::consent;
use lotsen_core::arende::detail;
use lotsen_core::auth::LoadedSession;
use lotsen_domain::arende::{Atgard, Ersattning, Kanal, Malgrupp};
use lotsen_domain::arende_form::Avsandare;
use lotsen_domain::samtycke::{SamtyckeForm, SamtyckeInput};
use lotsen_domain::{FieldErrors, Part};
use uuid::Uuid;
use view::*;

pub async fn show(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Query(q): Query<FlashQuery>,
) -> AppResult<ArendeShowPage> {
    let mut page = show_page(&state, &s, id, FieldErrors::new(), Forms::default()).await?;
    page.flash = match q.klart.as_deref() {
        Some("fanns") => Some("Formuläret hade redan skickats; här är ärendet som registrerades."),
        _ => q.message(),
    };
    Ok(page)
}

/// After a change: back to the ärende, or the page again with the form's errors.
async fn after(
    state: &AppState,
    s: &LoadedSession,
    id: Uuid,
    result: Result<(), CoreError>,
    forms: Forms,
) -> AppResult<Response> {
    redirect_or_form(
        result,
        |()| format!("/arenden/{id}?klart=sparat"),
        |errors| show_page(state, s, id, errors, forms),
    )
    .await
}

pub async fn add_action(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<AtgardForm>,
) -> AppResult<Response> {
    let r = change::add_action(&state.db, &s.ctx, id, &form).await;
    after(
        &state,
        &s,
        id,
        r,
        Forms {
            atgard: form,
            ..Forms::default()
        },
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct FlagForm {
    #[serde(default)]
    fraga: String,
}

pub async fn flag(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<FlagForm>,
) -> AppResult<Response> {
    let r = change::flag(&state.db, &s.ctx, id, &form.fraga).await;
    after(&state, &s, id, r, Forms::default()).await
}

pub async fn unflag(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<Response> {
    let r = change::unflag(&state.db, &s.ctx, id).await;
    after(&state, &s, id, r, Forms::default()).await
}

#[derive(serde::Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let r = change::set_status(&state.db, &s.ctx, id, &form.status).await;
    after(&state, &s, id, r, Forms::default()).await
}

pub async fn close(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<CloseForm>,
) -> AppResult<Response> {
    let r = change::close(&state.db, &s.ctx, id, &form).await;
    after(
        &state,
        &s,
        id,
        r,
        Forms {
            close: form,
            ..Forms::default()
        },
    )
    .await
}

pub async fn reopen(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<Response> {
    let r = change::reopen(&state.db, &s.ctx, id).await;
    after(&state, &s, id, r, Forms::default()).await
}

#[derive(serde::Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    anteckning_text: String,
}

pub async fn note(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let r = change::note(&state.db, &s.ctx, id, &form.anteckning_text).await;
    after(&state, &s, id, r, Forms::default()).await
}

pub async fn record_consent(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(input): Form<SamtyckeInput>,
) -> AppResult<Response> {
    let r = consent::record_consent(&state.db, &s.ctx, id, &input).await;
    after(
        &state,
        &s,
        id,
        r,
        Forms {
            samtycke: input,
            ..Forms::default()
        },
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct IdentityForm {
    #[serde(default)]
    identitet_namn: String,
    #[serde(default)]
    identitet_personnummer: String,
}

pub async fn set_identity(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<IdentityForm>,
) -> AppResult<Response> {
    let r = consent::set_identity(
        &state.db,
        &s.ctx,
        id,
        &form.identitet_namn,
        &form.identitet_personnummer,
    )
    .await;
    let forms = Forms {
        identitet_namn: form.identitet_namn,
        identitet_personnummer: form.identitet_personnummer,
        ..Forms::default()
    };
    after(&state, &s, id, r, forms).await
}

pub async fn withdraw_consent(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<Response> {
    let r = consent::withdraw_consent(&state.db, &s.ctx, id).await;
    after(&state, &s, id, r, Forms::default()).await
}
