//! The secondary suppression Lotsen used before the audit (kept for the tests that show
//! why it was replaced): wherever a sum has exactly one suppressed cell, hide the smallest
//! other one, until no sum has.

use super::Mark;
use crate::statistik::{FigureTable, Tabell};

/// A cell: table index, row, column.
type Cell = (usize, usize, usize);

/// Marks the cells of `tables` the old way.
pub fn suppress(tables: &mut [FigureTable], threshold: i64) {
    for t in tables.iter_mut() {
        for (r, row) in t.values.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                t.marks[r][c] = if (1..threshold).contains(v) {
                    Mark::Small
                } else {
                    Mark::Shown
                };
            }
        }
    }
    let groups = sum_groups(tables);
    loop {
        let mut changed = false;
        for g in &groups {
            let hidden = g
                .iter()
                .filter(|(t, r, c)| tables[*t].marks[*r][*c] != Mark::Shown)
                .count();
            if hidden != 1 {
                continue;
            }
            let pick = g
                .iter()
                .filter(|(t, r, c)| tables[*t].marks[*r][*c] == Mark::Shown)
                .min_by_key(|(t, r, c)| {
                    let v = tables[*t].values[*r][*c];
                    (v == 0, v)
                })
                .copied();
            if let Some((t, r, c)) = pick {
                tables[t].marks[r][c] = Mark::Hidden;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Every set of cells whose values are tied by a sum: a total and its parts, or one count
/// shown in two tables.
pub fn sum_groups(tables: &[FigureTable]) -> Vec<Vec<Cell>> {
    let mut groups = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        for s in &t.col_sums {
            for r in (0..t.rows.len()).filter(|r| s.holds_for(*r)) {
                let mut g: Vec<Cell> = s.parts.iter().map(|c| (ti, r, *c)).collect();
                g.push((ti, r, s.total));
                groups.push(g);
            }
        }
        for s in &t.row_sums {
            for c in (0..t.columns.len()).filter(|c| s.holds_for(*c)) {
                let mut g: Vec<Cell> = s.parts.iter().map(|r| (ti, *r, c)).collect();
                g.push((ti, s.total, c));
                groups.push(g);
            }
        }
    }
    let find = |tabell: Tabell, row: &str, col: &str| -> Option<Cell> {
        let ti = tables
            .iter()
            .position(|t| t.tabell == tabell && !t.kon_view)?;
        let t = &tables[ti];
        Some((ti, t.row_index(row)?, t.col_index(col)?))
    };
    let mut same = |a: Option<Cell>, b: Option<Cell>| {
        if let (Some(a), Some(b)) = (a, b) {
            groups.push(vec![a, b]);
        }
    };
    use Tabell::*;
    for part in ["fk", "af", "kommun", "region", "annan", "totalt"] {
        same(
            find(HandlaggarePerPart, "arenden", part),
            find(ArendenPerPart, "totalt", part),
        );
    }
    for t in [Samverkansproblem, Avslut, Bostadskommun] {
        for kon in ["kvinna", "man", "okant_kon", "totalt"] {
            same(find(t, "totalt", kon), find(ArendenPerPart, kon, "totalt"));
        }
    }
    same(
        find(ArendenPerEnhet, "totalt", "arenden"),
        find(ArendenPerPart, "totalt", "totalt"),
    );
    same(
        find(ArendenPerEnhet, "totalt", "unika_handlaggare"),
        find(HandlaggarePerPart, "unika_handlaggare", "totalt"),
    );
    // The page's views by kön repeat counts of the exported tables.
    for (ti, t) in tables.iter().enumerate().filter(|(_, t)| t.kon_view) {
        for (r, row) in t.rows.iter().enumerate() {
            for (c, col) in t.columns.iter().enumerate() {
                let other = match t.tabell {
                    // parts × kön is the transpose of kön × parts
                    ArendenPerPart => find(ArendenPerPart, &col.code, &row.code),
                    ArendenPerEnhet if col.code == "totalt" => {
                        find(ArendenPerEnhet, &row.code, "arenden")
                    }
                    _ => None,
                };
                if let Some(o) = other {
                    groups.push(vec![(ti, r, c), o]);
                }
            }
        }
    }
    groups
}
