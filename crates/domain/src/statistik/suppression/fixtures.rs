//! Test figure sets: made-up ärenden counted into the tables the way `lotsen-core`'s
//! `assemble` shapes them, so every relation the publication derives holds in the data, and a
//! small deterministic generator for them.

use crate::Part;
use crate::arende::{Atgard, Avslut, Ersattning, Malgrupp, Samverkansproblem};
use crate::statistik::{FigureTable, Header, Sum, Tabell};
use std::collections::BTreeSet;

/// A linear congruential generator (Knuth's MMIX constants): enough spread for test data,
/// the same numbers on every run.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// An index drawn with these weights.
    pub fn weighted(&mut self, weights: &[usize]) -> usize {
        let total: usize = weights.iter().sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// One made-up ärende: what the figure queries count.
pub struct Arende {
    part: usize,
    unit: Option<usize>,
    handlaggare: Option<usize>,
    kon: usize,
    alder: usize,
    samverkan: usize,
    avslut: usize,
    kommun: usize,
    atgarder: BTreeSet<usize>,
    malgrupper: BTreeSet<usize>,
    ersattning: BTreeSet<usize>,
}

const KOMMUNER: [&str; 4] = ["0180", "0181", "0182", "0183"];

/// A group-year's figure set: `units` units spread over the parts and `arenden` ärenden.
pub fn figure_set(seed: u64, units: usize, arenden: usize) -> Vec<FigureTable> {
    let (list, unit_part) = made_up(seed, units, arenden);
    assemble(&list.iter().collect::<Vec<_>>(), &unit_part)
}

/// Made-up ärenden, and the part of each unit.
pub fn made_up(seed: u64, units: usize, arenden: usize) -> (Vec<Arende>, Vec<usize>) {
    let mut g = Lcg::new(seed);
    let unit_part: Vec<usize> = (0..units).map(|_| g.weighted(&[4, 3, 6, 3, 1])).collect();
    let handlaggare_per_part = 6;
    let samverkan_weights: Vec<usize> = (0..=Samverkansproblem::ALL.len())
        .map(|i| 3 - i % 3)
        .collect();
    let list: Vec<Arende> = (0..arenden)
        .map(|_| {
            let part = g.weighted(&[4, 3, 6, 3, 1]);
            let own: Vec<usize> = (0..units).filter(|u| unit_part[*u] == part).collect();
            let unit = (!own.is_empty() && !g.chance(15)).then(|| own[g.below(own.len())]);
            let handlaggare = (!g.chance(10))
                .then(|| part * handlaggare_per_part + g.below(handlaggare_per_part));
            let set = |g: &mut Lcg, n: usize, percent: u64| -> BTreeSet<usize> {
                (0..n).filter(|_| g.chance(percent)).collect()
            };
            Arende {
                part,
                unit,
                handlaggare,
                kon: g.weighted(&[10, 8, 1]),
                alder: g.weighted(&[5, 10, 1]),
                samverkan: g.weighted(&samverkan_weights),
                avslut: g.below(Avslut::ALL.len() + 1),
                kommun: g.weighted(&[6, 3, 2, 1, 1]),
                atgarder: set(&mut g, Atgard::ALL.len(), 20),
                malgrupper: set(&mut g, Malgrupp::ALL.len(), 15),
                ersattning: set(&mut g, Ersattning::ALL.len(), 15),
            }
        })
        .collect();
    (list, unit_part)
}

fn kon(list: &[&Arende]) -> [i64; 4] {
    let mut v = [0; 4];
    for a in list {
        v[a.kon] += 1;
        v[3] += 1;
    }
    v
}

fn distinct(list: &[&Arende]) -> i64 {
    list.iter()
        .filter_map(|a| a.handlaggare)
        .collect::<BTreeSet<_>>()
        .len() as i64
}

/// The figure set of these ärenden, shaped as `lotsen-core`'s `assemble` shapes it.
pub fn assemble(list: &[&Arende], unit_part: &[usize]) -> Vec<FigureTable> {
    let all: Vec<&Arende> = list.to_vec();
    let of_part =
        |p: usize| -> Vec<&Arende> { all.iter().copied().filter(|a| a.part == p).collect() };
    let part_columns: Vec<Header> = Part::ALL
        .iter()
        .map(|p| Header::new(p.code(), p.label()))
        .chain([Header::new("totalt", "Totalt")])
        .collect();
    let per_part_cols = |f: &dyn Fn(&[&Arende]) -> i64| -> Vec<i64> {
        (0..5).map(|p| f(&of_part(p))).chain([f(&all)]).collect()
    };
    let five_to_total = Sum {
        parts: (0..5).collect(),
        total: 5,
        within: Vec::new(),
    };
    fn count(pred: impl Fn(&Arende) -> bool) -> impl Fn(&[&Arende]) -> i64 {
        move |l: &[&Arende]| l.iter().filter(|a| pred(a)).count() as i64
    }

    let mut per_part = FigureTable::new(
        Tabell::ArendenPerPart,
        [
            "kvinna",
            "man",
            "okant_kon",
            "under_30",
            "30_och_aldre",
            "okand_alder",
            "totalt",
        ]
        .iter()
        .map(|c| Header::new(*c, *c))
        .collect(),
        part_columns.clone(),
        vec![
            per_part_cols(&count(|a| a.kon == 0)),
            per_part_cols(&count(|a| a.kon == 1)),
            per_part_cols(&count(|a| a.kon == 2)),
            per_part_cols(&count(|a| a.alder == 0)),
            per_part_cols(&count(|a| a.alder == 1)),
            per_part_cols(&count(|a| a.alder == 2)),
            per_part_cols(&|l| l.len() as i64),
        ],
    )
    .with_total_row(0..3)
    .with_total_row(3..6);
    per_part.col_sums.push(five_to_total.clone());

    let mut handlaggare = FigureTable::new(
        Tabell::HandlaggarePerPart,
        vec![
            Header::new("unika_handlaggare", "Unika handläggare"),
            Header::new("arenden", "Ärenden"),
        ],
        part_columns.clone(),
        vec![per_part_cols(&distinct), per_part_cols(&|l| l.len() as i64)],
    );
    handlaggare.col_sums.push(five_to_total);

    let mut unit_order: Vec<usize> = (0..unit_part.len()).collect();
    unit_order.sort_by_key(|u| unit_part[*u]);
    let mut enhet_rows: Vec<(Header, Vec<&Arende>)> = unit_order
        .iter()
        .map(|u| {
            let part = Part::ALL[unit_part[*u]].code();
            (
                Header::new(format!("{part}:Org {u} / Enhet {u}"), format!("Enhet {u}")),
                all.iter().copied().filter(|a| a.unit == Some(*u)).collect(),
            )
        })
        .collect();
    enhet_rows.push((
        Header::new("okand", "Ingen enhet angiven"),
        all.iter().copied().filter(|a| a.unit.is_none()).collect(),
    ));
    let n_units = enhet_rows.len();
    enhet_rows.push((Header::new("totalt", "Totalt"), all.clone()));
    let mut per_enhet = FigureTable::new(
        Tabell::ArendenPerEnhet,
        enhet_rows.iter().map(|(h, _)| h.clone()).collect(),
        vec![
            Header::new("unika_handlaggare", "Unika handläggare"),
            Header::new("arenden", "Ärenden"),
        ],
        enhet_rows
            .iter()
            .map(|(_, l)| vec![distinct(l), l.len() as i64])
            .collect(),
    );
    per_enhet.row_sums.push(Sum {
        parts: (0..n_units).collect(),
        total: n_units,
        within: vec![1],
    });
    let mut per_enhet_kon = FigureTable::by_kon(
        Tabell::ArendenPerEnhet,
        enhet_rows
            .iter()
            .map(|(h, l)| (h.clone(), kon(l)))
            .collect(),
    )
    .with_total_row(0..n_units);
    per_enhet_kon.kon_view = true;
    let mut per_part_kon = FigureTable::by_kon(
        Tabell::ArendenPerPart,
        Part::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| (Header::new(p.code(), p.label()), kon(&of_part(i))))
            .chain([(Header::new("totalt", "Totalt"), kon(&all))])
            .collect(),
    )
    .with_total_row(0..5);
    per_part_kon.kon_view = true;

    let single =
        |tabell: Tabell, codes: Vec<String>, unknown: &str, pick: &dyn Fn(&Arende) -> usize| {
            let mut rows: Vec<(Header, [i64; 4])> = codes
                .iter()
                .chain([&unknown.to_string()])
                .enumerate()
                .map(|(i, c)| {
                    let l: Vec<&Arende> = all.iter().copied().filter(|a| pick(a) == i).collect();
                    (Header::new(c.clone(), c.clone()), kon(&l))
                })
                .collect();
            let n = rows.len();
            rows.push((Header::new("totalt", "Totalt"), kon(&all)));
            FigureTable::by_kon(tabell, rows).with_total_row(0..n)
        };
    let codes = |c: Vec<&str>| c.into_iter().map(String::from).collect::<Vec<_>>();
    let samverkan = single(
        Tabell::Samverkansproblem,
        codes(Samverkansproblem::ALL.iter().map(|c| c.code()).collect()),
        "okant",
        &|a| a.samverkan,
    );
    let avslut = single(
        Tabell::Avslut,
        codes(Avslut::ALL.iter().map(|c| c.code()).collect()),
        "ej_avslutad",
        &|a| a.avslut,
    );
    let kommun = single(
        Tabell::Bostadskommun,
        codes(KOMMUNER.to_vec()),
        "okand",
        &|a| a.kommun,
    );

    let multi = |tabell: Tabell, codes: Vec<&str>, pick: &dyn Fn(&Arende) -> &BTreeSet<usize>| {
        let mut rows: Vec<(Header, [i64; 4])> = codes
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let l: Vec<&Arende> = all
                    .iter()
                    .copied()
                    .filter(|a| pick(a).contains(&i))
                    .collect();
                (Header::new(*c, *c), kon(&l))
            })
            .collect();
        let none: Vec<&Arende> = all.iter().copied().filter(|a| pick(a).is_empty()).collect();
        rows.push((Header::new("ingen_uppgift", "Ingen uppgift"), kon(&none)));
        FigureTable::by_kon(tabell, rows)
    };
    let atgarder = multi(
        Tabell::Atgarder,
        Atgard::ALL.iter().map(|c| c.code()).collect(),
        &|a| &a.atgarder,
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
        Malgrupp::ALL.iter().map(|c| c.code()).collect(),
        &|a| &a.malgrupper,
    );
    let ersattning = multi(
        Tabell::Ersattning,
        Ersattning::ALL.iter().map(|c| c.code()).collect(),
        &|a| &a.ersattning,
    );
    vec![
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
    ]
}
