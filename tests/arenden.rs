//! Lots-ärenden: intake validation, gapless numbering under concurrency, the access matrix
//! over every ärende route, the coordinator's changes and their timeline and audit rows, and
//! the list's filters and search.

use crate::support::{DEMO_TENANT_LOGINS, Resp, TestApp};
use axum::http::StatusCode;
use lotsen_core::Ctx;
use lotsen_core::arende::create;
use lotsen_domain::arende_form::ArendeForm;
use lotsen_domain::{Grant, Role};
use uuid::Uuid;

/// (is a POST, path, form)
type Route = (bool, String, Vec<(&'static str, &'static str)>);

async fn lokus_id(app: &TestApp, slug: &str, kod: &str) -> Uuid {
    app.scalar_in(
        slug,
        &format!("select lokus_id from lokus_grupp where forbund_id = $1 and kod = '{kod}'"),
    )
    .await
}

async fn enhet_id(app: &TestApp, namn: &str) -> Uuid {
    app.scalar_in(
        "fjardlunda",
        &format!("select enhet_id from enhet where forbund_id = $1 and namn = '{namn}'"),
    )
    .await
}

/// A complete, valid intake form for `lokus`, with `changes` applied on top.
pub(crate) async fn intake(
    app: &TestApp,
    lokus: &str,
    changes: &[(&str, &str)],
) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = vec![
        ("formular_id".into(), Uuid::now_v7().to_string()),
        (
            "lokus".into(),
            lokus_id(app, "fjardlunda", lokus).await.to_string(),
        ),
        ("inkom".into(), "2026-03-02".into()),
        ("kanal".into(), "telefon".into()),
        (
            "avsandare".into(),
            format!("enhet:{}", enhet_id(app, "Sjukpenning").await),
        ),
        ("handlaggare".into(), "FK-H1".into()),
        ("kon".into(), "kvinna".into()),
        ("alder".into(), "34".into()),
        ("bostadskommun".into(), "9902".into()),
        ("ersattning".into(), "sjukpenning".into()),
        ("malgrupp".into(), "langtidssjukskriven".into()),
        ("samverkansproblem".into(), "racker_inte".into()),
        (
            "beskrivning".into(),
            "Sjukskriven sedan länge, behöver arbetslivsinriktad rehabilitering.".into(),
        ),
    ];
    for (k, v) in changes {
        form.retain(|(key, _)| key != k);
        if !v.is_empty() || *k == "kon" {
            form.push((k.to_string(), v.to_string()));
        }
    }
    form
}

async fn submit(app: &mut TestApp, form: &[(String, String)]) -> Resp {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post("/arenden/ny", &pairs).await
}

/// The intake form as the server reads the posted pairs.
fn arende_form(pairs: &[(String, String)]) -> ArendeForm {
    serde_html_form::from_str(&serde_urlencoded::to_string(pairs).unwrap()).unwrap()
}

/// Builds a valid intake form with `changes` and submits it.
async fn register(app: &mut TestApp, lokus: &str, changes: &[(&str, &str)]) -> Resp {
    let form = intake(app, lokus, changes).await;
    submit(app, &form).await
}

async fn count(app: &TestApp) -> i64 {
    app.scalar_in(
        "fjardlunda",
        "select count(*) from arende where forbund_id = $1",
    )
    .await
}

#[tokio::test]
async fn a_coordinator_registers_an_arende_and_gets_its_number() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let form = app.get("/arenden/ny").await;
    form.assert_ok();
    assert!(form.body.contains("name=\"formular_id\""));
    assert!(form.text().contains("Skriv inga namn, personnummer"));
    let r = register(&mut app, "STL", &[]).await;
    let id = r.redirect_id();
    let page = app.get(&format!("/arenden/{id}")).await;
    page.assert_ok();
    let text = page.text();
    assert!(text.contains("Ärende 2026-STL-001"), "{text}");
    assert!(text.contains("Försäkringskassan LFC Västerlän – Sjukpenning"));
    assert!(text.contains("Kvinna"));
    assert!(text.contains("34 år"));
    assert!(text.contains("Stenbäck"));
    assert!(text.contains("Långtidssjukskriven"));
    assert!(text.contains("Struktur finns och tillämpas men räcker inte"));
    assert!(text.contains("Ärendet registrerades"));
    let second = register(&mut app, "STL", &[]).await.redirect_id();
    assert!(
        app.get(&format!("/arenden/{second}"))
            .await
            .text()
            .contains("2026-STL-002")
    );
    let fjl = register(&mut app, "FJL", &[("inkom", "2025-12-30")])
        .await
        .redirect_id();
    assert!(
        app.get(&format!("/arenden/{fjl}"))
            .await
            .text()
            .contains("2025-FJL-001")
    );
    let audit = app.audit_actions("fjardlunda").await;
    assert_eq!(audit.iter().filter(|a| *a == "arende.create").count(), 3);
    assert!(audit.contains(&"arende.read".to_string()));
}

#[tokio::test]
async fn the_form_remembers_the_last_group_and_sender_and_the_handlaggare_is_counted_once() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    register(&mut app, "STL", &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    register(&mut app, "STL", &[("handlaggare", "FK-H1")]).await;
    let form = app.get("/arenden/ny").await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    let unit = enhet_id(&app, "Sjukpenning").await;
    assert!(
        form.body
            .contains(&format!("<option value=\"{stl}\" selected>")),
        "last group preselected"
    );
    assert!(
        form.body
            .contains(&format!("<option value=\"enhet:{unit}\" selected>")),
        "last sender preselected"
    );
    let handlaggare: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from handlaggare where forbund_id = $1",
        )
        .await;
    assert_eq!(handlaggare, 1, "one handläggare, two ärenden");
}

#[tokio::test]
async fn every_field_is_validated_and_nothing_is_half_written() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("inkom", "2026-13-01")], "Skriv datumet som ÅÅÅÅ-MM-DD"),
        (
            &[("inkom", "2099-01-01")],
            "Datumet kan inte ligga i framtiden.",
        ),
        (&[("inkom", "")], "Fyll i datumet då ärendet kom in."),
        (&[("alder", "121")], "Åldern ska vara mellan 0 och 120 år."),
        (&[("alder", "-3")], "Åldern ska vara mellan 0 och 120 år."),
        (&[("kon", "annat")], "Välj kvinna, man eller okänt."),
        (&[("kanal", "brevduva")], "Välj en kanal i listan."),
        (&[("ersattning", "lotterivinst")], "Okänd ersättning"),
        (&[("malgrupp", "alla")], "Okänd målgrupp"),
        (
            &[("samverkansproblem", "okänt")],
            "Välj ett samverkansproblem i listan.",
        ),
        (&[("bostadskommun", "0000")], "Välj en kommun i listan."),
        (&[("avsandare", "")], "Välj vilken organisation"),
        (
            &[("avsandare", "enhet:00000000-0000-0000-0000-000000000000")],
            "Välj en organisation eller enhet i listan.",
        ),
        (
            &[("beskrivning", "Personen 850709-9805 behöver hjälp")],
            "liknar ett personnummer",
        ),
        (&[("handlaggare", "19850709-9805")], "inte ett personnummer"),
    ];
    for (changes, message) in cases {
        let form = intake(&app, "STL", changes).await;
        let r = submit(&mut app, &form).await;
        r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains(message), "{changes:?}: {}", r.text());
        assert!(r.body.contains("Rätta följande"), "summary shown");
    }
    let long = "x".repeat(4001);
    let r = register(&mut app, "STL", &[("beskrivning", &long)]).await;
    assert!(r.text().contains("högst 4000 tecken"));
    let nrv = lokus_id(&app, "fjardlunda", "NRV").await.to_string();
    let r = register(&mut app, "STL", &[("lokus", &nrv)]).await;
    assert!(
        r.text().contains("Välj en av dina LOKUS-grupper."),
        "another group is refused"
    );
    let typed = register(
        &mut app,
        "STL",
        &[("alder", "200"), ("handlaggare", "AF-77")],
    )
    .await;
    assert!(
        typed.body.contains("value=\"200\""),
        "typed values are kept"
    );
    assert!(typed.body.contains("value=\"AF-77\""));
    assert_eq!(count(&app).await, 0, "nothing was written");
    let numbers: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from arende_nummer where forbund_id = $1",
        )
        .await;
    assert_eq!(numbers, 0, "no number was taken");
    let id = register(&mut app, "STL", &[]).await.redirect_id();
    assert!(
        app.get(&format!("/arenden/{id}"))
            .await
            .text()
            .contains("2026-STL-001"),
        "the first valid one gets 001"
    );
}

#[tokio::test]
async fn a_second_submit_of_the_same_form_creates_nothing_new() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let form = intake(&app, "STL", &[]).await;
    let first = submit(&mut app, &form).await;
    let again = submit(&mut app, &form).await;
    assert_eq!(first.redirect_id(), again.redirect_id());
    assert!(again.location().ends_with("klart=fanns"));
    assert_eq!(count(&app).await, 1);
    let page = app.get(again.location()).await;
    assert!(page.text().contains("Formuläret hade redan skickats"));
}

#[tokio::test]
async fn numbers_are_gapless_and_unique_under_concurrent_creation() {
    let app = TestApp::demo().await;
    let forbund = lotsen_core::admin::forbund::by_slug(&app.t.db, "fjardlunda")
        .await
        .unwrap();
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    let template = intake(&app, "STL", &[]).await;
    let user = app
        .user_id("fjardlunda", "koordinator@demo.lotsen.example")
        .await;
    let mut ctx = Ctx::cli(Some(forbund));
    ctx.user_id = user;
    ctx.actor.user_id = user;
    ctx.actor.system_admin = false;
    ctx.actor.grants = vec![Grant {
        role: Role::Koordinator,
        lokus: Some(stl),
    }];
    let mut tasks = Vec::new();
    for _ in 0..24 {
        let db = app.t.db.clone();
        let ctx = ctx.clone();
        let mut form = arende_form(&template);
        form.formular_id = Uuid::now_v7().to_string();
        tasks.push(tokio::spawn(async move {
            create::create(&db, &ctx, &form).await
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await.unwrap().unwrap().nummer);
    }
    numbers.sort();
    let expected: Vec<String> = (1..=24).map(|n| format!("2026-STL-{n:03}")).collect();
    assert_eq!(numbers, expected);
}

#[tokio::test]
async fn only_the_groups_coordinators_reach_an_arende() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let stl = register(&mut app, "STL", &[]).await.redirect_id();
    // An ärende of NRV, a group the demo coordinator does not coordinate.
    let forbund = lotsen_core::admin::forbund::by_slug(&app.t.db, "fjardlunda")
        .await
        .unwrap();
    let nrv_lokus = lokus_id(&app, "fjardlunda", "NRV").await;
    let mut ctx = Ctx::cli(Some(forbund));
    ctx.actor.system_admin = false;
    ctx.actor.grants = vec![Grant {
        role: Role::Koordinator,
        lokus: Some(nrv_lokus),
    }];
    let mut nrv_form = arende_form(&intake(&app, "NRV", &[]).await);
    nrv_form.formular_id = Uuid::now_v7().to_string();
    let nrv = create::create(&app.t.db, &ctx, &nrv_form)
        .await
        .unwrap()
        .arende_id;

    let routes = |id: Uuid| -> Vec<Route> {
        vec![
            (false, format!("/arenden/{id}"), vec![]),
            (false, format!("/arenden/{id}/andra"), vec![]),
            (true, format!("/arenden/{id}/andra"), vec![("kon", "man")]),
            (
                true,
                format!("/arenden/{id}/atgarder"),
                vec![("kod", "annan"), ("datum", "2026-03-03")],
            ),
            (
                true,
                format!("/arenden/{id}/flagga"),
                vec![("fraga", "Fråga")],
            ),
            (true, format!("/arenden/{id}/avflagga"), vec![]),
            (
                true,
                format!("/arenden/{id}/status"),
                vec![("status", "vilande")],
            ),
            (
                true,
                format!("/arenden/{id}/avsluta"),
                vec![("avslut", "annat"), ("avslutad_datum", "2026-03-03")],
            ),
            (true, format!("/arenden/{id}/ateroppna"), vec![]),
            (
                true,
                format!("/arenden/{id}/anteckning"),
                vec![("anteckning_text", "x")],
            ),
        ]
    };
    // The coordinator: their own group yes, NRV no.
    for (post, path, form) in routes(nrv) {
        let r = if post {
            app.post(&path, &form).await
        } else {
            app.get(&path).await
        };
        assert_eq!(r.status, StatusCode::NOT_FOUND, "koordinator {path}");
    }
    app.get(&format!("/arenden/{stl}")).await.assert_ok();
    // Everyone else: 404 on every route, and no list or intake.
    for login in DEMO_TENANT_LOGINS
        .iter()
        .filter(|l| !l.starts_with("koordinator"))
    {
        let mut b = app.other_browser();
        b.login_in(login, "fjardlunda").await;
        for id in [stl, nrv] {
            for (post, path, form) in routes(id) {
                let r = if post {
                    b.post(&path, &form).await
                } else {
                    b.get(&path).await
                };
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} {path}");
            }
        }
        // kustbygd@ coordinates in its own förbund, so it has a list there (an empty one).
        let coordinator_elsewhere = login.starts_with("kustbygd");
        for path in ["/arenden", "/arenden/ny"] {
            let want = if coordinator_elsewhere {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(b.get(path).await.status, want, "{login} {path}");
        }
    }
    let mut sys = app.other_browser();
    sys.login("system@demo.lotsen.example").await;
    assert_eq!(
        sys.get(&format!("/arenden/{stl}")).await.status,
        StatusCode::NOT_FOUND
    );
    let unchanged: String = app
        .scalar_in(
            "fjardlunda",
            &format!("select status from arende where forbund_id = $1 and arende_id = '{nrv}'"),
        )
        .await;
    assert_eq!(unchanged, "pagaende");
    let reads: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from audit_event where forbund_id = $1 and action = 'arende.read'",
        )
        .await;
    assert_eq!(reads, 1, "only the one permitted read is logged as a read");
}

#[tokio::test]
async fn a_coordinator_follows_an_arende_from_actions_to_closing_and_reopening() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let id = register(&mut app, "STL", &[]).await.redirect_id();
    let base = format!("/arenden/{id}");
    let org: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select organisation_id from organisation where forbund_id = $1 and part = 'region'",
        )
        .await;
    let bad = app
        .post(
            &format!("{base}/atgarder"),
            &[("kod", ""), ("datum", "2026-03-01")],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("Välj vilken åtgärd som gjordes."));
    assert!(bad.text().contains("Datumet kan inte vara före 2026-03-02"));
    app.post(
        &format!("{base}/atgarder"),
        &[
            ("kod", "kontakt_formedlad"),
            ("datum", "2026-03-03"),
            ("mal", &format!("org:{org}")),
            ("anteckning", "Kontakt med psykiatrin"),
        ],
    )
    .await
    .assert_redirect_to(&format!("{base}?klart=sparat"));
    app.post(
        &format!("{base}/atgarder"),
        &[
            ("kod", "flerpartsmote"),
            ("datum", "2026-03-09"),
            ("mal", "part:af"),
        ],
    )
    .await
    .assert_redirect_to(&format!("{base}?klart=sparat"));
    let empty_flag = app.post(&format!("{base}/flagga"), &[("fraga", " ")]).await;
    assert!(
        empty_flag
            .text()
            .contains("Skriv vad LOKUS-gruppen ska ta ställning till.")
    );
    app.post(
        &format!("{base}/flagga"),
        &[("fraga", "Saknas struktur för arbetsträning med stöd?")],
    )
    .await
    .assert_redirect_to(&format!("{base}?klart=sparat"));
    app.post(&format!("{base}/status"), &[("status", "vilande")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let no_outcome = app
        .post(
            &format!("{base}/avsluta"),
            &[("avslut", ""), ("avslutad_datum", "2026-03-10")],
        )
        .await;
    assert!(no_outcome.text().contains("Välj hur ärendet avslutades."));
    app.post(
        &format!("{base}/avsluta"),
        &[
            ("avslut", "lotsad_ordinarie"),
            ("avslutad_datum", "2026-03-10"),
        ],
    )
    .await
    .assert_redirect_to(&format!("{base}?klart=sparat"));
    let page = app.get(&base).await.text();
    for expected in [
        "Kontakt förmedlad eller föreslagen – Region Västerlän",
        "Kontakt med psykiatrin",
        "Flerpartsmöte – Arbetsförmedlingen",
        "Lyft till LOKUS",
        "Saknas struktur för arbetsträning med stöd?",
        "Status: Vilande",
        "Avslutat: Lotsad till ordinarie verksamhet",
        "Lotsad till ordinarie verksamhet (2026-03-10)",
        "Ärendet är avslutat",
    ] {
        assert!(page.contains(expected), "{expected}: {page}");
    }
    let twice = app
        .post(
            &format!("{base}/avsluta"),
            &[("avslut", "annat"), ("avslutad_datum", "2026-03-10")],
        )
        .await;
    assert!(twice.text().contains("Ärendet är redan avslutat."));
    app.post(&format!("{base}/ateroppna"), &[])
        .await
        .assert_redirect_to(&format!("{base}?klart=sparat"));
    app.post(&format!("{base}/avflagga"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    app.post(
        &format!("{base}/anteckning"),
        &[("anteckning_text", "Uppföljning om en månad.")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let pnr = app
        .post(
            &format!("{base}/anteckning"),
            &[("anteckning_text", "pnr 850709-9805")],
        )
        .await;
    assert!(pnr.text().contains("liknar ett personnummer"));
    let page = app.get(&base).await.text();
    assert!(page.contains("Återöppnat"));
    assert!(page.contains("Inte längre lyft till LOKUS"));
    assert!(page.contains("Uppföljning om en månad."));
    assert!(page.contains("Pågående"));
    assert_eq!(
        app.arende_count_drift("fjardlunda").await,
        0,
        "status changes keep the list's counts"
    );
    assert_eq!(
        app.arende_koder_drift("fjardlunda").await,
        0,
        "intake and actions keep the code arrays"
    );
    assert_eq!(
        app.statistik_drift("fjardlunda").await,
        0,
        "intake, actions and status changes keep the statistics' sums"
    );
    let audit = app.audit_actions("fjardlunda").await;
    for a in [
        "arende.action",
        "arende.flag",
        "arende.status",
        "arende.close",
        "arende.reopen",
        "arende.unflag",
        "arende.note",
    ] {
        assert!(audit.contains(&a.to_string()), "{a}");
    }
}

#[tokio::test]
async fn an_arende_is_edited_and_keeps_its_number() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let id = register(&mut app, "STL", &[]).await.redirect_id();
    let edit = app.get(&format!("/arenden/{id}/andra")).await;
    edit.assert_ok();
    assert!(edit.body.contains("value=\"34\""));
    let mut form = intake(
        &app,
        "STL",
        &[("kon", "man"), ("alder", "29"), ("inkom", "2026-03-01")],
    )
    .await;
    form.retain(|(k, _)| k != "formular_id");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post(&format!("/arenden/{id}/andra"), &pairs)
        .await
        .assert_redirect_to(&format!("/arenden/{id}?klart=sparat"));
    let page = app.get(&format!("/arenden/{id}")).await.text();
    assert!(page.contains("2026-STL-001"));
    assert!(page.contains("29 år"));
    assert!(page.contains("Man"));
    assert!(page.contains("Ärendet ändrades"));
    let bad = app
        .post(
            &format!("/arenden/{id}/andra"),
            &[("alder", "500"), ("avsandare", "")],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.get(&format!("/arenden/{id}"))
            .await
            .text()
            .contains("29 år"),
        "unchanged after a bad edit"
    );
    assert_eq!(
        app.statistik_drift("fjardlunda").await,
        0,
        "an edit moves the ärende's counts to its new month, kön and age"
    );
}

#[tokio::test]
async fn the_list_filters_searches_and_pages() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let af_unit = enhet_id(&app, "GK").await;
    let mut ids = Vec::new();
    for i in 0..55 {
        let changes: Vec<(&str, String)> = vec![
            ("inkom", format!("2026-0{}-{:02}", 1 + i % 9, 1 + i % 28)),
            (
                "beskrivning",
                if i == 7 {
                    "Behöver tolk och arbetsträning".into()
                } else {
                    format!("Ärende nummer {i}")
                },
            ),
        ];
        let changes: Vec<(&str, &str)> = changes.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut form = intake(&app, if i % 2 == 0 { "STL" } else { "FJL" }, &changes).await;
        if i % 5 == 0 {
            form.retain(|(k, _)| k != "avsandare");
            form.push(("avsandare".into(), format!("enhet:{af_unit}")));
        }
        ids.push(submit(&mut app, &form).await.redirect_id());
    }
    app.post(
        &format!("/arenden/{}/flagga", ids[3]),
        &[("fraga", "Fråga")],
    )
    .await;
    app.post(
        &format!("/arenden/{}/avsluta", ids[4]),
        &[("avslut", "lost_sig"), ("avslutad_datum", "2026-10-01")],
    )
    .await;

    let all_open = app.get("/arenden").await;
    all_open.assert_ok();
    assert!(
        all_open.text().contains("54 ärenden, sida 1 av 2"),
        "{}",
        all_open.text()
    );
    assert!(
        app.get("/arenden?status=alla")
            .await
            .text()
            .contains("55 ärenden")
    );
    assert!(
        app.get("/arenden?status=avslutad")
            .await
            .text()
            .contains("1 ärenden")
    );
    assert!(
        app.get("/arenden?flaggad=ja")
            .await
            .text()
            .contains("1 ärenden")
    );
    assert!(
        app.get("/arenden?part=af&status=alla")
            .await
            .text()
            .contains("11 ärenden")
    );
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    assert!(
        app.get(&format!("/arenden?lokus={stl}&status=alla"))
            .await
            .text()
            .contains("28 ärenden")
    );
    let found = app.get("/arenden?q=arbetsträning").await.text();
    assert!(found.contains("1 ärenden"), "{found}");
    assert!(
        app.get("/arenden?q=2026-FJL-003")
            .await
            .text()
            .contains("1 ärenden")
    );
    assert!(
        app.get("/arenden?fran=2026-09-01&till=2026-09-30&status=alla")
            .await
            .text()
            .contains("6 ärenden")
    );
    let page2 = app.get("/arenden?sida=2").await;
    assert!(page2.body.contains("Föregående sida"));
    let bad = app.get("/arenden?fran=igår&status=ingen").await;
    bad.assert_ok();
    assert!(bad.text().contains("Skriv datumet som ÅÅÅÅ-MM-DD"));
    assert!(bad.text().contains("Välj en status i listan."));
    // Another förbund's coordinator sees none of them.
    let mut kust = app.other_browser();
    kust.login("kustbygd@demo.lotsen.example").await;
    assert!(
        kust.get("/arenden?status=alla")
            .await
            .text()
            .contains("0 ärenden")
    );
}
