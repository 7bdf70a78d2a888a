//! SIP records (issue 17, DOMAIN-2 §3): a record of a samordnad individuell plan linked to a
//! lots-ärende and/or a participant's enrolment — not the plan itself, which stays in the
//! region's or kommun's SIP tool. `create` starts one, `change` moves it through kallelse,
//! planning meeting, follow-ups and its end, `atgard` keeps who does what by when, and `view`
//! reads it for each role.
//!
//! Who reaches what (DOMAIN-2 §5): the coordinators of the ärende's LOKUS group and the coach
//! of the enrolment keep the record; a handläggare whose unit is invited sees the dates, the
//! follow-up and their own party's actions, and marks those done; förbund staff see figures
//! only. Everyone else gets `NotFound`, and every read is audited with ids only.

mod atgard;
mod change;
mod create;
mod lokus;
mod view;

use crate::ctx::Ctx;
use crate::db::Tx;
use crate::error::{CoreError, CoreResult};
use lotsen_domain::sip::{Initiativ, InstalldOrsak, SipSamtycke, SipStatus};
use lotsen_domain::sip_form::SipBounds;
use lotsen_domain::{Action, Part};
use time::Date;
use uuid::Uuid;

pub use atgard::{add_action, set_action_status};
pub use change::{call, cancel, close, follow_up, hold_meeting, renew_consent, withdraw_consent};
pub use create::{Link, NewForm, Unit, create, new_form};
pub use lokus::SipSammanfattning;
pub(crate) use lokus::for_mote_in as for_lokus_mote_in;
pub(crate) use view::start_in;
pub use view::{
    PER_PAGE, SipAtgard, SipDeltagare, SipItem, SipList, SipMote, SipPartRow, SipView,
    for_arende_in, for_deltagare_in, get, list,
};

/// How the actor reaches a SIP record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A coordinator of the ärende's group or the enrolment's coach: the whole record.
    Keeper,
    /// A handläggare of an invited unit: dates, follow-up and their party's actions.
    Invited { part: Part, enhet: Uuid },
}

/// A SIP record as stored, with what the pages and the access checks need.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SipRecord {
    pub sip_id: Uuid,
    pub lokus_id: Option<Uuid>,
    pub arende_id: Option<Uuid>,
    pub arende_nummer: Option<String>,
    pub deltagare_id: Option<Uuid>,
    pub deltagare_nummer: Option<i32>,
    pub insats_kod: Option<String>,
    /// The actor is the enrolment's coach or its replacement.
    pub egen_deltagare: bool,
    pub status: SipStatus,
    pub installd_orsak: Option<InstalldOrsak>,
    pub initierad: Date,
    pub initierad_av: Initiativ,
    /// The initiating unit, "enhet (organisation)", when one was recorded.
    pub initierad_enhet: Option<String>,
    pub sammankallande_part: Part,
    pub sammankallande_enhet: Option<String>,
    pub sammankallande_roll: String,
    pub planering_part: Option<Part>,
    pub planering_enhet: Option<String>,
    pub planering_roll: String,
    pub kallad_till: Option<Date>,
    pub individen_deltog: Option<bool>,
    pub narstaende_deltog: Option<bool>,
    pub mal_individ: String,
    pub mal_professionella: String,
    pub nasta_uppfoljning: Option<Date>,
    pub samtycke_datum: Date,
    pub samtycke_form: SipSamtycke,
    pub samtycke_parter: Vec<String>,
    pub samtycke_till: Option<Date>,
    pub samtycke_aterkallat: Option<Date>,
    pub senaste_mote: Option<Date>,
    pub idag: Date,
}

impl SipRecord {
    pub fn bounds(&self) -> SipBounds {
        SipBounds {
            today: self.idag,
            initierad: self.initierad,
            senaste_mote: self.senaste_mote,
            samtycke_datum: self.samtycke_datum,
            samtycke_till: self.samtycke_till,
        }
    }

    /// Open, and the consent stands: meetings, actions and follow-ups can be recorded.
    pub fn is_running(&self) -> bool {
        self.status.is_open() && self.samtycke_aterkallat.is_none()
    }

    /// Held, running, and no follow-up booked: the pages flag it.
    pub fn lacks_follow_up(&self) -> bool {
        self.status.is_held() && self.is_running() && self.nasta_uppfoljning.is_none()
    }
}

/// The record's columns (`s` the SIP, `$1` förbund, `$2` the actor). A unit is named with its
/// organisation, as in the forms.
pub(crate) const RECORD: &str = "select s.sip_id, s.lokus_id, s.arende_id, a.nummer as arende_nummer, \
        s.deltagare_id, d.nummer as deltagare_nummer, i.kod as insats_kod, \
        coalesce($2 in (d.coach_id, d.ersattare_id), false) as egen_deltagare, \
        s.status, s.installd_orsak, s.initierad, s.initierad_av, \
        u.initierad_enhet, \
        s.sammankallande_part, \
        u.sammankallande_enhet, \
        s.sammankallande_roll, s.planering_part, \
        u.planering_enhet, \
        s.planering_roll, s.kallad_till, \
        s.individen_deltog, s.narstaende_deltog, s.mal_individ, s.mal_professionella, \
        s.nasta_uppfoljning, s.samtycke_datum, s.samtycke_form, s.samtycke_parter, \
        s.samtycke_till, s.samtycke_aterkallat, \
        (select max(m.datum) from sip_mote m where m.forbund_id = s.forbund_id \
           and m.sip_id = s.sip_id) as senaste_mote, \
        lotsen_today() as idag \
     from sip s \
     left join arende a on a.forbund_id = s.forbund_id and a.arende_id = s.arende_id \
     left join deltagare d on d.forbund_id = s.forbund_id and d.deltagare_id = s.deltagare_id \
     left join insats i on i.forbund_id = d.forbund_id and i.insats_id = d.insats_id \
     cross join lateral ( \
         select max(u.namn) filter (where u.enhet_id = s.initierad_enhet_id) as initierad_enhet, \
                max(u.namn) filter (where u.enhet_id = s.sammankallande_enhet_id) \
                    as sammankallande_enhet, \
                max(u.namn) filter (where u.enhet_id = s.planering_enhet_id) as planering_enhet \
         from (select e.enhet_id, e.namn::text || ' (' || o.namn::text || ')' as namn \
               from enhet e join organisation o on o.forbund_id = e.forbund_id \
                   and o.organisation_id = e.organisation_id \
               where e.forbund_id = s.forbund_id and e.enhet_id in \
                   (s.initierad_enhet_id, s.sammankallande_enhet_id, s.planering_enhet_id)) u) u";

/// Loads a record and how the actor reaches it; `NotFound` when they do not.
pub(crate) async fn load(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> CoreResult<(SipRecord, Access)> {
    let forbund = ctx.forbund_id()?;
    let r = sqlx::query_as::<_, SipRecord>(&format!(
        "{RECORD} where s.forbund_id = $1 and s.sip_id = $3"
    ))
    .bind(forbund)
    .bind(ctx.user_id)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    let keeper = ctx.can(Action::KeepSip {
        lokus: r.arende_id.and(r.lokus_id),
        coach: r.egen_deltagare,
    });
    if keeper {
        return Ok((r, Access::Keeper));
    }
    if let Some(w) = crate::forfragan::workplace(tx, forbund, ctx.user_id).await?
        && let Some(enhet) = w.enhet_id
    {
        let invited: bool = sqlx::query_scalar(
            "select exists (select 1 from sip_part where forbund_id = $1 and sip_id = $2 \
                              and enhet_id = $3)",
        )
        .bind(forbund)
        .bind(id)
        .bind(enhet)
        .fetch_one(&mut **tx)
        .await?;
        if ctx.can(Action::FollowSip { invited }) {
            return Ok((
                r,
                Access::Invited {
                    part: w.part,
                    enhet,
                },
            ));
        }
    }
    Err(CoreError::NotFound)
}

/// Loads a record the actor keeps; `NotFound` for everyone else (an invited handläggare too).
pub(crate) async fn kept(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> CoreResult<SipRecord> {
    match load(tx, ctx, id).await? {
        (r, Access::Keeper) => Ok(r),
        _ => Err(CoreError::NotFound),
    }
}

/// Appends to the record's history (ids only).
pub(crate) async fn handelse(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    typ: &str,
    datum: Date,
) -> CoreResult<()> {
    sqlx::query(
        "insert into sip_handelse (forbund_id, handelse_id, sip_id, typ, datum, av) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(ctx.forbund_id()?)
    .bind(Uuid::now_v7())
    .bind(id)
    .bind(typ)
    .bind(datum)
    .bind(ctx.person())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A record that has ended (or lost its consent) takes no more meetings or actions.
pub(crate) fn require_running(r: &SipRecord) -> CoreResult<()> {
    if r.is_running() {
        Ok(())
    } else {
        Err(CoreError::invalid(
            "status",
            "SIP:en är avslutad eller samtycket återkallat. Inget mer kan registreras.",
        ))
    }
}
