//! Templates of the CSV import: the upload form with the format, the preview, the errors.

use crate::choices::Opt;
use crate::pages::arenden::handlers::import::*;
use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::arende::import::{FileEncoding, ImportReport, PreviewRow, RowError};
use lotsen_domain::FieldErrors;
use uuid::Uuid;

pub struct ColumnRow {
    pub name: &'static str,
    pub required: bool,
    pub description: &'static str,
}

pub struct CodeList {
    pub id: &'static str,
    pub title: &'static str,
    pub codes: Vec<(&'static str, &'static str)>,
}

/// The outcome of an import or of "Avbryt", on the upload page.
pub struct Done {
    pub text: String,
    /// "Visa ärendena": the list of what was imported.
    pub list: Option<String>,
}

/// The errors of a file, as the page lists them.
pub struct ErrorTable {
    pub rows: Vec<RowError>,
    pub total: usize,
    pub rows_in_file: usize,
    /// "Filen var sparad som Windows-1252 …", when it was converted.
    pub converted: Option<&'static str>,
    pub ignored_columns: Vec<String>,
}

impl ErrorTable {
    pub(crate) fn of(report: &ImportReport) -> ErrorTable {
        ErrorTable::new(
            &report.errors,
            report.rows,
            report.encoding,
            &report.ignored_columns,
        )
    }

    /// The table of any import's errors (the participant import's too).
    pub(crate) fn new(
        errors: &[RowError],
        rows_in_file: usize,
        encoding: FileEncoding,
        ignored_columns: &[String],
    ) -> ErrorTable {
        ErrorTable {
            rows: errors.iter().take(ERRORS_SHOWN).cloned().collect(),
            total: errors.len(),
            rows_in_file,
            converted: encoding.notice(),
            ignored_columns: ignored_columns.to_vec(),
        }
    }

    /// "1 fel", "3 fel".
    pub fn fel(&self) -> String {
        crate::views::antal(i64::try_from(self.total).unwrap_or(i64::MAX), "fel", "fel")
    }

    /// "1 rad", "12 rader".
    pub fn rader(&self) -> String {
        crate::views::antal(
            i64::try_from(self.rows_in_file).unwrap_or(i64::MAX),
            "rad",
            "rader",
        )
    }

    pub fn more(&self) -> usize {
        self.total.saturating_sub(self.rows.len())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "arenden/import.html")]
pub struct ImportFormPage {
    pub page: PageCtx,
    pub groups: Vec<Opt>,
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
#[template(path = "arenden/import_preview.html")]
pub struct ImportPreviewPage {
    pub page: PageCtx,
    pub id: Uuid,
    pub lokus: String,
    pub rows: usize,
    pub new_rows: usize,
    pub already: usize,
    pub new_units: Vec<String>,
    pub sample: Vec<PreviewRow>,
    pub file_errors: Option<ErrorTable>,
    pub errors: FieldErrors,
    pub button: String,
    pub warning: &'static str,
    /// "Filen var sparad som Windows-1252 (Excel) och har konverterats."
    pub converted: Option<&'static str>,
    /// Columns that are not imported.
    pub ignored_columns: Vec<String>,
}
