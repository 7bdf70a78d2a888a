//! The meetings of a group: the list, creating one, changing its date, time and place,
//! the minutes text, and marking it held. Justering is `justering`'s.

use super::{Grupp, MotePerms, finish, frozen, open_meeting, readable_group, writable};
use crate::db::today;

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::{CoreError, CoreResult};
use lotsen_domain::AuditAction;
use lotsen_domain::FieldErrors;
use lotsen_domain::lokus_mote::{Avslut, MoteForm, MoteStatus, free_text, may_close, may_move};
use time::{Date, Time};
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MoteListItem {
    pub mote_id: Uuid,
    pub datum: Date,
    pub tid: Time,
    pub plats: String,
    pub status: MoteStatus,
    /// The chair has justerat; the protokoll waits for the justerare.
    pub vantar: bool,
    pub punkter: i64,
    pub beslut: i64,
}

pub struct MoteList {
    pub grupp: Grupp,
    pub perms: MotePerms,
    pub moten: Vec<MoteListItem>,
    pub today: Date,
}

/// The group's meetings, newest first.
pub async fn list(db: &Db, ctx: &Ctx, kod: &str) -> CoreResult<MoteList> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let grupp = readable_group(&mut tx, ctx, kod).await?;
    let moten = sqlx::query_as::<_, MoteListItem>(
        "select m.mote_id, m.datum, m.tid, m.plats, m.status, \
                m.status <> 'justerat' and m.ordforande_justerat_at is not null as vantar, \
                count(p.punkt_id) filter (where not p.borttagen) as punkter, \
                count(p.punkt_id) filter (where not p.borttagen and p.beslut <> '') as beslut \
         from lokus_mote m \
         left join lokus_punkt p on p.forbund_id = m.forbund_id and p.mote_id = m.mote_id \
         where m.forbund_id = $1 and m.lokus_id = $2 \
         group by m.forbund_id, m.mote_id order by m.datum desc, m.tid desc",
    )
    .bind(forbund)
    .bind(grupp.lokus_id)
    .fetch_all(&mut *tx)
    .await?;
    let today = today(&mut tx).await?;
    tx.commit().await?;
    Ok(MoteList {
        perms: MotePerms::of(ctx, grupp.lokus_id),
        grupp,
        moten,
        today,
    })
}

/// Creates a planned meeting; its agenda fills itself from the flagged ärenden when opened.
#[tracing::instrument(name = "lokus.moten.create", skip_all, fields(kod = %kod))]
pub async fn create(db: &Db, ctx: &Ctx, kod: &str, form: &MoteForm) -> CoreResult<Uuid> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let grupp = readable_group(&mut tx, ctx, kod).await?;
    if !MotePerms::of(ctx, grupp.lokus_id).prepare {
        return Err(CoreError::NotFound);
    }
    let v = form
        .parse(today(&mut tx).await?)
        .map_err(CoreError::Invalid)?;
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into lokus_mote (forbund_id, mote_id, lokus_id, datum, tid, plats, skapad_av) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(forbund)
    .bind(id)
    .bind(grupp.lokus_id)
    .bind(v.datum)
    .bind(v.tid)
    .bind(&v.plats)
    .bind(ctx.person())
    .execute(&mut *tx)
    .await?;
    finish(tx, ctx, id, AuditAction::MoteCreate).await?;
    Ok(id)
}

/// Changes date, time and place. A justerat meeting keeps its date and a held one stays in
/// the past (`may_move`).
#[tracing::instrument(name = "lokus.moten.update", skip_all, fields(id = %id, kod = %kod))]
pub async fn update(db: &Db, ctx: &Ctx, kod: &str, id: Uuid, form: &MoteForm) -> CoreResult<()> {
    let (mut tx, _, m) = open_meeting(db, ctx, kod, id, |p| p.prepare).await?;
    let today = today(&mut tx).await?;
    let moved =
        |to| may_move(m.status(), m.datum, to, today).map_err(|e| CoreError::invalid("datum", e));
    if let Some(e) = frozen(&m) {
        // Moving a justerat meeting gets its own answer; any other change, the lock's.
        if let Ok(v) = form.parse(today) {
            moved(v.datum)?;
        }
        return Err(e);
    }
    let v = form.parse(today).map_err(CoreError::Invalid)?;
    moved(v.datum)?;
    sqlx::query(
        "update lokus_mote set datum = $3, tid = $4, plats = $5 where forbund_id = $1 and mote_id = $2",
    )
    .bind(ctx.forbund_id()?)
    .bind(m.mote_id)
    .bind(v.datum)
    .bind(v.tid)
    .bind(&v.plats)
    .execute(&mut *tx)
    .await?;
    finish(tx, ctx, id, AuditAction::MoteUpdate).await
}

/// The overall minutes text.
#[tracing::instrument(name = "lokus.moten.minutes", skip_all, fields(id = %id, kod = %kod))]
pub async fn minutes(db: &Db, ctx: &Ctx, kod: &str, id: Uuid, text: &str) -> CoreResult<()> {
    let (mut tx, _, _) = writable(db, ctx, kod, id, |p| p.prepare).await?;
    let mut e = FieldErrors::new();
    let text = free_text(text, 8000, "protokoll", &mut e);
    if !e.is_empty() {
        return Err(CoreError::Invalid(e));
    }
    sqlx::query("update lokus_mote set protokoll = $3 where forbund_id = $1 and mote_id = $2")
        .bind(ctx.forbund_id()?)
        .bind(id)
        .bind(&text)
        .execute(&mut *tx)
        .await?;
    finish(tx, ctx, id, AuditAction::MoteMinutes).await
}

/// planerat → genomfört, on or after the meeting's day: the agenda stops filling itself from
/// newly flagged ärenden.
#[tracing::instrument(name = "lokus.moten.mark_held", skip_all, fields(id = %id, kod = %kod))]
pub async fn mark_held(db: &Db, ctx: &Ctx, kod: &str, id: Uuid) -> CoreResult<()> {
    let (mut tx, _, m) = writable(db, ctx, kod, id, |p| p.prepare).await?;
    if m.status() != MoteStatus::Planerat {
        return Err(CoreError::invalid(
            "genomfort",
            "Mötet är redan markerat som genomfört.",
        ));
    }
    may_close(m.datum, today(&mut tx).await?, Avslut::Genomfort)
        .map_err(|e| CoreError::invalid("genomfort", e))?;
    // Bring the agenda up to date one last time, so it is what was on the table.
    super::agenda::sync(&mut tx, ctx.forbund_id()?, &m).await?;
    sqlx::query(
        "update lokus_mote set status = 'genomfort' where forbund_id = $1 and mote_id = $2",
    )
    .bind(ctx.forbund_id()?)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    finish(tx, ctx, id, AuditAction::MoteHeld).await
}
