//! The SQL behind the participant tables (issue 16 §4, DESIGN §6.5): one query per table over
//! the enrolments of the scope's insatser, counted per kön (and per code) in PostgreSQL; the
//! report groups are those kept with each enrolment and measurement when written (migration
//! 0032). Every query leaves out enrolments struck from the queue and those closed as
//! `felregistrering`. Rows and totals are
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

/// One group of the scope's enrolments from [`scope`]: those of one kön and insats that share
/// whether (and how) they came in during the period and whether they were active at its end.
#[derive(sqlx::FromRow)]
struct ScopeRow {
    kon: String,
    insats_id: Uuid,
    /// How they came, for those inskrivna during the period.
    kalla: Option<String>,
    /// Active on the period's last day.
    aktiv: bool,
    /// The bostadskommun of the active (None also for the active without one).
    kommun: Option<String>,
    /// The age class of the active on the period's last day: 0 under 30, 1 30 and older, 2
    /// unknown (and 2 for the others).
    alder: i32,
    /// The six counts of [`FLODE`], in order.
    flode: Vec<i64>,
    /// Inskrivna at some day of the period (`uppfoljning_finsam`).
    deltog: i64,
}

/// Every count of the scope's enrolments as a whole (the flow, how the nyinskrivna came, the
/// active at the end by kommun and age, Uppföljning Finsam) in one pass over them: a year of
/// one insats is otherwise four scans of the same rows. Only enrolments that had begun (in the
/// queue or inskrivna) by the period's end and had not been written out before it can count
/// anywhere here, so the pass leaves the others out at once.
async fn scope(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<Vec<ScopeRow>> {
    let aktiv = "(d.inskriven <= $4 and (d.utskriven is null or d.utskriven > $4))";
    let sql = format!(
        "select d.kon, d.insats_id, \
                case when d.inskriven between $3 and $4 then d.kalla end as kalla, \
                coalesce({aktiv}, false) as aktiv, \
                case when {aktiv} then d.bostadskommun end as kommun, \
                case when not coalesce({aktiv}, false) or d.fodelsear is null then 2 \
                     when extract(year from $4::date)::int - d.fodelsear < 30 then 0 \
                     else 1 end as alder, \
                array[ \
                    count(*) filter (where d.ko_datum between $3 and $4), \
                    count(*) filter (where d.inskriven between $3 and $4), \
                    count(*) filter (where d.utskriven between $3 and $4), \
                    count(*) filter (where d.inskriven between $3 and $4 \
                                       and d.arbetstraning_fran <= $4), \
                    count(*) filter (where {aktiv}), \
                    count(*) filter (where d.ko_datum <= $4 \
                                       and (d.inskriven is null or d.inskriven > $4)) \
                ] as flode, \
                count(*) filter (where d.inskriven <= $4 \
                                   and (d.utskriven is null or d.utskriven >= $3)) as deltog \
         {BAS} and (d.utskriven is null or d.utskriven >= $3) \
           and least(d.ko_datum, d.inskriven) <= $4 \
         group by 1, 2, 3, 4, 5, 6"
    );
    Ok(sqlx::query_as(&sql)
        .bind(forbund)
        .bind(insatser)
        .bind(period.fran)
        .bind(period.till)
        .fetch_all(&mut **tx)
        .await?)
}

/// The flow's six rows, each as kvinna, man, okänt, totalt.
fn flode_of(scope: &[ScopeRow]) -> [[i64; 4]; 6] {
    let mut out = [[0i64; 4]; 6];
    for g in scope {
        for (r, n) in g.flode.iter().enumerate().take(6) {
            out[r][kon_index(&g.kon)] += n;
            out[r][3] += n;
        }
    }
    out
}

/// The flow's six rows (also the nulägesanalys `tillaggsresurs` rows for the tilläggsresurs
/// insatser).
pub(crate) async fn flode(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<[[i64; 4]; 6]> {
    Ok(flode_of(&scope(tx, forbund, insatser, period).await?))
}

/// Every participant table for the insatser and period, in report order: two passes over the
/// enrolments (the scope as a whole, the period's utskrivna) and one over the follow-ups.
pub(crate) async fn tables(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<FigureSet> {
    let groups = scope(tx, forbund, insatser, period).await?;
    let ut = utskrivna(tx, forbund, insatser, period).await?;
    let tables = vec![
        aktiva(tx, &groups).await?,
        FigureTable::by_kon(
            Tabell::DeltagareFlode,
            FLODE
                .iter()
                .zip(flode_of(&groups))
                .map(|((c, l), v)| (Header::new(*c, *l), v))
                .collect(),
        ),
        kalla(&groups),
        forsorjning(&ut),
        vid_avslut(&ut),
        uppfoljning(tx, forbund, insatser, period).await?,
        steg(&ut),
        avslut(&ut),
        finsam(tx, forbund, insatser, &groups).await?,
    ];
    Ok(FigureSet {
        tables,
        suppressed: None,
    })
}

/// `deltagare_aktiva`: inskrivna on the period's last day by kön and by age (the year of
/// `till` minus the birth year), per bostadskommun present.
async fn aktiva(tx: &mut Tx, groups: &[ScopeRow]) -> CoreResult<FigureTable> {
    let found: Vec<&ScopeRow> = groups.iter().filter(|g| g.aktiv).collect();
    let mut present: Vec<String> = found.iter().filter_map(|g| g.kommun.clone()).collect();
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
    for g in found {
        let count = g.flode[4];
        let c = g
            .kommun
            .as_ref()
            .and_then(|k| columns.iter().position(|h| &h.code == k))
            .unwrap_or(n - 2);
        let a = 3 + usize::try_from(g.alder).unwrap_or(2);
        for r in [kon_index(&g.kon), a, 6] {
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
fn kalla(groups: &[ScopeRow]) -> FigureTable {
    let found: Vec<(String, Option<String>, i64)> = groups
        .iter()
        .filter(|g| g.kalla.is_some())
        .map(|g| (g.kon.clone(), g.kalla.clone(), g.flode[1]))
        .collect();
    let list = Kalla::ALL
        .iter()
        .map(|k| Header::new(k.code(), k.label()))
        .collect();
    by_kon(Tabell::DeltagareKalla, list, &found)
}

/// The period's utskrivna, grouped by kön and everything the exit tables count them by.
#[derive(sqlx::FromRow)]
struct Utskriven {
    kon: String,
    fore: String,
    efter: String,
    sysselsattning: Option<String>,
    steg: String,
    avslut: Option<String>,
    antal: i64,
}

/// One pass over the period's utskrivna (an index range on `utskriven`), with the groups kept
/// with each enrolment (migration 0032).
async fn utskrivna(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<Vec<Utskriven>> {
    let sql = format!(
        "select d.kon, coalesce(d.fore_forsorjning, 'okand') as fore, \
                coalesce(d.efter_forsorjning, 'okand') as efter, \
                d.efter_sysselsattning as sysselsattning, \
                case when d.fore_topp is null or d.efter_topp is null then 'okand' \
                     when d.efter_topp > d.fore_topp then 'framat' \
                     when d.efter_topp < d.fore_topp then 'bakat' \
                     else 'oforandrad' end as steg, \
                d.avslutsanledning as avslut, count(*) as antal \
         {BAS} and d.utskriven between $3 and $4 group by 1, 2, 3, 4, 5, 6"
    );
    Ok(sqlx::query_as(&sql)
        .bind(forbund)
        .bind(insatser)
        .bind(period.fran)
        .bind(period.till)
        .fetch_all(&mut **tx)
        .await?)
}

/// The utskrivna counted per (kön, the code `key` picks).
fn ut_by(
    ut: &[Utskriven],
    key: impl Fn(&Utskriven) -> Option<String>,
) -> Vec<(String, Option<String>, i64)> {
    ut.iter()
        .map(|u| (u.kon.clone(), key(u), u.antal))
        .collect()
}

/// `forsorjning_fore_efter`: utskrivna in the period, main group before × main group after.
fn forsorjning(ut: &[Utskriven]) -> FigureTable {
    let grupper: Vec<Header> = ForsorjningGrupp::ALL
        .iter()
        .map(|g| Header::new(g.code(), g.label()))
        .chain([Header::new("totalt", "Totalt")])
        .collect();
    let n = grupper.len();
    let index = |code: &str| grupper.iter().position(|h| h.code == code).unwrap_or(n - 2);
    let mut values = vec![vec![0i64; n]; n];
    for u in ut {
        let (r, c, count) = (index(&u.fore), index(&u.efter), u.antal);
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
    t
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
fn vid_avslut(ut: &[Utskriven]) -> FigureTable {
    let found = ut_by(ut, |u| u.sysselsattning.clone());
    by_kon(Tabell::SysselsattningVidAvslut, sus_rows(), &found)
}

/// `sysselsattning_uppfoljning`: the follow-ups (+3, +6, +12 months) dated in the period, each
/// once, grouped as at exit.
async fn uppfoljning(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    period: Period,
) -> CoreResult<FigureTable> {
    let sql = "select d.kon, m.sysselsattning_grupp, count(*) \
         from deltagare_matning m \
         join deltagare d on d.forbund_id = m.forbund_id and d.deltagare_id = m.deltagare_id \
         where m.forbund_id = $1 and not m.ersatt and m.tillfalle in ('plus3', 'plus6', 'plus12') \
           and m.datum between $3 and $4 \
           and d.insats_id = any($2) and d.status <> 'struken' \
           and d.avslutsanledning is distinct from 'felregistrering' \
         group by 1, 2";
    let found = counts(tx, sql, forbund, insatser, period).await?;
    Ok(by_kon(
        Tabell::SysselsattningUppfoljning,
        sus_rows(),
        &found,
    ))
}

/// `stegforflyttning`: utskrivna in the period, the current `efter` against `fore`.
fn steg(ut: &[Utskriven]) -> FigureTable {
    let found = ut_by(ut, |u| Some(u.steg.clone()));
    let list = Steg::ALL
        .iter()
        .map(|s| Header::new(s.code(), s.label()))
        .collect();
    by_kon(Tabell::Stegforflyttning, list, &found)
}

/// `avslut_deltagare`: utskrivna in the period by avslutsanledning (never felregistrering).
fn avslut(ut: &[Utskriven]) -> FigureTable {
    let found = ut_by(ut, |u| u.avslut.clone());
    let list = Avslutsanledning::ALL
        .iter()
        .filter(|a| **a != Avslutsanledning::Felregistrering)
        .map(|a| Header::new(a.code(), a.label()))
        .collect();
    by_kon(Tabell::AvslutDeltagare, list, &found)
}

/// `uppfoljning_finsam`: per insats of the scope (every one, zeros included), the enrolments
/// inskrivna at any time during the period.
async fn finsam(
    tx: &mut Tx,
    forbund: Uuid,
    insatser: &[Uuid],
    groups: &[ScopeRow],
) -> CoreResult<FigureTable> {
    let list: Vec<(Uuid, String, String)> = sqlx::query_as(
        "select insats_id, kod, namn::text from insats where forbund_id = $1 \
           and insats_id = any($2) \
         order by kod",
    )
    .bind(forbund)
    .bind(insatser)
    .fetch_all(&mut **tx)
    .await?;
    let found: Vec<(String, Option<String>, i64)> = groups
        .iter()
        .filter_map(|g| {
            let (_, kod, _) = list.iter().find(|(id, _, _)| *id == g.insats_id)?;
            Some((g.kon.clone(), Some(kod.clone()), g.deltog))
        })
        .collect();
    let rows = list
        .iter()
        .map(|(_, kod, namn)| Header::new(kod.clone(), format!("{namn} ({kod})")))
        .collect();
    Ok(by_kon(Tabell::UppfoljningFinsam, rows, &found))
}
