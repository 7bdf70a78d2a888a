//! The SQL behind the participant tables (issue 16 §4, DESIGN §6.5): one query per table over
//! the enrolments of the scope's insatser, counted per kön (and per code) in PostgreSQL; the
//! report-group rules are the SQL functions of migration 0029. Every query leaves out
//! enrolments struck from the queue and those closed as `felregistrering`. Rows and totals are
//! put together here from those few counts, so every declared sum holds by construction.

use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::deltagare::Stegforflyttning as Steg;
use lotsen_domain::deltagare::{Avslutsanledning, ForsorjningGrupp, Kalla, SysselsattningGrupp};
use lotsen_domain::statistik::{FigureSet, FigureTable, Header, Period, Sum, Tabell};
use uuid::Uuid;

/// The enrolments every table counts from (`$1` förbund, `$2` the insatser).
const BAS: &str = "from deltagare d \
     where d.forbund_id = $1 and d.insats_id = any($2) and d.status <> 'struken' \
       and d.avslutsanledning is distinct from 'felregistrering'";

/// The rows of `deltagare_flode`, in order.
pub(crate) const FLODE: [(&str, &str); 6] = [
    ("i_ko", "Satta i kö"),
    ("nyinskrivna", "Nyinskrivna"),
    ("utskrivna", "Utskrivna"),
    (
        "paborjad_arbetstraning",
        "Nyinskrivna som påbörjat arbetsträning",
    ),
    ("aktiva_vid_periodens_slut", "Aktiva vid periodens slut"),
    ("i_ko_vid_periodens_slut", "I kö vid periodens slut"),
];

/// Column index of a kön code (`kvinna`, `man`, `okant`).
fn kon_index(kon: &str) -> usize {
    match kon {
        "kvinna" => 0,
        "man" => 1,
        _ => 2,
    }
}

/// Counts per (kön, code): the rows of `list` in order (a code outside it gets its own row,
/// which today's check constraints rule out), then `totalt`, the sum of the rows.
fn by_kon(
    tabell: Tabell,
    list: Vec<Header>,
    found: &[(String, Option<String>, i64)],
) -> FigureTable {
    let mut rows: Vec<(Header, [i64; 4])> = list.into_iter().map(|h| (h, [0; 4])).collect();
    for (kon, kod, n) in found {
        let kod = kod.as_deref().unwrap_or("okand");
        let i = match rows.iter().position(|(h, _)| h.code == kod) {
            Some(i) => i,
            None => {
                rows.push((Header::new(kod, kod), [0; 4]));
                rows.len() - 1
            }
        };
        rows[i].1[kon_index(kon)] += n;
        rows[i].1[3] += n;
    }
    let n = rows.len();
    let mut total = [0; 4];
    for (_, v) in &rows {
        for (t, x) in total.iter_mut().zip(v) {
            *t += x;
        }
    }
    rows.push((Header::new("totalt", "Totalt"), total));
    FigureTable::by_kon(tabell, rows).with_total_row(0..n)
}

/// Runs a (kön, code, count) query with `$1` förbund, `$2` insatser, `$3`–`$4` the period.
async fn counts(
    tx: &mut Tx,
    sql: &str,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<Vec<(String, Option<String>, i64)>> {
    Ok(sqlx::query_as(sql)
        .bind(forbund)
        .bind(insatser)
        .bind(period.fran)
        .bind(period.till)
        .fetch_all(&mut **tx)
        .await?)
}

/// The flow's six rows, each as kvinna, man, okänt, totalt (also the nulägesanalys
/// `tillaggsresurs` rows for the tilläggsresurs insatser).
pub(crate) async fn flode(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<[[i64; 4]; 6]> {
    let sql = format!(
        "select d.kon, array[ \
             count(*) filter (where d.ko_datum between $3 and $4), \
             count(*) filter (where d.inskriven between $3 and $4), \
             count(*) filter (where d.utskriven between $3 and $4), \
             count(*) filter (where d.inskriven between $3 and $4 and exists ( \
                 select 1 from deltagare_aktivitet a \
                 where a.forbund_id = d.forbund_id and a.deltagare_id = d.deltagare_id \
                   and a.typ = 'arbetstraning' and a.datum <= $4)), \
             count(*) filter (where d.inskriven <= $4 and (d.utskriven is null or d.utskriven > $4)), \
             count(*) filter (where d.ko_datum <= $4 and (d.inskriven is null or d.inskriven > $4)) \
         ] {BAS} group by d.kon"
    );
    let found: Vec<(String, Vec<i64>)> = sqlx::query_as(&sql)
        .bind(forbund)
        .bind(insatser)
        .bind(period.fran)
        .bind(period.till)
        .fetch_all(&mut **tx)
        .await?;
    let mut out = [[0i64; 4]; 6];
    for (kon, v) in found {
        for (r, n) in v.iter().enumerate().take(6) {
            out[r][kon_index(&kon)] += n;
            out[r][3] += n;
        }
    }
    Ok(out)
}

/// Every participant table for the insatser and period, in report order.
pub(crate) async fn tables(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<FigureSet> {
    let tables = vec![
        aktiva(tx, forbund, insatser, period).await?,
        FigureTable::by_kon(
            Tabell::DeltagareFlode,
            FLODE
                .iter()
                .zip(flode(tx, forbund, insatser, period).await?)
                .map(|((c, l), v)| (Header::new(*c, *l), v))
                .collect(),
        ),
        kalla(tx, forbund, insatser, period).await?,
        forsorjning(tx, forbund, insatser, period).await?,
        vid_avslut(tx, forbund, insatser, period).await?,
        uppfoljning(tx, forbund, insatser, period).await?,
        steg(tx, forbund, insatser, period).await?,
        avslut(tx, forbund, insatser, period).await?,
        finsam(tx, forbund, insatser, period).await?,
    ];
    Ok(FigureSet {
        tables,
        suppressed: None,
    })
}

/// `deltagare_aktiva`: inskrivna on the period's last day by kön and by age (the year of
/// `till` minus the birth year), per bostadskommun present.
async fn aktiva(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<FigureTable> {
    let sql = format!(
        "select d.bostadskommun, d.kon, \
                case when d.fodelsear is null then 2 \
                     when extract(year from $3::date)::int - d.fodelsear < 30 then 0 \
                     else 1 end, \
                count(*) \
         {BAS} and d.inskriven <= $3 and (d.utskriven is null or d.utskriven > $3) \
         group by 1, 2, 3"
    );
    let found: Vec<(Option<String>, String, i32, i64)> = sqlx::query_as(&sql)
        .bind(forbund)
        .bind(insatser)
        .bind(period.till)
        .fetch_all(&mut **tx)
        .await?;
    let mut present: Vec<String> = found.iter().filter_map(|f| f.0.clone()).collect();
    present.sort();
    present.dedup();
    let kommuner: Vec<(String, String)> =
        sqlx::query_as("select kod, namn from kommun where kod = any($1) order by namn, kod")
            .bind(&present)
            .fetch_all(&mut **tx)
            .await?;
    let mut columns: Vec<Header> = kommuner
        .iter()
        .map(|(kod, namn)| Header::new(kod.clone(), format!("{namn} ({kod})")))
        .collect();
    columns.push(Header::new("okand_kommun", "Okänd kommun"));
    columns.push(Header::new("totalt", "Totalt"));
    let n = columns.len();
    let rows = vec![
        Header::new("kvinna", "Kvinnor"),
        Header::new("man", "Män"),
        Header::new("okant_kon", "Okänt kön"),
        Header::new("under_30", "Under 30 år"),
        Header::new("30_och_aldre", "30 år och äldre"),
        Header::new("okand_alder", "Okänd ålder"),
        Header::new("totalt", "Totalt"),
    ];
    let mut values = vec![vec![0i64; n]; rows.len()];
    for (kommun, kon, alder, count) in &found {
        let c = kommun
            .as_ref()
            .and_then(|k| columns.iter().position(|h| &h.code == k))
            .unwrap_or(n - 2);
        let a = 3 + usize::try_from(*alder).unwrap_or(2);
        for r in [kon_index(kon), a, 6] {
            values[r][c] += count;
            values[r][n - 1] += count;
        }
    }
    let mut t = FigureTable::new(Tabell::DeltagareAktiva, rows, columns, values)
        .with_total_row(0..3)
        .with_total_row(3..6);
    t.col_sums.push(Sum {
        parts: (0..n - 1).collect(),
        total: n - 1,
        within: Vec::new(),
    });
    Ok(t)
}

/// `deltagare_kalla`: nyinskrivna by how they came.
async fn kalla(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<FigureTable> {
    let sql = format!(
        "select d.kon, d.kalla, count(*) {BAS} and d.inskriven between $3 and $4 group by 1, 2"
    );
    let found = counts(tx, &sql, forbund, insatser, period).await?;
    let list = Kalla::ALL
        .iter()
        .map(|k| Header::new(k.code(), k.label()))
        .collect();
    Ok(by_kon(Tabell::DeltagareKalla, list, &found))
}

/// The current measurement's försörjning or sysselsättning codes and omfattning of each
/// enrolment in `u` (a CTE of `deltagare_id`s), one row per (enrolment, tillfälle): the CTE
/// `m` with `koder` and `omf` (null without codes).
fn matningar(kind: &str, tillfallen: &str) -> String {
    let (table, code) = match kind {
        "forsorjning" => ("deltagare_forsorjning", "kalla"),
        _ => ("deltagare_sysselsattning", "kod"),
    };
    format!(
        "m as (select m.deltagare_id, m.tillfalle, m.datum, \
                      array_agg(x.{code}) filter (where x.{code} is not null) as koder, \
                      array_agg(x.omfattning) filter (where x.{code} is not null) as omf \
               from deltagare_matning m \
               left join {table} x on x.forbund_id = m.forbund_id and x.matning_id = m.matning_id \
               where m.forbund_id = $1 and not m.ersatt and m.tillfalle in ({tillfallen}) \
                 and m.deltagare_id in (select deltagare_id from u) \
               group by m.deltagare_id, m.tillfalle, m.datum)"
    )
}

/// `forsorjning_fore_efter`: utskrivna in the period, main group before × main group after.
async fn forsorjning(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<FigureTable> {
    let sql = format!(
        "with u as (select d.deltagare_id {BAS} and d.utskriven between $3 and $4), {} \
         select lotsen_forsorjning_huvudgrupp(a.koder, a.omf), \
                lotsen_forsorjning_huvudgrupp(b.koder, b.omf), count(*) \
         from u left join m a on a.deltagare_id = u.deltagare_id and a.tillfalle = 'fore' \
                left join m b on b.deltagare_id = u.deltagare_id and b.tillfalle = 'efter' \
         group by 1, 2",
        matningar("forsorjning", "'fore', 'efter'")
    );
    let found: Vec<(String, String, i64)> = sqlx::query_as(&sql)
        .bind(forbund)
        .bind(insatser)
        .bind(period.fran)
        .bind(period.till)
        .fetch_all(&mut **tx)
        .await?;
    let grupper: Vec<Header> = ForsorjningGrupp::ALL
        .iter()
        .map(|g| Header::new(g.code(), g.label()))
        .chain([Header::new("totalt", "Totalt")])
        .collect();
    let n = grupper.len();
    let index = |code: &str| grupper.iter().position(|h| h.code == code).unwrap_or(n - 2);
    let mut values = vec![vec![0i64; n]; n];
    for (fore, efter, count) in &found {
        let (r, c) = (index(fore), index(efter));
        for (r, c) in [(r, c), (r, n - 1), (n - 1, c), (n - 1, n - 1)] {
            values[r][c] += count;
        }
    }
    let mut rows = grupper.clone();
    for h in &mut rows {
        if h.code != "totalt" {
            h.label = format!("Före: {}", h.label);
        }
    }
    let columns = grupper
        .into_iter()
        .map(|mut h| {
            if h.code != "totalt" {
                h.label = format!("Efter: {}", h.label);
            }
            h
        })
        .collect();
    let mut t = FigureTable::new(Tabell::ForsorjningForeEfter, rows, columns, values)
        .with_total_row(0..n - 1);
    t.col_sums.push(Sum {
        parts: (0..n - 1).collect(),
        total: n - 1,
        within: Vec::new(),
    });
    Ok(t)
}

/// The rows of the sysselsättning tables: the SUS groups, then okänd (no measurement, or only
/// okänd recorded).
fn sus_rows() -> Vec<Header> {
    SysselsattningGrupp::ALL
        .iter()
        .map(|g| Header::new(g.code(), g.label()))
        .chain([Header::new("okand", "Okänd (ingen mätning)")])
        .collect()
}

/// `sysselsattning_vid_avslut`: utskrivna in the period, each once in the group of their
/// current `efter` measurement (`lotsen_sysselsattningsgrupp`).
async fn vid_avslut(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<FigureTable> {
    let sql = format!(
        "with u as (select d.deltagare_id, d.kon {BAS} and d.utskriven between $3 and $4), {} \
         select u.kon, lotsen_sysselsattningsgrupp(m.koder, m.omf), count(*) \
         from u left join m on m.deltagare_id = u.deltagare_id \
         group by 1, 2",
        matningar("sysselsattning", "'efter'")
    );
    let found = counts(tx, &sql, forbund, insatser, period).await?;
    Ok(by_kon(Tabell::SysselsattningVidAvslut, sus_rows(), &found))
}

/// `sysselsattning_uppfoljning`: the follow-ups (+3, +6, +12 months) dated in the period, each
/// once, grouped as at exit.
async fn uppfoljning(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<FigureTable> {
    let sql = format!(
        "with u as (select d.deltagare_id, d.kon {BAS}), {} \
         select u.kon, lotsen_sysselsattningsgrupp(m.koder, m.omf), count(*) \
         from u join m on m.deltagare_id = u.deltagare_id \
         where m.datum between $3 and $4 \
         group by 1, 2",
        matningar("sysselsattning", "'plus3', 'plus6', 'plus12'")
    );
    let found = counts(tx, &sql, forbund, insatser, period).await?;
    Ok(by_kon(
        Tabell::SysselsattningUppfoljning,
        sus_rows(),
        &found,
    ))
}

/// `stegforflyttning`: utskrivna in the period, the current `efter` against `fore`.
async fn steg(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<FigureTable> {
    let sql = format!(
        "with u as (select d.deltagare_id, d.kon {BAS} and d.utskriven between $3 and $4), {} \
         select u.kon, lotsen_stegforflyttning(a.koder, a.omf, b.koder, b.omf), count(*) \
         from u left join m a on a.deltagare_id = u.deltagare_id and a.tillfalle = 'fore' \
                left join m b on b.deltagare_id = u.deltagare_id and b.tillfalle = 'efter' \
         group by 1, 2",
        matningar("sysselsattning", "'fore', 'efter'")
    );
    let found = counts(tx, &sql, forbund, insatser, period).await?;
    let list = Steg::ALL
        .iter()
        .map(|s| Header::new(s.code(), s.label()))
        .collect();
    Ok(by_kon(Tabell::Stegforflyttning, list, &found))
}

/// `avslut_deltagare`: utskrivna in the period by avslutsanledning (never felregistrering).
async fn avslut(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<FigureTable> {
    let sql = format!(
        "select d.kon, d.avslutsanledning, count(*) {BAS} and d.utskriven between $3 and $4 \
         group by 1, 2"
    );
    let found = counts(tx, &sql, forbund, insatser, period).await?;
    let list = Avslutsanledning::ALL
        .iter()
        .filter(|a| **a != Avslutsanledning::Felregistrering)
        .map(|a| Header::new(a.code(), a.label()))
        .collect();
    Ok(by_kon(Tabell::AvslutDeltagare, list, &found))
}

/// `uppfoljning_finsam`: per insats of the scope (every one, zeros included), the enrolments
/// inskrivna at any time during the period.
async fn finsam(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<FigureTable> {
    let list: Vec<(String, String)> = sqlx::query_as(
        "select kod, namn::text from insats where forbund_id = $1 and insats_id = any($2) \
         order by kod",
    )
    .bind(forbund)
    .bind(insatser)
    .fetch_all(&mut **tx)
    .await?;
    let sql = "select d.kon, i.kod, count(*) \
         from deltagare d \
         join insats i on i.forbund_id = d.forbund_id and i.insats_id = d.insats_id \
         where d.forbund_id = $1 and d.insats_id = any($2) and d.status <> 'struken' \
           and d.avslutsanledning is distinct from 'felregistrering' \
           and d.inskriven <= $4 and (d.utskriven is null or d.utskriven >= $3) \
         group by 1, 2";
    let found = counts(tx, sql, forbund, insatser, period).await?;
    let rows = list
        .iter()
        .map(|(kod, namn)| Header::new(kod.clone(), format!("{namn} ({kod})")))
        .collect();
    Ok(by_kon(Tabell::UppfoljningFinsam, rows, &found))
}
