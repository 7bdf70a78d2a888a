//! Unit tests of reading and checking files.

use super::*;
use time::macros::date;

const TODAY: Date = date!(2026 - 03 - 10);
const F: Uuid = Uuid::from_u128(1);
const L: Uuid = Uuid::from_u128(2);

fn refs() -> Refs {
    let org = |n: u128, part: Part, namn: &str, units: &[(u128, &str)]| Org {
        id: Uuid::from_u128(n),
        part,
        namn: namn.into(),
        key: key(namn),
        units: units
            .iter()
            .map(|(id, u)| Unit {
                id: Uuid::from_u128(*id),
                namn: (*u).into(),
                key: key(u),
            })
            .collect(),
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
    assert!(unknown_column("malgrupp").contains("Menade du malgrupper?"));
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
        Place::Unit {
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
    assert_eq!(c.rows[0].place, Place::Org(Uuid::from_u128(10)));
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
fn header_problems_stop_the_reading() {
    let m = messages(&check("inkom;namn;inkom\n2026-01-01;Anna;2026-01-01\n"));
    assert!(
        m.iter()
            .any(|x| x.starts_with("rad 1, kolumn namn: Okänd kolumn"))
    );
    assert!(
        m.iter()
            .any(|x| x.starts_with("rad 1, kolumn inkom: Kolumnen finns två gånger"))
    );
    assert!(
        m.iter()
            .any(|x| x.starts_with("rad 1, kolumn part: Kolumnen saknas"))
    );
    let m = messages(&check_file(
        b"inkom;part\n2026-01-01;\xE5\n",
        &refs(),
        TODAY,
        F,
        L,
    ));
    assert!(
        m[0].starts_with("rad 2: Filen är inte sparad som UTF-8"),
        "{m:?}"
    );
    let m = messages(&check("inkom;part\n2026-01-01;fk;x\n"));
    assert!(m[0].contains("fler fält"), "{m:?}");
}

#[test]
fn units_are_found_created_or_refused_by_the_rule() {
    let r = refs();
    let kommun = |cell: &str| resolve_place(&r, Part::Kommun, cell);
    assert!(
        kommun("Försörjningsstöd")
            .unwrap_err()
            .contains("finns hos flera organisationer")
    );
    assert_eq!(
        kommun("Lövsjö kommun / försörjningsstöd").unwrap(),
        Place::Unit {
            org: Uuid::from_u128(30),
            unit: Uuid::from_u128(31)
        }
    );
    assert_eq!(
        kommun("Verkstan").unwrap(),
        Place::Unit {
            org: Uuid::from_u128(20),
            unit: Uuid::from_u128(22)
        }
    );
    assert_eq!(
        kommun("Stenbäcks kommun").unwrap(),
        Place::Org(Uuid::from_u128(20))
    );
    assert_eq!(
        kommun("Stenbäcks kommun – Ny enhet").unwrap(),
        Place::NewUnit {
            org: Uuid::from_u128(20),
            name: "Ny enhet".into()
        }
    );
    assert!(
        kommun("Okänd")
            .unwrap_err()
            .contains("flera organisationer")
    );
    assert_eq!(kommun("").unwrap(), Place::PartOnly);
    assert_eq!(
        resolve_place(&r, Part::Fk, "Aktivitetsersättning").unwrap(),
        Place::NewUnit {
            org: Uuid::from_u128(10),
            name: "Aktivitetsersättning".into()
        }
    );
    assert!(
        resolve_place(&r, Part::Af, "JOB")
            .unwrap_err()
            .contains("ingen organisation för part Arbetsförmedlingen")
    );
    assert_eq!(resolve_place(&r, Part::Af, "").unwrap(), Place::PartOnly);
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
