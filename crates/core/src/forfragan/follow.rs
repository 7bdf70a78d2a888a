//! A request's history and the notices that go with it: every change the sender should see is
//! a line of `forfragan_handelse` and moves the sender's unread marker; the coordinators of the
//! group hear of new requests. The ärende a request became reports its status changes here.

use crate::avisering::{self, Notice};
use crate::ctx::Ctx;
use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::forfragan::ForfraganHandelse;
use uuid::Uuid;

/// Appends a line to the request's history and marks it changed for its sender.
pub(super) async fn history(
    tx: &mut Tx,
    ctx: &Ctx,
    forbund: Uuid,
    id: Uuid,
    typ: ForfraganHandelse,
    text: &str,
) -> CoreResult<()> {
    sqlx::query(
        "insert into forfragan_handelse (forbund_id, forfragan_id, typ, text, user_id) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(forbund)
    .bind(id)
    .bind(typ)
    .bind(text)
    .bind(ctx.person())
    .execute(&mut **tx)
    .await?;
    // The sender's own send and withdraw are not news to them.
    if !matches!(
        typ,
        ForfraganHandelse::Skickad | ForfraganHandelse::Aterkallad
    ) {
        sqlx::query(
            "update forfragan set andrad_at = clock_timestamp() where forbund_id = $1 and forfragan_id = $2",
        )
        .bind(forbund)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        tell_sender(tx, forbund, id, typ).await?;
    }
    Ok(())
}

/// Queues an e-mail notice (no content, only a link) for the request's sender.
async fn tell_sender(
    tx: &mut Tx,
    forbund: Uuid,
    id: Uuid,
    typ: ForfraganHandelse,
) -> CoreResult<()> {
    let sender: Uuid = sqlx::query_scalar(
        "select avsandare from forfragan where forbund_id = $1 and forfragan_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    let notice = if typ == ForfraganHandelse::Svar {
        Notice::NyttSvar { forfragan_id: id }
    } else {
        Notice::NyStatus { forfragan_id: id }
    };
    avisering::queue(tx, forbund, sender, notice).await
}

/// Queues an e-mail notice of a new request for each active coordinator of the group.
pub(super) async fn tell_coordinators(
    tx: &mut Tx,
    forbund: Uuid,
    lokus: Uuid,
    id: Uuid,
) -> CoreResult<()> {
    avisering::queue_lokus_coordinators(
        tx,
        forbund,
        lokus,
        Notice::NyForfragan { forfragan_id: id },
    )
    .await
}

/// Records a status change of an ärende in the request it came from, if any.
pub(crate) async fn follow_arende(
    tx: &mut Tx,
    ctx: &Ctx,
    arende: Uuid,
    typ: ForfraganHandelse,
) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let request: Option<Uuid> = sqlx::query_scalar(
        "select forfragan_id from forfragan where forbund_id = $1 and arende_id = $2",
    )
    .bind(forbund)
    .bind(arende)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = request {
        history(tx, ctx, forbund, id, typ, "").await?;
    }
    Ok(())
}
