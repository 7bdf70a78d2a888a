use super::*;
use time::macros::date;

fn fields(pairs: &[(&str, &str)]) -> Fields {
    Fields(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

const TODAY: Date = date!(2026 - 06 - 15);

fn bounds() -> SipBounds {
    SipBounds {
        today: TODAY,
        initierad: date!(2026 - 05 - 01),
        senaste_mote: None,
        samtycke_datum: date!(2026 - 05 - 01),
        samtycke_till: Some(date!(2026 - 12 - 31)),
    }
}

fn ny() -> Vec<(&'static str, &'static str)> {
    vec![
        ("initierad", "2026-05-01"),
        ("initierad_av", "fk"),
        ("sammankallande", "kommun"),
        ("sammankallande_roll", "Socialsekreterare"),
        ("samtycke_datum", "2026-05-01"),
        ("samtycke_form", "skriftligt"),
        ("samtycke_part", "fk"),
        ("samtycke_part", "kommun"),
        ("samtycke_till", "2026-12-31"),
        ("inbjuden", "part:fk"),
        ("inbjuden", "part:skola"),
        ("verksamhet_skola", "Gymnasiet"),
    ]
}

#[test]
fn a_complete_new_sip_parses() {
    let s = parse_ny(&fields(&ny()), TODAY).unwrap();
    assert_eq!(s.initierad_av, Initiativ::Fk);
    assert_eq!(s.sammankallande, Part::Kommun);
    assert_eq!(s.samtycke_parter, vec![SipPart::Fk, SipPart::Kommun]);
    assert_eq!(
        s.inbjudna,
        vec![
            Inbjuden::Part {
                part: SipPart::Fk,
                verksamhet: String::new()
            },
            Inbjuden::Part {
                part: SipPart::Skola,
                verksamhet: "Gymnasiet".into()
            }
        ]
    );
}

#[test]
fn a_new_sip_says_what_is_missing_beside_each_field() {
    let e = parse_ny(&fields(&[("samtycke_till", "2026-01-01")]), TODAY).unwrap_err();
    for f in [
        "initierad",
        "initierad_av",
        "sammankallande",
        "samtycke_datum",
        "samtycke_form",
        "samtycke_part",
        "inbjuden",
    ] {
        assert!(e.get(f).is_some(), "{f}: {e:?}");
    }
    let mut bad = ny();
    bad.retain(|(k, _)| *k != "samtycke_till");
    bad.push(("samtycke_till", "2026-04-01"));
    bad.push(("sammankallande_roll", "Handläggare Anna Svensson"));
    let e = parse_ny(&fields(&bad), TODAY).unwrap_err();
    assert!(e.get("samtycke_till").is_some());
    assert!(e.get("sammankallande_roll").unwrap().contains("namn"));
}

#[test]
fn the_meeting_lies_within_the_initiative_and_the_consent() {
    let e = parse_kallelse(
        &fields(&[("kallad_till", "2027-01-10"), ("inbjuden", "part:af")]),
        bounds(),
    )
    .unwrap_err();
    assert!(
        e.get("kallad_till")
            .unwrap()
            .contains("Samtycket gäller bara till")
    );
    let e = parse_kallelse(
        &fields(&[("kallad_till", "2026-04-10"), ("inbjuden", "part:af")]),
        bounds(),
    )
    .unwrap_err();
    assert!(e.get("kallad_till").unwrap().contains("före initiativet"));
    let (d, i) = parse_kallelse(
        &fields(&[("kallad_till", "2026-07-01"), ("inbjuden", "part:af")]),
        bounds(),
    )
    .unwrap();
    assert_eq!(d, date!(2026 - 07 - 01));
    assert_eq!(i.len(), 1);
}

#[test]
fn the_follow_up_lies_after_the_meeting() {
    let e = parse_mote(
        &fields(&[("datum", "2026-06-01"), ("nasta", "2026-05-20")]),
        bounds(),
    )
    .unwrap_err();
    assert_eq!(
        e.get("nasta"),
        Some("Uppföljningen måste ligga efter mötet.")
    );
    let e = parse_mote(&fields(&[("datum", "2026-06-20")]), bounds()).unwrap_err();
    assert!(e.get("datum").unwrap().contains("framtiden"));
    let m = parse_mote(
        &fields(&[
            ("datum", "2026-06-01"),
            ("nasta", "2026-09-01"),
            ("individen_deltog", "ja"),
            ("mal_individ", "Börja studera till hösten"),
        ]),
        bounds(),
    )
    .unwrap();
    assert!(m.individen_deltog && !m.narstaende_deltog);
    assert_eq!(m.nasta, Some(date!(2026 - 09 - 01)));
    let mut b = bounds();
    b.senaste_mote = Some(date!(2026 - 06 - 01));
    let e = parse_uppfoljning(&fields(&[("datum", "2026-05-20")]), b).unwrap_err();
    assert!(e.get("datum").unwrap().contains("förra mötet"));
}

#[test]
fn an_action_needs_a_responsible_party_and_a_date() {
    let e = parse_atgard(&fields(&[("text", "Utreda arbetsförmåga")]), bounds()).unwrap_err();
    assert!(e.get("ansvarig").is_some());
    assert!(e.get("senast").is_some());
    let a = parse_atgard(
        &fields(&[
            ("text", "Utreda arbetsförmåga"),
            ("ansvarig", "fk"),
            ("senast", "2026-08-01"),
        ]),
        bounds(),
    )
    .unwrap();
    assert_eq!(a.ansvarig, Ansvarig::Fk);
    let e = parse_atgard_status(&fields(&[("status", "klar")]), bounds()).unwrap_err();
    assert!(e.get("klar_datum").is_some());
    let e = parse_atgard_status(&fields(&[("status", "ej_genomford")]), bounds()).unwrap_err();
    assert!(e.get("orsak").is_some());
    let ok = parse_atgard_status(
        &fields(&[("status", "klar"), ("klar_datum", "2026-06-10")]),
        bounds(),
    )
    .unwrap();
    assert_eq!(ok.klar_datum, Some(date!(2026 - 06 - 10)));
}

#[test]
fn a_new_consent_replaces_the_old_one_from_its_date_on() {
    let ok = parse_samtycke(
        &fields(&[
            ("samtycke_datum", "2026-06-10"),
            ("samtycke_form", "muntligt_dokumenterat"),
            ("samtycke_part", "fk"),
            ("samtycke_part", "af"),
            ("samtycke_till", "2027-06-10"),
        ]),
        bounds(),
    )
    .unwrap();
    assert_eq!(ok.datum, date!(2026 - 06 - 10));
    assert_eq!(ok.parter, vec![SipPart::Fk, SipPart::Af]);
    assert_eq!(ok.till, Some(date!(2027 - 06 - 10)));
    for (pairs, field, message) in [
        (
            vec![("samtycke_datum", "2026-04-30")],
            "samtycke_datum",
            "Datumet kan inte vara före 2026-05-01, då det förra samtycket lämnades.",
        ),
        (
            vec![("samtycke_datum", "2026-06-16")],
            "samtycke_datum",
            "Datumet kan inte ligga i framtiden.",
        ),
        (
            vec![
                ("samtycke_datum", "2026-06-10"),
                ("samtycke_till", "2026-06-09"),
            ],
            "samtycke_till",
            "Samtycket kan inte upphöra före det lämnades.",
        ),
        (
            vec![("samtycke_datum", "2026-06-10")],
            "samtycke_part",
            "Välj de parter som samtycket gäller (minst en).",
        ),
    ] {
        let mut all = pairs.clone();
        all.push(("samtycke_form", "skriftligt"));
        if field != "samtycke_part" {
            all.push(("samtycke_part", "fk"));
        }
        let e = parse_samtycke(&fields(&all), bounds()).unwrap_err();
        assert_eq!(e.get(field), Some(message), "{pairs:?}");
    }
}
