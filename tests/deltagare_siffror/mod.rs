//! The participant figures (issue 16 §4): every table against a hand-computed fixture, the
//! issue's pool of 35, felregistrering and struken left out, the SQL rules against the domain's,
//! suppression, the page's access for every demo role with its audit rows, and the command-line
//! export. Insatser and participants are written with SQL through the owner connection (the
//! register's pages are another feature's).

mod access;
mod regler;
mod tables;

use crate::support::TestApp;
use lotsen_core::Ctx;
use lotsen_core::statistik::deltagare::{self, DeltagareFigures, Omfang, Urval};
use lotsen_domain::statistik::{Period, Tabell};
use sqlx::ConnectOptions;
use time::macros::date;
use uuid::Uuid;

/// A measurement's försörjning and sysselsättning (code, omfattning).
#[derive(Clone, Copy, Default)]
pub(crate) struct M {
    pub f: &'static [(&'static str, i32)],
    pub s: &'static [(&'static str, i32)],
}

impl M {
    fn is_empty(&self) -> bool {
        self.f.is_empty() && self.s.is_empty()
    }
}

/// Codes with omfattning.
pub(crate) type Koder = &'static [(&'static str, i32)];

/// One enrolment. `status` is worked out from the dates unless `struken`.
#[derive(Clone, Copy)]
pub(crate) struct Dx {
    pub insats: &'static str,
    pub kon: &'static str,
    pub fodelsear: Option<i32>,
    pub kommun: Option<&'static str>,
    pub ko: Option<&'static str>,
    pub inskriven: Option<&'static str>,
    pub kalla: Option<&'static str>,
    pub utskriven: Option<&'static str>,
    pub avslut: Option<&'static str>,
    pub struken: bool,
    /// The dates of arbetsträning activities.
    pub arbetstraning: &'static [&'static str],
    pub fore: M,
    pub efter: M,
    /// A replaced (ersatt) exit measurement, which no figure may read.
    pub efter_ersatt: M,
    /// Follow-ups: tillfälle, date, sysselsättning.
    pub uppf: &'static [(&'static str, &'static str, Koder)],
}

impl Dx {
    pub const EMPTY: Dx = Dx {
        insats: "COACH",
        kon: "kvinna",
        fodelsear: None,
        kommun: None,
        ko: None,
        inskriven: None,
        kalla: None,
        utskriven: None,
        avslut: None,
        struken: false,
        arbetstraning: &[],
        fore: M { f: &[], s: &[] },
        efter: M { f: &[], s: &[] },
        efter_ersatt: M { f: &[], s: &[] },
        uppf: &[],
    };
}

fn d(s: &str) -> time::Date {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).unwrap()
}

/// Creates an insats in the förbund `slug` (owner: its first organisation), taking people
/// from the LOKUS groups `lokus`, with `ansvarig` as insatsansvarig.
pub(crate) async fn insats(
    app: &TestApp,
    slug: &str,
    kod: &str,
    typ: &str,
    lokus: &[&str],
    ansvarig: Option<Uuid>,
) -> Uuid {
    let forbund = app.forbund_id(slug).await;
    let mut owner = app.t.target.options.connect().await.unwrap();
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into insats (forbund_id, insats_id, kod, namn, typ, agare_id, ansvarig_id, fran) \
         values ($1, $2, $3, $4, $5, \
                 (select organisation_id from organisation where forbund_id = $1 order by namn limit 1), \
                 $6, '2015-01-01')",
    )
    .bind(forbund)
    .bind(id)
    .bind(kod)
    .bind(format!("Insats {kod}"))
    .bind(typ)
    .bind(ansvarig)
    .execute(&mut owner)
    .await
    .unwrap();
    for l in lokus {
        sqlx::query(
            "insert into insats_lokus (forbund_id, insats_id, lokus_id) \
             select $1, $2, lokus_id from lokus_grupp where forbund_id = $1 and kod = $3",
        )
        .bind(forbund)
        .bind(id)
        .bind(*l)
        .execute(&mut owner)
        .await
        .unwrap();
    }
    id
}

/// Writes the enrolments into the förbund `slug` (their insatser must exist).
pub(crate) async fn insert(app: &TestApp, slug: &str, list: &[Dx]) {
    let forbund = app.forbund_id(slug).await;
    let mut owner = app.t.target.options.connect().await.unwrap();
    for x in list {
        let insats: Uuid =
            sqlx::query_scalar("select insats_id from insats where forbund_id = $1 and kod = $2")
                .bind(forbund)
                .bind(x.insats)
                .fetch_one(&mut owner)
                .await
                .unwrap();
        let status = if x.struken {
            "struken"
        } else if x.utskriven.is_some() {
            "utskriven"
        } else if x.inskriven.is_some() {
            "inskriven"
        } else {
            "i_ko"
        };
        let id = Uuid::now_v7();
        sqlx::query(
            "insert into deltagare (forbund_id, deltagare_id, insats_id, nummer, status, ko_datum, \
                 inskriven, kalla, kon, fodelsear, bostadskommun, utskriven, avslutsanledning) \
             values ($1, $2, $3, \
                 (select coalesce(max(nummer), 0) + 1 from deltagare where forbund_id = $1 and insats_id = $3), \
                 $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(forbund)
        .bind(id)
        .bind(insats)
        .bind(status)
        .bind(x.ko.map(d))
        .bind(x.inskriven.map(d))
        .bind(x.kalla)
        .bind(x.kon)
        .bind(x.fodelsear)
        .bind(x.kommun)
        .bind(x.utskriven.map(d))
        .bind(x.avslut)
        .execute(&mut owner)
        .await
        .unwrap();
        for datum in x.arbetstraning {
            sqlx::query(
                "insert into deltagare_aktivitet (forbund_id, aktivitet_id, deltagare_id, typ, datum) \
                 values ($1, $2, $3, 'arbetstraning', $4)",
            )
            .bind(forbund)
            .bind(Uuid::now_v7())
            .bind(id)
            .bind(d(datum))
            .execute(&mut owner)
            .await
            .unwrap();
        }
        let mut matningar: Vec<(&str, &str, M, bool)> = Vec::new();
        if !x.fore.is_empty() {
            matningar.push(("fore", x.inskriven.unwrap_or("2015-01-01"), x.fore, false));
        }
        if !x.efter_ersatt.is_empty() {
            matningar.push(("efter", x.utskriven.unwrap(), x.efter_ersatt, true));
        }
        if !x.efter.is_empty() {
            matningar.push(("efter", x.utskriven.unwrap(), x.efter, false));
        }
        for (t, datum, s) in x.uppf {
            matningar.push((t, datum, M { f: &[], s }, false));
        }
        for (tillfalle, datum, m, ersatt) in matningar {
            let mid = Uuid::now_v7();
            sqlx::query(
                "insert into deltagare_matning (forbund_id, matning_id, deltagare_id, tillfalle, datum, ersatt) \
                 values ($1, $2, $3, $4, $5, $6)",
            )
            .bind(forbund)
            .bind(mid)
            .bind(id)
            .bind(tillfalle)
            .bind(d(datum))
            .bind(ersatt)
            .execute(&mut owner)
            .await
            .unwrap();
            for (k, o) in m.f {
                sqlx::query(
                    "insert into deltagare_forsorjning (forbund_id, matning_id, kalla, omfattning) \
                     values ($1, $2, $3, $4)",
                )
                .bind(forbund)
                .bind(mid)
                .bind(*k)
                .bind(*o)
                .execute(&mut owner)
                .await
                .unwrap();
            }
            for (k, o) in m.s {
                sqlx::query(
                    "insert into deltagare_sysselsattning (forbund_id, matning_id, kod, omfattning) \
                     values ($1, $2, $3, $4)",
                )
                .bind(forbund)
                .bind(mid)
                .bind(*k)
                .bind(*o)
                .execute(&mut owner)
                .await
                .unwrap();
            }
        }
    }
    // What every writer does in its transaction (migration 0032).
    sqlx::query(
        "select lotsen_deltagare_summera($1, array(select deltagare_id from deltagare \
                                                   where forbund_id = $1))",
    )
    .bind(forbund)
    .execute(&mut owner)
    .await
    .unwrap();
}

pub(crate) const YEAR_2025: Period = Period {
    fran: date!(2025 - 01 - 01),
    till: date!(2025 - 12 - 31),
};

/// The hand-computed enrolments of insats COACH (a tilläggsresurs of STL) and one of ANNAN
/// (individinriktad, FJL); the expectations in `tables.rs` count these by hand for 2025.
pub(crate) const FIXTURE: &[Dx] = &[
    // A: active since 2024, arbetsträning in 2025 but not nyinskriven.
    Dx {
        fodelsear: Some(1990),
        kommun: Some("9902"),
        ko: Some("2024-11-01"),
        inskriven: Some("2024-12-01"),
        kalla: Some("via_koordinator"),
        arbetstraning: &["2025-03-01"],
        ..Dx::EMPTY
    },
    // B: through the whole year, work at exit, a follow-up in the period.
    Dx {
        fodelsear: Some(2000),
        kommun: Some("9902"),
        ko: Some("2025-01-10"),
        inskriven: Some("2025-02-01"),
        kalla: Some("via_koordinator"),
        utskriven: Some("2025-10-31"),
        avslut: Some("arbete"),
        arbetstraning: &["2025-04-01"],
        fore: M {
            f: &[("sjukpenning", 100)],
            s: &[("ingen", 100)],
        },
        efter: M {
            f: &[("lon", 100)],
            s: &[("forvarvsarbete", 100)],
        },
        uppf: &[("plus3", "2025-12-20", &[("forvarvsarbete", 100)])],
        ..Dx::EMPTY
    },
    // C: a tie of arbetsmarknadsstöd and ekonomiskt bistånd before; backwards.
    Dx {
        kon: "man",
        fodelsear: Some(1970),
        kommun: Some("9903"),
        inskriven: Some("2025-03-01"),
        kalla: Some("direkt"),
        utskriven: Some("2025-06-30"),
        avslut: Some("ohalsa"),
        fore: M {
            f: &[("a_kassa", 50), ("forsorjningsstod", 50)],
            s: &[("aktivt_arbetssokande", 50)],
        },
        efter: M {
            f: &[("sjukpenning", 100)],
            s: &[("sjukskriven", 100)],
        },
        ..Dx::EMPTY
    },
    // D: okänt kön, no age, no kommun; arbetsträning after the period.
    Dx {
        kon: "okant",
        inskriven: Some("2025-05-01"),
        kalla: Some("overford"),
        arbetstraning: &["2026-01-15"],
        ..Dx::EMPTY
    },
    // E: 29 in 2025 (under 30), inskriven and arbetsträning on the last day.
    Dx {
        fodelsear: Some(1996),
        kommun: Some("9903"),
        ko: Some("2025-12-01"),
        inskriven: Some("2025-12-31"),
        kalla: Some("direkt"),
        arbetstraning: &["2025-12-31"],
        ..Dx::EMPTY
    },
    // F: 30 in 2025, utskriven on the last day; a replaced exit measurement.
    Dx {
        kon: "man",
        fodelsear: Some(1995),
        kommun: Some("9902"),
        inskriven: Some("2024-01-01"),
        kalla: Some("via_koordinator"),
        utskriven: Some("2025-12-31"),
        avslut: Some("studier"),
        fore: M {
            f: &[("forsorjningsstod", 100)],
            s: &[("ingen", 100)],
        },
        efter_ersatt: M {
            f: &[("sjukpenning", 100)],
            s: &[("ingen", 100)],
        },
        efter: M {
            f: &[("studiemedel", 100)],
            s: &[("studier", 50), ("subventionerat_arbete", 50)],
        },
        uppf: &[("plus3", "2026-03-31", &[("forvarvsarbete", 100)])],
        ..Dx::EMPTY
    },
    // G: felregistrering, never counted.
    Dx {
        fodelsear: Some(1980),
        kommun: Some("9902"),
        ko: Some("2025-01-01"),
        inskriven: Some("2025-01-01"),
        kalla: Some("via_koordinator"),
        utskriven: Some("2025-01-01"),
        avslut: Some("felregistrering"),
        arbetstraning: &["2025-01-01"],
        fore: M {
            f: &[("lon", 100)],
            s: &[("forvarvsarbete", 100)],
        },
        efter: M {
            f: &[("lon", 100)],
            s: &[("forvarvsarbete", 100)],
        },
        ..Dx::EMPTY
    },
    // H: in the queue since June.
    Dx {
        fodelsear: Some(1985),
        kommun: Some("9902"),
        ko: Some("2025-06-01"),
        ..Dx::EMPTY
    },
    // I: struck from the queue, never counted.
    Dx {
        kon: "man",
        fodelsear: Some(1985),
        kommun: Some("9903"),
        ko: Some("2025-07-01"),
        struken: true,
        ..Dx::EMPTY
    },
    // J: queued in 2025, inskriven in 2026.
    Dx {
        kon: "man",
        fodelsear: Some(1990),
        kommun: Some("9902"),
        ko: Some("2025-11-01"),
        inskriven: Some("2026-01-10"),
        kalla: Some("via_koordinator"),
        ..Dx::EMPTY
    },
    // K: utskriven in 2024; two follow-ups in 2025.
    Dx {
        fodelsear: Some(1960),
        kommun: Some("9902"),
        inskriven: Some("2023-01-01"),
        kalla: Some("direkt"),
        utskriven: Some("2024-12-31"),
        avslut: Some("planerad_tid_slut"),
        uppf: &[
            ("plus3", "2025-03-31", &[("okand", 100)]),
            (
                "plus12",
                "2025-12-31",
                &[("studier", 50), ("aktivt_arbetssokande", 50)],
            ),
        ],
        ..Dx::EMPTY
    },
    // L: no measurements at all.
    Dx {
        kon: "okant",
        fodelsear: Some(2010),
        inskriven: Some("2025-04-01"),
        kalla: Some("overford"),
        utskriven: Some("2025-09-30"),
        avslut: Some("eget_onskemal"),
        ..Dx::EMPTY
    },
    // N: the same step and omfattning before and after.
    Dx {
        fodelsear: Some(1975),
        kommun: Some("9903"),
        inskriven: Some("2025-02-15"),
        kalla: Some("via_koordinator"),
        utskriven: Some("2025-08-15"),
        avslut: Some("ordinarie_insats"),
        fore: M {
            f: &[("aktivitetsstod", 100)],
            s: &[("arbetstraning_praktik", 50)],
        },
        efter: M {
            f: &[("aktivitetsstod", 100)],
            s: &[("arbetsmarknadsinsats", 50)],
        },
        ..Dx::EMPTY
    },
    // M: another insats (FJL), counted for the förbund and FJL only.
    Dx {
        insats: "ANNAN",
        kon: "man",
        fodelsear: Some(1990),
        kommun: Some("9901"),
        inskriven: Some("2025-02-01"),
        kalla: Some("via_koordinator"),
        ..Dx::EMPTY
    },
];

/// The demo förbund with COACH (ansvarig: `ansvarig`) and ANNAN and the fixture's enrolments.
pub(crate) async fn fixture_in(app: &TestApp, ansvarig: Option<Uuid>) {
    // The demo's own insatser (no participants in a test database) would add empty rows to the
    // group and förbund scopes; the hand-computed figures are of the fixture's insatser only.
    let forbund = app.forbund_id("fjardlunda").await;
    let mut owner = app.t.target.options.connect().await.unwrap();
    sqlx::query("delete from insats where forbund_id = $1")
        .bind(forbund)
        .execute(&mut owner)
        .await
        .unwrap();
    insats(
        app,
        "fjardlunda",
        "COACH",
        "tillaggsresurs",
        &["STL"],
        ansvarig,
    )
    .await;
    insats(
        app,
        "fjardlunda",
        "ANNAN",
        "individinriktad",
        &["FJL"],
        None,
    )
    .await;
    insert(app, "fjardlunda", FIXTURE).await;
}

pub(crate) async fn cli_ctx(app: &TestApp, slug: &str) -> Ctx {
    Ctx::cli(Some(
        lotsen_core::admin::forbund::by_slug(&app.t.db, slug)
            .await
            .unwrap(),
    ))
}

/// The scope by code: `insats:KOD`, `lokus:KOD` or `forbund`.
pub(crate) async fn omfang(app: &TestApp, ctx: &Ctx, scope: &str) -> Omfang {
    match scope.split_once(':') {
        Some(("insats", k)) => {
            Omfang::Insats(deltagare::insats_by_code(&app.t.db, ctx, k).await.unwrap())
        }
        Some(("lokus", k)) => {
            Omfang::Lokus(deltagare::lokus_by_code(&app.t.db, ctx, k).await.unwrap())
        }
        _ => Omfang::Forbund,
    }
}

pub(crate) async fn figures(
    app: &TestApp,
    scope: &str,
    period: Period,
    suppress: bool,
) -> DeltagareFigures {
    let ctx = cli_ctx(app, "fjardlunda").await;
    let omfang = omfang(app, &ctx, scope).await;
    deltagare::figures(
        &app.t.db,
        &ctx,
        Urval {
            omfang,
            period,
            suppress,
        },
    )
    .await
    .unwrap()
}

/// The rows of a table as (row code, values).
pub(crate) fn rows(f: &DeltagareFigures, t: Tabell) -> Vec<(String, Vec<i64>)> {
    let t = f.set.table(t).unwrap();
    t.rows
        .iter()
        .zip(&t.values)
        .map(|(h, v)| (h.code.clone(), v.clone()))
        .collect()
}

pub(crate) fn expect(list: &[(&str, &[i64])]) -> Vec<(String, Vec<i64>)> {
    list.iter()
        .map(|(c, v)| (c.to_string(), v.to_vec()))
        .collect()
}

/// A deterministic spread of `n` enrolments over COACH and ANNAN in 2024–2026, in every state,
/// for the suppression audit: enough small and large counts to make protection work.
pub(crate) fn spread(n: usize) -> Vec<Dx> {
    const KON: [&str; 3] = ["kvinna", "man", "okant"];
    const KOMMUN: [Option<&str>; 4] = [Some("9902"), Some("9903"), Some("9901"), None];
    const KALLA: [&str; 3] = ["via_koordinator", "overford", "direkt"];
    const AVSLUT: [&str; 6] = [
        "arbete",
        "studier",
        "ohalsa",
        "eget_onskemal",
        "planerad_tid_slut",
        "felregistrering",
    ];
    const F: [&[(&str, i32)]; 5] = [
        &[("sjukpenning", 100)],
        &[("a_kassa", 50), ("lon", 50)],
        &[("forsorjningsstod", 100)],
        &[("lon", 100)],
        &[],
    ];
    const S: [&[(&str, i32)]; 5] = [
        &[("ingen", 100)],
        &[("arbetstraning_praktik", 50)],
        &[("aktivt_arbetssokande", 100)],
        &[("studier", 100)],
        &[("forvarvsarbete", 75)],
    ];
    const DAYS: [&str; 12] = [
        "2024-03-05",
        "2024-09-12",
        "2025-01-20",
        "2025-02-14",
        "2025-04-02",
        "2025-05-30",
        "2025-07-01",
        "2025-08-19",
        "2025-10-10",
        "2025-11-30",
        "2025-12-31",
        "2026-02-01",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        usize::try_from(seed >> 33).unwrap() % m
    };
    (0..n)
        .map(|_| {
            let a = next(DAYS.len() - 1);
            let state = next(4);
            let inskriven = (state > 0).then_some(DAYS[a]);
            let b = a + 1 + next(DAYS.len() - 1 - a);
            let utskriven = (state > 1).then_some(DAYS[b]);
            let fore = M {
                f: F[next(F.len())],
                s: S[next(S.len())],
            };
            let efter = M {
                f: F[next(F.len())],
                s: S[next(S.len())],
            };
            Dx {
                insats: if next(4) == 0 { "ANNAN" } else { "COACH" },
                kon: KON[next(3).min(next(3))],
                fodelsear: (next(8) != 0).then(|| 1960 + i32::try_from(next(50)).unwrap()),
                kommun: KOMMUN[next(4).min(next(4))],
                ko: Some(if a > 0 { DAYS[a - 1] } else { DAYS[0] }),
                inskriven,
                kalla: inskriven.map(|_| KALLA[next(3)]),
                utskriven,
                avslut: utskriven.map(|_| AVSLUT[next(AVSLUT.len())]),
                struken: state == 0 && next(3) == 0,
                arbetstraning: if inskriven.is_some() && next(2) == 0 {
                    &["2025-06-15"]
                } else {
                    &[]
                },
                fore: if inskriven.is_some() {
                    fore
                } else {
                    M::default()
                },
                efter: if utskriven.is_some() {
                    efter
                } else {
                    M::default()
                },
                efter_ersatt: M::default(),
                uppf: if utskriven.is_some() && state == 3 {
                    &[("plus3", "2025-11-15", &[("studier", 100)])]
                } else {
                    &[]
                },
            }
        })
        .collect()
}
