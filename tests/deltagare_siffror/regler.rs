//! The report-group rules in SQL (migration 0029) agree with the domain's functions: the main
//! försörjning group, the one sysselsättning group and stegförflyttning, on hand-picked edge
//! cases (ties, okänd, annan, nothing recorded) and a deterministic spread of combinations.

use super::*;
use lotsen_domain::deltagare::{
    Forsorjningskalla, Sysselsattning, huvudgrupp, stegforflyttning, sysselsattningsgrupp,
};

/// Deterministic lists of (code, omfattning) from `all`, up to three codes each.
fn cases<T: Copy>(all: &[T], n: usize, seed: u64) -> Vec<Vec<(T, i32)>> {
    const OMF: [i32; 6] = [0, 25, 50, 50, 75, 100];
    let mut s = seed;
    let mut next = |m: usize| {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        usize::try_from(s >> 33).unwrap() % m
    };
    (0..n)
        .map(|_| {
            let k = next(4);
            let mut list: Vec<(T, i32)> = Vec::new();
            let mut used = Vec::new();
            for _ in 0..k {
                let i = next(all.len());
                if !used.contains(&i) {
                    used.push(i);
                    list.push((all[i], OMF[next(OMF.len())]));
                }
            }
            list
        })
        .collect()
}

fn arrays<T: Copy>(list: &[(T, i32)], code: fn(T) -> &'static str) -> (Vec<String>, Vec<i32>) {
    (
        list.iter().map(|(k, _)| code(*k).to_string()).collect(),
        list.iter().map(|(_, o)| *o).collect(),
    )
}

#[tokio::test]
async fn the_sql_rules_agree_with_the_domain() {
    use Forsorjningskalla as K;
    use Sysselsattning as S;
    let app = TestApp::demo().await;
    let mut db = app.t.target.options.connect().await.unwrap();

    let mut forsorjning = vec![
        vec![],
        vec![(K::Lon, 50), (K::Sjukpenning, 50)],
        vec![(K::AKassa, 50), (K::Forsorjningsstod, 50)],
        vec![
            (K::AKassa, 30),
            (K::Aktivitetsstod, 30),
            (K::Forsorjningsstod, 50),
        ],
        vec![(K::Okand, 100)],
        vec![(K::Okand, 100), (K::Lon, 50)],
        vec![(K::Ingen, 0)],
        vec![(K::Forsorjningsstod, 0), (K::Lon, 0)],
    ];
    forsorjning.extend(cases(K::ALL, 400, 7));
    for list in &forsorjning {
        let (k, o) = arrays(list, K::code);
        let sql: String = sqlx::query_scalar("select lotsen_forsorjning_huvudgrupp($1, $2)")
            .bind(&k)
            .bind(&o)
            .fetch_one(&mut db)
            .await
            .unwrap();
        assert_eq!(sql, huvudgrupp(list).code(), "{k:?} {o:?}");
    }

    let mut syssel = vec![
        vec![],
        vec![(S::Okand, 100)],
        vec![(S::Annan, 100)],
        vec![(S::Annan, 100), (S::Okand, 100)],
        vec![(S::Annan, 100), (S::Ingen, 0)],
        vec![(S::Studier, 50), (S::SubventioneratArbete, 50)],
        vec![(S::Studier, 75), (S::SubventioneratArbete, 50)],
        vec![(S::Studier, 50), (S::AktivtArbetssokande, 100)],
        vec![(S::Sjukskriven, 100), (S::Ingen, 100)],
    ];
    syssel.extend(cases(S::ALL, 400, 11));
    for list in &syssel {
        let (k, o) = arrays(list, S::code);
        let sql: Option<String> = sqlx::query_scalar("select lotsen_sysselsattningsgrupp($1, $2)")
            .bind(&k)
            .bind(&o)
            .fetch_one(&mut db)
            .await
            .unwrap();
        assert_eq!(
            sql.as_deref(),
            sysselsattningsgrupp(list).map(|g| g.code()),
            "{k:?} {o:?}"
        );
    }
    for pair in syssel.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        for (fore, efter) in [(a, b), (b, a), (a, a)] {
            let (fk, fo) = arrays(fore, S::code);
            let (ek, eo) = arrays(efter, S::code);
            let sql: String = sqlx::query_scalar("select lotsen_stegforflyttning($1, $2, $3, $4)")
                .bind(&fk)
                .bind(&fo)
                .bind(&ek)
                .bind(&eo)
                .fetch_one(&mut db)
                .await
                .unwrap();
            assert_eq!(
                sql,
                stegforflyttning(fore, efter).code(),
                "{fk:?} {fo:?} → {ek:?} {eo:?}"
            );
        }
    }
}
