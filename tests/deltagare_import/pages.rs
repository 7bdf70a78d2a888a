//! The upload page: preview then import, idempotence, all-or-nothing, who may import, and
//! the audit rows.

use super::*;
use crate::support::DEMO_TENANT_LOGINS;
use axum::http::StatusCode;

/// A participant as written: nummer, status, kön, födelseår, kommun, källa, avslutsanledning.
type Written = (
    i32,
    String,
    String,
    Option<i32>,
    Option<String>,
    String,
    Option<String>,
);

#[tokio::test]
async fn deltagare_import_previews_then_imports_and_a_second_import_creates_nothing() {
    let mut app = TestApp::demo().await;
    let insats = insats(&app).await;
    let coach = app.user_id("fjardlunda", COACH).await;
    app.login(COACH).await;
    let list = app.get(&format!("/insatser/{KOD}/deltagare")).await;
    assert!(
        list.body.contains(&format!(
            "href=\"/insatser/{KOD}/import\">Importera från Excel"
        )),
        "linked from the list"
    );
    let page = app.get(&format!("/insatser/{KOD}/import")).await;
    page.assert_ok();
    let text = page.text();
    assert!(text.contains("Importera deltagare"), "{text}");
    assert!(text.contains("arbetstraning_fran"), "the column table");
    assert!(text.contains("sjukpenning:50|lon:50"), "the example");
    assert!(text.contains("Inga namn eller personnummer"), "{text}");

    // No file: the form again.
    let r = app
        .post_multipart(&format!("/insatser/{KOD}/import"), &[], None)
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Välj en CSV-fil"));

    // Excel's Windows-1252 with labels: kept, previewed, nothing written.
    let r = upload(&mut app, KOD, &windows_1252(LABELS)).await;
    r.assert_status(StatusCode::SEE_OTHER);
    let preview_path = r.location().to_string();
    assert!(preview_path.starts_with(&format!("/insatser/{KOD}/import/")));
    let preview = app.get(&preview_path).await;
    preview.assert_ok();
    let text = preview.text();
    assert!(
        text.contains("Filen var sparad som Windows-1252 (Excel) och har konverterats."),
        "{text}"
    );
    assert!(text.contains("Nya deltagare 3"), "{text}");
    assert!(text.contains("Redan importerade 0"), "{text}");
    assert!(
        text.contains("Kolumner som inte läses in Anteckning"),
        "{text}"
    );
    assert!(text.contains("Coach Du"), "{text}");
    assert!(
        text.contains("Sjukpenning eller rehabiliteringspenning 50 %, Lön 50 % · Sjukskriven 50 %"),
        "{text}"
    );
    assert!(text.contains("1991"), "födelseår from ålder: {text}");
    assert!(text.contains("Importera 3 deltagare"), "{text}");
    assert_eq!(
        count(&app, "deltagare", "true").await,
        0,
        "a preview writes nothing"
    );

    let r = app.post(&preview_path, &[]).await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        r.location(),
        format!("/insatser/{KOD}/import?klart=importerad&nya=3&fanns=0")
    );
    let done = app.get(r.location()).await;
    assert!(
        done.text()
            .contains("3 deltagare importerade, 0 fanns redan.")
    );
    // A second click finds the file gone.
    let again = app.post(&preview_path, &[]).await;
    assert_eq!(
        again.location(),
        format!("/insatser/{KOD}/import?klart=saknas")
    );

    // What was written, by hand.
    let rows: Vec<Written> = {
        let f = app.forbund_id("fjardlunda").await;
        let mut tx = app.t.db.begin_as(Some(f), None, false).await.unwrap();
        let v = sqlx::query_as(
            "select nummer, status, kon, fodelsear, bostadskommun, kalla, avslutsanledning \
             from deltagare where forbund_id = $1 order by nummer",
        )
        .bind(f)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();
        v
    };
    assert_eq!(
        rows,
        vec![
            (
                1,
                "utskriven".into(),
                "kvinna".into(),
                Some(1991),
                Some("9902".into()),
                "via_koordinator".into(),
                Some("arbete".into())
            ),
            (
                2,
                "inskriven".into(),
                "man".into(),
                None,
                Some("9903".into()),
                "direkt".into(),
                None
            ),
            (
                3,
                "utskriven".into(),
                "okant".into(),
                None,
                None,
                "direkt".into(),
                Some("eget_onskemal".into())
            ),
        ]
    );
    let all = "insats_id = '".to_string() + &insats.to_string() + "'";
    assert_eq!(
        count(
            &app,
            "deltagare",
            &format!("{all} and coach_id = '{coach}' and import_hash is not null")
        )
        .await,
        3
    );
    assert_eq!(
        count(&app, "deltagare_samtycke", "true").await,
        0,
        "no consent"
    );
    assert_eq!(
        count(&app, "deltagare_matning", "tillfalle = 'fore'").await,
        2
    );
    assert_eq!(
        count(
            &app,
            "deltagare_matning",
            "tillfalle = 'efter' and datum = '2025-11-28'"
        )
        .await,
        1
    );
    assert_eq!(count(&app, "deltagare_forsorjning", "true").await, 4);
    assert_eq!(
        count(&app, "deltagare_sysselsattning", "kod = 'forvarvsarbete'").await,
        2
    );
    assert_eq!(
        count(
            &app,
            "deltagare_aktivitet",
            "typ = 'arbetstraning' and datum = '2025-04-07'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&app, "deltagare_handelse", "typ = 'importerad'").await,
        3
    );
    assert_eq!(
        count(
            &app,
            "audit_event",
            &format!(
                "action = 'deltagare.import' and user_id = '{coach}' and object_id = '{insats}'"
            )
        )
        .await,
        1
    );

    // The same participants with codes, `,` and UTF-8: all there already.
    let r = upload(&mut app, KOD, CODES.as_bytes()).await;
    r.assert_status(StatusCode::SEE_OTHER);
    let preview_path = r.location().to_string();
    let text = app.get(&preview_path).await.text();
    assert!(text.contains("Nya deltagare 0"), "{text}");
    assert!(text.contains("Redan importerade 3"), "{text}");
    assert!(
        text.contains("Alla rader i filen är redan importerade"),
        "{text}"
    );
    let r = app.post(&preview_path, &[]).await;
    assert_eq!(
        r.location(),
        format!("/insatser/{KOD}/import?klart=importerad&nya=0&fanns=3")
    );
    assert_eq!(count(&app, "deltagare", "true").await, 3, "nothing new");

    // The imported participants show like any anonymous one: in the list, on the coach's page
    // with their measurements, and in the insatsansvarig's figures.
    let first: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select deltagare_id from deltagare where forbund_id = $1 and nummer = 1",
        )
        .await;
    assert!(
        app.get(&format!("/insatser/{KOD}/deltagare"))
            .await
            .text()
            .contains("Deltagare 3")
    );
    let page = app.get(&format!("/insatser/{KOD}/deltagare/{first}")).await;
    page.assert_ok();
    assert!(page.text().contains("Sjukpenning"), "{}", page.text());
    assert_eq!(
        crate::deltagare::stale_groups(&app).await,
        0,
        "the import keeps the report groups"
    );
    let mut ansvarig = app.other_browser();
    ansvarig.login(crate::deltagare::ANSVARIG).await;
    ansvarig
        .get(&format!(
            "/insatser/{KOD}/siffror?fran=2025-01-01&till=2025-12-31"
        ))
        .await
        .assert_ok();

    // "Avbryt" forgets a kept file.
    let r = upload(&mut app, KOD, CODES.as_bytes()).await;
    let path = r.location().to_string();
    let r = app.post(&format!("{path}/avbryt"), &[]).await;
    assert_eq!(
        r.location(),
        format!("/insatser/{KOD}/import?klart=avbruten")
    );
    assert_eq!(count(&app, "import_fil", "true").await, 0);
}

#[tokio::test]
async fn deltagare_import_with_one_bad_line_imports_nothing_and_shows_the_line() {
    let mut app = TestApp::demo().await;
    insats(&app).await;
    app.login(COACH).await;
    let file = format!("{}2025-07-01;2025-06-01;K;;;;;;;;;;arbete;\r\n", LABELS);
    let r = upload(&mut app, KOD, &windows_1252(&file)).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(
        text.contains("Filen har 1 fel och kan inte importeras"),
        "{text}"
    );
    assert!(
        text.contains(
            "5 utskriven Utskrivningen 2025-06-01 kan inte vara före inskrivningen 2025-07-01."
        ),
        "{text}"
    );
    assert!(r.body.contains("href=\"#f-fil\""), "the error summary");
    assert_eq!(count(&app, "deltagare", "true").await, 0);
    assert_eq!(count(&app, "import_fil", "true").await, 0, "nothing kept");
}

#[tokio::test]
async fn deltagare_import_is_for_the_insats_coaches_and_its_ansvarig_only() {
    let app = TestApp::demo().await;
    let stl = insats_id(&app, "STL-COACH").await;
    let before: i32 = app
        .scalar_in(
            "fjardlunda",
            &format!("select coalesce(max(nummer), 0) from deltagare where forbund_id = $1 and insats_id = '{stl}'"),
        )
        .await;
    let one = "inskriven;kon\n2025-08-01;K\n";
    for login in DEMO_TENANT_LOGINS.iter().copied().chain([INSATS]) {
        let slug = if login.starts_with("kustbygd") {
            "kustbygd"
        } else {
            "fjardlunda"
        };
        let mut who = app.other_browser();
        who.login_in(login, slug).await;
        let allowed = login == COACH || login == INSATS;
        let expected = if allowed {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(
            who.get("/insatser/STL-COACH/import").await.status,
            expected,
            "{login}"
        );
        if !allowed {
            let r = upload(&mut who, "STL-COACH", one.as_bytes()).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} upload");
            let fake = Uuid::now_v7();
            for path in [
                format!("/insatser/STL-COACH/import/{fake}"),
                format!("/insatser/STL-COACH/import/{fake}/avbryt"),
            ] {
                assert_eq!(
                    who.post(&path, &[]).await.status,
                    StatusCode::NOT_FOUND,
                    "{login} {path}"
                );
            }
        }
    }
    assert_eq!(count(&app, "import_fil", "true").await, 0);
    assert_eq!(count(&app, "deltagare", "import_hash is not null").await, 0);

    // The insatsansvarig's import has no coach; numbers continue the insats's.
    let mut ansvarig = app.other_browser();
    ansvarig.login(INSATS).await;
    let r = upload(&mut ansvarig, "STL-COACH", one.as_bytes()).await;
    r.assert_status(StatusCode::SEE_OTHER);
    let preview = ansvarig.get(r.location()).await;
    assert!(preview.text().contains("Coach Ingen (tilldela i listan)"));
    // The kept file is the uploader's own: the coach cannot see or import it.
    let mut coach = app.other_browser();
    coach.login(COACH).await;
    assert_eq!(coach.get(r.location()).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        coach.post(r.location(), &[]).await.location(),
        "/insatser/STL-COACH/import?klart=saknas"
    );
    ansvarig
        .post(r.location(), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        count(
            &app,
            "deltagare",
            &format!(
                "import_hash is not null and coach_id is null and nummer = {}",
                before + 1
            )
        )
        .await,
        1
    );
    let ansvarig_id = app.user_id("fjardlunda", INSATS).await;
    assert_eq!(
        count(
            &app,
            "audit_event",
            &format!("action = 'deltagare.import' and user_id = '{ansvarig_id}'")
        )
        .await,
        1
    );
}
