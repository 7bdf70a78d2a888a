//! Templates of the LOKUS group pages, with the kommun choices by län.

use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::admin::lokus::{LokusDetail, LokusForm, LokusListItem};
use lotsen_domain::FieldErrors;

pub struct KommunOption {
    pub kod: String,
    pub namn: String,
    pub checked: bool,
}

/// Kommuner of one län, for a collapsible group of checkboxes.
pub struct LanGroup {
    pub lanskod: String,
    pub lan: String,
    pub open: bool,
    pub kommuner: Vec<KommunOption>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/lokus_list.html")]
pub struct LokusListPage {
    pub page: PageCtx,
    pub items: Vec<LokusListItem>,
    pub flash: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/lokus_form.html")]
pub struct LokusFormPage {
    pub page: PageCtx,
    /// `None` when creating a new group.
    pub detail: Option<LokusDetail>,
    pub form: LokusForm,
    pub lan: Vec<LanGroup>,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
}
