//! LOKUS groups: list, create, edit (name, active, kommuner) and who holds roles in them.

use crate::error::AppResult;
use crate::extract::{Form, IdPath, TenantUser};
use crate::forms::form_errors;
use crate::pages::admin::views::lokus::*;
use crate::state::AppState;
use crate::views::{FlashQuery, PageCtx};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::admin::lokus::{self, Kommun, LokusDetail, LokusForm};
use lotsen_core::auth::LoadedSession;
use lotsen_domain::FieldErrors;
use uuid::Uuid;

pub(crate) fn lan_groups(all: Vec<Kommun>, selected: &[String]) -> Vec<LanGroup> {
    let mut groups: Vec<LanGroup> = Vec::new();
    for k in all {
        let checked = selected.contains(&k.kod);
        if groups
            .last()
            .map(|g| g.lanskod != k.lanskod)
            .unwrap_or(true)
        {
            groups.push(LanGroup {
                lanskod: k.lanskod.clone(),
                lan: k.lan.clone(),
                open: false,
                kommuner: Vec::new(),
            });
        }
        if let Some(g) = groups.last_mut() {
            g.open |= checked;
            g.kommuner.push(KommunOption {
                kod: k.kod,
                namn: k.namn,
                checked,
            });
        }
    }
    groups
}

pub async fn list(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<FlashQuery>,
) -> AppResult<LokusListPage> {
    let items = lokus::list(&state.db, &s.ctx).await?;
    Ok(LokusListPage {
        page: PageCtx::new(&s, "/admin/lokus", "LOKUS-grupper"),
        items,
        flash: q.message(),
    })
}

pub(crate) async fn form_page(
    state: &AppState,
    s: &LoadedSession,
    detail: Option<LokusDetail>,
    form: LokusForm,
    errors: FieldErrors,
) -> AppResult<LokusFormPage> {
    let all = lokus::kommuner(&state.db).await?;
    let title = match &detail {
        Some(d) => format!("LOKUS {}", d.kod),
        None => "Ny LOKUS-grupp".to_string(),
    };
    Ok(LokusFormPage {
        page: PageCtx::new(s, "/admin/lokus", title),
        lan: lan_groups(all, &form.kommuner),
        detail,
        form,
        errors,
        flash: None,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
) -> AppResult<LokusFormPage> {
    lokus::choices(&state.db, &s.ctx).await?;
    let form = LokusForm {
        aktiv: true,
        ..LokusForm::default()
    };
    form_page(&state, &s, None, form, FieldErrors::new()).await
}

pub async fn create(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Form(form): Form<LokusForm>,
) -> AppResult<Response> {
    match lokus::create(&state.db, &s.ctx, &form).await {
        Ok(id) => Ok(Redirect::to(&format!("/admin/lokus/{id}?klart=skapad")).into_response()),
        Err(e) => {
            let page = form_page(&state, &s, None, form, FieldErrors::new()).await?;
            form_errors(e, |errors| LokusFormPage { errors, ..page })
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Query(q): Query<FlashQuery>,
) -> AppResult<LokusFormPage> {
    let detail = lokus::get(&state.db, &s.ctx, id).await?;
    let form = LokusForm {
        kod: detail.kod.clone(),
        namn: detail.namn.clone(),
        aktiv: detail.aktiv,
        kommuner: detail.kommuner.clone(),
        ordforande_justerar_ensam: detail.ordforande_justerar_ensam,
    };
    let mut page = form_page(&state, &s, Some(detail), form, FieldErrors::new()).await?;
    page.flash = q.message();
    Ok(page)
}

pub async fn update(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<LokusForm>,
) -> AppResult<Response> {
    match lokus::update(&state.db, &s.ctx, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/lokus/{id}?klart=sparat")).into_response()),
        Err(e) => {
            let detail = lokus::get(&state.db, &s.ctx, id).await?;
            let form = LokusForm {
                kod: detail.kod.clone(),
                ..form
            };
            let page = form_page(&state, &s, Some(detail), form, FieldErrors::new()).await?;
            form_errors(e, |errors| LokusFormPage { errors, ..page })
        }
    }
}
