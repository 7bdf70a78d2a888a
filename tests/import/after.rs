//! After an import: "Visa ärendena" lists exactly the ärenden it created, and closed rows
//! carry their closing in the timeline.

use super::*;

async fn upload(app: &mut TestApp, lokus: &str, file: &str) -> Resp {
    app.post_multipart(
        "/arenden/import",
        &[("lokus", lokus)],
        Some(("fil", "logg.csv", file.as_bytes())),
    )
    .await
}

/// Uploads and imports a file through the pages; returns the "Visa ärendena" link.
async fn import_through_pages(app: &mut TestApp, lokus: &str, file: &str) -> String {
    let staged = upload(app, lokus, file).await;
    staged.assert_status(StatusCode::SEE_OTHER);
    let done = app.post(staged.location(), &[]).await;
    done.assert_status(StatusCode::SEE_OTHER);
    let page = app.get(done.location()).await;
    page.assert_ok();
    let (_, rest) = page
        .body
        .split_once("<a href=\"/arenden?import=")
        .unwrap_or_else(|| panic!("no Visa ärendena: {}", page.body));
    let (query, _) = rest.split_once('"').unwrap();
    format!("/arenden?import={}", unescape(query))
}

/// An attribute's value as the browser reads it (askama writes `&` as `&#38;`).
fn unescape(attr: &str) -> String {
    attr.replace("&#38;", "&").replace("&amp;", "&")
}

/// The ärende numbers a list page shows.
fn numbers(page: &Resp) -> Vec<String> {
    let mut out: Vec<String> = page
        .body
        .split("<td><a href=\"/arenden/")
        .skip(1)
        .filter_map(|s| s.split_once("\">")?.1.split_once("</a>"))
        .map(|(n, _)| n.to_string())
        .collect();
    out.sort();
    out
}

async fn imported_numbers(app: &TestApp, import_id: &str) -> Vec<String> {
    let id = app.forbund_id("fjardlunda").await;
    let mut tx = app.t.db.begin_as(Some(id), None, false).await.unwrap();
    let v = sqlx::query_scalar(
        "select nummer from arende where forbund_id = $1 and import_id = $2::uuid order by nummer",
    )
    .bind(id)
    .bind(import_id)
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    v
}

#[tokio::test]
async fn visa_arendena_lists_exactly_the_arenden_of_the_import() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await.to_string();
    let today: String = app
        .scalar_in(
            "fjardlunda",
            "select lotsen_today()::text where $1 is not null",
        )
        .await;

    let link = import_through_pages(&mut app, &stl, &codes_file()).await;
    assert!(link.ends_with("&status=alla&sort=nummer"), "{link}");
    let import_id = link
        .trim_start_matches("/arenden?import=")
        .split('&')
        .next()
        .unwrap()
        .to_string();
    let list = app.get(&link).await;
    list.assert_ok();
    let text = list.text();
    assert!(
        text.contains(&format!("Importerade {today}: 4 ärenden")),
        "{text}"
    );
    let shown = numbers(&list);
    assert_eq!(shown.len(), 4, "{shown:?}");
    assert_eq!(shown, imported_numbers(&app, &import_id).await);
    assert!(text.contains("Avslutad"), "closed ones too: {text}");
    assert!(
        list.body
            .contains(&format!("name=\"import\" value=\"{import_id}\"")),
        "other filters keep the import"
    );
    // A longer log: its list shows only the rows that import created.
    let longer = format!("{}2026-03-01;af;GK;;;;;;;;;;;;\n", codes_file());
    let second = import_through_pages(&mut app, &stl, &longer).await;
    assert_ne!(second, link);
    let list = app.get(&second).await;
    assert!(list.text().contains(": 1 ärende"), "{}", list.text());
    assert_eq!(numbers(&list).len(), 1);
    // The first import's list is as it was, and its filter can be removed.
    let first = app.get(&link).await;
    assert_eq!(numbers(&first).len(), 4);
    let remove = first
        .body
        .split_once("Importerade ")
        .and_then(|(_, rest)| rest.split_once("<a href=\""))
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(href, _)| unescape(href))
        .unwrap();
    assert!(!remove.contains("import="), "{remove}");
    assert!(
        remove.contains("status=alla"),
        "other filters stay: {remove}"
    );
    let all = app.get(&remove).await;
    all.assert_ok();
    assert!(!all.text().contains("Importerade "), "{}", all.text());
    assert_eq!(numbers(&all).len(), 5, "both imports");

    // Someone else's import, or no import at all, answers 404.
    app.get("/arenden?import=inte-ett-id")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.get(&format!("/arenden?import={}", Uuid::now_v7()))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let mut kustbygd = app.other_browser();
    kustbygd.login("kustbygd@demo.lotsen.example").await;
    kustbygd
        .get(&link)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let mut chair = app.other_browser();
    chair.login("ordforande@demo.lotsen.example").await;
    chair.get(&link).await.assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_imported_closed_arende_has_its_avslutat_event_on_its_closing_date() {
    let mut app = TestApp::demo().await;
    let r = import_into(&app, "STL", &codes_file()).await;
    assert!(r.committed, "{:?}", r.errors);
    // The AF row was closed 2025-12-01 as "lotsad_ordinarie"; the others are open.
    let events: Vec<(String, String, String)> = {
        let id = app.forbund_id("fjardlunda").await;
        let mut tx = app.t.db.begin_as(Some(id), None, false).await.unwrap();
        let v = sqlx::query_as(
            "select a.inkom::text, h.text, (lotsen_local(h.created_at))::date::text \
             from arende_handelse h join arende a using (forbund_id, arende_id) \
             where h.forbund_id = $1 and a.import_hash is not null and h.typ = 'avslutad'",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();
        v
    };
    assert_eq!(
        events,
        vec![(
            "2025-11-03".to_string(),
            "Lotsad till ordinarie verksamhet".to_string(),
            "2025-12-01".to_string()
        )]
    );
    app.login("koordinator@demo.lotsen.example").await;
    let id: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select arende_id from arende where forbund_id = $1 and import_hash is not null and status = 'avslutad'",
        )
        .await;
    let page = app.get(&format!("/arenden/{id}")).await;
    page.assert_ok();
    let text = page.text();
    assert!(
        text.contains("2025-12-01 Avslutat: Lotsad till ordinarie verksamhet"),
        "{text}"
    );
    // In date order: the action on inkom, the closing, then the import.
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} in {text}"));
    assert!(at("2025-11-03 Information om insatser") < at("2025-12-01 Avslutat"));
    assert!(at("2025-12-01 Avslutat") < at("Ärendet importerades"));
}

#[tokio::test]
async fn an_imported_lift_to_lokus_raises_the_arende_or_records_its_history() {
    let app = TestApp::demo().await;
    let recent = time::OffsetDateTime::now_utc().date() - time::Duration::days(10);
    let file = format!(
        "{HEADER}\n\
         {recent};fk;Sjukpenning;FK-L1;kvinna;34;9902;;;lyft_till_lokus;;pagaende;;;\n\
         2025-11-03;af;JOB;AF-L1;man;27;9903;;;kontakt_formedlad|lyft_till_lokus;;avslutad;2025-12-01;lotsad_ordinarie;\n"
    );
    let report = import_into(&app, "STL", &file).await;
    assert!(report.committed, "{:?}", report.failure());
    let raised: Vec<String> = app
        .scalar_in(
            "fjardlunda",
            "select array_agg(handlaggare.kod::text) from arende a \
             join handlaggare using (forbund_id, handlaggare_id) \
             where a.forbund_id = $1 and a.flaggad and a.lokus_fraga like 'Lyft till LOKUS%'",
        )
        .await;
    assert_eq!(
        raised,
        vec!["FK-L1".to_string()],
        "the recent open one is raised now"
    );
    let history: Vec<String> = app
        .scalar_in(
            "fjardlunda",
            "select array_agg(h.typ order by h.created_at, h.handelse_id) from arende_handelse h \
             join arende a using (forbund_id, arende_id) \
             join handlaggare x on x.forbund_id = a.forbund_id and x.handlaggare_id = a.handlaggare_id \
             where h.forbund_id = $1 and x.kod = 'AF-L1' and h.typ in ('flaggad', 'avflaggad')",
        )
        .await;
    assert_eq!(history, vec!["flaggad", "avflaggad"]);
    assert_eq!(
        crate::arenden::lyft::lyft_mismatches(&app, "fjardlunda").await,
        0
    );
}
