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
use super::audit::{
    Component, Depth, Finding, Memory, audit_with, can_reach, domain, integral, is_small,
};
use super::lp::{self, Outcome, Row, Sense, Var};
use super::relations::{CellRef, Publication, Relation, RelationKind};
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
    by_cell: Vec<Vec<usize>>,
    copy: Vec<bool>,
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
    fn near(&self, p: &Publication, start: CellRef, limit: usize, most: usize) -> Vec<CellRef> {
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

/// An optimal release: its cost, the shown cells to hide, the `<T` cells to show as `..`,
/// and the values of the cells it solved for, when integral (an assignment that fits
/// everything published once those marks are made).
struct Released {
    cost: f64,
    hide: Vec<CellRef>,
    loosen: Vec<CellRef>,
    point: Option<Vec<(usize, i64)>>,
}

impl Released {
    fn is_empty(&self) -> bool {
        self.hide.is_empty() && self.loosen.is_empty()
    }

    fn apply(self, p: &mut Publication, memory: &mut Memory) -> bool {
        let mut changed = false;
        for c in self.hide.iter().chain(&self.loosen) {
            if p.mark(*c) != Mark::Hidden {
                p.set_mark(*c, Mark::Hidden);
                changed = true;
            }
        }
        for (id, v) in self.point.into_iter().flatten() {
            memory.reach(id, v);
        }
        changed
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

/// How far from the disclosed cell a release looks (relations away, and how many cells at
/// most), widening while none helps: two relations reach a two-way table's cycle of four
/// cells. Cells farther away are taken at their counts, which can only make a release larger
/// than needed, never too small.
const REACH: [(usize, usize); 3] = [(2, 40), (3, 120), (4, usize::MAX)];

/// The cost per unit a `<T` cell leaves 1 to T − 1 (and so must become `..`): a little less
/// than hiding a shown cell, as it gives less away.
const LOOSEN: f64 = 0.9;

/// The cheapest release near `cell` that lets it take `target` (empty when it already can),
/// solved over the integers if `exact`, else relaxed; `None` when none within reach helps.
fn release(
    p: &Publication,
    graph: &Graph,
    cell: CellRef,
    target: i64,
    threshold: i64,
    exact: bool,
) -> Option<Released> {
    let mut offered = 0;
    for (reach, most) in REACH {
        let near = graph.near(p, cell, reach, most);
        if near.len() == offered {
            break;
        }
        offered = near.len();
        let problem = Release::build(p, graph, &near, cell, target, threshold);
        if let Some(r) = problem.solve(p, exact) {
            return Some(r);
        }
    }
    None
}

/// How a cell (and its copies) enters a release's program.
#[derive(Clone, Copy)]
enum Slot {
    /// Shown: its count plus the first variable less the second.
    Moves(usize),
    /// A `..` cell, or the disclosed cell itself: one variable.
    Var(usize),
    /// A `<T` cell: one variable, then the amounts it leaves 1 to T − 1 by, down and up.
    Small(usize),
}

/// The program of a release: suppressed cells range over their domains, each offered shown
/// cell may move from its count and each offered `<T` cell leave its range, at a cost per
/// unit, and the disclosed cell is set to the target. Copies of one count with the same mark
/// are one variable.
struct Release {
    vars: Vec<Var>,
    rows: Vec<Row>,
    objective: Vec<(usize, f64)>,
    /// The offered counts: their cells, how they enter, and the count.
    slots: Vec<(Vec<CellRef>, Slot, i64)>,
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
        let mut rows = Vec::new();
        let mut objective = Vec::new();
        let mut slots: Vec<(Vec<CellRef>, Slot, i64)> = Vec::new();
        let mut slot_of: Vec<Option<usize>> = vec![None; p.cell_count()];
        let largest = near.iter().map(|c| p.value(*c)).max().unwrap_or(0).max(1) as f64;
        let var = |vars: &mut Vec<Var>, lo: i64, hi: Option<i64>| {
            vars.push(Var {
                lo: lo as f64,
                hi: hi.map_or(f64::INFINITY, |h| h as f64),
                integer: true,
            });
            vars.len() - 1
        };
        for c in near {
            if slot_of[p.id(*c)].is_some() {
                continue;
            }
            // The cell's copies among the offered cells, with the same mark.
            let mut class = vec![*c];
            let mut i = 0;
            while i < class.len() {
                for ri in graph.by_cell[p.id(class[i])]
                    .iter()
                    .filter(|r| graph.copy[**r])
                {
                    for (n, _) in &p.relations()[*ri].terms {
                        if !class.contains(n)
                            && p.mark(*n) == p.mark(*c)
                            && near.binary_search(n).is_ok()
                        {
                            class.push(*n);
                        }
                    }
                }
                i += 1;
            }
            let count = p.value(*c);
            let slot = match p.mark(*c) {
                Mark::Shown => {
                    let up = var(&mut vars, 0, None);
                    var(&mut vars, 0, Some(count.max(0)));
                    let w: f64 = class.iter().map(|m| cost(p, *m, largest)).sum();
                    objective.extend([(up, w), (up + 1, w)]);
                    Slot::Moves(up)
                }
                Mark::Small if !class.contains(&cell) => {
                    let x = var(&mut vars, 0, None);
                    let down = var(&mut vars, 0, Some(1));
                    let up = var(&mut vars, 0, None);
                    let w = LOOSEN * class.len() as f64;
                    objective.extend([(down, w), (up, w)]);
                    // x + down ≥ 1 and x − up ≤ T − 1.
                    rows.push(Row {
                        terms: vec![(x, -1), (down, -1)],
                        kind: RelationKind::Le,
                        rhs: -1,
                    });
                    rows.push(Row {
                        terms: vec![(x, 1), (up, -1)],
                        kind: RelationKind::Le,
                        rhs: threshold - 1,
                    });
                    Slot::Small(x)
                }
                m => {
                    let (lo, hi) = domain(m, threshold);
                    Slot::Var(var(&mut vars, lo, hi))
                }
            };
            for m in &class {
                slot_of[p.id(*m)] = Some(slots.len());
            }
            slots.push((class, slot, count));
        }
        let mut relations: Vec<usize> = near
            .iter()
            .flat_map(|c| graph.by_cell[p.id(*c)].iter().copied())
            .collect();
        relations.sort_unstable();
        relations.dedup();
        for ri in relations {
            let r = &p.relations()[ri];
            let mut terms: Vec<(usize, i64)> = Vec::with_capacity(r.terms.len() + 2);
            let mut rhs = 0;
            let mut add = |v: usize, k: i64| match terms.iter_mut().find(|(w, _)| *w == v) {
                Some(t) => t.1 += k,
                None => terms.push((v, k)),
            };
            for (c, k) in &r.terms {
                match slot_of[p.id(*c)].map(|s| slots[s].1) {
                    Some(Slot::Moves(s)) => {
                        rhs -= k * p.value(*c);
                        add(s, *k);
                        add(s + 1, -k);
                    }
                    Some(Slot::Var(s) | Slot::Small(s)) => add(s, *k),
                    None => rhs -= k * p.value(*c),
                }
            }
            terms.retain(|(_, k)| *k != 0);
            if !terms.is_empty() {
                rows.push(Row {
                    terms,
                    kind: r.kind,
                    rhs,
                });
            }
        }
        if let Some(Slot::Var(s) | Slot::Small(s)) = slot_of[p.id(cell)].map(|s| slots[s].1) {
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
            slots,
        }
    }

    fn solve(&self, p: &Publication, integer: bool) -> Option<Released> {
        let Outcome::Optimal(x) =
            lp::solve(&self.vars, &self.rows, &self.objective, Sense::Min, integer)
        else {
            return None;
        };
        let cost = self.objective.iter().map(|(v, w)| w * x[*v]).sum();
        let moved = |v: usize| x[v] > 1e-6;
        let mut hide = Vec::new();
        let mut loosen = Vec::new();
        for (class, slot, _) in &self.slots {
            match slot {
                Slot::Moves(s) if moved(*s) || moved(s + 1) => hide.extend(class),
                Slot::Small(s) if moved(s + 1) || moved(s + 2) => loosen.extend(class),
                _ => {}
            }
        }
        let point = integral(&x).map(|x| {
            self.slots
                .iter()
                .flat_map(|(class, slot, count)| {
                    let v = match slot {
                        Slot::Moves(s) => count + x[*s] - x[s + 1],
                        Slot::Var(s) | Slot::Small(s) => x[*s],
                    };
                    class.iter().map(move |c| (p.id(*c), v))
                })
                .collect()
        });
        Some(Released {
            cost,
            hide,
            loosen,
            point,
        })
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
