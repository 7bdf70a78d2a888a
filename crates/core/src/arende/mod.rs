//! Lots-ärenden: intake with gapless numbering, the coordinator's list, the detail page with
//! its timeline, and the changes a coordinator makes (actions, flag to LOKUS, status, closing).
//! Only coordinators of an ärende's LOKUS group reach it (DESIGN §4); every read and write is
//! audited with ids only.

mod andringar;
pub mod change;
pub mod consent;
pub mod create;
pub mod detail;
pub(crate) mod events;
pub mod import;
pub mod list;

use crate::ctx::Ctx;
use crate::db::Tx;
use crate::error::{CoreError, CoreResult};
use lotsen_domain::{Action, Role};
use uuid::Uuid;

/// The LOKUS groups whose ärenden the actor works with.
pub fn coordinator_groups(ctx: &Ctx) -> Vec<Uuid> {
    ctx.actor.lokus_for(Role::Koordinator)
}

/// Refuses a change to a closed ärende (only reopening, notes and withdrawing consent remain),
/// with the message on `field`.
pub(crate) async fn refuse_closed(
    tx: &mut Tx,
    forbund: Uuid,
    id: Uuid,
    field: &'static str,
) -> CoreResult<()> {
    let closed: bool = sqlx::query_scalar(
        "select status = 'avslutad' from arende where forbund_id = $1 and arende_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    if closed {
        return Err(CoreError::invalid(
            field,
            "Ärendet är avslutat. Återöppna det för att ändra det.",
        ));
    }
    Ok(())
}

/// The LOKUS group of an ärende in the active förbund, if the actor may write to it.
/// Anything else — another förbund, another group, no such ärende — is `NotFound`.
pub(crate) async fn writable_lokus(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> CoreResult<Uuid> {
    let forbund = ctx.forbund_id()?;
    let lokus: Uuid = sqlx::query_scalar(
        "select lokus_id from arende where forbund_id = $1 and arende_id = $2 for update",
    )
    .bind(forbund)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    ctx.require(Action::WriteArende { lokus })?;
    Ok(lokus)
}
