//! One component's integer program: a variable per suppressed cell (equal copies share one),
//! the reader's domain of each (`<T`: 1 … T − 1, `..`: ≥ 0), the relations as rows with the
//! shown cells moved to the right-hand side, and the bounds that propagating the rows implies.

use super::audit::{Component, domain};
use super::lp::{Row, Var};
use super::relations::{CellRef, Publication, RelationKind};
use std::collections::HashMap;

/// One component's integer program.
pub(super) struct Program {
    /// The variable of each cell of the component.
    pub(super) var_of: Vec<usize>,
    pub(super) lo: Vec<i64>,
    pub(super) hi: Vec<Option<i64>>,
    pub(super) rows: Vec<Row>,
    pub(super) vars: Vec<Var>,
    /// Bounds every integer point keeps, from propagating the rows (see [`implied`]).
    pub(super) implied: Vec<(i64, Option<i64>)>,
}

impl Program {
    pub(super) fn build(p: &Publication, comp: &Component, threshold: i64) -> Program {
        let local: HashMap<CellRef, usize> = comp
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i))
            .collect();
        let mut rows: Vec<Row> = comp
            .relations
            .iter()
            .map(|ri| {
                let r = &p.relations()[*ri];
                let mut terms: Vec<(usize, i64)> = Vec::with_capacity(r.terms.len());
                let mut rhs = 0;
                for (c, k) in &r.terms {
                    match local.get(c) {
                        Some(v) => terms.push((*v, *k)),
                        None => rhs -= k * p.value(*c),
                    }
                }
                Row {
                    terms,
                    kind: r.kind,
                    rhs,
                }
            })
            .collect();
        // Cells a relation says are equal become one variable.
        let mut class: Vec<usize> = (0..comp.cells.len()).collect();
        fn root(class: &mut [usize], mut i: usize) -> usize {
            while class[i] != i {
                class[i] = class[class[i]];
                i = class[i];
            }
            i
        }
        for r in &rows {
            if let [(a, ka), (b, kb)] = r.terms[..]
                && r.kind == RelationKind::Eq
                && r.rhs == 0
                && ka == -kb
            {
                let (ra, rb) = (root(&mut class, a), root(&mut class, b));
                class[ra] = rb;
            }
        }
        let mut number: HashMap<usize, usize> = HashMap::new();
        let var_of: Vec<usize> = (0..comp.cells.len())
            .map(|i| {
                let r = root(&mut class, i);
                let next = number.len();
                *number.entry(r).or_insert(next)
            })
            .collect();
        let n = number.len();
        let mut lo = vec![i64::MIN; n];
        let mut hi: Vec<Option<i64>> = vec![None; n];
        for (i, c) in comp.cells.iter().enumerate() {
            let (l, h) = domain(p.mark(*c), threshold);
            let v = var_of[i];
            lo[v] = lo[v].max(l);
            hi[v] = match (hi[v], h) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        for r in rows.iter_mut() {
            let mut terms: Vec<(usize, i64)> = Vec::with_capacity(r.terms.len());
            for (v, k) in &r.terms {
                let v = var_of[*v];
                match terms.iter_mut().find(|(w, _)| *w == v) {
                    Some(t) => t.1 += k,
                    None => terms.push((v, *k)),
                }
            }
            terms.retain(|(_, k)| *k != 0);
            terms.sort_unstable();
            r.terms = terms;
        }
        rows.retain(|r| !r.terms.is_empty());
        rows.sort_by(|a, b| {
            (&a.terms, a.rhs, a.kind == RelationKind::Eq).cmp(&(
                &b.terms,
                b.rhs,
                b.kind == RelationKind::Eq,
            ))
        });
        rows.dedup_by(|a, b| a.terms == b.terms && a.rhs == b.rhs && a.kind == b.kind);
        let vars = lo
            .iter()
            .zip(&hi)
            .map(|(lo, hi)| Var {
                lo: *lo as f64,
                hi: hi.map_or(f64::INFINITY, |h| h as f64),
                integer: true,
            })
            .collect();
        let implied = implied(&lo, &hi, &rows);
        Program {
            var_of,
            lo,
            hi,
            rows,
            vars,
            implied,
        }
    }
}

/// Bounds on each variable that follow from the domains and the rows one row at a time
/// (each row's other terms at their extremes), repeated while they tighten. Every integer
/// point keeps them, so a bound a known point reaches is exact without a solver.
pub(super) fn implied(lo: &[i64], hi: &[Option<i64>], rows: &[Row]) -> Vec<(i64, Option<i64>)> {
    let mut b: Vec<(i64, Option<i64>)> = lo.iter().copied().zip(hi.iter().copied()).collect();
    for _ in 0..8 {
        let mut tighter = false;
        for r in rows {
            // The least and greatest the row's left side can be, as (finite part, number of
            // unbounded terms).
            let mut least = (0i64, 0usize);
            let mut most = (0i64, 0usize);
            let extreme = |(l, h): (i64, Option<i64>), k: i64| -> (Option<i64>, Option<i64>) {
                if k > 0 {
                    (Some(k * l), h.map(|h| k * h))
                } else {
                    (h.map(|h| k * h), Some(k * l))
                }
            };
            for (v, k) in &r.terms {
                let (a, z) = extreme(b[*v], *k);
                match a {
                    Some(a) => least.0 += a,
                    None => least.1 += 1,
                }
                match z {
                    Some(z) => most.0 += z,
                    None => most.1 += 1,
                }
            }
            for (v, k) in &r.terms {
                let (a, z) = extreme(b[*v], *k);
                // Σ ≤ rhs: k·x ≤ rhs − (least of the others).
                let others_least = match a {
                    Some(a) if least.1 == 0 => Some(least.0 - a),
                    None if least.1 == 1 => Some(least.0),
                    _ => None,
                };
                let mut upper = others_least.map(|o| r.rhs - o);
                // Σ = rhs also gives k·x ≥ rhs − (most of the others).
                let others_most = match z {
                    Some(z) if most.1 == 0 => Some(most.0 - z),
                    None if most.1 == 1 => Some(most.0),
                    _ => None,
                };
                let mut lower = match r.kind {
                    RelationKind::Eq => others_most.map(|o| r.rhs - o),
                    RelationKind::Le => None,
                };
                if *k < 0 {
                    std::mem::swap(&mut upper, &mut lower);
                    upper = upper.map(|u| -u);
                    lower = lower.map(|l| -l);
                }
                let k = k.abs();
                let (l, h) = &mut b[*v];
                if let Some(u) = upper {
                    let u = u.div_euclid(k);
                    if h.is_none_or(|h| u < h) {
                        *h = Some(u);
                        tighter = true;
                    }
                }
                if let Some(w) = lower {
                    let w = -((-w).div_euclid(k));
                    if w > *l {
                        *l = w;
                        tighter = true;
                    }
                }
            }
        }
        if !tighter {
            break;
        }
    }
    b
}
