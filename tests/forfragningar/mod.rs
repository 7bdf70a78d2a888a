//! Requests for lotsning (issue 15) through the real router: a handläggare sends one, a
//! coordinator receives, accepts (the intake form prefilled) and answers it, and the sender
//! follows it without seeing anything else of the ärende; declining, forwarding and
//! withdrawing; who reaches which request; bad input; audit.

mod access;
mod figures;
mod flow;
mod input;
mod mail;

use crate::support::{Resp, TestApp};
use axum::http::StatusCode;
use uuid::Uuid;

pub(crate) const FK: &str = "fk@demo.lotsen.example";
pub(crate) const AF: &str = "af@demo.lotsen.example";
pub(crate) const KOORDINATOR: &str = "koordinator@demo.lotsen.example";

/// A complete request about a person in Stenbäck (STL), with `changes` replacing fields.
pub(crate) fn request(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, String)> {
    let mut form: Vec<(&'static str, String)> = vec![
        ("formular_id", Uuid::now_v7().to_string()),
        ("typ", "lotsning".into()),
        ("kon", "kvinna".into()),
        ("alder", "34".into()),
        ("bostadskommun", "9902".into()),
        ("ersattning", "sjukpenning".into()),
        ("kontakt_part", "fk".into()),
        ("kontakt_part", "region".into()),
        (
            "fraga",
            "Sjukskriven sedan länge, behöver samordnad kontakt med psykiatrin.".into(),
        ),
        ("provat", "Avstämningsmöte med vården i våras.".into()),
        ("bradska", "normal".into()),
        ("samtycke", "muntligt_dokumenterat".into()),
        ("samtycke_part", "fk".into()),
        ("samtycke_part", "region".into()),
        ("svarssatt", "lotsen".into()),
    ];
    for (k, v) in changes {
        form.retain(|(key, _)| key != k);
        if !v.is_empty() {
            form.push((k, v.to_string()));
        }
    }
    form
}

pub(crate) async fn post_pairs(
    app: &mut TestApp,
    path: &str,
    form: &[(&'static str, String)],
) -> Resp {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post(path, &pairs).await
}

/// Sends a request as whoever is logged in; returns its id.
pub(crate) async fn send(app: &mut TestApp, changes: &[(&'static str, &'static str)]) -> Uuid {
    let r = post_pairs(app, "/forfragningar/ny", &request(changes)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(r.location().ends_with("?klart=skickad"), "{}", r.location());
    r.redirect_id()
}

/// One column of a request, read through the owner connection.
pub(crate) async fn column(app: &TestApp, id: Uuid, column: &str) -> String {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select coalesce({column}::text, '') from forfragan \
             where forbund_id = $1 and forfragan_id = '{id}'"
        ),
    )
    .await
}

pub(crate) async fn count(app: &TestApp, table: &str) -> i64 {
    app.scalar_in(
        "fjardlunda",
        &format!("select count(*) from {table} where forbund_id = $1"),
    )
    .await
}

/// Accepts a request as the logged-in coordinator through the intake form, filled as the
/// prefilled page fills it (the page is checked to carry the request); returns the ärende's id.
pub(crate) async fn accept(app: &mut TestApp, id: Uuid) -> Uuid {
    let form = accept_form(app, id).await;
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app.post("/arenden/ny", &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    r.redirect_id()
}

/// The intake form that accepts request `id`, as the prefilled page would post it.
pub(crate) async fn accept_form(app: &mut TestApp, id: Uuid) -> Vec<(String, String)> {
    let page = app.get(&format!("/arenden/ny?forfragan={id}")).await;
    page.assert_ok();
    assert!(
        page.body
            .contains(&format!("name=\"forfragan\" value=\"{id}\""))
    );
    let lokus = column(app, id, "(select kod from lokus_grupp l where l.forbund_id = forfragan.forbund_id and l.lokus_id = forfragan.lokus_id)").await;
    let kod = column(app, id, "(select kod from handlaggare h where h.forbund_id = forfragan.forbund_id and h.handlaggare_id = forfragan.handlaggare_id)").await;
    let enhet = column(app, id, "enhet_id").await;
    let inkom = column(app, id, "lotsen_local(skickad_at)::date").await;
    let mut form = crate::arenden::intake(app, &lokus, &[]).await;
    for (k, v) in [
        ("kanal", "portal".to_string()),
        ("avsandare", format!("enhet:{enhet}")),
        ("handlaggare", kod),
        ("handlaggare_ej_namn", "ja".into()),
        ("inkom", inkom),
        ("forfragan", id.to_string()),
    ] {
        form.retain(|(key, _)| key != k);
        form.push((k.to_string(), v));
    }
    form
}
