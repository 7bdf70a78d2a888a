//! The audit log page's template and its rows.

use super::handlers::AuditFilter;
use crate::views::{PageCtx, Pager};
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::audit::AuditListItem;
use lotsen_domain::FieldErrors;
use uuid::Uuid;

pub struct ActionOption {
    pub code: &'static str,
    pub label: &'static str,
}

pub struct AuditRow {
    pub item: AuditListItem,
    pub label: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub page: PageCtx,
    pub filter: AuditFilter,
    pub users: Vec<(Uuid, String)>,
    pub actions: Vec<ActionOption>,
    pub rows: Vec<AuditRow>,
    pub total: i64,
    pub pager: Pager,
    pub errors: FieldErrors,
}
