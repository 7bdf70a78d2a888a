//! The group's figures on the meeting page, computed in SQL: since the previous meeting and
//! year to date — ärenden received per remitting part × kön (with totals by grouping sets),
//! samverkansproblem, how many ärenden were flagged to LOKUS and how many were closed.
//!
//! "Since the previous meeting" is the days after the previous meeting's date up to and
//! including this meeting's date; without a previous meeting it is the year to date. "Year
//! to date" is 1 January of the meeting's year up to its date.

use crate::db::Tx;
use crate::error::CoreResult;
use time::{Date, Month};
use uuid::Uuid;

/// One count for both periods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pair {
    pub sedan: i64,
    pub ar: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PartKonRow {
    /// `None` on total rows.
    pub part: Option<String>,
    pub kon: Option<String>,
    pub sedan: i64,
    pub ar: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProblemRow {
    /// `None` for ärenden whose problem is not yet assessed; `total` marks the total row.
    pub kod: Option<String>,
    pub total: bool,
    pub sedan: i64,
    pub ar: i64,
}

#[derive(Debug, Clone)]
pub struct Figures {
    /// The first day counted as "since the previous meeting".
    pub sedan_fran: Date,
    pub ar_fran: Date,
    pub till: Date,
    pub part_kon: Vec<PartKonRow>,
    pub problem: Vec<ProblemRow>,
    pub flaggade: Pair,
    pub avslutade: Pair,
}

impl Figures {
    /// The count of one (part, kön) cell; `None` means the total over that dimension.
    pub fn cell(&self, part: Option<&str>, kon: Option<&str>) -> Pair {
        self.part_kon
            .iter()
            .find(|r| r.part.as_deref() == part && r.kon.as_deref() == kon)
            .map(|r| Pair {
                sedan: r.sedan,
                ar: r.ar,
            })
            .unwrap_or_default()
    }

    pub fn problem(&self, kod: Option<&str>) -> Pair {
        self.problem
            .iter()
            .find(|r| !r.total && r.kod.as_deref() == kod)
            .map(|r| Pair {
                sedan: r.sedan,
                ar: r.ar,
            })
            .unwrap_or_default()
    }

    pub fn problem_total(&self) -> Pair {
        self.problem
            .iter()
            .find(|r| r.total)
            .map(|r| Pair {
                sedan: r.sedan,
                ar: r.ar,
            })
            .unwrap_or_default()
    }
}

/// Computes the figures of group `lokus` for a meeting on `till` whose previous meeting (if
/// any) was on `forra`.
pub async fn compute(
    tx: &mut Tx,
    forbund: Uuid,
    lokus: Uuid,
    forra: Option<Date>,
    till: Date,
) -> CoreResult<Figures> {
    let ar_fran = Date::from_calendar_date(till.year(), Month::January, 1).unwrap_or(till);
    let sedan_fran = match forra {
        Some(d) if d < till => d.next_day().unwrap_or(till),
        _ => ar_fran,
    };
    let fran = sedan_fran.min(ar_fran);
    let part_kon = sqlx::query_as::<_, PartKonRow>(
        "select a.part, a.kon, \
                count(*) filter (where a.inkom >= $3) as sedan, \
                count(*) filter (where a.inkom >= $4) as ar \
         from arende a \
         where a.forbund_id = $1 and a.lokus_id = $2 and a.inkom >= $5 and a.inkom <= $6 \
         group by grouping sets ((a.part, a.kon), (a.part), (a.kon), ())",
    )
    .bind(forbund)
    .bind(lokus)
    .bind(sedan_fran)
    .bind(ar_fran)
    .bind(fran)
    .bind(till)
    .fetch_all(&mut **tx)
    .await?;
    let problem = sqlx::query_as::<_, ProblemRow>(
        "select a.samverkansproblem as kod, grouping(a.samverkansproblem) = 1 as total, \
                count(*) filter (where a.inkom >= $3) as sedan, \
                count(*) filter (where a.inkom >= $4) as ar \
         from arende a \
         where a.forbund_id = $1 and a.lokus_id = $2 and a.inkom >= $5 and a.inkom <= $6 \
         group by grouping sets ((a.samverkansproblem), ())",
    )
    .bind(forbund)
    .bind(lokus)
    .bind(sedan_fran)
    .bind(ar_fran)
    .bind(fran)
    .bind(till)
    .fetch_all(&mut **tx)
    .await?;
    let (fs, fa, cs, ca): (i64, i64, i64, i64) = sqlx::query_as(
        "select \
            (select count(distinct h.arende_id) filter (where d >= $3) from arende_handelse h \
               join arende a on a.forbund_id = h.forbund_id and a.arende_id = h.arende_id \
               cross join lateral (select (lotsen_local(h.created_at))::date as d) x \
               where h.forbund_id = $1 and a.lokus_id = $2 and h.typ = 'flaggad' and d >= $5 and d <= $6), \
            (select count(distinct h.arende_id) filter (where d >= $4) from arende_handelse h \
               join arende a on a.forbund_id = h.forbund_id and a.arende_id = h.arende_id \
               cross join lateral (select (lotsen_local(h.created_at))::date as d) x \
               where h.forbund_id = $1 and a.lokus_id = $2 and h.typ = 'flaggad' and d >= $5 and d <= $6), \
            count(*) filter (where a.avslutad_datum >= $3), \
            count(*) filter (where a.avslutad_datum >= $4) \
         from arende a \
         where a.forbund_id = $1 and a.lokus_id = $2 and a.avslutad_datum >= $5 and a.avslutad_datum <= $6",
    )
    .bind(forbund)
    .bind(lokus)
    .bind(sedan_fran)
    .bind(ar_fran)
    .bind(fran)
    .bind(till)
    .fetch_one(&mut **tx)
    .await?;
    Ok(Figures {
        sedan_fran,
        ar_fran,
        till,
        part_kon,
        problem,
        flaggade: Pair { sedan: fs, ar: fa },
        avslutade: Pair { sedan: cs, ar: ca },
    })
}
