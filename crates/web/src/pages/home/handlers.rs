//! The start page: who you are, where you work, and what you can do here.

use crate::error::AppResult;
use crate::extract::User;
use crate::state::AppState;
use crate::views::{FlashQuery, PageCtx};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::account::{self, GrantView};
use lotsen_domain::Action;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    pub page: PageCtx,
    pub namn: String,
    pub forbund: Option<String>,
    pub grants: Vec<GrantView>,
    pub can_admin: bool,
    pub can_audit: bool,
    pub can_system: bool,
    pub flash: Option<&'static str>,
    pub failed_logins: Option<String>,
    /// Förbund waiting for the person to accept a membership.
    pub invitations: usize,
}

pub async fn show(
    State(state): State<AppState>,
    User(s): User,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let ctx = &s.ctx;
    if ctx.forbund.is_none() && ctx.forbund_count > 0 {
        let to = format!("/valj-forbund{}", q.failed_logins_query());
        return Ok(Redirect::to(&to).into_response());
    }
    let grants = account::my_grants(&state.db, ctx).await?;
    let invitations = account::invitations(&state.db, ctx).await?.len();
    Ok(HomePage {
        page: PageCtx::new(&s, "/", "Start"),
        namn: ctx.namn.clone(),
        forbund: ctx.forbund.as_ref().map(|f| f.namn.clone()),
        grants,
        can_admin: ctx.can(Action::ManageForbund),
        can_audit: ctx.can(Action::ReadAuditLog),
        can_system: ctx.can(Action::CreateForbund),
        flash: q.message(),
        failed_logins: q.failed_logins(),
        invitations,
    }
    .into_response())
}
