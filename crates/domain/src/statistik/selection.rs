//! What to count and how to deliver it, as the statistics page and `lotsen export nulagesanalys`
//! both ask for it: one parser for both, so that the page and the command line read the same
//! selection the same way (parse, don't validate).

use super::period::{Period, PeriodForm};
use crate::validate::FieldErrors;
use time::Date;

/// A file format of the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn code(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }

    pub fn from_code(code: &str) -> Option<ExportFormat> {
        match code.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }
}

/// The raw selection: a LOKUS group's code (empty: the whole förbund), the period fields, the
/// format (empty or `html`: the page) and whether to suppress small counts (`1`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct SelectionForm {
    #[serde(default)]
    pub lokus: String,
    #[serde(flatten)]
    pub period: PeriodForm,
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub undertryck: String,
}

/// A parsed selection; the group is still a code, for core to find within the actor's reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectionInput {
    pub lokus: Option<String>,
    pub period: Period,
    /// `None`: shown as a page.
    pub format: Option<ExportFormat>,
    pub suppress: bool,
}

impl SelectionForm {
    /// Parses the selection with `today` the Swedish date (for "since a date until today").
    pub fn parse(&self, today: Date) -> Result<SelectionInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let period = match self.period.parse(today) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.0.extend(e.0);
                None
            }
        };
        let format = match self.format.trim() {
            "" | "html" => None,
            f => match ExportFormat::from_code(f) {
                Some(f) => Some(f),
                None => {
                    errors.add("format", "Välj webbsida, Excel (XLSX) eller CSV.");
                    None
                }
            },
        };
        let suppress = match self.undertryck.trim() {
            "" | "0" => false,
            "1" => true,
            _ => {
                errors.add("undertryck", "Välj om små antal ska döljas eller inte.");
                false
            }
        };
        match period {
            Some(period) if errors.is_empty() => Ok(SelectionInput {
                lokus: Some(self.lokus.trim())
                    .filter(|k| !k.is_empty())
                    .map(str::to_string),
                period,
                format,
                suppress,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn form(fran: &str, till: &str, format: &str, undertryck: &str) -> SelectionForm {
        SelectionForm {
            lokus: " STL ".into(),
            period: PeriodForm {
                fran: fran.into(),
                till: till.into(),
                ..PeriodForm::default()
            },
            format: format.into(),
            undertryck: undertryck.into(),
        }
    }

    #[test]
    fn a_selection_is_read_the_same_wherever_it_comes_from() {
        let today = date!(2026 - 03 - 10);
        let s = form("2025-01-01", "2025-12-31", "xlsx", "1")
            .parse(today)
            .unwrap();
        assert_eq!(s.lokus.as_deref(), Some("STL"));
        assert_eq!(s.format, Some(ExportFormat::Xlsx));
        assert!(s.suppress);
        assert_eq!(s.period.fran, date!(2025 - 01 - 01));
        let page = form("2025-01-01", "2025-12-31", "html", "")
            .parse(today)
            .unwrap();
        assert_eq!(page.format, None);
        let bad = form("2025-13-01", "", "pdf", "ja")
            .parse(today)
            .unwrap_err();
        assert!(bad.get("format").is_some() && bad.get("undertryck").is_some());
    }
}
