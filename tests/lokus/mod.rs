//! LOKUS meetings: the agenda built from flagged ärenden (carried over, removed, unflagged,
//! bordlagt, moved to a position), the de-identified pre-read (also for an identified ärende),
//! the figures against hand-computed fixtures, decisions in the ärende's timeline and the
//! follow-up filter, the protokoll (§ numbers, närvaro, justerare), justering by the chair and
//! the justerare that locks every write path, the period guards, validation, audit, and access
//! for every role and another group and förbund.

mod access;
mod agenda;
mod bordlaggning;
mod decisions;
mod demo_and_print;
mod figures;
mod guards;
mod justering;
mod moving;
mod pre_read;
mod protokoll;
mod validation;

use crate::support::fixture::{ArendeFixture, insert_arende};
use crate::support::{DEMO_TENANT_LOGINS, Resp, TestApp};
use axum::http::StatusCode;
use lotsen_core::Ctx;
use lotsen_core::lokus::view::{self, Purpose};
use lotsen_domain::{Grant, Role};
use uuid::Uuid;

const KOORD: &str = "koordinator@demo.lotsen.example";
const CHAIR: &str = "ordforande@demo.lotsen.example";
const LEDAMOT: &str = "ledamot@demo.lotsen.example";

const BASE: ArendeFixture = ArendeFixture {
    lokus: "STL",
    n: Some(1),
    inkom: "2026-09-01",
    part: "fk",
    kon: "kvinna",
    alder: Some(40),
    ..ArendeFixture::EMPTY
};

async fn lokus_id(app: &TestApp, slug: &str, kod: &str) -> Uuid {
    app.scalar_in(
        slug,
        &format!("select lokus_id from lokus_grupp where forbund_id = $1 and kod = '{kod}'"),
    )
    .await
}

/// A date `days` from today, for meetings that must lie ahead of the test's own flagging
/// (which is dated today, in Swedish time).
fn from_today(days: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(days)).to_string()
}

async fn create_meeting(app: &mut TestApp, kod: &str, datum: &str) -> Uuid {
    let r = app
        .post(
            &format!("/lokus/{kod}/moten"),
            &[
                ("datum", datum),
                ("tid", "09:30"),
                ("plats", "Stadshuset, rum 3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    r.location()
        .split('?')
        .next()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn punkt_of(app: &TestApp, mote: Uuid, arende: Uuid) -> Uuid {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select punkt_id from lokus_punkt where forbund_id = $1 and mote_id = '{mote}' and arende_id = '{arende}'"
        ),
    )
    .await
}

async fn flagged(app: &TestApp, id: Uuid) -> bool {
    app.scalar_in(
        "fjardlunda",
        &format!("select flaggad from arende where forbund_id = $1 and arende_id = '{id}'"),
    )
    .await
}

/// The visible agenda's headings in order (`1. Ärende …`), from the meeting page.
fn agenda(page: &Resp) -> Vec<String> {
    let mut out = Vec::new();
    for part in page.body.split("<li class=\"agenda-item\"").skip(1) {
        let h3 = part
            .split("<h3>")
            .nth(1)
            .unwrap()
            .split("</h3>")
            .next()
            .unwrap();
        out.push(h3.to_string());
    }
    out
}

/// Records the group's three demo members as present, with `justerare` (a login) or none.
async fn record_attendance(app: &mut TestApp, mote: Uuid, justerare: Option<&str>) {
    let mut form = Vec::new();
    let mut ids = Vec::new();
    for login in [CHAIR, LEDAMOT, KOORD] {
        ids.push(app.user_id("fjardlunda", login).await.to_string());
    }
    for id in &ids {
        form.push(("narvarande", id.as_str()));
    }
    let j = match justerare {
        Some(login) => app.user_id("fjardlunda", login).await.to_string(),
        None => String::new(),
    };
    form.push(("ovriga", "Förbundschefen"));
    form.push(("justerare", &j));
    let r = app
        .post(&format!("/lokus/STL/moten/{mote}/narvaro"), &form)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
}

/// Lets the chair of STL justera alone (the group's setting), as the förbund administrator.
async fn let_chair_justera_alone(app: &TestApp) {
    let mut admin = app.other_browser();
    admin.login("forbund@demo.lotsen.example").await;
    let id = lokus_id(app, "fjardlunda", "STL").await;
    admin
        .post(
            &format!("/admin/lokus/{id}"),
            &[
                ("namn", "Stenbäck–Lövsjö"),
                ("aktiv", "on"),
                ("kommun", "9902"),
                ("kommun", "9903"),
                ("ordforande_justerar_ensam", "on"),
            ],
        )
        .await
        .assert_redirect_to(&format!("/admin/lokus/{id}?klart=sparat"));
}

/// The chair justerar alone (the group's setting on, närvaro recorded): the meeting is locked.
async fn justera_alone(app: &TestApp, chair: &mut TestApp, mote: Uuid) {
    let_chair_justera_alone(app).await;
    record_attendance(chair, mote, None).await;
    chair
        .post(
            &format!("/lokus/STL/moten/{mote}/justera"),
            &[("bekrafta", "ja")],
        )
        .await
        .assert_redirect_to(&format!("/lokus/STL/moten/{mote}?klart=justerat"));
}

/// A meeting's status as stored.
async fn status_of(app: &TestApp, mote: Uuid) -> String {
    app.scalar_in(
        "fjardlunda",
        &format!("select status from lokus_mote where forbund_id = $1 and mote_id = '{mote}'"),
    )
    .await
}
