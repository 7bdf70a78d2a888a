//! Organisations of the member parties and their units.

use crate::error::AppResult;
use crate::extract::{Form, IdPath, TenantUser};
use crate::forms::form_errors;
use crate::pages::admin::views::organisations::*;
use crate::state::AppState;
use crate::views::{FlashQuery, PageCtx};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::admin::organisation::{self, EnhetForm, OrganisationForm};
use lotsen_domain::{FieldErrors, Part};
use uuid::Uuid;

pub fn part_options() -> Vec<PartOption> {
    Part::ALL
        .iter()
        .map(|p| PartOption {
            code: p.code(),
            label: p.label(),
        })
        .collect()
}

pub async fn list(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<FlashQuery>,
) -> AppResult<OrganisationsPage> {
    let items = organisation::list(&state.db, &s.ctx).await?;
    Ok(OrganisationsPage {
        page: PageCtx::new(&s, "/admin/organisationer", "Organisationer"),
        items,
        parts: part_options(),
        form: OrganisationForm::default(),
        errors: FieldErrors::new(),
        flash: q.message(),
    })
}

pub async fn create(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Form(form): Form<OrganisationForm>,
) -> AppResult<Response> {
    match organisation::create(&state.db, &s.ctx, &form).await {
        Ok(id) => {
            Ok(Redirect::to(&format!("/admin/organisationer/{id}?klart=skapad")).into_response())
        }
        Err(e) => {
            let items = organisation::list(&state.db, &s.ctx).await?;
            form_errors(e, |errors| OrganisationsPage {
                page: PageCtx::new(&s, "/admin/organisationer", "Organisationer"),
                items,
                parts: part_options(),
                form,
                errors,
                flash: None,
            })
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Query(q): Query<FlashQuery>,
) -> AppResult<OrganisationPage> {
    let org = organisation::get(&state.db, &s.ctx, id).await?;
    let mut page = OrganisationPage::new(&s, org);
    page.flash = q.message();
    Ok(page)
}

pub async fn update(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<OrganisationForm>,
) -> AppResult<Response> {
    match organisation::update(&state.db, &s.ctx, id, &form).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/organisationer/{id}?klart=sparat")).into_response())
        }
        Err(e) => {
            let org = organisation::get(&state.db, &s.ctx, id).await?;
            form_errors(e, |errors| {
                let mut page = OrganisationPage::new(&s, org);
                page.form = form;
                page.errors = errors;
                page
            })
        }
    }
}

pub async fn create_unit(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<EnhetForm>,
) -> AppResult<Response> {
    match organisation::create_enhet(&state.db, &s.ctx, id, &form).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/admin/organisationer/{id}?klart=skapad")).into_response())
        }
        Err(e) => {
            let org = organisation::get(&state.db, &s.ctx, id).await?;
            form_errors(e, |errors| {
                let mut page = OrganisationPage::new(&s, org);
                page.unit_form = form;
                page.unit_errors = errors;
                page
            })
        }
    }
}

pub async fn unit_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((id, enhet)): IdPath<(Uuid, Uuid)>,
) -> AppResult<UnitPage> {
    let org = organisation::get(&state.db, &s.ctx, id).await?;
    let namn = org
        .enheter
        .iter()
        .find(|e| e.enhet_id == enhet)
        .map(|e| e.namn.clone())
        .ok_or(crate::error::AppError::NotFound)?;
    Ok(UnitPage {
        page: PageCtx::new(&s, "/admin/organisationer", format!("Enhet: {namn}")),
        org,
        enhet_id: enhet,
        form: EnhetForm { enhet_namn: namn },
        errors: FieldErrors::new(),
    })
}

pub async fn rename_unit(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((id, enhet)): IdPath<(Uuid, Uuid)>,
    Form(form): Form<EnhetForm>,
) -> AppResult<Response> {
    match organisation::rename_enhet(&state.db, &s.ctx, id, enhet, &form).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/organisationer/{id}?klart=sparat")).into_response())
        }
        Err(e) => {
            let org = organisation::get(&state.db, &s.ctx, id).await?;
            form_errors(e, |errors| UnitPage {
                page: PageCtx::new(&s, "/admin/organisationer", "Ändra enhet"),
                org,
                enhet_id: enhet,
                form,
                errors,
            })
        }
    }
}
