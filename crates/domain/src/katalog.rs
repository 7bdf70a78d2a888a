//! The insatskatalog (issue 15 §2): one entry's form as typed (on the page or as a CSV row),
//! parsed into a valid entry or Swedish messages per field, and what a suggestion matches on.
//!
//! Contacts are functions, not people: an e-mail address shaped like a person's
//! (`anna.svensson@…`, see [`looks_like_personal_email`]) or a contact role written like a name
//! ("Anna Svensson", [`looks_like_name`]) is refused unless the provider chose a named contact
//! person (`kontakt_person`). Free texts refuse personnummer and samordningsnummer shapes (the
//! same normalisation as the rest of Lotsen) and personal e-mail addresses unless so chosen.
//! References (organisation, unit, kommuner) are checked against the database by the core.

use crate::arende::{Ersattning, Malgrupp, contains_personnummer};
use crate::arende_form::{ALDER, Avsandare, looks_like_name};
use crate::code_enum;
use crate::validate::{Email, FieldErrors, Name, free_text, has_control_chars, parse_date};
use time::Date;
use uuid::Uuid;

/// The longest description, eligibility note or referral text.
pub const TEXT_MAX: usize = 2000;
/// The longest contact role.
pub const FUNKTION_MAX: usize = 120;

code_enum! {
    /// Whether an entry is offered now.
    KatalogStatus {
        Aktiv => "aktiv", "Aktiv";
        Avslutad => "avslutad", "Avslutad";
    }
}

/// A catalogue entry's short code, unique in the förbund: 1–20 of A–Z, 0–9, `-` and `_`,
/// starting with a letter or digit (typed in any case; stored upper-case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KatalogKod(String);

impl KatalogKod {
    pub fn parse(input: &str) -> Result<KatalogKod, String> {
        let v = input.trim().to_ascii_uppercase();
        if v.is_empty() {
            return Err("Fyll i en kod, t.ex. STL-ARBETSTRANING.".into());
        }
        let ok = v.len() <= 20
            && v.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && v.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if ok {
            Ok(KatalogKod(v))
        } else {
            Err(
                "Koden får ha högst 20 tecken: bokstäverna A–Z (utan å, ä, ö), siffror, - och _."
                    .into(),
            )
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Who provides an entry: the förbund itself, an organisation of the förbund, or one of its
/// units. The form value is `forbund`, `org:<id>` or `enhet:<id>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anordnare {
    Forbund,
    Organisation(Uuid),
    Enhet(Uuid),
}

impl Anordnare {
    pub fn parse(input: &str) -> Option<Anordnare> {
        match input.trim() {
            "forbund" => Some(Anordnare::Forbund),
            v => Avsandare::parse(v).map(|a| match a {
                Avsandare::Organisation(o) => Anordnare::Organisation(o),
                Avsandare::Enhet(e) => Anordnare::Enhet(e),
            }),
        }
    }

    pub fn value(self) -> String {
        match self {
            Anordnare::Forbund => "forbund".into(),
            Anordnare::Organisation(o) => Avsandare::Organisation(o).value(),
            Anordnare::Enhet(e) => Avsandare::Enhet(e).value(),
        }
    }
}

/// Words that name a function, not a person, in a mailbox such as `mottagning.stenback@…`.
const FUNCTION_WORDS: &[&str] = &[
    "info",
    "kontakt",
    "post",
    "registrator",
    "reception",
    "mottagning",
    "mottagningen",
    "team",
    "stod",
    "insats",
    "insatser",
    "insatsen",
    "lots",
    "lotsen",
    "lotsning",
    "samordning",
    "samverkan",
    "samordnare",
    "forbund",
    "kommun",
    "region",
    "vard",
    "halsa",
    "rehab",
    "rehabilitering",
    "arbete",
    "arbetsmarknad",
    "jobb",
    "ung",
    "unga",
    "ungdom",
    "aktivitet",
    "support",
    "service",
    "kansli",
    "socialtjanst",
    "boende",
    "coach",
    "coacher",
    "kurator",
    "funktion",
    "brevlada",
    "noreply",
    "projekt",
    "enhet",
    "centrum",
    "center",
    "halsocentral",
    "psykiatri",
    "vuxen",
    "barn",
    "familj",
    "stodcentrum",
    "matchning",
    "studie",
    "vagledning",
];

/// Longer stems that make a word a function's, wherever they occur (`arbetstraning`,
/// `halsocentralen`, `verkstan`); at least five letters, so no common surname holds one.
const FUNCTION_STEMS: &[&str] = &[
    "traning", "mottag", "arbets", "halso", "insats", "coach", "lotsn", "kontakt", "servic",
    "centr", "verksta", "enheten", "studie", "skola", "projekt", "samord", "samver", "social",
    "psykia", "vardce", "forbun", "kommun", "region", "matchn", "rehab", "stodet", "boende",
];

fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        })
        .collect()
}

/// Whether an e-mail address is shaped like a person's: its local part is two or three
/// words of letters only (at least two letters each), joined by `.`, `_` or `-`, none of them
/// a word that names a function (`mottagning`, `info`, `team`, …) or holds a function's
/// stem (`FUNCTION_STEMS`). So `anna.svensson@…` and `karl-erik.ek@…` are personal;
/// `mottagning.stenback@…`, `info@…`, `ung-insats@…` and `arbetstraning.verkstan@…` are not.
pub fn looks_like_personal_email(address: &str) -> bool {
    let Some((local, _)) = address.trim().split_once('@') else {
        return false;
    };
    let words: Vec<String> = local.split(['.', '_', '-']).map(fold).collect();
    (2..=3).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic))
        && !words.iter().any(|w| {
            FUNCTION_WORDS.contains(&w.as_str()) || FUNCTION_STEMS.iter().any(|s| w.contains(s))
        })
}

/// The first personal-looking e-mail address in a free text, if any.
fn personal_email_in(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '<' | '>'))
        .map(|w| w.trim_end_matches(['.', ':']))
        .any(|w| w.contains('@') && looks_like_personal_email(w))
}

/// One entry as typed (every field kept, to show it again with errors). The field names are
/// the CSV columns' (DESIGN §6.7); checkbox groups arrive as repeated keys.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct KatalogForm {
    pub kod: String,
    pub namn: String,
    pub beskrivning: String,
    /// `forbund`, `org:<id>` or `enhet:<id>`.
    pub anordnare: String,
    /// SCB codes; none means every kommun of the förbund.
    pub kommuner: Vec<String>,
    /// Målgrupp codes; none means every målgrupp.
    pub malgrupper: Vec<String>,
    pub alder_min: String,
    pub alder_max: String,
    /// Ersättning codes of which the individual must have one; none means no requirement.
    pub krav_ersattning: Vec<String>,
    pub villkor: String,
    pub remiss: String,
    pub kontakt_funktion: String,
    pub kontakt_epost: String,
    pub kontakt_telefon: String,
    /// `ja` (or a checkbox's `on`) when the provider chose a named contact person.
    pub kontakt_person: String,
    pub fran: String,
    pub till: String,
    pub status: String,
    /// `ja` (or `on`) when the entry is shown on the förbund's public page.
    pub publik: String,
}

/// A yes/no field: a checkbox's `on`, or `ja`/`nej` (also `1`/`0`, `x`) in a CSV cell.
pub fn parse_yes(input: &str) -> Option<bool> {
    match input.trim().to_lowercase().as_str() {
        "ja" | "on" | "1" | "x" | "true" | "sant" => Some(true),
        "" | "nej" | "0" | "false" | "falskt" => Some(false),
        _ => None,
    }
}

impl KatalogForm {
    pub fn has(&self, list: &str, code: &str) -> bool {
        let l = match list {
            "kommuner" => &self.kommuner,
            "malgrupper" => &self.malgrupper,
            _ => &self.krav_ersattning,
        };
        l.iter().any(|c| c == code)
    }

    pub fn is_yes(&self, field: &str) -> bool {
        let v = if field == "publik" {
            &self.publik
        } else {
            &self.kontakt_person
        };
        parse_yes(v) == Some(true)
    }

    /// Checks every field that needs no database.
    pub fn parse(&self) -> Result<ValidKatalog, FieldErrors> {
        let mut e = FieldErrors::new();
        let kod = e.check("kod", KatalogKod::parse(&self.kod));
        let namn = e.check("namn", Name::parse(&self.namn, "insatsens namn"));
        let anordnare = Anordnare::parse(&self.anordnare);
        if anordnare.is_none() {
            e.add(
                "anordnare",
                "Välj vem som anordnar insatsen: förbundet, en organisation eller en enhet.",
            );
        }
        let kontakt_person = yes(&self.kontakt_person, "kontakt_person", &mut e);
        let publik = yes(&self.publik, "publik", &mut e);
        let refusal = "Texten innehåller något som liknar ett personnummer eller samordningsnummer. \
             Katalogen beskriver insatser, inte personer: ta bort numret.";
        let text = |value: &str, field: &'static str, e: &mut FieldErrors| {
            let v = free_text(value, TEXT_MAX, field, refusal, e);
            if !kontakt_person && e.get(field).is_none() && personal_email_in(&v) {
                e.add(field, PERSONAL_EMAIL);
            }
            v
        };
        let beskrivning = text(&self.beskrivning, "beskrivning", &mut e);
        let villkor = text(&self.villkor, "villkor", &mut e);
        let remiss = text(&self.remiss, "remiss", &mut e);

        let kontakt_funktion = self.kontakt_funktion.trim().to_string();
        if kontakt_funktion.chars().count() > FUNKTION_MAX {
            e.add(
                "kontakt_funktion",
                format!("Funktionen får vara högst {FUNKTION_MAX} tecken."),
            );
        } else if has_control_chars(&kontakt_funktion) {
            e.add("kontakt_funktion", crate::validate::CONTROL_CHARACTERS);
        } else if contains_personnummer(&kontakt_funktion) {
            e.add(
                "kontakt_funktion",
                "Skriv en funktion eller roll, inte ett personnummer.",
            );
        } else if !kontakt_person && looks_like_name(&kontakt_funktion) {
            e.add(
                "kontakt_funktion",
                "Det ser ut som en persons namn. Skriv en funktion eller roll (t.ex. \
                 Mottagningen eller Samordnare), eller kryssa i att anordnaren har valt en \
                 namngiven kontaktperson.",
            );
        }
        let kontakt_epost = self.kontakt_epost.trim().to_string();
        if !kontakt_epost.is_empty() {
            if let Err(m) = Email::parse(&kontakt_epost) {
                e.add("kontakt_epost", m);
            } else if !kontakt_person && looks_like_personal_email(&kontakt_epost) {
                e.add("kontakt_epost", PERSONAL_EMAIL);
            }
        }
        let kontakt_telefon = self.kontakt_telefon.trim().to_string();
        if !kontakt_telefon.is_empty() {
            let digits = kontakt_telefon.chars().filter(char::is_ascii_digit).count();
            let allowed = kontakt_telefon
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'));
            if !allowed || !(5..=15).contains(&digits) {
                e.add(
                    "kontakt_telefon",
                    "Skriv telefonnumret med siffror, t.ex. 0123-45 67 00.",
                );
            }
        }
        if kontakt_epost.is_empty() && kontakt_telefon.is_empty() && remiss.is_empty() {
            e.add(
                "kontakt_epost",
                "Ange hur man når insatsen: en funktionsbrevlåda, ett telefonnummer eller hur man remitterar.",
            );
        }

        let alder_min = age(&self.alder_min, "alder_min", &mut e);
        let alder_max = age(&self.alder_max, "alder_max", &mut e);
        if let (Some(lo), Some(hi)) = (alder_min, alder_max)
            && lo > hi
        {
            e.add(
                "alder_max",
                "Högsta åldern kan inte vara lägre än den lägsta.",
            );
        }

        let mut kommuner: Vec<String> = Vec::new();
        for k in &self.kommuner {
            let k = k.trim();
            if k.len() == 4 && k.chars().all(|c| c.is_ascii_digit()) {
                kommuner.push(k.to_string());
            } else {
                e.add("kommuner", "Välj kommuner i listan.");
                break;
            }
        }
        kommuner.sort();
        kommuner.dedup();
        let malgrupper = codes(
            &self.malgrupper,
            Malgrupp::parse,
            "malgrupper",
            "målgrupp",
            &mut e,
        );
        let krav_ersattning = codes(
            &self.krav_ersattning,
            Ersattning::parse,
            "krav_ersattning",
            "ersättning",
            &mut e,
        );

        let date = |v: &str, field: &'static str, e: &mut FieldErrors| match v.trim() {
            "" => None,
            v => e.check(field, parse_date(v, "datumet")),
        };
        let fran = date(&self.fran, "fran", &mut e);
        let till = date(&self.till, "till", &mut e);
        if let (Some(f), Some(t)) = (fran, till)
            && f > t
        {
            e.add("till", "Slutdatumet kan inte ligga före startdatumet.");
        }
        let status = match self.status.trim() {
            "" => Some(KatalogStatus::Aktiv),
            v => KatalogStatus::parse(v),
        };
        if status.is_none() {
            e.add("status", "Välj aktiv eller avslutad.");
        }

        match (kod, namn, anordnare, status) {
            (Some(kod), Some(namn), Some(anordnare), Some(status)) if e.is_empty() => {
                Ok(ValidKatalog {
                    kod,
                    namn,
                    beskrivning,
                    anordnare,
                    kommuner,
                    malgrupper,
                    alder_min,
                    alder_max,
                    krav_ersattning,
                    villkor,
                    remiss,
                    kontakt_funktion,
                    kontakt_epost,
                    kontakt_telefon,
                    kontakt_person,
                    fran,
                    till,
                    status,
                    publik,
                })
            }
            _ => Err(e),
        }
    }
}

const PERSONAL_EMAIL: &str = "Adressen ser ut att gå till en person. Använd en funktionsbrevlåda \
     (t.ex. mottagning@…), eller kryssa i att anordnaren har valt en namngiven kontaktperson.";

fn yes(v: &str, field: &'static str, e: &mut FieldErrors) -> bool {
    parse_yes(v).unwrap_or_else(|| {
        e.add(field, "Skriv ja eller nej.");
        false
    })
}

fn age(v: &str, field: &'static str, e: &mut FieldErrors) -> Option<i32> {
    match v.trim() {
        "" => None,
        v => match v.parse::<i32>() {
            Ok(a) if ALDER.contains(&a) => Some(a),
            _ => {
                e.add(
                    field,
                    "Skriv åldern i hela år mellan 0 och 120, eller lämna tomt.",
                );
                None
            }
        },
    }
}

fn codes<T: Copy + Ord>(
    input: &[String],
    parse: fn(&str) -> Option<T>,
    field: &'static str,
    what: &str,
    e: &mut FieldErrors,
) -> Vec<T> {
    let mut out = Vec::new();
    for v in input.iter().filter(|v| !v.trim().is_empty()) {
        match parse(v) {
            Some(c) => out.push(c),
            None => {
                e.add(field, format!("Okänd {what}: {}. Välj i listan.", v.trim()));
                return Vec::new();
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A checked entry, ready to be stored once its references are checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidKatalog {
    pub kod: KatalogKod,
    pub namn: Name,
    pub beskrivning: String,
    pub anordnare: Anordnare,
    pub kommuner: Vec<String>,
    pub malgrupper: Vec<Malgrupp>,
    pub alder_min: Option<i32>,
    pub alder_max: Option<i32>,
    pub krav_ersattning: Vec<Ersattning>,
    pub villkor: String,
    pub remiss: String,
    pub kontakt_funktion: String,
    pub kontakt_epost: String,
    pub kontakt_telefon: String,
    pub kontakt_person: bool,
    pub fran: Option<Date>,
    pub till: Option<Date>,
    pub status: KatalogStatus,
    pub publik: bool,
}

/// What "Insatser som kan passa" matches on: the individual's bostadskommun, age, målgrupper
/// and ersättningar, all optional. An entry matches when it is active and current, serves the
/// kommun (or every kommun), admits the age (an unknown age passes), is for one of the
/// målgrupper (or every målgrupp; with no målgrupp given, any entry), and — when it requires
/// an ersättning — the individual has one of those.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matchning {
    pub kommun: Option<String>,
    pub alder: Option<i32>,
    pub malgrupper: Vec<Malgrupp>,
    pub ersattning: Vec<Ersattning>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> KatalogForm {
        KatalogForm {
            kod: "stl-arb".into(),
            namn: "Arbetsträning Stenbäck".into(),
            anordnare: "forbund".into(),
            kontakt_epost: "mottagning@stenback.se".into(),
            ..KatalogForm::default()
        }
    }

    #[test]
    fn a_minimal_entry_parses_with_an_upper_case_code() {
        let v = form().parse().unwrap();
        assert_eq!(v.kod.as_str(), "STL-ARB");
        assert_eq!(v.status, KatalogStatus::Aktiv);
        assert!(!v.publik);
    }

    #[test]
    fn personal_addresses_are_recognised() {
        for p in ["anna.svensson@x.se", "karl-erik.ek@x.se", "Åsa_Öberg@x.se"] {
            assert!(looks_like_personal_email(p), "{p}");
        }
        for f in [
            "info@x.se",
            "mottagning.stenback@x.se",
            "ung-insats@x.se",
            "team4.lovsjo@x.se",
            "anna@x.se",
            "arbetstraning.verkstan@x.se",
        ] {
            assert!(!looks_like_personal_email(f), "{f}");
        }
    }

    #[test]
    fn a_person_as_contact_needs_the_providers_choice() {
        let mut f = form();
        f.kontakt_epost = "anna.svensson@stenback.se".into();
        f.kontakt_funktion = "Anna Svensson".into();
        let e = f.parse().unwrap_err();
        assert!(e.get("kontakt_epost").is_some());
        assert!(e.get("kontakt_funktion").is_some());
        f.kontakt_person = "ja".into();
        assert!(f.parse().is_ok());
    }

    #[test]
    fn free_texts_refuse_personnummer_and_personal_addresses() {
        let mut f = form();
        f.villkor = "Gäller 19800101-1234".into();
        f.remiss = "Mejla lisa.berg@x.se".into();
        let e = f.parse().unwrap_err();
        assert!(e.get("villkor").is_some());
        assert!(e.get("remiss").is_some());
    }

    #[test]
    fn ranges_codes_and_dates_are_checked() {
        let mut f = form();
        f.alder_min = "30".into();
        f.alder_max = "20".into();
        f.fran = "2026-05-01".into();
        f.till = "2026-01-01".into();
        f.malgrupper = vec!["okand_grupp".into()];
        f.kommuner = vec!["Stenbäck".into()];
        f.kod = "ÅÄÖ".into();
        let e = f.parse().unwrap_err();
        for field in ["alder_max", "till", "malgrupper", "kommuner", "kod"] {
            assert!(e.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn some_way_to_reach_the_entry_is_required() {
        let mut f = form();
        f.kontakt_epost.clear();
        assert!(f.parse().unwrap_err().get("kontakt_epost").is_some());
        f.kontakt_telefon = "0123-45 67 00".into();
        assert!(f.parse().is_ok());
    }
}
