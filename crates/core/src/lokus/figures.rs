//! The group's figures on the meeting page: since the previous meeting and year to date —
//! ärenden received per remitting part × kön and per samverkansproblem, read from the
//! statistics module (the same counting as `/statistik` and the nulägesanalys), plus how many
//! ärenden were lifted to LOKUS and how many were closed, which count events rather than
//! ärenden received and so are the meeting's own.
//!
//! "Since the previous meeting" is the days after the previous meeting's date up to and
//! including this meeting's date; without a previous meeting it is the year to date. "Year
//! to date" is 1 January of the meeting's year up to its date.

use crate::db::Tx;
use crate::error::CoreResult;
use crate::statistik::queries;
use lotsen_domain::statistik::{FigureSet, FigureTable, Period, Tabell};
use time::{Date, Month};
use uuid::Uuid;

/// One count for both periods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pair {
    pub sedan: i64,
    pub ar: i64,
}

#[derive(Debug, Clone)]
pub struct Figures {
    /// The first day counted as "since the previous meeting".
    pub sedan_fran: Date,
    pub ar_fran: Date,
    pub till: Date,
    /// The statistics module's exact figures for each period.
    sedan: FigureSet,
    ar: FigureSet,
    pub flaggade: Pair,
    pub avslutade: Pair,
}

impl Figures {
    /// One cell of a table in both periods.
    fn pair(&self, table: fn(&FigureSet) -> Option<&FigureTable>, row: &str, col: &str) -> Pair {
        let read = |set: &FigureSet| {
            table(set)
                .and_then(|t| t.value(row, col))
                .unwrap_or_default()
        };
        Pair {
            sedan: read(&self.sedan),
            ar: read(&self.ar),
        }
    }

    /// The count of one (part, kön) cell; `None` means the total over that dimension.
    pub fn cell(&self, part: Option<&str>, kon: Option<&str>) -> Pair {
        let col = match kon {
            Some("okant") => "okant_kon",
            Some(k) => k,
            None => "totalt",
        };
        self.pair(
            |s| s.kon_view(Tabell::ArendenPerPart),
            part.unwrap_or("totalt"),
            col,
        )
    }

    /// Ärenden with this samverkansproblem; `None` for those not yet assessed.
    pub fn problem(&self, kod: Option<&str>) -> Pair {
        self.pair(
            |s| s.table(Tabell::Samverkansproblem),
            kod.unwrap_or("okant"),
            "totalt",
        )
    }

    pub fn problem_total(&self) -> Pair {
        self.pair(|s| s.table(Tabell::Samverkansproblem), "totalt", "totalt")
    }
}

/// Computes the figures of group `lokus` for a meeting on `till` whose previous meeting (if
/// any) was on `forra`. The caller has checked access to the meeting.
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
    let ar = queries::figures(
        tx,
        forbund,
        Some(lokus),
        Period {
            fran: ar_fran,
            till,
        },
    )
    .await?;
    let sedan = if sedan_fran == ar_fran {
        ar.clone()
    } else {
        let period = Period {
            fran: sedan_fran,
            till,
        };
        queries::figures(tx, forbund, Some(lokus), period).await?
    };
    // Events are found by their moment (an index range, migration 0015_lokus_mote_index) and counted by their
    // Swedish date.
    let (fs, fa): (i64, i64) = sqlx::query_as(
        "select count(distinct h.arende_id) filter (where x.d >= $3), \
                count(distinct h.arende_id) filter (where x.d >= $4) \
         from arende_handelse h \
         join arende a on a.forbund_id = h.forbund_id and a.arende_id = h.arende_id \
         cross join lateral (select (lotsen_local(h.created_at))::date as d) x \
         where h.forbund_id = $1 and h.typ = 'flaggad' and a.lokus_id = $2 \
           and h.created_at >= lotsen_from_local($5::timestamp) \
           and h.created_at < lotsen_from_local(($6 + 1)::timestamp)",
    )
    .bind(forbund)
    .bind(lokus)
    .bind(sedan_fran)
    .bind(ar_fran)
    .bind(fran)
    .bind(till)
    .fetch_one(&mut **tx)
    .await?;
    let (cs, ca): (i64, i64) = sqlx::query_as(
        "select count(*) filter (where a.avslutad_datum >= $3), \
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
        sedan,
        ar,
        flaggade: Pair { sedan: fs, ar: fa },
        avslutade: Pair { sedan: cs, ar: ca },
    })
}
