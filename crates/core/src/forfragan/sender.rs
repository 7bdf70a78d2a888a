//! The sender's side: their own requests, one request as sent with its history and the
//! answers written for them, and withdrawing a request that is not yet accepted. Another
//! person's request is `NotFound`, whoever asks.

use super::{SENT, Sent, follow};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::arende::Status;
use lotsen_domain::forfragan::{ForfraganHandelse, ForfraganStatus, Typ};
use lotsen_domain::{Action, AuditAction};
use uuid::Uuid;

/// One of the sender's requests in their list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OwnRow {
    pub forfragan_id: Uuid,
    pub typ: Typ,
    pub skickad: String,
    pub status: ForfraganStatus,
    pub arende_status: Option<Status>,
    pub arende_nummer: Option<String>,
    pub lokus: String,
    /// Something happened since the sender last opened it.
    pub nytt: bool,
}

impl OwnRow {
    pub fn shown_status(&self) -> &'static str {
        super::shown_status(self.status, self.arende_status)
    }
}

/// One line of a request's history.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct History {
    pub typ: ForfraganHandelse,
    pub text: String,
    /// Swedish local time.
    pub tid: String,
}

/// A request as its sender sees it.
#[derive(Debug, Clone)]
pub struct OwnRequest {
    pub sent: Sent,
    pub history: Vec<History>,
    pub can_withdraw: bool,
}

/// The sender's requests in the active förbund, newest first.
pub async fn mine(db: &Db, ctx: &Ctx) -> CoreResult<Vec<OwnRow>> {
    ctx.require(Action::RequestLotsning)?;
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let rows = mine_in(&mut tx, forbund, ctx.user_id, 500).await?;
    tx.commit().await?;
    Ok(rows)
}

/// The latest `limit` requests `user` sent in the förbund (the start page's).
pub async fn mine_in(
    tx: &mut Tx,
    forbund: Uuid,
    user: Uuid,
    limit: i64,
) -> CoreResult<Vec<OwnRow>> {
    Ok(sqlx::query_as::<_, OwnRow>(
        "select q.forfragan_id, q.typ, to_char(lotsen_local(q.skickad_at), 'YYYY-MM-DD HH24:MI') as skickad, \
             q.status, a.status as arende_status, a.nummer as arende_nummer, l.namn::text as lokus, \
             (q.sedd_at is null or q.andrad_at > q.sedd_at) as nytt \
         from forfragan q \
         join lokus_grupp l on l.forbund_id = q.forbund_id and l.lokus_id = q.lokus_id \
         left join arende a on a.forbund_id = q.forbund_id and a.arende_id = q.arende_id \
         where q.forbund_id = $1 and q.avsandare = $2 \
         order by q.skickad_at desc limit $3",
    )
    .bind(forbund)
    .bind(user)
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?)
}

/// The request, its history, and whether it can still be withdrawn. Reading it marks its news
/// as seen.
#[tracing::instrument(name = "forfragan.own", skip_all, fields(id = %id))]
pub async fn own(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<OwnRequest> {
    ctx.require(Action::RequestLotsning)?;
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let sent = own_sent(&mut tx, ctx, forbund, id).await?;
    let history = history_of(&mut tx, forbund, id).await?;
    sqlx::query(
        "update forfragan set sedd_at = clock_timestamp() where forbund_id = $1 and forfragan_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    super::audit(&mut tx, ctx, AuditAction::ForfraganRead, id).await?;
    tx.commit().await?;
    Ok(OwnRequest {
        can_withdraw: sent.status.is_open(),
        sent,
        history,
    })
}

async fn own_sent(tx: &mut Tx, ctx: &Ctx, forbund: Uuid, id: Uuid) -> CoreResult<Sent> {
    sqlx::query_as::<_, Sent>(&format!(
        "{SENT} where q.forbund_id = $1 and q.forfragan_id = $2 and q.avsandare = $3"
    ))
    .bind(forbund)
    .bind(id)
    .bind(ctx.user_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(CoreError::NotFound)
}

pub(super) async fn history_of(tx: &mut Tx, forbund: Uuid, id: Uuid) -> CoreResult<Vec<History>> {
    Ok(sqlx::query_as::<_, History>(
        "select typ, text, to_char(lotsen_local(created_at), 'YYYY-MM-DD HH24:MI') as tid from forfragan_handelse \
         where forbund_id = $1 and forfragan_id = $2 order by handelse_id",
    )
    .bind(forbund)
    .bind(id)
    .fetch_all(&mut **tx)
    .await?)
}

/// Withdraws the sender's request while no coordinator has accepted or declined it.
#[tracing::instrument(name = "forfragan.withdraw", skip_all, fields(id = %id))]
pub async fn withdraw(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<()> {
    ctx.require(Action::RequestLotsning)?;
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let status: ForfraganStatus = sqlx::query_scalar(
        "select status from forfragan where forbund_id = $1 and forfragan_id = $2 and avsandare = $3 \
         for update",
    )
    .bind(forbund)
    .bind(id)
    .bind(ctx.user_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    if !status.is_open() {
        return Err(CoreError::invalid(
            "aterkalla",
            format!(
                "Förfrågan kan inte återkallas: den är redan {}.",
                status.label().to_lowercase()
            ),
        ));
    }
    sqlx::query(
        "update forfragan set status = 'aterkallad' where forbund_id = $1 and forfragan_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    follow::history(&mut tx, ctx, forbund, id, ForfraganHandelse::Aterkallad, "").await?;
    super::audit(&mut tx, ctx, AuditAction::ForfraganWithdraw, id).await?;
    tx.commit().await?;
    Ok(())
}
