//! Unit tests of the participant import's reading: measurement cells, identity headers, the
//! canonical row (codes and labels, ålder and födelseår alike) and line numbers of CRLF files.

use super::check::{Refs, check_file, looks_like_identity};
use super::row::measure_cell;
use lotsen_domain::deltagare::{Forsorjningskalla as K, Sysselsattning as S};
use time::macros::date;
use uuid::Uuid;

fn refs() -> Refs {
    let mut r = Refs::default();
    for (kod, namn) in [("9902", "Stenbäck"), ("9903", "Lövsjö")] {
        r.kommun_by_name.insert(namn.to_lowercase(), kod.into());
        r.kommun_by_code.insert(kod.into(), namn.into());
    }
    r
}

#[test]
fn a_measurement_cell_takes_codes_or_labels_with_omfattning_default_100() {
    assert_eq!(
        measure_cell(
            "Lön:50 | sjukpenning:50%",
            K::parse,
            K::ALL,
            K::code,
            "källa"
        ),
        Ok(vec![(K::Sjukpenning, 50), (K::Lon, 50)])
    );
    assert_eq!(
        measure_cell(
            "Studier (även SFI och folkhögskola)",
            S::parse,
            S::ALL,
            S::code,
            "s"
        ),
        Ok(vec![(S::Studier, 100)])
    );
    assert_eq!(measure_cell("", S::parse, S::ALL, S::code, "s"), Ok(vec![]));
    for bad in ["lon:101", "lon:-1", "lon:x", "lon|lon", "lönen"] {
        assert!(
            measure_cell(bad, K::parse, K::ALL, K::code, "källa").is_err(),
            "{bad}"
        );
    }
}

#[test]
fn identity_headers_are_recognised_and_others_are_not() {
    for h in [
        "Namn",
        "Förnamn",
        "efternamn",
        "Personnummer",
        "PNR",
        "personnr",
        "Name",
    ] {
        assert!(looks_like_identity(h), "{h}");
    }
    for h in ["Anteckning", "Kommun", "Handläggare", "inskriven"] {
        assert!(!looks_like_identity(h), "{h}");
    }
}

#[test]
fn the_same_participant_hashes_alike_however_written_and_crlf_lines_count_right() {
    let (f, i) = (Uuid::from_u128(1), Uuid::from_u128(2));
    let today = date!(2026 - 06 - 01);
    let a = check_file(
        b"inskriven;alder;kon;forsorjning_fore\r\n2025-03-01;34;K;lon:50|sjukpenning:50\r\n",
        &refs(),
        today,
        f,
        i,
    );
    let b = check_file(
        "Kön,Födelseår,Inskriven,Försörjning före\n kvinna ,1991,2025-03-01,Sjukpenning eller rehabiliteringspenning:50|Lön\n"
            .replace("|Lön", "|Lön:50")
            .as_bytes(),
        &refs(),
        today,
        f,
        i,
    );
    assert!(
        a.errors.is_empty() && b.errors.is_empty(),
        "{:?} {:?}",
        a.errors,
        b.errors
    );
    assert_eq!(a.rows[0].hash, b.rows[0].hash);
    assert_eq!(a.rows[0].line, 2);
    let bad = check_file(
        b"inskriven\r\n2025-03-01\r\n\r\nx\r\n",
        &refs(),
        today,
        f,
        i,
    );
    assert_eq!(bad.errors.len(), 1);
    assert_eq!(bad.errors[0].line, 4, "{:?}", bad.errors);
}
