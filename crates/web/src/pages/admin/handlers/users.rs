//! Users of the förbund: list, add (with a one-time password), workplace, roles, activation
//! and new one-time passwords.

use crate::error::AppResult;
use crate::extract::{Form, IdPath, TenantUser};
use crate::forms::form_errors;
use crate::pages::admin::views::users::*;
use crate::state::AppState;
use crate::views::{FlashQuery, PageCtx};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::CoreError;
use lotsen_core::admin::users::UserForm;
use lotsen_core::admin::{lokus, organisation, users};
use lotsen_core::auth::LoadedSession;
use lotsen_domain::{FieldErrors, Role};
use uuid::Uuid;

pub(crate) async fn workplaces(
    state: &AppState,
    s: &LoadedSession,
) -> AppResult<Vec<WorkplaceOption>> {
    let rows = organisation::unit_choices(&state.db, &s.ctx).await?;
    let mut out: Vec<WorkplaceOption> = Vec::new();
    let mut last_org = None;
    for r in rows {
        if last_org != Some(r.organisation_id) {
            out.push(WorkplaceOption {
                value: format!("org:{}", r.organisation_id),
                label: r.organisation_namn.clone(),
            });
            last_org = Some(r.organisation_id);
        }
        if let (Some(id), Some(namn)) = (r.enhet_id, r.enhet_namn) {
            out.push(WorkplaceOption {
                value: format!("enhet:{id}"),
                label: format!("{} – {namn}", r.organisation_namn),
            });
        }
    }
    Ok(out)
}

pub async fn list(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<FlashQuery>,
) -> AppResult<UsersPage> {
    let items = users::list(&state.db, &s.ctx).await?;
    Ok(UsersPage {
        page: PageCtx::new(&s, "/admin/anvandare", "Användare"),
        items,
        flash: q.message(),
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
) -> AppResult<NewUserPage> {
    let workplaces = workplaces(&state, &s).await?;
    Ok(NewUserPage {
        page: PageCtx::new(&s, "/admin/anvandare", "Ny användare"),
        form: UserForm::default(),
        workplaces,
        errors: FieldErrors::new(),
    })
}

pub async fn create(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Form(form): Form<UserForm>,
) -> AppResult<Response> {
    match users::create(&state.db, &s.ctx, &form).await {
        Ok(attached) => {
            let detail = users::get(&state.db, &s.ctx, attached.user_id).await?;
            Ok(OneTimePasswordPage {
                page: PageCtx::new(&s, "/admin/anvandare", "Användaren är skapad"),
                user_id: attached.user_id,
                namn: detail.namn,
                epost: detail.epost,
                password: attached.one_time_password,
                created: true,
            }
            .into_response())
        }
        Err(e) => {
            let workplaces = workplaces(&state, &s).await?;
            form_errors(e, |errors| NewUserPage {
                page: PageCtx::new(&s, "/admin/anvandare", "Ny användare"),
                form,
                workplaces,
                errors,
            })
        }
    }
}

pub(crate) async fn user_page(
    state: &AppState,
    s: &LoadedSession,
    id: Uuid,
    errors: FieldErrors,
) -> AppResult<UserPage> {
    let user = users::get(&state.db, &s.ctx, id).await?;
    let workplaces = workplaces(state, s).await?;
    let groups = lokus::choices(&state.db, &s.ctx).await?;
    let roles = Role::FORBUND_WIDE
        .iter()
        .map(|r| RoleOption {
            code: r.code(),
            label: r.label(),
            checked: user.has(*r, None),
        })
        .collect();
    let lokus_roles = groups
        .into_iter()
        .map(|(lokus_id, kod, namn)| LokusRoleRow {
            koordinator: user.has(Role::Koordinator, Some(lokus_id)),
            ordforande: user.has(Role::LokusOrdforande, Some(lokus_id)),
            ledamot: user.has(Role::LokusLedamot, Some(lokus_id)),
            lokus_id,
            kod,
            namn,
        })
        .collect();
    let form = UserForm {
        namn: user.namn.clone(),
        epost: user.epost.clone(),
        arbetsplats: user.arbetsplats(),
    };
    Ok(UserPage {
        page: PageCtx::new(s, "/admin/anvandare", user.namn.clone()),
        is_self: id == s.ctx.user_id,
        user,
        form,
        workplaces,
        roles,
        lokus_roles,
        errors,
        flash: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Query(q): Query<FlashQuery>,
) -> AppResult<UserPage> {
    let mut page = user_page(&state, &s, id, FieldErrors::new()).await?;
    page.flash = q.message();
    Ok(page)
}

pub(crate) async fn redisplay(
    state: &AppState,
    s: &LoadedSession,
    id: Uuid,
    e: CoreError,
) -> AppResult<Response> {
    match e {
        CoreError::Invalid(errors) => {
            let page = user_page(state, s, id, FieldErrors::new()).await?;
            form_errors(CoreError::Invalid(errors), |errors| UserPage {
                errors,
                ..page
            })
        }
        e => Err(e.into()),
    }
}

pub async fn update(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<UserForm>,
) -> AppResult<Response> {
    match users::update(&state.db, &s.ctx, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/anvandare/{id}?klart=sparat")).into_response()),
        Err(CoreError::Invalid(errors)) => {
            let page = user_page(&state, &s, id, FieldErrors::new()).await?;
            form_errors(CoreError::Invalid(errors), |errors| UserPage {
                errors,
                form: UserForm {
                    epost: page.form.epost.clone(),
                    ..form
                },
                ..page
            })
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn set_roles(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(roles): Form<users::RolesForm>,
) -> AppResult<Response> {
    let grants = match roles.parse() {
        Ok(g) => g,
        Err(m) => return redisplay(&state, &s, id, CoreError::invalid("roller", m)).await,
    };
    match users::set_roles(&state.db, &s.ctx, id, &grants).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/anvandare/{id}?klart=roller")).into_response()),
        Err(e) => redisplay(&state, &s, id, e).await,
    }
}

#[derive(serde::Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    aktiv: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<ActiveForm>,
) -> AppResult<Response> {
    let active = match form.aktiv.as_str() {
        "ja" => true,
        "nej" => false,
        _ => return Err(crate::error::AppError::BadRequest),
    };
    match users::set_active(&state.db, &s.ctx, id, active).await {
        Ok(()) => {
            let code = if active { "aktiverad" } else { "inaktiverad" };
            Ok(Redirect::to(&format!("/admin/anvandare/{id}?klart={code}")).into_response())
        }
        Err(e) => redisplay(&state, &s, id, e).await,
    }
}

pub async fn reset_password(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<Response> {
    match users::reset_password(&state.db, &s.ctx, id).await {
        Ok(password) => {
            let detail = users::get(&state.db, &s.ctx, id).await?;
            Ok(OneTimePasswordPage {
                page: PageCtx::new(&s, "/admin/anvandare", "Nytt engångslösenord"),
                user_id: id,
                namn: detail.namn,
                epost: detail.epost,
                password: Some(password),
                created: false,
            }
            .into_response())
        }
        Err(e) => redisplay(&state, &s, id, e).await,
    }
}
