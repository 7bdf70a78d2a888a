//! Goals and their progress (issue 16 §4), counted in SQL from the enrolments of the goal's
//! period. Enrolments ended as `felregistrering` count nowhere. Per goal:
//! - `nyinskrivna`: enrolments with `inskriven` in the period;
//! - `deltagare`: enrolments inskrivna at some day of the period;
//! - `andel_paborjad_arbetstraning`: of the period's nyinskrivna, those with an arbetsträning
//!   activity (at any date: the cohort is followed until it is counted);
//! - `andel_arbete_eller_studier_vid_avslut`: of those utskrivna in the period, those whose
//!   current exit measurement ("efter") records work or studies (`arbete_eller_studier`) with
//!   some omfattning. Utskrivna without an exit measurement count as not.
//!
//! Both shares count what is kept with each enrolment (migration 0032), and the enrolments of
//! one insats and period are counted once for all its goals of that period.

use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::deltagare::MalKod;
use lotsen_domain::insats::Progress;
use time::Date;
use uuid::Uuid;

/// One goal of an insats.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Mal {
    pub mal_id: Uuid,
    pub insats_id: Uuid,
    pub mal: MalKod,
    pub varde: i32,
    pub fran: Date,
    pub till: Date,
}

/// A goal with what has been reached.
#[derive(Debug, Clone)]
pub struct MalProgress {
    pub mal: Mal,
    pub progress: Progress,
}

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    mal: Mal,
    antal: i64,
    av: i64,
}

/// The goals of `insatser` with their progress, latest period first; only those whose period
/// includes `on` when given.
pub(crate) async fn progress_in(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    on: Option<Date>,
) -> CoreResult<Vec<MalProgress>> {
    if insatser.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query_as::<_, Row>(
        "with g as (select * from insats_mal \
                    where forbund_id = $1 and insats_id = any($2) \
                      and ($3::date is null or $3 between fran and till)), \
              p as (select distinct forbund_id, insats_id, fran, till from g), \
              c as (select p.insats_id, p.fran, p.till, n.* from p cross join lateral ( \
                  select count(*) filter (where x.ny) as ny, \
                         count(*) filter (where x.aktiv) as aktiva, \
                         count(*) filter (where x.ny and x.arbetstraning) as ny_arbetstraning, \
                         count(*) filter (where x.ut) as ut, \
                         count(*) filter (where x.ut and x.arbete_studier) as ut_arbete_studier \
                  from ( \
                      select d.inskriven between p.fran and p.till as ny, \
                             (d.inskriven <= p.till and (d.utskriven is null or d.utskriven >= p.fran)) as aktiv, \
                             (d.status = 'utskriven' and d.utskriven between p.fran and p.till) as ut, \
                             d.arbetstraning_fran is not null as arbetstraning, \
                             d.efter_arbete_studier as arbete_studier \
                      from deltagare d \
                      where d.forbund_id = p.forbund_id and d.insats_id = p.insats_id \
                        and d.status in ('inskriven', 'utskriven') and d.inskriven is not null \
                        and d.avslutsanledning is distinct from 'felregistrering' \
                        and d.inskriven <= p.till \
                        and (d.utskriven is null or d.utskriven >= p.fran) \
                  ) x \
              ) n) \
         select g.mal_id, g.insats_id, g.mal, g.varde, g.fran, g.till, \
                case g.mal when 'nyinskrivna' then c.ny \
                           when 'deltagare' then c.aktiva \
                           when 'andel_paborjad_arbetstraning' then c.ny_arbetstraning \
                           else c.ut_arbete_studier end as antal, \
                case g.mal when 'andel_paborjad_arbetstraning' then c.ny \
                           when 'andel_arbete_eller_studier_vid_avslut' then c.ut \
                           else 0 end as av \
         from g join c on c.insats_id = g.insats_id and c.fran = g.fran and c.till = g.till \
         order by g.fran desc, g.till desc, g.mal",
    )
    .bind(forbund)
    .bind(insatser)
    .bind(on)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| MalProgress {
            progress: Progress {
                mal: r.mal.mal,
                varde: r.mal.varde,
                antal: r.antal,
                av: r.av,
            },
            mal: r.mal,
        })
        .collect())
}
