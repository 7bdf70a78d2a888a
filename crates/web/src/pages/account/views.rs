//! The account pages' templates: login, choosing the förbund, invitations, password.

use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::auth::login::MembershipChoice;
use lotsen_domain::FieldErrors;
use uuid::Uuid;

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub page: PageCtx,
    pub epost: String,
    pub errors: FieldErrors,
    pub notice: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "password.html")]
pub struct PasswordPage {
    pub page: PageCtx,
    pub forced: bool,
    pub errors: FieldErrors,
    pub failed_logins: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "choose_forbund.html")]
pub struct ChooseForbundPage {
    pub page: PageCtx,
    pub choices: Vec<MembershipChoice>,
    pub current: Option<Uuid>,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
    pub failed_logins: Option<String>,
}

impl ChooseForbundPage {
    /// The radio button to preselect: the active förbund, else the first.
    pub fn is_checked(&self, id: &Uuid, first: bool) -> bool {
        match self.current {
            Some(current) => current == *id,
            None => first,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "invitations.html")]
pub struct InvitationsPage {
    pub page: PageCtx,
    pub invitations: Vec<lotsen_core::account::Invitation>,
}

#[derive(Template, WebTemplate)]
#[template(path = "avisering.html")]
pub struct NoticesPage {
    pub page: PageCtx,
    /// The person receives e-mail notices.
    pub on: bool,
    /// This server sends mail at all.
    pub mail_enabled: bool,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
}
