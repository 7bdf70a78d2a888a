//! Row-level security proven at the database level: as the application role, every tenant
//! table shows nothing of a förbund unless that förbund is the transaction's tenant.

use crate::support::db::demo_database;
use uuid::Uuid;

/// Tables with a `forbund_id` column that are not tenant data: a session names its person's
/// active förbund and is reached only by the hash of its cookie (docs/decisions.md).
const NOT_TENANT_DATA: &[&str] = &["session"];

/// Every table with a `forbund_id` column, read from the catalog so new tables are covered.
async fn tenant_tables(t: &lotsen_core::testing::TestDb) -> Vec<String> {
    let mut conn = sqlx::ConnectOptions::connect(&t.target.options)
        .await
        .unwrap();
    sqlx::query_scalar(
        "select c.table_name::text from information_schema.columns c \
         join information_schema.tables t using (table_schema, table_name) \
         where c.table_schema = 'public' and c.column_name = 'forbund_id' \
           and t.table_type = 'BASE TABLE' and c.table_name <> all($1) order by 1",
    )
    .bind(NOT_TENANT_DATA)
    .fetch_all(&mut conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn every_table_with_a_forbund_id_has_row_level_security() {
    let t = demo_database().await;
    let tables = tenant_tables(&t).await;
    assert!(tables.len() >= 17, "{tables:?}");
    let mut conn = sqlx::ConnectOptions::connect(&t.target.options)
        .await
        .unwrap();
    for table in &tables {
        let (rls, policies): (bool, i64) = sqlx::query_as(
            "select c.relrowsecurity, (select count(*) from pg_policy p where p.polrelid = c.oid) \
             from pg_class c where c.relname = $1 and c.relnamespace = 'public'::regnamespace",
        )
        .bind(table)
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert!(rls && policies > 0, "{table} lacks row-level security");
    }
}

async fn forbund_id(t: &lotsen_core::testing::TestDb, slug: &str) -> Uuid {
    lotsen_core::admin::forbund::id_by_slug(&t.db, slug)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_app_role_sees_no_tenant_rows_without_a_tenant() {
    let t = demo_database().await;
    let mut conn = t.db.pool().acquire().await.unwrap();
    let role: String = sqlx::query_scalar("select current_user::text")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(role, "lotsen_app");
    for table in tenant_tables(&t).await {
        let n: i64 = sqlx::query_scalar(&format!("select count(*) from {table}"))
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(n, 0, "{table} leaks rows with no tenant set");
    }
}

#[tokio::test]
async fn the_app_role_sees_no_rows_of_another_forbund() {
    let t = demo_database().await;
    let fjardlunda = forbund_id(&t, "fjardlunda").await;
    let kustbygd = forbund_id(&t, "kustbygd").await;
    let tables = tenant_tables(&t).await;
    let mut tx = t.db.begin_as(Some(kustbygd), None, false).await.unwrap();
    for table in &tables {
        let other: i64 = sqlx::query_scalar(&format!(
            "select count(*) from {table} where forbund_id = $1"
        ))
        .bind(fjardlunda)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        assert_eq!(other, 0, "{table} shows fjardlunda rows to kustbygd");
    }
    let own: i64 = sqlx::query_scalar("select count(*) from organisation")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert!(own > 0, "kustbygd sees its own organisations");
}

#[tokio::test]
async fn the_app_role_cannot_write_into_another_forbund() {
    let t = demo_database().await;
    let fjardlunda = forbund_id(&t, "fjardlunda").await;
    let kustbygd = forbund_id(&t, "kustbygd").await;
    let mut tx = t.db.begin_as(Some(kustbygd), None, false).await.unwrap();
    let err = sqlx::query(
        "insert into organisation (forbund_id, organisation_id, part, namn) values ($1, $2, 'fk', 'X')",
    )
    .bind(fjardlunda)
    .bind(Uuid::now_v7())
    .execute(&mut *tx)
    .await
    .unwrap_err();
    assert!(err.to_string().contains("row-level security"), "{err}");
}

#[tokio::test]
async fn the_audit_log_is_append_only_for_the_app_role() {
    let t = demo_database().await;
    let kustbygd = forbund_id(&t, "kustbygd").await;
    let mut tx = t.db.begin_as(Some(kustbygd), None, false).await.unwrap();
    sqlx::query("insert into audit_event (forbund_id, action) values ($1, 'logout')")
        .bind(kustbygd)
        .execute(&mut *tx)
        .await
        .unwrap();
    let err = sqlx::query("delete from audit_event")
        .execute(&mut *tx)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("permission denied"), "{err}");
}

#[tokio::test]
async fn names_sort_in_swedish_order() {
    let t = demo_database().await;
    let mut conn = t.db.pool().acquire().await.unwrap();
    let sorted: Vec<String> = sqlx::query_scalar(
        "select n from (values ('Åsa'), ('Zlatan'), ('Örjan'), ('Ärla'), ('Anna')) v(n) \
         order by n collate sv_se",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    assert_eq!(sorted, ["Anna", "Zlatan", "Åsa", "Ärla", "Örjan"]);
}

#[tokio::test]
async fn the_migration_helper_makes_a_tenant_table_in_one_line() {
    use sqlx::Executor;
    let t = demo_database().await;
    let mut owner = sqlx::ConnectOptions::connect(&t.target.options)
        .await
        .unwrap();
    owner
        .execute(
            "create table helper_probe (forbund_id uuid not null, id uuid primary key, \
                 updated_at timestamptz not null default now()); \
             call lotsen_tenant_table('helper_probe'); \
             call lotsen_updated_at('helper_probe'); \
             insert into helper_probe (forbund_id, id) select forbund_id, gen_random_uuid() from forbund",
        )
        .await
        .unwrap();
    let kustbygd = forbund_id(&t, "kustbygd").await;
    let mut tx = t.db.begin_as(Some(kustbygd), None, false).await.unwrap();
    let seen: Vec<Uuid> = sqlx::query_scalar("select forbund_id from helper_probe")
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    assert_eq!(seen, vec![kustbygd], "the app sees only its tenant's rows");
    let touched: bool = sqlx::query_scalar(
        "with u as (update helper_probe set id = id returning updated_at) \
         select bool_and(updated_at = now()) from u",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    assert!(touched, "the trigger keeps updated_at");
}
