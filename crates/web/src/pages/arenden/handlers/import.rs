//! CSV import of lots-ärenden (`/arenden/import`, DESIGN §6.4): the upload form with the
//! format explained, the preview of a valid file (counts, the first rows, units to be created)
//! with the button that imports it, and the per-row errors of a file that cannot be imported.
//! The file is kept server-side between preview and import (see `lotsen_core::arende::import`),
//! so the flow works without JavaScript. Only coordinators reach these pages.

use crate::choices::Opt;
use crate::error::{AppError, AppResult};
use crate::extract::{IdPath, TenantUser};
use crate::pages::arenden::views::import::*;
use crate::state::AppState;
use crate::views::PageCtx;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::CoreError;
use lotsen_core::arende::import::{
    self, Column, ImportGroup, ImportReport, MAX_FILE_BYTES, PERSONAL_DATA_WARNING, Upload,
};
use lotsen_core::auth::LoadedSession;
use lotsen_domain::FieldErrors;
use lotsen_domain::arende::{Atgard, Avslut, Ersattning, Malgrupp, Samverkansproblem};
use uuid::Uuid;

/// How many errors a page lists; the rest are counted (the command line prints them all).
pub(crate) const ERRORS_SHOWN: usize = 500;

/// The example file shown on the page.
pub(crate) const EXAMPLE: &str = "inkom;part;enhet;handlaggare;kon;alder;bostadskommun;malgrupper;ersattning;atgarder;samverkansproblem;status;avslutad_datum;avslut;beskrivning\n\
2026-01-12;fk;Sjukpenning;FK-H1;K;34;Uppsala;psykisk_ohalsa|langtidssjukskriven;sjukpenning;kontakt_formedlad;racker_inte;;;;Behöver stöd mellan FK och vården\n\
2026-01-15;Kommun;Stenbäcks kommun / Försörjningsstöd;SOC-3;man;;0380;;Försörjningsstöd;flerpartsmote|sip_foreslagen;struktur_saknas;avslutad;2026-02-20;sip;\n\
2026-02-02;region;;;;;;;;;;vilande;;;";

pub(crate) fn codes<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|c| (code(*c), label(*c))).collect()
}

pub(crate) fn form_page(
    s: &LoadedSession,
    groups: &[ImportGroup],
    chosen: &str,
    errors: FieldErrors,
    file_errors: Option<ErrorTable>,
    done: Option<Done>,
) -> ImportFormPage {
    let only = groups.len() == 1;
    ImportFormPage {
        page: PageCtx::new(s, "/arenden/import", "Importera ärenden"),
        groups: groups
            .iter()
            .map(|g| Opt {
                value: g.lokus_id.to_string(),
                label: format!("{} – {}", g.kod, g.namn),
                selected: only || chosen == g.lokus_id.to_string(),
            })
            .collect(),
        errors,
        file_errors,
        done,
        columns: Column::ALL
            .iter()
            .map(|c| ColumnRow {
                name: c.name(),
                required: c.required(),
                description: c.description(),
            })
            .collect(),
        code_lists: vec![
            CodeList {
                id: "koder-malgrupper",
                title: "Målgrupper (malgrupper)",
                codes: codes(Malgrupp::ALL, Malgrupp::code, Malgrupp::label),
            },
            CodeList {
                id: "koder-ersattning",
                title: "Ersättning (ersattning)",
                codes: codes(Ersattning::ALL, Ersattning::code, Ersattning::label),
            },
            CodeList {
                id: "koder-atgarder",
                title: "Åtgärder (atgarder)",
                codes: codes(Atgard::ALL, Atgard::code, Atgard::label),
            },
            CodeList {
                id: "koder-samverkansproblem",
                title: "Samverkansproblem",
                codes: codes(
                    Samverkansproblem::ALL,
                    Samverkansproblem::code,
                    Samverkansproblem::label,
                ),
            },
            CodeList {
                id: "koder-avslut",
                title: "Avslut",
                codes: codes(Avslut::ALL, Avslut::code, Avslut::label),
            },
        ],
        example: EXAMPLE,
        warning: PERSONAL_DATA_WARNING,
        max_mb: MAX_FILE_BYTES / (1024 * 1024),
    }
}

pub(crate) fn count_arenden(n: usize) -> String {
    crate::views::antal(i64::try_from(n).unwrap_or(i64::MAX), "ärende", "ärenden")
}

pub(crate) fn preview_page(s: &LoadedSession, id: Uuid, report: ImportReport) -> ImportPreviewPage {
    let file_errors = (!report.errors.is_empty()).then(|| ErrorTable::of(&report));
    let mut errors = FieldErrors::new();
    if let Some(m) = report.failure() {
        errors.add("filfel", m);
    }
    ImportPreviewPage {
        page: PageCtx::new(s, "/arenden/import", "Förhandsgranska import"),
        id,
        lokus: format!("{} – {}", report.lokus_kod, report.lokus_namn),
        rows: report.rows,
        new_rows: report.new_rows,
        already: report.already,
        new_units: report.new_units,
        sample: report.sample,
        file_errors,
        errors,
        button: format!("Importera {}", count_arenden(report.new_rows)),
        warning: PERSONAL_DATA_WARNING,
        converted: report.encoding.notice(),
        ignored_columns: report.ignored_columns,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct DoneQuery {
    pub klart: Option<String>,
    pub nya: Option<usize>,
    pub fanns: Option<usize>,
    /// The import that created the new ärenden, for "Visa ärendena".
    pub import: Option<String>,
}

/// The upload form, and the outcome of an import (counts only, in the query string).
pub async fn form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<DoneQuery>,
) -> AppResult<ImportFormPage> {
    let groups = import::groups(&state.db, &s.ctx).await?;
    let done = |text: String, list: Option<String>| Some(Done { text, list });
    let done = match q.klart.as_deref() {
        Some("importerad") => done(
            format!(
                "{}, {} fanns redan.",
                match q.nya.unwrap_or(0) {
                    1 => "1 ärende importerat".to_string(),
                    n => format!("{n} ärenden importerade"),
                },
                q.fanns.unwrap_or(0)
            ),
            // Exactly the ärenden this import created, closed ones too.
            q.import
                .as_deref()
                .and_then(|i| Uuid::parse_str(i).ok())
                .map(|i| format!("/arenden?import={i}&status=alla&sort=nummer")),
        ),
        Some("saknas") => done(
            "Förhandsgranskningen finns inte längre: filen är redan importerad, avbruten eller äldre än en timme. \
             Se ärendelistan, eller ladda upp filen igen – rader som redan är importerade hoppas över."
                .to_string(),
            Some("/arenden?status=alla&sort=nummer".to_string()),
        ),
        Some("avbruten") => done("Importen är avbruten och filen borttagen.".to_string(), None),
        _ => None,
    };
    Ok(form_page(&s, &groups, "", FieldErrors::new(), None, done))
}

/// Reads the multipart upload: the chosen group and the file.
pub(crate) async fn read_upload(
    multipart: &mut Multipart,
) -> Result<(String, Vec<u8>), FieldErrors> {
    let mut lokus = String::new();
    let mut file = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(upload_error(e.status())),
        };
        match field.name() {
            Some("lokus") => {
                lokus = field.text().await.map_err(|e| upload_error(e.status()))?;
            }
            Some("fil") => {
                file = field
                    .bytes()
                    .await
                    .map_err(|e| upload_error(e.status()))?
                    .to_vec();
            }
            _ => {}
        }
    }
    Ok((lokus, file))
}

pub(crate) fn upload_error(status: StatusCode) -> FieldErrors {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        FieldErrors::single("fil", import::too_large())
    } else {
        FieldErrors::single(
            "fil",
            "Filen kunde inte tas emot. Försök igen, och kontrollera att det är en CSV-fil.",
        )
    }
}

/// Checks an uploaded file: a valid one is kept and previewed, an invalid one is shown with
/// its errors (422) and nothing is kept.
pub async fn upload(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let groups = import::groups(&state.db, &s.ctx).await?;
    let mut multipart = multipart.map_err(|_| AppError::BadRequest)?;
    let (lokus_text, file) = match read_upload(&mut multipart).await {
        Ok(v) => v,
        Err(errors) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&s, &groups, "", errors, None, None),
            )
                .into_response());
        }
    };
    let mut errors = FieldErrors::new();
    let lokus = Uuid::parse_str(lokus_text.trim()).ok();
    if lokus.is_none() {
        errors.add("lokus", "Välj vilken LOKUS-grupp ärendena hör till.");
    }
    if file.is_empty() {
        errors.add("fil", "Välj en CSV-fil att importera.");
    }
    let invalid = |errors, file_errors| {
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            form_page(&s, &groups, &lokus_text, errors, file_errors, None),
        )
            .into_response())
    };
    let Some(lokus) = lokus.filter(|_| errors.is_empty()) else {
        return invalid(errors, None);
    };
    match import::upload(&state.db, &s.ctx, lokus, &file).await {
        Ok(Upload::Staged(id)) => {
            Ok(Redirect::to(&format!("/arenden/import/{id}")).into_response())
        }
        Ok(Upload::Invalid(report)) => {
            let errors = FieldErrors::single("fil", report.failure().unwrap_or_default());
            invalid(errors, Some(ErrorTable::of(&report)))
        }
        Err(CoreError::Invalid(errors)) => invalid(errors, None),
        Err(e) => Err(e.into()),
    }
}

/// The preview of a kept file.
pub async fn preview(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<Response> {
    let report = import::preview_staged(&state.db, &s.ctx, id).await?;
    let status = if report.is_valid() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, preview_page(&s, id, report)).into_response())
}

/// Imports a kept file ("Importera N ärenden").
pub async fn commit(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<Response> {
    match import::import_staged(&state.db, &s.ctx, id).await {
        Ok(report) if report.committed => Ok(Redirect::to(&format!(
            "/arenden/import?klart=importerad&nya={}&fanns={}{}",
            report.new_rows,
            report.already,
            report
                .import_id
                .map(|i| format!("&import={i}"))
                .unwrap_or_default()
        ))
        .into_response()),
        Ok(report) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            preview_page(&s, id, report),
        )
            .into_response()),
        // Imported already (a second click), discarded or expired.
        Err(CoreError::NotFound) => {
            Ok(Redirect::to("/arenden/import?klart=saknas").into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Forgets a kept file.
pub async fn discard(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<Response> {
    import::discard(&state.db, &s.ctx, id).await?;
    Ok(Redirect::to("/arenden/import?klart=avbruten").into_response())
}
