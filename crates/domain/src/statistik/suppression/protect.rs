//! Secondary suppression that passes the audit. After the primary marks (`<T` for 1 to
//! T − 1), the audit is run; for each cell it finds disclosed, a small linear program asks
//! which published cells a reader would have to be wrong about for the cell to reach the
//! value it must be able to take (1 or T − 1 for a `<T` cell; one more or one less than its
//! count for a `..` cell), at the least cost, and those cells are hidden. Then the changed
//! components are audited again, until the audit finds nothing.
//!
//! The program's cost per unit a published cell moves is about one, a little more for larger
//! counts, zeros and totals (much more for a table's grand total), so the cheapest release is
//! the fewest cells, preferring small non-zero inner cells: the classic cycle of four cells in
//! a two-way table, or a few more across linked tables. Only cells near the disclosed one are
//! offered (within three relations), which keeps each program small.
//!
//! Where no release near the cell helps, the marks themselves are loosened: a `<T` cell whose
//! interval is narrowed by other `<T` cells alone (a total of two small counts is at least 2)
//! is shown as `..` instead, and as a last resort every cell tied to the disclosed one is
//! hidden. Every step only hides (a shown cell becomes `..`, a `<T` becomes `..`), and hiding
//! only widens what a reader can reach, so the loop ends after at most two steps per cell.
//!
//! Why hiding everything is safe: if every cell of a connected part of the publication is `..`,
//! its relations involve no known number, so for the exact counts x every multiple λ·x
//! (λ = 0, 1, 2, …) fits them too. Every hidden non-zero count then ranges from 0 upwards and
//! no `<T` cell is left to narrow. A hidden zero could be pinned only by relations forcing it
//! to zero whatever the data, which no count relation does (one more ärende with that
//! property can always be added consistently).

use super::Mark;
use super::audit::{AuditReport, Cache, Finding, audit_with, domain};
use super::lp::{self, Outcome, Row, Sense, Var};
use super::relations::{CellRef, Publication, RelationKind};
use std::collections::VecDeque;

/// Marks the small counts and hides as few further cells as practical so that the audit of
/// the publication finds nothing; returns that final, exact audit.
pub fn protect(p: &mut Publication, threshold: i64) -> AuditReport {
    mark_primary(p, threshold);
    let graph = Graph::new(p);
    let mut cache = Cache::default();
    loop {
        let report = audit_with(p, threshold, &mut cache);
        if report.is_clean() {
            return report;
        }
        let mut order = report.findings.clone();
        order.sort_by_key(|f| (f.mark != Mark::Small, f.cell));
        let mut changed = false;
        for f in &order {
            changed |= fix(p, &graph, f, threshold);
        }
        if !changed {
            // Releases that the relaxation says suffice but the integers do not: loosen
            // the marks instead, which always changes something until all is hidden.
            for f in &order {
                changed |= escalate(p, &graph, f.cell);
            }
        }
        if !changed {
            return report;
        }
    }
}

/// Primary suppression: every count from 1 to threshold − 1 is `<T`, everything else shown.
pub fn mark_primary(p: &mut Publication, threshold: i64) {
    let cells: Vec<CellRef> = p.cells().collect();
    for c in cells {
        let m = if (1..threshold).contains(&p.value(c)) {
            Mark::Small
        } else {
            Mark::Shown
        };
        p.set_mark(c, m);
    }
}

/// For each cell (by [`Publication::id`]), the relations it is in.
pub(super) struct Graph {
    by_cell: Vec<Vec<usize>>,
}

impl Graph {
    pub fn new(p: &Publication) -> Graph {
        let mut by_cell = vec![Vec::new(); p.cell_count()];
        for (i, r) in p.relations().iter().enumerate() {
            for (c, _) in &r.terms {
                let cell = &mut by_cell[p.id(*c)];
                if cell.last() != Some(&i) {
                    cell.push(i);
                }
            }
        }
        Graph { by_cell }
    }

    /// Cells reachable from `start` through relations, with how many shown cells the path
    /// passes (suppressed cells are free to pass), up to `limit` shown cells.
    fn near(&self, p: &Publication, start: CellRef, limit: usize) -> Vec<CellRef> {
        let mut dist = vec![usize::MAX; p.cell_count()];
        let mut queue = VecDeque::from([(start, 0)]);
        dist[p.id(start)] = 0;
        let mut out = Vec::new();
        while let Some((c, d)) = queue.pop_front() {
            if d > dist[p.id(c)] {
                continue;
            }
            out.push(c);
            for ri in &self.by_cell[p.id(c)] {
                for (n, _) in &p.relations()[*ri].terms {
                    let step = usize::from(p.mark(*n) == Mark::Shown);
                    let nd = d + step;
                    let id = p.id(*n);
                    if nd <= limit && nd < dist[id] {
                        dist[id] = nd;
                        if step == 0 {
                            queue.push_front((*n, nd));
                        } else {
                            queue.push_back((*n, nd));
                        }
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

/// Hides what a finding needs; whether any mark changed.
fn fix(p: &mut Publication, graph: &Graph, f: &Finding, threshold: i64) -> bool {
    let Some(iv) = f.interval else {
        return false;
    };
    let targets: Vec<i64> = match f.mark {
        Mark::Small => [
            (iv.min > 1).then_some(1),
            (iv.max.is_some_and(|m| m < threshold - 1)).then_some(threshold - 1),
        ]
        .into_iter()
        .flatten()
        .collect(),
        Mark::Hidden => [Some(iv.min + 1), (iv.min > 0).then_some(iv.min - 1)]
            .into_iter()
            .flatten()
            .collect(),
        Mark::Shown => return false,
    };
    let mut changed = false;
    let mut cheapest: Option<(f64, Vec<CellRef>)> = None;
    for target in targets {
        match release(p, graph, f.cell, target, threshold) {
            // A `<T` cell must reach both ends: hide for each as it comes.
            Some((_, cells)) if f.mark == Mark::Small => {
                changed |= hide(p, &cells);
            }
            Some((cost, cells)) => {
                if cheapest.as_ref().is_none_or(|(c, _)| cost < *c) {
                    cheapest = Some((cost, cells));
                }
            }
            None if f.mark == Mark::Small => {
                p.set_mark(f.cell, Mark::Hidden);
                return true;
            }
            None => {}
        }
    }
    match cheapest {
        Some((_, cells)) => changed | hide(p, &cells),
        None if f.mark == Mark::Hidden => escalate(p, graph, f.cell),
        None => changed,
    }
}

fn hide(p: &mut Publication, cells: &[CellRef]) -> bool {
    let mut changed = false;
    for c in cells {
        if p.mark(*c) == Mark::Shown {
            p.set_mark(*c, Mark::Hidden);
            changed = true;
        }
    }
    changed
}

/// Loosens marks near a cell no release helps: the `<T` cells in its relations become `..`;
/// if there are none, every cell tied to it (see the module doc on why that is safe).
fn escalate(p: &mut Publication, graph: &Graph, cell: CellRef) -> bool {
    if p.mark(cell) == Mark::Small {
        p.set_mark(cell, Mark::Hidden);
        return true;
    }
    let neighbours: Vec<CellRef> = graph.by_cell[p.id(cell)]
        .iter()
        .flat_map(|ri| p.relations()[*ri].terms.iter().map(|(c, _)| *c))
        .filter(|c| p.mark(*c) == Mark::Small)
        .collect();
    if !neighbours.is_empty() {
        for c in neighbours {
            p.set_mark(c, Mark::Hidden);
        }
        return true;
    }
    let all = graph.near(p, cell, usize::MAX);
    let mut changed = false;
    for c in all {
        if p.mark(c) != Mark::Hidden {
            p.set_mark(c, Mark::Hidden);
            changed = true;
        }
    }
    changed
}

/// How far from the disclosed cell (in shown cells passed) a release looks.
const REACH: usize = 3;

/// The cheapest set of shown cells near `cell` whose hiding lets it take `target`, with its
/// cost; an empty set when it already can; `None` when no release within reach helps.
fn release(
    p: &Publication,
    graph: &Graph,
    cell: CellRef,
    target: i64,
    threshold: i64,
) -> Option<(f64, Vec<CellRef>)> {
    let mut offered = 0;
    for reach in 1..=REACH {
        let near = graph.near(p, cell, reach);
        let shown = near.iter().filter(|c| p.mark(**c) == Mark::Shown).count();
        if reach > 1 && shown == offered {
            break;
        }
        offered = shown;
        let problem = Release::build(p, graph, &near, cell, target, threshold);
        let Some((cost, cells)) = problem.solve(false) else {
            continue;
        };
        if !cells.is_empty() {
            return Some((cost, cells));
        }
        // The relaxation reaches the target without a release; the integers may not.
        return problem.solve(true);
    }
    None
}

/// The program of a release: suppressed cells range over their domains, each offered shown
/// cell may move from its count at a cost per unit, and the disclosed cell is set to the
/// target.
struct Release {
    vars: Vec<Var>,
    rows: Vec<Row>,
    objective: Vec<(usize, f64)>,
    /// Offered cells and the indexes of their upward and downward moves.
    moves: Vec<(CellRef, usize, usize)>,
}

impl Release {
    fn build(
        p: &Publication,
        graph: &Graph,
        near: &[CellRef],
        cell: CellRef,
        target: i64,
        threshold: i64,
    ) -> Release {
        let mut vars = Vec::new();
        let mut objective = Vec::new();
        let mut moves = Vec::new();
        // Per cell of `near`: its variable (suppressed) or its moves (shown).
        let mut slot = vec![None; p.cell_count()];
        let largest = near.iter().map(|c| p.value(*c)).max().unwrap_or(0).max(1) as f64;
        for c in near {
            let id = p.id(*c);
            match p.mark(*c) {
                Mark::Shown => {
                    let v = p.value(*c);
                    let up = vars.len();
                    vars.push(Var {
                        lo: 0.0,
                        hi: f64::INFINITY,
                        integer: true,
                    });
                    vars.push(Var {
                        lo: 0.0,
                        hi: v.max(0) as f64,
                        integer: true,
                    });
                    let w = cost(p, *c, largest);
                    objective.push((up, w));
                    objective.push((up + 1, w));
                    moves.push((*c, up, up + 1));
                    slot[id] = Some(up);
                }
                m => {
                    let (lo, hi) = domain(m, threshold);
                    slot[id] = Some(vars.len());
                    vars.push(Var {
                        lo: lo as f64,
                        hi: hi.map_or(f64::INFINITY, |h| h as f64),
                        integer: true,
                    });
                }
            }
        }
        let mut relations: Vec<usize> = near
            .iter()
            .flat_map(|c| graph.by_cell[p.id(*c)].iter().copied())
            .collect();
        relations.sort_unstable();
        relations.dedup();
        let mut rows: Vec<Row> = relations
            .into_iter()
            .map(|ri| {
                let r = &p.relations()[ri];
                let mut terms = Vec::with_capacity(r.terms.len() + 2);
                let mut rhs = 0;
                for (c, k) in &r.terms {
                    match (slot[p.id(*c)], p.mark(*c)) {
                        (Some(s), Mark::Shown) => {
                            rhs -= k * p.value(*c);
                            terms.push((s, *k));
                            terms.push((s + 1, -k));
                        }
                        (Some(s), _) => terms.push((s, *k)),
                        (None, _) => rhs -= k * p.value(*c),
                    }
                }
                Row {
                    terms,
                    kind: r.kind,
                    rhs,
                }
            })
            .collect();
        if let Some(s) = slot[p.id(cell)] {
            rows.push(Row {
                terms: vec![(s, 1)],
                kind: RelationKind::Eq,
                rhs: target,
            });
        }
        Release {
            vars,
            rows,
            objective,
            moves,
        }
    }

    /// The cost and the cells that move in an optimal release.
    fn solve(&self, integer: bool) -> Option<(f64, Vec<CellRef>)> {
        let Outcome::Optimal(x) =
            lp::solve(&self.vars, &self.rows, &self.objective, Sense::Min, integer)
        else {
            return None;
        };
        let cost = self.objective.iter().map(|(v, w)| w * x[*v]).sum();
        let cells = self
            .moves
            .iter()
            .filter(|(_, up, down)| x[*up] + x[*down] > 1e-6)
            .map(|(c, _, _)| *c)
            .collect();
        Some((cost, cells))
    }
}

/// The cost per unit a shown cell moves: about one, so the fewest cells win, then a little
/// more for a larger count (what is lost to the reader), for a zero (a hidden zero only ever
/// moves up, and readers take zeros as structural) and for totals, which readers use most.
fn cost(p: &Publication, c: CellRef, largest: f64) -> f64 {
    let v = p.value(c);
    let size = 0.5 * ((1 + v.max(0)) as f64).ln() / (1.0 + largest).ln();
    let zero = if v == 0 { 0.5 } else { 0.0 };
    let total = match p.is_total(c) {
        (true, true) => 2.5,
        (true, false) | (false, true) => 0.5,
        (false, false) => 0.0,
    };
    1.0 + size + zero + total
}
