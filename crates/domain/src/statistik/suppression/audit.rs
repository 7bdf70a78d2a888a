//! What a reader holding the whole publication can work out about each suppressed cell, from
//! the published cells alone: shown cells are known numbers, a `<T` cell is an integer from 1
//! to T − 1, a `..` cell an integer ≥ 0, and every relation of the publication holds. Each
//! suppressed cell's feasible interval is the integer program's minimum and maximum of it,
//! solved exactly (branch and bound on integer variables, not the LP relaxation).
//!
//! A `<T` cell is disclosed when its interval does not reach both 1 and T − 1; a `..` cell
//! when its interval is a single value.

use super::Mark;
use super::lp::{self, Outcome, Row, Sense, Var};
use super::relations::{CellRef, Publication};
use std::collections::HashMap;

/// The values a cell can take: from `min` to `max` (`None`: no upper bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub min: i64,
    pub max: Option<i64>,
}

impl Interval {
    pub fn is_exact(&self) -> bool {
        self.max == Some(self.min)
    }

    /// Whether the interval reaches from `lo` or below to `hi` or above.
    pub fn covers(&self, lo: i64, hi: i64) -> bool {
        self.min <= lo && self.max.is_none_or(|m| m >= hi)
    }
}

/// A suppressed cell that the publication gives away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    pub cell: CellRef,
    pub mark: Mark,
    /// What a reader can work out; `None` when no values fit the published cells at all (a
    /// relation that the counts break, see [`Publication::broken`]) or the solver gave no
    /// answer, so nothing can be vouched for.
    pub interval: Option<Interval>,
}

/// Every suppressed cell's interval, and the cells the publication gives away.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditReport {
    /// The interval of each suppressed cell that has one, in cell order.
    pub intervals: Vec<(CellRef, Interval)>,
    pub findings: Vec<Finding>,
}

impl AuditReport {
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    pub fn interval(&self, c: CellRef) -> Option<Interval> {
        self.intervals
            .binary_search_by_key(&c, |(cell, _)| *cell)
            .ok()
            .map(|i| self.intervals[i].1)
    }
}

/// Audits a suppressed publication (see the module doc) at the threshold it was suppressed
/// with.
pub fn audit(publication: &Publication, threshold: i64) -> AuditReport {
    audit_with(publication, threshold, &mut Cache::default())
}

/// The suppressed cells that share relations, directly or through other suppressed cells,
/// and those relations: one independent integer program.
pub(super) struct Component {
    pub cells: Vec<CellRef>,
    pub relations: Vec<usize>,
}

/// Splits the suppressed cells into components, in cell order.
pub(super) fn components(p: &Publication) -> Vec<Component> {
    let n = p.cell_count();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first_var: Vec<Option<usize>> = Vec::with_capacity(p.relations().len());
    for r in p.relations() {
        let mut first: Option<usize> = None;
        for (c, _) in r.terms.iter().filter(|(c, _)| p.mark(*c) != Mark::Shown) {
            let id = p.id(*c);
            match first {
                None => first = Some(id),
                Some(f) => {
                    let (a, b) = (root(&mut parent, f), root(&mut parent, id));
                    parent[a] = b;
                }
            }
        }
        first_var.push(first);
    }
    let mut index: HashMap<usize, usize> = HashMap::new();
    let mut out: Vec<Component> = Vec::new();
    for c in p.cells().filter(|c| p.mark(*c) != Mark::Shown) {
        let r = root(&mut parent, p.id(c));
        let k = *index.entry(r).or_insert_with(|| {
            out.push(Component {
                cells: Vec::new(),
                relations: Vec::new(),
            });
            out.len() - 1
        });
        out[k].cells.push(c);
    }
    for (i, first) in first_var.into_iter().enumerate() {
        if let Some(f) = first {
            let r = root(&mut parent, f);
            if let Some(k) = index.get(&r) {
                out[*k].relations.push(i);
            }
        }
    }
    out
}

/// Components already solved, by their cells and marks: with the relations and the shown
/// values fixed, those decide the integer program.
#[derive(Default)]
pub(super) struct Cache {
    solved: HashMap<Vec<(CellRef, Mark)>, Option<Vec<Interval>>>,
}

pub(super) fn audit_with(p: &Publication, threshold: i64, cache: &mut Cache) -> AuditReport {
    let mut report = AuditReport::default();
    for comp in components(p) {
        let key: Vec<(CellRef, Mark)> = comp.cells.iter().map(|c| (*c, p.mark(*c))).collect();
        let intervals = cache
            .solved
            .entry(key)
            .or_insert_with(|| solve_component(p, &comp, threshold));
        match intervals {
            Some(iv) => {
                for (c, i) in comp.cells.iter().zip(iv.iter()) {
                    report.intervals.push((*c, *i));
                    let mark = p.mark(*c);
                    let disclosed = match mark {
                        Mark::Small => !i.covers(1, threshold - 1),
                        _ => i.is_exact(),
                    };
                    if disclosed {
                        report.findings.push(Finding {
                            cell: *c,
                            mark,
                            interval: Some(*i),
                        });
                    }
                }
            }
            None => report.findings.extend(comp.cells.iter().map(|c| Finding {
                cell: *c,
                mark: p.mark(*c),
                interval: None,
            })),
        }
    }
    report.intervals.sort_by_key(|(c, _)| *c);
    report.findings.sort_by_key(|f| f.cell);
    report
}

/// A suppressed cell's domain as the reader knows it.
pub(super) fn domain(mark: Mark, threshold: i64) -> (i64, Option<i64>) {
    match mark {
        Mark::Small => (1, Some(threshold - 1)),
        _ => (0, None),
    }
}

/// One component's integer program: its variables, rows and the exact counts (a known
/// solution, which only ever saves solver calls: see [`Bounds`]).
pub(super) struct Program {
    pub lo: Vec<i64>,
    pub hi: Vec<Option<i64>>,
    pub rows: Vec<Row>,
    pub truth: Vec<i64>,
}

impl Program {
    pub fn build(p: &Publication, comp: &Component, threshold: i64) -> Program {
        let local: HashMap<CellRef, usize> = comp
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i))
            .collect();
        let (lo, hi) = comp
            .cells
            .iter()
            .map(|c| domain(p.mark(*c), threshold))
            .unzip();
        let rows = comp
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
        Program {
            lo,
            hi,
            rows,
            truth: comp.cells.iter().map(|c| p.value(*c)).collect(),
        }
    }

    fn vars(&self) -> Vec<Var> {
        self.lo
            .iter()
            .zip(&self.hi)
            .map(|(lo, hi)| Var {
                lo: *lo as f64,
                hi: hi.map_or(f64::INFINITY, |h| h as f64),
                integer: true,
            })
            .collect()
    }
}

fn solve_component(p: &Publication, comp: &Component, threshold: i64) -> Option<Vec<Interval>> {
    let program = Program::build(p, comp, threshold);
    let mut b = Bounds::new(&program);
    (0..comp.cells.len())
        .map(|v| {
            let min = b.bound(v, Sense::Min)?;
            let max = b.bound(v, Sense::Max)?;
            Some(Interval {
                min: min.unwrap_or(program.lo[v]),
                max,
            })
        })
        .collect()
}

/// Exact integer minima and maxima over one program. Integer points found on the way (and
/// the exact counts, which are one) are remembered: a bound that such a point reaches, or
/// that the LP relaxation proves no point can pass, needs no branch and bound.
struct Bounds<'p> {
    program: &'p Program,
    vars: Vec<Var>,
    /// The least and greatest value of each variable over the integer points seen.
    seen: Option<(Vec<i64>, Vec<i64>)>,
}

const EPS: f64 = 1e-6;

impl<'p> Bounds<'p> {
    fn new(program: &'p Program) -> Bounds<'p> {
        let mut b = Bounds {
            program,
            vars: program.vars(),
            seen: None,
        };
        b.witness(&program.truth);
        b
    }

    /// Remembers `x` if it is an integer point of the program.
    fn witness(&mut self, x: &[i64]) -> bool {
        let pr = self.program;
        let inside = x
            .iter()
            .enumerate()
            .all(|(v, xv)| *xv >= pr.lo[v] && pr.hi[v].is_none_or(|h| *xv <= h))
            && pr.rows.iter().all(|r| r.holds(x));
        if !inside {
            return false;
        }
        match &mut self.seen {
            None => self.seen = Some((x.to_vec(), x.to_vec())),
            Some((lo, hi)) => {
                for (v, xv) in x.iter().enumerate() {
                    lo[v] = lo[v].min(*xv);
                    hi[v] = hi[v].max(*xv);
                }
            }
        }
        true
    }

    fn seen(&self, v: usize, sense: Sense) -> Option<i64> {
        self.seen.as_ref().map(|(lo, hi)| match sense {
            Sense::Min => lo[v],
            Sense::Max => hi[v],
        })
    }

    fn solve(&mut self, v: usize, sense: Sense, integer: bool) -> Outcome {
        lp::solve(&self.vars, &self.program.rows, &[(v, 1.0)], sense, integer)
    }

    /// The exact integer minimum or maximum of variable `v`: `Some(None)` when unbounded,
    /// `None` when there is no integer point or the solver failed.
    fn bound(&mut self, v: usize, sense: Sense) -> Option<Option<i64>> {
        let pr = self.program;
        let limit = match sense {
            Sense::Min => Some(pr.lo[v]),
            Sense::Max => pr.hi[v],
        };
        if limit.is_some() && self.seen(v, sense) == limit {
            return Some(limit);
        }
        if pr.rows.is_empty() {
            return Some(limit);
        }
        let relaxed = match self.solve(v, sense, false) {
            Outcome::Optimal(x) => x,
            // An unbounded relaxation of a rational program with an integer point is
            // unbounded over the integers too (Meyer); a point is needed first.
            Outcome::Unbounded if sense == Sense::Max => {
                if self.seen.is_none() {
                    self.bound(v, Sense::Min)?;
                }
                return self.seen.as_ref().map(|_| None);
            }
            _ => return None,
        };
        if let Some(x) = integral(&relaxed)
            && self.witness(&x)
        {
            return Some(Some(x[v]));
        }
        let proven = match sense {
            Sense::Min => (relaxed[v] - EPS).ceil() as i64,
            Sense::Max => (relaxed[v] + EPS).floor() as i64,
        };
        if self.seen(v, sense) == Some(proven) {
            return Some(Some(proven));
        }
        match self.solve(v, sense, true) {
            Outcome::Optimal(x) => {
                let x = integral(&x)?;
                self.witness(&x).then_some(Some(x[v]))
            }
            _ => None,
        }
    }
}

/// The point rounded, if every value is an integer (within the solver's tolerance).
fn integral(x: &[f64]) -> Option<Vec<i64>> {
    x.iter()
        .map(|v| {
            let r = v.round();
            ((v - r).abs() < EPS).then_some(r as i64)
        })
        .collect()
}
