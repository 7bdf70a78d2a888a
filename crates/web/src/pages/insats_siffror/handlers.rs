//! `/insatser/{kod}/siffror`: access first (404 for anyone but the förbund-admin and the
//! insats's insatsansvarig), then the period (422 with Swedish messages beside the fields),
//! then the page or the file. Without a period: this calendar year.

use super::views::{Shown, SiffrorPage};
use crate::error::AppResult;
use crate::extract::TenantUser;
use crate::figures::CHART_WIDTH;
use crate::pages::statistik::handlers::href;
use crate::state::AppState;
use crate::views::PageCtx;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use lotsen_core::statistik::deltagare::{self, Omfang, Urval};
use lotsen_domain::statistik::{PeriodForm, SelectionForm, suppression_label};

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SiffrorQuery {
    #[serde(default)]
    pub fran: String,
    #[serde(default)]
    pub till: String,
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub undertryck: String,
}

pub async fn show(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Path(kod): Path<String>,
    Query(q): Query<SiffrorQuery>,
) -> AppResult<Response> {
    let id = deltagare::insats_by_code(&state.db, &s.ctx, &kod).await?;
    let today = deltagare::today(&state.db, &s.ctx).await?;
    let mut form = PeriodForm {
        fran: q.fran.clone(),
        till: q.till.clone(),
        ..PeriodForm::default()
    };
    if form.fran.trim().is_empty() && form.till.trim().is_empty() {
        form.period = "ar".into();
        form.ar = today.year().to_string();
    }
    let sel = SelectionForm {
        lokus: String::new(),
        period: form.clone(),
        format: q.format.clone(),
        undertryck: q.undertryck.clone(),
    };
    let action = format!("/insatser/{}/siffror", kod.trim().to_ascii_uppercase());
    let input = match sel.parse(today) {
        Ok(input) => input,
        Err(errors) => {
            let page = SiffrorPage {
                page: PageCtx::new(&s, "/insatser", "Deltagarsiffror"),
                action,
                form,
                undertryck: q.undertryck == "1",
                errors,
                figures: None,
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let urval = Urval {
        omfang: Omfang::Insats(id),
        period: input.period,
        suppress: input.suppress,
    };
    if let Some(format) = input.format {
        let file = deltagare::export(&state.db, &s.ctx, urval, format).await?;
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
    let f = deltagare::figures(&state.db, &s.ctx, urval).await?;
    let (fran, till) = (input.period.fran_str(), input.period.till_str());
    let u = if input.suppress { "1" } else { "" };
    let link = |extra: &[(&str, &str)]| {
        let mut pairs = vec![("fran", fran.as_str()), ("till", till.as_str())];
        pairs.extend_from_slice(extra);
        href(&action, &pairs)
    };
    let shown = Shown {
        forbund: f.forbund_namn.clone(),
        scope: f.scope_label.clone(),
        period: format!("{} – {}", input.period.fran, input.period.till),
        generated_at: f.generated_at.clone(),
        suppression: suppression_label(f.set.suppressed),
        tables: f
            .set
            .exported()
            .map(|t| crate::figures::table_view(&f.set, t))
            .collect(),
        chart_width: CHART_WIDTH,
        xlsx: link(&[("undertryck", u), ("format", "xlsx")]),
        csv: link(&[("undertryck", u), ("format", "csv")]),
        toggle_suppress: link(&[("undertryck", if input.suppress { "" } else { "1" })]),
        suppressed: input.suppress,
    };
    let form = PeriodForm {
        fran: fran.clone(),
        till: till.clone(),
        ..PeriodForm::default()
    };
    Ok(SiffrorPage {
        page: PageCtx::new(
            &s,
            "/insatser",
            format!("Deltagarsiffror – {}", f.scope_label),
        ),
        action: action.clone(),
        form,
        undertryck: input.suppress,
        errors: lotsen_domain::FieldErrors::new(),
        figures: Some(shown),
    }
    .into_response())
}
