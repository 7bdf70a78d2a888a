//! Server-side sessions in PostgreSQL. The cookie holds a random token; the table holds only
//! its SHA-256, the person, the active förbund and the CSRF token.

use crate::ctx::{ActiveForbund, Ctx};
use crate::db::Db;
use crate::error::CoreResult;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use lotsen_domain::{Actor, Grant, Role};
use rand::RngCore;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

/// The secret in the session cookie.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(pub String);

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(***)")
    }
}

impl SessionToken {
    pub fn generate() -> SessionToken {
        SessionToken(random_token())
    }

    pub fn hash(&self) -> Vec<u8> {
        Sha256::digest(self.0.as_bytes()).to_vec()
    }
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A valid session with everything a request needs to know about its person.
#[derive(Debug, Clone)]
pub struct LoadedSession {
    pub token: SessionToken,
    pub csrf_token: String,
    pub must_change_password: bool,
    pub ctx: Ctx,
    /// The navigation's counts, read with the session.
    pub counts: NavCounts,
}

/// What waits for the person, shown as counts in the navigation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NavCounts {
    /// Requests waiting for a decision in the groups the person coordinates.
    pub forfragningar_vantar: i64,
    /// The person's own requests with news they have not opened.
    pub forfragningar_nytt: i64,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: Uuid,
    forbund_id: Option<Uuid>,
    csrf_token: String,
    created_at: OffsetDateTime,
    last_seen_at: OffsetDateTime,
    namn: String,
    aktiv: bool,
    maste_byta_losenord: bool,
    systemadmin: bool,
    forbund_namn: Option<String>,
    forbund_slug: Option<String>,
    idle_minuter: Option<i32>,
    membership_aktiv: Option<bool>,
    membership_count: i64,
    roller: Vec<Role>,
    lokus_ids: Vec<Option<Uuid>>,
    forfragningar_vantar: i64,
    forfragningar_nytt: i64,
}

/// Why a cookie did not give a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionLookup {
    Missing,
    /// The session existed but had been idle too long; it is now deleted.
    Expired,
}

/// Creates a session for a person, optionally with an active förbund.
pub async fn create(db: &Db, user: Uuid, forbund: Option<Uuid>) -> CoreResult<SessionToken> {
    let token = SessionToken::generate();
    sqlx::query(
        "insert into session (session_hash, user_id, forbund_id, csrf_token) values ($1, $2, $3, $4)",
    )
    .bind(token.hash())
    .bind(user)
    .bind(forbund)
    .bind(random_token())
    .execute(db.pool())
    .await?;
    Ok(token)
}

/// How long sessions last: idle (before a förbund is chosen; förbund set their own) and at most.
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    pub default_idle_minutes: i64,
    /// The absolute lifetime from login, whatever the activity.
    pub max_minutes: i64,
}

impl Default for SessionLimits {
    fn default() -> Self {
        SessionLimits {
            default_idle_minutes: 30,
            max_minutes: 12 * 60,
        }
    }
}

/// Loads the session behind a cookie token, enforcing the idle timeout (the active förbund's
/// setting, else the default) and the absolute lifetime, and refreshing its last-seen time at
/// most once a minute.
pub async fn load(
    db: &Db,
    token: &SessionToken,
    limits: SessionLimits,
) -> CoreResult<Result<LoadedSession, SessionLookup>> {
    let hash = token.hash();
    let row = sqlx::query_as::<_, SessionRow>("select * from lotsen_session_load($1)")
        .bind(&hash)
        .fetch_optional(db.pool())
        .await?;
    let Some(row) = row else {
        return Ok(Err(SessionLookup::Missing));
    };
    let idle = row
        .idle_minuter
        .map(i64::from)
        .unwrap_or(limits.default_idle_minutes);
    let now = OffsetDateTime::now_utc();
    let idle_for = now - row.last_seen_at;
    let too_old = now - row.created_at > time::Duration::minutes(limits.max_minutes);
    if idle_for > time::Duration::minutes(idle) || too_old || !row.aktiv {
        delete_by_hash(db, &hash).await?;
        return Ok(Err(if row.aktiv {
            SessionLookup::Expired
        } else {
            SessionLookup::Missing
        }));
    }
    if idle_for > time::Duration::seconds(60) {
        sqlx::query("update session set last_seen_at = now() where session_hash = $1")
            .bind(&hash)
            .execute(db.pool())
            .await?;
    }
    // A membership deactivated since the förbund was chosen no longer gives access to it.
    let forbund = match (row.forbund_id, row.membership_aktiv) {
        (Some(id), Some(true)) => Some(ActiveForbund {
            id,
            namn: row.forbund_namn.unwrap_or_default(),
            slug: row.forbund_slug.unwrap_or_default(),
        }),
        _ => None,
    };
    let grants = if forbund.is_some() {
        row.roller
            .iter()
            .zip(row.lokus_ids.iter())
            .map(|(role, l)| Grant {
                role: *role,
                lokus: *l,
            })
            .collect()
    } else {
        Vec::new()
    };
    let counts = if forbund.is_some() {
        NavCounts {
            forfragningar_vantar: row.forfragningar_vantar,
            forfragningar_nytt: row.forfragningar_nytt,
        }
    } else {
        NavCounts::default()
    };
    Ok(Ok(LoadedSession {
        token: token.clone(),
        csrf_token: row.csrf_token,
        must_change_password: row.maste_byta_losenord,
        counts,
        ctx: Ctx {
            user_id: row.user_id,
            namn: row.namn,
            forbund,
            actor: Actor {
                user_id: row.user_id,
                system_admin: row.systemadmin,
                grants,
            },
            forbund_count: row.membership_count,
            request_id: None,
        },
    }))
}

pub async fn delete(db: &Db, token: &SessionToken) -> CoreResult<()> {
    delete_by_hash(db, &token.hash()).await
}

async fn delete_by_hash(db: &Db, hash: &[u8]) -> CoreResult<()> {
    sqlx::query("delete from session where session_hash = $1")
        .bind(hash)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Ends every session of a person (deactivation, password change elsewhere).
pub async fn delete_for_user(
    conn: &mut sqlx::PgConnection,
    user: Uuid,
    except: Option<&SessionToken>,
) -> CoreResult<()> {
    sqlx::query(
        "delete from session where user_id = $1 and ($2::bytea is null or session_hash <> $2)",
    )
    .bind(user)
    .bind(except.map(|t| t.hash()))
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes sessions idle longer than any förbund allows, old login failures and expired
/// import files.
pub async fn purge_expired(db: &Db) -> CoreResult<u64> {
    let sessions =
        sqlx::query("delete from session where last_seen_at < now() - interval '8 hours'")
            .execute(db.pool())
            .await?
            .rows_affected();
    sqlx::query("delete from login_failure where failed_at < now() - interval '1 day'")
        .execute(db.pool())
        .await?;
    sqlx::query("select lotsen_purge_import_files()")
        .execute(db.pool())
        .await?;
    Ok(sessions)
}
