//! "Lyft till LOKUS" as one concept: the action raises the ärende (it reaches the agenda) and
//! raising records the action; migration 0018 makes older data agree both ways.

use super::*;
use sqlx::ConnectOptions;

/// Raises without an action (one dated before it and recorded after it, give or take a day), and actions without a raise, in a
/// förbund (0 when the concept holds).
pub(crate) async fn lyft_mismatches(app: &TestApp, slug: &str) -> i64 {
    app.scalar_in(
        slug,
        "with start as ( \
             select h.arende_id, lotsen_local(h.created_at)::date as dag from ( \
                 select h.*, lag(h.typ) over (partition by h.arende_id order by h.handelse_id) as forra \
                 from arende_handelse h where h.forbund_id = $1 and h.typ in ('flaggad', 'avflaggad')) h \
             where h.typ = 'flaggad' and h.forra is distinct from 'flaggad'), \
         lyft as (select arende_id, datum, lotsen_local(created_at)::date as dag from atgard \
                  where forbund_id = $1 and kod = 'lyft_till_lokus') \
         select (select count(*) from start s where not exists (select 1 from lyft l \
                     where l.arende_id = s.arende_id and s.dag between l.datum - 1 and l.dag + 1)) \
              + (select count(*) from lyft l where not exists (select 1 from start s \
                     where s.arende_id = l.arende_id and s.dag between l.datum - 1 and l.dag + 1)) \
              + (select count(*) from arende a where a.forbund_id = $1 and a.flaggad and not exists ( \
                     select 1 from start s where s.arende_id = a.arende_id))",
    )
    .await
}

async fn count(app: &TestApp, sql: &str, id: Uuid) -> i64 {
    app.scalar_in("fjardlunda", &sql.replace("$2", &format!("'{id}'::uuid")))
        .await
}

const LYFT_ACTIONS: &str = "select count(*) from atgard where forbund_id = $1 and arende_id = $2 and kod = 'lyft_till_lokus'";
const RAISES: &str = "select count(*) from arende_handelse \
                      where forbund_id = $1 and arende_id = $2 and typ = 'flaggad'";
const FLAGGED: &str =
    "select count(*) from arende where forbund_id = $1 and arende_id = $2 and flaggad";

#[tokio::test]
async fn the_action_raises_the_arende_and_raising_records_the_action() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let id = register(&mut app, "STL", &[]).await.redirect_id();
    let base = format!("/arenden/{id}");

    let page = app.get(&base).await.text();
    assert!(page.contains("Fråga till LOKUS-gruppen (vid Lyft till LOKUS)"));
    let no_question = app
        .post(
            &format!("{base}/atgarder"),
            &[("kod", "lyft_till_lokus"), ("datum", "2026-03-04")],
        )
        .await;
    no_question.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_question
            .text()
            .contains("Skriv vad LOKUS-gruppen ska ta ställning till.")
    );
    assert_eq!(
        count(&app, LYFT_ACTIONS, id).await,
        0,
        "nothing half-written"
    );

    app.post(
        &format!("{base}/atgarder"),
        &[
            ("kod", "lyft_till_lokus"),
            ("datum", "2026-03-04"),
            ("lyft_fraga", "Vem ansvarar för arbetsträning med stöd?"),
        ],
    )
    .await
    .assert_redirect_to(&format!("{base}?klart=sparat"));
    let (fraga, datum): (String, time::Date) = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select (lokus_fraga, flaggad_datum) from arende \
                 where forbund_id = $1 and arende_id = '{id}' and flaggad"
            ),
        )
        .await;
    assert_eq!(fraga, "Vem ansvarar för arbetsträning med stöd?");
    assert_eq!(
        datum.to_string(),
        "2026-03-04",
        "raised on the action's date"
    );
    assert_eq!(count(&app, RAISES, id).await, 1);
    let page = app.get(&base).await.text();
    assert!(page.contains("Lyft till LOKUS 2026-03-04"), "the tag shows");
    assert!(page.contains("Ta bort från LOKUS"));

    // A second lift while raised keeps the question when the field is left empty.
    app.post(
        &format!("{base}/atgarder"),
        &[("kod", "lyft_till_lokus"), ("datum", "2026-03-05")],
    )
    .await
    .assert_redirect_to(&format!("{base}?klart=sparat"));
    let fraga: String = app
        .scalar_in(
            "fjardlunda",
            &format!("select lokus_fraga from arende where forbund_id = $1 and arende_id = '{id}'"),
        )
        .await;
    assert_eq!(fraga, "Vem ansvarar för arbetsträning med stöd?");

    // Raising from the LOKUS panel records the action; changing the question does not.
    app.post(&format!("{base}/avflagga"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(count(&app, FLAGGED, id).await, 0);
    app.post(
        &format!("{base}/flagga"),
        &[("fraga", "Behövs ett nytt forum?")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(count(&app, LYFT_ACTIONS, id).await, 3);
    app.post(
        &format!("{base}/flagga"),
        &[("fraga", "Behövs ett gemensamt forum?")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(count(&app, LYFT_ACTIONS, id).await, 3);
    assert_eq!(count(&app, FLAGGED, id).await, 1);
    let koder: Vec<String> = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select atgard_koder from arende where forbund_id = $1 and arende_id = '{id}'"
            ),
        )
        .await;
    assert_eq!(
        koder,
        vec!["lyft_till_lokus".to_string()],
        "the statistics' atgarder row counts it"
    );
    assert_eq!(app.statistik_drift("fjardlunda").await, 0);

    // A closed ärende is not raised.
    app.post(&format!("{base}/avflagga"), &[]).await;
    app.post(
        &format!("{base}/avsluta"),
        &[
            ("avslut", "lotsad_ordinarie"),
            ("avslutad_datum", "2026-03-10"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let closed = app
        .post(
            &format!("{base}/atgarder"),
            &[
                ("kod", "lyft_till_lokus"),
                ("datum", "2026-03-10"),
                ("lyft_fraga", "En fråga"),
            ],
        )
        .await;
    closed.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        closed
            .text()
            .contains("Ärendet är avslutat. Återöppna det för att ändra det.")
    );
    assert_eq!(count(&app, FLAGGED, id).await, 0);
    assert_eq!(lyft_mismatches(&app, "fjardlunda").await, 0);
}

#[tokio::test]
async fn the_demo_data_and_the_migration_agree_on_every_lift() {
    let app = TestApp::demo().await;
    lotsen_core::demo::arenden::load(&app.t.target)
        .await
        .expect("demo ärenden")
        .expect("loaded");
    for slug in ["fjardlunda", "kustbygd"] {
        assert_eq!(lyft_mismatches(&app, slug).await, 0, "demo data of {slug}");
    }
    // Data as it was before migration 0018: an action that never flagged (open and recent,
    // and closed), and a flag without its action.
    let ids: Vec<Uuid> = app
        .scalar_in(
            "fjardlunda",
            "select array_agg(arende_id order by nummer) from (select arende_id, nummer from arende \
             where forbund_id = $1 and not flaggad and status = 'pagaende' \
               and not ('lyft_till_lokus' = any(atgard_koder)) order by nummer desc limit 2) x",
        )
        .await;
    let closed: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select arende_id from arende where forbund_id = $1 and status = 'avslutad' \
               and not ('lyft_till_lokus' = any(atgard_koder)) order by nummer limit 1",
        )
        .await;
    let mut owner = app.t.target.options.connect().await.expect("owner");
    for (id, datum, anteckning) in [
        (ids[0], "lotsen_today() - 2", "Saknas rutin för samordning?"),
        (
            closed,
            "(select avslutad_datum from arende where arende_id = x.id)",
            "",
        ),
    ] {
        sqlx::query(&format!(
            "insert into atgard (forbund_id, atgard_id, arende_id, kod, datum, anteckning, created_at) \
             select a.forbund_id, gen_random_uuid(), a.arende_id, 'lyft_till_lokus', {datum}, $2, now() \
             from arende a, (select $1::uuid as id) x where a.arende_id = x.id"
        ))
        .bind(id)
        .bind(anteckning)
        .execute(&mut owner)
        .await
        .expect("action without a raise");
    }
    sqlx::query(
        "with f as (update arende set flaggad = true, lokus_fraga = 'Vem äger frågan?', \
                    flaggad_datum = lotsen_today() where arende_id = $1 returning forbund_id, arende_id) \
         insert into arende_handelse (forbund_id, arende_id, typ, text) \
         select forbund_id, arende_id, 'flaggad', 'Vem äger frågan?' from f",
    )
    .bind(ids[1])
    .execute(&mut owner)
    .await
    .expect("a raise without its action");
    assert_eq!(lyft_mismatches(&app, "fjardlunda").await, 3);

    let migration = include_str!("../../migrations/0018_lyft_till_lokus.sql");
    sqlx::raw_sql(migration)
        .execute(&mut owner)
        .await
        .expect("migration");
    assert_eq!(lyft_mismatches(&app, "fjardlunda").await, 0);
    let fraga: Option<String> = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select lokus_fraga from arende where forbund_id = $1 and arende_id = '{}' and flaggad",
                ids[0]
            ),
        )
        .await;
    assert_eq!(
        fraga.as_deref(),
        Some("Saknas rutin för samordning?"),
        "raised now"
    );
    assert_eq!(
        count(&app, FLAGGED, closed).await,
        0,
        "a closed ärende is not raised"
    );
    let history: Vec<String> = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select array_agg(typ order by created_at, handelse_id) from arende_handelse \
                 where forbund_id = $1 and arende_id = '{closed}' and typ in ('flaggad', 'avflaggad')"
            ),
        )
        .await;
    assert_eq!(history, vec!["flaggad", "avflaggad"]);
    assert_eq!(count(&app, LYFT_ACTIONS, ids[1]).await, 1);
    assert_eq!(app.arende_koder_drift("fjardlunda").await, 0);
    assert_eq!(app.statistik_drift("fjardlunda").await, 0);

    // Running it again changes nothing.
    let before: i64 = app
        .scalar_in(
            "fjardlunda",
            "select (select count(*) from atgard where forbund_id = $1) \
                  + (select count(*) from arende_handelse where forbund_id = $1)",
        )
        .await;
    sqlx::raw_sql(migration)
        .execute(&mut owner)
        .await
        .expect("migration again");
    let after: i64 = app
        .scalar_in(
            "fjardlunda",
            "select (select count(*) from atgard where forbund_id = $1) \
                  + (select count(*) from arende_handelse where forbund_id = $1)",
        )
        .await;
    assert_eq!(before, after);
}
