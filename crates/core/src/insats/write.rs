//! Registering and changing insatser and their goals (förbund staff only): the form's checks,
//! then the references against the förbund (the ägare is one of its organisations, the
//! coaches hold the tilläggsresurs role and the insatsansvarig the insatsansvarig role, the
//! LOKUS groups and kommuner exist), then one transaction with the insats and its child rows,
//! audited. Nothing is written when anything is refused.

use super::{holders_in, manage_scope};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult, on_constraint};
use lotsen_domain::insats::{InsatsForm, MalForm, ValidInsats, ValidMal};
use lotsen_domain::{AuditAction, FieldErrors};
use uuid::Uuid;

pub(crate) const KOD_TAKEN: &str = "Koden används redan av en annan insats i förbundet.";

/// Checks the references of a valid insats against the förbund.
async fn check_refs(
    tx: &mut Tx,
    forbund: Uuid,
    v: &ValidInsats,
    e: &mut FieldErrors,
) -> CoreResult<()> {
    let agare: bool = sqlx::query_scalar(
        "select exists (select 1 from organisation where forbund_id = $1 and organisation_id = $2)",
    )
    .bind(forbund)
    .bind(v.agare)
    .fetch_one(&mut **tx)
    .await?;
    if !agare {
        e.add(
            "agare",
            "Välj insatsägaren bland förbundets organisationer.",
        );
    }
    if let Some(a) = v.ansvarig {
        let ansvariga = holders_in(tx, forbund, "insatsansvarig").await?;
        if !ansvariga.iter().any(|p| p.user_id == a) {
            e.add(
                "ansvarig",
                "Den valda personen har inte rollen insatsansvarig i förbundet.",
            );
        }
    }
    if !v.coacher.is_empty() {
        let coacher = holders_in(tx, forbund, "tillaggsresurs").await?;
        if !v
            .coacher
            .iter()
            .all(|c| coacher.iter().any(|p| p.user_id == *c))
        {
            e.add(
                "coacher",
                "Någon av de valda personerna har inte rollen tilläggsresurs i förbundet.",
            );
        }
    }
    if !v.lokus.is_empty() {
        let known: i64 = sqlx::query_scalar(
            "select count(*) from lokus_grupp where forbund_id = $1 and lokus_id = any($2)",
        )
        .bind(forbund)
        .bind(&v.lokus)
        .fetch_one(&mut **tx)
        .await?;
        if usize::try_from(known).ok() != Some(v.lokus.len()) {
            e.add(
                "lokus",
                "Någon av de valda LOKUS-grupperna finns inte i förbundet.",
            );
        }
    }
    if !v.kommuner.is_empty() {
        let known: i64 = sqlx::query_scalar("select count(*) from kommun where kod = any($1)")
            .bind(&v.kommuner)
            .fetch_one(&mut **tx)
            .await?;
        if usize::try_from(known).ok() != Some(v.kommuner.len()) {
            e.add("kommuner", "Någon av de valda kommunerna finns inte.");
        }
    }
    Ok(())
}

async fn parse(tx: &mut Tx, forbund: Uuid, form: &InsatsForm) -> CoreResult<ValidInsats> {
    let v = form.parse().map_err(CoreError::Invalid)?;
    let mut e = FieldErrors::new();
    check_refs(tx, forbund, &v, &mut e).await?;
    if e.is_empty() {
        Ok(v)
    } else {
        Err(CoreError::Invalid(e))
    }
}

/// Writes the insats (a new one when `id` is not in the förbund yet) and its child rows.
pub(crate) async fn store(tx: &mut Tx, forbund: Uuid, id: Uuid, v: &ValidInsats) -> CoreResult<()> {
    sqlx::query(
        "insert into insats (forbund_id, insats_id, kod, namn, typ, agare_id, ansvarig_id, fran, \
             till, platser, status) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         on conflict (forbund_id, insats_id) do update set kod = excluded.kod, \
             namn = excluded.namn, typ = excluded.typ, agare_id = excluded.agare_id, \
             ansvarig_id = excluded.ansvarig_id, fran = excluded.fran, till = excluded.till, \
             platser = excluded.platser, status = excluded.status",
    )
    .bind(forbund)
    .bind(id)
    .bind(v.kod.as_str())
    .bind(v.namn.as_str())
    .bind(v.typ.code())
    .bind(v.agare)
    .bind(v.ansvarig)
    .bind(v.fran)
    .bind(v.till)
    .bind(v.platser)
    .bind(v.status.code())
    .execute(&mut **tx)
    .await
    .map_err(|e| on_constraint(e, "insats_kod_key", "kod", KOD_TAKEN))?;
    for table in ["insats_lokus", "insats_kommun", "insats_coach"] {
        sqlx::query(&format!(
            "delete from {table} where forbund_id = $1 and insats_id = $2"
        ))
        .bind(forbund)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "insert into insats_lokus (forbund_id, insats_id, lokus_id) select $1, $2, unnest($3::uuid[])",
    )
    .bind(forbund)
    .bind(id)
    .bind(&v.lokus)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "insert into insats_kommun (forbund_id, insats_id, kommun_kod) \
         select $1, $2, unnest($3::text[])",
    )
    .bind(forbund)
    .bind(id)
    .bind(&v.kommuner)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "insert into insats_coach (forbund_id, insats_id, user_id) select $1, $2, unnest($3::uuid[])",
    )
    .bind(forbund)
    .bind(id)
    .bind(&v.coacher)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The id of the insats with `kod` in the förbund, or `NotFound`.
async fn id_of(tx: &mut Tx, forbund: Uuid, kod: &str) -> CoreResult<Uuid> {
    sqlx::query_scalar("select insats_id from insats where forbund_id = $1 and kod = $2")
        .bind(forbund)
        .bind(kod)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(CoreError::NotFound)
}

/// Registers an insats; returns its code.
#[tracing::instrument(name = "insats.create", skip_all)]
pub async fn create(db: &Db, ctx: &Ctx, form: &InsatsForm) -> CoreResult<String> {
    let forbund = manage_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let v = parse(&mut tx, forbund, form).await?;
    let id = Uuid::now_v7();
    store(&mut tx, forbund, id, &v).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::InsatsCreate).on("insats", id),
    )
    .await?;
    tx.commit().await?;
    Ok(v.kod.as_str().to_string())
}

/// Changes the insats with `kod`; returns its (possibly new) code.
#[tracing::instrument(name = "insats.update", skip_all)]
pub async fn update(db: &Db, ctx: &Ctx, kod: &str, form: &InsatsForm) -> CoreResult<String> {
    let forbund = manage_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let id = id_of(&mut tx, forbund, kod).await?;
    let v = parse(&mut tx, forbund, form).await?;
    store(&mut tx, forbund, id, &v).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::InsatsUpdate).on("insats", id),
    )
    .await?;
    tx.commit().await?;
    Ok(v.kod.as_str().to_string())
}

/// Adds a goal to the insats with `kod`.
#[tracing::instrument(name = "insats.add_goal", skip_all)]
pub async fn add_goal(db: &Db, ctx: &Ctx, kod: &str, form: &MalForm) -> CoreResult<Uuid> {
    let forbund = manage_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let id = id_of(&mut tx, forbund, kod).await?;
    let v = form.parse().map_err(CoreError::Invalid)?;
    let mal_id = insert_goal(&mut tx, forbund, id, &v).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::InsatsGoalAdd).on("insats", id),
    )
    .await?;
    tx.commit().await?;
    Ok(mal_id)
}

/// Adds a valid goal to an insats of the förbund.
pub(crate) async fn insert_goal(
    tx: &mut Tx,
    forbund: Uuid,
    insats: Uuid,
    v: &ValidMal,
) -> CoreResult<Uuid> {
    let mal_id = Uuid::now_v7();
    sqlx::query(
        "insert into insats_mal (forbund_id, insats_id, mal_id, mal, varde, fran, till) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(forbund)
    .bind(insats)
    .bind(mal_id)
    .bind(v.mal.code())
    .bind(v.varde)
    .bind(v.fran)
    .bind(v.till)
    .execute(&mut **tx)
    .await?;
    Ok(mal_id)
}

/// Removes a goal of the insats with `kod`; an unknown goal is `NotFound`.
#[tracing::instrument(name = "insats.remove_goal", skip_all)]
pub async fn remove_goal(db: &Db, ctx: &Ctx, kod: &str, mal_id: Uuid) -> CoreResult<()> {
    let forbund = manage_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let id = id_of(&mut tx, forbund, kod).await?;
    let n = sqlx::query(
        "delete from insats_mal where forbund_id = $1 and insats_id = $2 and mal_id = $3",
    )
    .bind(forbund)
    .bind(id)
    .bind(mal_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(CoreError::NotFound);
    }
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::InsatsGoalRemove).on("insats", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
