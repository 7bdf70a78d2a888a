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
use super::lp::{self, Outcome, Row, Sense, Var};
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

/// One component's integer program.
struct Program {
    /// The variable of each cell of the component.
    var_of: Vec<usize>,
    lo: Vec<i64>,
    hi: Vec<Option<i64>>,
    rows: Vec<Row>,
    vars: Vec<Var>,
    /// Bounds every integer point keeps, from propagating the rows (see [`implied`]).
    implied: Vec<(i64, Option<i64>)>,
}

impl Program {
    fn build(p: &Publication, comp: &Component, threshold: i64) -> Program {
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
fn implied(lo: &[i64], hi: &[Option<i64>], rows: &[Row]) -> Vec<(i64, Option<i64>)> {
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

/// Exact integer minima and maxima over one program, remembering the integer points found.
struct Bounds<'p> {
    program: &'p Program,
    /// The least and greatest value of each variable known to fit.
    seen: Vec<Option<(i64, i64)>>,
    /// Whether any integer point is known.
    feasible: bool,
    /// The integer points found by the solver.
    points: Vec<Vec<i64>>,
    /// Per variable, whether the relaxation is unbounded above, once worked out.
    unbounded: Option<Vec<bool>>,
}

const EPS: f64 = 1e-6;

impl<'p> Bounds<'p> {
    fn new(program: &'p Program) -> Bounds<'p> {
        Bounds {
            program,
            seen: vec![None; program.lo.len()],
            feasible: false,
            points: Vec::new(),
            unbounded: None,
        }
    }

    /// Which variables the relaxation lets grow without bound: those a direction d of its
    /// recession cone (d ≥ 0, d = 0 on bounded variables, the rows' left sides 0 or ≤ 0 along
    /// d) increases. Each relaxation maximises d over the variables not yet known to grow,
    /// with d ≤ 1; the support of its optimum grows without bound, and an optimum of 0 says
    /// no other variable does. `None` if the solver fails.
    fn rays(&mut self) -> Option<Vec<bool>> {
        if let Some(u) = &self.unbounded {
            return Some(u.clone());
        }
        let pr = self.program;
        let free: Vec<bool> = pr.hi.iter().map(|h| h.is_none()).collect();
        let vars: Vec<Var> = free
            .iter()
            .map(|f| Var {
                lo: 0.0,
                hi: if *f { 1.0 } else { 0.0 },
                integer: false,
            })
            .collect();
        let rows: Vec<Row> = pr
            .rows
            .iter()
            .map(|r| Row {
                terms: r.terms.clone(),
                kind: r.kind,
                rhs: 0,
            })
            .collect();
        let mut grows = vec![false; free.len()];
        loop {
            let objective: Vec<(usize, f64)> = (0..free.len())
                .filter(|v| free[*v] && !grows[*v])
                .map(|v| (v, 1.0))
                .collect();
            if objective.is_empty() {
                break;
            }
            let Outcome::Optimal(d) = lp::solve(&vars, &rows, &objective, Sense::Max, false) else {
                return None;
            };
            let found: Vec<usize> = objective
                .iter()
                .map(|(v, _)| *v)
                .filter(|v| d[*v] > EPS)
                .collect();
            if found.is_empty() {
                break;
            }
            for v in found {
                grows[v] = true;
            }
        }
        self.unbounded = Some(grows.clone());
        Some(grows)
    }

    fn seen_value(&mut self, v: usize, x: i64) {
        self.feasible = true;
        self.seen[v] = Some(match self.seen[v] {
            None => (x, x),
            Some((lo, hi)) => (lo.min(x), hi.max(x)),
        });
    }

    /// Remembers `x` if it is an integer point of the program.
    fn witness(&mut self, x: &[i64]) -> bool {
        let pr = self.program;
        let inside = x
            .iter()
            .enumerate()
            .all(|(v, xv)| *xv >= pr.lo[v] && pr.hi[v].is_none_or(|h| *xv <= h))
            && pr.rows.iter().all(|r| r.holds(x));
        if inside {
            for (v, xv) in x.iter().enumerate() {
                self.seen_value(v, *xv);
            }
        }
        inside
    }

    fn found(&mut self, x: Vec<i64>) -> bool {
        let ok = self.witness(&x);
        if ok {
            self.points.push(x);
        }
        ok
    }

    /// Whether the variable is known to take two values.
    fn varied(&self, v: usize) -> bool {
        self.seen[v].is_some_and(|(lo, hi)| lo < hi)
    }

    fn seen(&self, v: usize, sense: Sense) -> Option<i64> {
        self.seen[v].map(|(lo, hi)| match sense {
            Sense::Min => lo,
            Sense::Max => hi,
        })
    }

    fn solve(&self, objective: &[(usize, f64)], sense: Sense, integer: bool) -> Outcome {
        lp::solve(
            &self.program.vars,
            &self.program.rows,
            objective,
            sense,
            integer,
        )
    }

    /// A few relaxations that push every variable not yet seen where it must be able to go
    /// (a `<T` cell to 1 and T − 1; a `..` cell down to its least, or for findings only off
    /// its one value) at once: their vertices are often integral and settle many variables
    /// per solve.
    fn batch(&mut self, depth: Depth) {
        let pr = self.program;
        for _ in 0..4 {
            let objective: Vec<(usize, f64)> = (0..pr.lo.len())
                .filter_map(|v| {
                    let (lo, hi) = self.seen[v]?;
                    // Down (up) only where a point lower (higher) is wanted and not ruled out.
                    let down = lo > pr.implied[v].0;
                    let up = pr.implied[v].1.is_some_and(|h| hi < h);
                    match pr.hi[v] {
                        Some(_) if down => Some((v, 1.0)),
                        Some(_) if up => Some((v, -1.0)),
                        None if down && (lo == hi || depth == Depth::Full) => Some((v, 1.0)),
                        _ => None,
                    }
                })
                .collect();
            if objective.is_empty() {
                return;
            }
            let Outcome::Optimal(x) = self.solve(&objective, Sense::Min, false) else {
                return;
            };
            let Some(x) = integral(&x) else { return };
            let before = self.seen.clone();
            if !self.found(x) || self.seen == before {
                return;
            }
        }
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
        let implied = match sense {
            Sense::Min => Some(pr.implied[v].0),
            Sense::Max => pr.implied[v].1,
        };
        if implied.is_some() && self.seen(v, sense) == implied {
            return Some(implied);
        }
        if pr.rows.is_empty() {
            return Some(limit);
        }
        if sense == Sense::Max && limit.is_none() && self.feasible && self.rays()?[v] {
            return Some(None);
        }
        let relaxed = match self.solve(&[(v, 1.0)], sense, false) {
            Outcome::Optimal(x) => x,
            // An unbounded relaxation of a rational program with an integer point is
            // unbounded over the integers too (Meyer); a point is needed first.
            Outcome::Unbounded if sense == Sense::Max => {
                if !self.feasible {
                    self.bound(v, Sense::Min)?;
                }
                return self.feasible.then_some(None);
            }
            _ => return None,
        };
        if let Some(x) = integral(&relaxed) {
            let value = x[v];
            if self.found(x) {
                return Some(Some(value));
            }
        }
        let proven = match sense {
            Sense::Min => (relaxed[v] - EPS).ceil() as i64,
            Sense::Max => (relaxed[v] + EPS).floor() as i64,
        };
        if self.seen(v, sense) == Some(proven) {
            return Some(Some(proven));
        }
        // A vertex with the variable at the proven bound is often integral: one more
        // relaxation before branch and bound.
        let mut rows = pr.rows.clone();
        rows.push(Row {
            terms: vec![(v, 1)],
            kind: RelationKind::Eq,
            rhs: proven,
        });
        if let Outcome::Optimal(x) = lp::solve(&pr.vars, &rows, &[], Sense::Min, false)
            && let Some(x) = integral(&x)
            && self.found(x)
        {
            return Some(Some(proven));
        }
        match self.solve(&[(v, 1.0)], sense, true) {
            Outcome::Optimal(x) => {
                let x = integral(&x)?;
                let value = x[v];
                self.found(x).then_some(Some(value))
            }
            _ => None,
        }
    }
}

/// The point rounded, if every value is an integer (within the solver's tolerance).
pub(super) fn integral(x: &[f64]) -> Option<Vec<i64>> {
    x.iter()
        .map(|v| {
            let r = v.round();
            ((v - r).abs() < EPS).then_some(r as i64)
        })
        .collect()
}
