//! `lotsen seed-demo --deltagare N`: generated participants for benchmarks land in the demo's
//! insatser, consistent with the schema's rules, and leave the coach's own lists alone.

use super::*;

#[tokio::test]
async fn seeded_participants_fill_the_demo_insatser_and_count_in_the_figures() {
    let app = TestApp::demo().await;
    let n = lotsen_core::demo::deltagare::seed(&app.t.target, 300)
        .await
        .unwrap();
    assert_eq!(n, 300);
    assert_eq!(count(&app, "deltagare").await, 300);
    let in_stl: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from deltagare d join insats i using (forbund_id, insats_id) \
             where d.forbund_id = $1 and i.kod = 'STL-COACH'",
        )
        .await;
    assert_eq!(in_stl, 225, "three in four in the coach pool");
    let broken: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from deltagare d where d.forbund_id = $1 and (d.coach_id is not null \
               or (d.status = 'utskriven') <> (d.utskriven is not null) \
               or d.inskriven > lotsen_today() or d.utskriven > lotsen_today())",
        )
        .await;
    assert_eq!(broken, 0);
    assert!(count(&app, "deltagare_matning").await > 300);
    assert_eq!(
        stale_groups(&app).await,
        0,
        "the seed keeps the report groups"
    );
    // A second run continues the numbering.
    lotsen_core::demo::deltagare::seed(&app.t.target, 10)
        .await
        .unwrap();
    let max: i32 = app
        .scalar_in(
            "fjardlunda",
            "select max(d.nummer) from deltagare d join insats i using (forbund_id, insats_id) \
             where d.forbund_id = $1 and i.kod = 'NRV-STOD'",
        )
        .await;
    assert_eq!(max, 75 + 2, "the NRV pool had 75 and got 2 or 3 more");
}
