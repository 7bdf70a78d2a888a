//! Suppression of small counts for figures that leave the förbund (DESIGN §6.5).
//!
//! Primary: a count from 1 to threshold − 1 is shown as `<T`. Secondary: further cells are
//! shown as `..` until a reader holding the whole publication, and knowing every relation
//! between its cells (sums, the same count in two tables, what the table codes imply), can
//! neither narrow a `<T` cell below the full 1 to T − 1 nor work out a `..` cell exactly.
//!
//! - [`relations`](mod@relations): the cells of a publication and the relations a reader knows.
//! - [`audit`](mod@audit): what a reader can work out, by exact integer programming.
//! - [`protect`](mod@protect): the secondary suppression that passes the audit.
//!
//! Inside: `program` (one component's integer program), `bounds` (its exact minima and
//! maxima), `release` (the cheapest cells to hide for one disclosed cell) and `lp` (the
//! solver, good_lp with microlp).

pub mod audit;
mod bounds;
mod lp;
mod program;
pub mod protect;
pub mod relations;
mod release;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod naive;
#[cfg(test)]
mod tests;

use super::FigureTable;

pub use audit::{AuditReport, Finding, Interval, audit};
pub use protect::protect;
pub use relations::{CellRef, Publication, Relation, RelationKind};

/// What may be shown of a cell.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    Shown,
    /// A small count (primary suppression).
    Small,
    /// Hidden so that a small count cannot be recovered (secondary suppression).
    Hidden,
}

/// Marks the cells of one figure set's `tables` that may not be shown: [`protect()`] over the
/// publication of these tables and the relations derived from them.
/// Returns what the audit still finds (nothing, see [`protect()`]).
pub fn suppress(tables: &mut [FigureTable], threshold: i64) -> Vec<Finding> {
    protect(&mut Publication::of(tables), threshold)
}
