//! The administration's overview page.

use crate::error::AppResult;
use crate::extract::TenantUser;
use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_domain::Action;

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
