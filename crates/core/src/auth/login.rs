//! Logging in and out, changing one's password and choosing the active förbund.
//!
//! Password guessing is throttled per (client address, typed e-mail address): after
//! `FREE_FAILURES` failures within `WINDOW_MINUTES` each further attempt from that address on
//! that account must wait twice as long as the last (`delay_after`). Another address, such as the
//! person's own, is not slowed down, so a stranger cannot lock anyone out. One address is also
//! limited to `CLIENT_LIMIT` failures across all accounts. The e-mail is hashed whether an
//! account has it or not, and every outcome but success reads the same, so the responses do not
//! tell known addresses from unknown ones; unknown addresses cost the same argon2 time as known.

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
use uuid::Uuid;

/// Failures from one address across all accounts before that address is refused.
pub const CLIENT_LIMIT: i64 = 30;
/// The window that failures are counted in.
pub const WINDOW_MINUTES: i64 = 15;
/// Failures from one address on one account before attempts are delayed.
pub const FREE_FAILURES: i64 = 3;
/// The longest delay between two attempts.
pub const MAX_DELAY_SECONDS: i64 = 15 * 60;

/// The wait before the next attempt after `failures` failures (from one address on one
/// account): none for the first `FREE_FAILURES`, then 2, 4, 8 … seconds up to 15 minutes.
pub fn delay_after(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES + 1).min(20) as u32;
    2_i64.pow(doublings).min(MAX_DELAY_SECONDS)
}

#[derive(Debug)]
pub enum LoginOutcome {
    Success {
        token: SessionToken,
        must_change_password: bool,
        /// Failed attempts on the account since the person last logged in.
        failed_since_last: i32,
    },
    /// Wrong e-mail or password, or an account that is not active (never told apart).
    Failed,
    /// Too many failures from this address (on this account, or on any); try again after
    /// `seconds`.
    Throttled { seconds: i64 },
}

#[derive(sqlx::FromRow)]
struct LoginRow {
    user_id: Uuid,
    losenord_hash: String,
    aktiv: bool,
    maste_byta_losenord: bool,
    systemadmin: bool,
    misslyckade_inloggningar: i32,
}

fn client_hash(client: Option<IpAddr>) -> Vec<u8> {
    let client = client.map(|ip| ip.to_string()).unwrap_or_default();
    Sha256::digest(format!("lotsen-client:{client}").as_bytes()).to_vec()
}

fn account_hash(email: &str) -> Vec<u8> {
    Sha256::digest(format!("lotsen-konto:{}", email.trim().to_lowercase()).as_bytes()).to_vec()
}

#[derive(sqlx::FromRow)]
struct Recent {
    on_account: i64,
    seconds_since_last: Option<f64>,
    from_client: i64,
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
    let account = account_hash(email);
    let recent = sqlx::query_as::<_, Recent>(
        "select count(*) filter (where konto_hash = $2) as on_account, \
                extract(epoch from now() - max(failed_at) filter (where konto_hash = $2))::float8 \
                    as seconds_since_last, \
                count(*) as from_client \
         from login_failure where client_hash = $1 \
           and failed_at > now() - make_interval(mins => $3)",
    )
    .bind(&client)
    .bind(&account)
    .bind(WINDOW_MINUTES as i32)
    .fetch_one(db.pool())
    .await?;
    let wait = delay_after(recent.on_account) - recent.seconds_since_last.unwrap_or(0.0) as i64;
    if wait > 0 || recent.from_client >= CLIENT_LIMIT {
        let seconds = if recent.from_client >= CLIENT_LIMIT {
            WINDOW_MINUTES * 60
        } else {
            wait
        };
        // The person's förbund see the refused attempt in their log (the answer is the same
        // whether the account exists or not).
        let known: Option<Uuid> =
            sqlx::query_scalar("select user_id from app_user where lower(epost) = lower($1)")
                .bind(email.trim())
                .fetch_optional(db.pool())
                .await?;
        match known {
            Some(user) => {
                audit_in_each_forbund(db, user, AuditAction::LoginLocked, request_id).await?
            }
            None => {
                let mut tx = db.begin_as(None, None, false).await?;
                audit::record(
                    &mut tx,
                    entry(None, None, AuditAction::LoginLocked, request_id),
                )
                .await?;
                tx.commit().await?;
            }
        }
        return Ok(LoginOutcome::Throttled { seconds });
    }

    let user = sqlx::query_as::<_, LoginRow>(
        "select user_id, losenord_hash, aktiv, maste_byta_losenord, systemadmin, \
                misslyckade_inloggningar \
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
        record_failure(db, &client, &account).await?;
        let mut tx = db.begin_as(None, None, false).await?;
        audit::record(
            &mut tx,
            entry(None, None, AuditAction::LoginFailure, request_id),
        )
        .await?;
        tx.commit().await?;
        return Ok(LoginOutcome::Failed);
    };

    let memberships = membership_counts(db, user.user_id).await?;
    let may_enter = user.aktiv && (memberships.usable() || user.systemadmin);
    if !right || !may_enter {
        record_failure(db, &client, &account).await?;
        sqlx::query(
            "update app_user set misslyckade_inloggningar = misslyckade_inloggningar + 1 \
             where user_id = $1",
        )
        .bind(user.user_id)
        .execute(db.pool())
        .await?;
        audit_in_each_forbund(db, user.user_id, AuditAction::LoginFailure, request_id).await?;
        return Ok(LoginOutcome::Failed);
    }

    sqlx::query("update app_user set misslyckade_inloggningar = 0 where user_id = $1")
        .bind(user.user_id)
        .execute(db.pool())
        .await?;
    sqlx::query("delete from login_failure where client_hash = $1 and konto_hash = $2")
        .bind(&client)
        .bind(&account)
        .execute(db.pool())
        .await?;
    let forbund_ids = active_forbund_ids(db, user.user_id).await?;
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
        failed_since_last: user.misslyckade_inloggningar,
    })
}

/// A person's active memberships: confirmed, and waiting for them to accept.
#[derive(sqlx::FromRow)]
struct MembershipCounts {
    confirmed: i64,
    pending: i64,
}

impl MembershipCounts {
    /// Someone with only an invitation may still log in, to accept it.
    fn usable(&self) -> bool {
        self.confirmed > 0 || self.pending > 0
    }
}

async fn membership_counts(db: &Db, user: Uuid) -> CoreResult<MembershipCounts> {
    let mut tx = db.begin_as(None, Some(user), false).await?;
    let counts = sqlx::query_as::<_, MembershipCounts>(
        "select count(*) filter (where bekraftad) as confirmed, \
                count(*) filter (where not bekraftad) as pending \
         from membership where user_id = $1 and aktiv",
    )
    .bind(user)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(counts)
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
        selection: None,
    }
}

async fn record_failure(db: &Db, client: &[u8], account: &[u8]) -> CoreResult<()> {
    sqlx::query("insert into login_failure (client_hash, konto_hash) values ($1, $2)")
        .bind(client)
        .bind(account)
        .execute(db.pool())
        .await?;
    Ok(())
}

async fn active_forbund_ids(db: &Db, user: Uuid) -> CoreResult<Vec<Uuid>> {
    let mut tx = db.begin_as(None, Some(user), false).await?;
    let ids = sqlx::query_scalar(
        "select m.forbund_id from membership m join forbund f using (forbund_id) \
         where m.user_id = $1 and m.aktiv and m.bekraftad order by f.namn",
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
         where m.user_id = $1 and m.aktiv and m.bekraftad order by f.namn",
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
