//! A SIP record's course: kallelse, the planning meeting (the SIP is held, and from an ärende
//! the action "SIP genomförd" is recorded on it), follow-up meetings, and its end — closed
//! after it was held, called off before, or ended by a withdrawn consent, which also clears
//! the goals in the person's words and stops every follow-up.

use super::create::{check_invited, insert_parts, party_names, units_in};
use super::{SipRecord, handelse, kept, require_running};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::arende::Atgard;
use lotsen_domain::deltagare_form::Fields;
use lotsen_domain::sip::{InstalldOrsak, MoteTyp, SipPart, SipStatus};
use lotsen_domain::sip_form::{
    parse_aterkallelse, parse_installd, parse_kallelse, parse_mote, parse_samtycke,
    parse_uppfoljning,
};
use lotsen_domain::{AuditAction, FieldErrors};
use time::Date;
use uuid::Uuid;

async fn finish(mut tx: Tx, ctx: &Ctx, id: Uuid, action: AuditAction) -> CoreResult<()> {
    audit::record(&mut tx, AuditEntry::by(ctx, action).on("sip", id)).await?;
    tx.commit().await?;
    Ok(())
}

fn wrong_step(message: &str) -> CoreError {
    CoreError::invalid("status", message.to_string())
}

async fn set_status(tx: &mut Tx, ctx: &Ctx, id: Uuid, status: SipStatus) -> CoreResult<()> {
    sqlx::query("update sip set status = $3 where forbund_id = $1 and sip_id = $2")
        .bind(ctx.forbund_id()?)
        .bind(id)
        .bind(status.code())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn insert_mote(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    typ: MoteTyp,
    datum: Date,
    nasta: Option<Date>,
) -> CoreResult<()> {
    sqlx::query(
        "insert into sip_mote (forbund_id, mote_id, sip_id, typ, datum, nasta, registrerad_av) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(ctx.forbund_id()?)
    .bind(Uuid::now_v7())
    .bind(id)
    .bind(typ.code())
    .bind(datum)
    .bind(nasta)
    .bind(ctx.person())
    .execute(&mut **tx)
    .await?;
    sqlx::query("update sip set nasta_uppfoljning = $3 where forbund_id = $1 and sip_id = $2")
        .bind(ctx.forbund_id()?)
        .bind(id)
        .bind(nasta)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Kallelse: the planning meeting's date and the parties invited to it (they replace those
/// named when the SIP was started). Can be repeated until the meeting is held.
pub async fn call(db: &Db, ctx: &Ctx, id: Uuid, f: &Fields) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let r = kept(&mut tx, ctx, id).await?;
    require_running(&r)?;
    if !matches!(r.status, SipStatus::Initierad | SipStatus::Kallad) {
        return Err(wrong_step("Planeringsmötet är redan hållet."));
    }
    let (datum, inbjudna) = parse_kallelse(f, r.bounds()).map_err(CoreError::Invalid)?;
    let units = units_in(&mut tx, forbund).await?;
    let consent: Vec<SipPart> = r
        .samtycke_parter
        .iter()
        .filter_map(|p| SipPart::from_code(p))
        .collect();
    let mut e = FieldErrors::new();
    check_invited(&inbjudna, &units, &consent, &mut e);
    if !e.is_empty() {
        return Err(CoreError::Invalid(e));
    }
    sqlx::query("delete from sip_part where forbund_id = $1 and sip_id = $2")
        .bind(forbund)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    insert_parts(&mut tx, forbund, id, &inbjudna, &units).await?;
    sqlx::query(
        "update sip set status = 'kallad', kallad_till = $3 where forbund_id = $1 and sip_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(datum)
    .execute(&mut *tx)
    .await?;
    handelse(&mut tx, ctx, id, "kallad", r.idag).await?;
    finish(tx, ctx, id, AuditAction::SipKallelse).await
}

/// The planning meeting was held: who was there, the goals, the next follow-up.
pub async fn hold_meeting(db: &Db, ctx: &Ctx, id: Uuid, f: &Fields) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let r = kept(&mut tx, ctx, id).await?;
    require_running(&r)?;
    if !matches!(r.status, SipStatus::Initierad | SipStatus::Kallad) {
        return Err(wrong_step(
            "Planeringsmötet är redan registrerat. Registrera en uppföljning i stället.",
        ));
    }
    let m = parse_mote(f, r.bounds()).map_err(CoreError::Invalid)?;
    sqlx::query(
        "update sip_part set narvarande = (sip_part_id = any($3)) \
         where forbund_id = $1 and sip_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(&m.narvarande)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "update sip set status = 'genomford', individen_deltog = $3, narstaende_deltog = $4, \
             mal_individ = $5, mal_professionella = $6 \
         where forbund_id = $1 and sip_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(m.individen_deltog)
    .bind(m.narstaende_deltog)
    .bind(&m.mal_individ)
    .bind(&m.mal_professionella)
    .execute(&mut *tx)
    .await?;
    insert_mote(&mut tx, ctx, id, MoteTyp::Planering, m.datum, m.nasta).await?;
    handelse(&mut tx, ctx, id, "genomford", m.datum).await?;
    if let Some(arende) = r.arende_id {
        crate::arende::change::record_action_in(
            &mut tx,
            ctx,
            arende,
            Atgard::SipGenomford,
            m.datum,
        )
        .await?;
    }
    finish(tx, ctx, id, AuditAction::SipMote).await
}

/// A follow-up meeting was held, with the next one booked (or none).
pub async fn follow_up(db: &Db, ctx: &Ctx, id: Uuid, f: &Fields) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    let r = kept(&mut tx, ctx, id).await?;
    require_running(&r)?;
    if !r.status.is_held() {
        return Err(wrong_step("Registrera planeringsmötet först."));
    }
    let (datum, nasta) = parse_uppfoljning(f, r.bounds()).map_err(CoreError::Invalid)?;
    insert_mote(&mut tx, ctx, id, MoteTyp::Uppfoljning, datum, nasta).await?;
    set_status(&mut tx, ctx, id, SipStatus::Uppfoljd).await?;
    handelse(&mut tx, ctx, id, "uppfoljd", datum).await?;
    finish(tx, ctx, id, AuditAction::SipUppfoljning).await
}

/// Ends a held SIP: no more follow-ups.
pub async fn close(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    let r = kept(&mut tx, ctx, id).await?;
    require_running(&r)?;
    if !r.status.is_held() {
        return Err(wrong_step(
            "En SIP som inte har hållits ställs in i stället för att avslutas.",
        ));
    }
    end(&mut tx, ctx, &r, SipStatus::Avslutad, None).await?;
    handelse(&mut tx, ctx, id, "avslutad", r.idag).await?;
    finish(tx, ctx, id, AuditAction::SipAvslutad).await
}

/// Calls off a SIP before its planning meeting, with the reason.
pub async fn cancel(db: &Db, ctx: &Ctx, id: Uuid, f: &Fields) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    let r = kept(&mut tx, ctx, id).await?;
    require_running(&r)?;
    if r.status.is_held() {
        return Err(wrong_step("SIP:en är redan hållen. Avsluta den i stället."));
    }
    let orsak = parse_installd(f).map_err(CoreError::Invalid)?;
    end(&mut tx, ctx, &r, SipStatus::Installd, Some(orsak)).await?;
    handelse(&mut tx, ctx, id, "installd", r.idag).await?;
    finish(tx, ctx, id, AuditAction::SipInstalld).await
}

/// Sets the end status and stops the follow-ups.
async fn end(
    tx: &mut Tx,
    ctx: &Ctx,
    r: &SipRecord,
    status: SipStatus,
    orsak: Option<InstalldOrsak>,
) -> CoreResult<()> {
    sqlx::query(
        "update sip set status = $3, installd_orsak = $4, nasta_uppfoljning = null \
         where forbund_id = $1 and sip_id = $2",
    )
    .bind(ctx.forbund_id()?)
    .bind(r.sip_id)
    .bind(status.code())
    .bind(orsak.map(|o| o.code()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A new consent replaces the recorded one: wider (more parties), renewed (a later expiry), or
/// both. It must cover every party already invited and last past the booked planning meeting
/// and follow-up; a withdrawn consent is not revived (the record has ended).
pub async fn renew_consent(db: &Db, ctx: &Ctx, id: Uuid, f: &Fields) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let r = kept(&mut tx, ctx, id).await?;
    require_running(&r)?;
    let s = parse_samtycke(f, r.bounds()).map_err(CoreError::Invalid)?;
    let invited: Vec<String> = sqlx::query_scalar(
        "select distinct part from sip_part where forbund_id = $1 and sip_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let mut outside: Vec<SipPart> = invited
        .iter()
        .filter_map(|p| SipPart::from_code(p))
        .filter(|p| !s.parter.contains(p))
        .collect();
    outside.sort_by_key(|p| SipPart::ALL.iter().position(|x| x == p));
    let mut e = FieldErrors::new();
    if !outside.is_empty() {
        e.add(
            "samtycke_part",
            format!(
                "{} är inbjuden. Samtycket måste gälla alla inbjudna parter.",
                party_names(&outside)
            ),
        );
    }
    let booked = [
        r.kallad_till.filter(|_| !r.status.is_held()),
        r.nasta_uppfoljning,
    ]
    .into_iter()
    .flatten()
    .max();
    if let (Some(till), Some(booked)) = (s.till, booked)
        && till < booked
    {
        e.add(
            "samtycke_till",
            format!("Samtycket måste gälla till minst {booked}, då nästa möte är bokat."),
        );
    }
    if !e.is_empty() {
        return Err(CoreError::Invalid(e));
    }
    let parter: Vec<&str> = s.parter.iter().map(|p| p.code()).collect();
    sqlx::query(
        "update sip set samtycke_datum = $3, samtycke_form = $4, samtycke_parter = $5, \
             samtycke_till = $6 \
         where forbund_id = $1 and sip_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(s.datum)
    .bind(s.form.code())
    .bind(&parter)
    .bind(s.till)
    .execute(&mut *tx)
    .await?;
    handelse(&mut tx, ctx, id, "samtycke", s.datum).await?;
    finish(tx, ctx, id, AuditAction::SipSamtycke).await
}

/// The person withdrew their consent to the coordination: the goals in their words are
/// cleared, follow-ups stop, and the SIP ends (called off when it was never held).
pub async fn withdraw_consent(db: &Db, ctx: &Ctx, id: Uuid, f: &Fields) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    let r = kept(&mut tx, ctx, id).await?;
    if r.samtycke_aterkallat.is_some() {
        return Err(CoreError::invalid(
            "datum",
            "Samtycket är redan återkallat.",
        ));
    }
    let datum = parse_aterkallelse(f, r.bounds()).map_err(CoreError::Invalid)?;
    if r.status.is_open() {
        let (status, orsak) = if r.status.is_held() {
            (SipStatus::Avslutad, None)
        } else {
            (SipStatus::Installd, Some(InstalldOrsak::SamtyckeAterkallat))
        };
        end(&mut tx, ctx, &r, status, orsak).await?;
    }
    sqlx::query(
        "update sip set samtycke_aterkallat = $3, mal_individ = '', mal_professionella = '', \
             nasta_uppfoljning = null \
         where forbund_id = $1 and sip_id = $2",
    )
    .bind(ctx.forbund_id()?)
    .bind(id)
    .bind(datum)
    .execute(&mut *tx)
    .await?;
    handelse(&mut tx, ctx, id, "samtycke_aterkallat", datum).await?;
    finish(tx, ctx, id, AuditAction::SipSamtyckeAterkallat).await
}
