//! Consent (samtycke) and identity for identified ärenden: the consent form, the identity
//! form, and personnummer/samordningsnummer validation (date and Luhn check digit, through the
//! `personnummer` crate).

use crate::Part;
use crate::code_enum;
use crate::validate::{FieldErrors, Name, parse_date};
use time::Date;

code_enum! {
    /// How consent was given.
    SamtyckeForm {
        Skriftligt => "skriftligt", "Skriftligt";
        Muntligt => "muntligt", "Muntligt";
    }
}

pub const OMFATTNING_MAX: usize = 1000;

/// The consent form as typed; the parties it covers arrive as repeated `samtycke_part` keys.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SamtyckeInput {
    #[serde(rename = "samtycke_datum")]
    pub datum: String,
    #[serde(rename = "samtycke_form")]
    pub form: String,
    #[serde(rename = "samtycke_part")]
    pub parter: Vec<String>,
    pub omfattning: String,
}

impl SamtyckeInput {
    pub fn covers(&self, part: &str) -> bool {
        self.parter.iter().any(|p| p == part)
    }

    /// Checks the consent; it cannot be dated in the future or before the ärende arrived.
    pub fn parse(&self, inkom: Date, today: Date) -> Result<Samtycke, FieldErrors> {
        let mut e = FieldErrors::new();
        let datum = e.check(
            "samtycke_datum",
            parse_date(&self.datum, "datumet för samtycket"),
        );
        if let Some(d) = datum {
            if d > today {
                e.add("samtycke_datum", "Datumet kan inte ligga i framtiden.");
            } else if d < inkom {
                e.add(
                    "samtycke_datum",
                    format!("Datumet kan inte vara före {inkom}, då ärendet kom in."),
                );
            }
        }
        let form = SamtyckeForm::from_code(self.form.trim());
        if form.is_none() {
            e.add(
                "samtycke_form",
                "Välj om samtycket är skriftligt eller muntligt.",
            );
        }
        let mut parter = Vec::new();
        for p in &self.parter {
            match Part::from_code(p.trim()) {
                Some(p) => parter.push(p),
                None => e.add("samtycke_part", "Välj parter i listan."),
            }
        }
        parter.sort();
        parter.dedup();
        if parter.is_empty() && e.get("samtycke_part").is_none() {
            e.add("samtycke_part", "Välj vilka parter samtycket gäller.");
        }
        let omfattning = self.omfattning.trim().to_string();
        if omfattning.is_empty() {
            e.add("omfattning", "Beskriv vad samtycket omfattar, t.ex. tilläggsresurs och uppföljning i 12 månader.");
        } else if omfattning.chars().count() > OMFATTNING_MAX {
            e.add(
                "omfattning",
                format!("Omfattningen får vara högst {OMFATTNING_MAX} tecken."),
            );
        }
        match (datum, form) {
            (Some(datum), Some(form)) if e.is_empty() => Ok(Samtycke {
                datum,
                form,
                parter,
                omfattning,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Samtycke {
    pub datum: Date,
    pub form: SamtyckeForm,
    pub parter: Vec<Part>,
    pub omfattning: String,
}

/// A validated identity: a name and, optionally, a personnummer or samordningsnummer stored as
/// `YYYYMMDD-XXXX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identitet {
    pub namn: String,
    pub personnummer: Option<String>,
}

pub fn parse_identity(
    namn: &str,
    personnummer: &str,
    today: Date,
) -> Result<Identitet, FieldErrors> {
    let mut e = FieldErrors::new();
    let namn = e.check("identitet_namn", Name::parse(namn, "personens namn"));
    let pnr = match personnummer.trim() {
        "" => None,
        v => e.check("identitet_personnummer", parse_personnummer(v, today)),
    };
    match namn {
        Some(n) if e.is_empty() => Ok(Identitet {
            namn: n.as_str().to_string(),
            personnummer: pnr,
        }),
        _ => Err(e),
    }
}

/// Validates a personnummer or samordningsnummer (10 or 12 digits, with or without `-`/`+`)
/// and returns it as `YYYYMMDD-XXXX`. With 10 digits the century is the one that makes the
/// person 0–99 years old today, or 100+ with `+` (Skatteverket's convention).
pub fn parse_personnummer(input: &str, today: Date) -> Result<String, String> {
    const FORMAT: &str = "Skriv personnumret som ÅÅÅÅMMDD-XXXX (eller samordningsnummer).";
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let plus = compact.contains('+');
    let digits: String = compact.chars().filter(|c| c.is_ascii_digit()).collect();
    if compact
        .chars()
        .any(|c| !(c.is_ascii_digit() || c == '-' || c == '+'))
    {
        return Err(FORMAT.into());
    }
    let full = match digits.len() {
        12 => digits,
        10 => {
            let yy: i32 = digits[..2].parse().map_err(|_| FORMAT.to_string())?;
            let year = today.year();
            let mut born = year - year.rem_euclid(100) + yy;
            if born > year {
                born -= 100;
            }
            if plus {
                born -= 100;
            }
            format!("{born:04}{}", &digits[2..])
        }
        _ => return Err(FORMAT.into()),
    };
    let dashed = format!("{}-{}", &full[..8], &full[8..]);
    // The crate checks the date (day + 60 for samordningsnummer). Its check digit for
    // samordningsnummer is computed over the real birth day, while Skatteverket computes it over
    // the digits as written, so the Luhn check is ours, over the ten written digits.
    personnummer::Personnummer::parse(&dashed)
        .map_err(|_| "Personnumret innehåller ett datum som inte finns.".to_string())?;
    if !crate::validate::luhn_valid(&full[2..]) {
        return Err("Personnumret har fel kontrollsiffra.".into());
    }
    let birth_year: i32 = full[..4].parse().unwrap_or(0);
    if birth_year > today.year() || birth_year < today.year() - 130 {
        return Err("Personnumret har ett orimligt födelseår.".into());
    }
    Ok(dashed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 22);

    #[test]
    fn personnummer_are_normalised_and_checked() {
        assert_eq!(
            parse_personnummer("198507099805", TODAY).unwrap(),
            "19850709-9805"
        );
        assert_eq!(
            parse_personnummer("850709-9805", TODAY).unwrap(),
            "19850709-9805"
        );
        assert_eq!(
            parse_personnummer(" 19850709-9805 ", TODAY).unwrap(),
            "19850709-9805"
        );
        assert_eq!(
            parse_personnummer("121212-1212", TODAY).unwrap(),
            "20121212-1212",
            "born 2012, not 1912"
        );
        assert_eq!(
            parse_personnummer("121212+1212", TODAY).unwrap(),
            "19121212-1212",
            "+ means 100 or older"
        );
        assert_eq!(
            parse_personnummer("701063-2391", TODAY).unwrap(),
            "19701063-2391",
            "samordningsnummer"
        );
        assert!(
            parse_personnummer("850709-9806", TODAY)
                .unwrap_err()
                .contains("kontrollsiffra")
        );
        assert!(
            parse_personnummer("851309-9805", TODAY)
                .unwrap_err()
                .contains("datum")
        );
        assert!(
            parse_personnummer("8507099", TODAY)
                .unwrap_err()
                .contains("ÅÅÅÅMMDD")
        );
        assert!(parse_personnummer("85O709-9805", TODAY).is_err());
    }

    #[test]
    fn consent_needs_date_form_parties_and_scope() {
        let ok = SamtyckeInput {
            datum: "2026-03-05".into(),
            form: "skriftligt".into(),
            parter: vec!["fk".into(), "kommun".into()],
            omfattning: "Tilläggsresurs och uppföljning i 12 månader".into(),
        };
        let s = ok.parse(date!(2026 - 03 - 02), TODAY).unwrap();
        assert_eq!(s.parter, vec![Part::Fk, Part::Kommun]);
        let e = SamtyckeInput::default()
            .parse(date!(2026 - 03 - 02), TODAY)
            .unwrap_err();
        for f in [
            "samtycke_datum",
            "samtycke_form",
            "samtycke_part",
            "omfattning",
        ] {
            assert!(e.get(f).is_some(), "{f}");
        }
        let early = SamtyckeInput {
            datum: "2026-03-01".into(),
            ..ok.clone()
        };
        assert!(early.parse(date!(2026 - 03 - 02), TODAY).is_err());
    }

    #[test]
    fn an_identity_needs_a_name() {
        assert!(
            parse_identity("", "", TODAY)
                .unwrap_err()
                .get("identitet_namn")
                .is_some()
        );
        let i = parse_identity("Anna Andersson", "850709-9805", TODAY).unwrap();
        assert_eq!(i.personnummer.as_deref(), Some("19850709-9805"));
        assert_eq!(
            parse_identity("Anna", "", TODAY).unwrap().personnummer,
            None
        );
    }
}
