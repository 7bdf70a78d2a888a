//! The förbund administrator's pages: overview, settings, organisations and units, LOKUS
//! groups, users and roles. The core checks the permission on every call; these handlers only
//! parse, call and render.

pub mod lokus;
pub mod organisations;
pub mod settings;
pub mod users;

use crate::error::{AppError, AppResult};
use crate::extract::TenantUser;
use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lotsen_core::CoreError;
use lotsen_domain::{Action, FieldErrors};

#[derive(Template, WebTemplate)]
#[template(path = "admin/index.html")]
pub struct AdminIndexPage {
    pub page: PageCtx,
    pub forbund: String,
}

pub async fn index(TenantUser(s): TenantUser) -> AppResult<AdminIndexPage> {
    s.ctx.require(Action::ManageForbund)?;
    Ok(AdminIndexPage {
        page: PageCtx::new(&s, "/admin", "Administration"),
        forbund: s
            .ctx
            .forbund
            .as_ref()
            .map(|f| f.namn.clone())
            .unwrap_or_default(),
    })
}

/// Renders a form page again with its errors (422), or passes any other error on.
pub fn form_errors<T: IntoResponse>(
    result: CoreError,
    render: impl FnOnce(FieldErrors) -> T,
) -> AppResult<Response> {
    match result {
        CoreError::Invalid(errors) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(errors)).into_response())
        }
        e => Err(AppError::from(e)),
    }
}
