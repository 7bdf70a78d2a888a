//! The audit log page for förbund-admin and dataskyddsombud: search by person, action and
//! date; filters live in the URL so a search can be bookmarked.

use super::views::*;
use crate::error::AppResult;
use crate::extract::TenantUser;
use crate::state::AppState;
use crate::views::{PageCtx, Pager};
use axum::extract::{Query, State};
use lotsen_core::audit::{self, AuditQuery};
use lotsen_domain::{Action, AuditAction, FieldErrors};
use time::Date;
use time::macros::format_description;
use uuid::Uuid;

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct AuditFilter {
    #[serde(default)]
    pub anvandare: String,
    #[serde(default)]
    pub atgard: String,
    #[serde(default)]
    pub fran: String,
    #[serde(default)]
    pub till: String,
    #[serde(default)]
    pub sida: Option<u32>,
}

pub(crate) fn parse_date(
    input: &str,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<Date> {
    let v = input.trim();
    if v.is_empty() {
        return None;
    }
    match Date::parse(v, format_description!("[year]-[month]-[day]")) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-01.");
            None
        }
    }
}

pub(crate) fn href(f: &AuditFilter, page: u32) -> String {
    let pairs = [
        ("anvandare", f.anvandare.as_str()),
        ("atgard", f.atgard.as_str()),
        ("fran", f.fran.as_str()),
        ("till", f.till.as_str()),
    ];
    let mut q: Vec<(&str, String)> = pairs
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.to_string()))
        .collect();
    q.push(("sida", page.to_string()));
    format!(
        "/admin/logg?{}",
        serde_urlencoded::to_string(q).unwrap_or_default()
    )
}

pub async fn search(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(filter): Query<AuditFilter>,
) -> AppResult<AuditPage> {
    s.ctx.require(Action::ReadAuditLog)?;
    let mut errors = FieldErrors::new();
    let user = match filter.anvandare.trim() {
        "" => None,
        v => match Uuid::parse_str(v) {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("anvandare", "Välj en person i listan.");
                None
            }
        },
    };
    let action = match filter.atgard.trim() {
        "" => None,
        v => {
            let a = AuditAction::from_code(v);
            if a.is_none() {
                errors.add("atgard", "Välj en händelse i listan.");
            }
            a
        }
    };
    let from = parse_date(&filter.fran, "fran", &mut errors);
    let to = parse_date(&filter.till, "till", &mut errors);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.add("till", "Slutdatumet ligger före startdatumet.");
    }
    let page_no = filter.sida.unwrap_or(1).max(1);
    let q = AuditQuery {
        user,
        action,
        from,
        to,
        page: page_no - 1,
    };
    let result = audit::search(&state.db, &s.ctx, &q).await?;
    let users = audit::user_choices(&state.db, &s.ctx).await?;
    let pager = Pager::new(result.total, i64::from(result.per_page), page_no, |n| {
        href(&filter, n)
    });
    Ok(AuditPage {
        page: PageCtx::new(&s, "/admin/logg", "Logg"),
        pager,
        filter,
        users,
        actions: AuditAction::ALL
            .iter()
            .map(|a| ActionOption {
                code: a.code(),
                label: a.label(),
            })
            .collect(),
        rows: result
            .items
            .into_iter()
            .map(|item| AuditRow {
                label: AuditAction::from_code(&item.action)
                    .map(AuditAction::label)
                    .unwrap_or("Okänd händelse"),
                item,
            })
            .collect(),
        total: result.total,
        errors,
    })
}
