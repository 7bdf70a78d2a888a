//! What a file may hold: every column's bad value reported by line and column in one pass,
//! identity columns and personnummer-shaped values refused, ålder and födelseår not both.

use super::*;
use axum::http::StatusCode;

const HEADER: &str = "inskriven;utskriven;kon;alder;bostadskommun;kalla;ko_datum;arbetstraning_fran;forsorjning_fore;sysselsattning_fore;forsorjning_efter;sysselsattning_efter;avslutsanledning";

#[tokio::test]
async fn deltagare_import_reports_every_bad_value_with_line_and_column() {
    let mut app = TestApp::demo().await;
    insats(&app).await;
    app.login(COACH).await;
    let lines = [
        "2025-13-01;;;;;;;;;;;;",
        "2025-03-01;2025-02-01;;;;;;;;;;;arbete",
        "2025-03-01;;x;;;;;;;;;;",
        "2025-03-01;;;200;;;;;;;;;",
        "2025-03-01;;;;Atlantis;;;;;;;;",
        "2025-03-01;;;;0180;;;;;;;;",
        "2025-03-01;;;;;annan;;;;;;;",
        "2025-03-01;;;;;;2025-03-05;;;;;;",
        "2025-03-01;;;;;;;2025-02-01;;;;;",
        "2025-03-01;;;;;;;;sjukpenning:150;;;;",
        "2025-03-01;;;;;;;;;flygare;;;",
        "2025-03-01;;;;;;;;;;lon;;",
        "2025-03-01;2025-04-01;;;;;;;;;;studier:abc;arbete",
        "2025-03-01;2025-04-01;;;;;;;;;;;",
        "2025-03-01;;;;;;;;;;;;arbete",
        "2099-01-01;;;;;;;;;;;;",
        "2025-03-01;2025-04-01;;;;;;;;;;;semester",
        ";2025-04-01;;;;;;;;;;;arbete",
        "2025-03-01;;;;;;;;sjukpenning|sjukpenning:50;;;;",
        "2025-03-01;2025-04-01;;;;;;2025-05-01;;;;;arbete",
        "2025-03-01;;;abc;;;;;;;;;",
    ];
    let file = format!("{HEADER}\n{}\n", lines.join("\n"));
    let r = upload(&mut app, KOD, file.as_bytes()).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(
        text.contains("Filen har 21 fel och kan inte importeras"),
        "{text}"
    );
    for expected in [
        "2 inskriven &#34;2025-13-01&#34; är inget datum. Skriv ÅÅÅÅ-MM-DD",
        "3 utskriven Utskrivningen 2025-02-01 kan inte vara före inskrivningen 2025-03-01.",
        "4 kon Okänt kön &#34;x&#34;",
        "5 alder Åldern 200 är inte mellan 0 och 120 år.",
        "6 bostadskommun Okänd kommun &#34;Atlantis&#34;",
        "7 bostadskommun Kommunen 0180 hör inte till insatsens kommuner (Stenbäck, Lövsjö).",
        "8 kalla Okänd källa &#34;annan&#34;. Giltiga koder: via_koordinator, overford, direkt.",
        "9 ko_datum Ködatumet 2025-03-05 kan inte vara efter inskrivningen 2025-03-01.",
        "10 arbetstraning_fran Arbetsträningen 2025-02-01 kan inte börja före inskrivningen 2025-03-01.",
        "11 forsorjning_fore Omfattningen &#34;150&#34; för sjukpenning är inget heltal 0–100",
        "12 sysselsattning_fore Okänd sysselsättning &#34;flygare&#34;",
        "13 forsorjning_efter Mätningen efter görs vid utskrivningen",
        "14 sysselsattning_efter Omfattningen &#34;abc&#34; för studier",
        "15 avslutsanledning En utskriven deltagare behöver en avslutsanledning.",
        "16 avslutsanledning Avslutsanledning hör till en utskriven deltagare",
        "17 inskriven Datumet 2099-01-01 ligger i framtiden.",
        "18 avslutsanledning Okänd avslutsanledning &#34;semester&#34;",
        "19 inskriven Inskrivningsdatum saknas",
        "20 forsorjning_fore sjukpenning står mer än en gång.",
        "21 arbetstraning_fran Arbetsträningen 2025-05-01 kan inte börja efter utskrivningen 2025-04-01.",
        "22 alder &#34;abc&#34; är ingen ålder",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    assert_eq!(count(&app, "deltagare", "true").await, 0);
}

#[tokio::test]
async fn deltagare_import_refuses_identity_columns_and_personnummer_anywhere() {
    let mut app = TestApp::demo().await;
    insats(&app).await;
    app.login(COACH).await;
    let r = upload(
        &mut app,
        KOD,
        "inskriven;Förnamn;Personnr;kon\n2025-03-01;Anna;;K\n".as_bytes(),
    )
    .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    for column in ["Förnamn", "Personnr"] {
        assert!(
            text.contains(&format!(
                "1 {column} Kolumnen ser ut att innehålla namn eller personnummer."
            )),
            "{text}"
        );
    }
    assert!(
        !text.contains("Kolumner som inte läses in"),
        "refused, not left out: {text}"
    );

    let r = upload(
        &mut app,
        KOD,
        "inskriven;kon;anteckning\n2025-03-01;K;ring 19850709-9805\n850709-9805;K;\n".as_bytes(),
    )
    .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(text.contains("Filen har 2 fel"), "{text}");
    assert!(
        text.contains("2 anteckning Cellen innehåller något som liknar ett personnummer."),
        "{text}"
    );
    assert!(
        text.contains("3 inskriven Cellen innehåller något som liknar ett personnummer."),
        "{text}"
    );
    assert!(!text.contains("9805"), "the number is not echoed: {text}");

    let r = upload(
        &mut app,
        KOD,
        "inskriven;alder;fodelsear\n2025-03-01;;1850\n".as_bytes(),
    )
    .await;
    let text = r.text();
    assert!(
        text.contains("1 fodelsear Filen har både alder och fodelsear."),
        "{text}"
    );
    assert!(
        text.contains("2 fodelsear &#34;1850&#34; är inget födelseår"),
        "{text}"
    );

    // No header at all, an empty file and a workbook: one message each.
    let r = upload(&mut app, KOD, b"kon;alder\n").await;
    let text = r.text();
    assert!(text.contains("1 inskriven Kolumnen saknas."), "{text}");
    assert!(text.contains("inga rader med deltagare"), "{text}");
    let r = upload(&mut app, KOD, b"PK\x03\x04rest").await;
    assert!(r.text().contains("Excel-arbetsbok"), "{}", r.text());
    assert_eq!(count(&app, "deltagare", "true").await, 0);
    assert_eq!(count(&app, "import_fil", "true").await, 0);
}
