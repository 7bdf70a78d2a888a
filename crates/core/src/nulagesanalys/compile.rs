//! The compiled document of a round for the förbund-admin: every signed form with its
//! figures (for the print page), and an XLSX of every active group's figures side by side,
//! one sheet per table with a block of columns per group. Both are audited as an export.

use super::form::{Svar, answers};
use super::signing::signed_figures;
use super::{Grupp, OmgangRow, round};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use crate::statistik::export::{urval_sheet, xlsx_err};
use crate::statistik::{self, ExportFile, Figures, Selection};
use lotsen_domain::statistik::{Mark, Period, Tabell, suppression_label};
use lotsen_domain::{Action, AuditAction};
use rust_xlsxwriter::{Format, Workbook};
use time::Date;
use uuid::Uuid;

/// One signed form in the compiled document.
pub struct SignedForm {
    pub grupp: Grupp,
    pub svar: Vec<Svar>,
    pub signerad_namn: String,
    pub signerad_datum: Date,
    pub figures: Figures,
}

pub struct Compiled {
    pub omgang: OmgangRow,
    pub forbund_namn: String,
    pub forms: Vec<SignedForm>,
    /// The active groups whose form is not signed: code, name and whether anything is answered.
    pub unsigned: Vec<(String, String, bool)>,
}

fn period(o: &OmgangRow) -> Period {
    Period {
        fran: o.fran,
        till: o.till,
    }
}

async fn figures_of(
    tx: &mut Tx,
    ctx: &Ctx,
    o: &OmgangRow,
    lokus: Option<Uuid>,
    suppress: bool,
) -> CoreResult<Figures> {
    statistik::compute(
        tx,
        ctx,
        Selection {
            lokus,
            period: period(o),
            suppress,
        },
    )
    .await
}

async fn export_audit(tx: &mut Tx, ctx: &Ctx, o: &OmgangRow) -> CoreResult<()> {
    audit::record(
        tx,
        AuditEntry::by(ctx, AuditAction::NulageExport).on("nulage_omgang", o.omgang_id),
    )
    .await
}

/// Every signed form of the round, in group order, with its figures.
pub async fn compiled(db: &Db, ctx: &Ctx, ar: i32, suppress: bool) -> CoreResult<Compiled> {
    ctx.require(Action::ManageForbund)?;
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let omgang = round(&mut tx, ctx, ar, false).await?;
    let rows: Vec<(Uuid, Uuid, String, String, String, Date)> = sqlx::query_as(
        "select b.blankett_id, g.lokus_id, g.kod, g.namn, b.signerad_namn, b.signerad_datum \
         from nulage_blankett b join lokus_grupp g on g.forbund_id = b.forbund_id and g.lokus_id = b.lokus_id \
         where b.forbund_id = $1 and b.omgang_id = $2 and b.signerad_at is not null order by g.kod",
    )
    .bind(forbund)
    .bind(omgang.omgang_id)
    .fetch_all(&mut *tx)
    .await?;
    let forbund_namn: String = sqlx::query_scalar("select namn from forbund where forbund_id = $1")
        .bind(forbund)
        .fetch_one(&mut *tx)
        .await?;
    let unsigned: Vec<(String, String, bool)> = sqlx::query_as(
        "select g.kod, g.namn, exists (select 1 from nulage_svar s where s.forbund_id = b.forbund_id \
                and s.blankett_id = b.blankett_id and s.text <> '') \
         from lokus_grupp g \
         left join nulage_blankett b on b.forbund_id = g.forbund_id and b.lokus_id = g.lokus_id \
              and b.omgang_id = $2 \
         where g.forbund_id = $1 and g.aktiv and b.signerad_at is null order by g.kod",
    )
    .bind(forbund)
    .bind(omgang.omgang_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut forms = Vec::new();
    for (blankett_id, lokus_id, kod, namn, signerad_namn, signerad_datum) in rows {
        let svar = answers(&mut tx, forbund, omgang.omgang_id, blankett_id).await?;
        let mut figures = figures_of(&mut tx, ctx, &omgang, Some(lokus_id), false).await?;
        // The figures the chair signed, when stored with the signature.
        if let Some(set) = signed_figures(&mut tx, forbund, blankett_id).await? {
            figures.set = set;
        }
        if suppress {
            figures.set.suppress(figures.threshold);
        }
        forms.push(SignedForm {
            grupp: Grupp {
                lokus_id,
                kod,
                namn,
            },
            svar,
            signerad_namn,
            signerad_datum,
            figures,
        });
    }
    export_audit(&mut tx, ctx, &omgang).await?;
    tx.commit().await?;
    Ok(Compiled {
        omgang,
        forbund_namn,
        forms,
        unsigned,
    })
}

/// The first sheet of the all-groups XLSX: what was selected and what the marks mean.
pub struct Urval {
    pub forbund_namn: String,
    pub period: Period,
    pub generated_at: String,
    /// Each group's code, name and whether (and when) its chair signed.
    pub groups: Vec<(String, String, Option<Date>)>,
    pub suppression: String,
}

/// The figures of every active group of the round and of the whole förbund side by side, as an
/// XLSX file. Suppressed, the groups and the whole förbund are protected as one publication:
/// the groups add up to the whole.
pub async fn xlsx(db: &Db, ctx: &Ctx, ar: i32, suppress: bool) -> CoreResult<ExportFile> {
    ctx.require(Action::ManageForbund)?;
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let omgang = round(&mut tx, ctx, ar, false).await?;
    let groups: Vec<(Uuid, String, String, Option<Date>)> = sqlx::query_as(
        "select g.lokus_id, g.kod, g.namn, b.signerad_datum from lokus_grupp g \
         left join nulage_blankett b on b.forbund_id = g.forbund_id and b.lokus_id = g.lokus_id \
              and b.omgang_id = $2 \
         where g.forbund_id = $1 and g.aktiv order by g.kod",
    )
    .bind(forbund)
    .bind(omgang.omgang_id)
    .fetch_all(&mut *tx)
    .await?;
    let inactive: i64 =
        sqlx::query_scalar("select count(*) from lokus_grupp where forbund_id = $1 and not aktiv")
            .bind(forbund)
            .fetch_one(&mut *tx)
            .await?;
    let mut all = Vec::new();
    for (g, ..) in &groups {
        all.push(figures_of(&mut tx, ctx, &omgang, Some(*g), false).await?);
    }
    all.push(figures_of(&mut tx, ctx, &omgang, None, false).await?);
    export_audit(&mut tx, ctx, &omgang).await?;
    tx.commit().await?;
    if suppress {
        statistik::suppress_together(&mut all, inactive == 0).await?;
    }
    let whole = all.last().ok_or(CoreError::NotFound)?;
    let urval = Urval {
        forbund_namn: whole.forbund_namn.clone(),
        period: period(&omgang),
        generated_at: whole.generated_at.clone(),
        groups: groups
            .into_iter()
            .map(|(_, kod, namn, signed)| (kod, namn, signed))
            .collect(),
        suppression: suppression_label(whole.set.suppressed),
    };
    let filename = format!(
        "nulagesanalys_{ar}_grupper_{}_{}{}.xlsx",
        omgang.fran,
        omgang.till,
        if suppress { "_undertryckt" } else { "" }
    );
    let bytes = tokio::task::spawn_blocking(move || side_by_side(ar, &urval, &all))
        .await
        .map_err(|e| CoreError::Internal(anyhow::Error::new(e).context("xlsx task")))??;
    Ok(ExportFile {
        bytes,
        filename,
        content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    })
}

fn col(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// The Urval sheet, then one sheet per table: row labels in column A (the union of every
/// selection's rows, in order of first appearance), then for each group (and last the whole
/// förbund) a block of the table's columns under its name; a row a group does not have is
/// left empty in its block.
pub fn side_by_side(ar: i32, urval: &Urval, all: &[Figures]) -> CoreResult<Vec<u8>> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let right = Format::new().set_align(rust_xlsxwriter::FormatAlign::Right);
    round_urval(&mut wb, ar, urval)?;
    for tabell in Tabell::nulagesanalys() {
        let sheet = wb.add_worksheet();
        sheet.set_name(tabell.sheet_name()).map_err(xlsx_err)?;
        sheet
            .write_string_with_format(
                0,
                0,
                format!("Nulägesanalys {ar} – {}", tabell.label()),
                &title,
            )
            .map_err(xlsx_err)?;
        if let Some(f) = all.first() {
            sheet
                .write_string(
                    1,
                    0,
                    format!("Period (inkommet): {} – {}", f.period.fran, f.period.till),
                )
                .map_err(xlsx_err)?;
        }
        let tables: Vec<_> = all.iter().map(|f| (f, f.set.table(tabell))).collect();
        let mut rows: Vec<(String, String)> = Vec::new();
        for (_, t) in &tables {
            for h in t.map(|t| t.rows.as_slice()).unwrap_or_default() {
                if !rows.iter().any(|(c, _)| *c == h.code) {
                    rows.push((h.code.clone(), h.label.clone()));
                }
            }
        }
        let (ghead, chead) = (3u32, 4u32);
        sheet
            .write_string_with_format(chead, 0, "Rad", &bold)
            .map_err(xlsx_err)?;
        let mut start = 1usize;
        for (f, t) in &tables {
            let Some(t) = t else { continue };
            let label = f.scope_label();
            sheet
                .write_string_with_format(ghead, col(start), &label, &bold)
                .map_err(xlsx_err)?;
            for (c, h) in t.columns.iter().enumerate() {
                sheet
                    .write_string_with_format(chead, col(start + c), &h.label, &bold)
                    .map_err(xlsx_err)?;
            }
            for (r, (code, _)) in rows.iter().enumerate() {
                let Some(ri) = t.row_index(code) else {
                    continue;
                };
                let xr = chead + 1 + u32::try_from(r).unwrap_or(0);
                for c in 0..t.columns.len() {
                    let xc = col(start + c);
                    if t.marks[ri][c] == Mark::Shown {
                        sheet
                            .write_number(xr, xc, t.values[ri][c] as f64)
                            .map_err(xlsx_err)?;
                    } else {
                        sheet
                            .write_string_with_format(xr, xc, t.display(ri, c, f.threshold), &right)
                            .map_err(xlsx_err)?;
                    }
                }
            }
            start += t.columns.len();
        }
        for (r, (_, label)) in rows.iter().enumerate() {
            let xr = chead + 1 + u32::try_from(r).unwrap_or(0);
            sheet.write_string(xr, 0, label).map_err(xlsx_err)?;
        }
        sheet.set_column_width(0, 45).map_err(xlsx_err)?;
    }
    wb.save_to_buffer().map_err(xlsx_err)
}

fn round_urval(wb: &mut Workbook, ar: i32, u: &Urval) -> CoreResult<()> {
    let mut rows = vec![
        (
            "Period (inkommet)".to_string(),
            format!("{} – {}", u.period.fran, u.period.till),
        ),
        ("Skapad".to_string(), u.generated_at.clone()),
        ("Undertryckning".to_string(), u.suppression.clone()),
        (
            "Kolumner".to_string(),
            "Varje LOKUS-grupp för sig och sist hela förbundet.".to_string(),
        ),
    ];
    for (kod, namn, signed) in &u.groups {
        rows.push((
            format!("LOKUS {kod} – {namn}"),
            match signed {
                Some(d) => format!("Blanketten signerad {d}"),
                None => "Blanketten är inte signerad".to_string(),
            },
        ));
    }
    let title = format!("{} – nulägesanalys {ar}", u.forbund_namn);
    urval_sheet(wb, &title, &rows, [30.0, 90.0])
}
