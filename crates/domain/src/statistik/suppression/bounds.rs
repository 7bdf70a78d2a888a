//! Exact integer minima and maxima of a component's variables: the LP relaxation bounds them,
//! integer points found on the way (the exact counts among them) settle bounds without more
//! work, and branch and bound runs only where neither does.

use super::audit::Depth;
use super::lp::{self, Outcome, Row, Sense, Var};
use super::program::Program;
use super::relations::RelationKind;

/// Exact integer minima and maxima over one program, remembering the integer points found.
pub(super) struct Bounds<'p> {
    pub(super) program: &'p Program,
    /// The least and greatest value of each variable known to fit.
    pub(super) seen: Vec<Option<(i64, i64)>>,
    /// Whether any integer point is known.
    pub(super) feasible: bool,
    /// The integer points found by the solver.
    pub(super) points: Vec<Vec<i64>>,
    /// Per variable, whether the relaxation is unbounded above, once worked out.
    pub(super) unbounded: Option<Vec<bool>>,
}

pub(super) const EPS: f64 = 1e-6;

impl<'p> Bounds<'p> {
    pub(super) fn new(program: &'p Program) -> Bounds<'p> {
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
    pub(super) fn rays(&mut self) -> Option<Vec<bool>> {
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

    pub(super) fn seen_value(&mut self, v: usize, x: i64) {
        self.feasible = true;
        self.seen[v] = Some(match self.seen[v] {
            None => (x, x),
            Some((lo, hi)) => (lo.min(x), hi.max(x)),
        });
    }

    /// Remembers `x` if it is an integer point of the program.
    pub(super) fn witness(&mut self, x: &[i64]) -> bool {
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

    pub(super) fn found(&mut self, x: Vec<i64>) -> bool {
        let ok = self.witness(&x);
        if ok {
            self.points.push(x);
        }
        ok
    }

    /// Whether the variable is known to take two values.
    pub(super) fn varied(&self, v: usize) -> bool {
        self.seen[v].is_some_and(|(lo, hi)| lo < hi)
    }

    pub(super) fn seen(&self, v: usize, sense: Sense) -> Option<i64> {
        self.seen[v].map(|(lo, hi)| match sense {
            Sense::Min => lo,
            Sense::Max => hi,
        })
    }

    pub(super) fn solve(&self, objective: &[(usize, f64)], sense: Sense, integer: bool) -> Outcome {
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
    pub(super) fn batch(&mut self, depth: Depth) {
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
    pub(super) fn bound(&mut self, v: usize, sense: Sense) -> Option<Option<i64>> {
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
