//! Requests for lotsning from handläggare at the parties (issue 15, DOMAIN-2 §1). A request is
//! sent de-identified, received and accepted (it becomes an ärende, which takes its number
//! then) or declined by a coordinator of the LOKUS group covering the person's kommun, and
//! followed by its sender through a short status and the answers written for them.
//!
//! Who sees what: the sender sees only their own requests, as sent, with their history
//! (`forfragan_handelse`); never the ärende's notes or actions. Coordinators see the requests
//! to their groups. Everyone else gets `NotFound`. Every read and every change is audited.

mod coordinator;
mod follow;
mod kod;
mod send;
mod sender;

pub use coordinator::{
    Answer, ArendeRequest, CoordinatorRequest, Waiting, accept_in, answer, decline, for_arende,
    for_coordinator, forward, link_code, prefill, waiting, waiting_for, waiting_in,
};
pub(crate) use follow::follow_arende;
pub(crate) use send::workplace;
pub use send::{
    KommunChoice, NO_WORKPLACE, RequestChoices, Workplace, choices, has_workplace, send,
};
pub use sender::{History, OwnRequest, OwnRow, mine, mine_in, own, withdraw};

use lotsen_domain::Part;
use lotsen_domain::arende::{Ersattning, Kon, Status};
use lotsen_domain::forfragan::{
    AvbojdOrsak, Bradska, ForfraganStatus, SamtyckeStatus, Svarssatt, Typ,
};
use uuid::Uuid;

/// The request as its sender wrote it (shown to the sender and to the coordinators).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Sent {
    pub forfragan_id: Uuid,
    pub lokus_id: Uuid,
    pub lokus: String,
    pub part: Part,
    pub organisation: String,
    pub enhet: Option<String>,
    pub typ: Typ,
    pub kon: Kon,
    pub alder: Option<i32>,
    pub bostadskommun: String,
    pub kommun: String,
    pub ersattning: Vec<Ersattning>,
    pub kontakt_parter: Vec<Part>,
    pub fraga: String,
    pub provat: String,
    pub bradska: Bradska,
    pub samtycke: SamtyckeStatus,
    pub samtycke_parter: Vec<Part>,
    pub svarssatt: Svarssatt,
    pub status: ForfraganStatus,
    pub avbojd_orsak: Option<AvbojdOrsak>,
    /// Swedish local time, `YYYY-MM-DD HH:MI`.
    pub skickad: String,
    pub arende_id: Option<Uuid>,
    pub arende_nummer: Option<String>,
    pub arende_status: Option<Status>,
}

/// The columns of `Sent`, over `forfragan q` (joins: lokus, organisation, unit, kommun, ärende).
const SENT: &str = "select q.forfragan_id, q.lokus_id, l.namn::text as lokus, q.part, \
         o.namn::text as organisation, e.namn::text as enhet, q.typ, q.kon, q.alder, \
         q.bostadskommun, k.namn::text as kommun, q.ersattning, q.kontakt_parter, q.fraga, \
         q.provat, q.bradska, q.samtycke, q.samtycke_parter, q.svarssatt, q.status, \
         q.avbojd_orsak, to_char(lotsen_local(q.skickad_at), 'YYYY-MM-DD HH24:MI') as skickad, q.arende_id, a.nummer as arende_nummer, \
         a.status as arende_status \
     from forfragan q \
     join lokus_grupp l on l.forbund_id = q.forbund_id and l.lokus_id = q.lokus_id \
     join organisation o on o.forbund_id = q.forbund_id and o.organisation_id = q.organisation_id \
     left join enhet e on e.forbund_id = q.forbund_id and e.enhet_id = q.enhet_id \
     join kommun k on k.kod = q.bostadskommun \
     left join arende a on a.forbund_id = q.forbund_id and a.arende_id = q.arende_id";

impl Sent {
    /// The status its sender reads: the request's own until it is accepted, then the
    /// ärende's, in a word.
    pub fn shown_status(&self) -> &'static str {
        shown_status(self.status, self.arende_status)
    }

    pub fn alder_text(&self) -> String {
        self.alder
            .map(|a| format!("{a} år"))
            .unwrap_or_else(|| "Vet ej".into())
    }
}

/// Audits an action on a request (ids only, as every audit row).
async fn audit(
    tx: &mut crate::db::Tx,
    ctx: &crate::Ctx,
    action: lotsen_domain::AuditAction,
    id: Uuid,
) -> crate::CoreResult<()> {
    crate::audit::record(
        tx,
        crate::audit::AuditEntry::by(ctx, action).on("forfragan", id),
    )
    .await
}

/// The short status a sender sees.
pub fn shown_status(status: ForfraganStatus, arende: Option<Status>) -> &'static str {
    match (status, arende) {
        (ForfraganStatus::Accepterad, Some(Status::Vilande)) => "Vilande",
        (ForfraganStatus::Accepterad, Some(Status::Avslutad)) => "Avslutad",
        (ForfraganStatus::Accepterad, _) => "Pågår",
        (s, _) => s.label(),
    }
}
