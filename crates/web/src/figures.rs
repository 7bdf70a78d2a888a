//! View models of the figure tables: cells as they may be shown, shares per kön derived here
//! (never stored), and a horizontal bar chart drawn as SVG geometry for the template. A
//! suppressed cell gets no bar, so the chart never reveals what the table hides. And the
//! Datakvalitet panel's counts, with links to the ärenden for a coordinator's own groups.

use lotsen_core::statistik::kvalitet::Kvalitet;
use lotsen_domain::kvalitet::Brist;
use lotsen_domain::statistik::{FigureSet, FigureTable, Mark, Tabell};

pub struct CellView {
    pub text: String,
}

pub struct RowView {
    pub label: String,
    pub total: bool,
    pub cells: Vec<CellView>,
}

pub struct TableView {
    pub id: String,
    pub title: &'static str,
    pub note: &'static str,
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<RowView>,
    pub chart: Option<Chart>,
    /// Shown instead of a table in the kön view when a table cannot be split by kön.
    pub kon_note: Option<&'static str>,
}

/// One series of the chart: its name, colour and the short text before each value.
pub struct Series {
    pub name: &'static str,
    pub fill: &'static str,
    pub swatch_y: u32,
}

pub struct Bar {
    pub y: u32,
    pub width: u32,
    pub fill: &'static str,
    /// The value as text (or `<5` / `..` when hidden), with the series name when grouped.
    pub text: String,
    pub text_x: u32,
}

pub struct Group {
    pub label: String,
    pub label_y: u32,
    pub bars: Vec<Bar>,
}

pub struct Chart {
    pub title: String,
    pub height: u32,
    pub groups: Vec<Group>,
    pub legend: Vec<Series>,
    pub legend_height: u32,
}

/// Colours with at least 4.5:1 contrast on white; each bar also carries its series in text.
const TOTAL: &str = "#0b4f6c";
const KON_SERIES: [(&str, &str); 3] = [
    ("Kvinnor", "#0b4f6c"),
    ("Män", "#8a4b00"),
    ("Okänt kön", "#4a5560"),
];
pub const CHART_WIDTH: u32 = 640;
const BAR_AREA: u32 = 440;
const LABEL_H: u32 = 20;
const BAR_H: u32 = 16;
const GAP: u32 = 10;

struct Point {
    value: i64,
    text: String,
}

fn chart(
    title: String,
    rows: Vec<(String, Vec<Point>)>,
    series: &[(&'static str, &'static str)],
) -> Chart {
    let max = rows
        .iter()
        .flat_map(|(_, ps)| ps.iter().map(|p| p.value))
        .max()
        .unwrap_or(0)
        .max(1);
    let grouped = series.len() > 1;
    let legend_height = if grouped { 24 } else { 0 };
    let mut y = legend_height;
    let mut groups = Vec::new();
    for (label, points) in rows {
        let label_y = y + 14;
        y += LABEL_H;
        let mut bars = Vec::new();
        for (i, p) in points.into_iter().enumerate() {
            let (name, fill) = series.get(i).copied().unwrap_or(("", TOTAL));
            let width = u32::try_from(p.value.max(0) * i64::from(BAR_AREA) / max).unwrap_or(0);
            let text = if grouped {
                format!("{name}: {}", p.text)
            } else {
                p.text
            };
            bars.push(Bar {
                y,
                width,
                fill,
                text,
                text_x: width + 6,
            });
            y += BAR_H + 2;
        }
        y += GAP;
        groups.push(Group {
            label,
            label_y,
            bars,
        });
    }
    Chart {
        title,
        height: y.max(1),
        groups,
        legend: if grouped {
            series
                .iter()
                .enumerate()
                .map(|(i, (name, fill))| Series {
                    name,
                    fill,
                    swatch_y: u32::try_from(i).unwrap_or(0),
                })
                .collect()
        } else {
            Vec::new()
        },
        legend_height,
    }
}

fn point(t: &FigureTable, r: usize, c: usize, threshold: i64) -> Point {
    Point {
        value: if t.marks[r][c] == Mark::Shown {
            t.values[r][c]
        } else {
            0
        },
        text: t.display(r, c, threshold),
    }
}

/// The number of ärenden of each kön (kvinna, man, okänt, totalt) when it may be shown.
fn kon_totals(set: &FigureSet) -> [Option<i64>; 4] {
    let mut out = [None; 4];
    if let Some(t) = set.table(Tabell::ArendenPerPart) {
        let total_col = t.columns.len() - 1;
        for (i, code) in ["kvinna", "man", "okant_kon", "totalt"].iter().enumerate() {
            if let Some(r) = t.row_index(code)
                && t.marks[r][total_col] == Mark::Shown
            {
                out[i] = Some(t.values[r][total_col]);
            }
        }
    }
    out
}

fn rows_of(t: &FigureTable, threshold: i64, shares: Option<[Option<i64>; 4]>) -> Vec<RowView> {
    t.rows
        .iter()
        .enumerate()
        .map(|(r, h)| RowView {
            label: h.label.clone(),
            total: h.code == "totalt",
            cells: (0..t.columns.len())
                .map(|c| {
                    let mut text = t.display(r, c, threshold);
                    if let Some(d) = shares.and_then(|s| s.get(c).copied().flatten())
                        && t.marks[r][c] == Mark::Shown
                        && d > 0
                    {
                        let pct = (t.values[r][c] as f64) * 100.0 / (d as f64);
                        text = format!("{text} ({pct:.0} %)");
                    }
                    CellView { text }
                })
                .collect(),
        })
        .collect()
}

/// Rows to chart: the counts but totals (a measure, such as a median, is no bar).
fn chart_rows(t: &FigureTable) -> impl Iterator<Item = (usize, &lotsen_domain::statistik::Header)> {
    t.rows
        .iter()
        .enumerate()
        .take(t.count_rows())
        .filter(|(_, h)| h.code != "totalt" && h.code != "mottagna")
}

/// The default view of a table: the table as exported, and a chart of its totals.
pub fn table_view(set: &FigureSet, t: &FigureTable) -> TableView {
    let th = set.threshold();
    let chart = match t.tabell {
        Tabell::ArendenPerPart | Tabell::HandlaggarePerPart => {
            // one bar per part: ärenden, or unique handläggare
            let r = if t.tabell == Tabell::ArendenPerPart {
                t.rows.len() - 1
            } else {
                0
            };
            let rows = (0..t.columns.len() - 1)
                .map(|c| (t.columns[c].label.clone(), vec![point(t, r, c, th)]))
                .collect();
            chart(
                format!("{} – {}", t.tabell.label(), t.rows[r].label),
                rows,
                &[("", TOTAL)],
            )
        }
        Tabell::ArendenPerEnhet => {
            let c = t.col_index("arenden").unwrap_or(0);
            let rows = chart_rows(t)
                .map(|(r, h)| (h.label.clone(), vec![point(t, r, c, th)]))
                .collect();
            chart(
                format!("{} – ärenden", t.tabell.label()),
                rows,
                &[("", TOTAL)],
            )
        }
        _ => {
            let c = t.columns.len() - 1;
            let rows = chart_rows(t)
                .map(|(r, h)| (h.label.clone(), vec![point(t, r, c, th)]))
                .collect();
            chart(
                format!("{} – totalt", t.tabell.label()),
                rows,
                &[("", TOTAL)],
            )
        }
    };
    TableView {
        id: t.tabell.code().to_string(),
        title: t.tabell.label(),
        note: t.tabell.note(),
        caption: t.tabell.label().to_string(),
        columns: t.columns.iter().map(|h| h.label.clone()).collect(),
        rows: rows_of(t, th, None),
        chart: Some(chart),
        kon_note: None,
    }
}

const NO_HANDLAGGARE_KON: &str = "Handläggarnas kön registreras inte, så unika handläggare kan inte delas upp efter kön. Ärendena per part efter kön finns under ”Ärenden per part efter kön och ålder”.";

/// The view by kön (jämställdhetsperspektiv): kvinnor, män and okänt kön side by side, with
/// each count's share of all ärenden of that kön.
pub fn kon_view(set: &FigureSet, t: &FigureTable) -> TableView {
    let th = set.threshold();
    let source = match t.tabell {
        Tabell::ArendenPerPart | Tabell::ArendenPerEnhet => {
            set.kon_view(t.tabell).ok_or(NO_HANDLAGGARE_KON)
        }
        Tabell::HandlaggarePerPart => Err(NO_HANDLAGGARE_KON),
        // Their columns are parts, not kön: the table as it is would read as a split by kön.
        Tabell::Forfragningar | Tabell::Sip => Err(
            "Tabellen räknas efter part och inte efter kön, så den finns inte uppdelad efter kön.",
        ),
        _ => Ok(t),
    };
    let k = match source {
        Ok(k) => k,
        Err(why) => {
            return TableView {
                id: t.tabell.code().to_string(),
                title: t.tabell.label(),
                note: t.tabell.note(),
                caption: t.tabell.label().to_string(),
                columns: Vec::new(),
                rows: Vec::new(),
                chart: None,
                kon_note: Some(why),
            };
        }
    };
    let rows = chart_rows(k)
        .map(|(r, h)| {
            (
                h.label.clone(),
                (0..3).map(|c| point(k, r, c, th)).collect::<Vec<_>>(),
            )
        })
        .collect();
    TableView {
        id: t.tabell.code().to_string(),
        title: t.tabell.label(),
        note: t.tabell.note(),
        caption: format!(
            "{} efter kön (andel av ärendena med samma kön)",
            t.tabell.label()
        ),
        columns: k.columns.iter().map(|h| h.label.clone()).collect(),
        rows: rows_of(k, th, Some(kon_totals(set))),
        chart: Some(chart(
            format!("{} efter kön", t.tabell.label()),
            rows,
            &KON_SERIES,
        )),
        kon_note: None,
    }
}

/// The Datakvalitet panel: one row per check, one column per group (and the whole förbund).
pub struct KvalitetView {
    pub period: String,
    pub scopes: Vec<String>,
    pub rows: Vec<KvalitetRow>,
}

pub struct KvalitetRow {
    pub label: &'static str,
    pub hint: &'static str,
    pub cells: Vec<KvalitetCell>,
}

/// A count, and for a coordinator's own group the link to exactly those ärenden.
pub struct KvalitetCell {
    pub count: i64,
    pub href: Option<String>,
}

impl KvalitetView {
    pub fn of(list: &[Kvalitet]) -> KvalitetView {
        let period = list
            .first()
            .map(|k| format!("{} – {}", k.period.fran, k.period.till))
            .unwrap_or_default();
        KvalitetView {
            period,
            scopes: list
                .iter()
                .map(|k| match &k.grupp {
                    Some((kod, _)) => format!("LOKUS {kod}"),
                    None => "Hela förbundet".to_string(),
                })
                .collect(),
            rows: Brist::ALL
                .iter()
                .map(|b| KvalitetRow {
                    label: b.label(),
                    hint: b.hint(),
                    cells: list
                        .iter()
                        .map(|k| {
                            let count =
                                k.counts.iter().find(|(x, _)| x == b).map_or(0, |(_, n)| *n);
                            let href = match k.lokus {
                                Some(id) if k.may_list && count > 0 => Some(format!(
                                    "/arenden?status=alla&lokus={id}&fran={}&till={}&brist={}",
                                    k.period.fran,
                                    k.period.till,
                                    b.code()
                                )),
                                _ => None,
                            };
                            KvalitetCell { count, href }
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
