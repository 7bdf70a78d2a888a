//! The insats register (issue 16 §1, §4): registering and changing insatser and their goals
//! (förbund staff; bad input on every field is 422 with nothing written), who reaches which
//! page (every demo role, another förbund's insats), goal progress and the capacity board
//! counted by hand from enrolments written straight into the database, and the audit rows.

mod access;
mod figures;
mod forms;

use crate::support::{DEMO_TENANT_LOGINS, TestApp};
use sqlx::ConnectOptions;
use uuid::Uuid;

/// The demo's insatsansvarig login (not in `DEMO_TENANT_LOGINS`, which other features'
/// matrices count).
pub const INSATS: &str = "insats@demo.lotsen.example";

/// Every demo login of a förbund, the insatsansvarig included.
fn logins() -> Vec<&'static str> {
    DEMO_TENANT_LOGINS.iter().copied().chain([INSATS]).collect()
}

/// The förbund a demo login works in.
fn slug_of(login: &str) -> &'static str {
    if login.starts_with("kustbygd") {
        "kustbygd"
    } else {
        "fjardlunda"
    }
}

/// A browser logged in as `login` in its förbund.
async fn as_user(app: &TestApp, login: &str) -> TestApp {
    let mut b = app.other_browser();
    b.login_in(login, slug_of(login)).await;
    b
}

async fn uuid(app: &TestApp, sql: &str) -> Uuid {
    app.scalar_in("fjardlunda", sql).await
}

async fn insats_id(app: &TestApp, kod: &str) -> Uuid {
    uuid(
        app,
        &format!("select insats_id from insats where forbund_id = $1 and kod = '{kod}'"),
    )
    .await
}

async fn count(app: &TestApp, slug: &str, table: &str) -> i64 {
    app.scalar_in(
        slug,
        &format!("select count(*) from {table} where forbund_id = $1"),
    )
    .await
}

/// The ids a valid form refers to in Fjärdlunda.
struct Refs {
    lovsjo: String,
    coach: String,
    ansvarig: String,
    stl: String,
}

async fn refs(app: &TestApp) -> Refs {
    Refs {
        lovsjo: uuid(
            app,
            "select organisation_id from organisation where forbund_id = $1 and namn = 'Lövsjö kommun'",
        )
        .await
        .to_string(),
        coach: app
            .user_id("fjardlunda", "coach@demo.lotsen.example")
            .await
            .to_string(),
        ansvarig: app.user_id("fjardlunda", INSATS).await.to_string(),
        stl: uuid(
            app,
            "select lokus_id from lokus_grupp where forbund_id = $1 and kod = 'STL'",
        )
        .await
        .to_string(),
    }
}

/// A valid new insats's form.
fn valid<'a>(r: &'a Refs, kod: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kod", kod),
        ("namn", "Rehabcoach Lövsjö"),
        ("typ", "tillaggsresurs"),
        ("agare", &r.lovsjo),
        ("ansvarig", &r.ansvarig),
        ("coacher", &r.coach),
        ("lokus", &r.stl),
        ("kommuner", "9903"),
        ("fran", "2026-01-01"),
        ("till", ""),
        ("platser", "12"),
        ("status", "aktiv"),
    ]
}

/// One enrolment written straight into the database. Dates are SQL expressions
/// (`'2025-02-01'`, `lotsen_today() - 30`) or `null`.
#[derive(Clone, Copy)]
struct D {
    status: &'static str,
    ko: &'static str,
    inskriven: &'static str,
    utskriven: &'static str,
    avslut: &'static str,
}

const D0: D = D {
    status: "inskriven",
    ko: "null",
    inskriven: "null",
    utskriven: "null",
    avslut: "null",
};

/// The owner's connection (past row-level security), for writing fixtures.
async fn owner(app: &TestApp) -> sqlx::PgConnection {
    app.t.target.options.connect().await.expect("owner")
}

/// Writes an enrolment of the insats `kod` (numbered after those there) and returns its id.
async fn deltagare(
    app: &TestApp,
    conn: &mut sqlx::PgConnection,
    kod: &str,
    d: D,
    arende: Option<Uuid>,
) -> Uuid {
    let forbund = app.forbund_id("fjardlunda").await;
    let insats = insats_id(app, kod).await;
    let id = Uuid::now_v7();
    let kalla = if d.inskriven == "null" {
        "null"
    } else {
        "'direkt'"
    };
    sqlx::query(&format!(
        "insert into deltagare (forbund_id, deltagare_id, insats_id, nummer, arende_id, status, \
             ko_datum, inskriven, kalla, utskriven, avslutsanledning) \
         values ($1, $2, $3, (select coalesce(max(nummer), 0) + 1 from deltagare \
                              where forbund_id = $1 and insats_id = $3), $4, '{}', \
                 {}, {}, {kalla}, {}, {})",
        d.status, d.ko, d.inskriven, d.utskriven, d.avslut
    ))
    .bind(forbund)
    .bind(id)
    .bind(insats)
    .bind(arende)
    .execute(&mut *conn)
    .await
    .unwrap();
    id
}

/// Records an arbetsträning activity for the enrolment.
async fn arbetstraning(app: &TestApp, conn: &mut sqlx::PgConnection, d: Uuid) {
    sqlx::query(
        "insert into deltagare_aktivitet (forbund_id, aktivitet_id, deltagare_id, typ, datum) \
         select forbund_id, gen_random_uuid(), deltagare_id, 'arbetstraning', inskriven \
         from deltagare where forbund_id = $1 and deltagare_id = $2",
    )
    .bind(app.forbund_id("fjardlunda").await)
    .bind(d)
    .execute(&mut *conn)
    .await
    .unwrap();
    summera(app, conn, d).await;
}

/// Recomputes the groups kept with the enrolment, as every writer does (migration 0032).
async fn summera(app: &TestApp, conn: &mut sqlx::PgConnection, d: Uuid) {
    sqlx::query("select lotsen_deltagare_summera($1, array[$2])")
        .bind(app.forbund_id("fjardlunda").await)
        .bind(d)
        .execute(conn)
        .await
        .unwrap();
}

/// Records an exit measurement ("efter") with one sysselsättning; `ersatt` marks it replaced.
async fn efter(app: &TestApp, conn: &mut sqlx::PgConnection, d: Uuid, kod: &str, ersatt: bool) {
    let m = Uuid::now_v7();
    let forbund = app.forbund_id("fjardlunda").await;
    sqlx::query(
        "insert into deltagare_matning (forbund_id, matning_id, deltagare_id, tillfalle, datum, ersatt) \
         values ($1, $2, $3, 'efter', '2025-12-01', $4)",
    )
    .bind(forbund)
    .bind(m)
    .bind(d)
    .bind(ersatt)
    .execute(&mut *conn)
    .await
    .unwrap();
    sqlx::query(
        "insert into deltagare_sysselsattning (forbund_id, matning_id, kod, omfattning) \
         values ($1, $2, $3, 100)",
    )
    .bind(forbund)
    .bind(m)
    .bind(kod)
    .execute(&mut *conn)
    .await
    .unwrap();
    summera(app, conn, d).await;
}
