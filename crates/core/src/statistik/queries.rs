//! The SQL behind the figure tables: the period's whole months from the kept monthly sums and
//! its partial months from the ärenden (migration 0012, `delning` cuts the period), summed per
//! dimension value in one query; unique handläggare from the kept presence per year and month
//! in another; plus the reference lists that give every row, zeros included.

use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::Part;
use lotsen_domain::arende::{Atgard, Avslut, Ersattning, Malgrupp, Samverkansproblem};
use lotsen_domain::statistik::{FigureSet, FigureTable, Header, Period, Sum, Tabell, delning};
use std::collections::HashMap;
use uuid::Uuid;

/// The counts of one dimension value (or of a dimension's total: `kod` `None` and `dim`
/// `totalt`) over the selection.
#[derive(Debug, sqlx::FromRow)]
struct GroupRow {
    dim: String,
    kod: Option<String>,
    kvinna: i64,
    man: i64,
    okant: i64,
    totalt: i64,
    under_30: i64,
    aldre: i64,
    okand_alder: i64,
    #[sqlx(default)]
    unika: i64,
}

impl GroupRow {
    fn kon(&self) -> [i64; 4] {
        [self.kvinna, self.man, self.okant, self.totalt]
    }
}

/// The SQL of one figure query for a cut period: its text, with `$1` the förbund, `$2` the
/// groups, and from `$3` on the dates in `dates`. Only the branches the period needs are
/// written: a constant-false branch (a null range) still made PostgreSQL plan, and start,
/// parallel workers for a scan it never ran (36 ms per request).
struct Query {
    sql: String,
    dates: Vec<time::Date>,
}

impl Query {
    /// `$n and $n+1` for the range, recorded as parameters.
    fn between(&mut self, column: &str, span: delning::Span) -> String {
        let n = self.dates.len() + 3;
        self.dates.extend([span.0, span.1]);
        format!("{column} between ${n} and ${}", n + 1)
    }

    /// `(column between … or column between …)` for every range given.
    fn any_between(&mut self, column: &str, spans: &[delning::Span]) -> String {
        let list: Vec<String> = spans.iter().map(|s| self.between(column, *s)).collect();
        format!("({})", list.join(" or "))
    }
}

/// No rows, for a period with no part (which `delning::split` never gives).
const NO_SUMS: &str = "select null::text as dim, null::text as kod, 0 as kvinna, 0 as man, \
     0 as okant_kon, 0 as under_30, 0 as aldre, 0 as okand_alder, 0 as totalt where false";

/// Every dimension value's counts: the whole months from the kept monthly sums (migration
/// 0012), the partial months' days from the ärenden through the same `statistik_bidrag` the
/// triggers use. The total is the `part` dimension's, which every ärende has exactly once.
fn sums(parts: &delning::PeriodParts) -> Query {
    let mut q = Query {
        sql: String::new(),
        dates: Vec::new(),
    };
    let mut branches = Vec::new();
    if let Some(months) = parts.all_months() {
        branches.push(format!(
            "select m.dim, m.kod, m.kvinna, m.man, m.okant_kon, m.under_30, m.aldre, \
                    m.okand_alder, m.totalt \
             from statistik_manad m \
             where m.forbund_id = $1 and m.lokus_id = any($2) and {}",
            q.between("m.manad", months)
        ));
    }
    let days: Vec<delning::Span> = parts.days.iter().flatten().copied().collect();
    if !days.is_empty() {
        branches.push(format!(
            "select b.dim, b.kod, (a.kon = 'kvinna')::int as kvinna, (a.kon = 'man')::int as man, \
                    (a.kon = 'okant')::int as okant_kon, (a.alder < 30)::int as under_30, \
                    (a.alder >= 30)::int as aldre, (a.alder is null)::int as okand_alder, \
                    1 as totalt \
             from arende a \
             cross join lateral statistik_bidrag(a.part, a.enhet_id, a.samverkansproblem, \
                 a.avslut, a.bostadskommun, a.atgard_koder, a.malgrupper, a.ersattning) b \
             where a.forbund_id = $1 and a.lokus_id = any($2) and {}",
            q.any_between("a.inkom", &days)
        ));
    }
    if branches.is_empty() {
        branches.push(NO_SUMS.into());
    }
    q.sql = format!(
        "with s as ({}) \
         select case when grouping(s.kod) = 1 then 'totalt' else s.dim end as dim, \
                nullif(s.kod, '') as kod, \
                coalesce(sum(s.kvinna), 0)::int8 as kvinna, coalesce(sum(s.man), 0)::int8 as man, \
                coalesce(sum(s.okant_kon), 0)::int8 as okant, \
                coalesce(sum(s.totalt), 0)::int8 as totalt, \
                coalesce(sum(s.under_30), 0)::int8 as under_30, \
                coalesce(sum(s.aldre), 0)::int8 as aldre, \
                coalesce(sum(s.okand_alder), 0)::int8 as okand_alder \
         from s group by grouping sets ((s.dim, s.kod), (s.dim)) \
         having grouping(s.kod) = 0 or s.dim = 'part'",
        branches.join(" union all ")
    );
    q
}

/// Unique handläggare per part, per unit and in all: the distinct (part, unit, handläggare)
/// of the whole years and of the months around them from the kept presence (migration 0012),
/// and of the partial months' days from the ärenden; then distinct counts over those few
/// thousand. The inner `group by` makes PostgreSQL hash the distinct triples (it sorted
/// 100 000 rows on disk for a `union`).
fn unika(parts: &delning::PeriodParts) -> Query {
    let mut q = Query {
        sql: String::new(),
        dates: Vec::new(),
    };
    let mut branches = Vec::new();
    // One branch per range, each an index-only range scan (an `or` of them became a bitmap
    // scan that visited the table).
    let kept = parts
        .years
        .map(|y| (true, y))
        .into_iter()
        .chain(parts.months.iter().flatten().map(|m| (false, *m)));
    for (helt_ar, span) in kept {
        let range = q.between("h.borjar", span);
        branches.push(format!(
            "select h.part, h.enhet, h.handlaggare_id from statistik_handlaggare h \
             where h.forbund_id = $1 and h.lokus_id = any($2) and h.helt_ar = {helt_ar} \
               and {range} and h.arenden > 0"
        ));
    }
    let days: Vec<delning::Span> = parts.days.iter().flatten().copied().collect();
    if !days.is_empty() {
        branches.push(format!(
            "select a.part, coalesce(a.enhet_id::text, ''), a.handlaggare_id from arende a \
             where a.forbund_id = $1 and a.lokus_id = any($2) and {} \
               and a.handlaggare_id is not null",
            q.any_between("a.inkom", &days)
        ));
    }
    if branches.is_empty() {
        branches.push("select null::text, null::text, null::uuid where false".into());
    }
    q.sql = format!(
        "with h as (select x.part, x.enhet, x.handlaggare_id \
                    from ({}) x(part, enhet, handlaggare_id) group by 1, 2, 3) \
         select case when grouping(h.part) = 0 then 'part' \
                     when grouping(h.enhet) = 0 then 'enhet' else 'totalt' end as dim, \
                coalesce(h.part, nullif(h.enhet, '')) as kod, \
                count(distinct h.handlaggare_id) as unika \
         from h group by grouping sets ((h.part), (h.enhet), ())",
        branches.join(" union all ")
    );
    q
}

/// Whether any ärende of the selection was received on these days (`$3`–`$4`, `$5`–`$6`).
const ANY_ON: &str = "select \
       exists (select 1 from arende a where a.forbund_id = $1 and a.lokus_id = any($2) \
               and a.inkom between $3 and $4), \
       exists (select 1 from arende a where a.forbund_id = $1 and a.lokus_id = any($2) \
               and a.inkom between $5 and $6)";

/// Every figure table for the förbund (or one LOKUS group) and period. The caller has
/// checked access and opened the tenant's transaction.
pub async fn figures(
    tx: &mut Tx,
    forbund: Uuid,
    lokus: Option<Uuid>,
    period: Period,
) -> CoreResult<FigureSet> {
    let groups: Vec<Uuid> = match lokus {
        Some(id) => vec![id],
        None => {
            sqlx::query_scalar("select lokus_id from lokus_grupp where forbund_id = $1")
                .bind(forbund)
                .fetch_all(&mut **tx)
                .await?
        }
    };
    // A partial month at either end is read whole from the sums when no ärende of the
    // selection lies on its days outside the period ("since a date" up to today, say).
    let outside = delning::outside_days(period);
    let (before, after): (bool, bool) = if outside == [None, None] {
        (false, false)
    } else {
        sqlx::query_as(ANY_ON)
            .bind(forbund)
            .bind(&groups)
            .bind(outside[0].map(|s| s.0))
            .bind(outside[0].map(|s| s.1))
            .bind(outside[1].map(|s| s.0))
            .bind(outside[1].map(|s| s.1))
            .fetch_one(&mut **tx)
            .await?
    };
    let parts = delning::split(period, [!before, !after]);

    let mut rows: Vec<GroupRow> = fetch(tx, sums(&parts), forbund, &groups).await?;
    let unika: Vec<(String, Option<String>, i64)> =
        fetch(tx, unika(&parts), forbund, &groups).await?;
    for (dim, kod, n) in unika {
        match rows.iter_mut().find(|g| g.dim == dim && g.kod == kod) {
            Some(g) => g.unika = n,
            None => rows.push(GroupRow {
                unika: n,
                kod,
                ..zero_group(&dim)
            }),
        }
    }

    let units: Vec<(Uuid, Part, String, String)> = sqlx::query_as(
        "select e.enhet_id, o.part, o.namn, e.namn from enhet e \
         join organisation o on o.forbund_id = e.forbund_id and o.organisation_id = e.organisation_id \
         where e.forbund_id = $1 order by o.namn, e.namn",
    )
    .bind(forbund)
    .fetch_all(&mut **tx)
    .await?;

    let seen_kommuner: Vec<String> = rows
        .iter()
        .filter(|g| g.dim == "bostadskommun")
        .filter_map(|g| g.kod.clone())
        .filter(|k| k != "okand")
        .collect();
    let kommuner: Vec<(String, String)> = sqlx::query_as(
        "select k.kod, k.namn from kommun k \
         where k.kod in (select l.kommun_kod from lokus_kommun l \
                         where l.forbund_id = $1 and ($2::uuid is null or l.lokus_id = $2)) \
            or k.kod = any($3) \
         order by k.namn, k.kod",
    )
    .bind(forbund)
    .bind(lokus)
    .bind(&seen_kommuner)
    .fetch_all(&mut **tx)
    .await?;

    let mut set = assemble(&rows, &units, &kommuner);
    tillaggsresurs_deltagare(tx, &mut set, forbund, lokus, period).await?;
    let requests = super::forfragningar::table(tx, forbund, &groups, period).await?;
    let after = set
        .tables
        .iter()
        .position(|t| t.tabell == Tabell::Tillaggsresurs)
        .map_or(set.tables.len(), |i| i + 1);
    set.tables.insert(after, requests);
    let per_insats = per_insats(tx, forbund, &groups, period).await?;
    let at = set
        .tables
        .iter()
        .position(|t| t.kon_view)
        .unwrap_or(set.tables.len());
    set.tables.insert(at, per_insats);
    set.tables
        .insert(at + 1, super::sip::table(tx, forbund, lokus, period).await?);
    Ok(set)
}

/// The `tillaggsresurs` table's enrolment rows (DESIGN §6.5): the participants of the group's
/// (or the förbund's) insatser of the kind tilläggsresurs, counted as in `deltagare_flode`
/// (`inskrivna` are the nyinskrivna of the period).
async fn tillaggsresurs_deltagare(
    tx: &mut Tx,
    set: &mut FigureSet,
    forbund: Uuid,
    lokus: Option<Uuid>,
    period: Period,
) -> CoreResult<()> {
    let insatser: Vec<Uuid> = sqlx::query_scalar(
        "select i.insats_id from insats i \
         where i.forbund_id = $1 and i.typ = 'tillaggsresurs' \
           and ($2::uuid is null or exists (select 1 from insats_lokus l \
                where l.forbund_id = i.forbund_id and l.insats_id = i.insats_id \
                  and l.lokus_id = $2))",
    )
    .bind(forbund)
    .bind(lokus)
    .fetch_all(&mut **tx)
    .await?;
    let flode = super::deltagare::queries::flode(tx, forbund, &insatser, period).await?;
    let Some(t) = set
        .tables
        .iter_mut()
        .find(|t| t.tabell == Tabell::Tillaggsresurs)
    else {
        return Ok(());
    };
    for (code, label, row) in [
        ("inskrivna", "Inskrivna hos tilläggsresurs", 1),
        ("aktiva_vid_periodens_slut", "Aktiva vid periodens slut", 4),
        ("utskrivna", "Utskrivna", 2),
        (
            "paborjad_arbetstraning",
            "Inskrivna som påbörjat arbetsträning",
            3,
        ),
    ] {
        t.rows.push(Header::new(code, label));
        t.values.push(flode[row].to_vec());
        t.marks.push(vec![lotsen_domain::statistik::Mark::Shown; 4]);
    }
    Ok(())
}

/// `atgarder_per_insats`: per entry of the insatskatalog (every entry, by code), the ärenden
/// received in the period with at least one action naming it, by kön. Read from the ärenden
/// and actions directly (few actions name an entry; `atgard_katalog_idx`), not from the kept
/// monthly sums.
async fn per_insats(
    tx: &mut Tx,
    forbund: Uuid,
    groups: &[Uuid],
    period: Period,
) -> CoreResult<FigureTable> {
    let rows: Vec<(String, String, i64, i64, i64, i64)> = sqlx::query_as(
        "select k.kod, k.namn::text, \
                count(distinct a.arende_id) filter (where a.kon = 'kvinna'), \
                count(distinct a.arende_id) filter (where a.kon = 'man'), \
                count(distinct a.arende_id) filter (where a.kon = 'okant'), \
                count(distinct a.arende_id) \
         from katalog k \
         left join (atgard t join arende a on a.forbund_id = t.forbund_id \
                    and a.arende_id = t.arende_id and a.lokus_id = any($2) \
                    and a.inkom between $3 and $4) \
              on t.forbund_id = k.forbund_id and t.katalog_id = k.katalog_id \
         where k.forbund_id = $1 \
         group by k.kod, k.namn order by k.kod",
    )
    .bind(forbund)
    .bind(groups)
    .bind(period.fran)
    .bind(period.till)
    .fetch_all(&mut **tx)
    .await?;
    Ok(FigureTable::by_kon(
        Tabell::AtgarderPerInsats,
        rows.into_iter()
            .map(|(kod, namn, k, m, o, t)| {
                (
                    Header::new(kod.clone(), format!("{namn} ({kod})")),
                    [k, m, o, t],
                )
            })
            .collect(),
    ))
}

/// Runs a figure query for the förbund and its selected groups.
async fn fetch<T>(tx: &mut Tx, q: Query, forbund: Uuid, groups: &[Uuid]) -> CoreResult<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    let mut query = sqlx::query_as::<_, T>(&q.sql).bind(forbund).bind(groups);
    for d in &q.dates {
        query = query.bind(*d);
    }
    Ok(query.fetch_all(&mut **tx).await?)
}

fn zero_group(dim: &str) -> GroupRow {
    GroupRow {
        dim: dim.into(),
        kod: None,
        kvinna: 0,
        man: 0,
        okant: 0,
        totalt: 0,
        under_30: 0,
        aldre: 0,
        okand_alder: 0,
        unika: 0,
    }
}

fn assemble(
    groups: &[GroupRow],
    units: &[(Uuid, Part, String, String)],
    kommuner: &[(String, String)],
) -> FigureSet {
    let by_dim = |dim: &str| -> HashMap<Option<&str>, &GroupRow> {
        groups
            .iter()
            .filter(|g| g.dim == dim)
            .map(|g| (g.kod.as_deref(), g))
            .collect()
    };
    let empty_total = zero_group("totalt");
    let total = groups
        .iter()
        .find(|g| g.dim == "totalt")
        .unwrap_or(&empty_total);
    let parts = by_dim("part");
    let empty = zero_group("");
    let part_group = |p: Part| *parts.get(&Some(p.code())).unwrap_or(&&empty);

    let part_columns: Vec<Header> = Part::ALL
        .iter()
        .map(|p| Header::new(p.code(), p.label()))
        .chain([Header::new("totalt", "Totalt")])
        .collect();
    let per_part_cols = |f: fn(&GroupRow) -> i64| -> Vec<i64> {
        Part::ALL
            .iter()
            .map(|p| f(part_group(*p)))
            .chain([f(total)])
            .collect()
    };
    let five_to_total = Sum {
        parts: (0..5).collect(),
        total: 5,
        within: Vec::new(),
    };

    // arenden_per_part
    let mut per_part = FigureTable::new(
        Tabell::ArendenPerPart,
        vec![
            Header::new("kvinna", "Kvinnor"),
            Header::new("man", "Män"),
            Header::new("okant_kon", "Okänt kön"),
            Header::new("under_30", "Under 30 år"),
            Header::new("30_och_aldre", "30 år och äldre"),
            Header::new("okand_alder", "Okänd ålder"),
            Header::new("totalt", "Totalt"),
        ],
        part_columns.clone(),
        vec![
            per_part_cols(|g| g.kvinna),
            per_part_cols(|g| g.man),
            per_part_cols(|g| g.okant),
            per_part_cols(|g| g.under_30),
            per_part_cols(|g| g.aldre),
            per_part_cols(|g| g.okand_alder),
            per_part_cols(|g| g.totalt),
        ],
    )
    .with_total_row(0..3)
    .with_total_row(3..6);
    per_part.col_sums.push(five_to_total.clone());

    // handlaggare_per_part
    let mut handlaggare = FigureTable::new(
        Tabell::HandlaggarePerPart,
        vec![
            Header::new("unika_handlaggare", "Unika handläggare"),
            Header::new("arenden", "Ärenden"),
        ],
        part_columns.clone(),
        vec![per_part_cols(|g| g.unika), per_part_cols(|g| g.totalt)],
    );
    handlaggare.col_sums.push(five_to_total);

    // arenden_per_enhet: every unit, then ärenden without a unit, then the total.
    let enheter = by_dim("enhet");
    let mut unit_list: Vec<&(Uuid, Part, String, String)> = units.iter().collect();
    unit_list.sort_by_key(|u| Part::ALL.iter().position(|p| *p == u.1));
    let mut enhet_rows: Vec<(Header, &GroupRow)> = unit_list
        .iter()
        .map(|(id, part, org, namn)| {
            let g = *enheter
                .get(&Some(id.to_string().as_str()))
                .unwrap_or(&&empty);
            (
                Header::new(
                    format!("{}:{org} / {namn}", part.code()),
                    format!("{org} / {namn} ({})", part.label()),
                ),
                g,
            )
        })
        .collect();
    enhet_rows.push((
        Header::new("okand", "Ingen enhet angiven"),
        *enheter.get(&None).unwrap_or(&&empty),
    ));
    let n_units = enhet_rows.len();
    enhet_rows.push((Header::new("totalt", "Totalt"), total));
    let per_enhet = {
        let mut t = FigureTable::new(
            Tabell::ArendenPerEnhet,
            enhet_rows.iter().map(|(h, _)| h.clone()).collect(),
            vec![
                Header::new("unika_handlaggare", "Unika handläggare"),
                Header::new("arenden", "Ärenden"),
            ],
            enhet_rows
                .iter()
                .map(|(_, g)| vec![g.unika, g.totalt])
                .collect(),
        );
        // A handläggare may remit from several units, so only the ärenden add up.
        t.row_sums.push(Sum {
            parts: (0..n_units).collect(),
            total: n_units,
            within: vec![1],
        });
        t
    };
    let per_enhet_kon = {
        let mut t = FigureTable::by_kon(
            Tabell::ArendenPerEnhet,
            enhet_rows
                .iter()
                .map(|(h, g)| (h.clone(), g.kon()))
                .collect(),
        )
        .with_total_row(0..n_units);
        t.kon_view = true;
        t
    };
    let per_part_kon = {
        let mut rows: Vec<(Header, [i64; 4])> = Part::ALL
            .iter()
            .map(|p| (Header::new(p.code(), p.label()), part_group(*p).kon()))
            .collect();
        rows.push((Header::new("totalt", "Totalt"), total.kon()));
        let mut t = FigureTable::by_kon(Tabell::ArendenPerPart, rows).with_total_row(0..5);
        t.kon_view = true;
        t
    };

    // Single-valued dimensions: every code, the unknown row, the total.
    let single = |tabell: Tabell, dim: &str, list: Vec<Header>, unknown: Header| {
        let found = by_dim(dim);
        let mut rows: Vec<(Header, [i64; 4])> = Vec::new();
        let known: Vec<String> = list.iter().map(|h| h.code.clone()).collect();
        for h in list.into_iter().chain([unknown]) {
            let v = found
                .get(&Some(h.code.as_str()))
                .map(|g| g.kon())
                .unwrap_or_default();
            rows.push((h, v));
        }
        // A code the list does not know (it cannot happen with today's check constraints)
        // still gets its row rather than vanishing.
        for (k, g) in &found {
            if let Some(k) = k
                && !known.iter().any(|c| c == k)
                && !rows.iter().any(|(h, _)| h.code == *k)
            {
                rows.push((Header::new(*k, *k), g.kon()));
            }
        }
        let n = rows.len();
        rows.push((Header::new("totalt", "Totalt"), total.kon()));
        FigureTable::by_kon(tabell, rows).with_total_row(0..n)
    };
    let samverkan = single(
        Tabell::Samverkansproblem,
        "samverkansproblem",
        Samverkansproblem::ALL
            .iter()
            .map(|c| Header::new(c.code(), c.label()))
            .collect(),
        Header::new("okant", "Ej angivet"),
    );
    let avslut = single(
        Tabell::Avslut,
        "avslut",
        Avslut::ALL
            .iter()
            .map(|c| Header::new(c.code(), c.label()))
            .collect(),
        Header::new("ej_avslutad", "Ej avslutat"),
    );
    let kommun = single(
        Tabell::Bostadskommun,
        "bostadskommun",
        kommuner
            .iter()
            .map(|(kod, namn)| Header::new(kod.clone(), format!("{namn} ({kod})")))
            .collect(),
        Header::new("okand", "Okänd kommun"),
    );

    // Multi-valued codes: every code, extra codes found (a förbund's own målgrupper), and
    // "ingen uppgift"; no total row, since an ärende may count on several rows.
    let multi = |tabell: Tabell, list: Vec<Header>| {
        let found: HashMap<Option<&str>, [i64; 4]> = groups
            .iter()
            .filter(|g| g.dim == tabell.code())
            .map(|g| (g.kod.as_deref(), g.kon()))
            .collect();
        let mut rows: Vec<(Header, [i64; 4])> = list
            .into_iter()
            .map(|h| {
                let v = found
                    .get(&Some(h.code.as_str()))
                    .copied()
                    .unwrap_or_default();
                (h, v)
            })
            .collect();
        let mut extra: Vec<(&str, [i64; 4])> = found
            .iter()
            .filter_map(|(k, v)| k.map(|k| (k, *v)))
            .filter(|(k, _)| !rows.iter().any(|(h, _)| h.code == *k))
            .collect();
        extra.sort();
        rows.extend(extra.into_iter().map(|(k, v)| (Header::new(k, k), v)));
        rows.push((
            Header::new("ingen_uppgift", "Ingen uppgift"),
            found.get(&None).copied().unwrap_or_default(),
        ));
        FigureTable::by_kon(tabell, rows)
    };
    let atgarder = multi(
        Tabell::Atgarder,
        Atgard::ALL
            .iter()
            .map(|c| Header::new(c.code(), c.label()))
            .collect(),
    );
    let atgard_row = |code: &str| -> [i64; 4] {
        atgarder
            .row_index(code)
            .map(|r| {
                let v = &atgarder.values[r];
                [v[0], v[1], v[2], v[3]]
            })
            .unwrap_or_default()
    };
    let tillagg = FigureTable::by_kon(
        Tabell::Tillaggsresurs,
        vec![
            (
                Header::new("erbjudna", "Erbjuden tilläggsresurs"),
                atgard_row(Atgard::TillaggsresursErbjuden.code()),
            ),
            (
                Header::new("paborjade", "Påbörjad tilläggsresurs"),
                atgard_row(Atgard::TillaggsresursPaborjad.code()),
            ),
        ],
    );
    let malgrupper = multi(
        Tabell::Malgrupper,
        Malgrupp::ALL
            .iter()
            .map(|c| Header::new(c.code(), c.label()))
            .collect(),
    );
    let ersattning = multi(
        Tabell::Ersattning,
        Ersattning::ALL
            .iter()
            .map(|c| Header::new(c.code(), c.label()))
            .collect(),
    );
    FigureSet {
        tables: vec![
            per_part,
            handlaggare,
            per_enhet,
            atgarder,
            samverkan,
            malgrupper,
            ersattning,
            avslut,
            kommun,
            tillagg,
            per_part_kon,
            per_enhet_kon,
        ],
        suppressed: None,
    }
}
