//! The administration's templates and view models, one module per page group.

pub mod lokus;
pub mod organisations;
pub mod settings;
pub mod users;

use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;

#[derive(Template, WebTemplate)]
#[template(path = "admin/index.html")]
pub struct AdminIndexPage {
    pub page: PageCtx,
    pub forbund: String,
}
