//! What a reader of a publication knows about how its cells hang together: every published
//! identity and inequality between cells, whether declared as a sum of a table, implied by the
//! same count appearing in two tables, or implied by what the table codes mean. A
//! [`Publication`] is the tables that leave the förbund together (one figure set, or several
//! groups' sets and the whole förbund's) plus all of these relations; the audit works out
//! from it what a reader can compute about each suppressed cell.

mod sip;

use super::Mark;
use crate::Part;
use crate::arende::Atgard;
use crate::statistik::{FigureTable, Tabell};

/// One cell of a publication: the table's index in the publication, its row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    pub table: usize,
    pub row: usize,
    pub col: usize,
}

impl CellRef {
    pub fn new(table: usize, row: usize, col: usize) -> CellRef {
        CellRef { table, row, col }
    }
}

/// Whether the weighted sum of a relation is zero or at most zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationKind {
    Eq,
    Le,
}

/// Σ coefficient · value `=` 0 (or `≤` 0) over the terms, true of the exact counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub terms: Vec<(CellRef, i64)>,
    pub kind: RelationKind,
}

impl Relation {
    /// The `parts` add up to `total`.
    pub fn sum(parts: impl IntoIterator<Item = CellRef>, total: CellRef) -> Relation {
        let mut terms: Vec<(CellRef, i64)> = parts.into_iter().map(|c| (c, 1)).collect();
        terms.push((total, -1));
        Relation {
            terms,
            kind: RelationKind::Eq,
        }
    }

    /// The same count, published twice.
    pub fn same(a: CellRef, b: CellRef) -> Relation {
        Relation {
            terms: vec![(a, 1), (b, -1)],
            kind: RelationKind::Eq,
        }
    }

    /// The `parts` add up to at most `bound`.
    pub fn at_most(parts: impl IntoIterator<Item = CellRef>, bound: CellRef) -> Relation {
        Relation {
            kind: RelationKind::Le,
            ..Relation::sum(parts, bound)
        }
    }

    /// Whether the relation holds for these values.
    pub fn holds(&self, value: impl Fn(CellRef) -> i64) -> bool {
        let s: i64 = self.terms.iter().map(|(c, k)| k * value(*c)).sum();
        match self.kind {
            RelationKind::Eq => s == 0,
            RelationKind::Le => s <= 0,
        }
    }
}

/// Tables published together and everything a reader knows ties their cells together.
#[derive(Debug)]
pub struct Publication<'a> {
    tables: Vec<&'a mut FigureTable>,
    /// The dense index of each table's first cell, and one past the last table's.
    offsets: Vec<usize>,
    /// The tables of each figure set added.
    sets: Vec<std::ops::Range<usize>>,
    relations: Vec<Relation>,
}

impl Default for Publication<'_> {
    fn default() -> Self {
        Publication::new()
    }
}

impl<'a> Publication<'a> {
    pub fn new() -> Publication<'a> {
        Publication {
            tables: Vec::new(),
            offsets: vec![0],
            sets: Vec::new(),
            relations: Vec::new(),
        }
    }

    /// A publication of one figure set's tables with every relation derived from them.
    pub fn of(tables: &'a mut [FigureTable]) -> Publication<'a> {
        let mut p = Publication::new();
        p.add_set(tables);
        p
    }

    /// Adds one figure set's tables with the relations derived from them (see [`derive()`]),
    /// and returns the publication index of its first table: the set's table `i` is
    /// publication table `first + i`, for relations across sets. Sets are numbered in the
    /// order added (see [`groups_in_whole`]).
    pub fn add_set(&mut self, tables: &'a mut [FigureTable]) -> usize {
        let first = self.tables.len();
        self.relations.extend(derive(tables, first));
        for t in tables.iter_mut() {
            let next = self.offsets[self.offsets.len() - 1] + t.count_rows() * t.columns.len();
            self.offsets.push(next);
            self.tables.push(t);
        }
        self.sets.push(first..self.tables.len());
        first
    }

    /// The publication's tables of figure set `set` (in the order added).
    pub fn set(&self, set: usize) -> std::ops::Range<usize> {
        self.sets.get(set).cloned().unwrap_or(0..0)
    }

    /// With one more relation a reader knows (builder form of [`Publication::add`]).
    pub fn with(mut self, relation: Relation) -> Publication<'a> {
        self.add(relation);
        self
    }

    /// Adds a relation a reader knows, over cells of the publication's tables. It must be true
    /// of the exact counts (see [`Publication::broken`]): the audit takes it as given.
    pub fn add(&mut self, relation: Relation) {
        assert!(
            relation.terms.iter().all(|(c, _)| self.contains(*c)),
            "a relation over cells the publication does not have"
        );
        self.relations.push(relation);
    }

    fn contains(&self, c: CellRef) -> bool {
        self.tables
            .get(c.table)
            .is_some_and(|t| c.row < t.count_rows() && c.col < t.columns.len())
    }

    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    pub fn tables(&self) -> impl Iterator<Item = &FigureTable> {
        self.tables.iter().map(|t| &**t)
    }

    pub fn table(&self, i: usize) -> &FigureTable {
        self.tables[i]
    }

    /// The cell of publication table `table` in the row and column with these codes.
    pub fn cell(&self, table: usize, row: &str, col: &str) -> Option<CellRef> {
        let t = self.tables.get(table)?;
        Some(CellRef::new(table, t.row_index(row)?, t.col_index(col)?))
    }

    pub fn value(&self, c: CellRef) -> i64 {
        self.tables[c.table].values[c.row][c.col]
    }

    pub fn mark(&self, c: CellRef) -> Mark {
        self.tables[c.table].marks[c.row][c.col]
    }

    pub(super) fn set_mark(&mut self, c: CellRef, m: Mark) {
        self.tables[c.table].marks[c.row][c.col] = m;
    }

    /// Every cell, in table, row and column order.
    pub fn cells(&self) -> impl Iterator<Item = CellRef> + '_ {
        self.tables.iter().enumerate().flat_map(|(ti, t)| {
            (0..t.count_rows())
                .flat_map(move |r| (0..t.columns.len()).map(move |c| CellRef::new(ti, r, c)))
        })
    }

    /// The number of cells, for dense per-cell arrays indexed by [`Publication::id`].
    pub(super) fn cell_count(&self) -> usize {
        self.offsets[self.offsets.len() - 1]
    }

    pub(super) fn id(&self, c: CellRef) -> usize {
        self.offsets[c.table] + c.row * self.tables[c.table].columns.len() + c.col
    }

    /// Relations the exact counts break: a caller's relation that is not true, or tables
    /// whose sums do not add up. The audit reads such a relation as true, so it must not be
    /// in a publication.
    pub fn broken(&self) -> Vec<&Relation> {
        self.relations
            .iter()
            .filter(|r| !r.holds(|c| self.value(c)))
            .collect()
    }

    /// Whether the cell is a total of its table: in a total row or a total column.
    pub(super) fn is_total(&self, c: CellRef) -> (bool, bool) {
        let t = &self.tables[c.table];
        (
            t.row_sums.iter().any(|s| s.total == c.row),
            t.col_sums.iter().any(|s| s.total == c.col),
        )
    }
}

/// The relations between LOKUS groups' figure sets and the whole förbund's set in one
/// publication (sets numbered in the order added): every ärende belongs to exactly one group,
/// so each count of ärenden in the whole is the sum of the groups' counts of the same row and
/// column (at least that sum when `all_groups` is false, as other groups add to the whole). A
/// row a group lacks (a kommun outside its list) is a count of 0 there. Unique handläggare are
/// no sum: one may remit in several groups, so the whole's count is at least each group's
/// and, when `all_groups`, at most their sum. A SIP may have no group (one of an enrolment
/// alone), so the groups' SIP counts are only at most the whole's.
pub fn groups_in_whole(
    p: &Publication,
    groups: &[usize],
    whole: usize,
    all_groups: bool,
) -> Vec<Relation> {
    let mut out = Vec::new();
    for wi in p.set(whole) {
        let w = p.table(wi);
        let same_table = |set: usize| {
            p.set(set).find(|i| {
                let t = p.table(*i);
                t.tabell == w.tabell && t.kon_view == w.kon_view
            })
        };
        let in_groups: Vec<usize> = groups.iter().filter_map(|g| same_table(*g)).collect();
        for (r, row) in w.rows.iter().enumerate().take(w.count_rows()) {
            for (c, col) in w.columns.iter().enumerate() {
                let parts: Vec<CellRef> = in_groups
                    .iter()
                    .filter_map(|gi| p.cell(*gi, &row.code, &col.code))
                    .collect();
                let total = CellRef::new(wi, r, c);
                if counts_enrolments(w.tabell, &row.code) {
                    // An insats may serve several groups, or none: each group's enrolments
                    // are some of the förbund's, and no more is known.
                    out.extend(parts.iter().map(|g| Relation::at_most([*g], total)));
                } else if row.code == "unika_handlaggare" || col.code == "unika_handlaggare" {
                    out.extend(parts.iter().map(|g| Relation::at_most([*g], total)));
                    if all_groups {
                        let mut terms = vec![(total, 1)];
                        terms.extend(parts.iter().map(|g| (*g, -1)));
                        out.push(Relation {
                            terms,
                            kind: RelationKind::Le,
                        });
                    }
                } else if all_groups && w.tabell != Tabell::Sip {
                    out.push(Relation::sum(parts, total));
                } else {
                    out.push(Relation::at_most(parts, total));
                }
            }
        }
    }
    out
}

/// The rows of the tilläggsresurs table that count enrolments in insatser, not ärenden.
pub const TILLAGGSRESURS_DELTAGARE: [&str; 4] = [
    "inskrivna",
    "aktiva_vid_periodens_slut",
    "utskrivna",
    "paborjad_arbetstraning",
];

/// Whether a row counts enrolments in the scope's insatser (which LOKUS groups share).
fn counts_enrolments(tabell: Tabell, row: &str) -> bool {
    tabell.deltagare()
        || (tabell == Tabell::Tillaggsresurs && TILLAGGSRESURS_DELTAGARE.contains(&row))
}

/// Every relation that one figure set's tables (publication tables `first..`) imply.
pub fn derive(tables: &[FigureTable], first: usize) -> Vec<Relation> {
    let mut out = Vec::new();
    declared_sums(tables, first, &mut out);
    repeated_counts(tables, first, &mut out);
    units_within_parts(tables, first, &mut out);
    handlaggare_within_arenden(tables, first, &mut out);
    insatser_within_arenden(tables, first, &mut out);
    participants(tables, first, &mut out);
    sip::within_held(tables, first, &mut out);
    out
}

/// What the participant tables (issue 16) say about each other: every enrolment has one kön,
/// källa, avslutsanledning, sysselsättning group and stegförflyttning, so those tables'
/// totals repeat the flow's nyinskrivna and utskrivna; the active by kön repeat the flow's
/// active at the period's end; påbörjad arbetsträning is some of the nyinskrivna; and the
/// enrolments of the period per insats (Uppföljning Finsam) hold the nyinskrivna, and the
/// active at the end and the utskrivna (who are disjoint) together.
fn participants(tables: &[FigureTable], first: usize, out: &mut Vec<Relation>) {
    use Tabell::*;
    let f = Finder { tables, first };
    let mut same = |a: Option<CellRef>, b: Option<CellRef>| {
        if let (Some(a), Some(b)) = (a, b) {
            out.push(Relation::same(a, b));
        }
    };
    for kon in ["kvinna", "man", "okant_kon", "totalt"] {
        same(
            f.exported(DeltagareAktiva, kon, "totalt"),
            f.exported(DeltagareFlode, "aktiva_vid_periodens_slut", kon),
        );
        same(
            f.exported(DeltagareKalla, "totalt", kon),
            f.exported(DeltagareFlode, "nyinskrivna", kon),
        );
        for t in [SysselsattningVidAvslut, Stegforflyttning, AvslutDeltagare] {
            same(
                f.exported(t, "totalt", kon),
                f.exported(DeltagareFlode, "utskrivna", kon),
            );
        }
    }
    same(
        f.exported(ForsorjningForeEfter, "totalt", "totalt"),
        f.exported(DeltagareFlode, "utskrivna", "totalt"),
    );
    for kon in ["kvinna", "man", "okant_kon", "totalt"] {
        for (t, started, new) in [
            (DeltagareFlode, "paborjad_arbetstraning", "nyinskrivna"),
            (Tillaggsresurs, "paborjad_arbetstraning", "inskrivna"),
        ] {
            if let (Some(a), Some(b)) = (f.exported(t, started, kon), f.exported(t, new, kon)) {
                out.push(Relation::at_most([a], b));
            }
        }
        if let Some(all) = f.exported(UppfoljningFinsam, "totalt", kon) {
            if let Some(new) = f.exported(DeltagareFlode, "nyinskrivna", kon) {
                out.push(Relation::at_most([new], all));
            }
            let end: Vec<CellRef> = ["aktiva_vid_periodens_slut", "utskrivna"]
                .iter()
                .filter_map(|r| f.exported(DeltagareFlode, r, kon))
                .collect();
            if end.len() == 2 {
                out.push(Relation::at_most(end, all));
            }
        }
    }
}

/// An ärende counted for a catalogue entry (`atgarder_per_insats`) is one of the period's
/// ärenden: each entry's count is at most the ärenden of the same kön in ärenden per part.
/// (The rows do not add up to anything: an ärende may name several entries.)
fn insatser_within_arenden(tables: &[FigureTable], first: usize, out: &mut Vec<Relation>) {
    let f = Finder { tables, first };
    for (i, t) in tables.iter().enumerate() {
        if t.tabell != Tabell::AtgarderPerInsats || t.kon_view {
            continue;
        }
        for r in 0..t.rows.len() {
            for (c, col) in t.columns.iter().enumerate() {
                if let Some(bound) = f.exported(Tabell::ArendenPerPart, &col.code, "totalt") {
                    out.push(Relation::at_most([CellRef::new(first + i, r, c)], bound));
                }
            }
        }
    }
}

/// A table's declared sums: the rows (columns) of a group add up to their total row
/// (column), for every column (row) the sum holds for. This is how the tables are counted.
fn declared_sums(tables: &[FigureTable], first: usize, out: &mut Vec<Relation>) {
    for (i, t) in tables.iter().enumerate() {
        let ti = first + i;
        for s in &t.col_sums {
            for r in (0..t.count_rows()).filter(|r| s.holds_for(*r)) {
                out.push(Relation::sum(
                    s.parts.iter().map(|c| CellRef::new(ti, r, *c)),
                    CellRef::new(ti, r, s.total),
                ));
            }
        }
        for s in &t.row_sums {
            for c in (0..t.columns.len()).filter(|c| s.holds_for(*c)) {
                out.push(Relation::sum(
                    s.parts.iter().map(|r| CellRef::new(ti, *r, c)),
                    CellRef::new(ti, s.total, c),
                ));
            }
        }
    }
}

/// Finds a cell of one figure set by table, row code and column code.
struct Finder<'t> {
    tables: &'t [FigureTable],
    first: usize,
}

impl Finder<'_> {
    fn cell(&self, tabell: Tabell, kon_view: bool, row: &str, col: &str) -> Option<CellRef> {
        let i = self
            .tables
            .iter()
            .position(|t| t.tabell == tabell && t.kon_view == kon_view)?;
        let t = &self.tables[i];
        Some(CellRef::new(
            self.first + i,
            t.row_index(row)?,
            t.col_index(col)?,
        ))
    }

    fn exported(&self, tabell: Tabell, row: &str, col: &str) -> Option<CellRef> {
        self.cell(tabell, false, row, col)
    }
}

/// The same count published in two places: every ärende has exactly one part, kön, ålder,
/// samverkansproblem, avslut and bostadskommun, so each of those tables' totals is the number
/// of ärenden (per kön); the handläggare table repeats the ärenden per part; the tilläggsresurs
/// table repeats two rows of åtgärder; and the page's views by kön repeat cells of the
/// exported tables (ärenden per part transposed, the units' totals).
fn repeated_counts(tables: &[FigureTable], first: usize, out: &mut Vec<Relation>) {
    use Tabell::*;
    let f = Finder { tables, first };
    let mut same = |a: Option<CellRef>, b: Option<CellRef>| {
        if let (Some(a), Some(b)) = (a, b) {
            out.push(Relation::same(a, b));
        }
    };
    for part in Part::ALL.iter().map(|p| p.code()).chain(["totalt"]) {
        same(
            f.exported(HandlaggarePerPart, "arenden", part),
            f.exported(ArendenPerPart, "totalt", part),
        );
    }
    for t in [Samverkansproblem, Avslut, Bostadskommun] {
        for kon in ["kvinna", "man", "okant_kon", "totalt"] {
            same(
                f.exported(t, "totalt", kon),
                f.exported(ArendenPerPart, kon, "totalt"),
            );
        }
    }
    same(
        f.exported(ArendenPerEnhet, "totalt", "arenden"),
        f.exported(ArendenPerPart, "totalt", "totalt"),
    );
    same(
        f.exported(ArendenPerEnhet, "totalt", "unika_handlaggare"),
        f.exported(HandlaggarePerPart, "unika_handlaggare", "totalt"),
    );
    for (row, atgard) in [
        ("erbjudna", Atgard::TillaggsresursErbjuden),
        ("paborjade", Atgard::TillaggsresursPaborjad),
    ] {
        for kon in ["kvinna", "man", "okant_kon", "totalt"] {
            same(
                f.exported(Tillaggsresurs, row, kon),
                f.exported(Atgarder, atgard.code(), kon),
            );
        }
    }
    for (i, t) in tables.iter().enumerate().filter(|(_, t)| t.kon_view) {
        for (r, row) in t.rows.iter().enumerate() {
            for (c, col) in t.columns.iter().enumerate() {
                let other = match t.tabell {
                    ArendenPerPart => f.exported(ArendenPerPart, &col.code, &row.code),
                    ArendenPerEnhet if col.code == "totalt" => {
                        f.exported(ArendenPerEnhet, &row.code, "arenden")
                    }
                    _ => None,
                };
                same(Some(CellRef::new(first + i, r, c)), other);
            }
        }
    }
}

/// The part of a unit row of ärenden per enhet, whose code is `{part}:{org} / {unit}`.
fn unit_part(code: &str) -> Option<Part> {
    Part::from_code(code.split_once(':')?.0)
}

/// A unit belongs to an organisation of one part, so its ärenden are ärenden of that part:
/// a part's units together have at most the part's ärenden (at most, as ärenden without a
/// unit count in the `okand` row instead). The same holds per kön in the view by kön.
fn units_within_parts(tables: &[FigureTable], first: usize, out: &mut Vec<Relation>) {
    let f = Finder { tables, first };
    for (i, t) in tables.iter().enumerate() {
        if t.tabell != Tabell::ArendenPerEnhet {
            continue;
        }
        // (unit column, part total) pairs: the exported table's ärenden against the part's
        // totalt; the view's kön columns against the part's kön rows.
        let columns: Vec<(usize, &str)> = if t.kon_view {
            ["kvinna", "man", "okant_kon", "totalt"]
                .iter()
                .filter_map(|k| Some((t.col_index(k)?, *k)))
                .collect()
        } else {
            t.col_index("arenden")
                .map(|c| (c, "totalt"))
                .into_iter()
                .collect()
        };
        for p in Part::ALL {
            let units: Vec<usize> = (0..t.rows.len())
                .filter(|r| unit_part(&t.rows[*r].code) == Some(p))
                .collect();
            if units.is_empty() {
                continue;
            }
            for (c, per_part_row) in &columns {
                if let Some(bound) = f.exported(Tabell::ArendenPerPart, per_part_row, p.code()) {
                    out.push(Relation::at_most(
                        units.iter().map(|r| CellRef::new(first + i, *r, *c)),
                        bound,
                    ));
                }
            }
        }
    }
}

/// A handläggare is counted where they remitted an ärende, so there are never more unique
/// handläggare than ärenden: per part in the handläggare table, per unit in ärenden per enhet.
fn handlaggare_within_arenden(tables: &[FigureTable], first: usize, out: &mut Vec<Relation>) {
    for (i, t) in tables.iter().enumerate() {
        let ti = first + i;
        match t.tabell {
            Tabell::HandlaggarePerPart => {
                if let (Some(u), Some(a)) =
                    (t.row_index("unika_handlaggare"), t.row_index("arenden"))
                {
                    for c in 0..t.columns.len() {
                        out.push(Relation::at_most(
                            [CellRef::new(ti, u, c)],
                            CellRef::new(ti, a, c),
                        ));
                    }
                }
            }
            Tabell::ArendenPerEnhet => {
                if let (Some(u), Some(a)) =
                    (t.col_index("unika_handlaggare"), t.col_index("arenden"))
                {
                    for r in 0..t.rows.len() {
                        out.push(Relation::at_most(
                            [CellRef::new(ti, r, u)],
                            CellRef::new(ti, r, a),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}
