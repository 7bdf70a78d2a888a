//! Participants of an insats (issue 16 §2–3) through the real router: the coordinator's offer
//! puts the person in the queue, the coach enrols them with consent and baseline, records
//! activities, writes them out and follows them up; corrections keep history; withdrawal
//! deletes the identity; who reaches what (personuppgiftsansvar); bad input; audit.

mod access;
mod flow;
mod input;
mod seed;

use crate::support::{Resp, TestApp};
use axum::http::StatusCode;
use sqlx::ConnectOptions;
use uuid::Uuid;

pub(crate) const KOORDINATOR: &str = "koordinator@demo.lotsen.example";
pub(crate) const COACH: &str = "coach@demo.lotsen.example";
/// Given the insatsansvarig role for the test insats.
pub(crate) const ANSVARIG: &str = "ledamot@demo.lotsen.example";
/// Given the tilläggsresurs role and made a second coach of the test insats.
pub(crate) const COACH2: &str = "kommun@demo.lotsen.example";
pub(crate) const KOD: &str = "TEST-COACH";

/// Runs statements as the database owner (fixtures the pages under test do not create).
pub(crate) async fn owner(app: &TestApp, sql: &str) {
    let mut c = app
        .t
        .target
        .options
        .connect()
        .await
        .expect("owner connection");
    sqlx::raw_sql(sql)
        .execute(&mut c)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The insats `TEST-COACH` of Fjärdlunda: a tilläggsresurs for LOKUS STL (Stenbäck and Lövsjö),
/// owned by Stenbäck's kommun, with coach@ and kommun@ as coaches and ledamot@ as insatsansvarig.
pub(crate) async fn insats(app: &TestApp) -> Uuid {
    let f = app.forbund_id("fjardlunda").await;
    let coach = app.user_id("fjardlunda", COACH).await;
    let coach2 = app.user_id("fjardlunda", COACH2).await;
    let ansvarig = app.user_id("fjardlunda", ANSVARIG).await;
    let id = Uuid::now_v7();
    owner(
        app,
        &format!(
            "insert into role_assignment (forbund_id, user_id, roll) values \
                 ('{f}', '{coach2}', 'tillaggsresurs'), ('{f}', '{ansvarig}', 'insatsansvarig');
             insert into insats (forbund_id, insats_id, kod, namn, typ, agare_id, ansvarig_id, fran, platser)
                 select '{f}', '{id}', '{KOD}', 'Social arbetscoach (test)', 'tillaggsresurs', organisation_id,
                        '{ansvarig}', '2025-01-01', 20
                 from organisation where forbund_id = '{f}' and namn = 'Stenbäcks kommun, socialförvaltningen';
             insert into insats_lokus (forbund_id, insats_id, lokus_id)
                 select '{f}', '{id}', lokus_id from lokus_grupp where forbund_id = '{f}' and kod = 'STL';
             insert into insats_kommun (forbund_id, insats_id, kommun_kod) values
                 ('{f}', '{id}', '9902'), ('{f}', '{id}', '9903');
             insert into insats_coach (forbund_id, insats_id, user_id) values
                 ('{f}', '{id}', '{coach}'), ('{f}', '{id}', '{coach2}');"
        ),
    )
    .await;
    id
}

/// Today in Swedish time, as the database sees it.
pub(crate) async fn today(app: &TestApp) -> time::Date {
    let s: String = app
        .scalar_in(
            "fjardlunda",
            "select lotsen_today()::text from forbund where forbund_id = $1",
        )
        .await;
    time::Date::parse(
        &s,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap()
}

/// The date `days` before `today`, as a form sends it.
pub(crate) fn ago(today: time::Date, days: i64) -> String {
    (today - time::Duration::days(days)).to_string()
}

/// An STL ärende created through the intake form by whoever is logged in (a coordinator),
/// arrived 200 days ago.
pub(crate) async fn arende(app: &mut TestApp) -> Uuid {
    let inkom = ago(today(app).await, 200);
    let stl: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select lokus_id from lokus_grupp where forbund_id = $1 and kod = 'STL'",
        )
        .await;
    let stl = stl.to_string();
    let unit: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select enhet_id from enhet where forbund_id = $1 and namn = 'Sjukpenning'",
        )
        .await;
    let form = [
        ("formular_id", Uuid::now_v7().to_string()),
        ("lokus", stl),
        ("inkom", inkom),
        ("avsandare", format!("enhet:{unit}")),
        ("kon", "kvinna".to_string()),
        ("alder", "34".to_string()),
        ("bostadskommun", "9902".to_string()),
        ("samverkansproblem", "racker_inte".to_string()),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.post("/arenden/ny", &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    r.redirect_id()
}

/// Records "Tilläggsresurs erbjuden" with the insats on the ärende (as the coordinator).
pub(crate) async fn offer(app: &mut TestApp, arende: Uuid, insats: Uuid, datum: &str) -> Resp {
    let insats = insats.to_string();
    app.post(
        &format!("/arenden/{arende}/atgarder"),
        &[
            ("kod", "tillaggsresurs_erbjuden"),
            ("datum", datum),
            ("insats", &insats),
        ],
    )
    .await
}

/// The queue entry of the ärende in the test insats.
pub(crate) async fn queued(app: &TestApp, arende: Uuid) -> Uuid {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select deltagare_id from deltagare where forbund_id = $1 and arende_id = '{arende}'"
        ),
    )
    .await
}

/// A complete consented inskrivning with identity and baseline, dated `datum` (with the
/// consent), `changes` replacing fields.
pub(crate) fn enrolment(
    datum: &str,
    changes: &[(&'static str, &'static str)],
) -> Vec<(&'static str, String)> {
    let mut form: Vec<(&'static str, String)> = vec![
        ("inskriven", datum.into()),
        ("kon", "kvinna".into()),
        ("fodelsear", "1992".into()),
        ("samtycke", "ja".into()),
        ("samtycke_datum", datum.into()),
        ("samtycke_form", "skriftligt".into()),
        (
            "omfattning",
            "Registrering i insatsen och uppföljning i 12 månader.".into(),
        ),
        ("uppfoljning_manader", "12".into()),
        ("bostadskommun", "9902".into()),
        ("identitet_namn", "Anna Andersson".into()),
        ("identitet_personnummer", "850709-9805".into()),
        ("fors_sjukpenning", "100".into()),
        ("syss_sjukskriven", "100".into()),
        ("utbildning", "gymnasial".into()),
        ("tid_offentlig", "1_till_2_ar".into()),
        ("sjalvskattning", "3".into()),
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

pub(crate) async fn count(app: &TestApp, table: &str) -> i64 {
    app.scalar_in(
        "fjardlunda",
        &format!("select count(*) from {table} where forbund_id = $1"),
    )
    .await
}

/// A coordinator's ärende offered to the test insats 190 days ago, and the coach's browser
/// with the person enrolled 180 days ago (consent, identity, baseline). Returns (ärende,
/// participant).
pub(crate) async fn enrolled(app: &mut TestApp, coach: &mut TestApp) -> (Uuid, Uuid) {
    let t = today(app).await;
    let a = arende(app).await;
    let i: Uuid = app
        .scalar_in(
            "fjardlunda",
            &format!("select insats_id from insats where forbund_id = $1 and kod = '{KOD}'"),
        )
        .await;
    offer(app, a, i, &ago(t, 190))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let d = queued(app, a).await;
    let r = post_pairs(
        coach,
        &format!("/insatser/{KOD}/ko/{d}/inskriv"),
        &enrolment(&ago(t, 180), &[]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    (a, d)
}

/// Measurements and enrolments of the demo förbund whose kept report groups (migration 0032)
/// differ from what their rows give now: a writer that forgot `lotsen_deltagare_summera`.
pub(crate) async fn stale_groups(app: &TestApp) -> i64 {
    let matningar: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from deltagare_matning m \
             cross join lateral (select array_agg(kalla) k, array_agg(omfattning) o \
                 from deltagare_forsorjning y \
                 where y.forbund_id = m.forbund_id and y.matning_id = m.matning_id) f \
             cross join lateral (select array_agg(kod) k, array_agg(omfattning) o \
                 from deltagare_sysselsattning y \
                 where y.forbund_id = m.forbund_id and y.matning_id = m.matning_id) s \
             where m.forbund_id = $1 and ( \
                 m.forsorjning_grupp is distinct from lotsen_forsorjning_huvudgrupp(f.k, f.o) \
                 or m.sysselsattning_grupp is distinct from lotsen_sysselsattningsgrupp(s.k, s.o) \
                 or m.sysselsattning_topp is distinct from lotsen_sysselsattning_topp(s.k, s.o) \
                 or m.arbete_studier is null)",
        )
        .await;
    let deltagare: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from deltagare d \
             left join deltagare_matning f on f.forbund_id = d.forbund_id \
                 and f.deltagare_id = d.deltagare_id and f.tillfalle = 'fore' and not f.ersatt \
             left join deltagare_matning e on e.forbund_id = d.forbund_id \
                 and e.deltagare_id = d.deltagare_id and e.tillfalle = 'efter' and not e.ersatt \
             where d.forbund_id = $1 and ( \
                 d.fore_forsorjning is distinct from f.forsorjning_grupp \
                 or d.fore_topp is distinct from f.sysselsattning_topp \
                 or d.efter_forsorjning is distinct from e.forsorjning_grupp \
                 or d.efter_sysselsattning is distinct from e.sysselsattning_grupp \
                 or d.efter_topp is distinct from e.sysselsattning_topp \
                 or d.efter_arbete_studier <> coalesce(e.arbete_studier, false) \
                 or d.arbetstraning_fran is distinct from (select min(a.datum) \
                     from deltagare_aktivitet a where a.forbund_id = d.forbund_id \
                       and a.deltagare_id = d.deltagare_id and a.typ = 'arbetstraning'))",
        )
        .await;
    matningar + deltagare
}
