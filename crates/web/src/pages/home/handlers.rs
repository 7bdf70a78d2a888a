//! The start page's handler.

use super::views::*;
use crate::error::AppResult;
use crate::extract::User;
use crate::pages::insatser::views::StartMal;
use crate::state::AppState;
use crate::views::{FlashQuery, PageCtx};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::account;
use lotsen_core::nulagesanalys::signing;
use lotsen_core::start;
use lotsen_domain::{Action, Area, Role};

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
    let invitations = account::invitations(&state.db, ctx).await?.len();
    // Only a chair signs; the others are spared the query and its transaction.
    let reopened = if ctx
        .actor
        .grants
        .iter()
        .any(|g| g.role == Role::LokusOrdforande)
    {
        signing::reopened_for_chair(&state.db, ctx).await?
    } else {
        Vec::new()
    };
    let mut work = start::load(&state.db, ctx).await?;
    let grants = std::mem::take(&mut work.grants);
    let insats_mal = StartMal::of(work.insatser.take(), ctx);
    Ok(HomePage {
        page: PageCtx::new(&s, "/", "Start"),
        namn: ctx.namn.clone(),
        forbund: ctx.forbund.as_ref().map(|f| f.namn.clone()),
        grants,
        can_admin: ctx.can(Action::ManageForbund),
        can_audit: ctx.can(Action::ReadAuditLog),
        can_system: ctx.can(Action::CreateForbund),
        can_statistik: ctx.can(Action::Enter(Area::Statistik)),
        can_nulagesanalys: ctx.can(Action::Enter(Area::Nulagesanalys)),
        work: Work::from(work),
        flash: q.message(),
        failed_logins: q.failed_logins(),
        invitations,
        reopened,
        insats_mal,
    }
    .into_response())
}
