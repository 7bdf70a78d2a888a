//! The insatskatalog (issue 15 §2): who reaches which page (every demo role, another
//! förbund's entry), the form's bad input, CSV import and export (Windows-1252, errors,
//! re-import by `kod`), the public page, the suggestions and the statistics table.

mod access;
mod csv;
mod forms;
mod public;
mod statistik;
mod suggest;

use crate::support::{DEMO_TENANT_LOGINS, TestApp};
use axum::http::StatusCode;
use uuid::Uuid;

/// The förbund a demo login works in.
fn slug_of(login: &str) -> &'static str {
    if login.starts_with("kustbygd") {
        "kustbygd"
    } else {
        "fjardlunda"
    }
}

/// The id of the entry with `kod` in the förbund `slug`.
async fn entry_id(app: &TestApp, slug: &str, kod: &str) -> Uuid {
    app.scalar_in(
        slug,
        &format!("select katalog_id from katalog where forbund_id = $1 and kod = '{kod}'"),
    )
    .await
}

async fn count(app: &TestApp, slug: &str) -> i64 {
    app.scalar_in(slug, "select count(*) from katalog where forbund_id = $1")
        .await
}

/// A browser logged in as `login` in its förbund.
async fn as_user(app: &TestApp, login: &str) -> TestApp {
    let mut b = app.other_browser();
    b.login_in(login, slug_of(login)).await;
    b
}

/// A valid new entry's form.
fn valid<'a>(kod: &'a str, namn: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kod", kod),
        ("namn", namn),
        ("anordnare", "forbund"),
        ("kontakt_funktion", "Mottagningen"),
        ("kontakt_epost", "mottagning@fjardlunda.example"),
        ("status", "aktiv"),
    ]
}

/// A Ctx of the förbund's administrator, as the command line acts.
async fn cli_ctx(app: &TestApp, slug: &str) -> lotsen_core::Ctx {
    lotsen_core::Ctx::cli(Some(
        lotsen_core::admin::forbund::by_slug(&app.t.db, slug)
            .await
            .unwrap(),
    ))
}
