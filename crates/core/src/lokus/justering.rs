//! Justering of a meeting's protokoll (issue 14).
//!
//! The chair justerar first, on or after the meeting's day, with närvaro recorded: the items
//! get their § numbers then, running on through the group's calendar year. With a justerare
//! chosen, the protokoll then waits, unchanged, until the justerare confirms in Lotsen; only
//! that makes the meeting `justerat` and locks it. Without a justerare — allowed only when the
//! group has decided that its chair justerar alone — the chair's justering locks it at once.
//! While the justerare has not confirmed, the chair may take the justering back (the numbers
//! go with it).
//!
//! At the lock, every ärende item with a decision that is not bordlagd is handled: its flag
//! to LOKUS is taken down, with a timeline event. Undecided, removed and bordlagda items stay
//! flagged and come up at the next meeting.

use super::{MoteRow, agenda, finish, frozen, open_meeting, writable};
use crate::ctx::Ctx;
use crate::db::{Db, Tx, today};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::lokus_mote::{Avslut, MoteStatus, forsta_paragraf, may_close, paragrafer};
use lotsen_domain::{Action, AuditAction, FieldErrors};
use time::Date;
use uuid::Uuid;

/// What the chair's justering did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Justerad {
    /// The protokoll is justerat and locked.
    Last,
    /// The protokoll waits for the justerare.
    VantarPaJusterare,
}

/// The § number the meeting's first item has (or would get if numbered now): one after the
/// highest number the group's other protokoll of the same calendar year carry.
pub(crate) async fn first_paragraph(
    tx: &mut Tx,
    forbund: Uuid,
    lokus: Uuid,
    mote: Uuid,
    datum: Date,
) -> CoreResult<i32> {
    let givna: Vec<(Date, i32)> = sqlx::query_as(
        "select m.datum, max(p.paragraf) from lokus_punkt p \
         join lokus_mote m on m.forbund_id = p.forbund_id and m.mote_id = p.mote_id \
         where p.forbund_id = $1 and m.lokus_id = $2 and m.mote_id <> $3 and p.paragraf is not null \
           and m.datum between make_date($4, 1, 1) and make_date($4, 12, 31) \
         group by m.mote_id, m.datum",
    )
    .bind(forbund)
    .bind(lokus)
    .bind(mote)
    .bind(datum.year())
    .fetch_all(&mut **tx)
    .await?;
    Ok(forsta_paragraf(datum, &givna))
}

/// Gives the meeting's visible items their § numbers, in agenda order. One numbering per group
/// at a time, so two protokoll justerade at once cannot share a number.
async fn number(tx: &mut Tx, forbund: Uuid, m: &MoteRow) -> CoreResult<()> {
    sqlx::query("select pg_advisory_xact_lock(hashtextextended($1::text, 14))")
        .bind(m.lokus_id)
        .execute(&mut **tx)
        .await?;
    let forsta = first_paragraph(tx, forbund, m.lokus_id, m.mote_id, m.datum).await?;
    let ids = agenda::order(tx, forbund, m.mote_id).await?;
    sqlx::query(
        "update lokus_punkt p set paragraf = x.n \
         from unnest($3::uuid[], $4::int[]) x(id, n) \
         where p.forbund_id = $1 and p.mote_id = $2 and p.punkt_id = x.id",
    )
    .bind(forbund)
    .bind(m.mote_id)
    .bind(&ids)
    .bind(paragrafer(forsta, ids.len()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Locks the meeting: decided ärenden are handled, the meeting is `justerat`.
async fn lock(tx: &mut Tx, ctx: &Ctx, m: &MoteRow, by_justerare: bool) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    // The ärenden decided here; the ärende feature ends their questions and says so in their
    // timelines. A bordlagt ärende stays on the group's agenda.
    let decided: Vec<Uuid> = sqlx::query_scalar(
        "select arende_id from lokus_punkt \
         where forbund_id = $1 and mote_id = $2 and arende_id is not null \
           and not borttagen and beslut <> '' and not bordlagd",
    )
    .bind(forbund)
    .bind(m.mote_id)
    .fetch_all(&mut **tx)
    .await?;
    let text = format!(
        "Behandlat i LOKUS-mötet {}; beslutet står i protokollet.",
        m.datum
    );
    crate::arende::events::close_lokus_questions(tx, ctx, &decided, &text).await?;
    sqlx::query(
        "update lokus_mote set status = 'justerat', justerat_at = now(), \
                justerare_justerat_at = case when $3 then now() end \
         where forbund_id = $1 and mote_id = $2",
    )
    .bind(forbund)
    .bind(m.mote_id)
    .bind(by_justerare)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The chair's justering. `bekraftat`: the chair ticked that the protokoll is checked.
/// Refused (with a message by the control) before the meeting's day, without närvaro, and
/// without a justerare unless the group lets its chair justera alone.
#[tracing::instrument(name = "lokus.justering.justera", skip_all, fields(id = %id, kod = %kod))]
pub async fn justera(
    db: &Db,
    ctx: &Ctx,
    kod: &str,
    id: Uuid,
    bekraftat: bool,
) -> CoreResult<Justerad> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, g, m) = writable(db, ctx, kod, id, |p| p.justera).await?;
    if !bekraftat {
        return Err(CoreError::invalid(
            "bekrafta",
            "Kryssa i att protokollet är granskat. En justering kan inte ångras.",
        ));
    }
    may_close(m.datum, today(&mut tx).await?, Avslut::Justering)
        .map_err(|e| CoreError::invalid("justera", e))?;
    let mut e = FieldErrors::new();
    let present: i64 = sqlx::query_scalar(
        "select count(*) from lokus_narvaro where forbund_id = $1 and mote_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if present == 0 && m.narvarande_ovriga.is_empty() {
        e.add(
            "narvarande",
            "Fyll i vilka som var närvarande innan protokollet justeras.",
        );
    }
    match m.justerare_id {
        None if !g.ordforande_justerar_ensam => e.add(
            "justerare",
            "Välj en justerare. Gruppen har inte beslutat att ordföranden justerar protokollet ensam.",
        ),
        Some(j) if Some(j) == ctx.person() => e.add(
            "justerare",
            "Du är vald till justerare. Välj en annan justerare än den ordförande som justerar.",
        ),
        _ => {}
    }
    if !e.is_empty() {
        return Err(CoreError::Invalid(e));
    }
    if m.status() == MoteStatus::Planerat {
        agenda::sync(&mut tx, forbund, &m).await?;
    }
    number(&mut tx, forbund, &m).await?;
    sqlx::query(
        "update lokus_mote set status = 'genomfort', ordforande_justerat_at = now(), justerat_av = $3 \
         where forbund_id = $1 and mote_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(ctx.person())
    .execute(&mut *tx)
    .await?;
    if m.justerare_id.is_some() {
        finish(tx, ctx, id, AuditAction::MoteSign).await?;
        return Ok(Justerad::VantarPaJusterare);
    }
    lock(&mut tx, ctx, &m, false).await?;
    finish(tx, ctx, id, AuditAction::MoteLock).await?;
    Ok(Justerad::Last)
}

/// The justerare's justering, after the chair's: the meeting becomes `justerat`. Only the
/// justerare chosen for the meeting may (anyone else: `NotFound`).
#[tracing::instrument(name = "lokus.justering.confirm", skip_all, fields(id = %id, kod = %kod))]
pub async fn confirm(db: &Db, ctx: &Ctx, kod: &str, id: Uuid, bekraftat: bool) -> CoreResult<()> {
    let (mut tx, g, m) = open_meeting(db, ctx, kod, id, |_| true).await?;
    let chosen = m.justerare_id.is_some() && m.justerare_id == ctx.person();
    if !ctx.can(Action::ConfirmMinutes {
        lokus: g.lokus_id,
        chosen,
    }) {
        return Err(CoreError::NotFound);
    }
    if m.locked() {
        return Err(CoreError::invalid("mote", super::LOCKED));
    }
    if m.ordforande_justerat_at.is_none() {
        return Err(CoreError::invalid(
            "bekrafta",
            "Ordföranden har inte justerat protokollet ännu. Du kan justera det när ordföranden har gjort det.",
        ));
    }
    if !bekraftat {
        return Err(CoreError::invalid(
            "bekrafta",
            "Kryssa i att du har läst protokollet. En justering kan inte ångras.",
        ));
    }
    lock(&mut tx, ctx, &m, true).await?;
    finish(tx, ctx, id, AuditAction::MoteLock).await
}

/// The chair takes the justering back while the justerare has not confirmed: the protokoll
/// can be changed again, and loses its § numbers until it is justerat anew.
#[tracing::instrument(name = "lokus.justering.take_back", skip_all, fields(id = %id, kod = %kod))]
pub async fn take_back(db: &Db, ctx: &Ctx, kod: &str, id: Uuid) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, _, m) = open_meeting(db, ctx, kod, id, |p| p.justera).await?;
    if !m.awaiting_justerare() {
        return Err(frozen(&m).unwrap_or_else(|| {
            CoreError::invalid("mote", "Ordföranden har inte justerat protokollet.")
        }));
    }
    sqlx::query("update lokus_punkt set paragraf = null where forbund_id = $1 and mote_id = $2")
        .bind(forbund)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "update lokus_mote set ordforande_justerat_at = null, justerat_av = null \
         where forbund_id = $1 and mote_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    finish(tx, ctx, id, AuditAction::MoteUnsign).await
}
