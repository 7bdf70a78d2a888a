//! Organisations of the member parties (FK, AF, kommun, region, annan) and their units.

use super::admin_scope;
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::{CoreError, CoreResult, on_constraint};
pub use lotsen_domain::admin_forms::{EnhetForm, OrganisationForm};
use lotsen_domain::validate::Name;
use lotsen_domain::{AuditAction, Part};
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganisationListItem {
    pub organisation_id: Uuid,
    pub part: Part,
    pub namn: String,
    pub enheter: Vec<String>,
}

impl OrganisationListItem {
    pub fn part_label(&self) -> &'static str {
        self.part.label()
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EnhetRow {
    pub enhet_id: Uuid,
    pub namn: String,
}

#[derive(Debug, Clone)]
pub struct OrganisationDetail {
    pub organisation_id: Uuid,
    pub part: Part,
    pub namn: String,
    pub enheter: Vec<EnhetRow>,
}

const NAME_TAKEN: &str = "Det finns redan en organisation med det namnet i förbundet.";
const UNIT_TAKEN: &str = "Organisationen har redan en enhet med det namnet.";

/// The förbund's organisations in report order (FK, AF, kommun, region, annan), then by name.
pub async fn list(db: &Db, ctx: &Ctx) -> CoreResult<Vec<OrganisationListItem>> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let rows = sqlx::query_as::<_, OrganisationListItem>(
        "select o.organisation_id, o.part, o.namn, \
                coalesce(array_agg(e.namn order by e.namn) filter (where e.enhet_id is not null), '{}') as enheter \
         from organisation o \
         left join enhet e on e.forbund_id = o.forbund_id and e.organisation_id = o.organisation_id \
         where o.forbund_id = $1 \
         group by o.organisation_id, o.part, o.namn \
         order by array_position($2::text[], o.part), o.namn",
    )
    .bind(forbund)
    .bind(lotsen_domain::Part::report_order())
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

#[tracing::instrument(name = "admin.organisation.create", skip_all)]
pub async fn create(db: &Db, ctx: &Ctx, form: &OrganisationForm) -> CoreResult<Uuid> {
    let forbund = admin_scope(ctx)?;
    let (part, namn) = form.parse().map_err(CoreError::Invalid)?;
    let id = Uuid::now_v7();
    let mut tx = db.begin(ctx).await?;
    sqlx::query(
        "insert into organisation (forbund_id, organisation_id, part, namn) values ($1, $2, $3, $4)",
    )
    .bind(forbund)
    .bind(id)
    .bind(part.code())
    .bind(namn.as_str())
    .execute(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, "organisation_namn_key", "namn", NAME_TAKEN))?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::OrganisationCreate).on("organisation", id),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn get(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<OrganisationDetail> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let (part, namn): (Part, String) = sqlx::query_as(
        "select part, namn from organisation where forbund_id = $1 and organisation_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    let enheter = sqlx::query_as::<_, EnhetRow>(
        "select enhet_id, namn from enhet where forbund_id = $1 and organisation_id = $2 order by namn",
    )
    .bind(forbund)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(OrganisationDetail {
        organisation_id: id,
        part,
        namn,
        enheter,
    })
}

#[tracing::instrument(name = "admin.organisation.update", skip_all, fields(id = %id))]
pub async fn update(db: &Db, ctx: &Ctx, id: Uuid, form: &OrganisationForm) -> CoreResult<()> {
    let forbund = admin_scope(ctx)?;
    let (part, namn) = form.parse().map_err(CoreError::Invalid)?;
    let mut tx = db.begin(ctx).await?;
    let updated = sqlx::query(
        "update organisation set part = $3, namn = $4 where forbund_id = $1 and organisation_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(part.code())
    .bind(namn.as_str())
    .execute(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, "organisation_namn_key", "namn", NAME_TAKEN))?;
    if updated.rows_affected() == 0 {
        return Err(CoreError::NotFound);
    }
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::OrganisationUpdate).on("organisation", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(name = "admin.organisation.create_enhet", skip_all)]
pub async fn create_enhet(
    db: &Db,
    ctx: &Ctx,
    organisation: Uuid,
    form: &EnhetForm,
) -> CoreResult<Uuid> {
    let forbund = admin_scope(ctx)?;
    let namn = Name::parse(&form.enhet_namn, "enhetens namn")
        .map_err(|m| CoreError::invalid("enhet_namn", m))?;
    let id = Uuid::now_v7();
    let mut tx = db.begin(ctx).await?;
    let exists: bool = sqlx::query_scalar(
        "select exists (select 1 from organisation where forbund_id = $1 and organisation_id = $2)",
    )
    .bind(forbund)
    .bind(organisation)
    .fetch_one(&mut *tx)
    .await?;
    if !exists {
        return Err(CoreError::NotFound);
    }
    sqlx::query(
        "insert into enhet (forbund_id, organisation_id, enhet_id, namn) values ($1, $2, $3, $4)",
    )
    .bind(forbund)
    .bind(organisation)
    .bind(id)
    .bind(namn.as_str())
    .execute(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, "enhet_namn_key", "enhet_namn", UNIT_TAKEN))?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::EnhetCreate).on("enhet", id),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[tracing::instrument(name = "admin.organisation.rename_enhet", skip_all)]
pub async fn rename_enhet(
    db: &Db,
    ctx: &Ctx,
    organisation: Uuid,
    enhet: Uuid,
    form: &EnhetForm,
) -> CoreResult<()> {
    let forbund = admin_scope(ctx)?;
    let namn = Name::parse(&form.enhet_namn, "enhetens namn")
        .map_err(|m| CoreError::invalid("enhet_namn", m))?;
    let mut tx = db.begin(ctx).await?;
    let updated = sqlx::query(
        "update enhet set namn = $4 where forbund_id = $1 and organisation_id = $2 and enhet_id = $3",
    )
    .bind(forbund)
    .bind(organisation)
    .bind(enhet)
    .bind(namn.as_str())
    .execute(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, "enhet_namn_key", "enhet_namn", UNIT_TAKEN))?;
    if updated.rows_affected() == 0 {
        return Err(CoreError::NotFound);
    }
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::EnhetUpdate).on("enhet", enhet),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every unit of the förbund with its organisation, for choosing a person's workplace.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UnitChoice {
    pub organisation_id: Uuid,
    pub organisation_namn: String,
    pub enhet_id: Option<Uuid>,
    pub enhet_namn: Option<String>,
}

pub async fn unit_choices(db: &Db, ctx: &Ctx) -> CoreResult<Vec<UnitChoice>> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let rows = sqlx::query_as::<_, UnitChoice>(
        "select o.organisation_id, o.namn as organisation_namn, e.enhet_id, e.namn as enhet_namn \
         from organisation o \
         left join enhet e on e.forbund_id = o.forbund_id and e.organisation_id = o.organisation_id \
         where o.forbund_id = $1 \
         order by array_position($2::text[], o.part), o.namn, \
                  e.namn nulls first",
    )
    .bind(forbund)
    .bind(lotsen_domain::Part::report_order())
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}
