//! Who does what by when: the keepers add actions with the responsible party (and unit) and a
//! due date; the status of an action is changed by a keeper, or by a handläggare of an invited
//! unit for an action their own party is responsible for.

use super::{Access, handelse, load, require_running};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::{CoreError, CoreResult};
use lotsen_domain::AuditAction;
use lotsen_domain::deltagare_form::Fields;
use lotsen_domain::sip_form::{parse_atgard, parse_atgard_status};
use uuid::Uuid;

/// Adds an action to the plan (keepers only).
pub async fn add_action(db: &Db, ctx: &Ctx, id: Uuid, f: &Fields) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let r = super::kept(&mut tx, ctx, id).await?;
    require_running(&r)?;
    let a = parse_atgard(f, r.bounds()).map_err(CoreError::Invalid)?;
    if let Some(enhet) = a.enhet {
        let part: Option<String> = sqlx::query_scalar(
            "select o.part from enhet e join organisation o \
               on o.forbund_id = e.forbund_id and o.organisation_id = e.organisation_id \
             where e.forbund_id = $1 and e.enhet_id = $2",
        )
        .bind(forbund)
        .bind(enhet)
        .fetch_optional(&mut *tx)
        .await?;
        match part {
            None => return Err(CoreError::invalid("enhet", "Välj en enhet i listan.")),
            Some(p) if p != a.ansvarig.code() => {
                return Err(CoreError::invalid(
                    "enhet",
                    "Enheten hör till en annan part än den som ansvarar.",
                ));
            }
            Some(_) => {}
        }
    }
    let atgard = Uuid::now_v7();
    sqlx::query(
        "insert into sip_atgard (forbund_id, atgard_id, sip_id, text, part, enhet_id, senast, \
             andrad_av) values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(forbund)
    .bind(atgard)
    .bind(id)
    .bind(&a.text)
    .bind(a.ansvarig.code())
    .bind(a.enhet)
    .bind(a.senast)
    .bind(ctx.person())
    .execute(&mut *tx)
    .await?;
    handelse(&mut tx, ctx, id, "atgard", r.idag).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::SipAtgard).on("sip", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Changes an action's status. A handläggare may change only their own party's actions.
pub async fn set_action_status(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    atgard: Uuid,
    f: &Fields,
) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let (r, access) = load(&mut tx, ctx, id).await?;
    require_running(&r)?;
    let part: String = sqlx::query_scalar(
        "select part from sip_atgard where forbund_id = $1 and sip_id = $2 and atgard_id = $3",
    )
    .bind(forbund)
    .bind(id)
    .bind(atgard)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    if let Access::Invited { part: own, .. } = access
        && own.code() != part
    {
        return Err(CoreError::invalid(
            "status",
            "Du kan bara ändra åtgärder som din egen part ansvarar för.",
        ));
    }
    let c = parse_atgard_status(f, r.bounds()).map_err(CoreError::Invalid)?;
    sqlx::query(
        "update sip_atgard set status = $4, klar_datum = $5, orsak = $6, andrad_av = $7 \
         where forbund_id = $1 and sip_id = $2 and atgard_id = $3",
    )
    .bind(forbund)
    .bind(id)
    .bind(atgard)
    .bind(c.status.code())
    .bind(c.klar_datum)
    .bind(&c.orsak)
    .bind(ctx.person())
    .execute(&mut *tx)
    .await?;
    handelse(&mut tx, ctx, id, "atgard_status", r.idag).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::SipAtgardStatus).on("sip", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
