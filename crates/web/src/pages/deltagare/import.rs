//! CSV import of participants (`/insatser/{kod}/import`, DESIGN §6.4b): the upload form with
//! the format explained and an example, the preview of a valid file with the button that
//! imports it, and the per-line errors of a file that cannot be imported (422). The file is
//! kept server-side between preview and import (`lotsen_core::deltagare::import`), so the flow
//! works without JavaScript. Only the insats's coaches and its insatsansvarig reach these
//! pages; everyone else gets 404.

use crate::error::{AppError, AppResult};
use crate::extract::{IdPath, TenantUser};
use crate::pages::arenden::handlers::import::{read_upload, upload_error};
use crate::pages::arenden::views::import::{CodeList, ColumnRow, ErrorTable};
use crate::state::AppState;
use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::CoreError;
use lotsen_core::auth::LoadedSession;
use lotsen_core::deltagare::InsatsRef;
use lotsen_core::deltagare::import::{
    self, Column, IDENTITY_WARNING, ImportReport, MAX_FILE_BYTES, PreviewRow, Upload,
};
use lotsen_domain::FieldErrors;
use lotsen_domain::deltagare::{Avslutsanledning, Forsorjningskalla, Kalla, Sysselsattning};
use uuid::Uuid;

/// The example file shown on the page.
pub(crate) const EXAMPLE: &str = "inskriven;utskriven;kon;alder;bostadskommun;kalla;ko_datum;arbetstraning_fran;forsorjning_fore;sysselsattning_fore;forsorjning_efter;sysselsattning_efter;avslutsanledning\n\
2025-09-01;2026-02-27;K;34;Uppsala;via_koordinator;2025-08-15;2025-10-06;sjukpenning:50|lon:50;sjukskriven:50|forvarvsarbete:50;lon;forvarvsarbete;arbete\n\
2026-01-12;;man;;0380;Direkt;;;Försörjningsstöd;Ingen sysselsättning;;;";

/// The outcome of an import or of "Avbryt", on the upload page.
pub struct Done {
    pub text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "deltagare/import.html")]
pub struct ImportPage {
    pub page: PageCtx,
    pub insats: InsatsRef,
    pub errors: FieldErrors,
    pub file_errors: Option<ErrorTable>,
    pub done: Option<Done>,
    pub columns: Vec<ColumnRow>,
    pub code_lists: Vec<CodeList>,
    pub example: &'static str,
    pub warning: &'static str,
    pub max_mb: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "deltagare/import_preview.html")]
pub struct PreviewPage {
    pub page: PageCtx,
    pub id: Uuid,
    pub kod: String,
    pub insats: String,
    pub rows: usize,
    pub new_rows: usize,
    pub already: usize,
    pub assigned: bool,
    pub sample: Vec<PreviewRow>,
    pub file_errors: Option<ErrorTable>,
    pub errors: FieldErrors,
    pub button: String,
    pub warning: &'static str,
    pub converted: Option<&'static str>,
    pub ignored_columns: Vec<String>,
}

fn codes<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|c| (code(*c), label(*c))).collect()
}

fn path(kod: &str) -> String {
    format!("/insatser/{kod}/import")
}

fn table(report: &ImportReport) -> ErrorTable {
    ErrorTable::new(
        &report.errors,
        report.rows,
        report.encoding,
        &report.ignored_columns,
    )
}

fn count(n: usize) -> String {
    crate::views::antal(
        i64::try_from(n).unwrap_or(i64::MAX),
        "deltagare",
        "deltagare",
    )
}

fn form_page(
    s: &LoadedSession,
    insats: InsatsRef,
    errors: FieldErrors,
    file_errors: Option<ErrorTable>,
    done: Option<Done>,
) -> ImportPage {
    ImportPage {
        page: PageCtx::new(s, "/insatser", "Importera deltagare"),
        insats,
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
                id: "koder-forsorjning",
                title: "Försörjning (forsorjning_fore, forsorjning_efter)",
                codes: codes(
                    Forsorjningskalla::ALL,
                    Forsorjningskalla::code,
                    Forsorjningskalla::label,
                ),
            },
            CodeList {
                id: "koder-sysselsattning",
                title: "Sysselsättning (sysselsattning_fore, sysselsattning_efter)",
                codes: codes(
                    Sysselsattning::ALL,
                    Sysselsattning::code,
                    Sysselsattning::label,
                ),
            },
            CodeList {
                id: "koder-kalla",
                title: "Källa (kalla)",
                codes: codes(Kalla::ALL, Kalla::code, Kalla::label),
            },
            CodeList {
                id: "koder-avslutsanledning",
                title: "Avslutsanledning",
                codes: codes(
                    Avslutsanledning::ALL,
                    Avslutsanledning::code,
                    Avslutsanledning::label,
                ),
            },
        ],
        example: EXAMPLE,
        warning: IDENTITY_WARNING,
        max_mb: MAX_FILE_BYTES / (1024 * 1024),
    }
}

fn preview_page(s: &LoadedSession, kod: &str, id: Uuid, report: ImportReport) -> PreviewPage {
    let file_errors = (!report.errors.is_empty()).then(|| table(&report));
    let mut errors = FieldErrors::new();
    if let Some(m) = report.failure() {
        errors.add("filfel", m);
    }
    PreviewPage {
        page: PageCtx::new(s, "/insatser", "Förhandsgranska import av deltagare"),
        id,
        kod: kod.to_string(),
        insats: format!("{} – {}", report.insats_kod, report.insats_namn),
        rows: report.rows,
        new_rows: report.new_rows,
        already: report.already,
        assigned: report.assigned_to_importer,
        sample: report.sample,
        file_errors,
        errors,
        button: format!("Importera {}", count(report.new_rows)),
        warning: IDENTITY_WARNING,
        converted: report.encoding.notice(),
        ignored_columns: report.ignored_columns,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct DoneQuery {
    pub klart: Option<String>,
    pub nya: Option<usize>,
    pub fanns: Option<usize>,
}

/// The upload form, and the outcome of an import (counts only, in the query string).
pub async fn form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(kod): IdPath<String>,
    Query(q): Query<DoneQuery>,
) -> AppResult<ImportPage> {
    let insats = import::import_page(&state.db, &s.ctx, &kod).await?;
    let text = match q.klart.as_deref() {
        Some("importerad") => Some(format!(
            "{} importerade, {} fanns redan.",
            count(q.nya.unwrap_or(0)),
            q.fanns.unwrap_or(0)
        )),
        Some("saknas") => Some(
            "Förhandsgranskningen finns inte längre: filen är redan importerad, avbruten eller äldre än en timme. \
             Ladda upp filen igen – rader som redan är importerade hoppas över."
                .to_string(),
        ),
        Some("avbruten") => Some("Importen är avbruten och filen borttagen.".to_string()),
        _ => None,
    };
    Ok(form_page(
        &s,
        insats,
        FieldErrors::new(),
        None,
        text.map(|text| Done { text }),
    ))
}

/// Checks an uploaded file: a valid one is kept and previewed, an invalid one is shown with
/// its errors (422) and nothing is kept.
pub async fn upload(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(kod): IdPath<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let insats = import::import_page(&state.db, &s.ctx, &kod).await?;
    let mut multipart = multipart.map_err(|_| AppError::BadRequest)?;
    let invalid = |insats, errors, file_errors| {
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            form_page(&s, insats, errors, file_errors, None),
        )
            .into_response())
    };
    let file = match read_upload(&mut multipart).await {
        Ok((_, file)) => file,
        Err(errors) => return invalid(insats, errors, None),
    };
    if file.is_empty() {
        return invalid(
            insats,
            FieldErrors::single("fil", "Välj en CSV-fil att importera."),
            None,
        );
    }
    if file.len() > MAX_FILE_BYTES {
        return invalid(insats, upload_error(StatusCode::PAYLOAD_TOO_LARGE), None);
    }
    match import::upload(&state.db, &s.ctx, &kod, &file).await {
        Ok(Upload::Staged(id)) => {
            Ok(Redirect::to(&format!("{}/{id}", path(&insats.kod))).into_response())
        }
        Ok(Upload::Invalid(report)) => {
            let errors = FieldErrors::single("fil", report.failure().unwrap_or_default());
            invalid(insats, errors, Some(table(&report)))
        }
        Err(CoreError::Invalid(errors)) => invalid(insats, errors, None),
        Err(e) => Err(e.into()),
    }
}

/// The preview of a kept file.
pub async fn preview(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
) -> AppResult<Response> {
    let report = import::preview_staged(&state.db, &s.ctx, &kod, id).await?;
    let status = if report.is_valid() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let kod = report.insats_kod.clone();
    Ok((status, preview_page(&s, &kod, id, report)).into_response())
}

/// Imports a kept file ("Importera N deltagare").
pub async fn commit(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
) -> AppResult<Response> {
    match import::import_staged(&state.db, &s.ctx, &kod, id).await {
        Ok(report) if report.committed => Ok(Redirect::to(&format!(
            "{}?klart=importerad&nya={}&fanns={}",
            path(&report.insats_kod),
            report.new_rows,
            report.already
        ))
        .into_response()),
        Ok(report) => {
            let kod = report.insats_kod.clone();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                preview_page(&s, &kod, id, report),
            )
                .into_response())
        }
        // Imported already (a second click), discarded or expired; the insats is reachable
        // (checked before the file), so the page says so.
        Err(CoreError::NotFound) => {
            import::import_page(&state.db, &s.ctx, &kod).await?;
            Ok(Redirect::to(&format!("{}?klart=saknas", path(&kod))).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Forgets a kept file.
pub async fn discard(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
) -> AppResult<Response> {
    import::discard(&state.db, &s.ctx, &kod, id).await?;
    Ok(Redirect::to(&format!("{}?klart=avbruten", path(&kod))).into_response())
}
