//! The suppression audit is the test (issue 13): for suppressed exports of the demo förbund,
//! what the CSV publishes is exactly what the marks allow, and from the published cells alone
//! (with every sum and relation a reader knows) no `<5` cell can be narrowed below 1 … 4 and no
//! `..` cell worked out exactly. The groups side by side with the whole förbund are audited as
//! one publication.

use super::*;
use lotsen_domain::statistik::FigureSet;
use lotsen_domain::statistik::suppression::relations::groups_in_whole;
use lotsen_domain::statistik::suppression::{AuditReport, Publication, audit};

const THRESHOLD: i64 = 5;

/// The demo förbund with its two years of ärenden up to today and its requests from
/// handläggare, as `lotsen demo` shows it, and 150 SIP records from 2025 on (issue 17), a fifth
/// of them of no LOKUS group.
async fn demo_with_arenden() -> TestApp {
    let app = TestApp::demo().await;
    lotsen_core::demo::arenden::load(&app.t.target)
        .await
        .unwrap()
        .expect("the demo's ärenden load");
    lotsen_core::demo::forfragningar::load(&app.t.db)
        .await
        .unwrap();
    let sips = crate::sip_siffror::spread(150);
    crate::sip_siffror::insert(&app, "fjardlunda", date!(2025 - 01 - 01), &sips).await;
    app
}

/// The nulägesanalys period of the findings, the calendar year before it and this
/// year up to a day that has not come.
fn periods() -> [Period; 3] {
    [
        Period::nulagesanalys(2026).unwrap(),
        YEAR_2025,
        Period {
            fran: date!(2026 - 01 - 01),
            till: date!(2026 - 12 - 31),
        },
    ]
}

const SCOPES: [Option<&str>; 5] = [None, Some("FJL"), Some("KST"), Some("NRV"), Some("STL")];

/// Every line of the CSV is the cell as its mark allows: the count, `<5` or `..`.
fn csv_publishes_the_marks(set: &FigureSet, csv: &[u8]) {
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let mut lines = text.lines().skip(1);
    for t in set.exported() {
        for (r, row) in t.rows.iter().enumerate() {
            for (c, col) in t.columns.iter().enumerate() {
                let line = lines.next().expect("a line per cell");
                let value = line.rsplit(';').next().unwrap();
                let expected = match t.marks[r][c] {
                    Mark::Shown => t.values[r][c].to_string(),
                    Mark::Small => format!("<{THRESHOLD}"),
                    Mark::Hidden => "..".to_string(),
                };
                assert_eq!(
                    value,
                    expected,
                    "{} {} {}",
                    t.tabell.code(),
                    row.code,
                    col.code
                );
            }
        }
    }
    assert!(lines.next().is_none());
}

fn assert_clean(report: &AuditReport, what: &str) {
    assert!(
        report.is_clean(),
        "{what}: a reader of the publication works out {:?}",
        report.findings
    );
}

/// Exports one selection suppressed as CSV and audits what it publishes; returns the number
/// of suppressed cells audited.
async fn audit_export(app: &TestApp, ctx: &Ctx, lokus: Option<&str>, period: Period) -> usize {
    let id = match lokus {
        Some(k) => Some(statistik::lokus_by_code(&app.t.db, ctx, k).await.unwrap()),
        None => None,
    };
    let sel = Selection {
        lokus: id,
        period,
        suppress: true,
    };
    let csv = statistik::export(&app.t.db, ctx, sel, ExportFormat::Csv)
        .await
        .unwrap();
    let mut f = statistik::figures(&app.t.db, ctx, sel).await.unwrap();
    csv_publishes_the_marks(&f.set, &csv.bytes);
    let suppressed = f
        .set
        .tables
        .iter()
        .flat_map(|t| t.marks.iter().flatten())
        .filter(|m| **m != Mark::Shown)
        .count();
    let p = Publication::of(&mut f.set.tables);
    let report = audit(&p, THRESHOLD);
    assert_clean(&report, &format!("{lokus:?} {period:?}"));
    suppressed
}

#[tokio::test]
async fn no_suppressed_export_of_the_demo_forbund_can_be_worked_back() {
    let app = demo_with_arenden().await;
    let ctx = cli_ctx(&app, "fjardlunda").await;
    let (mut exports, mut cells) = (0, 0);
    for period in periods() {
        for lokus in SCOPES {
            cells += audit_export(&app, &ctx, lokus, period).await;
            exports += 1;
        }
    }
    println!("audited {exports} suppressed exports, {cells} suppressed cells");
    assert_eq!(exports, 15);
    let f = figures_for(&app, "fjardlunda", Some("STL"), YEAR_2025, false).await;
    let sip = f.set.table(Tabell::Sip).unwrap();
    for row in ["genomforda", "uppfoljd_i_tid", "uppfoljning_forsenad"] {
        assert!(
            sip.value(row, "totalt") > Some(0),
            "the SIP table has data: {row}"
        );
    }
    assert!(cells > 100, "the demo's exports suppress cells: {cells}");
}

/// The first finding: NRV's region total was hidden while its units, shown, added up
/// to it (0 + 16 + 7 = 23), and from there Annan (`<5`) was 2.
#[tokio::test]
async fn nrv_region_total_cannot_be_rebuilt_from_its_units() {
    region_total_stays_hidden("NRV").await;
}

/// The second finding: FJL's region total from its units (6 + 11 + 15 = 32), then
/// Annan = 6.
#[tokio::test]
async fn fjl_region_total_cannot_be_rebuilt_from_its_units() {
    region_total_stays_hidden("FJL").await;
}

async fn region_total_stays_hidden(kod: &str) {
    let app = demo_with_arenden().await;
    let ctx = cli_ctx(&app, "fjardlunda").await;
    let period = Period::nulagesanalys(2026).unwrap();
    audit_export(&app, &ctx, Some(kod), period).await;
    let mut f = figures_for(&app, "fjardlunda", Some(kod), period, true).await;
    let per_part = f.set.table(Tabell::ArendenPerPart).unwrap();
    let total = (
        per_part.row_index("totalt").unwrap(),
        per_part.col_index("region").unwrap(),
    );
    if per_part.marks[total.0][total.1] != Mark::Shown {
        let units = f.set.table(Tabell::ArendenPerEnhet).unwrap();
        let arenden = units.col_index("arenden").unwrap();
        let all_shown = units
            .rows
            .iter()
            .enumerate()
            .filter(|(_, h)| h.code.starts_with("region:"))
            .all(|(r, _)| units.marks[r][arenden] == Mark::Shown);
        assert!(
            !all_shown,
            "{kod}: the region total is hidden but its units add up to it"
        );
    }
    let first = f
        .set
        .tables
        .iter()
        .position(|t| t.tabell == Tabell::ArendenPerPart && !t.kon_view)
        .unwrap();
    let p = Publication::of(&mut f.set.tables);
    let report = audit(&p, THRESHOLD);
    assert_clean(&report, kod);
    let cell = p.cell(first, "totalt", "region").unwrap();
    if let Some(i) = report.interval(cell) {
        assert!(
            !i.is_exact(),
            "{kod}: the region total is worked out: {i:?}"
        );
    }
}

/// Every group's figures with the whole förbund's, suppressed together (the all-groups XLSX):
/// the groups add up to the whole, and still nothing can be worked back.
#[tokio::test]
async fn the_groups_beside_the_whole_forbund_are_protected_as_one_publication() {
    let app = demo_with_arenden().await;
    let period = Period::nulagesanalys(2026).unwrap();
    let mut all = Vec::new();
    for lokus in SCOPES.iter().skip(1).chain([&None]) {
        all.push(figures_for(&app, "fjardlunda", *lokus, period, false).await);
    }
    statistik::suppress_together(&mut all, true).await.unwrap();
    let mut sets: Vec<FigureSet> = all.into_iter().map(|f| f.set).collect();
    let whole = sets.len() - 1;
    let mut p = Publication::new();
    for s in sets.iter_mut() {
        p.add_set(&mut s.tables);
    }
    let groups: Vec<usize> = (0..whole).collect();
    for r in groups_in_whole(&p, &groups, whole, true) {
        p.add(r);
    }
    assert!(
        p.broken().is_empty(),
        "the groups add up to the whole förbund"
    );
    let report = audit(&p, THRESHOLD);
    assert_clean(&report, "all groups and the whole förbund");
    println!(
        "audited one publication of {} sets, {} suppressed cells",
        whole + 1,
        report.intervals.len()
    );
}

/// Audits one publication (a figure set already suppressed): nothing can be worked back.
pub(crate) fn suppression_audit_is_clean(set: &mut FigureSet, what: &str) {
    let p = Publication::of(&mut set.tables);
    assert!(p.broken().is_empty(), "{what}: {:?}", p.broken());
    assert_clean(&audit(&p, THRESHOLD), what);
}

/// The participant tables (issue 16) join the same audit: the hand-computed enrolments and a
/// deterministic spread of 240 more over three insatser (one shared by STL and NRV), exported
/// suppressed for each insats, group and the whole förbund over three periods; the
/// nulägesanalys exports whose `tillaggsresurs` rows now count participants; and every group
/// beside the whole förbund as one publication, where a shared insats counts in both groups.
#[tokio::test]
async fn no_suppressed_participant_export_can_be_worked_back() {
    use crate::deltagare_siffror as ds;
    use lotsen_core::statistik::deltagare::{self, Urval};
    let app = demo_with_arenden().await;
    ds::fixture_in(&app, None).await;
    ds::insats(
        &app,
        "fjardlunda",
        "DELAD",
        "tillaggsresurs",
        &["STL", "NRV"],
        None,
    )
    .await;
    let mut spread = ds::spread(240);
    for (i, d) in spread.iter_mut().enumerate() {
        if i % 5 == 0 {
            d.insats = "DELAD";
        }
    }
    ds::insert(&app, "fjardlunda", &spread).await;
    let ctx = cli_ctx(&app, "fjardlunda").await;
    let (mut exports, mut cells) = (0, 0);
    for period in periods() {
        for scope in [
            "insats:COACH",
            "insats:ANNAN",
            "insats:DELAD",
            "lokus:STL",
            "lokus:FJL",
            "lokus:NRV",
            "forbund",
        ] {
            let urval = Urval {
                omfang: ds::omfang(&app, &ctx, scope).await,
                period,
                suppress: true,
            };
            let csv = deltagare::export(&app.t.db, &ctx, urval, ExportFormat::Csv)
                .await
                .unwrap();
            let mut f = deltagare::figures(&app.t.db, &ctx, urval).await.unwrap();
            csv_publishes_the_marks(&f.set, &csv.bytes);
            cells += f
                .set
                .tables
                .iter()
                .flat_map(|t| t.marks.iter().flatten())
                .filter(|m| **m != Mark::Shown)
                .count();
            suppression_audit_is_clean(&mut f.set, &format!("{scope} {period:?}"));
            exports += 1;
        }
        for lokus in [Some("STL"), Some("NRV"), None] {
            audit_export(&app, &ctx, lokus, period).await;
        }
    }
    println!("audited {exports} suppressed participant exports, {cells} suppressed cells");
    assert!(
        cells > 50,
        "the participant exports suppress cells: {cells}"
    );

    let period = Period::nulagesanalys(2026).unwrap();
    let mut all = Vec::new();
    for lokus in SCOPES.iter().skip(1).chain([&None]) {
        all.push(figures_for(&app, "fjardlunda", *lokus, period, false).await);
    }
    let shared = all[2]
        .set
        .table(Tabell::Tillaggsresurs)
        .unwrap()
        .value("inskrivna", "totalt");
    assert!(
        shared.is_some_and(|n| n > 0),
        "NRV counts the shared insats"
    );
    statistik::suppress_together(&mut all, true).await.unwrap();
    let mut sets: Vec<FigureSet> = all.into_iter().map(|f| f.set).collect();
    let whole = sets.len() - 1;
    let mut p = Publication::new();
    for s in sets.iter_mut() {
        p.add_set(&mut s.tables);
    }
    let groups: Vec<usize> = (0..whole).collect();
    for r in groups_in_whole(&p, &groups, whole, true) {
        p.add(r);
    }
    assert!(p.broken().is_empty(), "{:?}", p.broken());
    assert_clean(&audit(&p, THRESHOLD), "all groups with shared insatser");
}
