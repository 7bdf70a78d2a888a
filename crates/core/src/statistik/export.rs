//! The nulägesanalys exports (DESIGN §6.5): CSV with one line per cell
//! (`tabell;rad;kolumn;varde`, UTF-8 with BOM, `;`), and XLSX with one sheet per table under
//! Swedish labels plus a sheet describing the selection.

use super::Figures;
use crate::error::{CoreError, CoreResult};
use anyhow::Context;
use lotsen_domain::statistik::suppression_label;
use rust_xlsxwriter::{Format, Workbook};

pub use lotsen_domain::statistik::ExportFormat;

/// A file to hand over: its bytes, a file name (ASCII) and its content type.
#[derive(Debug, Clone)]
pub struct ExportFile {
    pub bytes: Vec<u8>,
    pub filename: String,
    pub content_type: &'static str,
}

/// `nulagesanalys_{förbund|KOD}_{fran}_{till}[_undertryckt].{ext}`
fn filename(f: &Figures, format: ExportFormat) -> String {
    let scope = f
        .lokus
        .as_ref()
        .map(|(kod, _)| kod.clone())
        .unwrap_or_else(|| "forbund".into());
    let suffix = if f.set.suppressed.is_some() {
        "_undertryckt"
    } else {
        ""
    };
    format!(
        "nulagesanalys_{scope}_{}_{}{suffix}.{}",
        f.period.fran,
        f.period.till,
        format.code()
    )
}

pub async fn render(figures: Figures, format: ExportFormat) -> CoreResult<ExportFile> {
    let filename = filename(&figures, format);
    let bytes = match format {
        ExportFormat::Csv => csv_bytes(&figures)?,
        ExportFormat::Xlsx => tokio::task::spawn_blocking(move || xlsx_bytes(&figures))
            .await
            .context("xlsx task")??,
    };
    Ok(ExportFile {
        bytes,
        filename,
        content_type: format.content_type(),
    })
}

/// One line per cell of every exported table, suppressed cells as `<T` or `..`.
pub fn csv_bytes(f: &Figures) -> CoreResult<Vec<u8>> {
    csv_of(&f.set, f.threshold)
}

/// The CSV of any figure set (`tabell;rad;kolumn;varde`), with `threshold` for `<T` cells.
pub fn csv_of(set: &lotsen_domain::statistik::FigureSet, threshold: i64) -> CoreResult<Vec<u8>> {
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let mut write = |rec: [&str; 4]| -> CoreResult<()> {
        w.write_record(rec)
            .map_err(|e| CoreError::Internal(e.into()))
    };
    write(["tabell", "rad", "kolumn", "varde"])?;
    for t in set.exported() {
        for (r, row) in t.rows.iter().enumerate() {
            for (c, col) in t.columns.iter().enumerate() {
                let v = t.display(r, c, threshold);
                write([t.tabell.code(), &row.code, &col.code, &v])?;
            }
        }
    }
    w.into_inner()
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("csv: {e}")))
}

pub(crate) fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> CoreError {
    CoreError::Internal(anyhow::Error::new(e).context("xlsx"))
}

/// The Urval sheet every XLSX export starts with: a title, then from row 3 one selection fact
/// per row (its name in bold), in columns of `widths`.
pub(crate) fn urval_sheet<K: AsRef<str>, V: AsRef<str>>(
    wb: &mut Workbook,
    title: &str,
    rows: &[(K, V)],
    widths: [f64; 2],
) -> CoreResult<()> {
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet();
    sheet.set_name("Urval").map_err(xlsx_err)?;
    sheet
        .write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(14))
        .map_err(xlsx_err)?;
    for (i, (k, v)) in rows.iter().enumerate() {
        let r = u32::try_from(i).unwrap_or(0) + 2;
        sheet
            .write_string_with_format(r, 0, k.as_ref(), &bold)
            .map_err(xlsx_err)?;
        sheet.write_string(r, 1, v.as_ref()).map_err(xlsx_err)?;
    }
    sheet.set_column_width(0, widths[0]).map_err(xlsx_err)?;
    sheet.set_column_width(1, widths[1]).map_err(xlsx_err)?;
    Ok(())
}

/// The selection sheet, then one sheet per table with labels, counts as numbers and
/// suppressed cells as text; each sheet ends with the codes used in the CSV.
pub fn xlsx_bytes(f: &Figures) -> CoreResult<Vec<u8>> {
    let mut wb = Workbook::new();
    let suppression = suppression_label(f.set.suppressed);
    let rows = [
        ("Förbund", f.forbund_namn.clone()),
        ("LOKUS-grupp", f.scope_label()),
        (
            "Period (inkommet)",
            format!("{} – {}", f.period.fran, f.period.till),
        ),
        ("Skapad", f.generated_at.clone()),
        ("Undertryckning", suppression),
    ];
    urval_sheet(&mut wb, "Nulägesanalys – urval", &rows, [20.0, 60.0])?;
    table_sheets(&mut wb, &f.set, f.threshold)?;
    wb.save_to_buffer().map_err(xlsx_err)
}

/// One sheet per exported table of `set`: labels, counts as numbers, suppressed cells as text,
/// and the codes used in the CSV.
pub(crate) fn table_sheets(
    wb: &mut Workbook,
    set: &lotsen_domain::statistik::FigureSet,
    threshold: i64,
) -> CoreResult<()> {
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let right = Format::new().set_align(rust_xlsxwriter::FormatAlign::Right);
    for t in set.exported() {
        let sheet = wb.add_worksheet();
        sheet.set_name(t.tabell.sheet_name()).map_err(xlsx_err)?;
        sheet
            .write_string_with_format(0, 0, t.tabell.label(), &title)
            .map_err(xlsx_err)?;
        sheet
            .write_string(1, 0, t.tabell.note())
            .map_err(xlsx_err)?;
        let head = 3u32;
        let ncols = u16::try_from(t.columns.len()).unwrap_or(u16::MAX);
        for (c, col) in t.columns.iter().enumerate() {
            let c = u16::try_from(c + 1).unwrap_or(u16::MAX);
            sheet
                .write_string_with_format(head, c, &col.label, &bold)
                .map_err(xlsx_err)?;
        }
        sheet
            .write_string_with_format(head, ncols + 1, "Kod", &bold)
            .map_err(xlsx_err)?;
        for (r, row) in t.rows.iter().enumerate() {
            let xr = head + 1 + u32::try_from(r).unwrap_or(0);
            sheet.write_string(xr, 0, &row.label).map_err(xlsx_err)?;
            for c in 0..t.columns.len() {
                let xc = u16::try_from(c + 1).unwrap_or(u16::MAX);
                match t.marks[r][c] {
                    lotsen_domain::statistik::Mark::Shown => {
                        sheet
                            .write_number(xr, xc, t.values[r][c] as f64)
                            .map_err(xlsx_err)?;
                    }
                    _ => {
                        sheet
                            .write_string_with_format(xr, xc, t.display(r, c, threshold), &right)
                            .map_err(xlsx_err)?;
                    }
                }
            }
            sheet
                .write_string(xr, ncols + 1, &row.code)
                .map_err(xlsx_err)?;
        }
        sheet.set_column_width(0, 45).map_err(xlsx_err)?;
        sheet
            .set_column_range_width(1, ncols, 14)
            .map_err(xlsx_err)?;
    }
    Ok(())
}
