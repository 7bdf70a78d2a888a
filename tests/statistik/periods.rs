//! Any period counts exactly the ärenden received in it, against a reference count.

use super::*;

/// Counted straight from the ärenden, as the reference for the kept sums: the ärenden per
/// part, unique handläggare, and ärenden per action code ("" for none).
async fn reference(
    app: &TestApp,
    slug: &str,
    lokus: Option<&str>,
    period: Period,
) -> (Vec<(String, i64)>, i64, Vec<(String, i64)>) {
    let forbund = app.forbund_id(slug).await;
    let mut tx = app.t.db.begin_as(Some(forbund), None, false).await.unwrap();
    let scope = "from arende a join lokus_grupp l using (forbund_id, lokus_id) \
                 where a.forbund_id = $1 and ($2::text is null or l.kod = $2) \
                   and a.inkom between $3 and $4";
    let per_part: Vec<(String, i64)> = sqlx::query_as(&format!(
        "select a.part, count(*) {scope} group by 1 order by 1"
    ))
    .bind(forbund)
    .bind(lokus)
    .bind(period.fran)
    .bind(period.till)
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    let unika: i64 =
        sqlx::query_scalar(&format!("select count(distinct a.handlaggare_id) {scope}"))
            .bind(forbund)
            .bind(lokus)
            .bind(period.fran)
            .bind(period.till)
            .fetch_one(&mut *tx)
            .await
            .unwrap();
    let atgarder: Vec<(String, i64)> = sqlx::query_as(&format!(
        "select k.kod, count(*) {scope_k} group by 1 order by 1",
        scope_k = scope.replace(
            "where",
            "cross join lateral unnest(coalesce(nullif(a.atgard_koder, '{}'), '{\"\"}')) k(kod) where"
        )
    ))
    .bind(forbund)
    .bind(lokus)
    .bind(period.fran)
    .bind(period.till)
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (per_part, unika, atgarder)
}

/// The kept monthly sums (migration 0012) are read for a period's whole years and months and
/// its partial months are counted from the ärenden: whatever the cut, the figures equal a
/// count straight from the ärenden. The demo's two years have ärenden on most days.
#[tokio::test]
async fn any_period_counts_exactly_the_arenden_received_in_it() {
    let app = TestApp::demo().await;
    lotsen_core::demo::arenden::load(&app.t.target)
        .await
        .unwrap()
        .expect("the demo's ärenden");
    let today: time::Date = app
        .scalar_in(
            "fjardlunda",
            "select (now() at time zone 'Europe/Stockholm')::date where $1::uuid is not null",
        )
        .await;
    let first: time::Date = app
        .scalar_in(
            "fjardlunda",
            "select min(inkom) from arende where forbund_id = $1",
        )
        .await;
    let p = |fran: time::Date, till: time::Date| Period { fran, till };
    let y = today.year();
    let periods = [
        p(date!(2000 - 01 - 01), today),
        p(first, today),
        p(first.next_day().unwrap(), today.previous_day().unwrap()),
        Period::year(y - 1).unwrap(),
        Period::tertial(y - 1, 2).unwrap(),
        p(
            time::Date::from_calendar_date(y - 2, time::Month::March, 15).unwrap(),
            time::Date::from_calendar_date(y, time::Month::February, 10).unwrap(),
        ),
        p(
            time::Date::from_calendar_date(y - 1, time::Month::June, 10).unwrap(),
            time::Date::from_calendar_date(y - 1, time::Month::June, 20).unwrap(),
        ),
        p(
            time::Date::from_calendar_date(y - 1, time::Month::November, 30).unwrap(),
            time::Date::from_calendar_date(y - 1, time::Month::December, 1).unwrap(),
        ),
        p(today.replace_day(2).unwrap_or(today), today),
        p(today, today),
    ];
    for period in periods.into_iter().filter(|p| p.fran <= p.till) {
        for lokus in [Some("STL"), None] {
            let f = figures_for(&app, "fjardlunda", lokus, period, false).await;
            let (per_part, unika, atgarder) = reference(&app, "fjardlunda", lokus, period).await;
            let what = format!("{lokus:?} {}..{}", period.fran, period.till);
            let t = f.set.table(Tabell::ArendenPerPart).unwrap();
            let total_row = t.row_index("totalt").unwrap();
            let got: Vec<(String, i64)> = t
                .columns
                .iter()
                .zip(&t.values[total_row])
                .filter(|(c, v)| c.code != "totalt" && **v != 0)
                .map(|(c, v)| (c.code.clone(), *v))
                .collect();
            let mut got = got;
            got.sort();
            assert_eq!(got, per_part, "ärenden per part, {what}");
            let h = f.set.table(Tabell::HandlaggarePerPart).unwrap();
            assert_eq!(
                h.values[0].last(),
                Some(&unika),
                "unique handläggare, {what}"
            );
            let mut got: Vec<(String, i64)> = rows(&f, Tabell::Atgarder)
                .into_iter()
                .filter(|(_, v)| v[3] != 0)
                .map(|(c, v)| {
                    (
                        if c == "ingen_uppgift" {
                            String::new()
                        } else {
                            c
                        },
                        v[3],
                    )
                })
                .collect();
            got.sort();
            assert_eq!(got, atgarder, "ärenden per action, {what}");
            for t in f.set.exported() {
                assert_eq!(
                    t.inconsistencies(),
                    Vec::<String>::new(),
                    "{what} {:?}",
                    t.tabell
                );
            }
        }
    }
}
