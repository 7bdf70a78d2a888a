//! Tests of the suppression: the old tests where they still hold, the cases the naive
//! suppression got wrong, the audit's exactness, and made-up publications by the hundred.

mod auditing;
mod protecting;
mod random;

use super::fixtures::{self, Lcg};
use super::*;
use crate::statistik::{FigureSet, FigureTable, Header, Sum, Tabell};
use std::time::{Duration, Instant};

fn table(rows: &[[i64; 4]]) -> FigureTable {
    let mut rs: Vec<(Header, [i64; 4])> = rows
        .iter()
        .enumerate()
        .map(|(i, v)| (Header::new(format!("r{i}"), format!("R{i}")), *v))
        .collect();
    let mut total = [0; 4];
    for (_, v) in &rs {
        for c in 0..4 {
            total[c] += v[c];
        }
    }
    let n = rs.len();
    rs.push((Header::new("totalt", "Totalt"), total));
    FigureTable::by_kon(Tabell::Avslut, rs).with_total_row(0..n)
}

fn marks(t: &FigureTable) -> Vec<Vec<char>> {
    t.marks
        .iter()
        .map(|r| {
            r.iter()
                .map(|m| match m {
                    Mark::Shown => '.',
                    Mark::Small => 's',
                    Mark::Hidden => 'h',
                })
                .collect()
        })
        .collect()
}

fn audit_of(tables: &mut [FigureTable], threshold: i64) -> AuditReport {
    audit(&Publication::of(tables), threshold)
}

/// Every primary-small count is suppressed, and only those are `<T`.
fn assert_primary(tables: &[FigureTable], threshold: i64) {
    for t in tables {
        for (r, row) in t.values.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let m = t.marks[r][c];
                if (1..threshold).contains(v) {
                    assert_ne!(m, Mark::Shown, "{} {r} {c}: {v}", t.tabell.code());
                } else {
                    assert_ne!(m, Mark::Small, "{} {r} {c}: {v}", t.tabell.code());
                }
            }
        }
    }
}

// The tests of the naive suppression, kept where they still hold.
