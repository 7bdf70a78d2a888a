//! The administration's handlers, one module per page group; the overview is here.

pub mod lokus;
pub mod organisations;
pub mod settings;
pub mod users;

use super::views::*;
use crate::error::AppResult;
use crate::extract::TenantUser;
use crate::views::PageCtx;
use lotsen_domain::Action;

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
