//! The `forfragningar` figure table, hand-computed: what became of the requests sent in the
//! period, per the sender's part, and the median days to a decision.

use super::*;
use sqlx::ConnectOptions;

/// The table's cells from the CSV export: (row, column) → value as published.
async fn table(app: &mut TestApp, query: &str) -> Vec<(String, String, String)> {
    let r = app
        .get(&format!("/statistik/nulagesanalys?{query}&format=csv"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{query}");
    r.body
        .trim_start_matches('\u{feff}')
        .lines()
        .filter_map(|l| {
            let mut f = l.split(';');
            (f.next() == Some("forfragningar")).then(|| {
                (
                    f.next().unwrap_or("").to_string(),
                    f.next().unwrap_or("").to_string(),
                    f.next().unwrap_or("").to_string(),
                )
            })
        })
        .collect()
}

fn cell<'a>(t: &'a [(String, String, String)], row: &str, col: &str) -> &'a str {
    t.iter()
        .find(|(r, c, _)| r == row && c == col)
        .map(|(_, _, v)| v.as_str())
        .unwrap_or_else(|| panic!("{row} {col} in {t:?}"))
}

#[tokio::test]
async fn the_table_counts_what_became_of_the_requests() {
    let mut fk = TestApp::demo().await;
    fk.login(FK).await;
    let accepted = send(&mut fk, &[]).await;
    let declined = send(&mut fk, &[]).await;
    let _open = send(&mut fk, &[]).await;
    let mut af = fk.other_browser();
    af.login(AF).await;
    let withdrawn = send(&mut af, &[]).await;
    let declined_af = send(&mut af, &[]).await;
    let mut sk = fk.other_browser();
    sk.login(KOORDINATOR).await;
    accept(&mut sk, accepted).await;
    sk.post(
        &format!("/forfragningar/{declined}/avboj"),
        &[("orsak", "ej_malgrupp")],
    )
    .await;
    sk.post(
        &format!("/forfragningar/{declined_af}/avboj"),
        &[("orsak", "annat"), ("text", "Hänvisad till vårdcentralen.")],
    )
    .await;
    af.post(&format!("/forfragningar/{withdrawn}/aterkalla"), &[])
        .await;
    // Decisions taken 2, 4 and 6 days after sending: the median is 4.
    let mut owner = fk.t.target.options.connect().await.unwrap();
    for (id, days) in [(accepted, 2), (declined, 4), (declined_af, 6)] {
        sqlx::query(&format!(
            "update forfragan set skickad_at = besvarad_at - interval '{days} days' \
             where forfragan_id = $1"
        ))
        .bind(id)
        .execute(&mut owner)
        .await
        .unwrap();
    }
    let year: String = fk
        .scalar_in(
            "fjardlunda",
            "select extract(year from lotsen_today())::text",
        )
        .await;
    let query = format!("lokus=STL&fran={year}-01-01&till={year}-12-31");
    let t = table(&mut sk, &query).await;
    for (row, fk_v, af_v, total) in [
        ("mottagna", "3", "2", "5"),
        ("besvarade", "2", "1", "3"),
        ("accepterade", "1", "0", "1"),
        ("avbojda_ej_malgrupp", "1", "0", "1"),
        ("avbojda_annat", "0", "1", "1"),
        ("avbojda_ordinarie_verksamhet", "0", "0", "0"),
        ("aterkallade", "0", "1", "1"),
        ("vantar", "1", "0", "1"),
    ] {
        assert_eq!(cell(&t, row, "fk"), fk_v, "{row} fk");
        assert_eq!(cell(&t, row, "af"), af_v, "{row} af");
        assert_eq!(cell(&t, row, "totalt"), total, "{row} totalt");
        assert_eq!(cell(&t, row, "region"), "0", "{row} region");
    }
    assert_eq!(cell(&t, "median_dagar_till_svar", "totalt"), "4");
    // 2 and 4 days: the median is their mean.
    assert_eq!(cell(&t, "median_dagar_till_svar", "fk"), "3");
    assert_eq!(cell(&t, "median_dagar_till_svar", "af"), "6");
    // No answers, no median.
    assert_eq!(cell(&t, "median_dagar_till_svar", "region"), "..");

    // Suppressed, every count here is small or hidden, and so is every median.
    let hidden = table(&mut sk, &format!("{query}&undertryck=1")).await;
    for (row, col, v) in &hidden {
        if row == "median_dagar_till_svar" {
            assert_eq!(v, "..", "{col}");
        } else if v != "0" {
            assert!(v == "<5" || v == "..", "{row} {col}: {v}");
        }
    }
    // The request's group counts it: another group's figures have none.
    let other = table(
        &mut sk,
        &format!("lokus=FJL&fran={year}-01-01&till={year}-12-31"),
    )
    .await;
    assert_eq!(cell(&other, "mottagna", "totalt"), "0");
}
