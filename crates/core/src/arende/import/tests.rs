//! Unit tests of reading and checking files.

use super::*;
use lotsen_domain::avsandare::resolve;
use time::macros::date;

const TODAY: Date = date!(2026 - 03 - 10);
const F: Uuid = Uuid::from_u128(1);
const L: Uuid = Uuid::from_u128(2);

fn refs() -> Refs {
    let org = |n: u128, part: Part, namn: &str, units: &[(u128, &str)]| {
        let mut o = Org::new(Uuid::from_u128(n), part, namn, true);
        for (id, u) in units {
            o.unit(Uuid::from_u128(*id), *u);
        }
        o
    };
    let mut r = Refs {
        orgs: vec![
            org(10, Part::Fk, "FK Västerlän", &[(11, "Sjukpenning")]),
            org(
                20,
                Part::Kommun,
                "Stenbäcks kommun",
                &[(21, "Försörjningsstöd"), (22, "Verkstan")],
            ),
            org(
                30,
                Part::Kommun,
                "Lövsjö kommun",
                &[(31, "Försörjningsstöd")],
            ),
        ],
        ..Refs::default()
    };
    for (kod, namn) in [("0380", "Uppsala"), ("9902", "Stenbäck")] {
        r.kommun_by_name.insert(key(namn), kod.into());
        r.kommun_by_code.insert(kod.into(), namn.into());
    }
    r
}

fn check(text: &str) -> Checked {
    check_file(text.as_bytes(), &refs(), TODAY, F, L)
}

fn messages(c: &Checked) -> Vec<String> {
    c.errors.iter().map(|e| e.to_string()).collect()
}

#[test]
fn separators_are_detected_from_the_header_outside_quotes() {
    assert_eq!(detect_separator("inkom;part;\"a,b\"\n1,2,3"), Some(b';'));
    assert_eq!(detect_separator("inkom,part\n1;2;3;4"), Some(b','));
    assert_eq!(detect_separator("inkom\n1;2"), None);
}

#[test]
fn headers_ignore_case_and_swedish_letters() {
    assert_eq!(Column::from_header("Ålder"), Some(Column::Alder));
    assert_eq!(Column::from_header(" KÖN "), Some(Column::Kon));
    assert_eq!(
        Column::from_header("Avslutad datum"),
        Some(Column::AvslutadDatum)
    );
    assert_eq!(Column::from_header("\u{feff}inkom"), Some(Column::Inkom));
    assert_eq!(Column::from_header("namn"), None);
    assert!(ignored_column("malgrupperna").contains("menade du malgrupper?"));
}

#[test]
fn a_good_file_with_codes_and_one_with_labels_read_the_same() {
    let codes = check(
        "inkom;part;enhet;handlaggare;kon;alder;bostadskommun;malgrupper;ersattning;atgarder;samverkansproblem;status;avslutad_datum;avslut;beskrivning\n\
         2026-01-05;fk;Sjukpenning;FK-1;kvinna;34;0380;psykisk_ohalsa|langtidssjukskriven;sjukpenning;kontakt_formedlad;racker_inte;avslutad;2026-02-01;lotsad_ordinarie;Behöver stöd\n",
    );
    assert!(codes.errors.is_empty(), "{:?}", messages(&codes));
    let labels = check(
        "Beskrivning,Avslut,Avslutad_datum,Status,Samverkansproblem,Åtgärder,Ersättning,Målgrupper,Bostadskommun,Ålder,Kön,Handläggare,Enhet,Part,Inkom\n\
         Behöver stöd,Lotsad till ordinarie verksamhet,2026-02-01,Avslutad,Struktur finns och tillämpas men räcker inte,Kontakt förmedlad eller föreslagen,Sjukpenning,Långtidssjukskriven|Psykisk ohälsa,Uppsala,34,K,FK-1,sjukpenning,Försäkringskassan,2026-01-05\n",
    );
    assert!(labels.errors.is_empty(), "{:?}", messages(&labels));
    let (a, b) = (&codes.rows[0], &labels.rows[0]);
    assert_eq!(a.hash, b.hash, "same content, same hash");
    assert_eq!(
        a.place,
        Avsandare::Unit {
            org: Uuid::from_u128(10),
            unit: Uuid::from_u128(11)
        }
    );
    assert_eq!(a.malgrupper.len(), 2);
    assert_eq!(a.status, Status::Avslutad);
}

#[test]
fn identical_rows_get_different_hashes_and_a_bom_is_ignored() {
    let c = check("\u{feff}inkom;part\n2026-01-05;fk\n2026-01-05;fk\n;\n");
    assert!(c.errors.is_empty(), "{:?}", messages(&c));
    assert_eq!(c.data_rows, 2, "the empty line is not a row");
    assert_ne!(c.rows[0].hash, c.rows[1].hash);
    assert_eq!(c.rows[0].kon, Kon::Okant);
    assert_eq!(c.rows[0].alder, None);
    assert_eq!(c.rows[0].status, Status::Pagaende);
    assert_eq!(c.rows[0].place, Avsandare::Org(Uuid::from_u128(10)));
}

#[test]
fn every_bad_cell_is_reported_with_line_and_column() {
    let c = check(
        "inkom;part;kon;alder;bostadskommun;malgrupper;status;avslut;beskrivning\n\
         2026-13-01;fk;;;;;;;\n\
         2026-01-02;polisen;x;121;Atlantis;foo|psykisk_ohalsa;;;\n\
         2026-04-01;af;;;;;avslutad;;Ring 850709-9805\n\
         2026-01-02;fk;;;;;pagaende;sip;\n",
    );
    let m = messages(&c);
    assert!(c.rows.is_empty());
    for expected in [
        "rad 2, kolumn inkom: \"2026-13-01\" är inget datum",
        "rad 3, kolumn part: Okänd part \"polisen\"",
        "rad 3, kolumn kon: Okänt kön \"x\"",
        "rad 3, kolumn alder: Åldern 121 är inte mellan 0 och 120 år.",
        "rad 3, kolumn bostadskommun: Okänd kommun \"Atlantis\"",
        "rad 3, kolumn malgrupper: Okänd målgrupp \"foo\"",
        "rad 4, kolumn inkom: Datumet 2026-04-01 ligger i framtiden.",
        "rad 4, kolumn avslut: Ett avslutat ärende behöver ett avslut",
        "rad 4, kolumn avslutad_datum: Ett avslutat ärende behöver datumet",
        "rad 4, kolumn beskrivning: Beskrivningen innehåller något som liknar ett personnummer",
        "rad 5, kolumn status: Raden har avslut",
    ] {
        assert!(
            m.iter().any(|x| x.starts_with(expected)),
            "{expected}\n{m:#?}"
        );
    }
}

#[test]
fn header_and_row_problems_are_reported_in_one_pass_and_unknown_columns_are_left_out() {
    let c = check(
        "inkom;namn;inkom;Anteckningar;malgrupp;kommentar\n2026-13-01;Anna;2026-01-01;x;psykisk_ohalsa;y\n",
    );
    let m = messages(&c);
    assert!(
        m.iter()
            .any(|x| x.starts_with("rad 1, kolumn inkom: Kolumnen finns två gånger")),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|x| x.starts_with("rad 1, kolumn part: Kolumnen saknas")),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|x| x.starts_with("rad 2, kolumn inkom: \"2026-13-01\" är inget datum")),
        "the rows are checked too: {m:?}"
    );
    assert!(
        !m.iter().any(|x| x.contains("kolumn part: Part saknas")),
        "a missing column is said once: {m:?}"
    );
    assert_eq!(m.len(), 3, "{m:?}");
    assert_eq!(c.ignored, vec!["namn", "Anteckningar", "kommentar"]);
    assert_eq!(
        Column::from_header("Målgrupp"),
        Some(Column::Malgrupper),
        "the singular is understood"
    );
    assert_eq!(
        ignored_column("handlagare"),
        "handlagare (okänd kolumn – menade du handlaggare?)"
    );
    assert_eq!(ignored_column("Kontaktperson"), "Kontaktperson");

    // A column without a header is left out too, and listed when something is in it.
    let c = check("inkom;part;\n2026-01-01;fk;anteckning\n");
    assert!(c.errors.is_empty(), "{:?}", messages(&c));
    assert_eq!(c.ignored, vec!["kolumn 3 (utan rubrik)"]);
    let m = messages(&check("inkom;part\n2026-01-01;fk;x\n"));
    assert!(m[0].contains("fler fält"), "{m:?}");
}

#[test]
fn a_file_without_rows_says_so_whatever_else_is_wrong() {
    let m = messages(&check("inkom;part\n\n;\n"));
    assert_eq!(
        m,
        vec![
            "rad 2: Filen har en rubrikrad men inga rader med ärenden under den. Det finns inget att importera."
        ]
    );
    let m = messages(&check("inkom;kon\n"));
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(m[0].starts_with("rad 1, kolumn part: Kolumnen saknas"));
    assert!(m[1].contains("inga rader med ärenden"));
    assert!(messages(&check(" \n"))[0].contains("Filen är tom"));
}

#[test]
fn windows_1252_from_excel_is_converted_and_utf8_is_read_as_it_is() {
    // "CSV (semikolonavgränsad)" from Excel: å, ä, ö as single bytes.
    let c = check_file(
        b"inkom;part;enhet;beskrivning\n2026-01-01;F\xf6rs\xe4kringskassan;Sjukpenning;M\xe5l: \xe5\xe4\xf6 \xc5\xc4\xd6\n",
        &refs(),
        TODAY,
        F,
        L,
    );
    assert!(c.errors.is_empty(), "{:?}", messages(&c));
    assert_eq!(c.encoding, FileEncoding::Windows1252);
    assert_eq!(c.rows[0].part, Part::Fk);
    assert_eq!(c.rows[0].beskrivning, "Mål: åäö ÅÄÖ");
    assert!(c.encoding.notice().unwrap().contains("Windows-1252"));

    let utf8 = check("inkom;part;beskrivning\n2026-01-01;Försäkringskassan;Mål: åäö ÅÄÖ\n");
    assert_eq!(utf8.encoding, FileEncoding::Utf8);
    assert_eq!(utf8.encoding.notice(), None);
    let bom = check("\u{feff}inkom;part;beskrivning\n2026-01-01;Försäkringskassan;Mål: åäö ÅÄÖ\n");
    assert_eq!(bom.encoding, FileEncoding::Utf8Bom);
    assert_eq!(
        (bom.rows[0].hash.clone(), bom.rows[0].beskrivning.as_str()),
        (utf8.rows[0].hash.clone(), "Mål: åäö ÅÄÖ")
    );

    // Two encodings in one file would read as "Ã¥": refused, with the line.
    let m = messages(&check_file(
        "inkom;part;beskrivning\n2026-01-01;fk;åäö\n2026-01-02;fk;"
            .as_bytes()
            .iter()
            .chain(b"\xe5\n")
            .copied()
            .collect::<Vec<u8>>()
            .as_slice(),
        &refs(),
        TODAY,
        F,
        L,
    ));
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].starts_with("rad 3: Filen blandar teckenkodningar"),
        "{m:?}"
    );
    // A workbook, or Unicode text, is no CSV file.
    let m = messages(&check_file(b"PK\x03\x04\x14\x00", &refs(), TODAY, F, L));
    assert!(m[0].contains("Excel-arbetsbok"), "{m:?}");
    let m = messages(&check_file(b"\xff\xfei\x00n\x00", &refs(), TODAY, F, L));
    assert!(m[0].contains("ingen textfil"), "{m:?}");
}

#[test]
fn units_are_found_created_or_refused_by_the_rule() {
    let r = refs();
    let kommun = |cell: &str| resolve(&r.orgs, Part::Kommun, cell);
    assert!(
        kommun("Försörjningsstöd")
            .unwrap_err()
            .contains("finns hos flera organisationer")
    );
    assert_eq!(
        kommun("Lövsjö kommun / försörjningsstöd").unwrap(),
        Avsandare::Unit {
            org: Uuid::from_u128(30),
            unit: Uuid::from_u128(31)
        }
    );
    assert_eq!(
        kommun("Verkstan").unwrap(),
        Avsandare::Unit {
            org: Uuid::from_u128(20),
            unit: Uuid::from_u128(22)
        }
    );
    assert_eq!(
        kommun("Stenbäcks kommun").unwrap(),
        Avsandare::Org(Uuid::from_u128(20))
    );
    assert_eq!(
        kommun("Stenbäcks kommun – Ny enhet").unwrap(),
        Avsandare::NewUnit {
            org: Uuid::from_u128(20),
            name: "Ny enhet".into()
        }
    );
    assert!(
        kommun("Okänd")
            .unwrap_err()
            .contains("flera organisationer")
    );
    assert_eq!(kommun("").unwrap(), Avsandare::PartOnly);
    assert_eq!(
        resolve(&r.orgs, Part::Fk, "Aktivitetsersättning").unwrap(),
        Avsandare::NewUnit {
            org: Uuid::from_u128(10),
            name: "Aktivitetsersättning".into()
        }
    );
    assert!(
        resolve(&r.orgs, Part::Af, "JOB")
            .unwrap_err()
            .contains("ingen organisation för part Arbetsförmedlingen")
    );
    assert_eq!(resolve(&r.orgs, Part::Af, "").unwrap(), Avsandare::PartOnly);
}

#[test]
fn kommuner_by_code_or_name() {
    let r = refs();
    assert_eq!(find_kommun(&r, "0380").as_deref(), Some("0380"));
    assert_eq!(find_kommun(&r, "uppsala").as_deref(), Some("0380"));
    assert_eq!(find_kommun(&r, "Uppsala kommun").as_deref(), Some("0380"));
    assert_eq!(find_kommun(&r, "Stenbäcks kommun").as_deref(), Some("9902"));
    assert_eq!(find_kommun(&r, "0000"), None);
}
