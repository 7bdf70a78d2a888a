//! Statistics pages (DESIGN §6.3): `/statistik` with the selection form, and
//! `/statistik/nulagesanalys?lokus=KOD&fran=…&till=…[&format=csv|xlsx][&undertryck=1]` with every
//! figure table, its chart and a view by kön, or the CSV/XLSX file. Bad parameters come back
//! to the form with Swedish messages (422); another group or förbund answers 404.

use super::views::*;
use crate::choices::Opt;
use crate::error::{AppError, AppResult};
use crate::extract::TenantUser;
use crate::figures::{CHART_WIDTH, KvalitetView};
use crate::state::AppState;
use crate::views::PageCtx;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use lotsen_core::auth::LoadedSession;
use lotsen_core::statistik::kvalitet;
use lotsen_core::statistik::{self, Choices, Selection};
use lotsen_domain::FieldErrors;
use lotsen_domain::statistik::{Period, SelectionForm, suppression_label};

/// The query of both pages; every field is optional text, checked by `parse`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct StatistikQuery {
    /// The selection, parsed by the same parser as `lotsen export`.
    #[serde(flatten)]
    pub sel: SelectionForm,
    /// `kon`: the tables by kön.
    #[serde(default)]
    pub vy: String,
    /// `1`: the print view.
    #[serde(default)]
    pub utskrift: String,
}

pub(crate) fn href(path: &str, pairs: &[(&str, &str)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .copied()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    format!(
        "{path}?{}",
        serde_urlencoded::to_string(kept).unwrap_or_default()
    )
}

pub(crate) fn selection_page(
    s: &LoadedSession,
    choices: &Choices,
    mut sel: SelectionForm,
    errors: FieldErrors,
    kvalitet: KvalitetView,
) -> StatistikPage {
    let p = &mut sel.period;
    if p.period.is_empty() && p.fran.is_empty() && p.till.is_empty() {
        p.period = "ar".into();
    }
    if p.ar.is_empty() {
        p.ar = choices.today.year().to_string();
    }
    let mut lokus = Vec::new();
    if choices.whole_forbund {
        lokus.push(Opt {
            value: String::new(),
            label: "Hela förbundet".into(),
            selected: sel.lokus.is_empty(),
        });
    }
    for g in &choices.groups {
        lokus.push(Opt {
            value: g.kod.clone(),
            label: format!("{} – {}", g.kod, g.namn),
            selected: sel.lokus.eq_ignore_ascii_case(&g.kod),
        });
    }
    let year = choices.today.year();
    let mut quick = Vec::new();
    let scopes: Vec<(String, String)> = choices
        .whole_forbund
        .then(|| (String::new(), "Hela förbundet".to_string()))
        .into_iter()
        .chain(
            choices
                .groups
                .iter()
                .map(|g| (g.kod.clone(), g.kod.clone())),
        )
        .collect();
    // The latest nulägesanalys period that has ended (1 July – 30 June).
    let nulage_year = if choices.today.month() >= time::Month::July {
        year
    } else {
        year - 1
    };
    for (kod, label) in scopes {
        if let Some(p) = Period::nulagesanalys(nulage_year) {
            quick.push(QuickLink {
                label: format!("{label} nulägesanalys {nulage_year}"),
                href: href(
                    "/statistik/nulagesanalys",
                    &[
                        ("lokus", &kod),
                        ("fran", &p.fran_str()),
                        ("till", &p.till_str()),
                    ],
                ),
            });
        }
        for y in [year, year - 1] {
            if let Some(p) = Period::year(y) {
                quick.push(QuickLink {
                    label: format!("{label} {y}"),
                    href: href(
                        "/statistik/nulagesanalys",
                        &[
                            ("lokus", &kod),
                            ("fran", &p.fran_str()),
                            ("till", &p.till_str()),
                        ],
                    ),
                });
            }
        }
    }
    let tertial = ["1", "2", "3"]
        .iter()
        .map(|t| Opt {
            value: t.to_string(),
            label: match *t {
                "1" => "Tertial 1 (januari–april)".into(),
                "2" => "Tertial 2 (maj–augusti)".into(),
                _ => "Tertial 3 (september–december)".into(),
            },
            selected: sel.period.tertial == *t,
        })
        .collect();
    let formats = [("", "Webbsida"), ("xlsx", "Excel (XLSX)"), ("csv", "CSV")]
        .iter()
        .map(|(v, l)| Opt {
            value: v.to_string(),
            label: l.to_string(),
            selected: sel.format == *v,
        })
        .collect();
    StatistikPage {
        page: PageCtx::new(s, "/statistik", "Statistik"),
        sel,
        errors,
        lokus,
        tertial,
        formats,
        quick,
        kvalitet,
        threshold_hint: "Små antal visas som till exempel <5, enligt förbundets inställning. Använd det för siffror som lämnar förbundet.".into(),
    }
}

/// `/statistik`: the selection form.
pub async fn index(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<StatistikQuery>,
) -> AppResult<StatistikPage> {
    let choices = statistik::choices(&state.db, &s.ctx).await?;
    let kvalitet = kvalitet_panel(&state, &s).await?;
    Ok(selection_page(
        &s,
        &choices,
        q.sel,
        FieldErrors::new(),
        kvalitet,
    ))
}

/// The Datakvalitet panel for the current round's period, every group the actor may see.
async fn kvalitet_panel(state: &AppState, s: &LoadedSession) -> AppResult<KvalitetView> {
    let period = kvalitet::current_period(&state.db, &s.ctx).await?;
    let list = kvalitet::panel(&state.db, &s.ctx, period).await?;
    Ok(KvalitetView::of(&list))
}

/// `/statistik/nulagesanalys`: the figures as a page or a file.
pub async fn nulagesanalys(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<StatistikQuery>,
) -> AppResult<Response> {
    let choices = statistik::choices(&state.db, &s.ctx).await?;
    let lokus = if q.sel.lokus.trim().is_empty() {
        if !choices.whole_forbund {
            return Err(AppError::NotFound);
        }
        None
    } else {
        Some(statistik::lokus_by_code(&state.db, &s.ctx, &q.sel.lokus).await?)
    };
    let input = match q.sel.parse(choices.today) {
        Ok(input) => input,
        Err(errors) => {
            let kvalitet = kvalitet_panel(&state, &s).await?;
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                selection_page(&s, &choices, q.sel, errors, kvalitet),
            )
                .into_response());
        }
    };
    let (period, format, suppress) = (input.period, input.format, input.suppress);
    let sel = Selection {
        lokus,
        period,
        suppress,
    };
    if let Some(format) = format {
        let file = statistik::export(&state.db, &s.ctx, sel, format).await?;
        return Ok((
            [
                (header::CONTENT_TYPE, file.content_type.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", file.filename),
                ),
            ],
            file.bytes,
        )
            .into_response());
    }
    let f = statistik::figures(&state.db, &s.ctx, sel).await?;
    let by_kon = q.vy == "kon";
    let print = q.utskrift == "1";
    let kod = f.lokus.as_ref().map(|(k, _)| k.clone()).unwrap_or_default();
    let (fran, till) = (period.fran_str(), period.till_str());
    let u = if suppress { "1" } else { "" };
    let vy = if by_kon { "kon" } else { "" };
    let base = |extra: &[(&str, &str)]| {
        let mut pairs = vec![
            ("lokus", kod.as_str()),
            ("fran", fran.as_str()),
            ("till", till.as_str()),
        ];
        pairs.extend_from_slice(extra);
        href("/statistik/nulagesanalys", &pairs)
    };
    let links = Links {
        xlsx: base(&[("undertryck", u), ("format", "xlsx")]),
        csv: base(&[("undertryck", u), ("format", "csv")]),
        toggle_kon: base(&[("undertryck", u), ("vy", if by_kon { "" } else { "kon" })]),
        toggle_suppress: base(&[("undertryck", if suppress { "" } else { "1" }), ("vy", vy)]),
        suppressed: suppress,
        print: base(&[("undertryck", u), ("vy", vy), ("utskrift", "1")]),
        change: href(
            "/statistik",
            &[
                ("lokus", &kod),
                ("period", "egen"),
                ("fran", &fran),
                ("till", &till),
                ("undertryck", u),
            ],
        ),
        back: base(&[("undertryck", u), ("vy", vy)]),
    };
    let tables = f
        .set
        .exported()
        .map(|t| {
            if by_kon {
                crate::figures::kon_view(&f.set, t)
            } else {
                crate::figures::table_view(&f.set, t)
            }
        })
        .collect();
    let suppression = suppression_label(f.set.suppressed);
    let title = format!("Nulägesanalys – {}", f.scope_label());
    Ok(NulagesanalysPage {
        page: PageCtx::new(&s, "/statistik", title),
        forbund: f.forbund_namn.clone(),
        scope: f.scope_label(),
        period: format!("{} – {}", period.fran, period.till),
        generated_at: f.generated_at.clone(),
        suppression,
        by_kon,
        print,
        tables,
        chart_width: CHART_WIDTH,
        links,
    }
    .into_response())
}
