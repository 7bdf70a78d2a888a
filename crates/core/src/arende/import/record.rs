//! The record of each import that created ärenden (`arende_import`, migration 0019): its ärenden
//! name it, so that the list can show exactly them (`/arenden?import=…`).

use super::*;

/// Records an import of `antal` new ärenden into `lokus`; returns its id.
pub(super) async fn create(
    tx: &mut Tx,
    ctx: &Ctx,
    forbund: Uuid,
    lokus: Uuid,
    antal: usize,
) -> CoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into arende_import (forbund_id, import_id, lokus_id, skapad_av, antal) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(forbund)
    .bind(id)
    .bind(lokus)
    .bind(ctx.person())
    .bind(i32::try_from(antal).unwrap_or(i32::MAX))
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// An import as the ärende list names it: "Importerade 2026-03-10: 12 ärenden".
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ImportedList {
    pub import_id: Uuid,
    /// The Swedish day of the import.
    pub datum: Date,
    /// How many ärenden it created.
    pub antal: i32,
}

/// The import `id` into one of `groups` (the actor's as coordinator); `NotFound` for any other,
/// another förbund's included.
pub(crate) async fn imported(
    tx: &mut Tx,
    forbund: Uuid,
    groups: &[Uuid],
    id: Uuid,
) -> CoreResult<ImportedList> {
    sqlx::query_as::<_, ImportedList>(
        "select import_id, (lotsen_local(created_at))::date as datum, antal from arende_import \
         where forbund_id = $1 and import_id = $2 and lokus_id = any($3)",
    )
    .bind(forbund)
    .bind(id)
    .bind(groups)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(CoreError::NotFound)
}
