//! Data quality of the ärenden a nulägesanalys counts (issue 13): one count per check for a
//! group (or every group) and period, computed in SQL, and the same checks as a filter of the
//! coordinator's ärende list (`ArendeFilter::brist`), so a count and its list always agree.

use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::CoreResult;
use lotsen_domain::kvalitet::Brist;
use lotsen_domain::statistik::Period;
use lotsen_domain::{Action, Area};
use uuid::Uuid;

/// The check as an SQL condition on the ärende `a`.
pub(crate) fn condition(b: Brist) -> &'static str {
    match b {
        Brist::OkantKon => "a.kon = 'okant'",
        Brist::OkandAlder => "a.alder is null",
        Brist::IngenEnhet => "a.enhet_id is null",
        Brist::IngenHandlaggare => "a.handlaggare_id is null",
        Brist::EjBedomt => "a.samverkansproblem is null",
        // DAYS_WITHOUT_ACTION (60) days, received at least that long ago.
        Brist::IngenAtgard => {
            "(a.status <> 'avslutad' and a.inkom <= lotsen_today() - 60 \
              and not exists (select 1 from atgard t where t.forbund_id = a.forbund_id \
                              and t.arende_id = a.arende_id and t.datum > lotsen_today() - 60))"
        }
        // Two capitalised words, as a name would be written.
        Brist::NamnlikKod => {
            "exists (select 1 from handlaggare h where h.forbund_id = a.forbund_id \
                     and h.handlaggare_id = a.handlaggare_id \
                     and h.kod ~ '^[A-ZÅÄÖÉÜ][a-zåäöéü]+ +[A-ZÅÄÖÉÜ][a-zåäöéü-]+$')"
        }
    }
}

/// The checks of one scope: a group, or the whole förbund (`lokus` `None`).
#[derive(Debug, Clone)]
pub struct Kvalitet {
    pub lokus: Option<Uuid>,
    /// Code and name of the group; `None` for the whole förbund.
    pub grupp: Option<(String, String)>,
    pub period: Period,
    pub counts: Vec<(Brist, i64)>,
    /// The actor coordinates the group, so may follow a count to the ärenden behind it.
    pub may_list: bool,
}

/// Counts every check over the ärenden of `groups` received in `period`.
pub(crate) async fn counts(
    tx: &mut Tx,
    forbund: Uuid,
    groups: &[Uuid],
    period: Period,
) -> CoreResult<Vec<(Brist, i64)>> {
    let columns: Vec<String> = Brist::ALL
        .iter()
        .map(|b| format!("count(*) filter (where {})", condition(*b)))
        .collect();
    let sql = format!(
        "select array[{}]::int8[] from arende a \
         where a.forbund_id = $1 and a.lokus_id = any($2) and a.inkom between $3 and $4",
        columns.join(", ")
    );
    let values: Vec<i64> = sqlx::query_scalar(&sql)
        .bind(forbund)
        .bind(groups)
        .bind(period.fran)
        .bind(period.till)
        .fetch_one(&mut **tx)
        .await?;
    Ok(Brist::ALL.iter().copied().zip(values).collect())
}

/// The checks for every group the actor may see figures for, and for the whole förbund when
/// the actor may see that, over `period`.
pub async fn panel(db: &Db, ctx: &Ctx, period: Period) -> CoreResult<Vec<Kvalitet>> {
    ctx.require(Action::Enter(Area::Statistik))?;
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let groups: Vec<(Uuid, String, String)> = sqlx::query_as(
        "select lokus_id, kod, namn from lokus_grupp where forbund_id = $1 and aktiv order by kod",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?;
    let coordinated = crate::arende::coordinator_groups(ctx);
    let mut out = Vec::new();
    for (id, kod, namn) in &groups {
        if !ctx.can(Action::ReadStatistics { lokus: Some(*id) }) {
            continue;
        }
        out.push(Kvalitet {
            lokus: Some(*id),
            grupp: Some((kod.clone(), namn.clone())),
            period,
            counts: counts(&mut tx, forbund, &[*id], period).await?,
            may_list: coordinated.contains(id),
        });
    }
    if ctx.can(Action::ReadStatistics { lokus: None }) {
        let all: Vec<Uuid> = groups.iter().map(|g| g.0).collect();
        out.push(Kvalitet {
            lokus: None,
            grupp: None,
            period,
            counts: counts(&mut tx, forbund, &all, period).await?,
            may_list: false,
        });
    }
    tx.commit().await?;
    Ok(out)
}

/// The period the panel looks at: the latest nulägesanalys round's, or, without one, the
/// nulägesanalys period of this year's round.
pub async fn current_period(db: &Db, ctx: &Ctx) -> CoreResult<Period> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let period = period_in(&mut tx, forbund).await?;
    tx.commit().await?;
    Ok(period)
}

/// `current_period` inside a transaction.
pub(crate) async fn period_in(tx: &mut Tx, forbund: Uuid) -> CoreResult<Period> {
    let round: Option<(time::Date, time::Date)> = sqlx::query_as(
        "select fran, till from nulage_omgang where forbund_id = $1 order by ar desc limit 1",
    )
    .bind(forbund)
    .fetch_optional(&mut **tx)
    .await?;
    let today = crate::db::today(tx).await?;
    Ok(match round {
        Some((fran, till)) => Period { fran, till },
        None => Period::nulagesanalys(today.year()).unwrap_or(Period {
            fran: today,
            till: today,
        }),
    })
}
