//! The intake form's parsing: every field's rule and message.
use super::*;

fn valid() -> ArendeForm {
    ArendeForm {
        formular_id: Uuid::now_v7().to_string(),
        lokus: Uuid::now_v7().to_string(),
        inkom: "2026-03-02".into(),
        kanal: "telefon".into(),
        avsandare: format!("enhet:{}", Uuid::now_v7()),
        handlaggare: "FK-H1".into(),
        handlaggare_ej_namn: String::new(),
        kon: "kvinna".into(),
        alder: "34".into(),
        bostadskommun: "0380".into(),
        ersattning: vec!["sjukpenning".into()],
        malgrupper: vec!["langtidssjukskriven".into(), "psykisk_ohalsa".into()],
        samverkansproblem: "racker_inte".into(),
        beskrivning: "Behöver stöd mellan FK och vården.".into(),
        forfragan: String::new(),
        insats: String::new(),
    }
}

const TODAY: Date = date!(2026 - 03 - 10);

#[test]
fn a_complete_form_parses() {
    let v = valid().parse(TODAY).unwrap();
    assert_eq!(v.kon, Kon::Kvinna);
    assert_eq!(v.alder, Some(34));
    assert_eq!(v.malgrupper.len(), 2);
}

#[test]
fn a_minimal_form_is_enough() {
    let f = ArendeForm {
        kanal: String::new(),
        handlaggare: String::new(),
        kon: String::new(),
        alder: String::new(),
        bostadskommun: String::new(),
        ersattning: vec![],
        malgrupper: vec![],
        samverkansproblem: String::new(),
        beskrivning: String::new(),
        ..valid()
    };
    let v = f.parse(TODAY).unwrap();
    assert_eq!(v.kon, Kon::Okant);
    assert_eq!(v.alder, None);
}

fn error_for(f: ArendeForm, field: &str) -> String {
    let e = f.parse(TODAY).unwrap_err();
    e.get(field)
        .unwrap_or_else(|| panic!("no error for {field}: {e:?}"))
        .to_string()
}

#[test]
fn every_field_is_checked() {
    assert!(
        error_for(
            ArendeForm {
                inkom: "2026-02-30".into(),
                ..valid()
            },
            "inkom"
        )
        .contains("ÅÅÅÅ-MM-DD")
    );
    assert!(
        error_for(
            ArendeForm {
                inkom: "2026-03-11".into(),
                ..valid()
            },
            "inkom"
        )
        .contains("framtiden")
    );
    assert!(
        error_for(
            ArendeForm {
                inkom: "1999-12-31".into(),
                ..valid()
            },
            "inkom"
        )
        .contains("2000")
    );
    assert!(
        error_for(
            ArendeForm {
                alder: "121".into(),
                ..valid()
            },
            "alder"
        )
        .contains("0 och 120")
    );
    assert!(
        error_for(
            ArendeForm {
                alder: "-1".into(),
                ..valid()
            },
            "alder"
        )
        .contains("0 och 120")
    );
    assert!(
        error_for(
            ArendeForm {
                alder: "trettio".into(),
                ..valid()
            },
            "alder"
        )
        .contains("hela år")
    );
    assert!(
        error_for(
            ArendeForm {
                kon: "x".into(),
                ..valid()
            },
            "kon"
        )
        .contains("kvinna")
    );
    assert!(
        error_for(
            ArendeForm {
                kanal: "brev".into(),
                ..valid()
            },
            "kanal"
        )
        .contains("kanal")
    );
    assert!(
        error_for(
            ArendeForm {
                avsandare: "".into(),
                ..valid()
            },
            "avsandare"
        )
        .contains("organisation")
    );
    assert!(
        error_for(
            ArendeForm {
                lokus: "x".into(),
                ..valid()
            },
            "lokus"
        )
        .contains("LOKUS")
    );
    assert!(
        error_for(
            ArendeForm {
                ersattning: vec!["bidrag".into()],
                ..valid()
            },
            "ersattning"
        )
        .contains("Okänd")
    );
    assert!(
        error_for(
            ArendeForm {
                malgrupper: vec!["x".into()],
                ..valid()
            },
            "malgrupp"
        )
        .contains("Okänd")
    );
    assert!(
        error_for(
            ArendeForm {
                samverkansproblem: "x".into(),
                ..valid()
            },
            "samverkansproblem"
        )
        .contains("listan")
    );
    assert!(
        error_for(
            ArendeForm {
                bostadskommun: "Uppsala".into(),
                ..valid()
            },
            "bostadskommun"
        )
        .contains("listan")
    );
    assert!(
        error_for(
            ArendeForm {
                handlaggare: "x".repeat(41),
                ..valid()
            },
            "handlaggare"
        )
        .contains("40")
    );
    assert!(
        error_for(
            ArendeForm {
                beskrivning: "x".repeat(4001),
                ..valid()
            },
            "beskrivning"
        )
        .contains("4000")
    );
    assert!(
        error_for(
            ArendeForm {
                formular_id: "".into(),
                ..valid()
            },
            "formular_id"
        )
        .contains("Ladda om")
    );
}

#[test]
fn a_personnummer_in_the_description_is_refused_with_a_reason() {
    let m = error_for(
        ArendeForm {
            beskrivning: "Gäller 850709-9805, ring FK".into(),
            ..valid()
        },
        "beskrivning",
    );
    assert!(m.contains("personnummer"), "{m}");
    assert!(m.contains("avidentifierat"), "{m}");
}

#[test]
fn codes_written_like_names_are_recognised() {
    for name in [
        "Anna Svensson",
        "  Anna   Svensson ",
        "Per Olof Svensson",
        "Anna-Karin Öberg",
        "Lars af Klint",
        "Émile Zola",
    ] {
        assert!(looks_like_name(name), "{name:?} looks like a name");
    }
    for code in [
        "FK-H1",
        "AF H3",
        "SS-2",
        "Anna",
        "anna svensson",
        "ANNA SVENSSON",
        "Anna Svensson2",
        "Anna S",
        "Anna von",
        "A-kassa Handläggare-",
        "Anna Svensson Berg Lind Ek",
        "",
    ] {
        assert!(!looks_like_name(code), "{code:?} is a code");
    }
}

#[test]
fn a_name_like_code_needs_confirming() {
    let named = ArendeForm {
        handlaggare: "Anna Svensson".into(),
        ..valid()
    };
    let m = error_for(named.clone(), "handlaggare");
    assert!(m.contains("ser ut som ett namn"), "{m}");
    let confirmed = ArendeForm {
        handlaggare_ej_namn: "ja".into(),
        ..named
    };
    assert_eq!(
        confirmed.parse(TODAY).unwrap().handlaggare.as_deref(),
        Some("Anna Svensson")
    );
}

#[test]
fn numbers_have_three_digits_at_least() {
    assert_eq!(arende_nummer(2026, "ENK", 7), "2026-ENK-007");
    assert_eq!(arende_nummer(2026, "STL", 1234), "2026-STL-1234");
}
