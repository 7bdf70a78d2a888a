//! CSV export and import: the format, the round trip, Windows-1252, every error with line and
//! column and nothing written, re-import updating by `kod`.

use super::*;

async fn import(b: &mut TestApp, file: &[u8]) -> crate::support::Resp {
    b.post_multipart(
        "/katalog/hantera/import",
        &[],
        Some(("fil", "katalog.csv", file)),
    )
    .await
}

#[tokio::test]
async fn the_export_reads_back_in_and_changes_nothing() {
    let app = TestApp::demo().await;
    let mut b = as_user(&app, "forbund@demo.lotsen.example").await;
    let r = b.get("/katalog/hantera/export.csv").await;
    r.assert_ok();
    let bytes = r.body.as_bytes().to_vec();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFkod;namn;beskrivning;anordnare;kommuner;malgrupper;"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let n = count(&app, "fjardlunda").await;
    assert_eq!(
        text.lines().count() as i64,
        n + 1,
        "a header and a line per entry"
    );
    assert!(text.contains("\r\nLOV-KAA;Kommunala aktivitetsansvaret (KAA);"));
    assert!(text.contains(";Lövsjö kommun / KAA;Lövsjö;unga_uvas;16;19;"));
    let before: String = app
        .scalar_in(
            "fjardlunda",
            "select string_agg(kod || namn || kontakt_epost || publik::text || status, ',' order by kod) from katalog where forbund_id = $1",
        )
        .await;
    import(&mut b, &bytes).await.assert_redirect_to(&format!(
        "/katalog/hantera?klart=importerad&nya=0&andrade={n}"
    ));
    let after: String = app
        .scalar_in(
            "fjardlunda",
            "select string_agg(kod || namn || kontakt_epost || publik::text || status, ',' order by kod) from katalog where forbund_id = $1",
        )
        .await;
    assert_eq!(before, after);
    assert_eq!(count(&app, "fjardlunda").await, n, "no duplicates");
    let actions = app.audit_actions("fjardlunda").await;
    assert!(actions.contains(&"katalog.export".to_string()));
    assert!(actions.contains(&"katalog.import".to_string()));
}

#[tokio::test]
async fn a_windows_1252_file_with_commas_is_converted_and_reimport_updates_by_code() {
    let app = TestApp::demo().await;
    let mut b = as_user(&app, "koordinator@demo.lotsen.example").await;
    let n = count(&app, "fjardlunda").await;
    let text = "Kod,Namn,Anordnare,Kommuner,Målgrupper,kontakt_epost\r\n\
                ny-ett,Öppen verkstad Lövsjö,Lövsjö kommun,Lövsjö,Psykisk ohälsa,verkstad@lovsjo.example\r\n\
                unga-lots,Unga-lotsen (ny),förbundet,,unga_uvas,unga@fjardlunda-finsam.example\r\n";
    let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!bad);
    import(&mut b, &bytes)
        .await
        .assert_redirect_to("/katalog/hantera?klart=importerad&nya=1&andrade=1");
    assert_eq!(count(&app, "fjardlunda").await, n + 1);
    let namn: String = app
        .scalar_in(
            "fjardlunda",
            "select namn::text from katalog where forbund_id = $1 and kod = 'NY-ETT'",
        )
        .await;
    assert_eq!(namn, "Öppen verkstad Lövsjö");
    let namn: String = app
        .scalar_in(
            "fjardlunda",
            "select namn::text from katalog where forbund_id = $1 and kod = 'UNGA-LOTS'",
        )
        .await;
    assert_eq!(namn, "Unga-lotsen (ny)");
    let page = b
        .get("/katalog/hantera?klart=importerad&nya=1&andrade=1")
        .await;
    assert!(page.body.contains("Importen är klar: 1 ny, 1 ändrade."));
}

#[tokio::test]
async fn a_file_with_errors_imports_nothing_and_lists_every_problem() {
    let app = TestApp::demo().await;
    let mut b = as_user(&app, "forbund@demo.lotsen.example").await;
    let before: String = app
        .scalar_in(
            "fjardlunda",
            "select string_agg(kod || namn, ',' order by kod) from katalog where forbund_id = $1",
        )
        .await;
    let file = "kod;namn;anordnare;kommuner;alder_min;kontakt_epost;extra\n\
                OK-1;En bra rad;förbundet;;;ok@fjardlunda.example;x\n\
                ;Utan kod;förbundet;;;ok@fjardlunda.example;\n\
                OK-2;Okänd kommun;förbundet;Atlantis;;ok@fjardlunda.example;\n\
                OK-3;Okänd anordnare;Hemliga byrån;;;ok@fjardlunda.example;\n\
                OK-4;Fel ålder;förbundet;;tolv;ok@fjardlunda.example;\n\
                OK-5;Person;förbundet;;;lisa.berg@fjardlunda.example;\n\
                OK-1;Dubblett;förbundet;;;ok@fjardlunda.example;\n";
    let r = import(&mut b, file.as_bytes()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (line, column, text) in [
        ("3", "kod", "Fyll i en kod"),
        ("4", "kommuner", "Okänd kommun: Atlantis"),
        (
            "5",
            "anordnare",
            "Organisationen finns inte i förbundet: Hemliga byrån",
        ),
        ("6", "alder_min", "hela år"),
        ("7", "kontakt_epost", "ser ut att gå till en person"),
        ("8", "kod", "Koden finns på en tidigare rad"),
    ] {
        let row = format!("<tr><td>{line}</td><td><code>{column}</code></td><td>");
        let at = r
            .body
            .find(&row)
            .unwrap_or_else(|| panic!("line {line} {column}: {}", r.body));
        assert!(r.body[at..].contains(text), "{line} {column} {text}");
    }
    assert!(
        r.body
            .contains("Filen har 6 fel. Ingenting har importerats.")
    );
    assert!(r.body.contains("Kolumner som inte läses in: extra."));
    let after: String = app
        .scalar_in(
            "fjardlunda",
            "select string_agg(kod || namn, ',' order by kod) from katalog where forbund_id = $1",
        )
        .await;
    assert_eq!(before, after, "nothing written");
    // A missing required column, an empty file and no file at all.
    let r = import(&mut b, b"namn;anordnare\nX;forbundet\n").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("<tr><td>1</td><td><code>kod</code></td><td>Kolumnen saknas.")
    );
    let r = import(&mut b, b"kod;namn\n").await;
    assert!(r.body.contains("Filen har ingen rad med insatser"));
    let r = b.post_multipart("/katalog/hantera/import", &[], None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Välj en CSV-fil att importera."));
    assert!(
        !app.audit_actions("fjardlunda")
            .await
            .contains(&"katalog.import".to_string())
    );
}
