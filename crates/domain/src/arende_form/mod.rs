//! The lots-ärende form: what a coordinator types, parsed into a valid ärende or Swedish
//! messages per field. References (LOKUS group, organisation, kommun) are checked against the
//! database by the core; everything else is checked here.

use crate::arende::{Ersattning, Kanal, Kon, Malgrupp, Samverkansproblem, contains_personnummer};
use crate::validate::{FieldErrors, parse_date};
use time::Date;
use time::macros::date;
use uuid::Uuid;

pub const BESKRIVNING_MAX: usize = 4000;
pub const HANDLAGGARE_MAX: usize = 40;
/// The earliest date an ärende can have been received.
pub const EARLIEST: Date = date!(2000 - 01 - 01);
/// The ages an ärende may record, in whole years.
pub const ALDER: std::ops::RangeInclusive<i32> = 0..=120;

/// Why a date received is refused (the intake form and the CSV import word it each their way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceivedProblem {
    Future,
    BeforeEarliest,
}

/// The rule for the date an ärende was received: not after `today`, not before `EARLIEST`.
pub fn check_received(d: Date, today: Date) -> Result<Date, ReceivedProblem> {
    if d > today {
        Err(ReceivedProblem::Future)
    } else if d < EARLIEST {
        Err(ReceivedProblem::BeforeEarliest)
    } else {
        Ok(d)
    }
}

/// The warning beside a handläggare code that looks like a name, until it is confirmed.
pub const NAMNLIK_KOD: &str = "Koden ser ut som ett namn. Skriv handläggarens kod eller pseudonym \
     (t.ex. FK-H1), inte namnet. Är det verkligen en kod, kryssa i rutan under fältet och spara igen.";

/// Whether a handläggare code is written the way a person's name is ("Anna Svensson",
/// "Anna-Karin af Ekström"): two to four words of letters only (a hyphen may join two parts),
/// at least two of them capitalised (a capital, then lower-case letters) and the others
/// lower-case particles. Codes such as `FK-H1`, `AF H3` or `vg fyra` are not. The data
/// quality check `namnlik_kod` counts stored codes of the commonest such shape, two
/// capitalised words.
pub fn looks_like_name(code: &str) -> bool {
    let words: Vec<&str> = code.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) {
        return false;
    }
    let mut capitalised = 0;
    for w in &words {
        let parts: Vec<&str> = w.split('-').collect();
        if parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(char::is_alphabetic))
        {
            return false;
        }
        let is_capitalised = |p: &&str| {
            let mut chars = p.chars();
            chars.next().is_some_and(char::is_uppercase)
                && p.chars().count() >= 2
                && chars.all(char::is_lowercase)
        };
        if parts.iter().all(is_capitalised) {
            capitalised += 1;
        } else if !w.chars().all(|c| c.is_lowercase() || c == '-') {
            return false;
        }
    }
    capitalised >= 2
}

/// The remitting organisation, or one of its units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Avsandare {
    Organisation(Uuid),
    Enhet(Uuid),
}

impl Avsandare {
    /// The form value: `org:<id>` or `enhet:<id>`.
    pub fn parse(input: &str) -> Option<Avsandare> {
        let (kind, id) = input.trim().split_once(':')?;
        let id = Uuid::parse_str(id).ok()?;
        match kind {
            "org" => Some(Avsandare::Organisation(id)),
            "enhet" => Some(Avsandare::Enhet(id)),
            _ => None,
        }
    }

    pub fn value(self) -> String {
        match self {
            Avsandare::Organisation(id) => format!("org:{id}"),
            Avsandare::Enhet(id) => format!("enhet:{id}"),
        }
    }
}

/// An action as typed on the detail page.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AtgardForm {
    #[serde(default)]
    pub kod: String,
    #[serde(default)]
    pub datum: String,
    /// `org:<id>`, `part:<code>` or empty.
    #[serde(default)]
    pub mal: String,
    #[serde(default)]
    pub mal_text: String,
    #[serde(default)]
    pub anteckning: String,
    /// The question to LOKUS, asked when the action is "Lyft till LOKUS" (the action flags).
    #[serde(default)]
    pub lyft_fraga: String,
    /// The insatskatalog entry the action names as its target (an id), or empty.
    #[serde(default)]
    pub katalog: String,
    /// The insats whose queue the person enters, for "Tilläggsresurs erbjuden" (an id).
    #[serde(default)]
    pub insats: String,
}

/// Closing an ärende as typed: the outcome and the date.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    pub avslut: String,
    #[serde(default)]
    pub avslutad_datum: String,
}

/// The form as typed (every field kept, to show it again with errors). Checkbox groups arrive
/// as repeated keys (`ersattning`, `malgrupp`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ArendeForm {
    /// Generated when the form is shown: the new ärende's id, so that a second submit of the
    /// same form finds the first ärende instead of creating another.
    pub formular_id: String,
    pub lokus: String,
    pub inkom: String,
    pub kanal: String,
    pub avsandare: String,
    pub handlaggare: String,
    /// `ja` when the coordinator confirms that a code shaped like a name is a code
    /// (`looks_like_name`); shown beside the field only then.
    pub handlaggare_ej_namn: String,
    pub kon: String,
    pub alder: String,
    pub bostadskommun: String,
    pub ersattning: Vec<String>,
    #[serde(rename = "malgrupp")]
    pub malgrupper: Vec<String>,
    pub samverkansproblem: String,
    pub beskrivning: String,
    /// The request (förfrågan) this form accepts, when it was opened from one.
    pub forfragan: String,
    /// With a request: the insats whose queue the person enters (a request for tilläggsresurs
    /// accepted with an offer), or empty.
    pub insats: String,
}

impl ArendeForm {
    pub fn has_ersattning(&self, code: &str) -> bool {
        self.ersattning.iter().any(|c| c == code)
    }

    pub fn has_malgrupp(&self, code: &str) -> bool {
        self.malgrupper.iter().any(|c| c == code)
    }

    /// Checks every field; `today` is the Swedish date (an ärende cannot arrive in the future).
    pub fn parse(&self, today: Date) -> Result<ValidArende, FieldErrors> {
        let mut e = FieldErrors::new();
        let id = Uuid::parse_str(self.formular_id.trim()).ok();
        if id.is_none() {
            e.add(
                "formular_id",
                "Formuläret är ofullständigt. Ladda om sidan och försök igen.",
            );
        }
        let lokus = Uuid::parse_str(self.lokus.trim()).ok();
        if lokus.is_none() {
            e.add("lokus", "Välj LOKUS-grupp.");
        }
        let inkom = e.check(
            "inkom",
            parse_date(&self.inkom, "datumet då ärendet kom in"),
        );
        match inkom.map(|d| check_received(d, today)) {
            Some(Err(ReceivedProblem::Future)) => {
                e.add("inkom", "Datumet kan inte ligga i framtiden.")
            }
            Some(Err(ReceivedProblem::BeforeEarliest)) => {
                e.add("inkom", "Datumet kan inte vara före år 2000.")
            }
            _ => {}
        }
        let kanal = match self.kanal.trim() {
            "" => None,
            v => {
                let k = Kanal::from_code(v);
                if k.is_none() {
                    e.add("kanal", "Välj en kanal i listan.");
                }
                k
            }
        };
        let avsandare = Avsandare::parse(&self.avsandare);
        if avsandare.is_none() {
            e.add(
                "avsandare",
                "Välj vilken organisation (och gärna enhet) ärendet kommer från.",
            );
        }
        let handlaggare = self.handlaggare.trim().to_string();
        if handlaggare.chars().count() > HANDLAGGARE_MAX {
            e.add(
                "handlaggare",
                format!("Handläggarens kod får vara högst {HANDLAGGARE_MAX} tecken."),
            );
        } else if crate::validate::has_control_chars(&handlaggare) {
            e.add("handlaggare", crate::validate::CONTROL_CHARACTERS);
        } else if contains_personnummer(&handlaggare) {
            e.add(
                "handlaggare",
                "Använd en kod eller pseudonym, inte ett personnummer.",
            );
        } else if looks_like_name(&handlaggare) && self.handlaggare_ej_namn.trim() != "ja" {
            e.add("handlaggare", NAMNLIK_KOD);
        }
        let kon = match self.kon.trim() {
            "" => Some(Kon::Okant),
            v => Kon::from_code(v),
        };
        if kon.is_none() {
            e.add("kon", "Välj kvinna, man eller okänt.");
        }
        let alder = match self.alder.trim() {
            "" => None,
            v => match v.parse::<i32>() {
                Ok(a) if ALDER.contains(&a) => Some(a),
                Ok(_) => {
                    e.add("alder", "Åldern ska vara mellan 0 och 120 år.");
                    None
                }
                Err(_) => {
                    e.add(
                        "alder",
                        "Skriv åldern i hela år, eller lämna tomt om den är okänd.",
                    );
                    None
                }
            },
        };
        let bostadskommun = match self.bostadskommun.trim() {
            "" => None,
            v if v.len() == 4 && v.chars().all(|c| c.is_ascii_digit()) => Some(v.to_string()),
            _ => {
                e.add("bostadskommun", "Välj en kommun i listan.");
                None
            }
        };
        let ersattning = codes(
            &self.ersattning,
            Ersattning::from_code,
            "ersattning",
            "ersättning",
            &mut e,
        );
        let malgrupper = codes(
            &self.malgrupper,
            Malgrupp::from_code,
            "malgrupp",
            "målgrupp",
            &mut e,
        );
        let samverkansproblem = match self.samverkansproblem.trim() {
            "" => None,
            v => {
                let s = Samverkansproblem::from_code(v);
                if s.is_none() {
                    e.add("samverkansproblem", "Välj ett samverkansproblem i listan.");
                }
                s
            }
        };
        let beskrivning = self.beskrivning.trim().to_string();
        if beskrivning.chars().count() > BESKRIVNING_MAX {
            e.add(
                "beskrivning",
                format!(
                    "Beskrivningen får vara högst {BESKRIVNING_MAX} tecken (nu {}).",
                    beskrivning.chars().count()
                ),
            );
        } else if crate::validate::has_control_chars(&beskrivning) {
            e.add("beskrivning", crate::validate::CONTROL_CHARACTERS);
        } else if contains_personnummer(&beskrivning) {
            e.add(
                "beskrivning",
                "Beskrivningen innehåller något som liknar ett personnummer eller samordningsnummer. \
                 Ärendet är avidentifierat: ta bort numret och skriv inga namn.",
            );
        }
        match (id, lokus, inkom, avsandare, kon) {
            (Some(id), Some(lokus), Some(inkom), Some(avsandare), Some(kon)) if e.is_empty() => {
                Ok(ValidArende {
                    id,
                    lokus,
                    inkom,
                    kanal,
                    avsandare,
                    handlaggare: (!handlaggare.is_empty()).then_some(handlaggare),
                    kon,
                    alder,
                    bostadskommun,
                    ersattning,
                    malgrupper,
                    samverkansproblem,
                    beskrivning,
                })
            }
            _ => Err(e),
        }
    }
}

/// Codes from repeated form keys, sorted and deduplicated; an unknown one is an error on `field`
/// ("Okänd {what}: välj i listan.").
pub(crate) fn codes<T: Copy + Ord>(
    input: &[String],
    from_code: fn(&str) -> Option<T>,
    field: &'static str,
    what: &str,
    e: &mut FieldErrors,
) -> Vec<T> {
    let mut out = Vec::new();
    for v in input {
        match from_code(v.trim()) {
            Some(c) => out.push(c),
            None => {
                e.add(field, format!("Okänd {what}: välj i listan."));
                return Vec::new();
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A checked ärende, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidArende {
    pub id: Uuid,
    pub lokus: Uuid,
    pub inkom: Date,
    pub kanal: Option<Kanal>,
    pub avsandare: Avsandare,
    pub handlaggare: Option<String>,
    pub kon: Kon,
    pub alder: Option<i32>,
    pub bostadskommun: Option<String>,
    pub ersattning: Vec<Ersattning>,
    pub malgrupper: Vec<Malgrupp>,
    pub samverkansproblem: Option<Samverkansproblem>,
    pub beskrivning: String,
}

/// The ärende number `{year}-{LOKUS code}-{seq}` with at least three digits (DESIGN §5).
pub fn arende_nummer(year: i32, lokus_kod: &str, seq: i32) -> String {
    format!("{year}-{lokus_kod}-{seq:03}")
}

#[cfg(test)]
mod tests;
