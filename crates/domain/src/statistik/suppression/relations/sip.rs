//! What the `sip` table (issue 17) says about itself: which of its rows count some of
//! another row's SIPs.

use super::{Finder, Relation, RelationKind};
use crate::statistik::{FigureTable, Tabell};

/// The `sip` table's rows that count some of another row's SIPs: (some, of).
const SIP_WITHIN: [(&str, &str); 6] = [
    ("med_fk", "genomforda"),
    ("med_af", "genomforda"),
    ("individen_deltog", "genomforda"),
    ("uppfoljning_bokad", "genomforda"),
    ("med_bade_fk_och_af", "med_fk"),
    ("med_bade_fk_och_af", "med_af"),
];

/// Within each column of the `sip` table (issue 17): the held SIPs with FK present, with AF
/// present, with the individual present and with a follow-up booked are some of the held
/// ones; those with both FK and AF some of either; and those with FK or AF (med_fk + med_af −
/// both) at most the held ones.
pub(super) fn within_held(tables: &[FigureTable], first: usize, out: &mut Vec<Relation>) {
    let f = Finder { tables, first };
    let Some(t) = tables
        .iter()
        .find(|t| t.tabell == Tabell::Sip && !t.kon_view)
    else {
        return;
    };
    for col in &t.columns {
        let cell = |row: &str| f.exported(Tabell::Sip, row, &col.code);
        for (some, of) in SIP_WITHIN {
            if let (Some(a), Some(b)) = (cell(some), cell(of)) {
                out.push(Relation::at_most([a], b));
            }
        }
        let either = ["med_fk", "med_af", "med_bade_fk_och_af", "genomforda"].map(cell);
        if let [Some(fk), Some(af), Some(both), Some(held)] = either {
            out.push(Relation {
                terms: vec![(fk, 1), (af, 1), (both, -1), (held, -1)],
                kind: RelationKind::Le,
            });
        }
    }
}
