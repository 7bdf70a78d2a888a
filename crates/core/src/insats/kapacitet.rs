//! The capacity board for förbund staff (issue 16 §4): per active insats its places, the
//! participants inskrivna now, the queue, the median wait from queue to inskrivning (those
//! inskrivna the last 12 months), and each remitting party's share of the occupied places
//! beside the förbund's funding shares (FK and AF ½, region ¼, kommuner ¼). The party is the
//! linked ärende's `part`; an enrolment without an ärende counts as "annan eller okänd".
//! Figures only: the board never shows a participant. `felregistrering` counts nowhere.

use super::manage_scope;
use crate::ctx::Ctx;
use crate::db::{Db, today};
use crate::error::CoreResult;
use time::Date;
use uuid::Uuid;

/// The förbund's funding shares in per cent, by the board's party groups: FK and AF, region,
/// kommuner, annan eller okänd (finsam's fixed shares; other parties fund nothing).
pub const FINANSIERING: [i64; 4] = [50, 25, 25, 0];

/// The board's party groups, in the order of `FINANSIERING`.
pub const PARTSGRUPPER: [&str; 4] = ["FK och AF", "Region", "Kommuner", "Annan eller okänd"];

/// One line of the board (an insats, or every active insats together).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KapacitetRad {
    pub kod: String,
    pub namn: String,
    pub platser: Option<i64>,
    /// Inskrivna now.
    pub aktiva: i64,
    /// In the queue now.
    pub i_ko: i64,
    /// Median days from ko_datum to inskriven, for those inskrivna the last 12 months.
    pub median_vantedagar: Option<f64>,
    /// Inskrivna now by party group (the order of `PARTSGRUPPER`).
    pub fk_af: i64,
    pub region: i64,
    pub kommun: i64,
    pub annan: i64,
}

impl KapacitetRad {
    /// Inskrivna per party group.
    pub fn per_part(&self) -> [i64; 4] {
        [self.fk_af, self.region, self.kommun, self.annan]
    }

    /// Each party group's share of the occupied places in whole per cent (rounded half up),
    /// `None` when no place is occupied.
    pub fn andelar(&self) -> Option<[i64; 4]> {
        (self.aktiva > 0).then(|| {
            self.per_part()
                .map(|n| (n * 200 + self.aktiva) / (self.aktiva * 2))
        })
    }

    /// Occupied places in per cent of the places, when the insats has places.
    pub fn belaggning(&self) -> Option<i64> {
        self.platser
            .filter(|p| *p > 0)
            .map(|p| (self.aktiva * 200 + p) / (p * 2))
    }
}

/// The board: one line per active insats, by name, and the total.
#[derive(Debug, Clone)]
pub struct Kapacitet {
    pub rader: Vec<KapacitetRad>,
    pub totalt: KapacitetRad,
    pub today: Date,
}

#[tracing::instrument(name = "insats.kapacitet", skip_all)]
pub async fn board(db: &Db, ctx: &Ctx) -> CoreResult<Kapacitet> {
    let forbund: Uuid = manage_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let today = today(&mut tx).await?;
    // One pass over the active insatser's enrolments; `grouping sets` adds the total line
    // (kod null), whose median is over every insats's waits.
    let mut rows = sqlx::query_as::<_, KapacitetRad>(
        "with i as (select forbund_id, insats_id, kod, namn, platser from insats \
                    where forbund_id = $1 and status = 'aktiv'), \
              d as (select d.insats_id, d.status, coalesce(a.part, 'annan') as part \
                    from deltagare d \
                    join i on i.forbund_id = d.forbund_id and i.insats_id = d.insats_id \
                    left join arende a on a.forbund_id = d.forbund_id and a.arende_id = d.arende_id \
                    where d.forbund_id = $1 and d.status in ('inskriven', 'i_ko')), \
              w as (select d.insats_id, d.inskriven - d.ko_datum as vantan \
                    from deltagare d join i on i.forbund_id = d.forbund_id and i.insats_id = d.insats_id \
                    where d.forbund_id = $1 and d.status in ('inskriven', 'utskriven') \
                      and d.ko_datum is not null and d.inskriven is not null \
                      and d.inskriven > lotsen_today() - interval '12 months' \
                      and d.avslutsanledning is distinct from 'felregistrering') \
         select coalesce(i.kod, '') as kod, coalesce(i.namn::text, 'Alla aktiva insatser') as namn, \
                case when grouping(i.insats_id) = 0 then max(i.platser)::bigint \
                     else (select sum(platser)::bigint from i) end as platser, \
                count(*) filter (where d.status = 'inskriven') as aktiva, \
                count(*) filter (where d.status = 'i_ko') as i_ko, \
                case when grouping(i.insats_id) = 0 \
                     then (select percentile_cont(0.5) within group (order by w.vantan) \
                           from w where w.insats_id = i.insats_id) \
                     else (select percentile_cont(0.5) within group (order by w.vantan) from w) \
                end as median_vantedagar, \
                count(*) filter (where d.status = 'inskriven' and d.part in ('fk', 'af')) as fk_af, \
                count(*) filter (where d.status = 'inskriven' and d.part = 'region') as region, \
                count(*) filter (where d.status = 'inskriven' and d.part = 'kommun') as kommun, \
                count(*) filter (where d.status = 'inskriven' and d.part = 'annan') as annan \
         from i left join d on d.insats_id = i.insats_id \
         group by grouping sets ((i.insats_id, i.kod, i.namn), ()) \
         order by grouping(i.insats_id), i.namn, i.kod",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let totalt = rows.pop().unwrap_or(KapacitetRad {
        kod: String::new(),
        namn: "Alla aktiva insatser".into(),
        platser: None,
        aktiva: 0,
        i_ko: 0,
        median_vantedagar: None,
        fk_af: 0,
        region: 0,
        kommun: 0,
        annan: 0,
    });
    Ok(Kapacitet {
        rader: rows,
        totalt,
        today,
    })
}
