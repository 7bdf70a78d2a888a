//! The bulk path for large seeds: indexes, keys and triggers dropped and restored around the load.

use super::*;

/// What a bulk load dropped and must recreate before commit.
pub(super) struct Deferred {
    /// `create index …` statements.
    pub(super) indexes: Vec<String>,
    /// Unique constraints no foreign key depends on: (table, name, definition).
    pub(super) uniques: Vec<(String, String, String)>,
    /// (table, name, definition)
    pub(super) foreign_keys: Vec<(String, String, String)>,
}

/// Locks the ärende tables and drops their foreign keys, plain indexes and the unique
/// constraints no foreign key depends on (never primary keys), as the catalogue describes
/// them, so that later migrations are covered too.
pub(super) async fn drop_for_bulk(tx: &mut Transaction<'_, Postgres>) -> CoreResult<Deferred> {
    sqlx::query(&format!(
        "lock table {} in access exclusive mode",
        BULK_TABLES.join(", ")
    ))
    .execute(&mut **tx)
    .await?;
    let constraints = |kind: &'static str| {
        sqlx::query_as::<_, (String, String, String)>(
            "select c.conrelid::regclass::text, quote_ident(c.conname), pg_get_constraintdef(c.oid) \
             from pg_constraint c \
             where c.contype = $2 and c.conrelid = any($1::text[]::regclass[]) \
               and not exists (select 1 from pg_constraint f \
                               where f.contype = 'f' and f.conindid = c.conindid and c.contype = 'u') \
             order by 1, 2",
        )
        .bind(BULK_TABLES)
        .bind(kind)
    };
    let foreign_keys = constraints("f").fetch_all(&mut **tx).await?;
    let uniques = constraints("u").fetch_all(&mut **tx).await?;
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) from pg_index i \
         where i.indrelid = any($1::text[]::regclass[]) and not i.indisprimary \
           and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid) \
         order by 1",
    )
    .bind(BULK_TABLES)
    .fetch_all(&mut **tx)
    .await?;
    for (table, name, _) in foreign_keys.iter().chain(&uniques) {
        sqlx::query(&format!("alter table {table} drop constraint {name}"))
            .execute(&mut **tx)
            .await?;
    }
    for (name, _) in &indexes {
        sqlx::query(&format!("drop index {name}"))
            .execute(&mut **tx)
            .await?;
    }
    Ok(Deferred {
        indexes: indexes.into_iter().map(|(_, def)| def).collect(),
        uniques,
        foreign_keys,
    })
}

/// Recreates the indexes and adds the constraints back. Adding a constraint checks every row
/// in one pass, so the load fails (and rolls back) if a number repeats or a row points nowhere.
pub(super) async fn restore_after_bulk(
    tx: &mut Transaction<'_, Postgres>,
    d: Deferred,
) -> CoreResult<()> {
    for def in &d.indexes {
        sqlx::query(def).execute(&mut **tx).await?;
    }
    for (table, name, def) in d.uniques.iter().chain(&d.foreign_keys) {
        sqlx::query(&format!("alter table {table} add constraint {name} {def}"))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
