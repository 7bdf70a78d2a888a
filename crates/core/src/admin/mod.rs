//! Administration of the förbund: förbund themselves (system-admin), organisations and units,
//! LOKUS groups, users and their roles (förbund-admin). Every change is audited.

pub mod forbund;
pub mod lokus;
pub mod organisation;
pub mod users;

use crate::ctx::Ctx;
use crate::error::CoreResult;
use lotsen_domain::Action;
use uuid::Uuid;

/// The active förbund, if the actor may administer it.
fn admin_scope(ctx: &Ctx) -> CoreResult<Uuid> {
    ctx.require(Action::ManageForbund)?;
    ctx.forbund_id()
}
