//! Lots-ärenden: intake validation, gapless numbering under concurrency, the access matrix
//! over every ärende route, the coordinator's changes and their timeline and audit rows, and
//! the list's filters and search.

mod access;
mod everyday;
mod intake;
mod lifecycle;
mod list;
pub(crate) mod lyft;

use crate::support::{DEMO_TENANT_LOGINS, Resp, TestApp};
use axum::http::StatusCode;
use lotsen_core::Ctx;
use lotsen_core::arende::create;
use lotsen_domain::arende_form::ArendeForm;
use lotsen_domain::{Grant, Role};
use uuid::Uuid;
/// (is a POST, path, form)
type Route = (bool, String, Vec<(&'static str, &'static str)>);

async fn lokus_id(app: &TestApp, slug: &str, kod: &str) -> Uuid {
    app.scalar_in(
        slug,
        &format!("select lokus_id from lokus_grupp where forbund_id = $1 and kod = '{kod}'"),
    )
    .await
}

async fn enhet_id(app: &TestApp, namn: &str) -> Uuid {
    app.scalar_in(
        "fjardlunda",
        &format!("select enhet_id from enhet where forbund_id = $1 and namn = '{namn}'"),
    )
    .await
}

/// A complete, valid intake form for `lokus`, with `changes` applied on top.
pub(crate) async fn intake(
    app: &TestApp,
    lokus: &str,
    changes: &[(&str, &str)],
) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = vec![
        ("formular_id".into(), Uuid::now_v7().to_string()),
        (
            "lokus".into(),
            lokus_id(app, "fjardlunda", lokus).await.to_string(),
        ),
        ("inkom".into(), "2026-03-02".into()),
        ("kanal".into(), "telefon".into()),
        (
            "avsandare".into(),
            format!("enhet:{}", enhet_id(app, "Sjukpenning").await),
        ),
        ("handlaggare".into(), "FK-H1".into()),
        ("kon".into(), "kvinna".into()),
        ("alder".into(), "34".into()),
        ("bostadskommun".into(), "9902".into()),
        ("ersattning".into(), "sjukpenning".into()),
        ("malgrupp".into(), "langtidssjukskriven".into()),
        ("samverkansproblem".into(), "racker_inte".into()),
        (
            "beskrivning".into(),
            "Sjukskriven sedan länge, behöver arbetslivsinriktad rehabilitering.".into(),
        ),
    ];
    for (k, v) in changes {
        form.retain(|(key, _)| key != k);
        if !v.is_empty() || *k == "kon" {
            form.push((k.to_string(), v.to_string()));
        }
    }
    form
}

async fn submit(app: &mut TestApp, form: &[(String, String)]) -> Resp {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post("/arenden/ny", &pairs).await
}

/// The intake form as the server reads the posted pairs.
fn arende_form(pairs: &[(String, String)]) -> ArendeForm {
    serde_html_form::from_str(&serde_urlencoded::to_string(pairs).unwrap()).unwrap()
}

/// Builds a valid intake form with `changes` and submits it.
async fn register(app: &mut TestApp, lokus: &str, changes: &[(&str, &str)]) -> Resp {
    let form = intake(app, lokus, changes).await;
    submit(app, &form).await
}

async fn count(app: &TestApp) -> i64 {
    app.scalar_in(
        "fjardlunda",
        "select count(*) from arende where forbund_id = $1",
    )
    .await
}
