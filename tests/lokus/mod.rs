//! LOKUS meetings: the agenda built from flagged ärenden (carried over, removed, unflagged),
//! the de-identified pre-read (also for an identified ärende), the figures against
//! hand-computed fixtures, decisions in the ärende's timeline and the follow-up filter,
//! justering that locks every write path, validation, audit, and access for every role and
//! another group and förbund.

mod access;
mod agenda;
mod decisions;
mod demo_and_print;
mod figures;
mod justering;
mod pre_read;
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
