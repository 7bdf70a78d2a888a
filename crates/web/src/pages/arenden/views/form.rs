//! The intake and edit form's template.

use crate::choices::Choice;
use crate::choices::{Opt, OptGroup};
use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::arende::create::{HandlaggareChoice, Registered};
use lotsen_domain::FieldErrors;
use lotsen_domain::arende_form::ArendeForm;
use uuid::Uuid;

pub struct Editing {
    pub id: Uuid,
    pub nummer: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "arenden/form.html")]
pub struct ArendeFormPage {
    pub page: PageCtx,
    pub editing: Option<Editing>,
    /// The ärende "Spara och registrera nästa" just saved (the confirmation above the form).
    pub registered: Option<Registered>,
    /// The typed handläggare code looks like a name: the confirmation box is shown.
    pub namnlik: bool,
    pub form: ArendeForm,
    pub errors: FieldErrors,
    pub lokus: Vec<Opt>,
    pub avsandare: Vec<OptGroup>,
    pub kommuner: Vec<OptGroup>,
    pub handlaggare: Vec<HandlaggareChoice>,
    pub kanal: Vec<Choice>,
    pub kon: Vec<Choice>,
    pub ersattning: Vec<Choice>,
    pub malgrupper: Vec<Choice>,
    pub problem: Vec<Choice>,
    pub today: String,
    /// Accepting a request: the tilläggsresurs insatser whose queue the person may enter.
    pub insats_groups: Vec<OptGroup>,
}
