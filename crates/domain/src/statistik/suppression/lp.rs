//! The one place that talks to the solver (good_lp over microlp, pure Rust): a small linear
//! or integer program in, an optimum out. Everything else states its problems as [`Var`]s
//! and [`Row`]s, so the solver can be swapped here alone.

use super::relations::RelationKind;
use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel,
    constraint, microlp, variable,
};

/// A variable's bounds (`hi` may be infinite) and whether it must be an integer.
#[derive(Debug, Clone, Copy)]
pub(super) struct Var {
    pub lo: f64,
    pub hi: f64,
    pub integer: bool,
}

/// Σ coefficient · variable `=` (or `≤`) `rhs`.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub terms: Vec<(usize, i64)>,
    pub kind: RelationKind,
    pub rhs: i64,
}

impl Row {
    /// Whether integer values satisfy the row exactly.
    pub fn holds(&self, x: &[i64]) -> bool {
        let s: i64 = self.terms.iter().map(|(v, k)| k * x[*v]).sum();
        match self.kind {
            RelationKind::Eq => s == self.rhs,
            RelationKind::Le => s <= self.rhs,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sense {
    Min,
    Max,
}

#[derive(Debug, Clone)]
pub(super) enum Outcome {
    /// An optimal point: every variable's value.
    Optimal(Vec<f64>),
    Unbounded,
    Infeasible,
    /// The solver gave no proven optimum; callers must not read anything into it.
    Failed,
}

/// Optimises `objective` (variable, coefficient) over the rows and the variables' bounds.
/// With `integer` false every variable is relaxed to a real one.
pub(super) fn solve(
    vars: &[Var],
    rows: &[Row],
    objective: &[(usize, f64)],
    sense: Sense,
    integer: bool,
) -> Outcome {
    solve_inner(vars, rows, objective, sense, integer)
}

fn solve_inner(
    vars: &[Var],
    rows: &[Row],
    objective: &[(usize, f64)],
    sense: Sense,
    integer: bool,
) -> Outcome {
    let mut pv = ProblemVariables::new();
    let xs: Vec<good_lp::Variable> = vars
        .iter()
        .map(|v| {
            let mut d = variable().min(v.lo);
            if v.hi.is_finite() {
                d = d.max(v.hi);
            }
            if integer && v.integer {
                d = d.integer();
            }
            pv.add(d)
        })
        .collect();
    let mut goal = Expression::with_capacity(objective.len());
    for (v, k) in objective {
        goal.add_mul(*k, xs[*v]);
    }
    let problem = match sense {
        Sense::Min => pv.minimise(goal),
        Sense::Max => pv.maximise(goal),
    };
    let mut model = problem.using(microlp);
    for r in rows {
        let mut e = Expression::with_capacity(r.terms.len());
        for (v, k) in &r.terms {
            e.add_mul(*k as f64, xs[*v]);
        }
        let rhs = r.rhs as f64;
        model = model.with(match r.kind {
            RelationKind::Eq => constraint::eq(e, rhs),
            RelationKind::Le => constraint::leq(e, rhs),
        });
    }
    match model.solve() {
        Ok(s) if matches!(s.status(), SolutionStatus::Optimal) => {
            Outcome::Optimal(xs.iter().map(|x| s.value(*x)).collect())
        }
        Ok(_) => Outcome::Failed,
        Err(ResolutionError::Unbounded) => Outcome::Unbounded,
        Err(ResolutionError::Infeasible) => Outcome::Infeasible,
        Err(_) => Outcome::Failed,
    }
}
