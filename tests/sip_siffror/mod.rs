//! The `sip` figure table (issue 17): every row and column against a hand-computed fixture of
//! SIP records written straight into the database (the SIP pages are another feature's), on
//! the statistics page and in the CSV, suppressed; and a deterministic spread of records for
//! the suppression audit (`statistik::audit`).

mod tables;

use crate::statistik::Fx;
use crate::support::TestApp;
use sqlx::ConnectOptions;
use time::{Date, Duration};
use uuid::Uuid;

/// A meeting: type, date and the next follow-up booked at it, as days from a base date.
pub(crate) type Mote = (&'static str, i64, Option<i64>);

/// One SIP record. Dates are days from a base date (today in the hand fixture).
#[derive(Clone, Copy)]
pub(crate) struct Sx {
    /// The LOKUS group's code; `None` for a SIP of no group.
    pub lokus: Option<&'static str>,
    /// `initierad_av`: the table's column.
    pub av: &'static str,
    pub initierad: i64,
    pub status: &'static str,
    pub installd_orsak: Option<&'static str>,
    pub individen: Option<bool>,
    pub aterkallat: Option<i64>,
    /// The parties present at the planning meeting.
    pub narvarande: &'static [&'static str],
    /// The parties invited who were not present.
    pub franvarande: &'static [&'static str],
    pub moten: &'static [Mote],
}

impl Sx {
    pub const EMPTY: Sx = Sx {
        lokus: Some("STL"),
        av: "fk",
        initierad: 0,
        status: "initierad",
        installd_orsak: None,
        individen: None,
        aterkallat: None,
        narvarande: &[],
        franvarande: &[],
        moten: &[],
    };
}

/// An ärende in each of STL and NRV for the records to be linked to (a SIP needs an ärende or
/// an enrolment); the demo has none until its ärenden are loaded.
pub(crate) async fn arenden(app: &TestApp) {
    let base = Fx {
        inkom: "2024-06-01",
        part: "fk",
        n: Some(900),
        ..Fx::EMPTY
    };
    crate::statistik::insert(
        app,
        "fjardlunda",
        &[
            Fx {
                lokus: "STL",
                ..base
            },
            Fx {
                lokus: "NRV",
                ..base
            },
        ],
    )
    .await;
}

/// Writes the records into the förbund `slug`, dated from `base`; each is linked to an
/// ärende of its group (any ärende of the förbund for a SIP of no group).
pub(crate) async fn insert(app: &TestApp, slug: &str, base: Date, list: &[Sx]) {
    let forbund = app.forbund_id(slug).await;
    let mut owner = app.t.target.options.connect().await.unwrap();
    let day = |d: i64| base + Duration::days(d);
    for x in list {
        let id = Uuid::now_v7();
        sqlx::query(
            "insert into sip (forbund_id, sip_id, lokus_id, arende_id, status, installd_orsak, \
                 initierad, initierad_av, sammankallande_part, individen_deltog, samtycke_datum, \
                 samtycke_form, samtycke_parter, samtycke_aterkallat) \
             select $1, $2, g.lokus_id, \
                 (select a.arende_id from arende a where a.forbund_id = $1 \
                    and ($3::text is null or a.lokus_id = g.lokus_id) order by a.inkom limit 1), \
                 $4, $5, $6, $7, 'kommun', $8, $6, 'skriftligt', array['kommun', 'region'], $9 \
             from (select (select lokus_id from lokus_grupp where forbund_id = $1 and kod = $3) \
                   as lokus_id) g",
        )
        .bind(forbund)
        .bind(id)
        .bind(x.lokus)
        .bind(x.status)
        .bind(x.installd_orsak)
        .bind(day(x.initierad))
        .bind(x.av)
        .bind(x.individen)
        .bind(x.aterkallat.map(day))
        .execute(&mut owner)
        .await
        .unwrap();
        let parts = x.narvarande.iter().map(|p| (p, true));
        for (part, narvarande) in parts.chain(x.franvarande.iter().map(|p| (p, false))) {
            sqlx::query(
                "insert into sip_part (forbund_id, sip_part_id, sip_id, part, narvarande) \
                 values ($1, $2, $3, $4, $5)",
            )
            .bind(forbund)
            .bind(Uuid::now_v7())
            .bind(id)
            .bind(*part)
            .bind(narvarande)
            .execute(&mut owner)
            .await
            .unwrap();
        }
        for (typ, datum, nasta) in x.moten {
            sqlx::query(
                "insert into sip_mote (forbund_id, mote_id, sip_id, typ, datum, nasta) \
                 values ($1, $2, $3, $4, $5, $6)",
            )
            .bind(forbund)
            .bind(Uuid::now_v7())
            .bind(id)
            .bind(*typ)
            .bind(day(*datum))
            .bind(nasta.map(day))
            .execute(&mut owner)
            .await
            .unwrap();
        }
    }
}

/// Today in Sweden, as the database sees it (`lotsen_today()`).
pub(crate) async fn today(app: &TestApp) -> Date {
    app.scalar_in(
        "fjardlunda",
        "select lotsen_today() where $1::uuid is not null",
    )
    .await
}

const PARTS: [&str; 6] = ["fk", "af", "kommun", "region", "individ", "annan"];

/// `n` records spread deterministically over the four demo groups and no group, initiated from
/// 2025-01-01 on (dated from that day): most held, most with a follow-up booked, held on time,
/// late or not at all, some ended or with consent withdrawn.
pub(crate) fn spread(n: usize) -> Vec<Sx> {
    const GROUPS: [Option<&str>; 5] = [Some("STL"), Some("NRV"), Some("FJL"), Some("KST"), None];
    const PRESENT: [&[&str]; 5] = [&["fk", "af"], &["fk"], &["af", "kommun"], &[], &["region"]];
    (0..n)
        .map(|i| {
            let i64i = i64::try_from(i).unwrap();
            let initierad = i64i * 37 % 600;
            let planering = initierad + 5 + i64i % 40;
            let nasta = planering + 30 + i64i % 20;
            // Held a few days early or late, or (every fifth) not at all.
            let uppfoljning = nasta - 3 + i64i % 7;
            let moten: &'static [Mote] = match i % 4 {
                0 => &[],
                1 => Vec::leak(vec![("planering", planering, None)]),
                _ if i % 5 == 1 => Vec::leak(vec![("planering", planering, Some(nasta))]),
                _ => Vec::leak(vec![
                    ("planering", planering, Some(nasta)),
                    ("uppfoljning", uppfoljning, None),
                ]),
            };
            let (status, installd_orsak) = match (i % 4, i % 6) {
                (0, 0) => ("installd", Some("behovet_upphorde")),
                (0, _) => ("kallad", None),
                (_, 3) => ("avslutad", None),
                _ => ("genomford", None),
            };
            Sx {
                lokus: GROUPS[i % 5],
                av: PARTS[i % 6],
                initierad,
                status,
                installd_orsak,
                individen: (i % 4 != 0).then_some(i % 3 != 1),
                aterkallat: (i % 11 == 2).then_some(nasta - 10 + i64i % 20),
                narvarande: PRESENT[i % 5],
                franvarande: if i % 2 == 0 { &["region"] } else { &[] },
                moten,
            }
        })
        .collect()
}
