//! Participants of an insats (issue 16 §2–3): the queue an ärende enters when a coordinator
//! offers a tilläggsresurs (`ko`), inskrivning with consent, identity and baseline
//! (`inskriv`), the coach's activities, utskrivning, follow-ups after exit and corrections
//! (`arbete`), and what each role reads (`view`).
//!
//! Who reaches what (personuppgiftsansvar, DOMAIN-2 §5): the coach reads and records their own
//! participants, identity included where consent exists (a replacement coach too); the
//! insatsansvarig sees the queue and the participants without identity; the coordinator sees
//! the enrolment's status on the ärende; förbund staff see figures only. Everything else is
//! `NotFound`, and every read of a participant is audited.

mod arbete;
pub mod import;
mod inskriv;
mod ko;
mod view;

use crate::ctx::Ctx;
use crate::db::Tx;
use crate::error::{CoreError, CoreResult};
use lotsen_domain::Action;
use lotsen_domain::deltagare::DeltagareStatus;
use lotsen_domain::deltagare_form::Bounds;
use time::Date;
use uuid::Uuid;

pub use arbete::{
    add_activity, correct, exit, follow_up, matning_for_correction, set_replacement,
    withdraw_consent,
};
pub use inskriv::{EnrolForm, enrol, enrol_form};
pub use ko::{assign, offer_choices, strike};
pub(crate) use ko::{check_choice, enqueue_in};
pub use view::{
    AktivitetView, ArendeInsats, ArendePanels, CoachStart, DeltagareLista, DeltagareRad,
    DeltagareView, DueFollowUp, KoRad, MatningView, StartDeltagare, UppfoljningView,
    arende_panel_in, coach_start_in, get, list,
};

/// Recomputes the report groups kept with the enrolments `ids` and their measurements
/// (migration 0032). Every writer of measurements or arbetsträning activities calls it in its
/// own transaction, so that the figures can count the kept groups.
pub(crate) async fn summera(tx: &mut Tx, forbund: Uuid, ids: &[Uuid]) -> CoreResult<()> {
    sqlx::query("select lotsen_deltagare_summera($1, $2)")
        .bind(forbund)
        .bind(ids)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An insats as the participant pages need it, with the actor's relation to it.
#[derive(Debug, Clone)]
pub struct InsatsRef {
    pub insats_id: Uuid,
    pub kod: String,
    pub namn: String,
    /// The insatsägare: personuppgiftsansvarig for the participants.
    pub agare: String,
    pub coach: bool,
    pub ansvarig: bool,
}

/// The insats `kod`, when the actor may work its queue (a coach of it or its insatsansvarig).
async fn insats_for_queue(tx: &mut Tx, ctx: &Ctx, kod: &str) -> CoreResult<InsatsRef> {
    let i = insats_ref(tx, ctx, kod).await?;
    ctx.require(Action::WorkQueue {
        coach: i.coach,
        ansvarig: i.ansvarig,
    })?;
    Ok(i)
}

async fn insats_ref(tx: &mut Tx, ctx: &Ctx, kod: &str) -> CoreResult<InsatsRef> {
    let forbund = ctx.forbund_id()?;
    let row: Option<(Uuid, String, String, String, bool, bool)> = sqlx::query_as(
        "select i.insats_id, i.kod, i.namn::text, o.namn::text, \
                exists (select 1 from insats_coach c where c.forbund_id = i.forbund_id \
                        and c.insats_id = i.insats_id and c.user_id = $3), \
                coalesce(i.ansvarig_id = $3, false) \
         from insats i join organisation o on o.forbund_id = i.forbund_id and o.organisation_id = i.agare_id \
         where i.forbund_id = $1 and i.kod = $2",
    )
    .bind(forbund)
    .bind(kod)
    .bind(ctx.user_id)
    .fetch_optional(&mut **tx)
    .await?;
    let (insats_id, kod, namn, agare, coach, ansvarig) = row.ok_or(CoreError::NotFound)?;
    Ok(InsatsRef {
        insats_id,
        kod,
        namn,
        agare,
        coach,
        ansvarig,
    })
}

/// One enrolment as the checks need it.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Enrolment {
    deltagare_id: Uuid,
    status: DeltagareStatus,
    ko_datum: Option<Date>,
    inskriven: Option<Date>,
    utskriven: Option<Date>,
    coach_id: Option<Uuid>,
    ersattare_id: Option<Uuid>,
    /// A consent stands (given and not withdrawn).
    samtycke: bool,
}

impl Enrolment {
    fn bounds(&self, today: Date) -> Bounds {
        Bounds {
            today,
            ko_datum: self.ko_datum,
            inskriven: self.inskriven,
            utskriven: self.utskriven,
        }
    }
}

/// The participant `id` of insats `kod`, locked for change, when the actor is their coach
/// or replacement. Anyone else gets `NotFound`.
async fn own_enrolment(tx: &mut Tx, ctx: &Ctx, kod: &str, id: Uuid) -> CoreResult<Enrolment> {
    let i = insats_ref(tx, ctx, kod).await?;
    let d: Enrolment = sqlx::query_as(
        "select d.deltagare_id, d.status, d.ko_datum, d.inskriven, d.utskriven, \
                d.coach_id, d.ersattare_id, \
                exists (select 1 from deltagare_samtycke s where s.forbund_id = d.forbund_id \
                        and s.deltagare_id = d.deltagare_id and s.aterkallad is null) as samtycke \
         from deltagare d where d.forbund_id = $1 and d.insats_id = $2 and d.deltagare_id = $3 \
           and d.status in ('inskriven', 'utskriven') \
         for update",
    )
    .bind(ctx.forbund_id()?)
    .bind(i.insats_id)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    let own = [d.coach_id, d.ersattare_id].contains(&Some(ctx.user_id));
    ctx.require(Action::WorkWithDeltagare { own })?;
    Ok(d)
}
