//! What a person can read about their own access: their roles in the active förbund, and the
//! invitations (memberships attached by another förbund's administrator) waiting for them.

use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, set_tenant};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::{AuditAction, Role};
use uuid::Uuid;

/// A förbund that has invited the person.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub forbund_id: Uuid,
    pub namn: String,
}

/// The förbund waiting for the person to accept a membership, in Swedish order.
pub async fn invitations(db: &Db, ctx: &Ctx) -> CoreResult<Vec<Invitation>> {
    let mut tx = db.begin_as(None, Some(ctx.user_id), false).await?;
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "select forbund_id from membership where user_id = $1 and aktiv and not bekraftad",
    )
    .bind(ctx.user_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    // A förbund's row is readable only inside its tenant until the membership is accepted.
    for id in ids {
        set_tenant(&mut tx, Some(id), Some(ctx.user_id), false).await?;
        let namn: String =
            sqlx::query_scalar("select namn::text from forbund where forbund_id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        out.push(Invitation {
            forbund_id: id,
            namn,
        });
    }
    tx.commit().await?;
    out.sort_by(|a, b| a.namn.cmp(&b.namn));
    Ok(out)
}

/// Accepts (or, with `accept` false, declines) the invitation of one förbund. Declining leaves
/// the membership inactive, so the förbund sees that it was declined.
#[tracing::instrument(name = "account.answer_invitation", skip_all, fields(forbund = %forbund))]
pub async fn answer_invitation(db: &Db, ctx: &Ctx, forbund: Uuid, accept: bool) -> CoreResult<()> {
    let mut tx = db.begin_as(Some(forbund), Some(ctx.user_id), false).await?;
    let updated = sqlx::query(
        "update membership set bekraftad = $3, aktiv = $3 \
         where forbund_id = $1 and user_id = $2 and aktiv and not bekraftad",
    )
    .bind(forbund)
    .bind(ctx.user_id)
    .bind(accept)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(CoreError::NotFound);
    }
    let action = if accept {
        AuditAction::MembershipAccept
    } else {
        AuditAction::MembershipDecline
    };
    let mut e = AuditEntry::by(ctx, action);
    e.forbund = Some(forbund);
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct GrantView {
    pub role: Role,
    pub lokus_kod: Option<String>,
    pub lokus_namn: Option<String>,
}

/// The person's roles in the active förbund, with the LOKUS groups they are held for.
pub async fn my_grants(db: &Db, ctx: &Ctx) -> CoreResult<Vec<GrantView>> {
    let Some(forbund) = ctx.forbund.as_ref().map(|f| f.id) else {
        return Ok(Vec::new());
    };
    let mut tx = db.begin(ctx).await?;
    let grants = grants_in(&mut tx, ctx, forbund).await?;
    tx.commit().await?;
    Ok(grants)
}

/// `my_grants` inside a transaction of the active förbund `forbund`.
pub(crate) async fn grants_in(
    tx: &mut crate::db::Tx,
    ctx: &Ctx,
    forbund: Uuid,
) -> CoreResult<Vec<GrantView>> {
    let rows: Vec<(Role, Option<String>, Option<String>)> = sqlx::query_as(
        "select r.roll, l.kod, l.namn from role_assignment r \
         left join lokus_grupp l on l.forbund_id = r.forbund_id and l.lokus_id = r.lokus_id \
         where r.forbund_id = $1 and r.user_id = $2 \
         order by array_position($3::text[], r.roll), l.kod",
    )
    .bind(forbund)
    .bind(ctx.user_id)
    .bind(Role::list_order())
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(role, kod, namn)| GrantView {
            role,
            lokus_kod: kod,
            lokus_namn: namn,
        })
        .collect())
}
