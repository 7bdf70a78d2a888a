//! Creating and changing entries: the form's checks, then the references (provider, kommuner)
//! against the förbund, then one transaction with the entry and its child rows, audited.

use super::manage_scope;
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult, on_constraint};
use lotsen_domain::katalog::{Anordnare, KatalogForm, ValidKatalog};
use lotsen_domain::{AuditAction, FieldErrors};
use uuid::Uuid;

pub(crate) const KOD_TAKEN: &str = "Koden används redan av en annan insats i katalogen.";

/// The provider's organisation and unit, once found in the förbund.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Provider {
    pub(crate) organisation: Option<Uuid>,
    pub(crate) enhet: Option<Uuid>,
}

/// Checks the references of a valid entry against the förbund: the organisation or unit, and
/// that every kommun exists.
pub(crate) async fn check_refs(
    tx: &mut Tx,
    forbund: Uuid,
    v: &ValidKatalog,
    e: &mut FieldErrors,
) -> CoreResult<Provider> {
    let provider = match v.anordnare {
        Anordnare::Forbund => Some(Provider::default()),
        Anordnare::Organisation(o) => sqlx::query_scalar::<_, Uuid>(
            "select organisation_id from organisation where forbund_id = $1 and organisation_id = $2",
        )
        .bind(forbund)
        .bind(o)
        .fetch_optional(&mut **tx)
        .await?
        .map(|o| Provider {
            organisation: Some(o),
            enhet: None,
        }),
        Anordnare::Enhet(en) => sqlx::query_scalar::<_, Uuid>(
            "select organisation_id from enhet where forbund_id = $1 and enhet_id = $2",
        )
        .bind(forbund)
        .bind(en)
        .fetch_optional(&mut **tx)
        .await?
        .map(|o| Provider {
            organisation: Some(o),
            enhet: Some(en),
        }),
    };
    if provider.is_none() {
        e.add("anordnare", "Välj anordnare i listan.");
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
    Ok(provider.unwrap_or_default())
}

/// Writes the entry (a new one when `id` is not in the förbund yet) and its child rows.
/// Returns whether a row was created.
pub(crate) async fn store(
    tx: &mut Tx,
    forbund: Uuid,
    id: Uuid,
    v: &ValidKatalog,
    p: Provider,
) -> CoreResult<bool> {
    let ersattning: Vec<&str> = v.krav_ersattning.iter().map(|c| c.code()).collect();
    let created: bool = sqlx::query_scalar(
        "insert into katalog (forbund_id, katalog_id, kod, namn, beskrivning, organisation_id, \
             enhet_id, alder_min, alder_max, krav_ersattning, villkor, remiss, kontakt_funktion, \
             kontakt_epost, kontakt_telefon, kontakt_person, fran, till, status, publik) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) \
         on conflict (forbund_id, katalog_id) do update set kod = excluded.kod, namn = excluded.namn, \
             beskrivning = excluded.beskrivning, organisation_id = excluded.organisation_id, \
             enhet_id = excluded.enhet_id, alder_min = excluded.alder_min, \
             alder_max = excluded.alder_max, krav_ersattning = excluded.krav_ersattning, \
             villkor = excluded.villkor, remiss = excluded.remiss, \
             kontakt_funktion = excluded.kontakt_funktion, kontakt_epost = excluded.kontakt_epost, \
             kontakt_telefon = excluded.kontakt_telefon, kontakt_person = excluded.kontakt_person, \
             fran = excluded.fran, till = excluded.till, status = excluded.status, \
             publik = excluded.publik \
         returning (xmax = 0)",
    )
    .bind(forbund)
    .bind(id)
    .bind(v.kod.as_str())
    .bind(v.namn.as_str())
    .bind(&v.beskrivning)
    .bind(p.organisation)
    .bind(p.enhet)
    .bind(v.alder_min)
    .bind(v.alder_max)
    .bind(&ersattning)
    .bind(&v.villkor)
    .bind(&v.remiss)
    .bind(&v.kontakt_funktion)
    .bind(&v.kontakt_epost)
    .bind(&v.kontakt_telefon)
    .bind(v.kontakt_person)
    .bind(v.fran)
    .bind(v.till)
    .bind(v.status.code())
    .bind(v.publik)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| on_constraint(e, "katalog_kod_key", "kod", KOD_TAKEN))?;
    for table in ["katalog_kommun", "katalog_malgrupp"] {
        sqlx::query(&format!(
            "delete from {table} where forbund_id = $1 and katalog_id = $2"
        ))
        .bind(forbund)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "insert into katalog_kommun (forbund_id, katalog_id, kommun_kod) \
         select $1, $2, unnest($3::text[])",
    )
    .bind(forbund)
    .bind(id)
    .bind(&v.kommuner)
    .execute(&mut **tx)
    .await?;
    let malgrupper: Vec<&str> = v.malgrupper.iter().map(|c| c.code()).collect();
    sqlx::query(
        "insert into katalog_malgrupp (forbund_id, katalog_id, kod) \
         select $1, $2, unnest($3::text[])",
    )
    .bind(forbund)
    .bind(id)
    .bind(&malgrupper)
    .execute(&mut **tx)
    .await?;
    Ok(created)
}

async fn parse(
    tx: &mut Tx,
    forbund: Uuid,
    form: &KatalogForm,
) -> CoreResult<(ValidKatalog, Provider)> {
    let v = form.parse().map_err(CoreError::Invalid)?;
    let mut e = FieldErrors::new();
    let p = check_refs(tx, forbund, &v, &mut e).await?;
    if e.is_empty() {
        Ok((v, p))
    } else {
        Err(CoreError::Invalid(e))
    }
}

/// Adds an entry to the catalogue.
#[tracing::instrument(name = "katalog.create", skip_all)]
pub async fn create(db: &Db, ctx: &Ctx, form: &KatalogForm) -> CoreResult<Uuid> {
    let forbund = manage_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let (v, p) = parse(&mut tx, forbund, form).await?;
    let id = Uuid::now_v7();
    store(&mut tx, forbund, id, &v, p).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::KatalogCreate).on("katalog", id),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes an entry; another förbund's, or an unknown id, is `NotFound`.
#[tracing::instrument(name = "katalog.update", skip_all, fields(id = %id))]
pub async fn update(db: &Db, ctx: &Ctx, id: Uuid, form: &KatalogForm) -> CoreResult<()> {
    let forbund = manage_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    if !super::exists_in(&mut tx, forbund, id).await? {
        return Err(CoreError::NotFound);
    }
    let (v, p) = parse(&mut tx, forbund, form).await?;
    store(&mut tx, forbund, id, &v, p).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::KatalogUpdate).on("katalog", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
