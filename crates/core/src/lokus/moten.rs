//! The meetings of a group: the list, creating one, changing its date, time and place,
//! the minutes text, marking it held, and justering (locking) by the chair.

use super::{Grupp, MotePerms, finish, readable_group, writable};
use crate::db::today;

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::{CoreError, CoreResult};
use lotsen_domain::AuditAction;
use lotsen_domain::FieldErrors;
use lotsen_domain::lokus_mote::{MoteForm, MoteStatus, free_text};
use time::{Date, Time};
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MoteListItem {
    pub mote_id: Uuid,
    pub datum: Date,
    pub tid: Time,
    pub plats: String,
    pub status: MoteStatus,
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

/// Changes date, time and place.
#[tracing::instrument(name = "lokus.moten.update", skip_all, fields(id = %id, kod = %kod))]
pub async fn update(db: &Db, ctx: &Ctx, kod: &str, id: Uuid, form: &MoteForm) -> CoreResult<()> {
    let (mut tx, _, m) = writable(db, ctx, kod, id, |p| p.prepare).await?;
    let v = form
        .parse(today(&mut tx).await?)
        .map_err(CoreError::Invalid)?;
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

/// planerat → genomfört: the agenda stops filling itself from newly flagged ärenden.
#[tracing::instrument(name = "lokus.moten.mark_held", skip_all, fields(id = %id, kod = %kod))]
pub async fn mark_held(db: &Db, ctx: &Ctx, kod: &str, id: Uuid) -> CoreResult<()> {
    let (mut tx, _, m) = writable(db, ctx, kod, id, |p| p.prepare).await?;
    if m.status() != MoteStatus::Planerat {
        return Err(CoreError::invalid(
            "mote",
            "Mötet är redan markerat som genomfört.",
        ));
    }
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

/// Justering by the group's chair: the meeting becomes read-only for good. Ärenden that got
/// a decision are handled, so their flag to LOKUS is taken down (with a timeline event);
/// ärenden without a decision, and removed ones, stay flagged for the next meeting.
/// `bekraftat`: the chair ticked that the minutes are checked (justering cannot be undone).
#[tracing::instrument(name = "lokus.moten.justera", skip_all, fields(id = %id, kod = %kod))]
pub async fn justera(db: &Db, ctx: &Ctx, kod: &str, id: Uuid, bekraftat: bool) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, _, m) = writable(db, ctx, kod, id, |p| p.justera).await?;
    if !bekraftat {
        return Err(CoreError::invalid(
            "bekrafta",
            "Kryssa i att protokollet är granskat. En justering kan inte ångras.",
        ));
    }
    if m.status() == MoteStatus::Planerat {
        super::agenda::sync(&mut tx, forbund, &m).await?;
    }
    // The ärenden decided here; the ärende feature ends their questions and says so in their
    // timelines.
    let decided: Vec<Uuid> = sqlx::query_scalar(
        "select arende_id from lokus_punkt \
         where forbund_id = $1 and mote_id = $2 and arende_id is not null \
           and not borttagen and beslut <> ''",
    )
    .bind(forbund)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let text = format!(
        "Behandlat i LOKUS-mötet {}; beslutet står i protokollet.",
        m.datum
    );
    crate::arende::events::close_lokus_questions(&mut tx, ctx, &decided, &text).await?;
    sqlx::query(
        "update lokus_mote set status = 'justerat', justerat_at = now(), justerat_av = $3 \
         where forbund_id = $1 and mote_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(ctx.person())
    .execute(&mut *tx)
    .await?;
    finish(tx, ctx, id, AuditAction::MoteLock).await
}
