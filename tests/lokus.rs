//! LOKUS meetings: the agenda built from flagged ärenden (carried over, removed, unflagged),
//! the de-identified pre-read (also for an identified ärende), the figures against
//! hand-computed fixtures, decisions in the ärende's timeline and the follow-up filter,
//! justering that locks every write path, validation, audit, and access for every role and
//! another group and förbund.

use crate::support::{DEMO_TENANT_LOGINS, Resp, TestApp};
use axum::http::StatusCode;
use lotsen_core::Ctx;
use lotsen_core::lokus::figures::Pair;
use lotsen_core::lokus::view::{self, Purpose};
use lotsen_domain::{Grant, Role};
use uuid::Uuid;

const KOORD: &str = "koordinator@demo.lotsen.example";
const CHAIR: &str = "ordforande@demo.lotsen.example";

/// An ärende written straight into the database, for fixtures whose numbers are counted by
/// hand.
#[derive(Clone, Copy)]
struct A {
    lokus: &'static str,
    n: i32,
    inkom: &'static str,
    part: &'static str,
    kon: &'static str,
    alder: Option<i32>,
    problem: Option<&'static str>,
    flagged: Option<&'static str>,
    closed: Option<&'static str>,
}

const BASE: A = A {
    lokus: "STL",
    n: 1,
    inkom: "2026-09-01",
    part: "fk",
    kon: "kvinna",
    alder: Some(40),
    problem: None,
    flagged: None,
    closed: None,
};

async fn lokus_id(app: &TestApp, slug: &str, kod: &str) -> Uuid {
    app.scalar_in(
        slug,
        &format!("select lokus_id from lokus_grupp where forbund_id = $1 and kod = '{kod}'"),
    )
    .await
}

async fn insert(app: &TestApp, a: A) -> Uuid {
    let forbund = app.forbund_id("fjardlunda").await;
    let lokus = lokus_id(app, "fjardlunda", a.lokus).await;
    let id = Uuid::now_v7();
    let ar: i32 = a.inkom[..4].parse().unwrap();
    let mut tx = app.t.db.begin_as(Some(forbund), None, false).await.unwrap();
    sqlx::query(
        "insert into arende (forbund_id, arende_id, lokus_id, ar, lopnummer, nummer, inkom, part, kon, \
             alder, samverkansproblem, beskrivning, status, avslut, avslutad_datum, flaggad, flaggad_datum, lokus_fraga) \
         values ($1, $2, $3, $4, $5, $6, $7::date, $8, $9, $10, $11, 'Hemlig beskrivning ' || $6, \
             case when $13::date is null then 'pagaende' else 'avslutad' end, \
             case when $13::date is null then null else 'annat' end, $13::date, \
             $12::date is not null, $12::date, case when $12::date is null then null else 'Fråga om ' || $6 end)",
    )
    .bind(forbund)
    .bind(id)
    .bind(lokus)
    .bind(ar)
    .bind(a.n)
    .bind(format!("{ar}-{}-{:03}", a.lokus, a.n))
    .bind(a.inkom)
    .bind(a.part)
    .bind(a.kon)
    .bind(a.alder)
    .bind(a.problem)
    .bind(a.flagged)
    .bind(a.closed)
    .execute(&mut *tx)
    .await
    .unwrap();
    if let Some(d) = a.flagged {
        sqlx::query(
            "insert into arende_handelse (forbund_id, arende_id, typ, text, created_at) \
             values ($1, $2, 'flaggad', 'Fråga', ($3::date + time '12:00') at time zone 'Europe/Stockholm')",
        )
        .bind(forbund)
        .bind(id)
        .bind(d)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    id
}

async fn create_meeting(app: &mut TestApp, kod: &str, datum: &str) -> Uuid {
    let r = app
        .post(
            &format!("/lokus/{kod}/moten"),
            &[
                ("datum", datum),
                ("tid", "09:30"),
                ("plats", "Stadshuset, rum 3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    r.location()
        .split('?')
        .next()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn punkt_of(app: &TestApp, mote: Uuid, arende: Uuid) -> Uuid {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select punkt_id from lokus_punkt where forbund_id = $1 and mote_id = '{mote}' and arende_id = '{arende}'"
        ),
    )
    .await
}

async fn flagged(app: &TestApp, id: Uuid) -> bool {
    app.scalar_in(
        "fjardlunda",
        &format!("select flaggad from arende where forbund_id = $1 and arende_id = '{id}'"),
    )
    .await
}

/// The visible agenda's headings in order (`1. Ärende …`), from the meeting page.
fn agenda(page: &Resp) -> Vec<String> {
    let mut out = Vec::new();
    for part in page.body.split("<li class=\"agenda-item\"").skip(1) {
        let h3 = part
            .split("<h3>")
            .nth(1)
            .unwrap()
            .split("</h3>")
            .next()
            .unwrap();
        out.push(h3.to_string());
    }
    out
}

#[tokio::test]
async fn the_agenda_takes_flagged_arenden_carries_over_and_follows_unflagging() {
    let mut app = TestApp::demo().await;
    let a1 = insert(
        &app,
        A {
            n: 1,
            flagged: Some("2026-09-20"),
            ..BASE
        },
    )
    .await;
    let a2 = insert(
        &app,
        A {
            n: 2,
            flagged: Some("2026-09-25"),
            ..BASE
        },
    )
    .await;
    let b = insert(
        &app,
        A {
            n: 3,
            flagged: Some("2026-10-10"),
            ..BASE
        },
    )
    .await;
    let c = insert(
        &app,
        A {
            n: 4,
            flagged: Some("2026-10-15"),
            ..BASE
        },
    )
    .await;
    let _not_flagged = insert(&app, A { n: 5, ..BASE }).await;
    let _other_group = insert(
        &app,
        A {
            lokus: "FJL",
            n: 6,
            flagged: Some("2026-10-01"),
            ..BASE
        },
    )
    .await;
    app.login(KOORD).await;
    let m0 = create_meeting(&mut app, "STL", "2026-10-01").await;
    let page = app.get(&format!("/lokus/STL/moten/{m0}")).await;
    page.assert_ok();
    assert_eq!(
        agenda(&page),
        ["1. Ärende 2026-STL-001", "2. Ärende 2026-STL-002"]
    );
    assert!(page.text().contains("Ny sedan förra mötet"));

    // The chair decides on the first item only and justerar.
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    let p1 = punkt_of(&app, m0, a1).await;
    chair
        .post(
            &format!("/lokus/STL/moten/{m0}/punkter/{p1}/beslut"),
            &[
                ("beslut", "LOKUS rekommenderar ett SIP-möte."),
                ("vem", "Kommunens representant"),
                ("senast", "2026-12-01"),
            ],
        )
        .await
        .assert_redirect_to(&format!("/lokus/STL/moten/{m0}?klart=sparat#punkt-{p1}"));
    chair
        .post(
            &format!("/lokus/STL/moten/{m0}/justera"),
            &[("bekrafta", "ja")],
        )
        .await
        .assert_redirect_to(&format!("/lokus/STL/moten/{m0}?klart=justerat"));
    assert!(!flagged(&app, a1).await, "a decided ärende is handled");
    assert!(flagged(&app, a2).await, "an undecided ärende stays flagged");

    // The next meeting: the undecided item carried over, then the ones flagged since.
    let m1 = create_meeting(&mut app, "STL", "2026-11-30").await;
    let page = app.get(&format!("/lokus/STL/moten/{m1}")).await;
    assert_eq!(
        agenda(&page),
        [
            "1. Ärende 2026-STL-002",
            "2. Ärende 2026-STL-003",
            "3. Ärende 2026-STL-004"
        ]
    );
    let text = page.text();
    assert!(text.contains("Överförd från tidigare möte"), "{text}");
    assert!(text.contains("Ny sedan förra mötet"));
    assert!(!text.contains("2026-STL-005") && !text.contains("2026-FJL-006"));

    // Reordering without JavaScript: a form per button.
    let pa2 = punkt_of(&app, m1, a2).await;
    app.post(&format!("/lokus/STL/moten/{m1}/punkter/{pa2}/ned"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let pc = punkt_of(&app, m1, c).await;
    app.post(&format!("/lokus/STL/moten/{m1}/punkter/{pc}/upp"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = app.get(&format!("/lokus/STL/moten/{m1}")).await;
    assert_eq!(
        agenda(&page),
        [
            "1. Ärende 2026-STL-003",
            "2. Ärende 2026-STL-004",
            "3. Ärende 2026-STL-002"
        ]
    );

    // Removing B: off this agenda, still flagged, and not added back.
    let pb = punkt_of(&app, m1, b).await;
    app.post(&format!("/lokus/STL/moten/{m1}/punkter/{pb}/ta-bort"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = app.get(&format!("/lokus/STL/moten/{m1}")).await;
    assert_eq!(
        agenda(&page),
        ["1. Ärende 2026-STL-004", "2. Ärende 2026-STL-002"]
    );
    assert!(page.text().contains("Borttagna från dagordningen"));
    assert!(flagged(&app, b).await);

    // Unflagging C on the ärende takes it off the planned agenda.
    app.post(&format!("/arenden/{c}/avflagga"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = app.get(&format!("/lokus/STL/moten/{m1}")).await;
    assert_eq!(agenda(&page), ["1. Ärende 2026-STL-002"]);

    // A free item goes last.
    app.post(
        &format!("/lokus/STL/moten/{m1}/punkter"),
        &[
            ("rubrik", "Samverkansrutin för unga"),
            ("punkt_text", "Rapport från arbetsgruppen."),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let page = app.get(&format!("/lokus/STL/moten/{m1}")).await;
    assert_eq!(
        agenda(&page),
        ["1. Ärende 2026-STL-002", "2. Samverkansrutin för unga"]
    );

    // The meeting after: B (removed from m1) comes up; A2 belongs to the open m1.
    let m2 = create_meeting(&mut app, "STL", "2027-01-15").await;
    let page = app.get(&format!("/lokus/STL/moten/{m2}")).await;
    assert_eq!(agenda(&page), ["1. Ärende 2026-STL-003"]);
}

#[tokio::test]
async fn the_pre_read_never_shows_identity_even_for_an_identified_arende() {
    let mut app = TestApp::demo().await;
    app.login(KOORD).await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    let unit: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select enhet_id from enhet where forbund_id = $1 and namn = 'Sjukpenning'",
        )
        .await;
    let form = [
        ("formular_id", Uuid::now_v7().to_string()),
        ("lokus", stl.to_string()),
        ("inkom", "2026-10-02".to_string()),
        ("avsandare", format!("enhet:{unit}")),
        ("handlaggare", "FK-H9".to_string()),
        ("kon", "kvinna".to_string()),
        ("alder", "34".to_string()),
        ("bostadskommun", "9902".to_string()),
        ("ersattning", "sjukpenning".to_string()),
        ("malgrupp", "langtidssjukskriven".to_string()),
        ("samverkansproblem", "racker_inte".to_string()),
        (
            "beskrivning",
            "Sjukskriven länge, bor med två barn på Ekgatan.".to_string(),
        ),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let id = app.post("/arenden/ny", &pairs).await.redirect_id();
    let base = format!("/arenden/{id}");
    app.post(
        &format!("{base}/samtycke"),
        &[
            ("samtycke_datum", "2026-10-03"),
            ("samtycke_form", "skriftligt"),
            ("samtycke_part", "fk"),
            ("omfattning", "Samverkan mellan FK och kommunen."),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    app.post(
        &format!("{base}/identitet"),
        &[
            ("identitet_namn", "Anna Andersson"),
            ("identitet_personnummer", "850709-9805"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    app.post(
        &format!("{base}/atgarder"),
        &[
            ("kod", "kontakt_formedlad"),
            ("datum", "2026-10-05"),
            ("mal", "part:kommun"),
            ("anteckning", "Ringde Anna Andersson."),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    app.post(
        &format!("{base}/flagga"),
        &[(
            "fraga",
            "Vem ansvarar för arbetslivsinriktad rehabilitering?",
        )],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    assert!(
        app.get(&base).await.text().contains("Anna Andersson"),
        "the coordinator sees the identity"
    );
    let mote = create_meeting(&mut app, "STL", "2026-12-01").await;

    let forbidden = [
        "Anna Andersson",
        "850709",
        "19850709",
        "FK-H9",
        "Ekgatan",
        "34 år",
        "Ringde",
    ];
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    for who in [&mut app, &mut chair] {
        for path in ["", "/motespaket", "/protokoll"] {
            let page = who.get(&format!("/lokus/STL/moten/{mote}{path}")).await;
            page.assert_ok();
            for f in forbidden {
                assert!(!page.body.contains(f), "{path} shows {f}");
            }
        }
        let page = who
            .get(&format!("/lokus/STL/moten/{mote}/motespaket"))
            .await;
        let text = page.text();
        for expected in [
            "2026-STL-001",
            "Försäkringskassan – Sjukpenning",
            "Kvinna",
            "30–39 år",
            "Långtidssjukskriven",
            "Sjukpenning",
            "Struktur finns och tillämpas men räcker inte",
            "Kontakt förmedlad eller föreslagen – Kommun",
            "Vem ansvarar för arbetslivsinriktad rehabilitering?",
        ] {
            assert!(text.contains(expected), "pack lacks {expected}: {text}");
        }
    }
    // The description only when the coordinator includes it; still no identity.
    let p = punkt_of(&app, mote, id).await;
    app.post(
        &format!("/lokus/STL/moten/{mote}/punkter/{p}/beskrivning"),
        &[("visa", "ja")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let pack = chair
        .get(&format!("/lokus/STL/moten/{mote}/motespaket"))
        .await;
    assert!(pack.text().contains("Sjukskriven länge"));
    assert!(!pack.body.contains("Anna Andersson") && !pack.body.contains("850709"));
    // The chair never reaches the ärende itself.
    assert_eq!(chair.get(&base).await.status, StatusCode::NOT_FOUND);
}

fn chair_ctx(forbund: lotsen_core::ActiveForbund, lokus: Uuid) -> Ctx {
    let mut ctx = Ctx::cli(Some(forbund));
    ctx.actor.system_admin = false;
    ctx.actor.grants = vec![Grant {
        role: Role::LokusOrdforande,
        lokus: Some(lokus),
    }];
    ctx
}

#[tokio::test]
async fn the_figures_match_a_hand_counted_fixture() {
    let mut app = TestApp::demo().await;
    // Previous meeting 2026-10-01, this meeting 2026-11-10: "since" is 10-02..11-10, the
    // year is 01-01..11-10.
    let rows = [
        // before the year: counted nowhere
        A {
            n: 1,
            inkom: "2025-12-31",
            part: "fk",
            kon: "kvinna",
            ..BASE
        },
        // this year, before the previous meeting
        A {
            n: 2,
            inkom: "2026-02-01",
            part: "fk",
            kon: "kvinna",
            problem: Some("racker_inte"),
            ..BASE
        },
        A {
            n: 3,
            inkom: "2026-03-01",
            part: "af",
            kon: "man",
            problem: Some("struktur_saknas"),
            closed: Some("2026-10-20"),
            ..BASE
        },
        A {
            n: 4,
            inkom: "2026-10-01",
            part: "kommun",
            kon: "okant",
            flagged: Some("2026-10-05"),
            ..BASE
        },
        // since the previous meeting
        A {
            n: 5,
            inkom: "2026-10-02",
            part: "fk",
            kon: "man",
            problem: Some("racker_inte"),
            ..BASE
        },
        A {
            n: 6,
            inkom: "2026-10-15",
            part: "fk",
            kon: "kvinna",
            problem: Some("racker_inte"),
            flagged: Some("2026-10-16"),
            ..BASE
        },
        A {
            n: 7,
            inkom: "2026-11-10",
            part: "region",
            kon: "kvinna",
            closed: Some("2026-11-10"),
            ..BASE
        },
        // after the meeting: not counted
        A {
            n: 8,
            inkom: "2026-11-11",
            part: "fk",
            kon: "kvinna",
            ..BASE
        },
        // another group: not counted
        A {
            lokus: "FJL",
            n: 9,
            inkom: "2026-10-10",
            part: "fk",
            kon: "kvinna",
            ..BASE
        },
    ];
    for a in rows {
        insert(&app, a).await;
    }
    // A flag in the year but before the previous meeting.
    insert(
        &app,
        A {
            n: 10,
            inkom: "2025-06-01",
            part: "annan",
            kon: "man",
            flagged: Some("2026-05-05"),
            ..BASE
        },
    )
    .await;
    app.login(KOORD).await;
    create_meeting(&mut app, "STL", "2026-10-01").await;
    let mote = create_meeting(&mut app, "STL", "2026-11-10").await;
    let forbund = lotsen_core::admin::forbund::by_slug(&app.t.db, "fjardlunda")
        .await
        .unwrap();
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    let v = view::get(
        &app.t.db,
        &chair_ctx(forbund, stl),
        "STL",
        mote,
        Purpose::Page,
    )
    .await
    .unwrap();
    let f = &v.figures;
    assert_eq!(f.sedan_fran.to_string(), "2026-10-02");
    assert_eq!(f.ar_fran.to_string(), "2026-01-01");
    let p = |sedan, ar| Pair { sedan, ar };
    assert_eq!(f.cell(Some("fk"), Some("kvinna")), p(1, 2));
    assert_eq!(f.cell(Some("fk"), Some("man")), p(1, 1));
    assert_eq!(f.cell(Some("fk"), None), p(2, 3));
    assert_eq!(f.cell(Some("af"), Some("man")), p(0, 1));
    assert_eq!(f.cell(Some("kommun"), Some("okant")), p(0, 1));
    assert_eq!(f.cell(Some("region"), Some("kvinna")), p(1, 1));
    assert_eq!(f.cell(Some("annan"), None), p(0, 0));
    assert_eq!(f.cell(None, Some("kvinna")), p(2, 3));
    assert_eq!(f.cell(None, Some("man")), p(1, 2));
    assert_eq!(f.cell(None, Some("okant")), p(0, 1));
    assert_eq!(f.cell(None, None), p(3, 6));
    assert_eq!(f.problem(Some("racker_inte")), p(2, 3));
    assert_eq!(f.problem(Some("struktur_saknas")), p(0, 1));
    assert_eq!(f.problem(None), p(1, 2));
    assert_eq!(f.problem_total(), p(3, 6));
    assert_eq!(f.flaggade, p(2, 3));
    assert_eq!(f.avslutade, p(2, 2));
    // And the page shows them.
    let page = app.get(&format!("/lokus/STL/moten/{mote}")).await;
    let text = page.text();
    assert!(text.contains("Totalt 2 1 0 3"), "{text}");
    assert!(text.contains("Totalt 3 2 1 6"));
    assert!(text.contains("Lyfta till LOKUS 2 3"));
    assert!(text.contains("Avslutade 2 2"));
}

/// Every write route of a meeting with a valid form, for item `punkt`.
fn writes(mote: Uuid, punkt: Uuid) -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    let base = format!("/lokus/STL/moten/{mote}");
    vec![
        (
            format!("{base}/uppgifter"),
            vec![
                ("datum", "2026-12-02"),
                ("tid", "10:00"),
                ("plats", "Biblioteket"),
            ],
        ),
        (
            format!("{base}/punkter"),
            vec![("rubrik", "Övrigt"), ("punkt_text", "")],
        ),
        (format!("{base}/punkter/{punkt}/upp"), vec![]),
        (format!("{base}/punkter/{punkt}/ned"), vec![]),
        (
            format!("{base}/punkter/{punkt}/beskrivning"),
            vec![("visa", "ja")],
        ),
        (
            format!("{base}/punkter/{punkt}/beslut"),
            vec![("beslut", "Nytt beslut"), ("vem", ""), ("senast", "")],
        ),
        (format!("{base}/punkter/{punkt}/ta-bort"), vec![]),
        (format!("{base}/punkter/{punkt}/aterstall"), vec![]),
        (
            format!("{base}/protokoll"),
            vec![("protokoll", "Ändrad text")],
        ),
        (format!("{base}/genomfort"), vec![]),
        (format!("{base}/justera"), vec![("bekrafta", "ja")]),
    ]
}

async fn snapshot(app: &TestApp, mote: Uuid) -> String {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select m.datum::text || m.tid::text || m.plats || m.status || m.protokoll || \
                    coalesce(string_agg(p.punkt_id::text || p.ordning::text || p.beslut || p.visa_beskrivning::text || p.borttagen::text, ',' \
                                        order by p.punkt_id), '') \
             from lokus_mote m left join lokus_punkt p using (forbund_id, mote_id) \
             where m.forbund_id = $1 and m.mote_id = '{mote}' group by m.forbund_id, m.mote_id"
        ),
    )
    .await
}

#[tokio::test]
async fn justering_locks_every_write_path_and_is_audited() {
    let mut app = TestApp::demo().await;
    let a = insert(
        &app,
        A {
            n: 1,
            flagged: Some("2026-10-20"),
            ..BASE
        },
    )
    .await;
    let b = insert(
        &app,
        A {
            n: 2,
            flagged: Some("2026-10-21"),
            ..BASE
        },
    )
    .await;
    app.login(KOORD).await;
    let mote = create_meeting(&mut app, "STL", "2026-11-20").await;
    app.get(&format!("/lokus/STL/moten/{mote}"))
        .await
        .assert_ok();
    let pa = punkt_of(&app, mote, a).await;
    let pb = punkt_of(&app, mote, b).await;
    // The coordinator records a decision during the meeting and the minutes, but cannot justera.
    app.post(
        &format!("/lokus/STL/moten/{mote}/punkter/{pa}/beslut"),
        &[
            ("beslut", "Rekommendation: flerpartsmöte."),
            ("vem", ""),
            ("senast", ""),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    app.post(
        &format!("/lokus/STL/moten/{mote}/protokoll"),
        &[("protokoll", "Närvarande: FK, AF, kommun, region.")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    app.post(&format!("/lokus/STL/moten/{mote}/genomfort"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        app.post(
            &format!("/lokus/STL/moten/{mote}/justera"),
            &[("bekrafta", "ja")]
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    // Justering cannot be undone: it needs the ticked confirmation.
    let r = chair
        .post(&format!("/lokus/STL/moten/{mote}/justera"), &[])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"f-bekrafta-fel\""));
    assert!(r.text().contains("Kryssa i att protokollet är granskat"));
    let status: String = app
        .scalar_in(
            "fjardlunda",
            &format!("select status from lokus_mote where forbund_id = $1 and mote_id = '{mote}'"),
        )
        .await;
    assert_eq!(status, "genomfort");
    chair
        .post(
            &format!("/lokus/STL/moten/{mote}/justera"),
            &[("bekrafta", "ja")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = chair.get(&format!("/lokus/STL/moten/{mote}")).await;
    assert!(page.text().contains("Protokollet är justerat"));
    assert!(
        !page.body.contains("/justera\""),
        "no controls after justering"
    );
    let before = snapshot(&app, mote).await;
    let audit_before = app.audit_actions("fjardlunda").await.len();
    for (is_chair, who) in [(false, &mut app), (true, &mut chair)] {
        for punkt in [pa, pb] {
            for (path, form) in writes(mote, punkt) {
                let r = who.post(&path, &form).await;
                if path.ends_with("/justera") && !is_chair {
                    assert_eq!(r.status, StatusCode::NOT_FOUND, "only the chair justerar");
                    continue;
                }
                assert_eq!(
                    r.status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{path}: {}",
                    r.text()
                );
                assert!(r.text().contains("Protokollet är justerat"), "{path}");
            }
        }
    }
    // Creating a meeting still works; the locked one is unchanged, and refused writes left no audit row.
    assert_eq!(snapshot(&app, mote).await, before);
    let audit = app.audit_actions("fjardlunda").await;
    assert!(
        audit[audit_before..].iter().all(|a| a == "lokus_mote.read"),
        "{:?}",
        &audit[audit_before..]
    );
    assert_eq!(audit.iter().filter(|a| *a == "lokus_mote.lock").count(), 1);
    assert!(audit.contains(&"lokus_mote.decision".to_string()));
    assert!(audit.contains(&"lokus_mote.minutes".to_string()));
    assert!(audit.contains(&"lokus_mote.held".to_string()));
    // The database refuses too, whatever the core would do.
    let forbund = app.forbund_id("fjardlunda").await;
    let mut tx = app.t.db.begin_as(Some(forbund), None, false).await.unwrap();
    let r =
        sqlx::query("update lokus_punkt set beslut = 'x' where forbund_id = $1 and mote_id = $2")
            .bind(forbund)
            .bind(mote)
            .execute(&mut *tx)
            .await;
    assert!(
        r.is_err(),
        "the trigger refuses changes to a justerat meeting"
    );
}

#[tokio::test]
async fn a_decision_shows_in_the_arende_timeline_and_the_follow_up_filter() {
    let mut app = TestApp::demo().await;
    let a = insert(
        &app,
        A {
            n: 1,
            flagged: Some("2026-10-20"),
            ..BASE
        },
    )
    .await;
    let b = insert(
        &app,
        A {
            n: 2,
            flagged: Some("2026-10-21"),
            ..BASE
        },
    )
    .await;
    app.login(KOORD).await;
    let mote = create_meeting(&mut app, "STL", "2026-11-20").await;
    app.get(&format!("/lokus/STL/moten/{mote}"))
        .await
        .assert_ok();
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    let pa = punkt_of(&app, mote, a).await;
    let pb = punkt_of(&app, mote, b).await;
    chair
        .post(
            &format!("/lokus/STL/moten/{mote}/punkter/{pa}/beslut"),
            &[
                ("beslut", "Kommunen tar fram en rutin."),
                ("vem", "Kommunens representant"),
                ("senast", "2027-01-31"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    chair
        .post(
            &format!("/lokus/STL/moten/{mote}/punkter/{pb}/beslut"),
            &[
                ("beslut", "Ingen åtgärd från LOKUS."),
                ("vem", ""),
                ("senast", ""),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = app.get(&format!("/arenden/{a}")).await;
    let text = page.text();
    assert!(text.contains("Beslut i LOKUS"), "{text}");
    assert!(text.contains("Kommunen tar fram en rutin."));
    assert!(text.contains("Uppföljning: Kommunens representant, senast 2027-01-31"));
    assert!(text.contains("(ej justerat)"));
    let list = app.get("/arenden?uppfoljning=ja").await;
    list.assert_ok();
    assert!(
        list.text().contains("2026-STL-001") && !list.text().contains("2026-STL-002"),
        "{}",
        list.text()
    );
    chair
        .post(
            &format!("/lokus/STL/moten/{mote}/justera"),
            &[("bekrafta", "ja")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let text = app.get(&format!("/arenden/{a}")).await.text();
    assert!(
        text.contains("(justerat)") && text.contains("Behandlat i LOKUS-mötet 2026-11-20"),
        "{text}"
    );
    // The minutes for print carry the decisions.
    let minutes = chair
        .get(&format!("/lokus/STL/moten/{mote}/protokoll"))
        .await;
    assert!(
        minutes.text().contains("Kommunen tar fram en rutin.")
            && minutes.text().contains("justerat")
    );
}

#[tokio::test]
async fn bad_input_gets_swedish_messages_beside_the_fields_and_writes_nothing() {
    let mut app = TestApp::demo().await;
    let a = insert(
        &app,
        A {
            n: 1,
            flagged: Some("2026-10-20"),
            ..BASE
        },
    )
    .await;
    app.login(KOORD).await;
    let r = app
        .post(
            "/lokus/STL/moten",
            &[("datum", "2026-02-30"), ("tid", "25:61"), ("plats", "")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    for msg in [
        "Skriv datumet som ÅÅÅÅ-MM-DD",
        "Skriv tiden som TT:MM",
        "Fyll i var mötet hålls.",
    ] {
        assert!(text.contains(msg), "{msg}: {text}");
    }
    assert!(r.body.contains("id=\"f-plats-fel\""));
    let long = "x".repeat(201);
    let r = app
        .post(
            "/lokus/STL/moten",
            &[("datum", ""), ("tid", ""), ("plats", &long)],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Fyll i mötets datum.") && r.text().contains("högst 200 tecken"));
    let n: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from lokus_mote where forbund_id = $1",
        )
        .await;
    assert_eq!(n, 0);

    let mote = create_meeting(&mut app, "STL", "2026-11-20").await;
    app.get(&format!("/lokus/STL/moten/{mote}"))
        .await
        .assert_ok();
    let pa = punkt_of(&app, mote, a).await;
    let r = app
        .post(
            &format!("/lokus/STL/moten/{mote}/punkter/{pa}/beslut"),
            &[("beslut", ""), ("vem", ""), ("senast", "2027-99-01")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"f-beslut-fel\""),
        "the item's fields get the plain ids"
    );
    assert!(r.text().contains("Skriv rekommendationen eller beslutet."));
    let r = app
        .post(
            &format!("/lokus/STL/moten/{mote}/punkter/{pa}/beslut"),
            &[("beslut", "Ring 850709-9805"), ("vem", ""), ("senast", "")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("liknar ett personnummer"));
    let r = app
        .post(
            &format!("/lokus/STL/moten/{mote}/punkter"),
            &[("rubrik", ""), ("punkt_text", &"y".repeat(2001))],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Fyll i en rubrik") && r.text().contains("högst 2000 tecken"));
    let r = app
        .post(
            &format!("/lokus/STL/moten/{mote}/protokoll"),
            &[("protokoll", &"z".repeat(8001))],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post(
            &format!("/lokus/STL/moten/{mote}/uppgifter"),
            &[("datum", "i morgon"), ("tid", "9"), ("plats", "Rum 1")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    // A stranger's item id and a malformed id are 404, not 500.
    let stranger = Uuid::now_v7();
    assert_eq!(
        app.post(
            &format!("/lokus/STL/moten/{mote}/punkter/{stranger}/upp"),
            &[]
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/lokus/STL/moten/inte-ett-id").await.status,
        StatusCode::NOT_FOUND
    );
    let (beslut, punkter, protokoll): (String, i64, String) = {
        let b: String = app
            .scalar_in(
                "fjardlunda",
                &format!(
                    "select beslut from lokus_punkt where forbund_id = $1 and punkt_id = '{pa}'"
                ),
            )
            .await;
        let n: i64 = app
            .scalar_in(
                "fjardlunda",
                &format!(
                    "select count(*) from lokus_punkt where forbund_id = $1 and mote_id = '{mote}'"
                ),
            )
            .await;
        let p: String = app.scalar_in("fjardlunda", &format!("select protokoll || plats from lokus_mote where forbund_id = $1 and mote_id = '{mote}'")).await;
        (b, n, p)
    };
    assert_eq!(
        (beslut.as_str(), punkter, protokoll.as_str()),
        ("", 1, "Stadshuset, rum 3")
    );
}

#[tokio::test]
async fn meetings_are_reached_per_role_group_and_forbund_and_reads_are_audited() {
    let mut app = TestApp::demo().await;
    let a = insert(
        &app,
        A {
            n: 1,
            flagged: Some("2026-10-20"),
            ..BASE
        },
    )
    .await;
    insert(
        &app,
        A {
            lokus: "NRV",
            n: 2,
            flagged: Some("2026-10-20"),
            ..BASE
        },
    )
    .await;
    let forbund = lotsen_core::admin::forbund::by_slug(&app.t.db, "fjardlunda")
        .await
        .unwrap();
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    let nrv = lokus_id(&app, "fjardlunda", "NRV").await;
    app.login(KOORD).await;
    let mote = create_meeting(&mut app, "STL", "2026-11-20").await;
    app.get(&format!("/lokus/STL/moten/{mote}"))
        .await
        .assert_ok();
    let punkt = punkt_of(&app, mote, a).await;
    // A meeting of NRV, a group the demo coordinator, chair and ledamot are not in.
    let mut nrv_ctx = Ctx::cli(Some(forbund.clone()));
    nrv_ctx.actor.system_admin = false;
    nrv_ctx.actor.grants = vec![Grant {
        role: Role::Koordinator,
        lokus: Some(nrv),
    }];
    let nrv_mote = lotsen_core::lokus::moten::create(
        &app.t.db,
        &nrv_ctx,
        "NRV",
        &lotsen_domain::lokus_mote::MoteForm {
            datum: "2026-11-21".into(),
            tid: "10:00".into(),
            plats: "Norrvik".into(),
        },
    )
    .await
    .unwrap();
    let _ = view::get(&app.t.db, &nrv_ctx, "NRV", nrv_mote, Purpose::Page)
        .await
        .unwrap();
    let nrv_punkt: Uuid = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select punkt_id from lokus_punkt where forbund_id = $1 and mote_id = '{nrv_mote}'"
            ),
        )
        .await;
    assert_ne!(stl, nrv);

    let reads = |kod: &str, id: Uuid| {
        vec![
            format!("/lokus/{kod}/moten"),
            format!("/lokus/{kod}/moten/{id}"),
            format!("/lokus/{kod}/moten/{id}/motespaket"),
            format!("/lokus/{kod}/moten/{id}/protokoll"),
        ]
    };
    // (login, reads STL, prepares STL, reads NRV)
    let expect = |login: &str| match login {
        "forbund@demo.lotsen.example" => (true, true, true),
        "koordinator@demo.lotsen.example" => (true, true, false),
        "ordforande@demo.lotsen.example" => (true, true, false),
        "ledamot@demo.lotsen.example" => (true, false, false),
        _ => (false, false, false),
    };
    for login in DEMO_TENANT_LOGINS {
        let mut b = app.other_browser();
        b.login_in(login, "fjardlunda").await;
        let (read_stl, prepare_stl, read_nrv) = expect(login);
        let status = |ok: bool| {
            if ok {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            }
        };
        // kustbygd@ coordinates a group in its own förbund, so it has a /lokus there.
        let has_groups = read_stl || read_nrv || login.starts_with("kustbygd");
        assert_eq!(
            b.get("/lokus").await.status,
            status(has_groups),
            "{login} /lokus"
        );
        for path in reads("STL", mote) {
            assert_eq!(
                b.get(&path).await.status,
                status(read_stl),
                "{login} {path}"
            );
        }
        if read_stl {
            // Controls only for those who may use them.
            let page = b.get(&format!("/lokus/STL/moten/{mote}")).await;
            assert_eq!(
                page.body.contains("name=\"beslut\""),
                prepare_stl,
                "{login}"
            );
            assert_eq!(
                page.body.contains("/justera\""),
                login.starts_with("ordforande"),
                "{login}"
            );
        }
        for path in reads("NRV", nrv_mote) {
            assert_eq!(
                b.get(&path).await.status,
                status(read_nrv),
                "{login} {path}"
            );
        }
        // Another group's meeting under this group's code is not found either.
        assert_eq!(
            b.get(&format!("/lokus/STL/moten/{nrv_mote}")).await.status,
            StatusCode::NOT_FOUND
        );
        // Writes: the description toggle stands for every prepare route (all share one check);
        // a harmless one so the loop does not change the agenda for the next login.
        let r = b
            .post(
                &format!("/lokus/STL/moten/{mote}/punkter/{punkt}/beskrivning"),
                &[("visa", "nej")],
            )
            .await;
        let want = if prepare_stl {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(r.status, want, "{login} writes STL");
        let r = b
            .post(
                &format!("/lokus/NRV/moten/{nrv_mote}/punkter/{nrv_punkt}/beskrivning"),
                &[("visa", "nej")],
            )
            .await;
        let want = if login.starts_with("forbund@") {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(r.status, want, "{login} writes NRV");
        let r = b
            .post(
                "/lokus/STL/moten",
                &[("datum", "2026-12-24"), ("tid", "09:00"), ("plats", "x")],
            )
            .await;
        let want = if prepare_stl {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(r.status, want, "{login} creates");
        // Only the chair may justera; try it on the NRV meeting for everyone (nobody is its chair).
        assert_eq!(
            b.post(
                &format!("/lokus/NRV/moten/{nrv_mote}/justera"),
                &[("bekrafta", "ja")]
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
    }
    for login in ["forbund@demo.lotsen.example", "ledamot@demo.lotsen.example"] {
        let mut b = app.other_browser();
        b.login(login).await;
        assert_eq!(
            b.post(
                &format!("/lokus/STL/moten/{mote}/justera"),
                &[("bekrafta", "ja")]
            )
            .await
            .status,
            StatusCode::NOT_FOUND,
            "{login}"
        );
    }
    // kustbygd's förbund has a KST group; Fjärdlunda's meeting ids are not found there.
    let mut k = app.other_browser();
    k.login("kustbygd@demo.lotsen.example").await;
    assert_eq!(
        k.get(&format!("/lokus/KST/moten/{mote}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        k.get("/lokus/STL/moten").await.status,
        StatusCode::NOT_FOUND
    );
    let mut sys = app.other_browser();
    sys.login("system@demo.lotsen.example").await;
    assert_eq!(
        sys.get(&format!("/lokus/STL/moten/{mote}")).await.status,
        StatusCode::NOT_FOUND
    );
    // Reads are audited with ids only: the pack as its own action.
    let pack_reads: i64 = app
        .scalar_in(
            "fjardlunda",
            &format!("select count(*) from audit_event where forbund_id = $1 and action = 'lokus_mote.pack_read' and object_type = 'lokus_mote' and object_id = '{mote}'"),
        )
        .await;
    assert_eq!(pack_reads, 8, "four readers × pack and minutes");
}

#[tokio::test]
async fn the_demo_chair_finds_past_decisions_and_a_full_pre_read() {
    let mut app = TestApp::demo().await;
    lotsen_core::demo::arenden::load(&app.t.target)
        .await
        .unwrap();
    assert_eq!(
        lotsen_core::demo::moten::load(&app.t.target).await.unwrap(),
        4
    );
    assert_eq!(
        lotsen_core::demo::moten::load(&app.t.target).await.unwrap(),
        0,
        "loaded once"
    );
    app.login(CHAIR).await;
    let list = app.get("/lokus/STL/moten").await;
    list.assert_ok();
    let text = list.text();
    assert_eq!(text.matches("Justerat").count(), 3, "{text}");
    let next: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select mote_id from lokus_mote where forbund_id = $1 and status = 'planerat'",
        )
        .await;
    let page = app.get(&format!("/lokus/STL/moten/{next}")).await;
    page.assert_ok();
    let items = agenda(&page);
    assert!(items.len() >= 5, "{items:?}");
    assert!(page.text().contains("Fråga till LOKUS"));
    let decided: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from lokus_punkt p join lokus_mote m using (forbund_id, mote_id) \
             where p.forbund_id = $1 and m.status = 'justerat' and p.arende_id is not null and p.beslut <> ''",
        )
        .await;
    assert!(decided >= 6, "{decided} decisions in past meetings");
}

#[tokio::test]
async fn the_print_stylesheet_sets_a4_pages_with_page_numbers() {
    let mut app = TestApp::demo().await;
    let css = app.get("/static/lotsen.css").await;
    css.assert_ok();
    let page_rule = css.body.split("@page {").nth(1).expect("an @page rule");
    assert!(page_rule.contains("size: A4"));
    assert!(page_rule.contains("@bottom-right") && page_rule.contains("counter(page)"));
    assert!(
        css.body
            .contains(".preread, .agenda-item, .figures table { break-inside: avoid; }")
    );
}
