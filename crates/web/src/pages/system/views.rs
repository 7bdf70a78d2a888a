//! The system administrator's templates: the förbund list and the created-förbund page.

use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::admin::forbund::{ForbundForm, ForbundListItem};
use lotsen_domain::FieldErrors;

#[derive(Template, WebTemplate)]
#[template(path = "system/forbund.html")]
pub struct ForbundPage {
    pub page: PageCtx,
    pub items: Vec<ForbundListItem>,
    pub form: ForbundForm,
    pub errors: FieldErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "system/created.html")]
pub struct CreatedPage {
    pub page: PageCtx,
    pub namn: String,
    pub admin_namn: String,
    pub admin_epost: String,
    pub password: Option<String>,
}
