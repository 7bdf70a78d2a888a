//! Logging in and out, changing one's password and choosing the active förbund.
//!
//! Failed logins are counted per account (lockout after `ACCOUNT_LIMIT` failures for
//! `LOCK_MINUTES`) and per client address (hashed; slow-down after `CLIENT_LIMIT` failures in
//! `LOCK_MINUTES`). Unknown e-mail addresses cost the same argon2 time as known ones.

use super::password;
use super::session::{self, SessionToken};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, set_tenant};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::AuditAction;
use lotsen_domain::validate::NewPassword;
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use time::OffsetDateTime;
use uuid::Uuid;

pub const ACCOUNT_LIMIT: i32 = 5;
pub const CLIENT_LIMIT: i64 = 30;
pub const LOCK_MINUTES: i64 = 15;

#[derive(Debug)]
pub enum LoginOutcome {
    Success {
        token: SessionToken,
        must_change_password: bool,
    },
    /// Wrong e-mail or password (the two are never told apart).
    Failed,
    /// Too many failures for this account or from this address; try again later.
    Locked,
    /// Right password, but the account is inactive everywhere.
    Inactive,
}

#[derive(sqlx::FromRow)]
struct LoginRow {
    user_id: Uuid,
    losenord_hash: String,
    aktiv: bool,
    maste_byta_losenord: bool,
    systemadmin: bool,
    last_till: Option<OffsetDateTime>,
}

fn client_hash(client: Option<IpAddr>) -> Option<Vec<u8>> {
    client.map(|ip| Sha256::digest(format!("lotsen-client:{ip}").as_bytes()).to_vec())
}

/// Checks an e-mail and password and, when right, starts a new session (the session id is
/// always new: any earlier session of this browser is ended by the caller).
pub async fn login(
    db: &Db,
    email: &str,
    password_typed: &str,
    client: Option<IpAddr>,
    request_id: Option<Uuid>,
) -> CoreResult<LoginOutcome> {
    let client = client_hash(client);
    if let Some(c) = &client {
        let recent: i64 = sqlx::query_scalar(
            "select count(*) from login_failure where client_hash = $1 \
             and failed_at > now() - make_interval(mins => $2)",
        )
        .bind(c)
        .bind(LOCK_MINUTES as i32)
        .fetch_one(db.pool())
        .await?;
        if recent >= CLIENT_LIMIT {
            let mut tx = db.begin_as(None, None, false).await?;
            audit::record(
                &mut tx,
                entry(None, None, AuditAction::LoginLocked, request_id),
            )
            .await?;
            tx.commit().await?;
            return Ok(LoginOutcome::Locked);
        }
    }

    let user = sqlx::query_as::<_, LoginRow>(
        "select user_id, losenord_hash, aktiv, maste_byta_losenord, systemadmin, last_till \
         from app_user where lower(epost) = lower($1)",
    )
    .bind(email.trim())
    .fetch_optional(db.pool())
    .await?;
    let right = password::verify(
        password_typed.to_string(),
        user.as_ref().map(|u| u.losenord_hash.clone()),
    )
    .await;

    let Some(user) = user else {
        record_client_failure(db, client.as_deref()).await?;
        let mut tx = db.begin_as(None, None, false).await?;
        audit::record(
            &mut tx,
            entry(None, None, AuditAction::LoginFailure, request_id),
        )
        .await?;
        tx.commit().await?;
        return Ok(LoginOutcome::Failed);
    };

    let locked = user
        .last_till
        .is_some_and(|t| t > OffsetDateTime::now_utc());
    if locked {
        audit_in_each_forbund(db, user.user_id, AuditAction::LoginLocked, request_id).await?;
        return Ok(LoginOutcome::Locked);
    }

    if !right {
        record_client_failure(db, client.as_deref()).await?;
        let now_locked: bool = sqlx::query_scalar(
            "update app_user set \
                misslyckade_inloggningar = case when misslyckade_inloggningar + 1 >= $2 then 0 \
                                                else misslyckade_inloggningar + 1 end, \
                last_till = case when misslyckade_inloggningar + 1 >= $2 \
                                 then now() + make_interval(mins => $3) else last_till end \
             where user_id = $1 returning last_till is not null and last_till > now()",
        )
        .bind(user.user_id)
        .bind(ACCOUNT_LIMIT)
        .bind(LOCK_MINUTES as i32)
        .fetch_one(db.pool())
        .await?;
        audit_in_each_forbund(db, user.user_id, AuditAction::LoginFailure, request_id).await?;
        return Ok(if now_locked {
            LoginOutcome::Locked
        } else {
            LoginOutcome::Failed
        });
    }

    let forbund_ids = active_forbund_ids(db, user.user_id).await?;
    if !user.aktiv || (forbund_ids.is_empty() && !user.systemadmin) {
        return Ok(LoginOutcome::Inactive);
    }
    sqlx::query(
        "update app_user set misslyckade_inloggningar = 0, last_till = null where user_id = $1",
    )
    .bind(user.user_id)
    .execute(db.pool())
    .await?;
    // With exactly one förbund there is nothing to choose.
    let active = match forbund_ids.as_slice() {
        [only] => Some(*only),
        _ => None,
    };
    let token = session::create(db, user.user_id, active).await?;
    let mut tx = db.begin_as(active, Some(user.user_id), false).await?;
    audit::record(
        &mut tx,
        entry(
            active,
            Some(user.user_id),
            AuditAction::LoginSuccess,
            request_id,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(LoginOutcome::Success {
        token,
        must_change_password: user.maste_byta_losenord,
    })
}

fn entry(
    forbund: Option<Uuid>,
    user: Option<Uuid>,
    action: AuditAction,
    request_id: Option<Uuid>,
) -> AuditEntry {
    AuditEntry {
        forbund,
        user,
        action,
        object_type: None,
        object_id: None,
        request_id,
    }
}

async fn record_client_failure(db: &Db, client: Option<&[u8]>) -> CoreResult<()> {
    if let Some(c) = client {
        sqlx::query("insert into login_failure (client_hash) values ($1)")
            .bind(c)
            .execute(db.pool())
            .await?;
    }
    Ok(())
}

async fn active_forbund_ids(db: &Db, user: Uuid) -> CoreResult<Vec<Uuid>> {
    let mut tx = db.begin_as(None, Some(user), false).await?;
    let ids = sqlx::query_scalar(
        "select m.forbund_id from membership m join forbund f using (forbund_id) \
         where m.user_id = $1 and m.aktiv order by f.namn",
    )
    .bind(user)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(ids)
}

/// Writes the event into the log of every förbund the person belongs to, so that each
/// förbund's administrators and dataskyddsombud see attempts on their people's accounts.
async fn audit_in_each_forbund(
    db: &Db,
    user: Uuid,
    action: AuditAction,
    request_id: Option<Uuid>,
) -> CoreResult<()> {
    let ids = active_forbund_ids(db, user).await?;
    let mut tx = db.begin_as(None, Some(user), false).await?;
    if ids.is_empty() {
        audit::record(&mut tx, entry(None, Some(user), action, request_id)).await?;
    }
    for id in ids {
        set_tenant(&mut tx, Some(id), Some(user), false).await?;
        audit::record(&mut tx, entry(Some(id), Some(user), action, request_id)).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Ends the session and records the logout.
pub async fn logout(db: &Db, ctx: &Ctx, token: &SessionToken) -> CoreResult<()> {
    session::delete(db, token).await?;
    let mut tx = db.begin(ctx).await?;
    audit::record(&mut tx, AuditEntry::by(ctx, AuditAction::Logout)).await?;
    tx.commit().await?;
    Ok(())
}

/// One förbund a person may work in.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipChoice {
    pub forbund_id: Uuid,
    pub namn: String,
    pub slug: String,
}

/// The förbund the person of `ctx` may choose between, in Swedish order.
pub async fn memberships(db: &Db, ctx: &Ctx) -> CoreResult<Vec<MembershipChoice>> {
    let mut tx = db.begin_as(None, Some(ctx.user_id), false).await?;
    let rows = sqlx::query_as::<_, MembershipChoice>(
        "select f.forbund_id, f.namn, f.slug from membership m join forbund f using (forbund_id) \
         where m.user_id = $1 and m.aktiv order by f.namn",
    )
    .bind(ctx.user_id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// Makes `forbund` the session's active förbund, if the person is an active member of it.
pub async fn select_forbund(
    db: &Db,
    ctx: &Ctx,
    token: &SessionToken,
    forbund: Uuid,
) -> CoreResult<()> {
    let choices = memberships(db, ctx).await?;
    if !choices.iter().any(|c| c.forbund_id == forbund) {
        return Err(CoreError::NotFound);
    }
    sqlx::query("update session set forbund_id = $2 where session_hash = $1")
        .bind(token.hash())
        .bind(forbund)
        .execute(db.pool())
        .await?;
    let mut tx = db.begin_as(Some(forbund), Some(ctx.user_id), false).await?;
    let mut e = AuditEntry::by(ctx, AuditAction::ForbundSelect);
    e.forbund = Some(forbund);
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the person's own password after checking the current one; ends their other sessions.
pub async fn change_password(
    db: &Db,
    ctx: &Ctx,
    token: &SessionToken,
    current: &str,
    new: &str,
    confirm: &str,
) -> CoreResult<()> {
    let mut errors = lotsen_domain::FieldErrors::new();
    let stored: String =
        sqlx::query_scalar("select losenord_hash from app_user where user_id = $1")
            .bind(ctx.user_id)
            .fetch_one(db.pool())
            .await?;
    if !password::verify(current.to_string(), Some(stored)).await {
        errors.add("nuvarande", "Det nuvarande lösenordet stämmer inte.");
    }
    let new = errors.check("nytt", NewPassword::parse(new));
    if let Some(n) = &new {
        if n.as_str() != confirm {
            errors.add("bekrafta", "Lösenorden är inte likadana.");
        } else if n.as_str() == current {
            errors.add("nytt", "Välj ett annat lösenord än det nuvarande.");
        }
    }
    let (true, Some(new)) = (errors.is_empty(), new) else {
        return Err(CoreError::Invalid(errors));
    };
    let hash = password::hash(new.as_str().to_string()).await?;
    let mut tx = db.begin(ctx).await?;
    sqlx::query(
        "update app_user set losenord_hash = $2, maste_byta_losenord = false where user_id = $1",
    )
    .bind(ctx.user_id)
    .bind(hash)
    .execute(&mut *tx)
    .await?;
    session::delete_for_user(&mut tx, ctx.user_id, Some(token)).await?;
    audit::record(&mut tx, AuditEntry::by(ctx, AuditAction::PasswordChange)).await?;
    tx.commit().await?;
    Ok(())
}
