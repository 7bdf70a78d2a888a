//! Statistics and the nulägesanalys figures: every table against a hand-computed fixture
//! (okänt kön and ålder, the 29/30 boundary, several actions, ärenden outside the period,
//! another LOKUS group and another förbund), the pages' access for every role, the CSV bytes,
//! the XLSX read back, suppression, the command-line export and the audit rows.

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

async fn figures_for(
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

#[tokio::test]
async fn every_table_of_a_group_year_matches_the_hand_computed_figures() {
    let app = fixture().await;
    let f = figures(&app, "fjardlunda", Some("STL"), false).await;
    for t in f.set.exported() {
        assert_eq!(t.inconsistencies(), Vec::<String>::new(), "{:?}", t.tabell);
    }
    // columns fk, af, kommun, region, annan, totalt; 29 is under 30, 30 is not
    assert_eq!(
        rows(&f, Tabell::ArendenPerPart),
        expect(&[
            ("kvinna", &[1, 0, 1, 1, 0, 3]),
            ("man", &[1, 0, 0, 0, 1, 2]),
            ("okant_kon", &[0, 1, 0, 0, 0, 1]),
            ("under_30", &[1, 0, 0, 1, 1, 3]),
            ("30_och_aldre", &[1, 0, 1, 0, 0, 2]),
            ("okand_alder", &[0, 1, 0, 0, 0, 1]),
            ("totalt", &[2, 1, 1, 1, 1, 6]),
        ])
    );
    // FK-1 remitted twice and counts once
    assert_eq!(
        rows(&f, Tabell::HandlaggarePerPart),
        expect(&[
            ("unika_handlaggare", &[1, 1, 1, 0, 0, 3]),
            ("arenden", &[2, 1, 1, 1, 1, 6]),
        ])
    );
    let enhet = rows(&f, Tabell::ArendenPerEnhet);
    assert_eq!(
        enhet.len(),
        14 + 2,
        "every unit of the förbund, okänd and totalt"
    );
    assert_eq!(
        non_zero(&f, Tabell::ArendenPerEnhet),
        expect(&[
            (&format!("fk:{FK} / Sjukpenning"), &[1, 2]),
            (&format!("af:{AF} / JOB"), &[1, 1]),
            (&format!("kommun:{SOC} / Försörjningsstöd"), &[1, 1]),
            ("okand", &[0, 2]),
            ("totalt", &[3, 6]),
        ])
    );
    // kvinna, man, okant_kon, totalt; an ärende counts once per action code
    let atgarder = rows(&f, Tabell::Atgarder);
    assert_eq!(
        atgarder.len(),
        12 + 1,
        "every action code and ingen uppgift"
    );
    assert_eq!(
        non_zero(&f, Tabell::Atgarder),
        expect(&[
            ("kontakt_formedlad", &[1, 0, 0, 1]),
            ("flerpartsmote", &[1, 0, 0, 1]),
            ("tillaggsresurs_erbjuden", &[1, 1, 0, 2]),
            ("tillaggsresurs_paborjad", &[0, 1, 0, 1]),
            ("ingen_uppgift", &[1, 1, 1, 3]),
        ])
    );
    assert_eq!(
        rows(&f, Tabell::Samverkansproblem),
        expect(&[
            ("struktur_saknas", &[0, 1, 0, 1]),
            ("struktur_tillampas_inte", &[0, 0, 0, 0]),
            ("racker_inte", &[1, 0, 0, 1]),
            ("kan_inte_tillgodogora", &[0, 0, 0, 0]),
            ("tillampas_felaktigt", &[0, 0, 0, 0]),
            ("inget", &[1, 0, 0, 1]),
            ("okant", &[1, 1, 1, 3]),
            ("totalt", &[3, 2, 1, 6]),
        ])
    );
    let malgrupper = rows(&f, Tabell::Malgrupper);
    assert_eq!(
        malgrupper.len(),
        13 + 1 + 1,
        "codes, the förbund's own, ingen uppgift"
    );
    assert_eq!(
        non_zero(&f, Tabell::Malgrupper),
        expect(&[
            ("psykisk_ohalsa", &[0, 1, 0, 1]),
            ("samsjuklighet", &[0, 1, 0, 1]),
            ("langtidssjukskriven", &[1, 0, 0, 1]),
            ("egen_grupp", &[1, 0, 0, 1]),
            ("ingen_uppgift", &[1, 1, 1, 3]),
        ])
    );
    assert_eq!(rows(&f, Tabell::Ersattning).len(), 11 + 1);
    assert_eq!(
        non_zero(&f, Tabell::Ersattning),
        expect(&[
            ("sjukpenning", &[1, 1, 0, 2]),
            ("forsorjningsstod", &[0, 1, 0, 1]),
            ("ingen_uppgift", &[2, 1, 1, 4]),
        ])
    );
    assert_eq!(rows(&f, Tabell::Avslut).len(), 7 + 2);
    assert_eq!(
        non_zero(&f, Tabell::Avslut),
        expect(&[
            ("sip", &[1, 0, 0, 1]),
            ("lost_sig", &[1, 0, 0, 1]),
            ("ej_avslutad", &[1, 2, 1, 4]),
            ("totalt", &[3, 2, 1, 6]),
        ])
    );
    // STL's kommuner (zeros included), a kommun found in the data, okänd
    assert_eq!(
        rows(&f, Tabell::Bostadskommun).len(),
        5,
        "STL's two kommuner, 9904 from the data, okänd, totalt"
    );
    let kommun = rows(&f, Tabell::Bostadskommun);
    for (code, v) in [
        ("9902", [2, 0, 0, 2]),
        ("9903", [0, 1, 0, 1]),
        ("9904", [1, 0, 0, 1]),
        ("okand", [0, 1, 1, 2]),
        ("totalt", [3, 2, 1, 6]),
    ] {
        assert!(
            kommun.contains(&(code.to_string(), v.to_vec())),
            "{code}: {kommun:?}"
        );
    }
    assert_eq!(
        rows(&f, Tabell::Tillaggsresurs),
        expect(&[("erbjudna", &[1, 1, 0, 2]), ("paborjade", &[0, 1, 0, 1])])
    );
}

#[tokio::test]
async fn the_whole_forbund_counts_every_group_and_never_another_forbund() {
    let app = fixture().await;
    let f = figures(&app, "fjardlunda", None, false).await;
    assert_eq!(f.lokus, None);
    let per_part = rows(&f, Tabell::ArendenPerPart);
    assert_eq!(per_part[6], ("totalt".into(), vec![3, 1, 1, 1, 1, 7]));
    assert_eq!(per_part[1], ("man".into(), vec![2, 0, 0, 0, 1, 3]));
    assert_eq!(
        rows(&f, Tabell::HandlaggarePerPart)[0],
        ("unika_handlaggare".into(), vec![2, 1, 1, 0, 0, 4])
    );
    let kommun = rows(&f, Tabell::Bostadskommun);
    assert!(kommun.contains(&("9901".into(), vec![0, 1, 0, 1])));
    assert!(
        kommun
            .iter()
            .any(|(c, v)| c == "9905" && v == &[0, 0, 0, 0]),
        "every group's kommuner are rows"
    );
    for t in f.set.exported() {
        assert_eq!(t.inconsistencies(), Vec::<String>::new(), "{:?}", t.tabell);
    }

    let k = figures(&app, "kustbygd", None, false).await;
    assert_eq!(
        rows(&k, Tabell::ArendenPerPart)[6],
        ("totalt".into(), vec![1, 0, 0, 0, 0, 1])
    );
    assert_eq!(
        non_zero(&k, Tabell::Atgarder),
        expect(&[("flerpartsmote", &[1, 0, 0, 1])])
    );
}

#[tokio::test]
async fn suppression_hides_small_counts_and_what_would_reveal_them() {
    let app = fixture().await;
    let f = figures(&app, "fjardlunda", Some("STL"), true).await;
    assert_eq!(f.set.suppressed, Some(5));
    let t = f.set.table(Tabell::ArendenPerPart).unwrap();
    // every count is 1–4 here except the zeros, and 6 in totalt
    assert_eq!(t.display(0, 0, 5), "<5");
    assert_eq!(t.display(0, 1, 5), "0");
    assert_eq!(
        t.display(6, 5, 5),
        "6",
        "the parts of 6 are all hidden, so it reveals none of them"
    );
    for t in f.set.exported() {
        for (r, row) in t.values.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if (1..5).contains(v) {
                    assert_eq!(t.marks[r][c], Mark::Small, "{:?} {r} {c}", t.tabell);
                }
                if *v == 0 || *v >= 5 {
                    assert_ne!(t.marks[r][c], Mark::Small);
                }
            }
        }
        // no sum has exactly one hidden cell
        let hidden = |r: usize, c: usize| t.marks[r][c] != Mark::Shown;
        for s in &t.col_sums {
            for r in (0..t.rows.len()).filter(|r| s.holds_for(*r)) {
                let n = s
                    .parts
                    .iter()
                    .chain([&s.total])
                    .filter(|c| hidden(r, **c))
                    .count();
                assert_ne!(n, 1, "{:?} row {r}", t.tabell);
            }
        }
        for s in &t.row_sums {
            for c in (0..t.columns.len()).filter(|c| s.holds_for(*c)) {
                let n = s
                    .parts
                    .iter()
                    .chain([&s.total])
                    .filter(|r| hidden(**r, c))
                    .count();
                assert_ne!(n, 1, "{:?} column {c}", t.tabell);
            }
        }
    }
    // a total whose parts are all hidden stays visible
    let kon = f.set.table(Tabell::Avslut).unwrap();
    assert_eq!(kon.display(kon.rows.len() - 1, 3, 5), "6");
}

#[tokio::test]
async fn exports_write_the_csv_format_and_an_xlsx_that_reads_back() {
    let app = fixture().await;
    let ctx = cli_ctx(&app, "fjardlunda").await;
    let lokus = statistik::lokus_by_code(&app.t.db, &ctx, "STL").await.ok();
    let sel = Selection {
        lokus,
        period: YEAR_2025,
        suppress: false,
    };
    let csv = statistik::export(&app.t.db, &ctx, sel, ExportFormat::Csv)
        .await
        .unwrap();
    assert_eq!(csv.filename, "nulagesanalys_STL_2025-01-01_2025-12-31.csv");
    assert!(
        csv.bytes
            .starts_with(b"\xEF\xBB\xBFtabell;rad;kolumn;varde\r\n")
    );
    let text = String::from_utf8(csv.bytes[3..].to_vec()).unwrap();
    assert!(
        text.contains("\r\narenden_per_part;kvinna;fk;1\r\n"),
        "{text}"
    );
    assert!(text.contains("\r\natgarder;tillaggsresurs_erbjuden;totalt;2\r\n"));
    assert!(text.contains("\r\nbostadskommun;9902;kvinna;2\r\n"));
    // one line per cell of the ten tables
    let cells: usize = figures(&app, "fjardlunda", Some("STL"), false)
        .await
        .set
        .exported()
        .map(|t| t.rows.len() * t.columns.len())
        .sum();
    assert_eq!(text.lines().count(), cells + 1);
    assert!(
        text.lines()
            .all(|l| l.split(';').count() == 4 || l.contains('"'))
    );

    let xlsx = statistik::export(
        &app.t.db,
        &ctx,
        Selection {
            suppress: true,
            ..sel
        },
        ExportFormat::Xlsx,
    )
    .await
    .unwrap();
    assert_eq!(
        xlsx.content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    use calamine::{Data, Reader, Xlsx};
    let mut book = Xlsx::new(std::io::Cursor::new(xlsx.bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 11);
    assert_eq!(names[0], "Urval");
    assert_eq!(names[1], "Ärenden per part");
    assert_eq!(names[10], "Tilläggsresurs");
    let urval = book.worksheet_range("Urval").unwrap();
    let cell = |r: u32, c: u32| urval.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(
        cell(2, 1),
        Data::String("Samordningsförbundet Fjärdlunda".into())
    );
    assert_eq!(cell(3, 1), Data::String("STL – Stenbäck–Lövsjö".into()));
    assert_eq!(cell(4, 1), Data::String("2025-01-01 – 2025-12-31".into()));
    assert!(matches!(cell(6, 1), Data::String(s) if s.starts_with("Ja")));
    let sheet = book.worksheet_range("Ärenden per part").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(3, 1), Data::String("Försäkringskassan".into()));
    assert_eq!(cell(4, 0), Data::String("Kvinnor".into()));
    assert_eq!(cell(4, 1), Data::String("<5".into()), "suppressed");
    assert_eq!(cell(4, 2), Data::Float(0.0));
    assert_eq!(cell(10, 0), Data::String("Totalt".into()));
    assert_eq!(cell(10, 6), Data::Float(6.0));
    assert_eq!(cell(4, 7), Data::String("kvinna".into()), "the CSV code");

    let audit: Vec<(String, String)> = {
        let id = app.forbund_id("fjardlunda").await;
        let mut tx = app.t.db.begin_as(Some(id), None, false).await.unwrap();
        let v = sqlx::query_as(
            "select action, urval from audit_event where forbund_id = $1 and action like 'statistik.%' \
             and object_id = $2 order by audit_event_id",
        )
        .bind(id)
        .bind(lokus)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();
        v
    };
    assert!(audit.contains(&(
        "statistik.export".into(),
        "fran=2025-01-01;till=2025-12-31;undertryck=0;format=csv".into()
    )));
    assert!(audit.contains(&(
        "statistik.export".into(),
        "fran=2025-01-01;till=2025-12-31;undertryck=1;format=xlsx".into()
    )));
}

#[tokio::test]
async fn another_forbunds_group_is_not_found() {
    let app = fixture().await;
    let ctx = cli_ctx(&app, "kustbygd").await;
    assert!(matches!(
        statistik::lokus_by_code(&app.t.db, &ctx, "STL").await,
        Err(lotsen_core::CoreError::NotFound)
    ));
}

const STL_2025: &str = "/statistik/nulagesanalys?lokus=STL&fran=2025-01-01&till=2025-12-31";

#[tokio::test]
async fn every_role_reaches_exactly_the_figures_it_may_see() {
    let app = fixture().await;
    let whole = "/statistik/nulagesanalys?fran=2025-01-01&till=2025-12-31";
    let fjl = "/statistik/nulagesanalys?lokus=FJL&fran=2025-01-01&till=2025-12-31";
    let stl_csv = format!("{STL_2025}&format=csv");
    // (login, /statistik, whole förbund, STL, FJL)
    let expected: &[(&str, bool, bool, bool, bool)] = &[
        ("forbund@demo.lotsen.example", true, true, true, true),
        ("koordinator@demo.lotsen.example", true, false, true, true),
        ("ordforande@demo.lotsen.example", true, false, true, false),
        ("ledamot@demo.lotsen.example", true, false, true, false),
        ("fk@demo.lotsen.example", false, false, false, false),
        ("af@demo.lotsen.example", false, false, false, false),
        ("region@demo.lotsen.example", false, false, false, false),
        ("kommun@demo.lotsen.example", false, false, false, false),
        ("coach@demo.lotsen.example", false, false, false, false),
        // kustbygd's admin sees its own förbund, never fjardlunda's groups
        ("kustbygd@demo.lotsen.example", true, true, false, false),
    ];
    assert_eq!(expected.len(), DEMO_TENANT_LOGINS.len());
    for (login, index, all, stl, fjl_ok) in expected {
        let mut b = app.other_browser();
        b.login_in(
            login,
            if login.starts_with("kustbygd") {
                "kustbygd"
            } else {
                "fjardlunda"
            },
        )
        .await;
        let status = |ok: bool| {
            if ok {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            }
        };
        let home = b.get("/").await;
        assert_eq!(
            home.body.contains("href=\"/statistik\""),
            *index,
            "{login}: nav link"
        );
        assert_eq!(b.get("/statistik").await.status, status(*index), "{login}");
        assert_eq!(b.get(whole).await.status, status(*all), "{login} whole");
        assert_eq!(b.get(STL_2025).await.status, status(*stl), "{login} STL");
        assert_eq!(
            b.get(&stl_csv).await.status,
            status(*stl),
            "{login} STL csv"
        );
        assert_eq!(b.get(fjl).await.status, status(*fjl_ok), "{login} FJL");
        assert_eq!(
            b.get("/statistik/nulagesanalys?lokus=XYZ&fran=2025-01-01&till=2025-12-31")
                .await
                .status,
            status(false),
            "{login} unknown group"
        );
    }
    let mut sys = app.other_browser();
    sys.login("system@demo.lotsen.example").await;
    assert_eq!(sys.get("/statistik").await.status, StatusCode::NOT_FOUND);
    assert_eq!(sys.get(STL_2025).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_page_shows_every_table_with_a_chart_and_a_view_by_kon() {
    let mut app = fixture().await;
    app.login("ordforande@demo.lotsen.example").await;
    let form = app.get("/statistik").await;
    form.assert_ok();
    assert!(form.body.contains("<option value=\"STL\""), "own group");
    assert!(
        !form.body.contains("<option value=\"FJL\""),
        "not another group"
    );
    assert!(!form.body.contains("Hela förbundet"));

    let page = app.get(STL_2025).await;
    page.assert_ok();
    let text = page.text();
    for t in Tabell::ALL {
        assert!(page.body.contains(&format!("id=\"{}\"", t.code())), "{t:?}");
    }
    assert_eq!(page.body.matches("<svg role=\"img\"").count(), 10);
    assert!(text.contains("Kvinnor Män Okänt kön Totalt"), "{text}");
    assert!(text.contains("Tilläggsresurs påbörjad"));
    let kon = app.get(&format!("{STL_2025}&vy=kon")).await;
    kon.assert_ok();
    // shares of each kön: 2 of the 3 women came from kommun 9902, so 67 %
    assert!(kon.text().contains("2 (67 %)"), "{}", kon.text());
    assert!(kon.text().contains("Handläggarnas kön registreras inte"));
    let print = app.get(&format!("{STL_2025}&utskrift=1")).await;
    print.assert_ok();
    assert!(print.body.contains("print-view"));
    let suppressed = app.get(&format!("{STL_2025}&undertryck=1")).await;
    assert!(suppressed.text().contains("<5") || suppressed.body.contains("&#60;5"));
    assert!(!suppressed.text().contains("2 (67 %)"));
}

#[tokio::test]
async fn presets_choose_the_period_and_bad_parameters_get_messages() {
    let mut app = fixture().await;
    app.login("forbund@demo.lotsen.example").await;
    let r = app
        .get("/statistik/nulagesanalys?lokus=STL&period=tertial&ar=2025&tertial=1")
        .await;
    r.assert_ok();
    assert!(r.text().contains("2025-01-01 – 2025-04-30"));
    let r = app
        .get("/statistik/nulagesanalys?lokus=&period=ar&ar=2025")
        .await;
    r.assert_ok();
    assert!(r.text().contains("Hela förbundet"));
    for (query, field, message) in [
        ("period=ar&ar=tjugo", "ar", "Skriv året med fyra siffror"),
        (
            "period=tertial&ar=2025&tertial=5",
            "tertial",
            "Välj tertial 1, 2 eller 3",
        ),
        (
            "period=sedan&sedan=2999-01-01",
            "sedan",
            "Startdatumet ligger i framtiden",
        ),
        (
            "period=sedan&sedan=1990-01-01",
            "sedan",
            "Datumet ska ligga mellan",
        ),
        (
            "fran=2025-02-30&till=2025-03-01",
            "fran",
            "Skriv datumet som ÅÅÅÅ-MM-DD",
        ),
        (
            "fran=2025-05-01&till=2025-04-01",
            "till",
            "Sista dagen ligger före första dagen",
        ),
        ("fran=&till=", "fran", "Fyll i första dagen"),
        ("period=ar&ar=2025&format=pdf", "format", "Välj webbsida"),
        (
            "period=ar&ar=2025&undertryck=ja",
            "undertryck",
            "Välj om små antal",
        ),
        ("period=vecka", "period", "Välj en av perioderna"),
    ] {
        let r = app
            .get(&format!("/statistik/nulagesanalys?lokus=STL&{query}"))
            .await;
        r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains(message), "{query}: {}", r.text());
        assert!(r.body.contains(&format!("id=\"f-{field}-fel\"")), "{query}");
        assert!(r.body.contains(&format!("href=\"#f-{field}\"")), "{query}");
    }
}

#[tokio::test]
async fn the_page_downloads_csv_and_xlsx_and_the_threshold_is_the_forbunds() {
    let mut app = fixture().await;
    app.login("forbund@demo.lotsen.example").await;
    let r = app.get(&format!("{STL_2025}&format=csv")).await;
    r.assert_ok();
    assert_eq!(r.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        r.headers["content-disposition"],
        "attachment; filename=\"nulagesanalys_STL_2025-01-01_2025-12-31.csv\""
    );
    assert!(r.body.starts_with("\u{feff}tabell;rad;kolumn;varde\r\n"));
    let r = app
        .get(&format!("{STL_2025}&format=xlsx&undertryck=1"))
        .await;
    r.assert_ok();
    assert_eq!(
        r.headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    // the threshold comes from the förbund's settings page
    let settings = app.get("/admin/forbund").await;
    settings.assert_ok();
    app.post(
        "/admin/forbund",
        &[
            ("namn", "Samordningsförbundet Fjärdlunda"),
            ("undertryck_grans", "3"),
            ("session_idle_minuter", "30"),
        ],
    )
    .await;
    let r = app
        .get(&format!("{STL_2025}&format=csv&undertryck=1"))
        .await;
    assert!(
        r.body.contains("\r\narenden_per_part;totalt;fk;<3\r\n"),
        "2 is below 3"
    );
    assert!(r.body.contains("\r\narenden_per_part;totalt;totalt;6\r\n"));
    assert!(r.body.contains("\r\narenden_per_part;kvinna;fk;<3\r\n"));
    let actions = app.audit_actions("fjardlunda").await;
    assert_eq!(
        actions.iter().filter(|a| *a == "statistik.export").count(),
        3
    );
}

#[tokio::test]
async fn the_command_line_exports_csv_and_xlsx() {
    let app = fixture().await;
    let dir = std::env::temp_dir().join(format!("lotsen-export-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = app.database_url();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_lotsen"))
            .args(["export", "nulagesanalys", "--forbund", "fjardlunda"])
            .args(args)
            .env("DATABASE_URL", &url)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let csv = dir.join("stl.csv");
    let out = run(&[
        "--lokus",
        "stl",
        "--fran",
        "2025-01-01",
        "--till",
        "2025-12-31",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFtabell;rad;kolumn;varde\r\n"));
    assert!(String::from_utf8_lossy(&bytes).contains("\r\narenden_per_part;totalt;totalt;6\r\n"));

    let xlsx = dir.join("alla.xlsx");
    let out = run(&[
        "--fran",
        "2025-01-01",
        "--till",
        "2025-12-31",
        "--format",
        "xlsx",
        "--undertryck",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names().len(), 11);
    let urval = book.worksheet_range("Urval").unwrap();
    assert_eq!(
        urval.get_value((3, 1)),
        Some(&calamine::Data::String("Hela förbundet".into()))
    );

    let out = run(&[
        "--lokus",
        "XYZ",
        "--fran",
        "2025-01-01",
        "--till",
        "2025-12-31",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("XYZ"));
    let out = run(&[
        "--fran",
        "2025-13-01",
        "--till",
        "2025-12-31",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ÅÅÅÅ-MM-DD"));
    let exports: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from audit_event where forbund_id = $1 and action = 'statistik.export' and user_id is null",
        )
        .await;
    assert_eq!(exports, 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn a_handlaggare_remitting_from_two_units_counts_on_both_and_once_in_total() {
    let app = TestApp::demo().await;
    let base = Fx {
        lokus: "STL",
        inkom: "2025-04-01",
        part: "fk",
        org: Some(FK),
        handlaggare: Some("FK-7"),
        kon: "man",
        alder: Some(41),
        ..Fx::default()
    };
    insert(
        &app,
        "fjardlunda",
        &[
            Fx {
                enhet: Some("Sjukpenning"),
                ..base
            },
            Fx {
                enhet: Some("Aktivitetsersättning"),
                ..base
            },
        ],
    )
    .await;
    let f = figures(&app, "fjardlunda", Some("STL"), false).await;
    assert_eq!(
        non_zero(&f, Tabell::ArendenPerEnhet),
        expect(&[
            (&format!("fk:{FK} / Aktivitetsersättning"), &[1, 1]),
            (&format!("fk:{FK} / Sjukpenning"), &[1, 1]),
            ("totalt", &[1, 2]),
        ])
    );
    assert_eq!(
        rows(&f, Tabell::HandlaggarePerPart)[0],
        ("unika_handlaggare".into(), vec![1, 0, 0, 0, 0, 1])
    );
    for t in f.set.exported() {
        assert_eq!(t.inconsistencies(), Vec::<String>::new(), "{:?}", t.tabell);
    }
}

/// Counted straight from the ärenden, as the reference for the kept sums: the ärenden per
/// part, unique handläggare, and ärenden per action code ("" for none).
async fn reference(
    app: &TestApp,
    slug: &str,
    lokus: Option<&str>,
    period: Period,
) -> (Vec<(String, i64)>, i64, Vec<(String, i64)>) {
    let forbund = app.forbund_id(slug).await;
    let mut tx = app.t.db.begin_as(Some(forbund), None, false).await.unwrap();
    let scope = "from arende a join lokus_grupp l using (forbund_id, lokus_id) \
                 where a.forbund_id = $1 and ($2::text is null or l.kod = $2) \
                   and a.inkom between $3 and $4";
    let per_part: Vec<(String, i64)> = sqlx::query_as(&format!(
        "select a.part, count(*) {scope} group by 1 order by 1"
    ))
    .bind(forbund)
    .bind(lokus)
    .bind(period.fran)
    .bind(period.till)
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    let unika: i64 =
        sqlx::query_scalar(&format!("select count(distinct a.handlaggare_id) {scope}"))
            .bind(forbund)
            .bind(lokus)
            .bind(period.fran)
            .bind(period.till)
            .fetch_one(&mut *tx)
            .await
            .unwrap();
    let atgarder: Vec<(String, i64)> = sqlx::query_as(&format!(
        "select k.kod, count(*) {scope_k} group by 1 order by 1",
        scope_k = scope.replace(
            "where",
            "cross join lateral unnest(coalesce(nullif(a.atgard_koder, '{}'), '{\"\"}')) k(kod) where"
        )
    ))
    .bind(forbund)
    .bind(lokus)
    .bind(period.fran)
    .bind(period.till)
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (per_part, unika, atgarder)
}

/// The kept monthly sums (migration 0012) are read for a period's whole years and months and
/// its partial months are counted from the ärenden: whatever the cut, the figures equal a
/// count straight from the ärenden. The demo's two years have ärenden on most days.
#[tokio::test]
async fn any_period_counts_exactly_the_arenden_received_in_it() {
    let app = TestApp::demo().await;
    lotsen_core::demo::arenden::load(&app.t.target)
        .await
        .unwrap()
        .expect("the demo's ärenden");
    let today: time::Date = app
        .scalar_in(
            "fjardlunda",
            "select (now() at time zone 'Europe/Stockholm')::date where $1::uuid is not null",
        )
        .await;
    let first: time::Date = app
        .scalar_in(
            "fjardlunda",
            "select min(inkom) from arende where forbund_id = $1",
        )
        .await;
    let p = |fran: time::Date, till: time::Date| Period { fran, till };
    let y = today.year();
    let periods = [
        p(date!(2000 - 01 - 01), today),
        p(first, today),
        p(first.next_day().unwrap(), today.previous_day().unwrap()),
        Period::year(y - 1).unwrap(),
        Period::tertial(y - 1, 2).unwrap(),
        p(
            time::Date::from_calendar_date(y - 2, time::Month::March, 15).unwrap(),
            time::Date::from_calendar_date(y, time::Month::February, 10).unwrap(),
        ),
        p(
            time::Date::from_calendar_date(y - 1, time::Month::June, 10).unwrap(),
            time::Date::from_calendar_date(y - 1, time::Month::June, 20).unwrap(),
        ),
        p(
            time::Date::from_calendar_date(y - 1, time::Month::November, 30).unwrap(),
            time::Date::from_calendar_date(y - 1, time::Month::December, 1).unwrap(),
        ),
        p(today.replace_day(2).unwrap_or(today), today),
        p(today, today),
    ];
    for period in periods.into_iter().filter(|p| p.fran <= p.till) {
        for lokus in [Some("STL"), None] {
            let f = figures_for(&app, "fjardlunda", lokus, period, false).await;
            let (per_part, unika, atgarder) = reference(&app, "fjardlunda", lokus, period).await;
            let what = format!("{lokus:?} {}..{}", period.fran, period.till);
            let t = f.set.table(Tabell::ArendenPerPart).unwrap();
            let total_row = t.row_index("totalt").unwrap();
            let got: Vec<(String, i64)> = t
                .columns
                .iter()
                .zip(&t.values[total_row])
                .filter(|(c, v)| c.code != "totalt" && **v != 0)
                .map(|(c, v)| (c.code.clone(), *v))
                .collect();
            let mut got = got;
            got.sort();
            assert_eq!(got, per_part, "ärenden per part, {what}");
            let h = f.set.table(Tabell::HandlaggarePerPart).unwrap();
            assert_eq!(
                h.values[0].last(),
                Some(&unika),
                "unique handläggare, {what}"
            );
            let mut got: Vec<(String, i64)> = rows(&f, Tabell::Atgarder)
                .into_iter()
                .filter(|(_, v)| v[3] != 0)
                .map(|(c, v)| {
                    (
                        if c == "ingen_uppgift" {
                            String::new()
                        } else {
                            c
                        },
                        v[3],
                    )
                })
                .collect();
            got.sort();
            assert_eq!(got, atgarder, "ärenden per action, {what}");
            for t in f.set.exported() {
                assert_eq!(
                    t.inconsistencies(),
                    Vec::<String>::new(),
                    "{what} {:?}",
                    t.tabell
                );
            }
        }
    }
}
