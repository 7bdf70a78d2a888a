//! The start page's view.

use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::account::GrantView;
use lotsen_core::nulagesanalys::signing::Reopened;

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
    /// Nulägesanalys forms of the person's groups, reopened and waiting for their signature.
    pub reopened: Vec<Reopened>,
}
