//! The ärende list's template and its rows.

use crate::choices::Choice;
use crate::pages::arenden::handlers::list::*;
use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_domain::FieldErrors;
use uuid::Uuid;

pub struct Row {
    pub id: Uuid,
    pub nummer: String,
    pub inkom: String,
    pub lokus: String,
    pub avsandare: String,
    pub kon: String,
    pub alder: String,
    pub problem: String,
    pub status: String,
    pub flaggad: bool,
    /// Consent is recorded, so the ärende may hold the person's identity.
    pub samtycke: bool,
}

/// The import the list is narrowed to, and the link that removes that filter.
pub struct ImportCaption {
    /// "Importerade 2026-03-10: 12 ärenden".
    pub text: String,
    pub remove_href: String,
}

pub struct LokusOpt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "arenden/list.html")]
pub struct ArendeListPage {
    pub page: PageCtx,
    /// The data-quality check the list is narrowed to, from the Datakvalitet panel.
    pub brist: Option<&'static str>,
    /// Showing only ärenden without an action for 30 days.
    pub quiet: bool,
    /// Status "Ny förfrågan": the requests waiting in the coordinator's groups.
    pub forfragningar: Option<Vec<crate::pages::forfragningar::views::WaitingItem>>,
    /// How many requests wait (the navigation's count), for the notice above the list.
    pub vantar: i64,
    pub import: Option<ImportCaption>,
    pub query: ListQuery,
    pub errors: FieldErrors,
    pub rows: Vec<Row>,
    pub total: i64,
    /// "1 ärende", "54 ärenden".
    pub antal: String,
    pub pager: crate::views::Pager,
    pub lokus: Vec<LokusOpt>,
    pub status: Vec<Choice>,
    pub parts: Vec<Choice>,
    pub problem: Vec<Choice>,
    pub malgrupper: Vec<Choice>,
    pub sorts: Vec<Choice>,
}
