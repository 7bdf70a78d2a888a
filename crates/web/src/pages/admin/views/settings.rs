//! The förbund settings page's template.

use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::admin::forbund::SettingsForm;
use lotsen_domain::FieldErrors;

#[derive(Template, WebTemplate)]
#[template(path = "admin/settings.html")]
pub struct SettingsPage {
    pub page: PageCtx,
    pub slug: String,
    pub organisationsnummer: String,
    pub form: SettingsForm,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
}
