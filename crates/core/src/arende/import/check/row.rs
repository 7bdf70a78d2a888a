//! Checking one row of a file: every cell against the codes, the förbund's places and the intake's rules.

use super::*;
use lotsen_domain::avsandare::resolve;

/// Checks one row; `Err` holds every problem it has.
pub(super) fn check_row<'a>(
    line: u64,
    cell: &dyn Fn(Column) -> &'a str,
    refs: &Refs,
    today: Date,
) -> Result<ValidRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut err = |c: Column, m: String| {
        errors.push(RowError {
            line,
            column: c.name().to_string(),
            message: m,
        })
    };

    let inkom = match cell(Column::Inkom) {
        "" => {
            err(
                Column::Inkom,
                "Datumet då ärendet kom in saknas (ÅÅÅÅ-MM-DD).".into(),
            );
            None
        }
        v => match parse_date(v, "datum").map(|d| check_received(d, today)) {
            Ok(Err(ReceivedProblem::Future)) => {
                err(Column::Inkom, format!("Datumet {v} ligger i framtiden."));
                None
            }
            Ok(Err(ReceivedProblem::BeforeEarliest)) => {
                err(Column::Inkom, "Datumet kan inte vara före år 2000.".into());
                None
            }
            Ok(Ok(d)) => Some(d),
            Err(_) => {
                err(
                    Column::Inkom,
                    format!("\"{v}\" är inget datum. Skriv ÅÅÅÅ-MM-DD, t.ex. 2026-03-01."),
                );
                None
            }
        },
    };

    let part = match cell(Column::Part) {
        "" => {
            err(
                Column::Part,
                "Part saknas: skriv fk, af, kommun, region eller annan.".into(),
            );
            None
        }
        v => {
            let p = parse_part(v);
            if p.is_none() {
                err(
                    Column::Part,
                    format!("Okänd part \"{v}\": skriv fk, af, kommun, region eller annan."),
                );
            }
            p
        }
    };

    let place = part.and_then(|p| match resolve(&refs.orgs, p, cell(Column::Enhet)) {
        Ok(place) => Some(place),
        Err(m) => {
            err(Column::Enhet, m);
            None
        }
    });

    let handlaggare = match cell(Column::Handlaggare) {
        "" => None,
        v if v.chars().count() > HANDLAGGARE_MAX => {
            err(
                Column::Handlaggare,
                format!("Handläggarens kod får vara högst {HANDLAGGARE_MAX} tecken."),
            );
            None
        }
        v if contains_personnummer(v) => {
            err(
                Column::Handlaggare,
                "Använd en kod eller pseudonym, inte ett personnummer.".into(),
            );
            None
        }
        v => {
            if matches!(place, Some(Avsandare::PartOnly)) {
                err(
                    Column::Handlaggare,
                    "Handläggaren kan inte knytas till en organisation: ange organisation eller enhet i kolumnen enhet."
                        .into(),
                );
            }
            Some(v.to_string())
        }
    };

    let kon = match cell(Column::Kon) {
        "" => Some(Kon::Okant),
        v if v.eq_ignore_ascii_case("k") => Some(Kon::Kvinna),
        v if v.eq_ignore_ascii_case("m") => Some(Kon::Man),
        v => {
            let k = Kon::parse(v);
            if k.is_none() {
                err(
                    Column::Kon,
                    format!("Okänt kön \"{v}\": skriv kvinna, man, K, M eller lämna tomt."),
                );
            }
            k
        }
    };

    let alder = match cell(Column::Alder) {
        "" => None,
        v => match v.parse::<i32>() {
            Ok(a) if ALDER.contains(&a) => Some(a),
            Ok(_) => {
                err(
                    Column::Alder,
                    format!("Åldern {v} är inte mellan 0 och 120 år."),
                );
                None
            }
            Err(_) => {
                err(
                    Column::Alder,
                    format!(
                        "\"{v}\" är ingen ålder: skriv hela år, eller lämna tomt om den är okänd."
                    ),
                );
                None
            }
        },
    };

    let bostadskommun = match cell(Column::Bostadskommun) {
        "" => None,
        v => {
            let k = find_kommun(refs, v);
            if k.is_none() {
                err(
                    Column::Bostadskommun,
                    if v.chars().all(|c| c.is_ascii_digit()) {
                        format!("Det finns ingen kommun med koden {v}.")
                    } else {
                        format!(
                            "Okänd kommun \"{v}\": skriv kommunens namn eller fyrsiffriga SCB-kod."
                        )
                    },
                );
            }
            k
        }
    };

    let malgrupper = multi(
        cell(Column::Malgrupper),
        Malgrupp::parse,
        Malgrupp::ALL,
        Malgrupp::code,
        "målgrupp",
    )
    .unwrap_or_else(|m| {
        err(Column::Malgrupper, m);
        Vec::new()
    });
    let ersattning = multi(
        cell(Column::Ersattning),
        Ersattning::parse,
        Ersattning::ALL,
        Ersattning::code,
        "ersättning",
    )
    .unwrap_or_else(|m| {
        err(Column::Ersattning, m);
        Vec::new()
    });
    let atgarder = multi(
        cell(Column::Atgarder),
        Atgard::parse,
        Atgard::ALL,
        Atgard::code,
        "åtgärd",
    )
    .unwrap_or_else(|m| {
        err(Column::Atgarder, m);
        Vec::new()
    });

    let samverkansproblem = match cell(Column::Samverkansproblem) {
        "" => None,
        v => {
            let s = Samverkansproblem::parse(v);
            if s.is_none() {
                err(
                    Column::Samverkansproblem,
                    format!(
                        "Okänt samverkansproblem \"{v}\". Giltiga koder: {}.",
                        codes(Samverkansproblem::ALL, Samverkansproblem::code)
                    ),
                );
            }
            s
        }
    };

    let status = match cell(Column::Status) {
        "" => Some(Status::Pagaende),
        v => match Status::parse(v) {
            Some(Status::Ny) => {
                err(
                    Column::Status,
                    "Status ny gäller förfrågningar som ännu inte tagits emot: skriv pagaende, vilande eller avslutad."
                        .into(),
                );
                None
            }
            Some(s) => Some(s),
            None => {
                err(
                    Column::Status,
                    format!("Okänd status \"{v}\": skriv pagaende, vilande eller avslutad."),
                );
                None
            }
        },
    };

    let avslutad_datum = match cell(Column::AvslutadDatum) {
        "" => None,
        v => match parse_date(v, "datum") {
            Ok(d) if d > today => {
                err(
                    Column::AvslutadDatum,
                    format!("Datumet {v} ligger i framtiden."),
                );
                None
            }
            Ok(d) if inkom.is_some_and(|i| d < i) => {
                err(
                    Column::AvslutadDatum,
                    format!("Ärendet kan inte avslutas ({v}) före det kom in."),
                );
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                err(
                    Column::AvslutadDatum,
                    format!("\"{v}\" är inget datum. Skriv ÅÅÅÅ-MM-DD, t.ex. 2026-03-01."),
                );
                None
            }
        },
    };
    let avslut = match cell(Column::Avslut) {
        "" => None,
        v => {
            let a = Avslut::parse(v);
            if a.is_none() {
                err(
                    Column::Avslut,
                    format!(
                        "Okänt avslut \"{v}\". Giltiga koder: {}.",
                        codes(Avslut::ALL, Avslut::code)
                    ),
                );
            }
            a
        }
    };
    match status {
        Some(Status::Avslutad) => {
            if cell(Column::Avslut).is_empty() {
                err(
                    Column::Avslut,
                    "Ett avslutat ärende behöver ett avslut (hur det avslutades).".into(),
                );
            }
            if cell(Column::AvslutadDatum).is_empty() {
                err(
                    Column::AvslutadDatum,
                    "Ett avslutat ärende behöver datumet då det avslutades.".into(),
                );
            }
        }
        Some(_) if !cell(Column::Avslut).is_empty() || !cell(Column::AvslutadDatum).is_empty() => {
            err(
                Column::Status,
                "Raden har avslut eller avslutsdatum men ärendet är inte avslutat: skriv avslutad i kolumnen status, eller töm avslut och avslutad_datum."
                    .into(),
            );
        }
        _ => {}
    }

    let beskrivning = cell(Column::Beskrivning).to_string();
    if beskrivning.chars().count() > BESKRIVNING_MAX {
        err(
            Column::Beskrivning,
            format!(
                "Beskrivningen får vara högst {BESKRIVNING_MAX} tecken (nu {}).",
                beskrivning.chars().count()
            ),
        );
    } else if contains_personnummer(&beskrivning) {
        err(
            Column::Beskrivning,
            "Beskrivningen innehåller något som liknar ett personnummer eller samordningsnummer. \
             Ärendet är avidentifierat: ta bort numret och skriv inga namn."
                .into(),
        );
    }

    match (inkom, part, place, kon, status) {
        (Some(inkom), Some(part), Some(place), Some(kon), Some(status)) if errors.is_empty() => {
            Ok(ValidRow {
                line,
                inkom,
                part,
                place,
                handlaggare,
                kon,
                alder,
                bostadskommun,
                malgrupper,
                ersattning,
                atgarder,
                samverkansproblem,
                status,
                avslutad_datum,
                avslut,
                beskrivning,
                hash: Vec::new(),
            })
        }
        _ => Err(errors),
    }
}
