//! Nulägesanalys figures (DESIGN §6.5): the table codes, the shape of a figure table (rows,
//! columns, which rows and columns add up to which totals), the period selection, and the
//! suppression of small counts. Counting happens in SQL in `lotsen-core`; this module only
//! says what the tables look like and what may be shown.

pub mod delning;
pub mod period;
pub mod selection;
pub mod suppression;

use crate::code_enum;

pub use period::{Period, PeriodForm};
pub use selection::{ExportFormat, SelectionForm, SelectionInput};
use suppression::{Finding, Publication, protect};
pub use suppression::{Mark, suppress};

code_enum! {
    /// The figure tables, in report order.
    Tabell {
        ArendenPerPart => "arenden_per_part", "Ärenden per part efter kön och ålder";
        HandlaggarePerPart => "handlaggare_per_part", "Unika handläggare och ärenden per part";
        ArendenPerEnhet => "arenden_per_enhet", "Ärenden per enhet";
        Atgarder => "atgarder", "Åtgärder";
        Samverkansproblem => "samverkansproblem", "Samverkansproblem";
        Malgrupper => "malgrupper", "Målgrupper";
        Ersattning => "ersattning", "Ersättning och försörjning";
        Avslut => "avslut", "Avslut";
        Bostadskommun => "bostadskommun", "Bostadskommun";
        Tillaggsresurs => "tillaggsresurs", "Tilläggsresurs";
        Forfragningar => "forfragningar", "Förfrågningar från handläggare";
        AtgarderPerInsats => "atgarder_per_insats", "Åtgärder per insats i katalogen";
        Sip => "sip", "SIP (samordnad individuell plan)";
        DeltagareAktiva => "deltagare_aktiva", "Aktiva deltagare vid periodens slut";
        DeltagareFlode => "deltagare_flode", "Deltagarflöde";
        DeltagareKalla => "deltagare_kalla", "Nyinskrivna efter hur de kom till insatsen";
        ForsorjningForeEfter => "forsorjning_fore_efter", "Försörjning före och efter";
        SysselsattningVidAvslut => "sysselsattning_vid_avslut", "Sysselsättning vid avslut";
        SysselsattningUppfoljning => "sysselsattning_uppfoljning", "Sysselsättning vid uppföljning";
        Stegforflyttning => "stegforflyttning", "Stegförflyttning";
        AvslutDeltagare => "avslut_deltagare", "Avslutsanledning";
        UppfoljningFinsam => "uppfoljning_finsam", "Deltagare per insats (Uppföljning Finsam)";
    }
}

/// The participant tables (issue 16), in report order: the figures of insatser, never part of
/// the nulägesanalys set.
pub const DELTAGARE_TABELLER: [Tabell; 9] = [
    Tabell::DeltagareAktiva,
    Tabell::DeltagareFlode,
    Tabell::DeltagareKalla,
    Tabell::ForsorjningForeEfter,
    Tabell::SysselsattningVidAvslut,
    Tabell::SysselsattningUppfoljning,
    Tabell::Stegforflyttning,
    Tabell::AvslutDeltagare,
    Tabell::UppfoljningFinsam,
];

impl Tabell {
    /// Whether the table is one of the participant tables (`DELTAGARE_TABELLER`).
    pub fn deltagare(self) -> bool {
        DELTAGARE_TABELLER.contains(&self)
    }

    /// The nulägesanalys tables, in report order.
    pub fn nulagesanalys() -> impl Iterator<Item = Tabell> {
        Tabell::ALL.iter().copied().filter(|t| !t.deltagare())
    }

    /// A short name for an XLSX sheet (at most 31 characters, no `/`).
    pub fn sheet_name(self) -> &'static str {
        match self {
            Tabell::ArendenPerPart => "Ärenden per part",
            Tabell::HandlaggarePerPart => "Handläggare per part",
            Tabell::ArendenPerEnhet => "Ärenden per enhet",
            Tabell::Atgarder => "Åtgärder",
            Tabell::Samverkansproblem => "Samverkansproblem",
            Tabell::Malgrupper => "Målgrupper",
            Tabell::Ersattning => "Ersättning",
            Tabell::Avslut => "Avslut",
            Tabell::Bostadskommun => "Bostadskommun",
            Tabell::Tillaggsresurs => "Tilläggsresurs",
            Tabell::Forfragningar => "Förfrågningar",
            Tabell::AtgarderPerInsats => "Åtgärder per insats",
            Tabell::Sip => "SIP",
            Tabell::DeltagareAktiva => "Aktiva deltagare",
            Tabell::DeltagareFlode => "Deltagarflöde",
            Tabell::DeltagareKalla => "Källa",
            Tabell::ForsorjningForeEfter => "Försörjning före och efter",
            Tabell::SysselsattningVidAvslut => "Sysselsättning vid avslut",
            Tabell::SysselsattningUppfoljning => "Sysselsättning uppföljning",
            Tabell::Stegforflyttning => "Stegförflyttning",
            Tabell::AvslutDeltagare => "Avslutsanledning",
            Tabell::UppfoljningFinsam => "Uppföljning Finsam",
        }
    }

    /// What a reader needs to know to read the table right.
    pub fn note(self) -> &'static str {
        match self {
            Tabell::ArendenPerPart => {
                "Varje ärende räknas en gång efter kön och en gång efter ålder när ärendet kom in."
            }
            Tabell::HandlaggarePerPart => {
                "Varje remitterande handläggare räknas en gång per part, hur många ärenden hen än har lämnat."
            }
            Tabell::ArendenPerEnhet => {
                "En handläggare som remitterat från flera enheter räknas på varje enhet men bara en gång i totalen."
            }
            Tabell::Atgarder => {
                "Ett ärende räknas en gång per åtgärdstyp det har fått, så raderna summerar inte till antalet ärenden."
            }
            Tabell::Malgrupper | Tabell::Ersattning => {
                "Ett ärende kan ha flera värden och räknas då på flera rader."
            }
            Tabell::Samverkansproblem | Tabell::Avslut | Tabell::Bostadskommun => {
                "Varje ärende räknas på exakt en rad."
            }
            Tabell::Tillaggsresurs => {
                "Ärenden där tilläggsresurs erbjudits respektive påbörjats, enligt ärendets \
                 åtgärder. Inskrivna, aktiva vid periodens slut, utskrivna och påbörjad \
                 arbetsträning räknar deltagarna i gruppens (förbundets) insatser av typen \
                 tilläggsresurs."
            }
            Tabell::Forfragningar => {
                "Förfrågningar som handläggare skickat via Lotsen under perioden, efter avsändarens \
                 part och vad som hänt med dem. Mediantiden räknas i dagar från skickad till \
                 accepterad eller avböjd, och visas bara när minst så många förfrågningar som \
                 gränsen för små tal har besvarats."
            }
            Tabell::AtgarderPerInsats => {
                "Ärenden med minst en åtgärd som har insatsen i katalogen som mål, en rad per insats (kod). Ett ärende kan räknas på flera rader."
            }
            Tabell::Sip => {
                "SIP efter vem som tog initiativet. Initierade under perioden, och genomförda: \
                 planeringsmötet hölls under perioden, med vilka som var närvarande och om en \
                 uppföljning bokades. Uppföljningar som skulle hållas under perioden (senast i \
                 dag) räknas som hållna i tid när SIP:ens nästa möte hölls senast det bokade \
                 datumet, och som försenade när det hölls senare eller inte alls; en SIP som \
                 avslutades, ställdes in eller vars samtycke återkallades innan räknas inte. SIP \
                 utan LOKUS-grupp räknas bara för hela förbundet. Mediantiden i dagar från \
                 initiering till planeringsmöte visas bara när minst så många SIP som gränsen \
                 för små tal har genomförts."
            }
            Tabell::DeltagareAktiva => {
                "Deltagare inskrivna på periodens sista dag, efter kön och ålder (periodens år \
                 minus födelseår) och bostadskommun."
            }
            Tabell::DeltagareFlode => {
                "I kö: satta i kö under perioden. Nyinskrivna och utskrivna under perioden. \
                 Påbörjad arbetsträning: av de nyinskrivna, de med arbetsträning eller praktik \
                 senast periodens sista dag. Aktiva och i kö vid periodens slut."
            }
            Tabell::DeltagareKalla => "Deltagare inskrivna under perioden, efter källa.",
            Tabell::ForsorjningForeEfter => {
                "Deltagare utskrivna under perioden: huvudsaklig försörjning före (rader) och \
                 efter (kolumner), SCB:s grupper. Okänd när mätning saknas."
            }
            Tabell::SysselsattningVidAvslut => {
                "Deltagare utskrivna under perioden, var och en en gång: gruppen för den \
                 sysselsättning som ligger högst på stegen mot arbete. Okänd när mätning saknas."
            }
            Tabell::SysselsattningUppfoljning => {
                "Uppföljningar efter 3, 6 och 12 månader daterade under perioden, var och en en \
                 gång, grupperade som vid avslut."
            }
            Tabell::Stegforflyttning => {
                "Deltagare utskrivna under perioden: sysselsättning vid avslut jämfört med före \
                 start. Framåt är ett högre steg eller samma steg med högre omfattning."
            }
            Tabell::AvslutDeltagare => {
                "Deltagare utskrivna under perioden, efter avslutsanledning. Felregistreringar \
                 räknas aldrig."
            }
            Tabell::UppfoljningFinsam => {
                "Deltagare inskrivna någon gång under perioden, en rad per insats (kod): \
                 siffrorna till Uppföljning Finsam."
            }
        }
    }
}

/// What the page, the print view and every Urval sheet say about suppression: what `<T` and
/// `..` mean, and that sums over hidden cells are withheld on purpose.
pub fn suppression_label(threshold: Option<i64>) -> String {
    match threshold {
        Some(t) => format!(
            "Ja: antal från 1 till {} visas som <{t}. Tal som annars skulle gå att räkna fram ur \
             summor, andra rader eller andra tabeller visas som .. – också summor. De är dolda \
             med avsikt, så att ingen kan räkna fram de små antalen.",
            t - 1
        ),
        None => "Nej: exakta tal, för förbundets eget bruk".to_string(),
    }
}

/// A row or column: its stable code (CSV) and its Swedish label (pages, XLSX).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Header {
    pub code: String,
    pub label: String,
}

impl Header {
    pub fn new(code: impl Into<String>, label: impl Into<String>) -> Header {
        Header {
            code: code.into(),
            label: label.into(),
        }
    }
}

/// Cells that add up: `parts` sum to `total` (indexes of rows, or of columns).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sum {
    pub parts: Vec<usize>,
    pub total: usize,
    /// The columns (of a row sum) or rows (of a column sum) it holds for; empty means all.
    pub within: Vec<usize>,
}

impl Sum {
    pub fn holds_for(&self, i: usize) -> bool {
        self.within.is_empty() || self.within.contains(&i)
    }
}

/// One figure table with its counts and, once suppressed, what may be shown of each cell.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FigureTable {
    pub tabell: Tabell,
    pub rows: Vec<Header>,
    pub columns: Vec<Header>,
    /// `values[row][column]`.
    pub values: Vec<Vec<i64>>,
    /// Groups of rows adding up to a total row, for every column.
    pub row_sums: Vec<Sum>,
    /// Groups of columns adding up to a total column, for every row.
    pub col_sums: Vec<Sum>,
    /// `marks[row][column]`: all `Shown` until [`suppress`] runs.
    pub marks: Vec<Vec<Mark>>,
    /// A page-only view of the table by kön (jämställdhetsperspektiv), not one of the
    /// exported tables.
    pub kon_view: bool,
    /// Rows from this index on are measures (a median, say), not counts: they take part in no
    /// sum and no suppression relation, and each is shown only where the count it is computed
    /// over (`measure_basis`, a row) is shown and at least the threshold.
    #[serde(default)]
    pub measures_from: Option<usize>,
    #[serde(default)]
    pub measure_basis: usize,
}

pub const KON_COLUMNS: [(&str, &str); 4] = [
    ("kvinna", "Kvinnor"),
    ("man", "Män"),
    ("okant_kon", "Okänt kön"),
    ("totalt", "Totalt"),
];

impl FigureTable {
    pub fn new(
        tabell: Tabell,
        rows: Vec<Header>,
        columns: Vec<Header>,
        values: Vec<Vec<i64>>,
    ) -> FigureTable {
        let marks = values.iter().map(|r| vec![Mark::Shown; r.len()]).collect();
        FigureTable {
            tabell,
            rows,
            columns,
            values,
            row_sums: Vec::new(),
            col_sums: Vec::new(),
            marks,
            kon_view: false,
            measures_from: None,
            measure_basis: 0,
        }
    }

    /// The rows that are counts (every row but the measures), which suppression works on.
    pub fn count_rows(&self) -> usize {
        self.measures_from.unwrap_or(self.rows.len())
    }

    /// Hides each measure whose basis count is not shown or below `threshold` (a median of a
    /// few requests tells about those few), after the counts are suppressed.
    pub fn mark_measures(&mut self, threshold: i64) {
        let Some(from) = self.measures_from else {
            return;
        };
        for r in from..self.rows.len() {
            for c in 0..self.columns.len() {
                let basis = self.values[self.measure_basis][c];
                let shown = self.marks[self.measure_basis][c] == Mark::Shown && basis >= threshold;
                self.marks[r][c] = if shown { Mark::Shown } else { Mark::Hidden };
            }
        }
    }

    /// A table whose columns are kvinna, man, okänt kön and totalt (the last adds up the
    /// first three). `values` holds those four counts per row.
    pub fn by_kon(tabell: Tabell, rows: Vec<(Header, [i64; 4])>) -> FigureTable {
        let (headers, values): (Vec<Header>, Vec<Vec<i64>>) =
            rows.into_iter().map(|(h, v)| (h, v.to_vec())).unzip();
        let mut t = FigureTable::new(
            tabell,
            headers,
            KON_COLUMNS
                .iter()
                .map(|(c, l)| Header::new(*c, *l))
                .collect(),
            values,
        );
        t.col_sums.push(Sum {
            parts: vec![0, 1, 2],
            total: 3,
            within: Vec::new(),
        });
        t
    }

    /// Declares that the rows `parts` add up to the last row (the table's totalt row).
    pub fn with_total_row(mut self, parts: std::ops::Range<usize>) -> FigureTable {
        let total = self.rows.len() - 1;
        self.row_sums.push(Sum {
            parts: parts.collect(),
            total,
            within: Vec::new(),
        });
        self
    }

    pub fn row_index(&self, code: &str) -> Option<usize> {
        self.rows.iter().position(|h| h.code == code)
    }

    pub fn col_index(&self, code: &str) -> Option<usize> {
        self.columns.iter().position(|h| h.code == code)
    }

    pub fn value(&self, row: &str, col: &str) -> Option<i64> {
        Some(self.values[self.row_index(row)?][self.col_index(col)?])
    }

    /// The cell as it may be shown: the count, `<T` for a small count, `..` for a count hidden
    /// so that a small one cannot be worked out from the totals.
    pub fn display(&self, row: usize, col: usize, threshold: i64) -> String {
        match self.marks[row][col] {
            Mark::Shown => self.values[row][col].to_string(),
            Mark::Small => format!("<{threshold}"),
            Mark::Hidden => "..".to_string(),
        }
    }

    /// Sums that do not add up (should be none); used by tests and by a debug check.
    pub fn inconsistencies(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.col_sums {
            for (r, row) in self.values.iter().enumerate() {
                if !s.holds_for(r) {
                    continue;
                }
                let sum: i64 = s.parts.iter().map(|c| row[*c]).sum();
                if sum != row[s.total] {
                    out.push(format!("{} rad {}", self.tabell.code(), self.rows[r].code));
                }
            }
        }
        for s in &self.row_sums {
            for c in (0..self.columns.len()).filter(|c| s.holds_for(*c)) {
                let sum: i64 = s.parts.iter().map(|r| self.values[*r][c]).sum();
                if sum != self.values[s.total][c] {
                    out.push(format!(
                        "{} kolumn {}",
                        self.tabell.code(),
                        self.columns[c].code
                    ));
                }
            }
        }
        out
    }
}

/// All figure tables of one selection, in report order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FigureSet {
    pub tables: Vec<FigureTable>,
    /// The threshold when suppressed, `None` for exact figures.
    pub suppressed: Option<i64>,
}

impl FigureSet {
    /// The exported table (DESIGN §6.5) with this code.
    pub fn table(&self, tabell: Tabell) -> Option<&FigureTable> {
        self.tables
            .iter()
            .find(|t| t.tabell == tabell && !t.kon_view)
    }

    /// The page's view of a table by kön, where it is a table of its own.
    pub fn kon_view(&self, tabell: Tabell) -> Option<&FigureTable> {
        self.tables
            .iter()
            .find(|t| t.tabell == tabell && t.kon_view)
    }

    /// The exported tables, in report order.
    pub fn exported(&self) -> impl Iterator<Item = &FigureTable> {
        self.tables.iter().filter(|t| !t.kon_view)
    }

    /// Suppresses small counts (see [`suppress`]).
    pub fn suppress(&mut self, threshold: i64) {
        suppress(&mut self.tables, threshold);
        for t in &mut self.tables {
            t.mark_measures(threshold);
        }
        self.suppressed = Some(threshold);
    }

    /// Suppresses figure sets that are published together (several LOKUS groups' and the
    /// whole förbund's, say) as one publication, so that no count can be worked out by
    /// combining them. `across` adds the relations between the sets (set `i` is the `i`th
    /// given; see [`suppression::relations::groups_in_whole`]). Returns what the audit still
    /// finds (nothing, see [`protect()`]).
    pub fn suppress_together(
        sets: &mut [FigureSet],
        threshold: i64,
        across: impl FnOnce(&mut Publication),
    ) -> Vec<Finding> {
        let left = {
            let mut p = Publication::new();
            for s in sets.iter_mut() {
                p.add_set(&mut s.tables);
            }
            across(&mut p);
            protect(&mut p, threshold)
        };
        for s in sets.iter_mut() {
            for t in &mut s.tables {
                t.mark_measures(threshold);
            }
            s.suppressed = Some(threshold);
        }
        left
    }

    /// No tables, unsuppressed (a placeholder while a set is moved out to be suppressed).
    pub fn empty() -> FigureSet {
        FigureSet {
            tables: Vec::new(),
            suppressed: None,
        }
    }

    /// The threshold to show in `<T` cells (the default when not suppressed; nothing is marked).
    pub fn threshold(&self) -> i64 {
        self.suppressed.unwrap_or(5)
    }
}

#[cfg(test)]
mod measure_tests {
    use super::*;

    /// Two parts' requests (answered 6 and 2) and a median row over the answered ones.
    fn requests() -> FigureTable {
        let mut t = FigureTable::new(
            Tabell::Forfragningar,
            vec![
                Header::new("besvarade", "Besvarade"),
                Header::new("median", "Median"),
            ],
            vec![
                Header::new("a", "A"),
                Header::new("b", "B"),
                Header::new("totalt", "Totalt"),
            ],
            vec![vec![6, 2, 8], vec![3, 1, 2]],
        );
        t.col_sums.push(Sum {
            parts: vec![0, 1],
            total: 2,
            within: vec![0],
        });
        t.measures_from = Some(1);
        t.measure_basis = 0;
        t
    }

    #[test]
    fn a_measure_is_no_count_and_shows_only_over_enough_answers() {
        let mut set = FigureSet {
            tables: vec![requests()],
            suppressed: None,
        };
        assert!(set.tables[0].inconsistencies().is_empty());
        set.suppress(5);
        let t = &set.tables[0];
        // The counts: 2 is small, so 6 is hidden too (8 − 6 would give it away).
        assert_eq!(t.marks[0], vec![Mark::Hidden, Mark::Small, Mark::Shown]);
        // The median over 8 answers shows; over hidden or small counts it does not.
        assert_eq!(t.marks[1], vec![Mark::Hidden, Mark::Hidden, Mark::Shown]);
    }
}
