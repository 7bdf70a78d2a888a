//! The de-identified SIP summary in a LOKUS meeting's pre-read (issue 17): for each ärende on
//! the agenda, its SIP records as status, dates, the parties invited and present, and how many
//! actions are open and late and whose they are. Codes, dates and counts only: no goals, roles,
//! units, action texts or anything else a member of the group could recognise a person by.
//! Records whose consent was withdrawn are left out (the individual no longer agrees to the
//! shared planning, so it is not shown to the group either).

use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::sip::{Ansvarig, SipPart, SipStatus};
use time::Date;
use uuid::Uuid;

/// One SIP record of an ärende on the agenda, as the group sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SipSammanfattning {
    pub arende_id: Uuid,
    pub status: SipStatus,
    pub initierad: Date,
    pub kallad_till: Option<Date>,
    pub nasta_uppfoljning: Option<Date>,
    /// Held and running, and no follow-up booked.
    pub utan_uppfoljning: bool,
    /// The booked follow-up's date has passed.
    pub uppfoljning_forsenad: bool,
    /// The parties invited, each once.
    pub parter: Vec<SipPart>,
    /// The parties present at the planning meeting, each once.
    pub narvarande: Vec<SipPart>,
    /// Actions planned or under way.
    pub oppna_atgarder: i64,
    /// The responsible party of each late action (a party late twice is here twice).
    pub forsenade: Vec<Ansvarig>,
}

/// The SIP records of the ärenden on meeting `mote`'s agenda (items not removed), in the
/// meeting's transaction. "Late" is as of today.
pub async fn for_mote_in(
    tx: &mut Tx,
    forbund: Uuid,
    mote: Uuid,
) -> CoreResult<Vec<SipSammanfattning>> {
    let order = "array_position(array['fk', 'af', 'kommun', 'region', 'skola', 'annan', \
                 'individ'], x.part)";
    Ok(sqlx::query_as(&format!(
        "select s.arende_id, s.status, s.initierad, s.kallad_till, s.nasta_uppfoljning, \
                (s.status in ('genomford', 'uppfoljd') and s.nasta_uppfoljning is null) \
                    as utan_uppfoljning, \
                coalesce(s.status in ('kallad', 'genomford', 'uppfoljd') \
                         and s.nasta_uppfoljning < lotsen_today(), false) as uppfoljning_forsenad, \
                array(select x.part from sip_part x where x.forbund_id = s.forbund_id \
                      and x.sip_id = s.sip_id group by x.part order by min({order})) as parter, \
                array(select x.part from sip_part x where x.forbund_id = s.forbund_id \
                      and x.sip_id = s.sip_id and x.narvarande group by x.part \
                      order by min({order})) as narvarande, \
                (select count(*) from sip_atgard t where t.forbund_id = s.forbund_id \
                   and t.sip_id = s.sip_id and t.status in ('planerad', 'pagar')) as oppna_atgarder, \
                array(select x.part from sip_atgard x where x.forbund_id = s.forbund_id \
                      and x.sip_id = s.sip_id and x.status in ('planerad', 'pagar') \
                      and x.senast < lotsen_today() order by {order}, x.senast) as forsenade \
         from lokus_punkt p \
         join sip s on s.forbund_id = p.forbund_id and s.arende_id = p.arende_id \
         where p.forbund_id = $1 and p.mote_id = $2 and not p.borttagen \
           and s.samtycke_aterkallat is null \
         order by s.arende_id, s.initierad, s.sip_id"
    ))
    .bind(forbund)
    .bind(mote)
    .fetch_all(&mut **tx)
    .await?)
}
