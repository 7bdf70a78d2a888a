//! The coach's forms: anonymous mode, consent and baseline, dates in order.
use super::*;
use crate::deltagare::Forsorjningskalla;
use time::macros::date;

fn fields(pairs: &[(&str, &str)]) -> Fields {
    Fields(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

const B: Bounds = Bounds {
    today: date!(2026 - 11 - 30),
    ko_datum: Some(date!(2026 - 10 - 01)),
    inskriven: Some(date!(2026 - 10 - 15)),
    utskriven: None,
};

#[test]
fn an_anonymous_inskrivning_holds_kon_birth_year_and_start_only() {
    let f = fields(&[
        ("inskriven", "2026-10-15"),
        ("kon", "kvinna"),
        ("fodelsear", "1990"),
        ("samtycke", "nej"),
    ]);
    let i = parse_inskrivning(&f, B).unwrap();
    assert_eq!(i.kalla, Kalla::ViaKoordinator);
    assert!(i.samtycke.is_none() && i.identitet.is_none() && i.fore.is_none());
    let f = fields(&[
        ("inskriven", "2026-10-15"),
        ("kon", "kvinna"),
        ("samtycke", "nej"),
        ("identitet_namn", "Anna Andersson"),
        ("fors_lon", "100"),
    ]);
    let e = parse_inskrivning(&f, B).unwrap_err();
    assert!(e.get("identitet_namn").is_some() && e.get("forsorjning").is_some());
}

#[test]
fn a_consented_inskrivning_needs_a_baseline_and_valid_dates() {
    let f = fields(&[
        ("inskriven", "2026-09-30"),
        ("kon", "man"),
        ("samtycke", "ja"),
        ("samtycke_datum", "2026-10-01"),
        ("samtycke_form", "skriftligt"),
        ("omfattning", "Registrering och uppföljning i 12 månader."),
        ("uppfoljning_manader", "12"),
        ("syss_ingen", "100"),
        ("fors_sjukpenning", "150"),
    ]);
    let e = parse_inskrivning(&f, B).unwrap_err();
    assert!(e.get("inskriven").unwrap().contains("2026-10-01"));
    assert!(e.get("forsorjning").unwrap().contains("0–100"));
    let f = fields(&[
        ("inskriven", "2026-10-15"),
        ("kon", "man"),
        ("samtycke", "ja"),
        ("samtycke_datum", "2026-10-01"),
        ("samtycke_form", "skriftligt"),
        ("omfattning", "Registrering och uppföljning i 12 månader."),
        ("uppfoljning_manader", "12"),
        ("syss_ingen", "100"),
        ("fors_sjukpenning", "100"),
        ("identitet_namn", "Anna Andersson"),
        ("identitet_personnummer", "850709-9805"),
    ]);
    let i = parse_inskrivning(&f, B).unwrap();
    assert_eq!(
        i.fore.unwrap().forsorjning,
        [(Forsorjningskalla::Sjukpenning, 100)]
    );
    assert_eq!(
        i.identitet.unwrap().personnummer.as_deref(),
        Some("19850709-9805")
    );
}

#[test]
fn activities_and_exits_keep_their_dates_in_order() {
    let f = fields(&[
        ("typ", "arbetstraning"),
        ("datum", "2026-10-01"),
        ("omfattning", "50"),
    ]);
    let e = parse_aktivitet(&f, B).unwrap_err();
    assert!(e.get("datum").unwrap().contains("skrevs in"));
    let f = fields(&[
        ("typ", "mote"),
        ("datum", "2026-10-20"),
        ("plats", "Hos Anna Andersson"),
    ]);
    let e = parse_aktivitet(&f, B).unwrap_err();
    assert!(e.get("motestyp").is_some() && e.get("plats").is_some());
    let f = fields(&[("utskriven", "2026-10-01"), ("avslutsanledning", "arbete")]);
    let e = parse_utskrivning(&f, B, false).unwrap_err();
    assert!(e.get("utskriven").is_some());
    let f = fields(&[("utskriven", "2026-11-01"), ("avslutsanledning", "arbete")]);
    let e = parse_utskrivning(&f, B, true).unwrap_err();
    assert!(
        e.get("sysselsattning").is_some(),
        "consent asks for the efter measurement"
    );
    let f = fields(&[
        ("utskriven", "2026-11-01"),
        ("avslutsanledning", "felregistrering"),
    ]);
    assert!(parse_utskrivning(&f, B, true).unwrap().efter.is_none());
}

#[test]
fn a_follow_up_comes_after_the_exit() {
    let b = Bounds {
        utskriven: Some(date!(2026 - 11 - 01)),
        ..B
    };
    let f = fields(&[
        ("tillfalle", "plus3"),
        ("datum", "2026-10-30"),
        ("syss_studier", "100"),
        ("fors_studiemedel", "100"),
    ]);
    assert!(parse_uppfoljning(&f, b).unwrap_err().get("datum").is_some());
    let f = fields(&[
        ("tillfalle", "fore"),
        ("datum", "2026-11-20"),
        ("syss_studier", "100"),
        ("fors_studiemedel", "100"),
    ]);
    assert!(
        parse_uppfoljning(&f, b)
            .unwrap_err()
            .get("tillfalle")
            .is_some()
    );
}
