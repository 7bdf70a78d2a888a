//! The `forfragningar` figure table (issue 15): requests handläggare sent through Lotsen in the
//! period, per the sender's part, and what became of them, with the median days to an answer
//! (whole days, the mean of the middle two rounded for an even number).
//! A request counts in the group it is with now (a forwarded one where it was forwarded to).

use super::per_kod::{self, ColumnCounts, Shape};
use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::Part;
use lotsen_domain::forfragan::AvbojdOrsak;
use lotsen_domain::statistik::{FigureTable, Header, Period, Sum, Tabell};
use uuid::Uuid;

/// The count rows, in order: code, label. `besvarade` is accepted plus declined.
const ROWS: [(&str, &str); 9] = [
    ("mottagna", "Skickade"),
    ("besvarade", "Besvarade (accepterade eller avböjda)"),
    ("accepterade", "Accepterade"),
    ("avbojda_ej_malgrupp", "Avböjda: ej målgrupp"),
    (
        "avbojda_ordinarie_verksamhet",
        "Avböjda: hör till ordinarie verksamhet",
    ),
    (
        "avbojda_redan_aktuell",
        "Avböjda: redan aktuell hos samverkansteam eller forum",
    ),
    ("avbojda_annat", "Avböjda: annat"),
    ("aterkallade", "Återkallade av avsändaren"),
    ("vantar", "Väntar på beslut"),
];

pub(super) async fn table(
    tx: &mut Tx,
    forbund: Uuid,
    groups: &[Uuid],
    period: Period,
) -> CoreResult<FigureTable> {
    let declined =
        |o: AvbojdOrsak| format!("count(*) filter (where q.avbojd_orsak = '{}')", o.code());
    let sql = format!(
        "select q.part as kod, array[count(*), \
                count(*) filter (where q.status in ('accepterad', 'avbojd')), \
                count(*) filter (where q.status = 'accepterad'), {}, {}, {}, {}, \
                count(*) filter (where q.status = 'aterkallad'), \
                count(*) filter (where q.status in ('skickad', 'mottagen'))] as counts, \
                round(percentile_cont(0.5) within group \
                    (order by lotsen_local(q.besvarad_at)::date - lotsen_local(q.skickad_at)::date) \
                    filter (where q.besvarad_at is not null))::int as median \
         from forfragan q \
         where q.forbund_id = $1 and q.lokus_id = any($2) \
           and lotsen_local(q.skickad_at)::date between $3 and $4 \
         group by rollup (q.part)",
        declined(AvbojdOrsak::EjMalgrupp),
        declined(AvbojdOrsak::OrdinarieVerksamhet),
        declined(AvbojdOrsak::RedanAktuell),
        declined(AvbojdOrsak::Annat),
    );
    let found: Vec<ColumnCounts> = sqlx::query_as(&sql)
        .bind(forbund)
        .bind(groups)
        .bind(period.fran)
        .bind(period.till)
        .fetch_all(&mut **tx)
        .await?;
    let shape = Shape {
        tabell: Tabell::Forfragningar,
        rows: &ROWS,
        measure: ("median_dagar_till_svar", "Mediantid till beslut (dagar)"),
        basis: 1,
    };
    let parts = Part::ALL
        .iter()
        .map(|p| Header::new(p.code(), p.label()))
        .collect();
    let mut t = per_kod::table(&shape, parts, &found);
    // Skickade = besvarade + återkallade + väntar; besvarade = accepterade + avböjda.
    t.row_sums.push(Sum {
        parts: vec![1, 7, 8],
        total: 0,
        within: Vec::new(),
    });
    t.row_sums.push(Sum {
        parts: vec![2, 3, 4, 5, 6],
        total: 1,
        within: Vec::new(),
    });
    Ok(t)
}
