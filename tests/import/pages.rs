//! The upload page: preview then import, who may import, and the pages' accessibility.

use super::*;

/// Uploads a file as the logged-in person.
async fn upload(app: &mut TestApp, lokus: &str, file: &str) -> Resp {
    app.post_multipart(
        "/arenden/import",
        &[("lokus", lokus)],
        Some(("fil", "logg.csv", file.as_bytes())),
    )
    .await
}

async fn staged_files(app: &TestApp) -> i64 {
    app.scalar_in(
        "fjardlunda",
        "select count(*) from import_fil where forbund_id = $1",
    )
    .await
}

#[tokio::test]
async fn the_upload_page_previews_then_imports() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let list = app.get("/arenden").await;
    assert!(
        list.body.contains("href=\"/arenden/import\""),
        "linked from the list"
    );
    let page = app.get("/arenden/import").await;
    page.assert_ok();
    let text = page.text();
    assert!(text.contains("Importera ärenden"));
    assert!(text.contains("Inga namn eller personnummer"));
    assert!(text.contains("avslutad_datum"), "the column table");
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    assert!(page.body.contains("action=\"/arenden/import\""));
    assert!(
        page.body.contains("name=\"_csrf\""),
        "the token in a hidden field, not in the address"
    );

    // Nothing chosen: the form again with its errors.
    let r = app
        .post_multipart("/arenden/import", &[("lokus", "")], None)
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Välj vilken LOKUS-grupp"));
    assert!(r.text().contains("Välj en CSV-fil"));
    assert!(r.body.contains("href=\"#f-fil\""));

    // A file with errors: every bad line in a table, nothing kept.
    let stl = lokus_id(&app, "fjardlunda", "STL").await.to_string();
    let bad = format!("{HEADER}\n2026-01-10;fk;;;;;;;;;;;;;\n2099-01-01;xx;;;;;;;;;;;;;\n");
    let r = upload(&mut app, &stl, &bad).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(
        text.contains("Filen har 2 fel och kan inte importeras"),
        "{text}"
    );
    assert!(
        text.contains("3 inkom Datumet 2099-01-01 ligger i framtiden."),
        "{text}"
    );
    assert!(text.contains("3 part Okänd part"), "{text}");
    assert_eq!(staged_files(&app).await, 0);

    // A valid file: kept, previewed, imported.
    let r = upload(&mut app, &stl, &codes_file()).await;
    r.assert_status(StatusCode::SEE_OTHER);
    let preview_path = r.location().to_string();
    assert!(preview_path.starts_with("/arenden/import/"));
    assert_eq!(staged_files(&app).await, 1);
    let before = count(&app, "true").await;
    let preview = app.get(&preview_path).await;
    preview.assert_ok();
    let text = preview.text();
    assert!(text.contains("Nya ärenden 4"), "{text}");
    assert!(text.contains("Redan importerade 0"), "{text}");
    assert!(
        text.contains("Stenbäcks kommun, socialförvaltningen – Försörjningsstöd"),
        "{text}"
    );
    assert!(text.contains("Behöver stöd mellan FK och vården"), "{text}");
    assert!(text.contains("Importera 4 ärenden"), "{text}");
    assert_eq!(
        count(&app, "true").await,
        before,
        "a preview writes nothing"
    );
    let r = app.post(&preview_path, &[]).await;
    r.assert_status(StatusCode::SEE_OTHER);
    let import_id: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select import_id from arende_import where forbund_id = $1",
        )
        .await;
    assert_eq!(
        r.location(),
        format!("/arenden/import?klart=importerad&nya=4&fanns=0&import={import_id}")
    );
    assert_eq!(count(&app, "true").await, before + 4);
    assert_eq!(
        staged_files(&app).await,
        0,
        "the file is gone once imported"
    );
    let done = app.get(r.location()).await;
    assert!(
        done.text()
            .contains("4 ärenden importerade, 0 fanns redan.")
    );
    assert!(
        done.body.contains(&format!(
            "href=\"/arenden?import={import_id}&#38;status=alla&#38;sort=nummer\""
        )),
        "Visa ärendena: {}",
        done.body
    );
    // A second click finds nothing to import and says so.
    app.post(&preview_path, &[])
        .await
        .assert_redirect_to("/arenden/import?klart=saknas");
    assert_eq!(count(&app, "true").await, before + 4);

    // The same file again: everything is already there.
    let r = upload(&mut app, &stl, &codes_file()).await;
    let again = app.get(r.location()).await;
    assert!(again.text().contains("Redan importerade 4"));
    assert!(
        again
            .text()
            .contains("Alla rader i filen är redan importerade")
    );
    assert!(!again.text().contains("Importera 0"));
    let id = r.location().rsplit('/').next().unwrap().to_string();
    app.post(&format!("/arenden/import/{id}/avbryt"), &[])
        .await
        .assert_redirect_to("/arenden/import?klart=avbruten");
    assert_eq!(staged_files(&app).await, 0);
    app.get(&format!("/arenden/import/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_coordinators_of_the_chosen_group_import() {
    let mut app = TestApp::demo().await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await.to_string();
    let nrv = lokus_id(&app, "fjardlunda", "NRV").await.to_string();
    for login in [
        "forbund@demo.lotsen.example",
        "fk@demo.lotsen.example",
        "ordforande@demo.lotsen.example",
    ] {
        let mut other = app.other_browser();
        other.login(login).await;
        other
            .get("/arenden/import")
            .await
            .assert_status(StatusCode::NOT_FOUND);
        upload(&mut other, &stl, &codes_file())
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    // The coordinator of FJL and STL, not of NRV.
    app.login("koordinator@demo.lotsen.example").await;
    upload(&mut app, &nrv, &codes_file())
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Another förbund's coordinator cannot use a Fjärdlunda group, nor see its files.
    let staged = upload(&mut app, &stl, &codes_file()).await;
    staged.assert_status(StatusCode::SEE_OTHER);
    let mut kustbygd = app.other_browser();
    kustbygd.login("kustbygd@demo.lotsen.example").await;
    kustbygd.get("/arenden/import").await.assert_ok();
    upload(&mut kustbygd, &stl, &codes_file())
        .await
        .assert_status(StatusCode::NOT_FOUND);
    kustbygd
        .get(staged.location())
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert_eq!(count(&app, "import_hash is not null").await, 0);
    // An upload with a wrong CSRF token is refused, and so is a token in the address.
    let r = app
        .post_multipart(
            "/arenden/import",
            &[("_csrf", "fel"), ("lokus", &stl)],
            Some(("fil", "logg.csv", codes_file().as_bytes())),
        )
        .await;
    r.assert_status(StatusCode::FORBIDDEN);
    let token = app.csrf_token().await;
    let r = app
        .post_multipart(
            &format!("/arenden/import?_csrf={token}"),
            &[("_csrf", ""), ("lokus", &stl)],
            Some(("fil", "logg.csv", codes_file().as_bytes())),
        )
        .await;
    r.assert_status(StatusCode::FORBIDDEN);
    // The core refuses too.
    let mut ctx = coordinator(&app).await;
    ctx.actor.grants.clear();
    let refused = import::import(
        &app.t.db,
        &ctx,
        lokus_id(&app, "fjardlunda", "STL").await,
        codes_file().as_bytes(),
    )
    .await;
    assert!(matches!(refused, Err(lotsen_core::CoreError::NotFound)));
}

/// Runs axe-core (WCAG 2.x A and AA) in headless Chromium on a page's HTML, with the real
/// stylesheet; returns the violations as JSON (`[]` when none).
fn axe_violations(
    chromium: &std::path::Path,
    dir: &std::path::Path,
    name: &str,
    html: &str,
) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);
    let runner = format!(
        "<script src=\"file://{axe}\"></script><script>\
         axe.run(document, {{runOnly: {{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}, resultTypes: ['violations']}})\
         .then(r => {{ const p = document.createElement('pre'); p.id = 'axe-result'; \
         p.textContent = JSON.stringify(r.violations.map(v => [v.id, v.nodes.map(n => n.target.join(' '))])); \
         document.documentElement.appendChild(p); }})\
         .catch(e => {{ const p = document.createElement('pre'); p.id = 'axe-result'; p.textContent = 'axe failed: ' + e; \
         document.documentElement.appendChild(p); }});</script></body>",
        axe = root.join("node_modules/axe-core/axe.min.js").display()
    );
    let page = html
        .replace(
            "href=\"/static/lotsen.css\"",
            &format!(
                "href=\"file://{}\"",
                root.join("static/lotsen.css").display()
            ),
        )
        .replace("</body>", &runner);
    let file = dir.join(format!("{name}.html"));
    std::fs::write(&file, page).unwrap();
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--allow-file-access-from-files",
            "--window-size=1280,1000",
            "--virtual-time-budget=20000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    dom.split_once("<pre id=\"axe-result\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(result, _)| {
            result
                .replace("&gt;", ">")
                .replace("&lt;", "<")
                .replace("&amp;", "&")
        })
        .unwrap_or_else(|| format!("no axe result for {name}"))
}

/// The crawler of `e2e::accessibility` reaches the upload form from the list, but not the pages
/// behind it (it submits only forms with text fields): the form with errors, the preview, the
/// preview of an already imported file, of a converted one and of one without rows, the
/// confirmation and the list of an import are checked here.
#[tokio::test]
async fn the_import_pages_have_no_axe_violations() {
    let chromium = std::env::var_os("LOTSEN_E2E_CHROMIUM")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/usr/bin/chromium".into());
    let axe = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../node_modules/axe-core/axe.min.js");
    if !chromium.is_file() || !axe.is_file() {
        let message = "the import pages' axe test needs Chromium and `npm ci` (axe-core)";
        assert!(
            std::env::var("CI").map(|v| v != "true").unwrap_or(true),
            "{message}"
        );
        eprintln!("NOTICE: skipping: {message}");
        return;
    }
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await.to_string();
    let mut pages: Vec<(&str, Resp)> = vec![("form", app.get("/arenden/import").await)];
    pages.push((
        "empty",
        app.post_multipart("/arenden/import", &[("lokus", "")], None)
            .await,
    ));
    let bad = format!(
        "{HEADER}\n2099-01-01;xx;;;x;130;;;;;;avslutad;;;Ring 850709-9805\n2026-01-15;kommun;Försörjningsstöd;;;;;;;;;;;;\n"
    );
    pages.push(("errors", upload(&mut app, &stl, &bad).await));
    let staged = upload(&mut app, &stl, &codes_file()).await;
    pages.push(("preview", app.get(staged.location()).await));
    let done = app.post(staged.location(), &[]).await;
    pages.push(("done", app.get(done.location()).await));
    let list = done
        .location()
        .split_once("&import=")
        .map(|(_, id)| format!("/arenden?import={id}&status=alla&sort=nummer"))
        .unwrap();
    pages.push(("import-list", app.get(&list).await));
    let again = upload(&mut app, &stl, &codes_file()).await;
    pages.push(("all-imported", app.get(again.location()).await));
    // Windows-1252 with a column left out, and a file without rows.
    let excel = super::windows_1252(&format!(
        "{HEADER};Anteckningar\n2026-02-11;Kommun;Försörjningsstöd;;;;;;;;;;;;Önskar stöd;Åter\n"
    ));
    let converted = app
        .post_multipart(
            "/arenden/import",
            &[("lokus", &stl)],
            Some(("fil", "logg.csv", &excel)),
        )
        .await;
    pages.push(("converted", app.get(converted.location()).await));
    pages.push(("no-rows", upload(&mut app, &stl, "inkom;kon;namn\n").await));
    let dir = std::env::temp_dir().join(format!("lotsen-import-axe-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for (name, page) in &pages {
        assert!(page.body.contains("<main"), "{name}: {}", page.status);
        // Blocking is fine here: the test's runtime has nothing else to do meanwhile.
        let result = axe_violations(&chromium, &dir, name, &page.body);
        if result != "[]" {
            failures.push(format!("{name}: {result}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{failures:#?}");
}
