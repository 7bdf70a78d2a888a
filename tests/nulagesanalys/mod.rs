//! The nulägesanalys form workflow: opening a round (defaults, bad dates, one per year),
//! revising the questions per year, answers (oversized, escaped, paragraphs and lists),
//! signing (empty form refused, every write path refused afterwards, the database's own
//! wall), the status per group including late forms, access for every demo role and another
//! group and förbund, the audit rows, and the side-by-side XLSX read back.

mod access;
mod forms;
mod rounds;
mod signing;
mod xlsx;

use crate::statistik::{FK, Fx, insert};
use crate::support::{DEMO_TENANT_LOGINS, TestApp};
use axum::http::StatusCode;
use lotsen_core::Ctx;
use lotsen_core::nulagesanalys::compile;
use uuid::Uuid;
const ADMIN: &str = "forbund@demo.lotsen.example";
const SK: &str = "koordinator@demo.lotsen.example";
const CHAIR: &str = "ordforande@demo.lotsen.example";
const LEDAMOT: &str = "ledamot@demo.lotsen.example";
const STL: &str = "/nulagesanalys/2026/grupper/STL";

async fn with_round() -> TestApp {
    let mut app = TestApp::demo().await;
    app.login(ADMIN).await;
    app.post("/nulagesanalys", &[("ar", "2026")])
        .await
        .assert_redirect_to("/nulagesanalys/2026?klart=skapad");
    app.post("/logga-ut", &[]).await;
    app
}

async fn scalar<T>(app: &TestApp, sql: &str) -> T
where
    T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    app.scalar_in("fjardlunda", sql).await
}

/// The round's questions (id, text) in their order.
async fn questions(app: &TestApp, ar: i32) -> Vec<(Uuid, String)> {
    let f = app.forbund_id("fjardlunda").await;
    let mut tx = app.t.db.begin_as(Some(f), None, false).await.unwrap();
    let v: Vec<(Uuid, String)> = sqlx::query_as(
        "select q.fraga_id, q.text from nulage_fraga q join nulage_omgang o using (forbund_id, omgang_id) \
         where q.forbund_id = $1 and o.ar = $2 order by q.ordning",
    )
    .bind(f)
    .bind(ar)
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    v
}

async fn question_ids(app: &TestApp, ar: i32) -> Vec<Uuid> {
    questions(app, ar).await.into_iter().map(|q| q.0).collect()
}

async fn question_texts(app: &TestApp, ar: i32) -> Vec<String> {
    questions(app, ar).await.into_iter().map(|q| q.1).collect()
}

/// The form version a page at `path` sends back (`-1` when it has no form).
async fn form_version(app: &mut TestApp, path: &str) -> String {
    let body = app.get(path).await.body;
    body.split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("-1")
        .to_string()
}

/// Saves one answer as the form page does, with the version it was opened at.
async fn answer(app: &mut TestApp, fraga: Uuid, text: &str) -> crate::support::app::Resp {
    let version = form_version(app, STL).await;
    let field = format!("svar-{fraga}");
    app.post(
        &format!("{STL}/svar"),
        &[(field.as_str(), text), ("version", &version)],
    )
    .await
}

/// Signs as the confirmation page does, with the version it shows.
async fn sign(app: &mut TestApp) -> crate::support::app::Resp {
    let version = form_version(app, &format!("{STL}/signera")).await;
    app.post(&format!("{STL}/signera"), &[("version", &version)])
        .await
}
