//! Files as Excel writes them: Windows-1252 ("CSV (semikolonavgränsad)") converted, a BOM,
//! extra columns left out and listed, header and row errors in one pass, a file without rows.

use super::*;

/// An Excel log with Swedish headers and labels, å/ä/ö and a column of the coordinator's own.
const EXCEL_LOG: &str = "Inkom;Part;Enhet;Kön;Ålder;Bostadskommun;Målgrupper;Åtgärder;Status;Avslutad datum;Avslut;Beskrivning;Anteckningar\r\n\
2026-01-12;Försäkringskassan;Sjukpenning;K;34;Stenbäck;Psykisk ohälsa;Kontakt förmedlad eller föreslagen;Pågående;;;Behöver stöd från vården – väntar på åtgärd;Ring tillbaka måndag\r\n\
2026-01-15;Kommun;Försörjningsstöd;M;;Lövsjö;;;Avslutad;2026-02-20;Lotsad till ordinarie verksamhet;Önskar arbetsträning i Åsen;\r\n";

async fn upload(app: &mut TestApp, lokus: &str, file: &[u8]) -> Resp {
    app.post_multipart(
        "/arenden/import",
        &[("lokus", lokus)],
        Some(("fil", "logg.csv", file)),
    )
    .await
}

#[tokio::test]
async fn a_windows_1252_file_from_excel_with_an_extra_column_is_converted_and_imported() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await.to_string();
    let file = windows_1252(EXCEL_LOG);
    assert!(std::str::from_utf8(&file).is_err(), "not UTF-8");

    // The preview says the file was converted and which column is left out.
    let staged = upload(&mut app, &stl, &file).await;
    staged.assert_status(StatusCode::SEE_OTHER);
    let preview = app.get(staged.location()).await;
    preview.assert_ok();
    let text = preview.text();
    assert!(
        text.contains("Filen var sparad som Windows-1252 (Excel) och har konverterats."),
        "{text}"
    );
    assert!(
        text.contains("Kolumner som inte läses in Anteckningar"),
        "{text}"
    );
    assert!(text.contains("Nya ärenden 2"), "{text}");
    assert!(
        text.contains("Behöver stöd från vården – väntar på åtgärd"),
        "{text}"
    );
    assert!(
        text.contains("Stenbäcks kommun, socialförvaltningen – Försörjningsstöd"),
        "the plain unit name within STL's area: {text}"
    );
    assert!(!text.contains("Ring tillbaka"), "{text}");

    // Imported with å, ä, ö intact; the extra column is nowhere.
    app.post(staged.location(), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(count(&app, "import_hash is not null").await, 2);
    assert_eq!(
        count(
            &app,
            "import_hash is not null and beskrivning = 'Behöver stöd från vården – väntar på åtgärd' \
             and kon = 'kvinna' and bostadskommun = '9902'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            "import_hash is not null and beskrivning = 'Önskar arbetsträning i Åsen' and status = 'avslutad' \
             and avslut = 'lotsad_ordinarie' and bostadskommun = '9903'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            "import_hash is not null and beskrivning like '%Ring%'"
        )
        .await,
        0
    );

    // The same log saved as "CSV UTF-8" (with a BOM) is the same rows: nothing new.
    let again = import_bytes(&app, "STL", format!("\u{feff}{EXCEL_LOG}").as_bytes()).await;
    assert!(again.errors.is_empty(), "{:?}", again.errors);
    assert_eq!(again.encoding, import::FileEncoding::Utf8Bom);
    assert_eq!(again.encoding.notice(), None);
    assert_eq!((again.new_rows, again.already), (0, 2));
    assert_eq!(again.ignored_columns, vec!["Anteckningar"]);
}

#[tokio::test]
async fn header_and_row_errors_are_reported_together_and_unknown_columns_only_listed() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await.to_string();
    // No part column, a misspelt column and one of the coordinator's own, a bad date and a bad
    // age: all of it at once.
    let file = "inkom;handlagare;Namn;alder\n2026-13-01;H1;Anna;34\n2026-01-02;H2;Bo;300\n";
    let r = upload(&mut app, &stl, file.as_bytes()).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(
        text.contains("Filen har 3 fel och kan inte importeras"),
        "{text}"
    );
    assert!(text.contains("3 fel i filens 2 rader"), "{text}");
    assert!(
        text.contains("1 part Kolumnen saknas. Den är obligatorisk."),
        "{text}"
    );
    assert!(
        text.contains("2 inkom &#34;2026-13-01&#34; är inget datum"),
        "{text}"
    );
    assert!(
        text.contains("3 alder Åldern 300 är inte mellan 0 och 120 år."),
        "{text}"
    );
    assert!(
        text.contains(
            "Kolumner som inte läses in: handlagare (okänd kolumn – menade du handlaggare?); Namn."
        ),
        "{text}"
    );
    assert!(
        !text.contains("Part saknas"),
        "said once, on the header: {text}"
    );
    assert_eq!(count(&app, "import_hash is not null").await, 0);
}

#[tokio::test]
async fn a_file_without_rows_gets_its_own_message() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let stl = lokus_id(&app, "fjardlunda", "STL").await.to_string();
    let r = upload(&mut app, &stl, format!("{HEADER}\r\n;;;\r\n").as_bytes()).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(
        text.contains(
            "Filen har en rubrikrad men inga rader med ärenden under den. Det finns inget att importera. Ingenting har importerats."
        ),
        "the summary: {text}"
    );
    assert!(
        text.contains("Filen har 1 fel och inga rader med ärenden."),
        "{text}"
    );
    assert!(!text.contains("0 rader"), "{text}");

    // Only a header, and without a part column: both said, still no "0 rader".
    let r = upload(&mut app, &stl, b"inkom;kon\n").await;
    let text = r.text();
    assert!(
        text.contains("Filen har 2 fel och inga rader med ärenden. Ingenting har importerats."),
        "{text}"
    );
    assert!(text.contains("1 part Kolumnen saknas"), "{text}");
    assert!(!text.contains("0 rader"), "{text}");

    // Blank lines only, and an Excel workbook instead of a CSV file.
    let r = upload(&mut app, &stl, b" \r\n\r\n").await;
    assert!(r.text().contains("Filen är tom."), "{}", r.text());
    let r = upload(&mut app, &stl, b"PK\x03\x04\x14\x00\x06\x00").await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("Filen är en Excel-arbetsbok (.xlsx)"),
        "{}",
        r.text()
    );
}

#[tokio::test]
async fn the_command_line_converts_windows_1252_too_and_says_so() {
    let app = TestApp::demo().await;
    let dir = std::env::temp_dir().join(format!("lotsen-import-1252-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("logg.csv");
    std::fs::write(&path, windows_1252(EXCEL_LOG)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lotsen"))
        .args([
            "import",
            "arenden",
            "--forbund",
            "fjardlunda",
            "--lokus",
            "STL",
        ])
        .arg(&path)
        .env("DATABASE_URL", app.database_url())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Filen var sparad som Windows-1252 (Excel) och har konverterats."),
        "{stderr}"
    );
    assert!(
        stderr.contains("Kolumner som inte läses in: Anteckningar."),
        "{stderr}"
    );
    assert!(
        stdout.contains("2 ärenden importerade, 0 fanns redan."),
        "{stdout}"
    );
    let import_id: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select import_id from arende_import where forbund_id = $1 and skapad_av is null",
        )
        .await;
    assert!(
        stdout.contains(&format!("/arenden?import={import_id}&status=alla")),
        "{stdout}"
    );
    assert_eq!(
        count(
            &app,
            "import_hash is not null and beskrivning = 'Önskar arbetsträning i Åsen'"
        )
        .await,
        1
    );
}
