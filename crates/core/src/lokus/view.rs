//! One meeting as its page, its meeting pack and its minutes show it: the agenda with a
//! de-identified pre-read per ärende item, the decisions and the group's figures.
//!
//! The pre-read is read with its own query that names only what the group may see: number,
//! part and unit, kön, age (shown as a band), målgrupper, ersättning, samverkansproblem, the
//! actions so far (code, date, receiving part), the coordinator's question and a summary of
//! the ärende's SIP records (codes, dates and counts: `sip::SipSammanfattning`). It never
//! touches `arende_identitet`, the handläggare, bostadskommun, notes or timeline texts, and
//! reads the description only for items where the coordinator chose to include it.
//!
//! With it come the protokoll's parts (issue 14): the group's members and who was present,
//! the § numbers (fixed once the chair has justerat, else the ones the items would get now),
//! why a carried-over item was bordlagt, and the group's earlier decisions whose follow-up
//! falls due by this meeting.

use super::figures::{self, Figures};
use super::narvaro::{self, Medlem};
use super::{Grupp, MotePerms, MoteRow, agenda, justering, meeting, readable_group};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::Db;
use crate::db::today;
use crate::error::CoreResult;
use lotsen_domain::arende::{Atgard, Ersattning, Kon, Malgrupp, Samverkansproblem, Status};
use lotsen_domain::{Action, AuditAction, Part};
use time::Date;
use uuid::Uuid;

/// Why the meeting is read; each is audited as its own action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Page,
    Pack,
    Minutes,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Punkt {
    pub punkt_id: Uuid,
    pub arende_id: Option<Uuid>,
    pub rubrik: Option<String>,
    pub text: String,
    pub fraga: Option<String>,
    pub visa_beskrivning: bool,
    pub overford: bool,
    pub borttagen: bool,
    pub beslut: String,
    pub uppfoljning_vem: Option<String>,
    pub uppfoljning_senast: Option<Date>,
    pub beslutat_av: Option<String>,
    pub bordlagd: bool,
    /// The § number, once the chair has justerat.
    pub paragraf: Option<i32>,
    /// When the ärende was last on an earlier agenda of the group and bordlagt there: that
    /// meeting's date and decision.
    pub bordlagd_datum: Option<Date>,
    pub bordlagd_beslut: Option<String>,
    pub nummer: Option<String>,
    pub part: Option<Part>,
    pub enhet: Option<String>,
    pub kon: Option<Kon>,
    pub alder: Option<i32>,
    pub samverkansproblem: Option<Samverkansproblem>,
    pub inkom: Option<Date>,
    pub status: Option<Status>,
    pub beskrivning: Option<String>,
    pub malgrupper: Vec<Malgrupp>,
    pub ersattning: Vec<Ersattning>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PunktAtgard {
    pub arende_id: Uuid,
    pub datum: Date,
    pub kod: Atgard,
    pub mal_part: Option<Part>,
}

/// An earlier decision of the group whose follow-up falls due by this meeting.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Uppfoljning {
    pub punkt_id: Uuid,
    pub mote_datum: Date,
    pub paragraf: Option<i32>,
    pub nummer: Option<String>,
    pub rubrik: Option<String>,
    pub beslut: String,
    pub vem: Option<String>,
    pub senast: Date,
}

pub struct MoteView {
    pub grupp: Grupp,
    pub mote: MoteRow,
    pub perms: MotePerms,
    pub forra: Option<Date>,
    pub punkter: Vec<Punkt>,
    pub atgarder: Vec<PunktAtgard>,
    /// The de-identified SIP summaries of the ärenden on the agenda.
    pub sip: Vec<crate::sip::SipSammanfattning>,
    pub figures: Figures,
    pub today: Date,
    /// The group's members, each marked present or not.
    pub medlemmar: Vec<Medlem>,
    /// The § number of the first item when the items are not numbered yet.
    pub forsta_paragraf: i32,
    pub uppfoljningar: Vec<Uppfoljning>,
    /// The actor is the meeting's justerare and may justera as such.
    pub is_justerare: bool,
}

/// Reads a meeting of group `kod` for anyone who may read the group's meetings; anything
/// else is `NotFound`. A planned meeting's agenda is brought up to date first. Audited.
pub async fn get(
    db: &Db,
    ctx: &Ctx,
    kod: &str,
    id: Uuid,
    purpose: Purpose,
) -> CoreResult<MoteView> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let grupp = readable_group(&mut tx, ctx, kod).await?;
    let mote = meeting(&mut tx, forbund, grupp.lokus_id, id, false).await?;
    agenda::sync(&mut tx, forbund, &mote).await?;
    let forra: Option<Date> = sqlx::query_scalar(
        "select max(datum) from lokus_mote \
         where forbund_id = $1 and lokus_id = $2 and datum < $3 and mote_id <> $4",
    )
    .bind(forbund)
    .bind(grupp.lokus_id)
    .bind(mote.datum)
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let punkter = sqlx::query_as::<_, Punkt>(
        "select p.punkt_id, p.arende_id, p.rubrik, p.text, p.fraga, p.visa_beskrivning, p.overford, \
                p.borttagen, p.beslut, p.uppfoljning_vem, p.uppfoljning_senast, u.namn as beslutat_av, \
                p.bordlagd, p.paragraf, \
                case when b.bordlagd then b.datum end as bordlagd_datum, \
                case when b.bordlagd then b.beslut end as bordlagd_beslut, \
                a.nummer, a.part, e.namn as enhet, a.kon, a.alder, a.samverkansproblem, a.inkom, a.status, \
                case when p.visa_beskrivning then a.beskrivning end as beskrivning, \
                coalesce((select array_agg(x.kod order by x.kod) from arende_malgrupp x \
                          where x.forbund_id = a.forbund_id and x.arende_id = a.arende_id), '{}') as malgrupper, \
                coalesce((select array_agg(x.kod order by x.kod) from arende_ersattning x \
                          where x.forbund_id = a.forbund_id and x.arende_id = a.arende_id), '{}') as ersattning \
         from lokus_punkt p \
         left join arende a on a.forbund_id = p.forbund_id and a.arende_id = p.arende_id \
         left join enhet e on e.forbund_id = a.forbund_id and e.enhet_id = a.enhet_id \
         left join app_user u on u.user_id = p.beslutat_av \
         left join lateral (select q.bordlagd, o.datum, q.beslut from lokus_punkt q \
                join lokus_mote o on o.forbund_id = q.forbund_id and o.mote_id = q.mote_id \
                where q.forbund_id = p.forbund_id and q.arende_id = p.arende_id and not q.borttagen \
                  and o.lokus_id = $3 and (o.datum, o.tid) < ($4, $5) \
                order by o.datum desc, o.tid desc limit 1) b on p.arende_id is not null \
         where p.forbund_id = $1 and p.mote_id = $2 \
         order by p.borttagen, p.ordning, p.created_at, p.punkt_id",
    )
    .bind(forbund)
    .bind(id)
    .bind(grupp.lokus_id)
    .bind(mote.datum)
    .bind(mote.tid)
    .fetch_all(&mut *tx)
    .await?;
    // Follow-ups due after the previous meeting (whose pack listed the earlier ones) up to
    // and including this one's day.
    let uppfoljningar = sqlx::query_as::<_, Uppfoljning>(
        "select p.punkt_id, m.datum as mote_datum, p.paragraf, a.nummer, p.rubrik, p.beslut, \
                p.uppfoljning_vem as vem, p.uppfoljning_senast as senast \
         from lokus_punkt p \
         join lokus_mote m on m.forbund_id = p.forbund_id and m.mote_id = p.mote_id \
         left join arende a on a.forbund_id = p.forbund_id and a.arende_id = p.arende_id \
         where p.forbund_id = $1 and m.lokus_id = $2 and m.mote_id <> $3 \
           and (m.datum, m.tid) < ($4, $5) and not p.borttagen and p.beslut <> '' \
           and p.uppfoljning_senast <= $4 and ($6::date is null or p.uppfoljning_senast > $6) \
         order by p.uppfoljning_senast, m.datum, p.paragraf, p.ordning",
    )
    .bind(forbund)
    .bind(grupp.lokus_id)
    .bind(id)
    .bind(mote.datum)
    .bind(mote.tid)
    .bind(forra)
    .fetch_all(&mut *tx)
    .await?;
    let medlemmar = narvaro::members(&mut tx, forbund, grupp.lokus_id, id).await?;
    let forsta_paragraf =
        justering::first_paragraph(&mut tx, forbund, grupp.lokus_id, id, mote.datum).await?;
    let atgarder = sqlx::query_as::<_, PunktAtgard>(
        "select t.arende_id, t.datum, t.kod, coalesce(t.mal_part, o.part) as mal_part \
         from atgard t \
         join lokus_punkt p on p.forbund_id = t.forbund_id and p.arende_id = t.arende_id \
         left join organisation o on o.forbund_id = t.forbund_id and o.organisation_id = t.mal_organisation_id \
         where p.forbund_id = $1 and p.mote_id = $2 and not p.borttagen and t.datum <= $3 \
         order by t.arende_id, t.datum, t.created_at",
    )
    .bind(forbund)
    .bind(id)
    .bind(mote.datum.max(today(&mut tx).await?))
    .fetch_all(&mut *tx)
    .await?;
    let sip = crate::sip::for_lokus_mote_in(&mut tx, forbund, id).await?;
    let figures = figures::compute(&mut tx, forbund, grupp.lokus_id, forra, mote.datum).await?;
    let action = match purpose {
        Purpose::Page => AuditAction::MoteRead,
        Purpose::Pack | Purpose::Minutes => AuditAction::MotePackRead,
    };
    audit::record(&mut tx, AuditEntry::by(ctx, action).on("lokus_mote", id)).await?;
    let today = today(&mut tx).await?;
    tx.commit().await?;
    let is_justerare = ctx.can(Action::ConfirmMinutes {
        lokus: grupp.lokus_id,
        chosen: mote.justerare_id.is_some() && mote.justerare_id == ctx.person(),
    });
    Ok(MoteView {
        perms: MotePerms::of(ctx, grupp.lokus_id),
        grupp,
        mote,
        forra,
        punkter,
        atgarder,
        sip,
        figures,
        today,
        medlemmar,
        forsta_paragraf,
        uppfoljningar,
        is_justerare,
    })
}
