//! Figure tables of counts per code (the columns, with a total column) and one measure row, a
//! median in whole days, read from a `group by rollup` over the code: `forfragningar` and
//! `sip`.

use lotsen_domain::statistik::{FigureTable, Header, Sum, Tabell};

/// One column's counts (in row order) and median, or the total's (`kod` null).
#[derive(sqlx::FromRow)]
pub(super) struct ColumnCounts {
    pub kod: Option<String>,
    pub counts: Vec<i64>,
    pub median: Option<i32>,
}

/// What such a table looks like: its count rows (code, label), its measure row and the count
/// row the measure is computed over.
pub(super) struct Shape<'a> {
    pub tabell: Tabell,
    pub rows: &'a [(&'a str, &'a str)],
    pub measure: (&'a str, &'a str),
    pub basis: usize,
}

/// The table: a column per code of `columns` and `totalt`, which adds them up in every count
/// row; a column with nothing found is zeros. A median over no rows is no figure, exact or
/// not, so it is hidden before any suppression.
pub(super) fn table(shape: &Shape, columns: Vec<Header>, found: &[ColumnCounts]) -> FigureTable {
    let codes: Vec<Option<&str>> = columns
        .iter()
        .map(|h| Some(h.code.as_str()))
        .chain([None])
        .collect();
    let column = |kod: Option<&str>| found.iter().find(|r| r.kod.as_deref() == kod);
    let mut values: Vec<Vec<i64>> = (0..shape.rows.len())
        .map(|r| {
            codes
                .iter()
                .map(|k| {
                    column(*k)
                        .and_then(|x| x.counts.get(r).copied())
                        .unwrap_or(0)
                })
                .collect()
        })
        .collect();
    values.push(
        codes
            .iter()
            .map(|k| column(*k).and_then(|x| x.median).map_or(0, i64::from))
            .collect(),
    );
    let rows = shape
        .rows
        .iter()
        .chain([&shape.measure])
        .map(|(c, l)| Header::new(*c, *l))
        .collect();
    let n = columns.len();
    let headers = columns
        .into_iter()
        .chain([Header::new("totalt", "Totalt")])
        .collect();
    let mut t = FigureTable::new(shape.tabell, rows, headers, values);
    t.col_sums.push(Sum {
        parts: (0..n).collect(),
        total: n,
        within: (0..shape.rows.len()).collect(),
    });
    t.measures_from = Some(shape.rows.len());
    t.measure_basis = shape.basis;
    t.mark_measures(1);
    t
}
