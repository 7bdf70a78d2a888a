//! A LOKUS chair's or member's work: the group's next meeting, a protokoll waiting for them as
//! justerare, the nulägesanalys form waiting for the chair's signature, and the group's recent
//! decisions.

use super::SHOWN;
use super::koordinator::NextMeeting;
use crate::ctx::Ctx;
use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::Action;
use time::Date;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct GroupWork {
    pub kod: String,
    pub namn: String,
    pub next: NextMeeting,
    /// The group's form of the latest open round, when the actor chairs it and it is not signed.
    pub sign: Option<SignWaiting>,
    pub decisions: Vec<Decision>,
    /// Meetings whose protokoll the chair has justerat and that wait for the actor as justerare.
    pub att_justera: Vec<(Uuid, Date)>,
}

/// An unsigned nulägesanalys form of a round, for its chair.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignWaiting {
    pub ar: i32,
    pub senast: Date,
    /// Some answer is written.
    pub answered: bool,
    /// The form was signed once and reopened.
    pub reopened: bool,
}

/// A decision of one of the group's meetings.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Decision {
    pub mote_id: Uuid,
    pub datum: Date,
    /// The ärende's number, or the heading of a free item.
    pub rubrik: String,
    pub beslut: String,
    pub justerat: bool,
}

pub(super) async fn load(
    tx: &mut Tx,
    ctx: &Ctx,
    forbund: Uuid,
    groups: &[Uuid],
    today: Date,
) -> CoreResult<Vec<GroupWork>> {
    let readable: Vec<Uuid> = groups
        .iter()
        .copied()
        .filter(|g| ctx.can(Action::ReadMeeting { lokus: *g }))
        .collect();
    let mut out = Vec::new();
    for next in super::koordinator::next_meetings(tx, forbund, &readable, today).await? {
        let lokus = next.lokus_id;
        let sign = if ctx.can(Action::SignNulagesanalys { lokus }) {
            sign_waiting(tx, forbund, lokus).await?
        } else {
            None
        };
        let decisions = sqlx::query_as::<_, Decision>(
            "select m.mote_id, m.datum, coalesce(a.nummer, p.rubrik) as rubrik, \
                    left(p.beslut, 300) as beslut, m.status = 'justerat' as justerat \
             from lokus_mote m \
             join lokus_punkt p on p.forbund_id = m.forbund_id and p.mote_id = m.mote_id \
             left join arende a on a.forbund_id = p.forbund_id and a.arende_id = p.arende_id \
             where m.forbund_id = $1 and m.lokus_id = $2 and p.beslut <> '' and not p.borttagen \
             order by m.datum desc, p.ordning limit $3",
        )
        .bind(forbund)
        .bind(lokus)
        .bind(SHOWN)
        .fetch_all(&mut **tx)
        .await?;
        let att_justera = sqlx::query_as::<_, (Uuid, Date)>(
            "select m.mote_id, m.datum from lokus_mote m \
             where m.forbund_id = $1 and m.lokus_id = $2 and m.justerare_id = $3 \
               and m.status <> 'justerat' and m.ordforande_justerat_at is not null \
             order by m.datum",
        )
        .bind(forbund)
        .bind(lokus)
        .bind(ctx.person())
        .fetch_all(&mut **tx)
        .await?;
        out.push(GroupWork {
            att_justera,
            kod: next.lokus_kod.clone(),
            namn: next.lokus_namn.clone(),
            next,
            sign,
            decisions,
        });
    }
    Ok(out)
}

/// The group's form of the latest round that is not signed (reopened or never signed).
async fn sign_waiting(tx: &mut Tx, forbund: Uuid, lokus: Uuid) -> CoreResult<Option<SignWaiting>> {
    Ok(sqlx::query_as::<_, SignWaiting>(
        "select o.ar, o.senast, \
                exists (select 1 from nulage_svar s where s.forbund_id = o.forbund_id \
                        and s.blankett_id = b.blankett_id and s.text <> '') as answered, \
                exists (select 1 from nulage_blankett_handelse h where h.forbund_id = o.forbund_id \
                        and h.blankett_id = b.blankett_id and h.typ = 'ateroppnad') as reopened \
         from (select * from nulage_omgang where forbund_id = $1 order by ar desc limit 1) o \
         left join nulage_blankett b on b.forbund_id = o.forbund_id and b.omgang_id = o.omgang_id \
              and b.lokus_id = $2 \
         where b.signerad_at is null",
    )
    .bind(forbund)
    .bind(lokus)
    .fetch_optional(&mut **tx)
    .await?)
}
