//! The participant figures (issue 16 §4, DESIGN §6.5): the tables of one insats, of a LOKUS
//! group's insatser or of the whole förbund's, for any period, counted in SQL (`queries`), with
//! the same suppression (one publication of every table, `FigureSet::suppress`), CSV and XLSX
//! as the nulägesanalys figures. Access: the förbund-admin for every scope, an insats's
//! insatsansvarig for that insats (`Action::ReportInsats`); everything else is `NotFound`.
//! Reads and exports are audited like the statistics', with the insats (or group, or förbund)
//! as object.

pub(crate) mod queries;

use super::export::{ExportFile, ExportFormat, csv_of, table_sheets, urval_sheet, xlsx_err};
use crate::audit::{self, AuditEntry, AuditSelection};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use anyhow::Context;
use lotsen_domain::statistik::{FigureSet, Period, suppression_label};
use lotsen_domain::{Action, AuditAction};
use rust_xlsxwriter::Workbook;
use uuid::Uuid;

/// Whose participants: one insats, the insatser of one LOKUS group, or every insats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Omfang {
    Insats(Uuid),
    Lokus(Uuid),
    Forbund,
}

/// A selection of participant figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Urval {
    pub omfang: Omfang,
    pub period: Period,
    pub suppress: bool,
}

/// The participant tables of one selection, with what the page and the exports say about it.
#[derive(Debug, Clone)]
pub struct DeltagareFigures {
    pub forbund_namn: String,
    /// "Insats: Namn (KOD)", "LOKUS-grupp: KOD – Namn" or "Hela förbundet".
    pub scope_label: String,
    /// For the file name: the insats's or group's code, or `forbund`.
    pub scope_code: String,
    pub period: Period,
    /// When the figures were computed, Swedish local time `YYYY-MM-DD HH:MM`.
    pub generated_at: String,
    pub threshold: i64,
    pub set: FigureSet,
}

/// An insats of the active förbund by its code, if the actor may see its figures: the
/// förbund-admin, or the insats's insatsansvarig. Unknown, or not theirs: `NotFound`.
pub async fn insats_by_code(db: &Db, ctx: &Ctx, kod: &str) -> CoreResult<Uuid> {
    let mut tx = db.begin(ctx).await?;
    let id = insats_access(&mut tx, ctx, Some(kod), None).await?;
    tx.commit().await?;
    Ok(id)
}

/// Today in Sweden, for a default period.
pub async fn today(db: &Db, ctx: &Ctx) -> CoreResult<time::Date> {
    let mut tx = db.begin(ctx).await?;
    let today = crate::db::today(&mut tx).await?;
    tx.commit().await?;
    Ok(today)
}

/// A LOKUS group of the active förbund by its code, for its insatser's figures (the
/// förbund-admin only).
pub async fn lokus_by_code(db: &Db, ctx: &Ctx, kod: &str) -> CoreResult<Uuid> {
    ctx.require(Action::ReportInsats { responsible: false })?;
    super::lokus_by_code(db, ctx, kod).await
}

/// Finds the insats (by code or id) and checks the actor may report on it.
async fn insats_access(
    tx: &mut Tx,
    ctx: &Ctx,
    kod: Option<&str>,
    id: Option<Uuid>,
) -> CoreResult<Uuid> {
    let forbund = ctx.forbund_id()?;
    let found: Option<(Uuid, Option<Uuid>)> = sqlx::query_as(
        "select insats_id, ansvarig_id from insats \
         where forbund_id = $1 and (kod = $2 or insats_id = $3)",
    )
    .bind(forbund)
    .bind(kod.map(|k| k.trim().to_ascii_uppercase()))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let (id, ansvarig) = found.ok_or(CoreError::NotFound)?;
    let responsible = ansvarig.is_some() && ansvarig == ctx.person();
    ctx.require(Action::ReportInsats { responsible })?;
    Ok(id)
}

/// Checks access, then computes the tables inside the caller's transaction.
pub async fn compute(tx: &mut Tx, ctx: &Ctx, urval: Urval) -> CoreResult<DeltagareFigures> {
    let forbund = ctx.forbund_id()?;
    let (insatser, scope_label, scope_code) = match urval.omfang {
        Omfang::Insats(id) => {
            insats_access(tx, ctx, None, Some(id)).await?;
            let (kod, namn): (String, String) = sqlx::query_as(
                "select kod, namn::text from insats where forbund_id = $1 and insats_id = $2",
            )
            .bind(forbund)
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
            (vec![id], format!("Insats: {namn} ({kod})"), kod)
        }
        Omfang::Lokus(lokus) => {
            ctx.require(Action::ReportInsats { responsible: false })?;
            let (kod, namn): (String, String) = sqlx::query_as(
                "select kod, namn::text from lokus_grupp where forbund_id = $1 and lokus_id = $2",
            )
            .bind(forbund)
            .bind(lokus)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(CoreError::NotFound)?;
            let ids: Vec<Uuid> = sqlx::query_scalar(
                "select insats_id from insats_lokus where forbund_id = $1 and lokus_id = $2",
            )
            .bind(forbund)
            .bind(lokus)
            .fetch_all(&mut **tx)
            .await?;
            (ids, format!("LOKUS-gruppens insatser: {kod} – {namn}"), kod)
        }
        Omfang::Forbund => {
            ctx.require(Action::ReportInsats { responsible: false })?;
            let ids: Vec<Uuid> =
                sqlx::query_scalar("select insats_id from insats where forbund_id = $1")
                    .bind(forbund)
                    .fetch_all(&mut **tx)
                    .await?;
            (ids, "Hela förbundet".to_string(), "forbund".to_string())
        }
    };
    let (forbund_namn, threshold): (String, i32) =
        sqlx::query_as("select namn, undertryck_grans from forbund where forbund_id = $1")
            .bind(forbund)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(CoreError::NotFound)?;
    let generated_at: String =
        sqlx::query_scalar("select to_char(lotsen_local(now()), 'YYYY-MM-DD HH24:MI')")
            .fetch_one(&mut **tx)
            .await?;
    let mut set = queries::tables(tx, forbund, &insatser, urval.period).await?;
    let threshold = i64::from(threshold);
    if urval.suppress {
        set.suppress(threshold);
    }
    Ok(DeltagareFigures {
        forbund_namn,
        scope_label,
        scope_code,
        period: urval.period,
        generated_at,
        threshold,
        set,
    })
}

/// An audit row: the insats (group, förbund) as object, the selection as codes.
async fn audit(
    tx: &mut Tx,
    ctx: &Ctx,
    action: AuditAction,
    urval: Urval,
    format: Option<ExportFormat>,
) -> CoreResult<()> {
    let entry = match urval.omfang {
        Omfang::Insats(id) => AuditEntry::by(ctx, action).on("insats", id),
        Omfang::Lokus(id) => AuditEntry::by(ctx, action).on("lokus_grupp", id),
        Omfang::Forbund => AuditEntry::by(ctx, action).on("forbund", ctx.forbund_id()?),
    };
    let selection = AuditSelection {
        fran: urval.period.fran,
        till: urval.period.till,
        suppressed: urval.suppress,
        format: format.map(ExportFormat::code),
    };
    audit::record(tx, entry.with_selection(selection)).await
}

/// The tables of a selection (for the page). Audited as a read of statistics.
pub async fn figures(db: &Db, ctx: &Ctx, urval: Urval) -> CoreResult<DeltagareFigures> {
    let mut tx = db.begin(ctx).await?;
    let figures = compute(&mut tx, ctx, urval).await?;
    audit(&mut tx, ctx, AuditAction::StatistikRead, urval, None).await?;
    tx.commit().await?;
    Ok(figures)
}

/// The tables of a selection as CSV or XLSX. Audited as an export.
pub async fn export(
    db: &Db,
    ctx: &Ctx,
    urval: Urval,
    format: ExportFormat,
) -> CoreResult<ExportFile> {
    let mut tx = db.begin(ctx).await?;
    let figures = compute(&mut tx, ctx, urval).await?;
    audit(
        &mut tx,
        ctx,
        AuditAction::StatistikExport,
        urval,
        Some(format),
    )
    .await?;
    tx.commit().await?;
    render(figures, format).await
}

/// `deltagare_{KOD|forbund}_{fran}_{till}[_undertryckt].{ext}`
fn filename(f: &DeltagareFigures, format: ExportFormat) -> String {
    let suffix = if f.set.suppressed.is_some() {
        "_undertryckt"
    } else {
        ""
    };
    format!(
        "deltagare_{}_{}_{}{suffix}.{}",
        f.scope_code,
        f.period.fran,
        f.period.till,
        format.code()
    )
}

/// The file: the CSV of every table, or the XLSX with an Urval sheet and a sheet per table.
pub async fn render(figures: DeltagareFigures, format: ExportFormat) -> CoreResult<ExportFile> {
    let filename = filename(&figures, format);
    let bytes = match format {
        ExportFormat::Csv => csv_of(&figures.set, figures.threshold)?,
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

fn xlsx_bytes(f: &DeltagareFigures) -> CoreResult<Vec<u8>> {
    let mut wb = Workbook::new();
    let rows = [
        ("Förbund", f.forbund_namn.clone()),
        ("Urval", f.scope_label.clone()),
        ("Period", format!("{} – {}", f.period.fran, f.period.till)),
        ("Skapad", f.generated_at.clone()),
        ("Undertryckning", suppression_label(f.set.suppressed)),
    ];
    urval_sheet(&mut wb, "Deltagare – urval", &rows, [20.0, 60.0])?;
    table_sheets(&mut wb, &f.set, f.threshold)?;
    wb.save_to_buffer().map_err(xlsx_err)
}
