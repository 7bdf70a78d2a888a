//! E-mail notices (issue 15): the outbox that use cases write to inside their own
//! transactions (`queue`), each person's choice to receive e-mail or not, and the sender that
//! drains the outbox over SMTP (`sender`). A notice holds only its recipient, its kind and the
//! object its link points to; the mail is fixed Swedish text and a link (`message`), never a
//! name, an ärende number or anything written in Lotsen.

pub mod message;
pub mod sender;

use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::CoreResult;
use lotsen_domain::AuditAction;
use sqlx::PgConnection;
use uuid::Uuid;

pub use sender::{DrainReport, MailConfig, Sender};

/// What happened, for whom the caller queues it. Each kind has a fixed subject, text and link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// To a coordinator: a new request arrived for their LOKUS group. Link: /forfragningar/{id}
    NyForfragan { forfragan_id: Uuid },
    /// To a handläggare: the coordinator wrote an answer. Link: /forfragningar/{id}
    NyttSvar { forfragan_id: Uuid },
    /// To a handläggare: their request changed status (received, accepted, declined, closed).
    /// Link: /forfragningar/{id}
    NyStatus { forfragan_id: Uuid },
}

impl Notice {
    /// The kind's code in `avisering.slag`.
    pub fn code(self) -> &'static str {
        match self {
            Notice::NyForfragan { .. } => "ny_forfragan",
            Notice::NyttSvar { .. } => "nytt_svar",
            Notice::NyStatus { .. } => "ny_status",
        }
    }

    /// The id of the object the notice links to.
    pub fn object_id(self) -> Uuid {
        match self {
            Notice::NyForfragan { forfragan_id }
            | Notice::NyttSvar { forfragan_id }
            | Notice::NyStatus { forfragan_id } => forfragan_id,
        }
    }

    /// The notice of kind `code` about `object_id`, as the outbox stores it.
    pub fn from_code(code: &str, object_id: Uuid) -> Option<Notice> {
        let forfragan_id = object_id;
        match code {
            "ny_forfragan" => Some(Notice::NyForfragan { forfragan_id }),
            "nytt_svar" => Some(Notice::NyttSvar { forfragan_id }),
            "ny_status" => Some(Notice::NyStatus { forfragan_id }),
            _ => None,
        }
    }
}

/// Queues a notice to one person inside the caller's transaction (whose tenant must be
/// `forbund_id`; `user_id` must be a member of it), so the notice exists exactly when the change
/// behind it commits. Nothing is queued for a person who has turned e-mail off, nor when the
/// same notice still waits unsent (three answers in a minute give one mail). Queued whether or
/// not this server sends mail: the clean-up removes what is never sent.
#[tracing::instrument(name = "avisering.queue", skip_all, fields(kind = notice.code()))]
pub async fn queue(
    conn: &mut PgConnection,
    forbund_id: Uuid,
    user_id: Uuid,
    notice: Notice,
) -> CoreResult<()> {
    queue_many(conn, forbund_id, &[user_id], notice).await
}

/// `queue` for several people at once (duplicates in `user_ids` count once).
pub async fn queue_many(
    conn: &mut PgConnection,
    forbund_id: Uuid,
    user_ids: &[Uuid],
    notice: Notice,
) -> CoreResult<()> {
    if user_ids.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "insert into avisering (forbund_id, avisering_id, user_id, slag, objekt_id) \
         select $1, gen_random_uuid(), u.user_id, $3, $4 \
         from app_user u \
         where u.user_id = any($2) and u.epost_avisering \
           and not exists (select 1 from avisering a \
                           where a.forbund_id = $1 and a.user_id = u.user_id and a.slag = $3 \
                             and a.objekt_id = $4 and a.sent_at is null)",
    )
    .bind(forbund_id)
    .bind(user_ids)
    .bind(notice.code())
    .bind(notice.object_id())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Queues a notice to every active coordinator of a LOKUS group (for `NyForfragan`).
pub async fn queue_lokus_coordinators(
    conn: &mut PgConnection,
    forbund_id: Uuid,
    lokus_id: Uuid,
    notice: Notice,
) -> CoreResult<()> {
    let users: Vec<Uuid> = sqlx::query_scalar(
        "select distinct r.user_id from role_assignment r \
         join membership m on m.forbund_id = r.forbund_id and m.user_id = r.user_id \
         where r.forbund_id = $1 and r.lokus_id = $2 and r.roll = 'koordinator' \
           and m.aktiv and m.bekraftad",
    )
    .bind(forbund_id)
    .bind(lokus_id)
    .fetch_all(&mut *conn)
    .await?;
    queue_many(conn, forbund_id, &users, notice).await
}

/// Whether the acting person receives e-mail notices.
pub async fn email_enabled(db: &Db, ctx: &Ctx) -> CoreResult<bool> {
    let mut tx = db.begin(ctx).await?;
    let on: bool = sqlx::query_scalar("select epost_avisering from app_user where user_id = $1")
        .bind(ctx.user_id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(on)
}

/// Turns the acting person's e-mail notices on or off (audited in the active förbund). Off also
/// covers notices already queued: the sender reads the choice when it sends.
#[tracing::instrument(name = "avisering.set_email_enabled", skip_all)]
pub async fn set_email_enabled(db: &Db, ctx: &Ctx, on: bool) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    sqlx::query(
        "update app_user set epost_avisering = $2 \
         where user_id = $1 and epost_avisering is distinct from $2",
    )
    .bind(ctx.user_id)
    .bind(on)
    .execute(&mut *tx)
    .await?;
    let action = if on {
        AuditAction::EmailNoticesOn
    } else {
        AuditAction::EmailNoticesOff
    };
    audit::record(&mut tx, AuditEntry::by(ctx, action)).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes sent notices after 30 days and unsent ones after 7 (the server's periodic clean-up,
/// whether or not it sends mail). Returns how many went.
pub async fn purge_old(db: &Db) -> CoreResult<i64> {
    let mut tx = db.begin_as(None, None, false).await?;
    let n: i64 = sqlx::query_scalar("select lotsen_purge_avisering()")
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(n)
}
