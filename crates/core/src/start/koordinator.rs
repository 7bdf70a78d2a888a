//! The coordinator's work: requests waiting for a decision, LOKUS decisions to follow up, open ärenden that have gone quiet, and
//! the next meeting of each group they coordinate.

use super::SHOWN;
use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::arende::Status;
use time::{Date, Time};
use uuid::Uuid;

#[derive(Debug, Clone, Default)]
pub struct KoordinatorWork {
    /// Requests from handläggare waiting for a decision, the most urgent first.
    pub forfragningar: Vec<crate::forfragan::Waiting>,
    pub uppfoljningar: Vec<Uppfoljning>,
    pub quiet: Vec<Quiet>,
    pub moten: Vec<NextMeeting>,
}

/// A LOKUS decision on an ärende with a follow-up date.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Uppfoljning {
    pub arende_id: Uuid,
    pub nummer: String,
    pub status: Status,
    pub lokus_kod: String,
    pub mote_id: Uuid,
    pub mote_datum: Date,
    pub beslut: String,
    pub vem: Option<String>,
    pub senast: Date,
    /// The follow-up date has passed.
    pub passerad: bool,
}

/// An ärende in progress with no action for `QUIET_DAYS`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Quiet {
    pub arende_id: Uuid,
    pub nummer: String,
    pub lokus_kod: String,
    pub inkom: Date,
    /// The date of its latest action, if it has any.
    pub senast: Option<Date>,
}

/// A group's next planned meeting (or none) and the items waiting for it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NextMeeting {
    pub lokus_id: Uuid,
    pub lokus_kod: String,
    pub lokus_namn: String,
    pub mote_id: Option<Uuid>,
    pub datum: Option<Date>,
    pub tid: Option<Time>,
    /// Items on its agenda as it was last brought in step with the flags (opening the meeting
    /// does that), or ärenden raised to the group when no meeting is planned.
    pub punkter: i64,
}

pub(super) async fn load(
    tx: &mut Tx,
    forbund: Uuid,
    groups: &[Uuid],
    today: Date,
) -> CoreResult<KoordinatorWork> {
    // Overdue ones stay for a month: a follow-up missed is still one to do.
    let uppfoljningar = sqlx::query_as::<_, Uppfoljning>(
        "select a.arende_id, a.nummer, a.status, l.kod as lokus_kod, m.mote_id, m.datum as mote_datum, \
                left(p.beslut, 200) as beslut, p.uppfoljning_vem as vem, p.uppfoljning_senast as senast, \
                p.uppfoljning_senast < $3 as passerad \
         from lokus_mote m \
         join lokus_punkt p on p.forbund_id = m.forbund_id and p.mote_id = m.mote_id \
         join arende a on a.forbund_id = p.forbund_id and a.arende_id = p.arende_id \
         join lokus_grupp l on l.forbund_id = m.forbund_id and l.lokus_id = m.lokus_id \
         where m.forbund_id = $1 and m.lokus_id = any($2) and p.beslut <> '' and not p.borttagen \
           and p.arende_id is not null and p.uppfoljning_senast >= $3 - 30 \
         order by p.uppfoljning_senast, a.nummer limit $4",
    )
    .bind(forbund)
    .bind(groups)
    .bind(today)
    .bind(SHOWN)
    .fetch_all(&mut **tx)
    .await?;
    // Oldest first within each group through its status index, a few action lookups each.
    let quiet = sqlx::query_as::<_, Quiet>(&format!(
        "select q.arende_id, q.nummer, l.kod as lokus_kod, q.inkom, q.senast \
         from unnest($2::uuid[]) g(lokus_id) \
         join lokus_grupp l on l.forbund_id = $1 and l.lokus_id = g.lokus_id \
         cross join lateral ( \
             select a.arende_id, a.nummer, a.inkom, a.lopnummer, \
                    (select max(t.datum) from atgard t where t.forbund_id = a.forbund_id \
                     and t.arende_id = a.arende_id) as senast \
             from arende a \
             where a.forbund_id = $1 and a.lokus_id = g.lokus_id and {} \
             order by a.inkom, a.lopnummer, a.nummer limit $3) q \
         order by q.inkom, q.lopnummer, q.nummer limit $3",
        crate::arende::list::quiet_condition()
    ))
    .bind(forbund)
    .bind(groups)
    .bind(SHOWN)
    .fetch_all(&mut **tx)
    .await?;
    let moten = next_meetings(tx, forbund, groups, today).await?;
    let forfragningar = crate::forfragan::waiting_for(tx, forbund, groups, SHOWN).await?;
    Ok(KoordinatorWork {
        forfragningar,
        uppfoljningar,
        quiet,
        moten,
    })
}

/// The next planned meeting of each of `groups` (today or later), in order of group code.
pub(super) async fn next_meetings(
    tx: &mut Tx,
    forbund: Uuid,
    groups: &[Uuid],
    today: Date,
) -> CoreResult<Vec<NextMeeting>> {
    Ok(sqlx::query_as::<_, NextMeeting>(
        "select l.lokus_id, l.kod as lokus_kod, l.namn as lokus_namn, n.mote_id, n.datum, n.tid, \
                case when n.mote_id is null then \
                    (select count(*) from arende a where a.forbund_id = l.forbund_id \
                     and a.lokus_id = l.lokus_id and a.flaggad) \
                else (select count(*) from lokus_punkt p where p.forbund_id = l.forbund_id \
                      and p.mote_id = n.mote_id and not p.borttagen) \
                end as punkter \
         from lokus_grupp l \
         left join lateral (select m.mote_id, m.datum, m.tid from lokus_mote m \
                where m.forbund_id = l.forbund_id and m.lokus_id = l.lokus_id \
                  and m.status = 'planerat' and m.datum >= $3 \
                order by m.datum, m.tid limit 1) n on true \
         where l.forbund_id = $1 and l.lokus_id = any($2) and l.aktiv order by l.kod",
    )
    .bind(forbund)
    .bind(groups)
    .bind(today)
    .fetch_all(&mut **tx)
    .await?)
}
