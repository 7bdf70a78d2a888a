//! The agenda: built from the ärenden flagged to LOKUS, ordered and pruned by the
//! coordinator, with free items and a decision per item.
//!
//! While a meeting is `planerat`, [`sync`] keeps its ärende items in step with the flags:
//! every flagged ärende of the group (flagged on or before the meeting's date) that an
//! earlier open meeting does not still hold is added after the last ärende item, before the
//! övriga punkter — marked as carried over when it was flagged on or before the previous
//! meeting — and items whose ärende was unflagged before any decision are dropped. An earlier
//! meeting still holds an ärende while it is planned, or when it has decided the ärende
//! without bordläggning (the justering will end its flag); an ärende bordlagt or left
//! undecided at a held meeting comes up at the next. An item the coordinator removes stays
//! (as `borttagen`) so that it is not added again; the ärende keeps its flag and comes up at
//! the next meeting.

use super::{MoteRow, finish, writable};
use crate::ctx::Ctx;
use crate::db::today;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::AuditAction;
use lotsen_domain::lokus_mote::{BeslutForm, MoteStatus, PunktForm, parse_placering};
use sqlx::PgConnection;
use uuid::Uuid;

/// Brings a planned meeting's ärende items in step with the flags (see the module doc).
pub async fn sync_conn(conn: &mut PgConnection, forbund: Uuid, m: &MoteRow) -> CoreResult<()> {
    if m.status() != MoteStatus::Planerat {
        return Ok(());
    }
    sqlx::query(
        "delete from lokus_punkt p using arende a \
         where p.forbund_id = $1 and p.mote_id = $2 and a.forbund_id = p.forbund_id \
           and a.arende_id = p.arende_id and not a.flaggad and p.beslut = ''",
    )
    .bind(forbund)
    .bind(m.mote_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "update lokus_punkt p set fraga = a.lokus_fraga from arende a \
         where p.forbund_id = $1 and p.mote_id = $2 and a.forbund_id = p.forbund_id \
           and a.arende_id = p.arende_id and a.flaggad and p.fraga is distinct from a.lokus_fraga",
    )
    .bind(forbund)
    .bind(m.mote_id)
    .execute(&mut *conn)
    .await?;
    // New items go after the last visible ärende item (first, when there is none); the items
    // after it move down by as many as were added. The update sees the rows as they were before
    // the insert, so it moves only the ones already there.
    sqlx::query(
        "with forra as (select max(datum) as datum from lokus_mote \
                        where forbund_id = $1 and lokus_id = $3 and datum < $4 and mote_id <> $2), \
              sist as (select coalesce(max(ordning) filter (where arende_id is not null and not borttagen), 0) as n \
                       from lokus_punkt where forbund_id = $1 and mote_id = $2), \
              ny as ( \
         insert into lokus_punkt (forbund_id, punkt_id, mote_id, ordning, arende_id, fraga, overford) \
         select $1, gen_random_uuid(), $2, sist.n + row_number() over (order by a.flaggad_datum, a.nummer), \
                a.arende_id, a.lokus_fraga, coalesce(a.flaggad_datum <= forra.datum, false) \
         from arende a cross join forra cross join sist \
         where a.forbund_id = $1 and a.lokus_id = $3 and a.flaggad and a.flaggad_datum <= $4 \
           and not exists (select 1 from lokus_punkt p where p.forbund_id = $1 and p.mote_id = $2 \
                           and p.arende_id = a.arende_id) \
           and not exists (select 1 from lokus_punkt p \
                           join lokus_mote o on o.forbund_id = p.forbund_id and o.mote_id = p.mote_id \
                           where p.forbund_id = $1 and p.arende_id = a.arende_id and not p.borttagen \
                             and o.lokus_id = $3 and o.mote_id <> $2 and o.status <> 'justerat' \
                             and (o.datum, o.tid) < ($4, $5) \
                             and (o.status = 'planerat' or (p.beslut <> '' and not p.bordlagd))) \
         on conflict (forbund_id, mote_id, arende_id) do nothing \
         returning punkt_id) \
         update lokus_punkt p set ordning = p.ordning + (select count(*) from ny) \
         from sist \
         where p.forbund_id = $1 and p.mote_id = $2 and p.ordning > sist.n \
           and exists (select 1 from ny)",
    )
    .bind(forbund)
    .bind(m.mote_id)
    .bind(m.lokus_id)
    .bind(m.datum)
    .bind(m.tid)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn sync(tx: &mut Tx, forbund: Uuid, m: &MoteRow) -> CoreResult<()> {
    sync_conn(tx, forbund, m).await
}

/// The meeting's visible items in order (ids only).
pub(crate) async fn order(tx: &mut Tx, forbund: Uuid, mote: Uuid) -> CoreResult<Vec<Uuid>> {
    Ok(sqlx::query_scalar(
        "select punkt_id from lokus_punkt where forbund_id = $1 and mote_id = $2 and not borttagen \
         order by ordning, created_at, punkt_id",
    )
    .bind(forbund)
    .bind(mote)
    .fetch_all(&mut **tx)
    .await?)
}

async fn renumber(tx: &mut Tx, forbund: Uuid, mote: Uuid, ids: &[Uuid]) -> CoreResult<()> {
    sqlx::query(
        "update lokus_punkt p set ordning = x.n from unnest($3::uuid[]) with ordinality x(id, n) \
         where p.forbund_id = $1 and p.mote_id = $2 and p.punkt_id = x.id and p.ordning <> x.n",
    )
    .bind(forbund)
    .bind(mote)
    .bind(ids)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves one item a step up or down the agenda.
#[tracing::instrument(name = "lokus.agenda.move_item", skip_all, fields(id = %id, punkt = %punkt, kod = %kod))]
pub async fn move_item(
    db: &Db,
    ctx: &Ctx,
    kod: &str,
    id: Uuid,
    punkt: Uuid,
    up: bool,
) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, _, m) = writable(db, ctx, kod, id, |p| p.prepare).await?;
    sync(&mut tx, forbund, &m).await?;
    let mut ids = order(&mut tx, forbund, id).await?;
    let i = ids
        .iter()
        .position(|p| *p == punkt)
        .ok_or(CoreError::NotFound)?;
    let j = if up {
        i.checked_sub(1)
    } else {
        Some(i + 1).filter(|j| *j < ids.len())
    };
    if let Some(j) = j {
        ids.swap(i, j);
        renumber(&mut tx, forbund, id, &ids).await?;
    }
    finish(tx, ctx, id, AuditAction::MoteAgenda).await
}

/// Moves one item to `placering` (1 … the number of visible items) in one step.
#[tracing::instrument(name = "lokus.agenda.move_to", skip_all, fields(id = %id, punkt = %punkt, kod = %kod))]
pub async fn move_to(
    db: &Db,
    ctx: &Ctx,
    kod: &str,
    id: Uuid,
    punkt: Uuid,
    placering: &str,
) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, _, m) = writable(db, ctx, kod, id, |p| p.prepare).await?;
    sync(&mut tx, forbund, &m).await?;
    let mut ids = order(&mut tx, forbund, id).await?;
    let i = ids
        .iter()
        .position(|p| *p == punkt)
        .ok_or(CoreError::NotFound)?;
    let to =
        parse_placering(placering, ids.len()).map_err(|e| CoreError::invalid("placering", e))?;
    let moved = ids.remove(i);
    ids.insert(to - 1, moved);
    renumber(&mut tx, forbund, id, &ids).await?;
    finish(tx, ctx, id, AuditAction::MoteAgenda).await
}

/// Takes an item off the agenda: an ärende item is kept as removed (the ärende stays flagged
/// for the next meeting); a free item is deleted.
#[tracing::instrument(name = "lokus.agenda.remove_item", skip_all, fields(id = %id, punkt = %punkt, kod = %kod))]
pub async fn remove_item(db: &Db, ctx: &Ctx, kod: &str, id: Uuid, punkt: Uuid) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, _, _) = writable(db, ctx, kod, id, |p| p.prepare).await?;
    let done = sqlx::query(
        "update lokus_punkt set borttagen = true \
         where forbund_id = $1 and mote_id = $2 and punkt_id = $3 and arende_id is not null and not borttagen",
    )
    .bind(forbund)
    .bind(id)
    .bind(punkt)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        + sqlx::query(
            "delete from lokus_punkt where forbund_id = $1 and mote_id = $2 and punkt_id = $3 and arende_id is null",
        )
        .bind(forbund)
        .bind(id)
        .bind(punkt)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done == 0 {
        return Err(CoreError::NotFound);
    }
    finish(tx, ctx, id, AuditAction::MoteAgenda).await
}

/// Puts a removed ärende item back, last on the agenda.
#[tracing::instrument(name = "lokus.agenda.restore_item", skip_all, fields(id = %id, punkt = %punkt, kod = %kod))]
pub async fn restore_item(db: &Db, ctx: &Ctx, kod: &str, id: Uuid, punkt: Uuid) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, _, _) = writable(db, ctx, kod, id, |p| p.prepare).await?;
    let done = sqlx::query(
        "update lokus_punkt set borttagen = false, \
                ordning = (select coalesce(max(ordning), 0) + 1 from lokus_punkt \
                           where forbund_id = $1 and mote_id = $2) \
         where forbund_id = $1 and mote_id = $2 and punkt_id = $3 and borttagen",
    )
    .bind(forbund)
    .bind(id)
    .bind(punkt)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(CoreError::NotFound);
    }
    finish(tx, ctx, id, AuditAction::MoteAgenda).await
}

/// Whether the pre-read of an ärende item includes the ärende's free-text description.
#[tracing::instrument(name = "lokus.agenda.set_description", skip_all, fields(id = %id, punkt = %punkt, kod = %kod))]
pub async fn set_description(
    db: &Db,
    ctx: &Ctx,
    kod: &str,
    id: Uuid,
    punkt: Uuid,
    visa: bool,
) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, _, _) = writable(db, ctx, kod, id, |p| p.prepare).await?;
    let done = sqlx::query(
        "update lokus_punkt set visa_beskrivning = $4 \
         where forbund_id = $1 and mote_id = $2 and punkt_id = $3 and arende_id is not null",
    )
    .bind(forbund)
    .bind(id)
    .bind(punkt)
    .bind(visa)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(CoreError::NotFound);
    }
    finish(tx, ctx, id, AuditAction::MoteAgenda).await
}

/// Adds a free text item last on the agenda.
#[tracing::instrument(name = "lokus.agenda.add_item", skip_all, fields(id = %id, kod = %kod))]
pub async fn add_item(db: &Db, ctx: &Ctx, kod: &str, id: Uuid, form: &PunktForm) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, _, m) = writable(db, ctx, kod, id, |p| p.prepare).await?;
    let (rubrik, text) = form.parse().map_err(CoreError::Invalid)?;
    sync(&mut tx, forbund, &m).await?;
    sqlx::query(
        "insert into lokus_punkt (forbund_id, punkt_id, mote_id, ordning, rubrik, text) \
         select $1, $3, $2, coalesce(max(ordning), 0) + 1, $4, $5 from lokus_punkt \
         where forbund_id = $1 and mote_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(Uuid::now_v7())
    .bind(&rubrik)
    .bind(&text)
    .execute(&mut *tx)
    .await?;
    finish(tx, ctx, id, AuditAction::MoteAgenda).await
}

/// Records (or changes) the recommendation or decision on one item, with an optional
/// follow-up: who, and by when. An ärende may be bordlagt: the decision is recorded, and the
/// ärende stays on the group's agenda for the next meeting (a free item cannot be).
#[tracing::instrument(name = "lokus.agenda.decide", skip_all, fields(id = %id, punkt = %punkt, kod = %kod))]
pub async fn decide(
    db: &Db,
    ctx: &Ctx,
    kod: &str,
    id: Uuid,
    punkt: Uuid,
    form: &BeslutForm,
) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, _, _) = writable(db, ctx, kod, id, |p| p.prepare).await?;
    let is_arende: bool = sqlx::query_scalar(
        "select arende_id is not null from lokus_punkt where forbund_id = $1 and mote_id = $2 \
                        and punkt_id = $3 and not borttagen",
    )
    .bind(forbund)
    .bind(id)
    .bind(punkt)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    let v = form
        .parse(today(&mut tx).await?)
        .map_err(CoreError::Invalid)?;
    sqlx::query(
        "update lokus_punkt set beslut = $4, uppfoljning_vem = $5, uppfoljning_senast = $6, \
                beslutat_av = $7, beslutat_at = now(), bordlagd = $8 \
         where forbund_id = $1 and mote_id = $2 and punkt_id = $3",
    )
    .bind(forbund)
    .bind(id)
    .bind(punkt)
    .bind(&v.beslut)
    .bind(&v.vem)
    .bind(v.senast)
    .bind(ctx.person())
    .bind(v.bordlagd && is_arende)
    .execute(&mut *tx)
    .await?;
    finish(tx, ctx, id, AuditAction::MoteDecision).await
}
