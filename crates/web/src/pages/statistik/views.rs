//! The statistics pages' templates: the selection form and the figure page with its links.

use crate::choices::Opt;
use crate::figures::{KvalitetView, TableView};
use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_domain::FieldErrors;
use lotsen_domain::statistik::SelectionForm;

pub struct QuickLink {
    pub label: String,
    pub href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "statistik/index.html")]
pub struct StatistikPage {
    pub page: PageCtx,
    pub sel: SelectionForm,
    pub errors: FieldErrors,
    pub lokus: Vec<Opt>,
    pub tertial: Vec<Opt>,
    pub formats: Vec<Opt>,
    pub quick: Vec<QuickLink>,
    pub threshold_hint: String,
    /// The Datakvalitet panel for the current round's period (no columns: not shown).
    pub kvalitet: KvalitetView,
}

#[derive(Template, WebTemplate)]
#[template(path = "statistik/nulagesanalys.html")]
pub struct NulagesanalysPage {
    pub page: PageCtx,
    pub forbund: String,
    pub scope: String,
    pub period: String,
    pub generated_at: String,
    pub suppression: String,
    pub by_kon: bool,
    pub print: bool,
    pub tables: Vec<TableView>,
    pub chart_width: u32,
    pub links: Links,
}

pub struct Links {
    pub xlsx: String,
    pub csv: String,
    pub toggle_kon: String,
    pub toggle_suppress: String,
    pub suppressed: bool,
    pub print: String,
    pub change: String,
    pub back: String,
}
