//! Templates of the organisation and unit pages.

use crate::pages::admin::handlers::organisations::*;
use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::admin::organisation::{
    EnhetForm, OrganisationDetail, OrganisationForm, OrganisationListItem,
};
use lotsen_domain::FieldErrors;
use uuid::Uuid;

pub struct PartOption {
    pub code: &'static str,
    pub label: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/organisations.html")]
pub struct OrganisationsPage {
    pub page: PageCtx,
    pub items: Vec<OrganisationListItem>,
    pub parts: Vec<PartOption>,
    pub form: OrganisationForm,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/organisation.html")]
pub struct OrganisationPage {
    pub page: PageCtx,
    pub org: OrganisationDetail,
    pub parts: Vec<PartOption>,
    pub form: OrganisationForm,
    pub errors: FieldErrors,
    pub unit_form: EnhetForm,
    pub unit_errors: FieldErrors,
    pub flash: Option<&'static str>,
}

impl OrganisationPage {
    pub(crate) fn new(
        s: &lotsen_core::auth::LoadedSession,
        org: OrganisationDetail,
    ) -> OrganisationPage {
        let form = OrganisationForm {
            part: org.part.code().to_string(),
            namn: org.namn.clone(),
        };
        OrganisationPage {
            page: PageCtx::new(s, "/admin/organisationer", org.namn.clone()),
            org,
            parts: part_options(),
            form,
            errors: FieldErrors::new(),
            unit_form: EnhetForm::default(),
            unit_errors: FieldErrors::new(),
            flash: None,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/unit.html")]
pub struct UnitPage {
    pub page: PageCtx,
    pub org: OrganisationDetail,
    pub enhet_id: Uuid,
    pub form: EnhetForm,
    pub errors: FieldErrors,
}
