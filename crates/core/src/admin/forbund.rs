//! Förbund (tenants): created by the system administrator with a first förbund-admin; their
//! settings are kept by the förbund-admin.

use super::admin_scope;
use super::users::attach_person;
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, set_tenant};
use crate::error::{CoreError, CoreResult, on_constraint};
pub use lotsen_domain::admin_forms::{ForbundForm, NewForbund, SettingsForm};
use lotsen_domain::validate::{Name, parse_int_in};
use lotsen_domain::{Action, AuditAction, FieldErrors, Role};
use uuid::Uuid;

/// The result of creating a förbund: the one-time password is shown once to the creator
/// (absent when the administrator already had an account).
#[derive(Debug, Clone)]
pub struct CreatedForbund {
    pub forbund_id: Uuid,
    pub admin_user_id: Uuid,
    pub one_time_password: Option<String>,
}

/// Creates a förbund and its first förbund-admin, in one transaction.
#[tracing::instrument(name = "admin.forbund.create", skip_all)]
pub async fn create(db: &Db, ctx: &Ctx, form: &ForbundForm) -> CoreResult<CreatedForbund> {
    ctx.require(Action::CreateForbund)?;
    let f = form.parse().map_err(CoreError::Invalid)?;
    let forbund_id = Uuid::now_v7();
    let mut tx = db.begin_as(None, ctx.person(), true).await?;
    sqlx::query(
        "insert into forbund (forbund_id, namn, slug, organisationsnummer) values ($1, $2, $3, $4)",
    )
    .bind(forbund_id)
    .bind(f.namn.as_str())
    .bind(f.slug.as_str())
    .bind(f.orgnr.as_str())
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        on_constraint(
            e,
            "forbund_slug_key",
            "slug",
            "Kortnamnet används redan av ett annat förbund.",
        )
    })?;
    set_tenant(&mut tx, Some(forbund_id), ctx.person(), true).await?;
    let attached = attach_person(
        &mut tx,
        forbund_id,
        &f.admin_namn,
        &f.admin_epost,
        None,
        None,
    )
    .await?;
    sqlx::query("insert into role_assignment (forbund_id, user_id, roll) values ($1, $2, $3)")
        .bind(forbund_id)
        .bind(attached.user_id)
        .bind(Role::ForbundAdmin.code())
        .execute(&mut *tx)
        .await?;
    let mut e = AuditEntry::by(ctx, AuditAction::ForbundCreate).on("forbund", forbund_id);
    e.forbund = Some(forbund_id);
    e.user = ctx.person();
    audit::record(&mut tx, e).await?;
    let mut e = AuditEntry::by(ctx, AuditAction::UserCreate).on("app_user", attached.user_id);
    e.forbund = Some(forbund_id);
    e.user = ctx.person();
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(CreatedForbund {
        forbund_id,
        admin_user_id: attached.user_id,
        one_time_password: attached.one_time_password,
    })
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ForbundListItem {
    pub forbund_id: Uuid,
    pub namn: String,
    pub slug: String,
    pub organisationsnummer: String,
}

/// Every förbund, for the system administrator (names and counts only, no tenant data).
pub async fn list(db: &Db, ctx: &Ctx) -> CoreResult<Vec<ForbundListItem>> {
    ctx.require(Action::CreateForbund)?;
    let mut tx = db.begin_as(None, ctx.person(), true).await?;
    let rows = sqlx::query_as::<_, ForbundListItem>(
        "select forbund_id, namn, slug, organisationsnummer from forbund order by namn",
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// Looks up a förbund by its slug (for the command line).
pub async fn id_by_slug(db: &Db, slug: &str) -> CoreResult<Uuid> {
    Ok(by_slug(db, slug).await?.id)
}

/// A förbund by its slug, as the active förbund of a command-line context.
pub async fn by_slug(db: &Db, slug: &str) -> CoreResult<crate::ctx::ActiveForbund> {
    let mut tx = db.begin_as(None, None, true).await?;
    let row: Option<(Uuid, String, String)> =
        sqlx::query_as("select forbund_id, namn, slug from forbund where slug = $1")
            .bind(slug.trim())
            .fetch_optional(&mut *tx)
            .await?;
    tx.commit().await?;
    let (id, namn, slug) = row.ok_or(CoreError::NotFound)?;
    Ok(crate::ctx::ActiveForbund { id, namn, slug })
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ForbundSettings {
    pub namn: String,
    pub slug: String,
    pub organisationsnummer: String,
    pub undertryck_grans: i32,
    pub session_idle_minuter: i32,
}

pub async fn settings(db: &Db, ctx: &Ctx) -> CoreResult<ForbundSettings> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let s = sqlx::query_as::<_, ForbundSettings>(
        "select namn, slug, organisationsnummer, undertryck_grans, session_idle_minuter \
         from forbund where forbund_id = $1",
    )
    .bind(forbund)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(s)
}

#[tracing::instrument(name = "admin.forbund.update_settings", skip_all)]
pub async fn update_settings(db: &Db, ctx: &Ctx, form: &SettingsForm) -> CoreResult<()> {
    let forbund = admin_scope(ctx)?;
    let mut e = FieldErrors::new();
    let namn = e.check("namn", Name::parse(&form.namn, "förbundets namn"));
    let grans = e.check(
        "undertryck_grans",
        parse_int_in(&form.undertryck_grans, "gränsen för små tal", 2, 20),
    );
    let idle = e.check(
        "session_idle_minuter",
        parse_int_in(
            &form.session_idle_minuter,
            "tiden för automatisk utloggning",
            5,
            480,
        ),
    );
    let (Some(namn), Some(grans), Some(idle)) = (namn, grans, idle) else {
        return Err(CoreError::Invalid(e));
    };
    let mut tx = db.begin(ctx).await?;
    sqlx::query(
        "update forbund set namn = $2, undertryck_grans = $3, session_idle_minuter = $4 \
         where forbund_id = $1",
    )
    .bind(forbund)
    .bind(namn.as_str())
    .bind(grans)
    .bind(idle)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::ForbundSettings).on("forbund", forbund),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
