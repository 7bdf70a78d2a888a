//! The participant figures page's template.

use crate::figures::TableView;
use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_domain::FieldErrors;
use lotsen_domain::statistik::PeriodForm;

#[derive(Template, WebTemplate)]
#[template(path = "insats_siffror/siffror.html")]
pub struct SiffrorPage {
    pub page: PageCtx,
    pub action: String,
    pub form: PeriodForm,
    pub undertryck: bool,
    pub errors: FieldErrors,
    /// `None` when the selection did not parse (the form with its errors only).
    pub figures: Option<Shown>,
}

pub struct Shown {
    pub forbund: String,
    pub scope: String,
    pub period: String,
    pub generated_at: String,
    pub suppression: String,
    pub tables: Vec<TableView>,
    pub chart_width: u32,
    pub xlsx: String,
    pub csv: String,
    pub toggle_suppress: String,
    pub suppressed: bool,
}
