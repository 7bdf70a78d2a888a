//! The append-only audit log: one row per login, logout, admin change and (later) every read,
//! write and export of case data. Rows hold ids only, never personal data.

use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::CoreResult;
use lotsen_domain::{Action, AuditAction};
use time::Date;
use uuid::Uuid;

/// What an audit row says about whom; `forbund` must equal the transaction's tenant (or be
/// `None` for events outside any förbund).
#[derive(Debug, Clone, Copy)]
pub struct AuditEntry {
    pub forbund: Option<Uuid>,
    pub user: Option<Uuid>,
    pub action: AuditAction,
    pub object_type: Option<&'static str>,
    pub object_id: Option<Uuid>,
    pub request_id: Option<Uuid>,
    /// For reads and exports of figures: which period, whether suppressed, which file format.
    pub selection: Option<AuditSelection>,
}

/// The selection behind a read or export of figures, stored in `urval` in a fixed structure
/// (`fran=…;till=…;undertryck=0|1[;format=…]`) that holds no free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditSelection {
    pub fran: Date,
    pub till: Date,
    pub suppressed: bool,
    pub format: Option<&'static str>,
}

impl AuditSelection {
    fn urval(&self) -> String {
        let mut urval = format!(
            "fran={};till={};undertryck={}",
            self.fran,
            self.till,
            u8::from(self.suppressed)
        );
        if let Some(f) = self.format {
            urval.push_str(&format!(";format={f}"));
        }
        urval
    }
}

impl AuditEntry {
    /// An event by the actor of `ctx` in their active förbund.
    pub fn by(ctx: &Ctx, action: AuditAction) -> AuditEntry {
        AuditEntry {
            forbund: ctx.forbund.as_ref().map(|f| f.id),
            user: ctx.person(),
            action,
            object_type: None,
            object_id: None,
            request_id: ctx.request_id,
            selection: None,
        }
    }

    pub fn with_selection(mut self, selection: AuditSelection) -> AuditEntry {
        self.selection = Some(selection);
        self
    }

    pub fn on(mut self, object_type: &'static str, object_id: Uuid) -> AuditEntry {
        self.object_type = Some(object_type);
        self.object_id = Some(object_id);
        self
    }
}

/// Appends one row inside the caller's transaction, so the event and the change commit together.
pub async fn record(tx: &mut Tx, e: AuditEntry) -> CoreResult<()> {
    sqlx::query(
        "insert into audit_event (forbund_id, user_id, action, object_type, object_id, request_id, urval) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.forbund)
    .bind(e.user)
    .bind(e.action.code())
    .bind(e.object_type)
    .bind(e.object_id)
    .bind(e.request_id)
    .bind(e.selection.map(|s| s.urval()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A search of the active förbund's audit log.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub user: Option<Uuid>,
    pub action: Option<AuditAction>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub page: u32,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditListItem {
    /// Local Swedish time, `YYYY-MM-DD HH:MM:SS`.
    pub occurred_at: String,
    pub user_id: Option<Uuid>,
    pub user_namn: Option<String>,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<Uuid>,
    pub request_id: Option<Uuid>,
}

pub struct AuditPage {
    pub items: Vec<AuditListItem>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

pub const PER_PAGE: u32 = 50;

/// Searches the audit log (förbund-admin and dataskyddsombud). The search is itself audited.
pub async fn search(db: &Db, ctx: &Ctx, q: &AuditQuery) -> CoreResult<AuditPage> {
    ctx.require(Action::ReadAuditLog)?;
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let filter = "from audit_event a \
         where a.forbund_id = $1 \
           and ($2::uuid is null or a.user_id = $2) \
           and ($3::text is null or a.action = $3) \
           and ($4::date is null or a.occurred_at >= $4::date) \
           and ($5::date is null or a.occurred_at < $5::date + 1)";
    let total: i64 = sqlx::query_scalar(&format!("select count(*) {filter}"))
        .bind(forbund)
        .bind(q.user)
        .bind(q.action.map(|a| a.code()))
        .bind(q.from)
        .bind(q.to)
        .fetch_one(&mut *tx)
        .await?;
    let items = sqlx::query_as::<_, AuditListItem>(&format!(
        "select to_char(lotsen_local(a.occurred_at), 'YYYY-MM-DD HH24:MI:SS') as occurred_at, a.user_id, u.namn as user_namn, a.action, a.object_type, \
                a.object_id, a.request_id \
         {filter_with_user} \
         order by a.occurred_at desc, a.audit_event_id desc limit $6 offset $7",
        filter_with_user = filter.replace(
            "from audit_event a",
            "from audit_event a left join app_user u on u.user_id = a.user_id"
        )
    ))
    .bind(forbund)
    .bind(q.user)
    .bind(q.action.map(|a| a.code()))
    .bind(q.from)
    .bind(q.to)
    .bind(i64::from(PER_PAGE))
    .bind(i64::from(q.page) * i64::from(PER_PAGE))
    .fetch_all(&mut *tx)
    .await?;
    record(&mut tx, AuditEntry::by(ctx, AuditAction::AuditRead)).await?;
    tx.commit().await?;
    Ok(AuditPage {
        items,
        total,
        page: q.page,
        per_page: PER_PAGE,
    })
}

/// The förbund's people, for filtering the log by person.
pub async fn user_choices(db: &Db, ctx: &Ctx) -> CoreResult<Vec<(Uuid, String)>> {
    ctx.require(Action::ReadAuditLog)?;
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let rows = sqlx::query_as(
        "select u.user_id, u.namn from membership m join app_user u using (user_id) \
         where m.forbund_id = $1 order by u.namn",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}
