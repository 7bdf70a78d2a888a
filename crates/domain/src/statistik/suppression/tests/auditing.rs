//! The audit: exact integer intervals, checked against brute force, and the relations it knows.

use super::protecting::nrv_tables;
use super::*;

/// A unit's small count with its part's other units shown and the part's total shown: the
/// units add up to at most the total, so the small count is at most 2. (The `okand` row and
/// another unit are hidden, so that the units' declared sum does not give it away first.)
#[test]
pub(super) fn an_inequality_narrows_a_small_count_to_one_or_two() {
    let mut tables = nrv_tables([1, 14, 7]);
    let mut p = Publication::of(&mut tables);
    assert!(p.broken().is_empty(), "{:?}", p.broken());
    protect::mark_primary(&mut p, 5);
    p.set_mark(CellRef::new(1, 0, 1), Mark::Hidden);
    p.set_mark(CellRef::new(1, 6, 1), Mark::Hidden);
    let report = audit(&p, 5);
    let unit = CellRef::new(1, 3, 1);
    assert_eq!(p.mark(unit), Mark::Small);
    let f = report
        .findings
        .iter()
        .find(|f| f.cell == unit)
        .expect("the unit's count is narrowed");
    assert_eq!(
        f.interval,
        Some(Interval {
            min: 1,
            max: Some(2)
        }),
        "the region's 23 less the other units' 21"
    );
    let report = protect(&mut p, 5);
    assert!(report.is_empty(), "{report:?}");
}

/// A relaxation would let x reach 1 (at y = ½); over the integers x ≤ y and x + y ≤ 1 pin
/// x to 0.
#[test]
pub(super) fn the_audit_solves_integers_not_the_relaxation() {
    let mut tables = vec![FigureTable::new(
        Tabell::Atgarder,
        vec![Header::new("r", "r")],
        ["x", "y", "s", "t"]
            .iter()
            .map(|c| Header::new(*c, *c))
            .collect(),
        vec![vec![0, 0, 1, 3]],
    )];
    tables[0].marks[0][0] = Mark::Hidden;
    tables[0].marks[0][1] = Mark::Hidden;
    let c = |col| CellRef::new(0, 0, col);
    let p = Publication::of(&mut tables)
        .with(Relation {
            terms: vec![(c(0), 2), (c(1), -2), (c(2), -1)],
            kind: RelationKind::Le,
        })
        .with(Relation {
            terms: vec![(c(0), 2), (c(1), 2), (c(3), -1)],
            kind: RelationKind::Le,
        });
    assert!(p.broken().is_empty());
    let report = audit(&p, 5);
    assert_eq!(
        report.interval(c(0)),
        Some(Interval {
            min: 0,
            max: Some(0)
        })
    );
    assert_eq!(
        report.interval(c(1)),
        Some(Interval {
            min: 0,
            max: Some(1)
        })
    );
    assert_eq!(report.findings.len(), 1);
}

/// The audit against brute force: small tables with a few suppressed cells, every assignment
/// of those cells tried (a `..` cell up to a cap), the intervals compared.
#[test]
pub(super) fn the_audit_agrees_with_trying_every_value() {
    const CAP: i64 = 40;
    let mut g = Lcg::new(99);
    for case in 0..150 {
        let threshold = 3 + g.below(3) as i64;
        let rows: Vec<[i64; 4]> = (0..2)
            .map(|_| {
                let v: [i64; 3] = std::array::from_fn(|_| g.below(4) as i64);
                [v[0], v[1], v[2], v.iter().sum()]
            })
            .collect();
        let mut tables = vec![table(&rows)];
        let cells: Vec<(usize, usize)> = (0..3).flat_map(|r| (0..4).map(move |c| (r, c))).collect();
        let mut hidden = 0;
        for (r, c) in &cells {
            let v = tables[0].values[*r][*c];
            if (1..threshold).contains(&v) && g.chance(60) {
                tables[0].marks[*r][*c] = Mark::Small;
            } else if hidden < 3 && g.chance(25) {
                tables[0].marks[*r][*c] = Mark::Hidden;
                hidden += 1;
            }
        }
        let p = Publication::of(&mut tables);
        let vars: Vec<CellRef> = p.cells().filter(|c| p.mark(*c) != Mark::Shown).collect();
        if vars.len() > 5 {
            continue;
        }
        let report = audit(&p, threshold);
        let range = |c: &CellRef| match p.mark(*c) {
            Mark::Small => 1..=threshold - 1,
            _ => 0..=CAP,
        };
        let mut lo = vec![i64::MAX; vars.len()];
        let mut hi = vec![i64::MIN; vars.len()];
        let mut x: Vec<i64> = vars.iter().map(|c| *range(c).start()).collect();
        loop {
            let value = |c: CellRef| match vars.iter().position(|v| *v == c) {
                Some(i) => x[i],
                None => p.value(c),
            };
            if p.relations().iter().all(|r| r.holds(value)) {
                for i in 0..x.len() {
                    lo[i] = lo[i].min(x[i]);
                    hi[i] = hi[i].max(x[i]);
                }
            }
            // The next assignment, as an odometer.
            let mut i = 0;
            while i < x.len() && x[i] == *range(&vars[i]).end() {
                x[i] = *range(&vars[i]).start();
                i += 1;
            }
            if i == x.len() {
                break;
            }
            x[i] += 1;
        }
        for (i, c) in vars.iter().enumerate() {
            let Some(iv) = report.interval(*c) else {
                panic!("case {case}: no interval for {c:?}");
            };
            assert_eq!(iv.min, lo[i], "case {case}: min of {c:?}");
            match iv.max {
                Some(m) if m < CAP => assert_eq!(m, hi[i], "case {case}: max of {c:?}"),
                _ => assert_eq!(hi[i], CAP, "case {case}: max of {c:?} {iv:?}"),
            }
        }
    }
}

/// A hidden part and its hidden total with nothing else holding them: both grow without
/// bound, and the total is at least the shown parts.
#[test]
pub(super) fn a_hidden_cell_nothing_bounds_has_no_maximum() {
    let mut tables = vec![FigureTable::by_kon(
        Tabell::Avslut,
        vec![(Header::new("sip", "SIP"), [7, 9, 0, 16])],
    )];
    tables[0].marks[0][0] = Mark::Hidden;
    tables[0].marks[0][3] = Mark::Hidden;
    let report = audit_of(&mut tables, 5);
    let kvinna = report.interval(CellRef::new(0, 0, 0));
    let totalt = report.interval(CellRef::new(0, 0, 3));
    assert_eq!(kvinna, Some(Interval { min: 0, max: None }));
    assert_eq!(totalt, Some(Interval { min: 9, max: None }));
    assert!(report.is_clean());
}

#[test]
pub(super) fn derived_relations_hold_in_counted_data() {
    for seed in 0..5 {
        let mut tables = fixtures::figure_set(seed, 15, 200);
        for t in &tables {
            assert!(t.inconsistencies().is_empty(), "{:?}", t.inconsistencies());
        }
        let p = Publication::of(&mut tables);
        assert!(p.broken().is_empty(), "{:?}", p.broken());
        let le = p
            .relations()
            .iter()
            .filter(|r| r.kind == RelationKind::Le)
            .count();
        assert!(
            le > 15,
            "units within parts and handläggare within ärenden: {le}"
        );
    }
}
