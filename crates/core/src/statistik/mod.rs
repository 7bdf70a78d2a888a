//! Statistics and the nulägesanalys figures (DESIGN §6.5): which LOKUS groups the actor may
//! see figures for, the figures of one selection (computed in SQL, see `queries`), and the
//! CSV and XLSX exports (see `export`). Access follows DESIGN §4: the förbund-admin sees the
//! whole förbund and every group; coordinators, chairs and ledamöter their own groups;
//! everything else is `NotFound`. Page views and exports are audited with ids and the
//! selection only.

pub mod deltagare;
pub mod export;
mod forfragningar;
pub mod kvalitet;
mod per_kod;
pub(crate) mod queries;
mod sip;

use crate::audit::{self, AuditEntry, AuditSelection};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::statistik::suppression::relations::groups_in_whole;
use lotsen_domain::statistik::{FigureSet, Period};
use lotsen_domain::{Action, Area, AuditAction};
use uuid::Uuid;

pub use export::{ExportFile, ExportFormat};

/// A LOKUS group the actor may see figures for.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LokusChoice {
    pub lokus_id: Uuid,
    pub kod: String,
    pub namn: String,
}

/// What the actor may choose on the selection form.
#[derive(Debug, Clone)]
pub struct Choices {
    /// May choose the whole förbund.
    pub whole_forbund: bool,
    pub groups: Vec<LokusChoice>,
    /// Today in Sweden, for the presets.
    pub today: time::Date,
}

/// A selection: the whole förbund (`lokus: None`) or one group, and a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub lokus: Option<Uuid>,
    pub period: Period,
    pub suppress: bool,
}

/// The figures of one selection, with what the page and the exports say about it.
#[derive(Debug, Clone)]
pub struct Figures {
    pub forbund_namn: String,
    /// Code and name of the group; `None` for the whole förbund.
    pub lokus: Option<(String, String)>,
    pub period: Period,
    /// When the figures were computed, Swedish local time `YYYY-MM-DD HH:MM`.
    pub generated_at: String,
    /// The förbund's threshold for small counts.
    pub threshold: i64,
    pub set: FigureSet,
}

impl Figures {
    /// "Hela förbundet" or "KOD – Namn".
    pub fn scope_label(&self) -> String {
        match &self.lokus {
            Some((kod, namn)) => format!("{kod} – {namn}"),
            None => "Hela förbundet".to_string(),
        }
    }
}

/// Fails unless the actor may see figures for at least something in the active förbund.
fn any_access(ctx: &Ctx) -> CoreResult<()> {
    ctx.require(Action::Enter(Area::Statistik))
}

/// The groups (and whole förbund) the actor may choose, and today's date.
pub async fn choices(db: &Db, ctx: &Ctx) -> CoreResult<Choices> {
    any_access(ctx)?;
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let all: Vec<LokusChoice> = sqlx::query_as(
        "select lokus_id, kod, namn from lokus_grupp where forbund_id = $1 order by kod",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?;
    let today = crate::db::today(&mut tx).await?;
    tx.commit().await?;
    Ok(Choices {
        whole_forbund: ctx.can(Action::ReadStatistics { lokus: None }),
        groups: all
            .into_iter()
            .filter(|g| {
                ctx.can(Action::ReadStatistics {
                    lokus: Some(g.lokus_id),
                })
            })
            .collect(),
        today,
    })
}

/// Finds a LOKUS group of the active förbund by its code, if the actor may see its figures.
/// Another förbund's group, or an unknown code, is `NotFound`.
pub async fn lokus_by_code(db: &Db, ctx: &Ctx, kod: &str) -> CoreResult<Uuid> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let id: Option<Uuid> =
        sqlx::query_scalar("select lokus_id from lokus_grupp where forbund_id = $1 and kod = $2")
            .bind(forbund)
            .bind(kod.trim().to_ascii_uppercase())
            .fetch_optional(&mut *tx)
            .await?;
    tx.commit().await?;
    let id = id.ok_or(CoreError::NotFound)?;
    ctx.require(Action::ReadStatistics { lokus: Some(id) })?;
    Ok(id)
}

/// The figures of a selection (for the page). Audited as a read of statistics.
pub async fn figures(db: &Db, ctx: &Ctx, sel: Selection) -> CoreResult<Figures> {
    let mut tx = db.begin(ctx).await?;
    let figures = compute(&mut tx, ctx, sel).await?;
    audit(&mut tx, ctx, AuditAction::StatistikRead, sel, None).await?;
    tx.commit().await?;
    Ok(figures)
}

/// Checks access, then computes the figures inside the caller's transaction. Other features
/// (the nulägesanalys form) embed a group's tables for a period through this function.
pub async fn compute(tx: &mut Tx, ctx: &Ctx, sel: Selection) -> CoreResult<Figures> {
    ctx.require(Action::ReadStatistics { lokus: sel.lokus })?;
    let forbund = ctx.forbund_id()?;
    let (forbund_namn, threshold): (String, i32) =
        sqlx::query_as("select namn, undertryck_grans from forbund where forbund_id = $1")
            .bind(forbund)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(CoreError::NotFound)?;
    let lokus = match sel.lokus {
        Some(id) => Some(
            sqlx::query_as::<_, (String, String)>(
                "select kod, namn from lokus_grupp where forbund_id = $1 and lokus_id = $2",
            )
            .bind(forbund)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(CoreError::NotFound)?,
        ),
        None => None,
    };
    let generated_at: String =
        sqlx::query_scalar("select to_char(lotsen_local(now()), 'YYYY-MM-DD HH24:MI')")
            .fetch_one(&mut **tx)
            .await?;
    let mut set = queries::figures(tx, forbund, sel.lokus, sel.period).await?;
    let threshold = i64::from(threshold);
    if sel.suppress {
        set.suppress(threshold);
    }
    Ok(Figures {
        forbund_namn,
        lokus,
        period: sel.period,
        generated_at,
        threshold,
        set,
    })
}

/// Suppresses several selections of one period as one publication (the all-groups XLSX): the
/// groups' figures add up to the whole förbund's, which is the last of `all`, exactly when the
/// groups are every group of the förbund (at most, otherwise). The linked protection is CPU
/// work of up to a second, so it runs off the async threads.
pub async fn suppress_together(all: &mut [Figures], all_groups: bool) -> CoreResult<()> {
    let Some(last) = all.last() else {
        return Ok(());
    };
    let threshold = last.threshold;
    let mut sets: Vec<FigureSet> = all
        .iter_mut()
        .map(|f| std::mem::replace(&mut f.set, FigureSet::empty()))
        .collect();
    let whole = sets.len() - 1;
    let sets = tokio::task::spawn_blocking(move || {
        FigureSet::suppress_together(&mut sets, threshold, |p| {
            let groups: Vec<usize> = (0..whole).collect();
            for r in groups_in_whole(p, &groups, whole, all_groups) {
                p.add(r);
            }
        });
        sets
    })
    .await
    .map_err(|e| CoreError::Internal(anyhow::Error::new(e).context("suppression task")))?;
    for (f, set) in all.iter_mut().zip(sets) {
        f.set = set;
    }
    Ok(())
}

/// An audit row for statistics: the group (or förbund) as object, the selection as codes.
async fn audit(
    tx: &mut Tx,
    ctx: &Ctx,
    action: AuditAction,
    sel: Selection,
    format: Option<ExportFormat>,
) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let entry = match sel.lokus {
        Some(id) => AuditEntry::by(ctx, action).on("lokus_grupp", id),
        None => AuditEntry::by(ctx, action).on("forbund", forbund),
    };
    let selection = AuditSelection {
        fran: sel.period.fran,
        till: sel.period.till,
        suppressed: sel.suppress,
        format: format.map(ExportFormat::code),
    };
    audit::record(tx, entry.with_selection(selection)).await
}

/// The figures of a selection as a CSV or XLSX file. Audited as an export.
pub async fn export(
    db: &Db,
    ctx: &Ctx,
    sel: Selection,
    format: ExportFormat,
) -> CoreResult<ExportFile> {
    let mut tx = db.begin(ctx).await?;
    let figures = compute(&mut tx, ctx, sel).await?;
    audit(
        &mut tx,
        ctx,
        AuditAction::StatistikExport,
        sel,
        Some(format),
    )
    .await?;
    tx.commit().await?;
    export::render(figures, format).await
}
