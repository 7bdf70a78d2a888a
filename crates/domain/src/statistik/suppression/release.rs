//! A release: the cheapest published cells a reader would have to be wrong about for a
//! disclosed cell to reach a target value (1 and T − 1 for a small count, one step for another
//! hidden cell), found by a small linear program over the cells near it.

use super::Mark;
use super::audit::{Memory, domain};
use super::bounds::integral;
use super::lp::{self, Outcome, Row, Sense, Var};
use super::protect::Graph;
use super::relations::{CellRef, Publication, RelationKind};

/// An optimal release: its cost, the shown cells to hide, the `<T` cells to show as `..`,
/// and the values of the cells it solved for, when integral (an assignment that fits
/// everything published once those marks are made).
pub(super) struct Released {
    pub(super) cost: f64,
    pub(super) hide: Vec<CellRef>,
    pub(super) loosen: Vec<CellRef>,
    pub(super) point: Option<Vec<(usize, i64)>>,
}

impl Released {
    pub(super) fn is_empty(&self) -> bool {
        self.hide.is_empty() && self.loosen.is_empty()
    }

    pub(super) fn apply(self, p: &mut Publication, memory: &mut Memory) -> bool {
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

/// How far from the disclosed cell a release looks (relations away, and how many cells at
/// most), widening while none helps: two relations reach a two-way table's cycle of four
/// cells. Cells farther away are taken at their counts, which can only make a release larger
/// than needed, never too small.
pub(super) const REACH: [(usize, usize); 3] = [(2, 40), (3, 120), (4, usize::MAX)];

/// The cost per unit a `<T` cell leaves 1 to T − 1 (and so must become `..`): a little less
/// than hiding a shown cell, as it gives less away.
pub(super) const LOOSEN: f64 = 0.9;

/// The cheapest release near `cell` that lets it take `target` (empty when it already can),
/// solved over the integers if `exact`, else relaxed; `None` when none within reach helps.
pub(super) fn release(
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
pub(super) enum Slot {
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
pub(super) struct Release {
    pub(super) vars: Vec<Var>,
    pub(super) rows: Vec<Row>,
    pub(super) objective: Vec<(usize, f64)>,
    /// The offered counts: their cells, how they enter, and the count.
    pub(super) slots: Vec<(Vec<CellRef>, Slot, i64)>,
}

impl Release {
    pub(super) fn build(
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

    pub(super) fn solve(&self, p: &Publication, integer: bool) -> Option<Released> {
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
pub(super) fn cost(p: &Publication, c: CellRef, largest: f64) -> f64 {
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
