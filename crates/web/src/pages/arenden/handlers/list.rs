//! The coordinator's list (`/arenden`): filters, search, sort and paging all live in the URL,
//! so a view can be bookmarked.

use crate::choices::{Choice, malgrupp_choices, part_choices, problem_choices, status_choices};
use crate::error::{AppError, AppResult};
use crate::extract::TenantUser;
use crate::pages::arenden::views::list::*;
use crate::pages::forfragningar::views::WaitingItem;
use crate::state::AppState;
use crate::views::{PageCtx, antal};
use axum::extract::{Query, State};
use lotsen_core::arende::list::{self, ArendeFilter, Sort};
use lotsen_domain::arende::{Malgrupp, Samverkansproblem, Status};
use lotsen_domain::kvalitet::Brist;
use lotsen_domain::validate::parse_date;
use lotsen_domain::{FieldErrors, Part};
use uuid::Uuid;

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct ListQuery {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub lokus: String,
    #[serde(default)]
    pub part: String,
    #[serde(default)]
    pub fran: String,
    #[serde(default)]
    pub till: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub malgrupp: String,
    #[serde(default)]
    pub flaggad: String,
    #[serde(default)]
    pub egna: String,
    #[serde(default)]
    pub uppfoljning: String,
    #[serde(default)]
    pub q: String,
    /// A data-quality check (`Brist` code), from the Datakvalitet panel's links.
    #[serde(default)]
    pub brist: String,
    /// `ja`: in progress without an action for 30 days (from the start page).
    #[serde(default)]
    pub utan_atgard: String,
    /// An import's id, from "Visa ärendena" after the import.
    #[serde(default)]
    pub import: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub sida: Option<u32>,
}

pub(crate) fn parse(q: &ListQuery, errors: &mut FieldErrors) -> ArendeFilter {
    let mut f = ArendeFilter {
        bara_oppna: q.status.is_empty(),
        flaggad: q.flaggad == "ja",
        egna: q.egna == "ja",
        lokus_uppfoljning: q.uppfoljning == "ja",
        quiet: q.utan_atgard == "ja",
        sort: Sort::from_code(&q.sort).unwrap_or_default(),
        page: q.sida.unwrap_or(1).max(1) - 1,
        ..ArendeFilter::default()
    };
    if !q.brist.is_empty() {
        f.brist = Brist::from_code(&q.brist);
        if f.brist.is_none() {
            errors.add("q", "Okänd kontroll av datakvalitet.");
        }
    }
    // An id that is not one answers 404 in `list`, as an unknown import does.
    f.import = Uuid::parse_str(q.import.trim()).ok();
    if !q.status.is_empty() && q.status != "alla" {
        f.status = Status::from_code(&q.status);
        if f.status.is_none() {
            errors.add("status", "Välj en status i listan.");
        }
    }
    if !q.lokus.is_empty() {
        f.lokus = Uuid::parse_str(&q.lokus).ok();
        if f.lokus.is_none() {
            errors.add("lokus", "Välj en LOKUS-grupp i listan.");
        }
    }
    if !q.part.is_empty() {
        f.part = Part::from_code(&q.part);
        if f.part.is_none() {
            errors.add("part", "Välj en part i listan.");
        }
    }
    for (field, value, target) in [
        ("fran", &q.fran, &mut f.fran),
        ("till", &q.till, &mut f.till),
    ] {
        if !value.trim().is_empty() {
            *target = errors.check(field, parse_date(value, "datum"));
        }
    }
    if let (Some(a), Some(b)) = (f.fran, f.till)
        && a > b
    {
        errors.add("till", "Slutdatumet ligger före startdatumet.");
    }
    if !q.problem.is_empty() {
        f.samverkansproblem = Samverkansproblem::from_code(&q.problem);
        if f.samverkansproblem.is_none() {
            errors.add("problem", "Välj ett samverkansproblem i listan.");
        }
    }
    if !q.malgrupp.is_empty() {
        f.malgrupp = Malgrupp::from_code(&q.malgrupp);
        if f.malgrupp.is_none() {
            errors.add("malgrupp", "Välj en målgrupp i listan.");
        }
    }
    let sok = q.q.trim();
    if sok.chars().count() > 200 {
        errors.add("q", "Sökningen får vara högst 200 tecken.");
    } else if !sok.is_empty() {
        f.sok = Some(sok.to_string());
    }
    f
}

pub(crate) fn href(q: &ListQuery, page: u32) -> String {
    let q = ListQuery {
        sida: Some(page),
        ..q.clone()
    };
    let pairs: Vec<(String, String)> = serde_urlencoded::to_string(&q)
        .ok()
        .and_then(|s| serde_urlencoded::from_str(&s).ok())
        .unwrap_or_default();
    let kept: Vec<(String, String)> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    format!(
        "/arenden?{}",
        serde_urlencoded::to_string(kept).unwrap_or_default()
    )
}

pub async fn list(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<ListQuery>,
) -> AppResult<ArendeListPage> {
    let mut errors = FieldErrors::new();
    let filter = parse(&q, &mut errors);
    if !q.import.is_empty() && filter.import.is_none() {
        return Err(AppError::NotFound);
    }
    let result = list::list(&state.db, &s.ctx, &filter).await?;
    // Requests not yet accepted have no ärende: status "Ny förfrågan" lists them instead.
    let forfragningar = if filter.status == Some(Status::Ny) {
        let waiting = lotsen_core::forfragan::waiting(&state.db, &s.ctx, 500).await?;
        Some(waiting.into_iter().map(WaitingItem::of).collect())
    } else {
        None
    };
    let page_no = result.page + 1;
    let pager = crate::views::Pager::new(result.total, i64::from(result.per_page), page_no, |n| {
        href(&q, n)
    });
    let mut status = vec![Choice {
        code: "alla",
        label: "Alla",
        hint: "",
        checked: q.status == "alla",
    }];
    status.extend(status_choices(&q.status));
    let sorts = [Sort::NewestFirst, Sort::OldestFirst, Sort::Number]
        .into_iter()
        .map(|x| Choice {
            code: x.code(),
            label: match x {
                Sort::NewestFirst => "Senast inkomna först",
                Sort::OldestFirst => "Äldst först",
                Sort::Number => "Ärendenummer",
            },
            hint: "",
            checked: filter.sort == x,
        })
        .collect();
    Ok(ArendeListPage {
        page: PageCtx::new(&s, "/arenden", "Ärenden"),
        brist: filter.brist.map(Brist::label),
        quiet: filter.quiet,
        forfragningar,
        vantar: s.counts.forfragningar_vantar,
        import: result.import.map(|i| ImportCaption {
            text: format!(
                "Importerade {}: {}",
                i.datum,
                antal(i.antal, "ärende", "ärenden")
            ),
            remove_href: href(
                &ListQuery {
                    import: String::new(),
                    ..q.clone()
                },
                1,
            ),
        }),
        rows: result
            .items
            .into_iter()
            .map(|a| Row {
                id: a.arende_id,
                nummer: a.nummer,
                inkom: a.inkom.to_string(),
                lokus: a.lokus_kod,
                avsandare: a
                    .avsandare
                    .filter(|x| !x.is_empty())
                    .unwrap_or_else(|| a.part.label().to_string()),
                kon: a.kon.label().to_string(),
                alder: a.alder.map(|x| x.to_string()).unwrap_or_else(|| "–".into()),
                problem: a
                    .samverkansproblem
                    .map(|p| p.label().to_string())
                    .unwrap_or_else(|| "–".into()),
                status: a.status.label().to_string(),
                flaggad: a.flaggad,
                samtycke: a.samtycke,
            })
            .collect(),
        total: result.total,
        antal: antal(result.total, "ärende", "ärenden"),
        pager,
        lokus: result
            .lokus
            .iter()
            .map(|l| LokusOpt {
                value: l.lokus_id.to_string(),
                label: format!("{} – {}", l.kod, l.namn),
                selected: q.lokus == l.lokus_id.to_string(),
            })
            .collect(),
        status,
        parts: part_choices(&q.part),
        problem: problem_choices(&q.problem),
        malgrupper: malgrupp_choices(std::slice::from_ref(&q.malgrupp)),
        sorts,
        query: q,
        errors,
    })
}
