//! Suppression of small counts for figures that leave the förbund (DESIGN §6.5).
//!
//! Primary: a count from 1 to threshold − 1 is shown as `<T`. Secondary: wherever cells add up
//! to a total — within a row, within a column, or the same count shown in two tables — and
//! exactly one of them is hidden, it could be worked out by subtraction, so the smallest other
//! cell (preferring non-zero ones) is hidden as well, shown as `..`. This repeats until no sum
//! has exactly one hidden cell.

use super::{FigureTable, Tabell};

/// What may be shown of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Shown,
    /// A small count (primary suppression).
    Small,
    /// Hidden so that a small count cannot be recovered (secondary suppression).
    Hidden,
}

/// A cell: table index, row, column.
type Cell = (usize, usize, usize);

/// Marks the cells of `tables` that may not be shown.
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
fn sum_groups(tables: &[FigureTable]) -> Vec<Vec<Cell>> {
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

#[cfg(test)]
mod tests {
    use super::super::{FigureTable, Header, Tabell};
    use super::*;

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

    #[test]
    fn nothing_is_hidden_when_every_count_is_large_or_zero() {
        let mut t = vec![table(&[[10, 0, 0, 10], [20, 30, 0, 50]])];
        suppress(&mut t, 5);
        assert!(t[0].marks.iter().flatten().all(|m| *m == Mark::Shown));
    }

    #[test]
    fn a_small_count_and_the_next_smallest_in_its_row_and_column_are_hidden() {
        // kvinna 3 in row 0 is small; row 0 has man 7 as the smallest other non-zero cell, and
        // column kvinna has 20 in row 1, which must go too, and so on until every sum has two.
        let mut t = vec![table(&[[3, 7, 0, 10], [20, 30, 0, 50]])];
        suppress(&mut t, 5);
        let m = marks(&t[0]);
        assert_eq!(m[0][0], 's');
        assert_eq!(m[0][1], 'h', "row 0: 3 + ? = 10 would reveal the 3");
        assert_eq!(m[1][0], 'h', "column kvinna: 3 + ? = 23");
        assert_eq!(
            m[1][1], 'h',
            "row 1 and column man now have one hidden cell each"
        );
        // every sum group now has zero or at least two hidden cells
        for g in sum_groups(&t) {
            let hidden = g
                .iter()
                .filter(|(ti, r, c)| t[*ti].marks[*r][*c] != Mark::Shown)
                .count();
            assert_ne!(hidden, 1, "{g:?}");
        }
        assert_eq!(t[0].display(0, 0, 5), "<5");
        assert_eq!(t[0].display(0, 1, 5), "..");
        assert_eq!(t[0].display(0, 3, 5), "10");
    }

    #[test]
    fn the_threshold_is_the_forbunds_setting() {
        let mut t = vec![table(&[[6, 20, 0, 26], [20, 30, 0, 50]])];
        suppress(&mut t, 5);
        assert!(t[0].marks.iter().flatten().all(|m| *m == Mark::Shown));
        suppress(&mut t, 7);
        assert_eq!(t[0].marks[0][0], Mark::Small);
        assert_eq!(t[0].display(0, 0, 7), "<7");
    }

    #[test]
    fn a_small_total_is_itself_suppressed_and_protected() {
        let mut t = vec![table(&[[2, 1, 0, 3], [0, 0, 0, 0]])];
        suppress(&mut t, 5);
        let m = marks(&t[0]);
        assert_eq!(m[0], vec!['s', 's', '.', 's']);
        assert_eq!(
            m[2],
            vec!['s', 's', '.', 's'],
            "the totalt row repeats them"
        );
    }

    #[test]
    fn the_same_count_in_two_tables_is_hidden_in_both() {
        // Ärenden per part (kön rows × one totalt column) and avslut (one outcome) show the
        // same kön totals; avslut hides a man count to protect its small kvinna count, so
        // ärenden per part must hide that man count too.
        let mut per_part = FigureTable::new(
            Tabell::ArendenPerPart,
            ["kvinna", "man", "okant_kon", "totalt"]
                .iter()
                .map(|c| Header::new(*c, *c))
                .collect(),
            vec![Header::new("totalt", "Totalt")],
            vec![vec![3], vec![10], vec![0], vec![13]],
        );
        per_part.row_sums.push(super::super::Sum {
            parts: vec![0, 1, 2],
            total: 3,
            within: Vec::new(),
        });
        let avslut = FigureTable::by_kon(
            Tabell::Avslut,
            vec![
                (Header::new("sip", "SIP"), [3, 10, 0, 13]),
                (Header::new("totalt", "Totalt"), [3, 10, 0, 13]),
            ],
        )
        .with_total_row(0..1);
        let mut tables = vec![per_part, avslut];
        suppress(&mut tables, 5);
        assert_eq!(tables[0].marks[0][0], Mark::Small);
        assert_eq!(tables[1].marks[1][0], Mark::Small);
        assert_eq!(tables[1].marks[1][1], Mark::Hidden, "3 + ? + 0 = 13");
        assert_eq!(
            tables[0].marks[1][0],
            Mark::Hidden,
            "the same 10 in the other table"
        );
        for g in sum_groups(&tables) {
            let hidden = g
                .iter()
                .filter(|(ti, r, c)| tables[*ti].marks[*r][*c] != Mark::Shown)
                .count();
            assert_ne!(hidden, 1, "{g:?}");
        }
    }
}
