//! The system administrator's page: every förbund, and creating one with its first admin.

use super::views::*;
use crate::error::AppResult;
use crate::extract::{Form, User};
use crate::forms::form_errors;
use crate::state::AppState;
use crate::views::PageCtx;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use lotsen_core::admin::forbund::{self, ForbundForm};
use lotsen_domain::{Action, FieldErrors};

pub async fn list(State(state): State<AppState>, User(s): User) -> AppResult<ForbundPage> {
    s.ctx.require(Action::CreateForbund)?;
    let items = forbund::list(&state.db, &s.ctx).await?;
    Ok(ForbundPage {
        page: PageCtx::new(&s, "/system/forbund", "Förbund"),
        items,
        form: ForbundForm::default(),
        errors: FieldErrors::new(),
    })
}

pub async fn create(
    State(state): State<AppState>,
    User(s): User,
    Form(form): Form<ForbundForm>,
) -> AppResult<Response> {
    match forbund::create(&state.db, &s.ctx, &form).await {
        Ok(created) => Ok(CreatedPage {
            page: PageCtx::new(&s, "/system/forbund", "Förbundet är skapat"),
            namn: form.namn.trim().to_string(),
            admin_namn: form.admin_namn.trim().to_string(),
            admin_epost: form.admin_epost.trim().to_string(),
            password: created.one_time_password,
        }
        .into_response()),
        Err(e) => {
            let items = forbund::list(&state.db, &s.ctx).await?;
            form_errors(e, |errors| ForbundPage {
                page: PageCtx::new(&s, "/system/forbund", "Förbund"),
                items,
                form,
                errors,
            })
        }
    }
}
