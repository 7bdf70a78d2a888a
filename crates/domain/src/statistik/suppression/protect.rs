//! Secondary suppression that passes the audit.
//!
//! 1. Primary marks: a count from 1 to T − 1 is `<T`.
//! 2. A cheap local pass for what one equation gives away (`local_pass`): an equation
//!    with a single suppressed cell gets its cheapest shown cell hidden (the old rule), and a
//!    `<T` total of `<T` parts has all but one part shown as `..`.
//! 3. Then, until the exact audit finds nothing: for each disclosed cell, a small linear
//!    program (a release) asks which published cells a reader would have to be wrong about for
//!    the cell to take the value it must be able to take (1 and T − 1 for a `<T` cell; one
//!    more or one less than its count for a `..` cell), at the least cost; those cells are
//!    hidden. A `<T` cell may also leave its range in the program, at a cost a little below
//!    hiding a cell, and is then shown as `..`. Only changed components are audited again.
//!
//! The cost per unit a published cell moves is about one, a little more for larger counts,
//! zeros and totals (much more for a table's grand total), so the cheapest release is the
//! fewest cells, preferring small non-zero inner cells: the classic cycle of four cells in a
//! two-way table, or a few more across linked tables. Only cells near the disclosed one are
//! offered, widening while no release helps (`REACH`), which keeps each program small; the
//! relaxation is enough there, since the exact audit checks the result and the loop goes on
//! if it does not hold (then over the integers).
//!
//! Where no release helps, the marks are loosened instead (`escalate`): the `<T` cell
//! itself, else the `<T` cells in its relations, become `..`; as a last resort every cell
//! tied to the disclosed one is hidden. Every step only hides (a shown cell or a `<T` cell
//! becomes `..`), and hiding only widens what a reader can reach, so the loop ends after at
//! most two changes per cell.
//!
//! Why hiding everything is safe: if every cell of a connected part of the publication is
//! `..`, its relations involve no known number, so with the exact counts x every multiple
//! λ·x (λ = 0, 1, 2, …) fits too. Every hidden non-zero count then ranges from 0 upwards and
//! no `<T` cell is left to narrow. A hidden zero could be pinned only by relations forcing it
//! to zero whatever the data, which no count relation does (one more ärende with that
//! property can always be added consistently).

use super::Mark;
use super::audit::{Component, Depth, Finding, Memory, audit_with, can_reach, is_small};
use super::relations::{CellRef, Publication, Relation, RelationKind};
use super::release::{Released, cost, release};
use std::collections::{HashSet, VecDeque};

/// Marks the small counts and hides as few further cells as practical so that the audit of
/// the publication finds nothing. Returns what the final, exact audit still finds: nothing,
/// unless a relation of the publication is false of its counts (see
/// [`Publication::broken`]).
pub fn protect(p: &mut Publication, threshold: i64) -> Vec<Finding> {
    mark_primary(p, threshold);
    let graph = Graph::new(p);
    local_pass(p, &graph);
    let mut memory = Memory::default();
    if p.broken().is_empty() {
        memory.reached = p.cells().map(|c| vec![p.value(c)]).collect();
    }
    // Releases the relaxation found unneeded in the last round: if the finding is still
    // there, the next release is solved over the integers.
    let mut relaxed_only: HashSet<(CellRef, i64)> = HashSet::new();
    loop {
        let report = audit_with(p, threshold, Depth::Findings, &mut memory);
        if report.is_clean() {
            return report.findings;
        }
        let mut order = report.findings.clone();
        order.sort_by_key(|f| (f.mark != Mark::Small, f.cell));
        let mut changed = false;
        let mut next_relaxed = HashSet::new();
        for f in &order {
            changed |= fix(
                p,
                &graph,
                f,
                threshold,
                &mut memory,
                &relaxed_only,
                &mut next_relaxed,
            );
        }
        if !changed && next_relaxed.is_empty() {
            // Nothing a release can do: loosen the marks instead, which always changes
            // something until all is hidden.
            for f in &order {
                changed |= escalate(p, &graph, f.cell);
            }
            if !changed {
                return report.findings;
            }
        }
        relaxed_only = next_relaxed;
    }
}

/// The cheap first pass, for what single equations give away; what is left for the programs
/// is what only several relations together give away. Repeated until nothing changes:
/// - an equation with exactly one suppressed cell gives it away: hide its cheapest shown
///   cell;
/// - a `<T` total of two or more `<T` parts (the other parts zero) is at least 2, and each
///   part at most T − 2: all but the largest part become `..` (with their copies), so that a
///   part may be 0.
pub(super) fn local_pass(p: &mut Publication, graph: &Graph) {
    let largest = p.cells().map(|c| p.value(c)).max().unwrap_or(0).max(1) as f64;
    loop {
        let mut changed = false;
        for i in 0..p.relations().len() {
            let r = &p.relations()[i];
            if r.kind != RelationKind::Eq {
                continue;
            }
            let suppressed = r
                .terms
                .iter()
                .filter(|(c, _)| p.mark(*c) != Mark::Shown)
                .count();
            if suppressed == 1 {
                let pick = r
                    .terms
                    .iter()
                    .map(|(c, _)| *c)
                    .filter(|c| p.mark(*c) == Mark::Shown)
                    .min_by(|a, b| cost(p, *a, largest).total_cmp(&cost(p, *b, largest)));
                if let Some(c) = pick {
                    p.set_mark(c, Mark::Hidden);
                    changed = true;
                }
                continue;
            }
            let [.., (total, -1)] = r.terms[..] else {
                continue;
            };
            let parts = &r.terms[..r.terms.len() - 1];
            if p.mark(total) != Mark::Small
                || parts.iter().any(|(c, k)| {
                    *k != 1
                        || (p.mark(*c) == Mark::Shown && p.value(*c) != 0)
                        || p.mark(*c) == Mark::Hidden
                })
            {
                continue;
            }
            let mut small: Vec<CellRef> = parts
                .iter()
                .map(|(c, _)| *c)
                .filter(|c| p.mark(*c) == Mark::Small)
                .collect();
            if small.len() < 2 {
                continue;
            }
            small.sort_by_key(|c| (p.value(*c), *c));
            small.pop();
            for c in small {
                for m in graph.copies(p, c) {
                    p.set_mark(m, Mark::Hidden);
                }
            }
            changed = true;
        }
        if !changed {
            return;
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

/// For each cell (by [`Publication::id`]), the relations it is in; and which relations say
/// two cells are the same count.
pub(super) struct Graph {
    pub(super) by_cell: Vec<Vec<usize>>,
    pub(super) copy: Vec<bool>,
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
        let copy = p.relations().iter().map(is_copy).collect();
        Graph { by_cell, copy }
    }

    /// The cell and every cell said to be the same count.
    fn copies(&self, p: &Publication, start: CellRef) -> Vec<CellRef> {
        let mut class = vec![start];
        let mut i = 0;
        while i < class.len() {
            for ri in self.by_cell[p.id(class[i])]
                .iter()
                .filter(|r| self.copy[**r])
            {
                for (n, _) in &p.relations()[*ri].terms {
                    if !class.contains(n) {
                        class.push(*n);
                    }
                }
            }
            i += 1;
        }
        class
    }

    /// The suppressed cells tied to `start` through relations of suppressed cells, and
    /// those relations.
    fn component(&self, p: &Publication, start: CellRef) -> Component {
        let mut seen = vec![false; p.cell_count()];
        let mut relations: Vec<usize> = Vec::new();
        let mut cells = vec![start];
        seen[p.id(start)] = true;
        let mut i = 0;
        while i < cells.len() {
            for ri in &self.by_cell[p.id(cells[i])] {
                relations.push(*ri);
                for (n, _) in &p.relations()[*ri].terms {
                    let id = p.id(*n);
                    if !seen[id] && p.mark(*n) != Mark::Shown {
                        seen[id] = true;
                        cells.push(*n);
                    }
                }
            }
            i += 1;
        }
        cells.sort();
        relations.sort_unstable();
        relations.dedup();
        Component { cells, relations }
    }

    /// The nearest cells to `start`, at most `most` (and all copies of those) and at most
    /// `limit` relations away (a cell's relations reach 1, theirs 2, …; the same count
    /// elsewhere is no farther).
    pub(super) fn near(
        &self,
        p: &Publication,
        start: CellRef,
        limit: usize,
        most: usize,
    ) -> Vec<CellRef> {
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
                let step = usize::from(!self.copy[*ri]);
                let nd = d + step;
                if nd > limit || (step == 1 && out.len() + queue.len() >= most) {
                    continue;
                }
                for (n, _) in &p.relations()[*ri].terms {
                    let id = p.id(*n);
                    if nd < dist[id] {
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

/// Whether a relation says two cells are the same count.
fn is_copy(r: &Relation) -> bool {
    matches!(r.terms[..], [(_, a), (_, b)] if a == -b && r.kind == RelationKind::Eq)
}

/// Hides what a finding needs; whether any mark changed.
fn fix(
    p: &mut Publication,
    graph: &Graph,
    f: &Finding,
    threshold: i64,
    memory: &mut Memory,
    relaxed_only: &HashSet<(CellRef, i64)>,
    next_relaxed: &mut HashSet<(CellRef, i64)>,
) -> bool {
    let Some(iv) = f.interval else {
        return false;
    };
    let id = p.id(f.cell);
    // A small count must reach both ends whether it shows as `<T` or as `..`.
    let small = f.mark == Mark::Small || is_small(p.value(f.cell), threshold);
    let targets: Vec<i64> = match f.mark {
        Mark::Shown => return false,
        _ if small => [
            (iv.min > 1).then_some(1),
            (iv.max.is_some_and(|m| m < threshold - 1)).then_some(threshold - 1),
        ]
        .into_iter()
        .flatten()
        .collect(),
        _ => [Some(iv.min + 1), (iv.min > 0).then_some(iv.min - 1)]
            .into_iter()
            .flatten()
            .collect(),
    };
    let mut changed = false;
    let mut cheapest: Option<Released> = None;
    for target in targets {
        if memory.reaches(id, target)
            || (!small && memory.reached.get(id).is_some_and(|r| r.len() > 1))
        {
            continue;
        }
        let exact = relaxed_only.contains(&(f.cell, target));
        if !exact {
            let comp = graph.component(p, f.cell);
            if comp.cells.len() <= CHECK_WHOLE
                && can_reach(p, &comp, f.cell, target, threshold, memory)
            {
                continue;
            }
        }
        match release(p, graph, f.cell, target, threshold, exact) {
            Some(r) if r.is_empty() && !exact => {
                next_relaxed.insert((f.cell, target));
            }
            // A `<T` cell must reach both ends: apply each as it comes.
            Some(r) if small => {
                changed |= r.apply(p, memory);
            }
            Some(r) if cheapest.as_ref().is_none_or(|c| r.cost < c.cost) => {
                cheapest = Some(r);
            }
            Some(_) => {}
            None if f.mark == Mark::Small => {
                p.set_mark(f.cell, Mark::Hidden);
                return true;
            }
            None => {}
        }
    }
    match cheapest {
        Some(r) => changed | r.apply(p, memory),
        None => changed,
    }
}

/// Loosens marks for a disclosed cell no release helps: a `<T` cell becomes `..`; else the
/// `<T` cells in its relations do; if there are none, every cell tied to it is hidden (see
/// the module doc on why that is safe). Whether any mark changed.
pub(super) fn escalate(p: &mut Publication, graph: &Graph, cell: CellRef) -> bool {
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
    let all = graph.near(p, cell, usize::MAX, usize::MAX);
    let mut changed = false;
    for c in all {
        if p.mark(c) != Mark::Hidden {
            p.set_mark(c, Mark::Hidden);
            changed = true;
        }
    }
    changed
}

/// The largest component of suppressed cells a finding is checked against as a whole before
/// a release (earlier releases often settle it); larger ones cost more than the release,
/// which finds no cells to hide where the cell can already reach its target nearby.
const CHECK_WHOLE: usize = 80;
