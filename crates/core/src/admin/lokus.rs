//! LOKUS groups: code, name, the kommuner they cover, and who holds which role in them.

use super::admin_scope;
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult, on_constraint};
pub use lotsen_domain::lokus_grupp::LokusForm;
use lotsen_domain::validate::{LokusKod, Name};
use lotsen_domain::{AuditAction, FieldErrors, Role};
use uuid::Uuid;

struct ValidLokus {
    kod: Option<LokusKod>,
    namn: Name,
    kommuner: Vec<String>,
}

const CODE_TAKEN: &str = "Koden används redan av en annan LOKUS-grupp i förbundet.";

async fn parse(tx: &mut Tx, form: &LokusForm, with_code: bool) -> CoreResult<ValidLokus> {
    let mut e = FieldErrors::new();
    let kod = if with_code {
        e.check("kod", LokusKod::parse(&form.kod))
    } else {
        None
    };
    let namn = e.check("namn", Name::parse(&form.namn, "gruppens namn"));
    let mut kommuner: Vec<String> = form.kommuner.iter().map(|k| k.trim().to_string()).collect();
    kommuner.sort();
    kommuner.dedup();
    if kommuner.is_empty() {
        e.add("kommuner", "Välj minst en kommun som gruppen omfattar.");
    } else {
        let known: i64 = sqlx::query_scalar("select count(*) from kommun where kod = any($1)")
            .bind(&kommuner)
            .fetch_one(&mut **tx)
            .await?;
        if known != kommuners_len(&kommuner) {
            e.add("kommuner", "Någon av de valda kommunerna finns inte.");
        }
    }
    match namn {
        Some(namn) if e.is_empty() => Ok(ValidLokus {
            kod,
            namn,
            kommuner,
        }),
        _ => Err(CoreError::Invalid(e)),
    }
}

fn kommuners_len(k: &[String]) -> i64 {
    i64::try_from(k.len()).unwrap_or(i64::MAX)
}

async fn set_kommuner(
    tx: &mut Tx,
    forbund: Uuid,
    lokus: Uuid,
    kommuner: &[String],
) -> CoreResult<()> {
    sqlx::query("delete from lokus_kommun where forbund_id = $1 and lokus_id = $2")
        .bind(forbund)
        .bind(lokus)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "insert into lokus_kommun (forbund_id, lokus_id, kommun_kod) \
         select $1, $2, unnest($3::text[])",
    )
    .bind(forbund)
    .bind(lokus)
    .bind(kommuner)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[tracing::instrument(name = "admin.lokus.create", skip_all)]
pub async fn create(db: &Db, ctx: &Ctx, form: &LokusForm) -> CoreResult<Uuid> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let v = parse(&mut tx, form, true).await?;
    let kod = v.kod.ok_or(CoreError::NotFound)?;
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into lokus_grupp (forbund_id, lokus_id, kod, namn, ordforande_justerar_ensam) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(forbund)
    .bind(id)
    .bind(kod.as_str())
    .bind(v.namn.as_str())
    .bind(form.ordforande_justerar_ensam)
    .execute(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, "lokus_grupp_kod_key", "kod", CODE_TAKEN))?;
    set_kommuner(&mut tx, forbund, id, &v.kommuner).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::LokusCreate).on("lokus_grupp", id),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Updates name, active flag, kommuner and whether the chair justerar alone. The code is
/// fixed once created: it is part of every ärende number of the group.
#[tracing::instrument(name = "admin.lokus.update", skip_all, fields(id = %id))]
pub async fn update(db: &Db, ctx: &Ctx, id: Uuid, form: &LokusForm) -> CoreResult<()> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let v = parse(&mut tx, form, false).await?;
    let updated = sqlx::query(
        "update lokus_grupp set namn = $3, aktiv = $4, ordforande_justerar_ensam = $5 \
         where forbund_id = $1 and lokus_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(v.namn.as_str())
    .bind(form.is_active())
    .bind(form.ordforande_justerar_ensam)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(CoreError::NotFound);
    }
    set_kommuner(&mut tx, forbund, id, &v.kommuner).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::LokusUpdate).on("lokus_grupp", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LokusListItem {
    pub lokus_id: Uuid,
    pub kod: String,
    pub namn: String,
    pub aktiv: bool,
    pub kommuner: Vec<String>,
    pub koordinatorer: Vec<String>,
    pub ordforande: Vec<String>,
    pub ledamoter: i64,
}

/// Every LOKUS group of the förbund with its kommuner and role holders.
pub async fn list(db: &Db, ctx: &Ctx) -> CoreResult<Vec<LokusListItem>> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let rows = sqlx::query_as::<_, LokusListItem>(
        "select l.lokus_id, l.kod, l.namn, l.aktiv, \
            coalesce((select array_agg(k.namn order by k.namn) from lokus_kommun lk \
                      join kommun k on k.kod = lk.kommun_kod \
                      where lk.forbund_id = l.forbund_id and lk.lokus_id = l.lokus_id), '{}') as kommuner, \
            coalesce((select array_agg(u.namn order by u.namn) from role_assignment r \
                      join app_user u using (user_id) \
                      where r.forbund_id = l.forbund_id and r.lokus_id = l.lokus_id \
                        and r.roll = 'koordinator'), '{}') as koordinatorer, \
            coalesce((select array_agg(u.namn order by u.namn) from role_assignment r \
                      join app_user u using (user_id) \
                      where r.forbund_id = l.forbund_id and r.lokus_id = l.lokus_id \
                        and r.roll = 'lokus_ordforande'), '{}') as ordforande, \
            (select count(*) from role_assignment r where r.forbund_id = l.forbund_id \
              and r.lokus_id = l.lokus_id and r.roll = 'lokus_ledamot') as ledamoter \
         from lokus_grupp l where l.forbund_id = $1 order by l.kod",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LokusMember {
    pub user_id: Uuid,
    pub namn: String,
    pub roll: Role,
}

#[derive(Debug, Clone)]
pub struct LokusDetail {
    pub lokus_id: Uuid,
    pub kod: String,
    pub namn: String,
    pub aktiv: bool,
    pub ordforande_justerar_ensam: bool,
    pub kommuner: Vec<String>,
    pub members: Vec<LokusMember>,
}

pub async fn get(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<LokusDetail> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let (kod, namn, aktiv, ordforande_justerar_ensam): (String, String, bool, bool) =
        sqlx::query_as(
            "select kod, namn, aktiv, ordforande_justerar_ensam from lokus_grupp \
         where forbund_id = $1 and lokus_id = $2",
        )
        .bind(forbund)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(CoreError::NotFound)?;
    let kommuner: Vec<String> = sqlx::query_scalar(
        "select kommun_kod from lokus_kommun where forbund_id = $1 and lokus_id = $2 order by kommun_kod",
    )
    .bind(forbund)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let members = sqlx::query_as::<_, LokusMember>(
        "select u.user_id, u.namn, r.roll from role_assignment r join app_user u using (user_id) \
         where r.forbund_id = $1 and r.lokus_id = $2 \
         order by array_position(array['koordinator','lokus_ordforande','lokus_ledamot'], r.roll), u.namn",
    )
    .bind(forbund)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(LokusDetail {
        lokus_id: id,
        kod,
        namn,
        aktiv,
        ordforande_justerar_ensam,
        kommuner,
        members,
    })
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Kommun {
    pub kod: String,
    pub namn: String,
    pub lanskod: String,
    pub lan: String,
}

/// All kommuner (reference data), by län and name.
pub async fn kommuner(db: &Db) -> CoreResult<Vec<Kommun>> {
    let rows = sqlx::query_as::<_, Kommun>(
        "select kod, namn, lanskod, lan from kommun order by lanskod, namn",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows)
}

/// The förbund's LOKUS groups as (id, code, name), for choosing roles.
pub async fn choices(db: &Db, ctx: &Ctx) -> CoreResult<Vec<(Uuid, String, String)>> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let rows = sqlx::query_as(
        "select lokus_id, kod, namn from lokus_grupp where forbund_id = $1 order by kod",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}
