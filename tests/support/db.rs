//! Database helpers for tests: a fresh database with the demo loaded, and raw app-role access.

use lotsen_core::testing::{TestDb, fresh_database};

/// A fresh database with the demo förbund loaded.
pub async fn demo_database() -> TestDb {
    let t = fresh_database().await;
    lotsen_core::demo::load_if_empty(&t.db, &t.target)
        .await
        .expect("demo loads");
    t
}
