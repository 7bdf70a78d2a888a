//! Demo ärenden (`lotsen demo`) and generated benchmark ärenden (`lotsen seed-demo`): every
//! demo LOKUS group gets two years of them, numbers are gapless and continue in intake, the
//! data is deterministic and free of personnummer, and the bulk path leaves the schema as
//! it found it.

use crate::support::{Resp, TestApp};
use lotsen_core::demo::arenden::{self as demo_arenden, DEMO_GROUPS, SEED_FIRST_YEAR};
use lotsen_domain::arende::contains_personnummer;
use uuid::Uuid;

/// The demo with its ärenden loaded.
async fn demo_with_arenden() -> TestApp {
    let app = TestApp::demo().await;
    let loaded = demo_arenden::load(&app.t.target)
        .await
        .unwrap()
        .expect("the demo förbund has no ärenden yet");
    let expected: i32 = DEMO_GROUPS.iter().map(|(_, _, n)| n).sum();
    assert_eq!(loaded.arenden, expected as u64);
    app
}

/// Ärenden of the förbund `slug` whose numbers are not exactly 1..n per group and year, or
/// whose `arende_nummer` row does not hold the last one.
async fn numbering_faults(app: &TestApp, slug: &str) -> i64 {
    app.scalar_in(
        slug,
        "select (select count(*) from (select lokus_id, ar, count(*) as n, min(lopnummer) as lo, \
                        max(lopnummer) as hi, count(distinct lopnummer) as d \
                 from arende where forbund_id = $1 group by 1, 2) x \
                 where not (lo = 1 and hi = n and d = n)) \
              + (select count(*) from arende_nummer x where x.forbund_id = $1 and x.senaste <> \
                    (select coalesce(max(a.lopnummer), 0) from arende a where a.forbund_id = x.forbund_id \
                       and a.lokus_id = x.lokus_id and a.ar = x.ar)) \
              + (select count(*) from (select distinct lokus_id, ar from arende where forbund_id = $1) g \
                 where not exists (select 1 from arende_nummer x where x.forbund_id = $1 \
                                   and x.lokus_id = g.lokus_id and x.ar = g.ar)) \
              + (select count(*) from arende a join lokus_grupp l using (forbund_id, lokus_id) \
                 where a.forbund_id = $1 and a.nummer <> a.ar || '-' || l.kod || '-' || \
                       case when a.lopnummer < 1000 then lpad(a.lopnummer::text, 3, '0') \
                            else a.lopnummer::text end)",
    )
    .await
}

async fn count(app: &TestApp, slug: &str, sql_where: &str) -> i64 {
    app.scalar_in(
        slug,
        &format!("select count(*) from arende a where a.forbund_id = $1 and {sql_where}"),
    )
    .await
}

#[tokio::test]
async fn every_demo_group_gets_two_years_of_gapless_arenden() {
    let app = demo_with_arenden().await;
    for (slug, kod, antal) in DEMO_GROUPS {
        let n: i64 = app
            .scalar_in(
                slug,
                &format!(
                    "select count(*) from arende a join lokus_grupp l using (forbund_id, lokus_id) \
                     where a.forbund_id = $1 and l.kod = '{kod}'"
                ),
            )
            .await;
        assert_eq!(n, i64::from(*antal), "{slug} {kod}");
        let span: i32 = app
            .scalar_in(
                slug,
                &format!(
                    "select max(inkom) - min(inkom) from arende a join lokus_grupp l using (forbund_id, lokus_id) \
                     where a.forbund_id = $1 and l.kod = '{kod}'"
                ),
            )
            .await;
        assert!(span > 600, "{slug} {kod}: two years, not {span} days");
    }
    for slug in ["fjardlunda", "kustbygd"] {
        assert_eq!(numbering_faults(&app, slug).await, 0, "{slug}");
        assert_eq!(
            count(
                &app,
                slug,
                "a.inkom > (now() at time zone 'Europe/Stockholm')::date"
            )
            .await,
            0,
            "nothing arrives after today"
        );
    }
    assert!(
        demo_arenden::load(&app.t.target).await.unwrap().is_none(),
        "loading twice adds nothing"
    );
}

#[tokio::test]
async fn demo_arenden_look_like_a_coordinators_log() {
    let app = demo_with_arenden().await;
    let f = "fjardlunda";
    let total = count(&app, f, "true").await;
    let closed = count(&app, f, "a.status = 'avslutad'").await;
    assert!(
        closed > total * 3 / 4,
        "most are closed: {closed} of {total}"
    );
    assert_eq!(
        count(
            &app,
            f,
            "a.status = 'avslutad' and (a.avslut is null or a.avslutad_datum is null or a.avslutad_datum < a.inkom)"
        )
        .await,
        0
    );
    assert!(count(&app, f, "a.status = 'vilande'").await > 0);
    assert!(count(&app, f, "a.status = 'pagaende'").await > 0);
    // Flagged with a question, more of them in STL (the demo chair's group) and recently.
    assert_eq!(
        count(
            &app,
            f,
            "a.flaggad and (a.lokus_fraga is null or a.flaggad_datum is null)"
        )
        .await,
        0
    );
    let stl_flagged = count(
        &app,
        f,
        "a.flaggad and a.lokus_id = (select lokus_id from lokus_grupp where forbund_id = $1 and kod = 'STL')",
    )
    .await;
    assert!(stl_flagged >= 5, "the STL chair has items: {stl_flagged}");
    // The people: kön with some okänt, ages 16–64 with some unknown, living in the group's kommuner.
    assert!(count(&app, f, "a.kon = 'okant'").await > 0);
    assert!(count(&app, f, "a.kon = 'kvinna'").await > total / 3);
    assert!(count(&app, f, "a.alder is null").await > 0);
    assert_eq!(count(&app, f, "a.alder not between 16 and 64").await, 0);
    assert_eq!(
        count(
            &app,
            f,
            "a.bostadskommun is not null and not exists (select 1 from lokus_kommun lk \
             where lk.forbund_id = a.forbund_id and lk.lokus_id = a.lokus_id and lk.kommun_kod = a.bostadskommun)"
        )
        .await,
        0
    );
    // Every part remits, through units of the förbund's organisations, mostly with a
    // handläggare code that recurs.
    let parts: i64 = app
        .scalar_in(
            f,
            "select count(distinct part) from arende where forbund_id = $1",
        )
        .await;
    assert_eq!(parts, 5);
    assert_eq!(count(&app, f, "a.enhet_id is null").await, 0);
    let (with_code, codes): (i64, i64) = (
        count(&app, f, "a.handlaggare_id is not null").await,
        app.scalar_in(
            f,
            "select count(distinct handlaggare_id) from arende where forbund_id = $1",
        )
        .await,
    );
    assert!(
        with_code > total * 4 / 5 && codes > 20 && with_code > codes * 5,
        "{with_code} ärenden from {codes} handläggare"
    );
    let fk_codes: i64 = app
        .scalar_in(
            f,
            "select count(*) from handlaggare h join organisation o using (forbund_id, organisation_id) \
             where h.forbund_id = $1 and o.part = 'fk' and h.kod like 'FK-H%'",
        )
        .await;
    assert!(fk_codes >= 4);
    // Codes: ersättning on every ärende, målgrupper and samverkansproblem on most.
    assert_eq!(
        count(&app, f, "not exists (select 1 from arende_ersattning x where x.forbund_id = a.forbund_id and x.arende_id = a.arende_id)").await,
        0
    );
    assert!(count(&app, f, "exists (select 1 from arende_malgrupp x where x.forbund_id = a.forbund_id and x.arende_id = a.arende_id)").await > total / 2);
    assert_eq!(count(&app, f, "a.samverkansproblem is null").await, 0);
    // 1–4 dated actions, within the ärende's life; some aimed at an organisation or a part.
    assert_eq!(
        count(
            &app,
            f,
            "(select count(*) from atgard t where t.forbund_id = a.forbund_id and t.arende_id = a.arende_id) not between 1 and 4"
        )
        .await,
        0
    );
    let outside: i64 = app
        .scalar_in(
            f,
            "select count(*) from atgard t join arende a using (forbund_id, arende_id) \
             where t.forbund_id = $1 and (t.datum < a.inkom or t.datum > coalesce(a.avslutad_datum, \
                   (now() at time zone 'Europe/Stockholm')::date))",
        )
        .await;
    assert_eq!(outside, 0);
    let aimed: i64 = app
        .scalar_in(
            f,
            "select count(*) filter (where mal_organisation_id is not null) * count(*) filter (where mal_part is not null) \
             from atgard where forbund_id = $1",
        )
        .await;
    assert!(aimed > 0);
    // A timeline: created first; closed ones have their closing.
    assert_eq!(
        count(&app, f, "not exists (select 1 from arende_handelse h where h.forbund_id = a.forbund_id and h.arende_id = a.arende_id and h.typ = 'skapad')").await,
        0
    );
    assert_eq!(
        count(&app, f, "a.status = 'avslutad' and not exists (select 1 from arende_handelse h where h.forbund_id = a.forbund_id and h.arende_id = a.arende_id and h.typ = 'avslutad')").await,
        0
    );
    let before_created: i64 = app
        .scalar_in(
            f,
            "select count(*) from arende_handelse h join arende a using (forbund_id, arende_id) \
             where h.forbund_id = $1 and h.created_at < a.created_at",
        )
        .await;
    assert_eq!(before_created, 0);
    // De-identified: no personnummer in any free text.
    let mut tx = app
        .t
        .db
        .begin_as(Some(app.forbund_id(f).await), None, false)
        .await
        .unwrap();
    let texts: Vec<String> = sqlx::query_scalar(
        "select beskrivning from arende union select lokus_fraga from arende where lokus_fraga is not null \
         union select anteckning from atgard union select text from arende_handelse",
    )
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert!(texts.len() > 10);
    for t in &texts {
        assert!(!contains_personnummer(t), "{t}");
    }
}

#[tokio::test]
async fn the_demo_is_the_same_every_time() {
    let fingerprint = "select md5(string_agg(concat_ws('|', nummer, inkom, kanal, part, kon, alder, \
                           bostadskommun, samverkansproblem, beskrivning, status, avslut, flaggad), ',' \
                           order by nummer)) from arende where forbund_id = $1";
    let a = demo_with_arenden().await;
    let b = demo_with_arenden().await;
    let fa: String = a.scalar_in("fjardlunda", fingerprint).await;
    let fb: String = b.scalar_in("fjardlunda", fingerprint).await;
    assert_eq!(fa, fb);
}

/// The handful of intake fields the web form needs, for `lokus` and received `inkom`.
async fn intake(app: &TestApp, lokus: &str, inkom: &str) -> Vec<(String, String)> {
    let lokus: Uuid = app
        .scalar_in(
            "fjardlunda",
            &format!("select lokus_id from lokus_grupp where forbund_id = $1 and kod = '{lokus}'"),
        )
        .await;
    let unit: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select enhet_id from enhet where forbund_id = $1 and namn = 'Sjukpenning'",
        )
        .await;
    vec![
        ("formular_id".into(), Uuid::now_v7().to_string()),
        ("lokus".into(), lokus.to_string()),
        ("inkom".into(), inkom.into()),
        ("kanal".into(), "telefon".into()),
        ("avsandare".into(), format!("enhet:{unit}")),
        ("handlaggare".into(), "FK-H1".into()),
        ("kon".into(), "kvinna".into()),
        ("alder".into(), "41".into()),
        (
            "beskrivning".into(),
            "Behöver planering mellan FK och AF.".into(),
        ),
    ]
}

async fn register(app: &mut TestApp, lokus: &str, inkom: &str) -> Resp {
    let form = intake(app, lokus, inkom).await;
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post("/arenden/ny", &pairs).await
}

#[tokio::test]
async fn a_coordinators_next_arende_continues_the_demo_numbering() {
    let mut app = demo_with_arenden().await;
    let today: String = app
        .scalar_in(
            "fjardlunda",
            "select ((now() at time zone 'Europe/Stockholm')::date + 0 * length($1::text))::text",
        )
        .await;
    let year = &today[..4];
    for kod in ["STL", "FJL"] {
        let last: i32 = app
            .scalar_in(
                "fjardlunda",
                &format!(
                    "select coalesce((select senaste from arende_nummer n join lokus_grupp l using (forbund_id, lokus_id) \
                     where n.forbund_id = $1 and l.kod = '{kod}' and n.ar = {year}), 0)"
                ),
            )
            .await;
        if app.session_cookie().is_none() {
            app.login("koordinator@demo.lotsen.example").await;
        }
        let id = register(&mut app, kod, &today).await.redirect_id();
        let page = app.get(&format!("/arenden/{id}")).await;
        page.assert_ok();
        let expected = format!("{year}-{kod}-{:03}", last + 1);
        assert!(
            page.text().contains(&expected),
            "{expected}: {}",
            page.text()
        );
    }
    assert_eq!(numbering_faults(&app, "fjardlunda").await, 0);
    // The list shows the demo's open ärenden of both groups, newest first, page by page.
    let list = app.get("/arenden").await;
    list.assert_ok();
    let open = count(
        &app,
        "fjardlunda",
        "a.status <> 'avslutad' and a.lokus_id in (select lokus_id from lokus_grupp \
         where forbund_id = $1 and kod in ('STL', 'FJL'))",
    )
    .await;
    assert!(
        list.text().contains(&format!("{open} ärenden")),
        "{open}: {}",
        list.text()
    );
    app.get("/arenden?sida=2").await.assert_ok();
    app.get("/arenden?status=alla&sida=3").await.assert_ok();
}

/// Foreign keys and indexes of the ärende tables, as the catalogue describes them.
async fn schema_of_arende_tables(app: &TestApp) -> Vec<String> {
    let mut conn: sqlx::PgConnection = sqlx::Connection::connect_with(&app.t.target.options)
        .await
        .unwrap();
    let v: Vec<String> = sqlx::query_scalar(
        "select c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) || ' ' || c.convalidated \
         from pg_constraint c where c.conrelid = any(array['arende', 'arende_ersattning', 'arende_malgrupp', \
             'atgard', 'arende_handelse']::regclass[]) \
         union all \
         select pg_get_indexdef(i.indexrelid) || ' ' || i.indisvalid from pg_index i \
         where i.indrelid = any(array['arende', 'arende_ersattning', 'arende_malgrupp', 'atgard', \
             'arende_handelse']::regclass[]) \
         order by 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    v
}

#[tokio::test]
async fn seed_demo_adds_exactly_n_arenden_with_continuing_numbers() {
    let app = demo_with_arenden().await;
    let before = count(&app, "fjardlunda", "true").await + count(&app, "kustbygd", "true").await;
    let seeded = demo_arenden::seed(&app.t.target, 2000).await.unwrap();
    assert_eq!(seeded.arenden, 2000);
    assert!(seeded.atgarder >= 2000 && seeded.handelser >= 2000);
    let after = count(&app, "fjardlunda", "true").await + count(&app, "kustbygd", "true").await;
    assert_eq!(after - before, 2000);
    for slug in ["fjardlunda", "kustbygd"] {
        // Before the bulk path below, whose recount would hide a drift of the small one.
        assert_eq!(
            app.statistik_drift(slug).await,
            0,
            "{slug}: statistics' sums"
        );
        assert_eq!(numbering_faults(&app, slug).await, 0, "{slug}");
        let first: i32 = app
            .scalar_in(slug, "select min(ar) from arende where forbund_id = $1")
            .await;
        assert_eq!(first, SEED_FIRST_YEAR, "{slug}");
        let groups: i64 = app
            .scalar_in(
                slug,
                "select count(distinct lokus_id) from arende where forbund_id = $1 and ar = 2020",
            )
            .await;
        let all: i64 = app
            .scalar_in(
                slug,
                "select count(*) from lokus_grupp where forbund_id = $1",
            )
            .await;
        assert_eq!(groups, all, "{slug}: every group gets older ärenden too");
    }
    // The bulk path (used from 20 000 ärenden on) drops and recreates the tables' foreign
    // keys and indexes: afterwards the schema is as before and every row was checked.
    let schema = schema_of_arende_tables(&app).await;
    let bulk = demo_arenden::seed_as(&app.t.target, 1500, true)
        .await
        .unwrap();
    assert_eq!(bulk.arenden, 1500);
    assert_eq!(schema_of_arende_tables(&app).await, schema);
    assert_eq!(
        count(&app, "fjardlunda", "true").await + count(&app, "kustbygd", "true").await,
        after + 1500
    );
    for slug in ["fjardlunda", "kustbygd"] {
        assert_eq!(numbering_faults(&app, slug).await, 0, "{slug}");
        assert_eq!(app.arende_count_drift(slug).await, 0, "{slug}: kept counts");
        assert_eq!(app.arende_koder_drift(slug).await, 0, "{slug}: code arrays");
        assert_eq!(
            app.statistik_drift(slug).await,
            0,
            "{slug}: statistics' sums"
        );
    }
}

#[tokio::test]
async fn nothing_is_loaded_without_the_demo_forbund() {
    let t = lotsen_core::testing::fresh_database().await;
    assert!(demo_arenden::load(&t.target).await.unwrap().is_none());
    assert!(demo_arenden::seed(&t.target, 10).await.is_err());
}
