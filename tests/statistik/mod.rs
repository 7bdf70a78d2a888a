//! Statistics and the nulägesanalys figures: every table against a hand-computed fixture
//! (okänt kön and ålder, the 29/30 boundary, several actions, ärenden outside the period,
//! another LOKUS group and another förbund), the pages' access for every role, the CSV bytes,
//! the XLSX read back, suppression, the command-line export and the audit rows.

mod audit;
mod exports;
mod kvalitet;
mod pages;
mod periods;
mod tables;

pub(crate) use audit::suppression_audit_is_clean;

use crate::support::{DEMO_TENANT_LOGINS, TestApp};
use axum::http::StatusCode;
use lotsen_core::Ctx;
use lotsen_core::statistik::{self, ExportFormat, Figures, Selection};
use lotsen_domain::statistik::{Mark, Period, Tabell};
use time::macros::date;
use uuid::Uuid;

/// The fixtures of these tests write ärenden with `insert_arenden`.
pub(crate) use crate::support::fixture::{ArendeFixture as Fx, insert_arenden};
/// Writes the fixtures into the förbund `slug`.
pub(crate) async fn insert(app: &TestApp, slug: &str, list: &[Fx]) {
    insert_arenden(app, slug, list).await;
}

pub(crate) const FK: &str = "Försäkringskassan LFC Västerlän";
const AF: &str = "Arbetsförmedlingen Stenbäck–Lövsjö";
const SOC: &str = "Stenbäcks kommun, socialförvaltningen";

/// Six STL ärenden in 2025 (the hand-computed expectations below), and ärenden that must
/// never be counted in STL 2025: the day before and after, another group, another förbund.
async fn fixture() -> TestApp {
    let app = TestApp::demo().await;
    let base = Fx {
        lokus: "STL",
        part: "fk",
        kon: "kvinna",
        ..Fx::EMPTY
    };
    insert(
        &app,
        "fjardlunda",
        &[
            Fx {
                inkom: "2025-01-01",
                org: Some(FK),
                enhet: Some("Sjukpenning"),
                handlaggare: Some("FK-1"),
                alder: Some(29),
                kommun: Some("9902"),
                problem: Some("racker_inte"),
                avslut: Some("sip"),
                ersattning: &["sjukpenning"],
                malgrupper: &["langtidssjukskriven"],
                atgarder: &[
                    "kontakt_formedlad",
                    "kontakt_formedlad",
                    "tillaggsresurs_erbjuden",
                ],
                ..base
            },
            Fx {
                inkom: "2025-12-31",
                org: Some(FK),
                enhet: Some("Sjukpenning"),
                handlaggare: Some("FK-1"),
                kon: "man",
                alder: Some(30),
                kommun: Some("9903"),
                problem: Some("struktur_saknas"),
                ersattning: &["sjukpenning", "forsorjningsstod"],
                malgrupper: &["psykisk_ohalsa", "samsjuklighet"],
                atgarder: &["tillaggsresurs_erbjuden", "tillaggsresurs_paborjad"],
                ..base
            },
            Fx {
                inkom: "2025-05-05",
                part: "af",
                org: Some(AF),
                enhet: Some("JOB"),
                handlaggare: Some("AF-1"),
                kon: "okant",
                ..base
            },
            Fx {
                inkom: "2025-03-03",
                part: "kommun",
                org: Some(SOC),
                enhet: Some("Försörjningsstöd"),
                handlaggare: Some("SS-1"),
                alder: Some(45),
                kommun: Some("9902"),
                problem: Some("inget"),
                malgrupper: &["egen_grupp"],
                atgarder: &["flerpartsmote"],
                ..base
            },
            Fx {
                inkom: "2025-07-07",
                part: "region",
                org: Some("Region Västerlän"),
                alder: Some(22),
                kommun: Some("9904"),
                avslut: Some("lost_sig"),
                ..base
            },
            Fx {
                inkom: "2025-08-08",
                part: "annan",
                kon: "man",
                alder: Some(16),
                ..base
            },
            // never counted in STL 2025
            Fx {
                inkom: "2024-12-31",
                org: Some(FK),
                enhet: Some("Sjukpenning"),
                handlaggare: Some("FK-9"),
                alder: Some(40),
                atgarder: &["flerpartsmote"],
                ..base
            },
            Fx {
                inkom: "2026-01-01",
                alder: Some(40),
                ..base
            },
            Fx {
                lokus: "FJL",
                inkom: "2025-06-06",
                org: Some(FK),
                enhet: Some("Aktivitetsersättning"),
                handlaggare: Some("FK-2"),
                kon: "man",
                alder: Some(50),
                kommun: Some("9901"),
                atgarder: &["sip_foreslagen"],
                ..base
            },
        ],
    )
    .await;
    insert(
        &app,
        "kustbygd",
        &[Fx {
            lokus: "KST",
            inkom: "2025-06-06",
            alder: Some(40),
            atgarder: &["flerpartsmote"],
            ..base
        }],
    )
    .await;
    app
}

async fn cli_ctx(app: &TestApp, slug: &str) -> Ctx {
    Ctx::cli(Some(
        lotsen_core::admin::forbund::by_slug(&app.t.db, slug)
            .await
            .unwrap(),
    ))
}

const YEAR_2025: Period = Period {
    fran: date!(2025 - 01 - 01),
    till: date!(2025 - 12 - 31),
};

async fn figures(app: &TestApp, slug: &str, lokus: Option<&str>, suppress: bool) -> Figures {
    figures_for(app, slug, lokus, YEAR_2025, suppress).await
}

pub(crate) async fn figures_for(
    app: &TestApp,
    slug: &str,
    lokus: Option<&str>,
    period: Period,
    suppress: bool,
) -> Figures {
    let ctx = cli_ctx(app, slug).await;
    let lokus = match lokus {
        Some(k) => Some(statistik::lokus_by_code(&app.t.db, &ctx, k).await.unwrap()),
        None => None,
    };
    statistik::figures(
        &app.t.db,
        &ctx,
        Selection {
            lokus,
            period,
            suppress,
        },
    )
    .await
    .unwrap()
}

/// The rows of a table as (row code, values), for comparing with a hand-written table.
fn rows(f: &Figures, t: Tabell) -> Vec<(String, Vec<i64>)> {
    let t = f.set.table(t).unwrap();
    t.rows
        .iter()
        .zip(&t.values)
        .map(|(h, v)| (h.code.clone(), v.clone()))
        .collect()
}

fn expect(list: &[(&str, &[i64])]) -> Vec<(String, Vec<i64>)> {
    list.iter()
        .map(|(c, v)| (c.to_string(), v.to_vec()))
        .collect()
}

/// Rows that are not all zero, for tables whose zero rows are checked separately.
fn non_zero(f: &Figures, t: Tabell) -> Vec<(String, Vec<i64>)> {
    rows(f, t)
        .into_iter()
        .filter(|(_, v)| v.iter().any(|x| *x != 0))
        .collect()
}

const STL_2025: &str = "/statistik/nulagesanalys?lokus=STL&fran=2025-01-01&till=2025-12-31";
