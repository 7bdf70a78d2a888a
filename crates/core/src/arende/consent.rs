//! Consent (samtycke) and identity. An ärende is de-identified until the coordinator records
//! consent; then a name and personnummer may be stored, readable only by the coordinators of
//! the ärende's LOKUS group (row-level security checks the role, not just the förbund).
//! Withdrawing consent deletes the identity and keeps the de-identified ärende.

use super::events;
use super::{refuse_closed, writable_lokus};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::Db;
use crate::db::today;
use crate::error::{CoreError, CoreResult};
use lotsen_domain::arende::Handelse;
use lotsen_domain::samtycke::{SamtyckeForm, SamtyckeInput, parse_identity};
use lotsen_domain::{AuditAction, Part};
use time::Date;
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SamtyckeView {
    pub datum: Date,
    pub form: SamtyckeForm,
    pub parter: Vec<Part>,
    pub omfattning: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IdentitetView {
    pub namn: String,
    pub personnummer: Option<String>,
}

#[tracing::instrument(name = "arende.consent.record_consent", skip_all, fields(id = %id))]
pub async fn record_consent(db: &Db, ctx: &Ctx, id: Uuid, input: &SamtyckeInput) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    writable_lokus(&mut tx, ctx, id).await?;
    refuse_closed(&mut tx, forbund, id, "samtycke_datum").await?;
    let inkom: Date =
        sqlx::query_scalar("select inkom from arende where forbund_id = $1 and arende_id = $2")
            .bind(forbund)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let s = input
        .parse(inkom, today(&mut tx).await?)
        .map_err(CoreError::Invalid)?;
    let parter: Vec<&str> = s.parter.iter().map(|p| p.code()).collect();
    sqlx::query(
        "insert into samtycke (forbund_id, arende_id, datum, form, parter, omfattning, registrerad_av) \
         values ($1, $2, $3, $4, $5, $6, $7) \
         on conflict (forbund_id, arende_id) do update set datum = excluded.datum, form = excluded.form, \
             parter = excluded.parter, omfattning = excluded.omfattning, registrerad_av = excluded.registrerad_av",
    )
    .bind(forbund)
    .bind(id)
    .bind(s.datum)
    .bind(s.form.code())
    .bind(&parter)
    .bind(&s.omfattning)
    .bind(ctx.person())
    .execute(&mut *tx)
    .await?;
    events::append(
        &mut tx,
        ctx,
        id,
        Handelse::Samtycke,
        &format!("{} samtycke", s.form.label()),
    )
    .await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::ArendeConsent).on("arende", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Stores the person's name and personnummer; only possible with recorded consent.
#[tracing::instrument(name = "arende.consent.set_identity", skip_all, fields(id = %id))]
pub async fn set_identity(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    namn: &str,
    personnummer: &str,
) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let lokus = writable_lokus(&mut tx, ctx, id).await?;
    refuse_closed(&mut tx, forbund, id, "identitet_namn").await?;
    let has_consent: bool = sqlx::query_scalar(
        "select exists (select 1 from samtycke where forbund_id = $1 and arende_id = $2)",
    )
    .bind(forbund)
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if !has_consent {
        return Err(CoreError::invalid(
            "identitet_namn",
            "Registrera samtycket innan du skriver in namn eller personnummer.",
        ));
    }
    let identity =
        parse_identity(namn, personnummer, today(&mut tx).await?).map_err(CoreError::Invalid)?;
    sqlx::query(
        "insert into arende_identitet (forbund_id, arende_id, lokus_id, namn, personnummer) \
         values ($1, $2, $3, $4, $5) \
         on conflict (forbund_id, arende_id) do update set namn = excluded.namn, personnummer = excluded.personnummer",
    )
    .bind(forbund)
    .bind(id)
    .bind(lokus)
    .bind(&identity.namn)
    .bind(&identity.personnummer)
    .execute(&mut *tx)
    .await?;
    sqlx::query("update arende set identifierad = true where forbund_id = $1 and arende_id = $2")
        .bind(forbund)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::ArendeIdentity).on("arende", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws consent: the identity is deleted; the de-identified ärende stays.
#[tracing::instrument(name = "arende.consent.withdraw_consent", skip_all, fields(id = %id))]
pub async fn withdraw_consent(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    writable_lokus(&mut tx, ctx, id).await?;
    let removed = sqlx::query("delete from samtycke where forbund_id = $1 and arende_id = $2")
        .bind(forbund)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if removed.rows_affected() == 0 {
        return Err(CoreError::invalid(
            "samtycke",
            "Ärendet har inget samtycke att återkalla.",
        ));
    }
    sqlx::query("update arende set identifierad = false where forbund_id = $1 and arende_id = $2")
        .bind(forbund)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    events::append(&mut tx, ctx, id, Handelse::SamtyckeAterkallat, "").await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::ArendeConsentWithdrawn).on("arende", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The consent and identity of an ärende, within the caller's transaction (already checked
/// for access); the identity row is visible only to the group's coordinators.
pub(crate) async fn load(
    tx: &mut crate::db::Tx,
    forbund: Uuid,
    id: Uuid,
) -> CoreResult<(Option<SamtyckeView>, Option<IdentitetView>)> {
    let samtycke = sqlx::query_as::<_, SamtyckeView>(
        "select datum, form, parter, omfattning from samtycke where forbund_id = $1 and arende_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let identitet = sqlx::query_as::<_, IdentitetView>(
        "select namn, personnummer from arende_identitet where forbund_id = $1 and arende_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok((samtycke, identitet))
}
