//! What a reader holding the whole publication can work out about each suppressed cell, from
//! the published cells alone: shown cells are known numbers, a `<T` cell is an integer from 1
//! to T − 1, a `..` cell an integer ≥ 0, and every relation of the publication holds. Each
//! suppressed cell's feasible interval is the integer program's minimum and maximum of it,
//! solved exactly (branch and bound on integer variables, not the LP relaxation).
//!
//! A `<T` cell is disclosed when its interval does not reach both 1 and T − 1; a `..` cell
//! when its interval is a single value.
//!
//! Only suppressed cells are variables, and they fall apart into components that share no
//! relation, each its own small program. Cells the relations say are equal (the same count in
//! two tables) are one variable. Integer points found on the way are remembered, the exact
//! counts being one of them: a bound that such a point reaches, or that the LP relaxation
//! proves nothing can pass, needs no branch and bound. The exact counts only ever save solver
//! calls; what the audit concludes follows from the published cells alone.

use super::Mark;
use super::bounds::{Bounds, integral};
use super::lp::{self, Outcome, Row, Sense};
use super::program::Program;
use super::relations::{CellRef, Publication, RelationKind};
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
    /// The interval of each suppressed cell, in cell order (missing where no values fit).
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
    audit_with(publication, threshold, Depth::Full, &mut Memory::default())
}

/// How much to work out: every interval, or only enough to find the disclosed cells (a `..`
/// cell seen at two values needs no bounds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Depth {
    Full,
    Findings,
}

/// A component's intervals per cell (`None` where not worked out), or `None` when no integer
/// point fits.
type Solved = Option<Vec<Option<Interval>>>;

/// What one protection run remembers between audits: the components solved (by their cells
/// and marks, which with the fixed relations and shown values decide the program), and, per
/// cell, values it takes in some assignment that fits everything published. Marks only ever
/// grow more hidden, which only widens what fits, so both stay true.
#[derive(Default)]
pub(super) struct Memory {
    solved: HashMap<Vec<(CellRef, Mark)>, Solved>,
    /// By [`Publication::id`]; empty when not kept.
    pub reached: Vec<Vec<i64>>,
}

impl Memory {
    /// Remembers that `cell` takes `value` in an assignment that fits.
    pub fn reach(&mut self, id: usize, value: i64) {
        if let Some(r) = self.reached.get_mut(id)
            && !r.contains(&value)
        {
            r.push(value);
        }
    }

    pub fn reaches(&self, id: usize, value: i64) -> bool {
        self.reached.get(id).is_some_and(|r| r.contains(&value))
    }
}

pub(super) fn audit_with(
    p: &Publication,
    threshold: i64,
    depth: Depth,
    memory: &mut Memory,
) -> AuditReport {
    let mut report = AuditReport::default();
    for comp in components(p) {
        let key: Vec<(CellRef, Mark)> = comp.cells.iter().map(|c| (*c, p.mark(*c))).collect();
        let intervals = match memory.solved.get(&key) {
            Some(known) => known.clone(),
            None => {
                let solved = solve_component(p, &comp, threshold, depth, memory);
                memory.solved.insert(key, solved.clone());
                solved
            }
        };
        let Some(intervals) = intervals else {
            report.findings.extend(comp.cells.iter().map(|c| Finding {
                cell: *c,
                mark: p.mark(*c),
                interval: None,
            }));
            continue;
        };
        for (c, i) in comp.cells.iter().zip(intervals) {
            let Some(i) = i else { continue };
            report.intervals.push((*c, i));
            let mark = p.mark(*c);
            // A small count shown as `..` keeps the promise of `<T` all the same: a reader
            // may not narrow it below 1 … T − 1 either.
            let disclosed = if mark == Mark::Small || is_small(p.value(*c), threshold) {
                !i.covers(1, threshold - 1)
            } else {
                i.is_exact()
            };
            if disclosed {
                report.findings.push(Finding {
                    cell: *c,
                    mark,
                    interval: Some(i),
                });
            }
        }
    }
    report.intervals.sort_by_key(|(c, _)| *c);
    report.findings.sort_by_key(|f| f.cell);
    report
}

/// Whether a count is a small one (1 … threshold − 1), whatever its mark.
pub(super) fn is_small(value: i64, threshold: i64) -> bool {
    (1..threshold).contains(&value)
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

/// A suppressed cell's domain as the reader knows it.
pub(super) fn domain(mark: Mark, threshold: i64) -> (i64, Option<i64>) {
    match mark {
        Mark::Small => (1, Some(threshold - 1)),
        _ => (0, None),
    }
}

/// Whether `cell` of component `comp` can take `target` under the current marks, as far as
/// one relaxation shows: `true` only with an integer point, which is remembered.
pub(super) fn can_reach(
    p: &Publication,
    comp: &Component,
    cell: CellRef,
    target: i64,
    threshold: i64,
    memory: &mut Memory,
) -> bool {
    let program = Program::build(p, comp, threshold);
    let Some(i) = comp.cells.iter().position(|c| *c == cell) else {
        return false;
    };
    let mut rows = program.rows.clone();
    rows.push(Row {
        terms: vec![(program.var_of[i], 1)],
        kind: RelationKind::Eq,
        rhs: target,
    });
    let Outcome::Optimal(x) = lp::solve(&program.vars, &rows, &[], Sense::Min, false) else {
        return false;
    };
    let Some(x) = integral(&x) else {
        return false;
    };
    let mut b = Bounds::new(&program);
    if !b.witness(&x) {
        return false;
    }
    for (i, c) in comp.cells.iter().enumerate() {
        memory.reach(p.id(*c), x[program.var_of[i]]);
    }
    true
}

fn solve_component(
    p: &Publication,
    comp: &Component,
    threshold: i64,
    depth: Depth,
    memory: &mut Memory,
) -> Solved {
    let program = Program::build(p, comp, threshold);
    let mut b = Bounds::new(&program);
    let mut truth = vec![0; program.lo.len()];
    for (i, c) in comp.cells.iter().enumerate() {
        truth[program.var_of[i]] = p.value(*c);
    }
    let consistent = comp
        .cells
        .iter()
        .enumerate()
        .all(|(i, c)| truth[program.var_of[i]] == p.value(*c));
    if consistent {
        b.witness(&truth);
    }
    for (i, c) in comp.cells.iter().enumerate() {
        if let Some(values) = memory.reached.get(p.id(*c)) {
            for v in values {
                b.seen_value(program.var_of[i], *v);
            }
        }
    }
    b.batch(depth);
    let mut per_var: Vec<Option<Interval>> = Vec::with_capacity(program.lo.len());
    for (v, value) in truth.iter().enumerate() {
        let small = program.hi[v].is_some() || is_small(*value, threshold);
        if depth == Depth::Findings && !small && b.varied(v) {
            per_var.push(None);
            continue;
        }
        let min = b.bound(v, Sense::Min)?.unwrap_or(program.lo[v]);
        if depth == Depth::Findings && !small && b.varied(v) {
            per_var.push(None);
            continue;
        }
        let max = b.bound(v, Sense::Max)?;
        per_var.push(Some(Interval { min, max }));
    }
    for (i, c) in comp.cells.iter().enumerate() {
        let v = program.var_of[i];
        for x in &b.points {
            memory.reach(p.id(*c), x[v]);
        }
    }
    Some(program.var_of.iter().map(|v| per_var[*v]).collect())
}
