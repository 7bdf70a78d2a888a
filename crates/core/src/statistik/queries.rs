//! The SQL behind the figure tables: aggregate queries over the ärenden received in the period
//! (the single-valued dimensions with `grouping sets` over their combinations, the unique
//! handläggare, and the multi-valued codes from the code arrays on the ärende row), plus the
//! reference lists that give every row, zeros included.

use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::Part;
use lotsen_domain::arende::{Atgard, Avslut, Ersattning, Malgrupp, Samverkansproblem};
use lotsen_domain::statistik::{FigureSet, FigureTable, Header, Period, Sum, Tabell};
use std::collections::HashMap;
use uuid::Uuid;

/// One group of the single-valued query.
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
    unika: i64,
}

impl GroupRow {
    fn kon(&self) -> [i64; 4] {
        [self.kvinna, self.man, self.okant, self.totalt]
    }
}

/// One code of a multi-valued table.
#[derive(Debug, sqlx::FromRow)]
struct CodeRow {
    tabell: String,
    kod: Option<String>,
    kvinna: i64,
    man: i64,
    okant: i64,
    totalt: i64,
}

/// Which ärenden are counted. The text differs between a group and the whole förbund, so a
/// cached generic plan for one can never be used for the other (`$2 is null or …` would keep
/// PostgreSQL from using the group's index).
fn scope(lokus: Option<Uuid>) -> &'static str {
    if lokus.is_some() {
        "a.forbund_id = $1 and a.lokus_id = $2 and a.inkom between $3 and $4"
    } else {
        "a.forbund_id = $1 and $2::uuid is null and a.inkom between $3 and $4"
    }
}

/// The selected ärenden collapsed to one row per combination of the single-valued
/// dimensions (a few thousand combinations for hundreds of thousands of ärenden). This plain
/// `group by` can run in parallel workers, which `grouping sets` cannot; the grouping sets
/// then run over the combinations. Unknowns become codes, age becomes its class.
fn combinations(lokus: Option<Uuid>) -> String {
    format!(
        "select a.part, a.enhet_id, a.kon, \
                case when a.alder < 30 then 'under_30' when a.alder >= 30 then 'aldre' end as alder, \
                coalesce(a.samverkansproblem, 'okant') as samverkansproblem, \
                coalesce(a.avslut, 'ej_avslutad') as avslut, \
                coalesce(a.bostadskommun, 'okand') as bostadskommun, \
                count(*) as n \
         from arende a where {} group by 1, 2, 3, 4, 5, 6, 7",
        scope(lokus)
    )
}

/// Sums of the combinations' counts by kön; `coalesce` because an empty selection still has
/// its total row.
const KON_SUMS: &str = "coalesce(sum(a.n) filter (where a.kon = 'kvinna'), 0)::int8 as kvinna, \
     coalesce(sum(a.n) filter (where a.kon = 'man'), 0)::int8 as man, \
     coalesce(sum(a.n) filter (where a.kon = 'okant'), 0)::int8 as okant, \
     coalesce(sum(a.n), 0)::int8 as totalt";

/// Every figure table for the förbund (or one LOKUS group) and period. The caller has
/// checked access and opened the tenant's transaction.
pub async fn figures(
    tx: &mut Tx,
    forbund: Uuid,
    lokus: Option<Uuid>,
    period: Period,
) -> CoreResult<FigureSet> {
    // The statistics read many rows through indexes that are in memory; with the default
    // random_page_cost (4) PostgreSQL hashed whole child tables for a group's few thousand
    // ärenden instead of looking them up (1 s against 0.2 s for a group-year of 38 000). With
    // the default work_mem (4 MB) every grouping set was sorted on disk instead of hashed in
    // memory (docs/benchmarks.md). Both settings end with this transaction.
    sqlx::query("set local random_page_cost = 1.1")
        .execute(&mut **tx)
        .await?;
    sqlx::query("set local work_mem = '64MB'")
        .execute(&mut **tx)
        .await?;
    // JIT compilation added 50–200 ms to the whole förbund's queries and saved nothing
    // measurable. The whole förbund's pass over its ärenden is split over parallel workers
    // only with zero parallel costs: the planner overestimates the combinations (40 000
    // against under 1 000) and kept it serial (docs/benchmarks.md).
    sqlx::query("set local jit = off")
        .execute(&mut **tx)
        .await?;
    if lokus.is_none() {
        sqlx::query("set local parallel_setup_cost = 0")
            .execute(&mut **tx)
            .await?;
        sqlx::query("set local parallel_tuple_cost = 0")
            .execute(&mut **tx)
            .await?;
    }
    let combinations = combinations(lokus);
    let scope = scope(lokus);
    // No `count(distinct …)` here, so PostgreSQL can hash every grouping set in one pass.
    let mut groups: Vec<GroupRow> = sqlx::query_as(&format!(
        "with a as ({combinations}) \
         select case when grouping(a.part) = 0 then 'part' \
                     when grouping(a.enhet_id) = 0 then 'enhet' \
                     when grouping(a.samverkansproblem) = 0 then 'samverkansproblem' \
                     when grouping(a.avslut) = 0 then 'avslut' \
                     when grouping(a.bostadskommun) = 0 then 'bostadskommun' \
                     else 'totalt' end as dim, \
                coalesce(a.part, a.enhet_id::text, a.samverkansproblem, a.avslut, a.bostadskommun) as kod, \
                {KON_SUMS}, \
                coalesce(sum(a.n) filter (where a.alder = 'under_30'), 0)::int8 as under_30, \
                coalesce(sum(a.n) filter (where a.alder = 'aldre'), 0)::int8 as aldre, \
                coalesce(sum(a.n) filter (where a.alder is null), 0)::int8 as okand_alder, \
                0::int8 as unika \
         from a \
         group by grouping sets ((a.part), (a.enhet_id), (a.samverkansproblem), (a.avslut), \
                                 (a.bostadskommun), ())"
    ))
    .bind(forbund)
    .bind(lokus)
    .bind(period.fran)
    .bind(period.till)
    .fetch_all(&mut **tx)
    .await?;

    // Unique handläggare per part, per unit and in all: first the few distinct
    // (part, unit, handläggare) triples, then distinct counts over those.
    let unika: Vec<(String, Option<String>, i64)> = sqlx::query_as(&format!(
        "with h as (select distinct a.part, a.enhet_id, a.handlaggare_id from arende a \
                    where {scope} and a.handlaggare_id is not null) \
         select case when grouping(h.part) = 0 then 'part' \
                     when grouping(h.enhet_id) = 0 then 'enhet' else 'totalt' end as dim, \
                coalesce(h.part, h.enhet_id::text) as kod, \
                count(distinct h.handlaggare_id) \
         from h group by grouping sets ((h.part), (h.enhet_id), ())"
    ))
    .bind(forbund)
    .bind(lokus)
    .bind(period.fran)
    .bind(period.till)
    .fetch_all(&mut **tx)
    .await?;
    for (dim, kod, n) in unika {
        if let Some(g) = groups.iter_mut().find(|g| g.dim == dim && g.kod == kod) {
            g.unika = n;
        }
    }

    // An ärende counts once per code it has (the arrays on the ärende row hold each kind's
    // distinct codes, kept by the triggers of migration 0011), and once in "ingen uppgift"
    // (the null code) when it has none. The ärenden are first collapsed to their distinct
    // (kön, codes) combinations, so the arrays are unnested once per combination.
    let codes: Vec<CodeRow> = sqlx::query_as(&format!(
        "with a as (select a.kon, a.atgard_koder, a.malgrupper, a.ersattning, count(*) as n \
                    from arende a where {scope} group by 1, 2, 3, 4) \
         select k.tabell, k.kod, {KON_SUMS} \
         from a cross join lateral ( \
             select 'atgarder', unnest(coalesce(nullif(a.atgard_koder, '{{}}'), '{{NULL}}')) \
             union all \
             select 'malgrupper', unnest(coalesce(nullif(a.malgrupper, '{{}}'), '{{NULL}}')) \
             union all \
             select 'ersattning', unnest(coalesce(nullif(a.ersattning, '{{}}'), '{{NULL}}')) \
         ) k(tabell, kod) \
         group by k.tabell, k.kod"
    ))
    .bind(forbund)
    .bind(lokus)
    .bind(period.fran)
    .bind(period.till)
    .fetch_all(&mut **tx)
    .await?;

    let units: Vec<(Uuid, String, String, String)> = sqlx::query_as(
        "select e.enhet_id, o.part, o.namn, e.namn from enhet e \
         join organisation o on o.forbund_id = e.forbund_id and o.organisation_id = e.organisation_id \
         where e.forbund_id = $1 order by o.namn, e.namn",
    )
    .bind(forbund)
    .fetch_all(&mut **tx)
    .await?;

    let seen_kommuner: Vec<String> = groups
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

    Ok(assemble(&groups, &codes, &units, &kommuner))
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
    codes: &[CodeRow],
    units: &[(Uuid, String, String, String)],
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
    let mut unit_list: Vec<&(Uuid, String, String, String)> = units.iter().collect();
    unit_list.sort_by_key(|u| Part::ALL.iter().position(|p| p.code() == u.1));
    let mut enhet_rows: Vec<(Header, &GroupRow)> = unit_list
        .iter()
        .map(|(id, part, org, namn)| {
            let g = *enheter
                .get(&Some(id.to_string().as_str()))
                .unwrap_or(&&empty);
            let part_label = Part::from_code(part).map(|p| p.label()).unwrap_or(part);
            (
                Header::new(
                    format!("{part}:{org} / {namn}"),
                    format!("{org} / {namn} ({part_label})"),
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
        let found: HashMap<Option<&str>, [i64; 4]> = codes
            .iter()
            .filter(|c| c.tabell == tabell.code())
            .map(|c| (c.kod.as_deref(), [c.kvinna, c.man, c.okant, c.totalt]))
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
