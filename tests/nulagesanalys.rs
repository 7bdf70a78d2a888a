//! The nulägesanalys form workflow: opening a round (defaults, bad dates, one per year),
//! revising the questions per year, answers (oversized, escaped, paragraphs and lists),
//! signing (empty form refused, every write path refused afterwards, the database's own
//! wall), the status per group including late forms, access for every demo role and another
//! group and förbund, the audit rows, and the side-by-side XLSX read back.

use crate::statistik::{FK, Fx, insert};
use crate::support::{DEMO_TENANT_LOGINS, TestApp};
use axum::http::StatusCode;
use lotsen_core::Ctx;
use lotsen_core::nulagesanalys::compile;
use uuid::Uuid;

const ADMIN: &str = "forbund@demo.lotsen.example";
const SK: &str = "koordinator@demo.lotsen.example";
const CHAIR: &str = "ordforande@demo.lotsen.example";
const LEDAMOT: &str = "ledamot@demo.lotsen.example";
const STL: &str = "/nulagesanalys/2026/grupper/STL";

async fn with_round() -> TestApp {
    let mut app = TestApp::demo().await;
    app.login(ADMIN).await;
    app.post("/nulagesanalys", &[("ar", "2026")])
        .await
        .assert_redirect_to("/nulagesanalys/2026?klart=skapad");
    app.post("/logga-ut", &[]).await;
    app
}

async fn scalar<T>(app: &TestApp, sql: &str) -> T
where
    T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    app.scalar_in("fjardlunda", sql).await
}

/// The round's questions (id, text) in their order.
async fn questions(app: &TestApp, ar: i32) -> Vec<(Uuid, String)> {
    let f = app.forbund_id("fjardlunda").await;
    let mut tx = app.t.db.begin_as(Some(f), None, false).await.unwrap();
    let v: Vec<(Uuid, String)> = sqlx::query_as(
        "select q.fraga_id, q.text from nulage_fraga q join nulage_omgang o using (forbund_id, omgang_id) \
         where q.forbund_id = $1 and o.ar = $2 order by q.ordning",
    )
    .bind(f)
    .bind(ar)
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    v
}

async fn question_ids(app: &TestApp, ar: i32) -> Vec<Uuid> {
    questions(app, ar).await.into_iter().map(|q| q.0).collect()
}

async fn question_texts(app: &TestApp, ar: i32) -> Vec<String> {
    questions(app, ar).await.into_iter().map(|q| q.1).collect()
}

async fn answer(app: &mut TestApp, fraga: Uuid, text: &str) -> crate::support::app::Resp {
    let field = format!("svar-{fraga}");
    app.post(&format!("{STL}/svar"), &[(field.as_str(), text)])
        .await
}

#[tokio::test]
async fn opening_a_round_takes_the_defaults_and_refuses_bad_input() {
    let mut app = with_round().await;
    let (senast, fran, till): (String, String, String) = (
        scalar(
            &app,
            "select senast::text from nulage_omgang where forbund_id = $1",
        )
        .await,
        scalar(
            &app,
            "select fran::text from nulage_omgang where forbund_id = $1",
        )
        .await,
        scalar(
            &app,
            "select till::text from nulage_omgang where forbund_id = $1",
        )
        .await,
    );
    assert_eq!(
        (senast.as_str(), fran.as_str(), till.as_str()),
        ("2026-09-01", "2025-07-01", "2026-06-30")
    );
    let texts = question_texts(&app, 2026).await;
    assert_eq!(texts.len(), 7);
    assert_eq!(
        texts[0],
        lotsen_domain::nulagesanalys::STANDARD_QUESTIONS[0]
    );

    app.login(ADMIN).await;
    let r = app.post("/nulagesanalys", &[("ar", "2026")]).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Det finns redan en nulägesanalys för det året.")
    );
    let r = app
        .post(
            "/nulagesanalys",
            &[("ar", "2027"), ("senast", "2027-02-30")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"f-senast-fel\""),
        "message beside the field"
    );
    let r = app
        .post(
            "/nulagesanalys",
            &[
                ("ar", "2027"),
                ("fran", "2027-05-01"),
                ("till", "2027-01-01"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Periodens sista dag kan inte vara före den första.")
    );
    let r = app.post("/nulagesanalys", &[("ar", "tjugo")]).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let n: i64 = scalar(
        &app,
        "select count(*) from nulage_omgang where forbund_id = $1",
    )
    .await;
    assert_eq!(n, 1, "nothing half-written");
    let r = app
        .post(
            "/nulagesanalys/2026",
            &[
                ("senast", "31/8"),
                ("fran", "2025-07-01"),
                ("till", "2026-06-30"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Skriv datumet som ÅÅÅÅ-MM-DD"));
    app.post(
        "/nulagesanalys/2026",
        &[
            ("senast", "2026-08-31"),
            ("fran", "2025-07-01"),
            ("till", "2026-06-30"),
        ],
    )
    .await
    .assert_redirect_to("/nulagesanalys/2026?klart=sparat");
}

#[tokio::test]
async fn questions_are_revised_per_year() {
    let mut app = with_round().await;
    app.login(ADMIN).await;
    let ids = question_ids(&app, 2026).await;
    app.post(
        &format!("/nulagesanalys/2026/fragor/{}", ids[0]),
        &[(
            "text",
            "I vilka system/organisationer befinner sig målgruppen?",
        )],
    )
    .await
    .assert_redirect_to("/nulagesanalys/2026?klart=sparat#fragor");
    app.post(
        "/nulagesanalys/2026/fragor",
        &[("text", "Vilka övriga behov finns?")],
    )
    .await;
    app.post(
        &format!("/nulagesanalys/2026/fragor/{}/ta-bort", ids[6]),
        &[],
    )
    .await;
    app.post(&format!("/nulagesanalys/2026/fragor/{}/upp", ids[1]), &[])
        .await;
    let r = app
        .post("/nulagesanalys/2026/fragor", &[("text", "  ")])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Skriv frågan."));
    let texts = question_texts(&app, 2026).await;
    assert_eq!(texts.len(), 7);
    assert_eq!(
        texts[0],
        lotsen_domain::nulagesanalys::STANDARD_QUESTIONS[1]
    );
    assert_eq!(
        texts[1],
        "I vilka system/organisationer befinner sig målgruppen?"
    );
    assert_eq!(texts[6], "Vilka övriga behov finns?");

    app.post("/nulagesanalys", &[("ar", "2027")]).await;
    let next = question_texts(&app, 2027).await;
    assert_eq!(
        next,
        lotsen_domain::nulagesanalys::STANDARD_QUESTIONS
            .map(String::from)
            .to_vec(),
        "a new year starts from the standard questions"
    );
    assert_eq!(
        question_texts(&app, 2026).await,
        texts,
        "and leaves last year's form as it was"
    );
}

#[tokio::test]
async fn answers_are_saved_escaped_and_validated() {
    let mut app = with_round().await;
    let ids = question_ids(&app, 2026).await;
    app.login(SK).await;
    let r = answer(
        &mut app,
        ids[0],
        "<script>alert(1)</script>\n\n- första punkt\n- andra punkt",
    )
    .await;
    r.assert_redirect_to(&format!("{STL}?klart=sparat"));
    let too_long = "x".repeat(8001);
    let r = answer(&mut app, ids[1], &too_long).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(&format!("id=\"f-svar-{}-fel\"", ids[1])),
        "message beside the field"
    );
    assert!(r.body.contains("Texten får vara högst 8000 tecken."));
    let n: i64 = scalar(
        &app,
        "select count(*) from nulage_svar where forbund_id = $1",
    )
    .await;
    assert_eq!(n, 1, "the oversized answer was not saved");
    let r = answer(&mut app, Uuid::now_v7(), "okänd fråga").await;
    r.assert_status(StatusCode::NOT_FOUND);

    let mut ledamot = app.other_browser();
    ledamot.login(LEDAMOT).await;
    let r = ledamot.get(STL).await;
    r.assert_ok();
    assert!(
        r.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "escaped: {}",
        r.body
    );
    assert!(!r.body.contains("<script>alert(1)"));
    assert!(r.body.contains("<li>första punkt</li>"));
    assert!(!r.body.contains("name=\"svar-"), "ledamöter read only");
    answer(&mut ledamot, ids[0], "Ledamotens svar")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    ledamot
        .post(&format!("{STL}/signera"), &[])
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn signing_locks_every_write_path() {
    let mut app = with_round().await;
    let ids = question_ids(&app, 2026).await;
    app.login(CHAIR).await;
    let r = app.post(&format!("{STL}/signera"), &[]).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Blanketten har inga svar."),
        "an empty form is not signed"
    );
    answer(&mut app, ids[0], "Unga vuxna med aktivitetsersättning.").await;
    app.post(&format!("{STL}/signera"), &[])
        .await
        .assert_redirect_to(&format!("{STL}?klart=signerad"));
    let r = app.get(STL).await;
    assert!(
        r.body.contains("Anders Öhman, "),
        "the chair's name and date"
    );
    assert!(!r.body.contains("name=\"svar-"));

    let r = answer(&mut app, ids[0], "Ändrat").await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Blanketten är signerad och kan inte längre ändras.")
    );
    app.post(&format!("{STL}/signera"), &[])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let mut sk = app.other_browser();
    sk.login(SK).await;
    answer(&mut sk, ids[1], "Efteråt")
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let mut admin = app.other_browser();
    admin.login(ADMIN).await;
    let locked = "En blankett i omgången är redan signerad.";
    for (path, form) in [
        (
            "/nulagesanalys/2026/fragor".to_string(),
            vec![("text", "Ny fråga")],
        ),
        (
            format!("/nulagesanalys/2026/fragor/{}", ids[0]),
            vec![("text", "Ny text")],
        ),
        (format!("/nulagesanalys/2026/fragor/{}/ned", ids[0]), vec![]),
        (format!("/nulagesanalys/2026/fragor/{}/upp", ids[1]), vec![]),
        (
            format!("/nulagesanalys/2026/fragor/{}/ta-bort", ids[2]),
            vec![],
        ),
    ] {
        let r = admin.post(&path, &form).await;
        r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains(locked), "{path}");
    }
    let r = admin
        .post(
            "/nulagesanalys/2026",
            &[
                ("senast", "2026-09-01"),
                ("fran", "2025-01-01"),
                ("till", "2025-12-31"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Perioden kan inte längre ändras."));
    assert_eq!(question_texts(&app, 2026).await.len(), 7);
    let texts: Vec<String> = {
        let f = app.forbund_id("fjardlunda").await;
        let mut tx = app.t.db.begin_as(Some(f), None, false).await.unwrap();
        let v = sqlx::query_scalar("select text from nulage_svar where forbund_id = $1")
            .bind(f)
            .fetch_all(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        v
    };
    assert_eq!(
        texts,
        vec!["Unga vuxna med aktivitetsersättning.".to_string()]
    );

    // The database's own wall, behind the core's checks.
    let f = app.forbund_id("fjardlunda").await;
    let mut tx = app.t.db.begin_as(Some(f), None, false).await.unwrap();
    let e = sqlx::query("update nulage_svar set text = 'x' where forbund_id = $1")
        .bind(f)
        .execute(&mut *tx)
        .await;
    assert!(e.is_err(), "a signed form's answers cannot change");
}

async fn status_of(app: &mut TestApp, kod: &str) -> String {
    let body = app.get("/nulagesanalys/2026").await.body;
    let start = body.find(&format!(">{kod} – ")).unwrap();
    let rest = &body[start..];
    let tag = rest.find("class=\"tag status-").unwrap();
    let rest = &rest[tag..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</span>").unwrap();
    rest[open..close].to_string()
}

#[tokio::test]
async fn status_shows_drafts_signatures_and_late_forms() {
    let mut app = with_round().await;
    let ids = question_ids(&app, 2026).await;
    app.login(ADMIN).await;
    app.post(
        "/nulagesanalys/2026",
        &[
            ("senast", "2100-09-01"),
            ("fran", "2025-07-01"),
            ("till", "2026-06-30"),
        ],
    )
    .await
    .assert_redirect_to("/nulagesanalys/2026?klart=sparat");
    assert_eq!(status_of(&mut app, "STL").await, "Ej påbörjad");
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    answer(&mut chair, ids[0], "Svar").await;
    assert_eq!(status_of(&mut app, "STL").await, "Utkast");
    assert_eq!(status_of(&mut app, "NRV").await, "Ej påbörjad");

    app.post(
        "/nulagesanalys/2026",
        &[
            ("senast", "2026-01-01"),
            ("fran", "2025-07-01"),
            ("till", "2026-06-30"),
        ],
    )
    .await;
    assert_eq!(status_of(&mut app, "STL").await, "Sen");
    assert_eq!(status_of(&mut app, "NRV").await, "Sen");
    chair.post(&format!("{STL}/signera"), &[]).await;
    assert_eq!(status_of(&mut app, "STL").await, "Signerad (sent)");
    let body = app.get("/nulagesanalys/2026/sammanstallning").await.body;
    assert!(body.contains("LOKUS STL – Stenbäck–Lövsjö"));
    assert!(body.contains("(signerad efter sista dag)"));
    assert!(
        !body.contains("LOKUS NRV"),
        "only signed forms are compiled"
    );
}

#[tokio::test]
async fn access_follows_the_roles_matrix() {
    let app = with_round().await;
    for login in DEMO_TENANT_LOGINS {
        let mut a = app.other_browser();
        let slug = if *login == "kustbygd@demo.lotsen.example" {
            "kustbygd"
        } else {
            "fjardlunda"
        };
        a.login_in(login, slug).await;
        let own = matches!(*login, ADMIN | SK | CHAIR | LEDAMOT);
        let form = a.get(STL).await;
        assert_eq!(
            form.status,
            if own {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            },
            "{login} form"
        );
        let round = a.get("/nulagesanalys/2026").await;
        assert_eq!(
            round.status,
            if own {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            },
            "{login} round"
        );
        let admin_only = *login == ADMIN;
        for path in [
            "/nulagesanalys/2026/sammanstallning",
            "/nulagesanalys/2026/siffror.xlsx",
        ] {
            let r = a.get(path).await;
            assert_eq!(
                r.status,
                if admin_only {
                    StatusCode::OK
                } else {
                    StatusCode::NOT_FOUND
                },
                "{login} {path}"
            );
        }
        // Another group: only the förbund-admin, and the coordinator of FJL.
        let fjl = a.get("/nulagesanalys/2026/grupper/FJL").await;
        let fjl_ok = matches!(*login, ADMIN | SK);
        assert_eq!(
            fjl.status,
            if fjl_ok {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            },
            "{login} FJL"
        );
        let nrv = a.get("/nulagesanalys/2026/grupper/NRV").await;
        assert_eq!(
            nrv.status,
            if admin_only {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            },
            "{login} NRV"
        );
        let r = a.post("/nulagesanalys", &[("ar", "2030")]).await;
        assert_eq!(
            r.status == StatusCode::SEE_OTHER,
            admin_only || *login == "kustbygd@demo.lotsen.example",
            "{login} opens a round"
        );
    }
    // Another förbund: its admin reaches nothing of fjardlunda's round.
    let mut kb = app.other_browser();
    kb.login("kustbygd@demo.lotsen.example").await;
    kb.get("/nulagesanalys/2026/grupper/KST")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    kb.get("/nulagesanalys/2026")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    kb.get("/nulagesanalys/2026/sammanstallning")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The ordinary chair sees only the own group in the round's list.
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    let body = chair.get("/nulagesanalys/2026").await.body;
    assert!(body.contains(">STL – "));
    assert!(!body.contains(">FJL – "));
}

#[tokio::test]
async fn reads_writes_signing_and_exports_are_audited_with_ids() {
    let mut app = with_round().await;
    let ids = question_ids(&app, 2026).await;
    app.login(CHAIR).await;
    app.get(STL).await.assert_ok();
    answer(&mut app, ids[0], "Svar").await;
    app.post(&format!("{STL}/signera"), &[]).await;
    let mut admin = app.other_browser();
    admin.login(ADMIN).await;
    admin
        .get("/nulagesanalys/2026/sammanstallning")
        .await
        .assert_ok();
    admin
        .get("/nulagesanalys/2026/siffror.xlsx")
        .await
        .assert_ok();
    let actions = app.audit_actions("fjardlunda").await;
    for a in [
        "nulagesanalys.omgang_create",
        "nulagesanalys.read",
        "nulagesanalys.answer",
        "nulagesanalys.sign",
        "nulagesanalys.export",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    let n: i64 = scalar(
        &app,
        "select count(*) from audit_event a join nulage_blankett b \
           on b.forbund_id = a.forbund_id and b.blankett_id = a.object_id \
         where a.forbund_id = $1 and a.object_type = 'nulage_blankett' \
           and a.action in ('nulagesanalys.read', 'nulagesanalys.answer', 'nulagesanalys.sign')",
    )
    .await;
    assert_eq!(
        n, 3,
        "reads, the answer and the signature name the form by id: {n}"
    );
    let exports: i64 = scalar(
        &app,
        "select count(*) from audit_event where forbund_id = $1 and action = 'nulagesanalys.export' \
         and object_type = 'nulage_omgang'",
    )
    .await;
    assert_eq!(exports, 2);
}

#[tokio::test]
async fn the_xlsx_puts_every_group_side_by_side() {
    use calamine::{Data, Reader, Xlsx};
    let app = with_round().await;
    let base = Fx {
        lokus: "STL",
        part: "fk",
        org: Some(FK),
        kon: "kvinna",
        alder: Some(40),
        inkom: "2025-09-01",
        ..Fx::default()
    };
    insert(
        &app,
        "fjardlunda",
        &[
            base,
            Fx { kon: "man", ..base },
            Fx {
                lokus: "FJL",
                ..base
            },
            Fx {
                inkom: "2025-06-30",
                ..base
            },
        ],
    )
    .await;
    let ctx = Ctx::cli(Some(
        lotsen_core::admin::forbund::by_slug(&app.t.db, "fjardlunda")
            .await
            .unwrap(),
    ));
    let file = compile::xlsx(&app.t.db, &ctx, 2026, false).await.unwrap();
    assert!(
        file.filename
            .starts_with("nulagesanalys_2026_grupper_2025-07-01_2026-06-30")
    );
    let mut book = Xlsx::new(std::io::Cursor::new(file.bytes)).unwrap();
    assert_eq!(book.sheet_names().len(), 10, "one sheet per table");
    let sheet = book.worksheet_range("Ärenden per part").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    // Groups in code order: FJL, KST, NRV, STL; each a block of the table's columns.
    let width = (1..60)
        .take_while(|c| cell(3, *c) != Data::String("KST – Kuststråket".into()))
        .count();
    assert_eq!(cell(3, 1), Data::String("FJL – Fjärdlunda".into()));
    assert!(width > 1);
    let stl = 1 + 3 * width as u32;
    assert_eq!(cell(3, stl), Data::String("STL – Stenbäck–Lövsjö".into()));
    assert_eq!(cell(4, 0), Data::String("Rad".into()));
    assert_eq!(cell(4, stl), Data::String("Försäkringskassan".into()));
    assert_eq!(cell(5, 0), Data::String("Kvinnor".into()));
    assert_eq!(
        cell(5, stl),
        Data::Float(1.0),
        "STL: one woman in the period"
    );
    assert_eq!(cell(6, stl), Data::Float(1.0), "STL: one man");
    assert_eq!(cell(5, 1), Data::Float(1.0), "FJL: its own woman");
    assert_eq!(cell(5, 1 + width as u32), Data::Float(0.0), "KST: none");
}
