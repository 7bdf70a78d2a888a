//! Validated input types. Each `parse` takes what a person typed and returns either the value
//! or a Swedish message meant to be shown next to the field.

use serde::Serialize;

/// One problem with one form field, in Swedish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// All problems with a submitted form, in field order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push(FieldError {
            field,
            message: message.into(),
        });
    }

    /// Records the error of a parse result and returns the value, if any.
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(m) => {
                self.add(field, m);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for one field, for rendering it beside the input.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn single(field: &'static str, message: impl Into<String>) -> Self {
        let mut e = Self::new();
        e.add(field, message);
        e
    }
}

fn required(input: &str, what: &str, max: usize) -> Result<String, String> {
    let v = input.trim();
    if v.is_empty() {
        return Err(format!("Fyll i {what}."));
    }
    if v.chars().count() > max {
        return Err(format!("{} får vara högst {max} tecken.", capitalise(what)));
    }
    if v.chars().any(|c| c.is_control()) {
        return Err(format!("{} innehåller otillåtna tecken.", capitalise(what)));
    }
    if crate::arende::contains_personnummer(v) {
        return Err(format!(
            "{} innehåller något som liknar ett personnummer.",
            capitalise(what)
        ));
    }
    Ok(v.to_string())
}

/// The message for text with control characters (NUL, escape, …), which no keyboard types.
pub const CONTROL_CHARACTERS: &str = "Texten innehåller otillåtna tecken (styrtecken). Skriv om texten eller klistra in den på nytt.";

/// True when `text` holds control characters other than tab and line breaks.
pub fn has_control_chars(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// A trimmed, multi-line free text of at most `max` characters without control characters or
/// personnummer (`refusal` says why a personnummer is refused here); empty allowed.
pub fn free_text(
    input: &str,
    max: usize,
    field: &'static str,
    refusal: &str,
    e: &mut FieldErrors,
) -> String {
    let v = input.trim().to_string();
    if v.chars().count() > max {
        e.add(field, format!("Texten får vara högst {max} tecken."));
    } else if has_control_chars(&v) {
        e.add(field, CONTROL_CHARACTERS);
    } else if crate::arende::contains_personnummer(&v) {
        e.add(field, refusal.to_string());
    }
    v
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A required display name (of a person, organisation, unit, LOKUS group or förbund).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub const MAX: usize = 120;

    pub fn parse(input: &str, what: &str) -> Result<Name, String> {
        required(input, what, Self::MAX).map(Name)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address, kept as typed but trimmed; compared case-insensitively by the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, String> {
        let v = required(input, "e-postadress", 254)?;
        let valid = match v.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !v.contains(char::is_whitespace)
                    && !domain.contains('@')
            }
            None => false,
        };
        if valid {
            Ok(Email(v))
        } else {
            Err("Skriv e-postadressen som namn@exempel.se.".into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: at least 12 characters, at most 200.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl NewPassword {
    pub const MIN: usize = 12;
    pub const MAX: usize = 200;

    pub fn parse(input: &str) -> Result<NewPassword, String> {
        let n = input.chars().count();
        if n < Self::MIN {
            return Err(format!(
                "Lösenordet måste ha minst {} tecken (nu {n}).",
                Self::MIN
            ));
        }
        if n > Self::MAX {
            return Err(format!("Lösenordet får vara högst {} tecken.", Self::MAX));
        }
        if input.trim().is_empty() {
            return Err("Lösenordet får inte bara bestå av mellanslag.".into());
        }
        Ok(NewPassword(input.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The short ASCII name of a förbund used in URLs and on the command line, e.g. `fjardlunda`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn parse(input: &str) -> Result<Slug, String> {
        let v = input.trim().to_ascii_lowercase();
        let ok = (2..=40).contains(&v.len())
            && v.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !v.starts_with('-')
            && !v.ends_with('-');
        if ok {
            Ok(Slug(v))
        } else {
            Err(
                "Kortnamnet ska ha 2–40 tecken: a–z, 0–9 och bindestreck (inte först eller sist)."
                    .into(),
            )
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Swedish organisationsnummer, stored as `NNNNNN-NNNN`, with its Luhn check digit verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgNr(String);

impl OrgNr {
    pub fn parse(input: &str) -> Result<OrgNr, String> {
        let digits: String = input.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
        if digits.len() != 10 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err("Skriv organisationsnumret med tio siffror, t.ex. 222000-1234.".into());
        }
        if !luhn_valid(&digits) {
            return Err("Organisationsnumret har fel kontrollsiffra.".into());
        }
        Ok(OrgNr(format!("{}-{}", &digits[..6], &digits[6..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Luhn (mod 10) check used by Swedish organisations- and personnummer.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().enumerate() {
        let Some(d) = c.to_digit(10) else {
            return false;
        };
        let v = if i % 2 == 0 { d * 2 } else { d };
        sum += if v > 9 { v - 9 } else { v };
    }
    sum % 10 == 0
}

/// The code of a LOKUS group: 2–5 capital letters A–Z, e.g. `STL`. Used in ärende numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LokusKod(String);

impl LokusKod {
    pub fn parse(input: &str) -> Result<LokusKod, String> {
        let v = input.trim().to_ascii_uppercase();
        if (2..=5).contains(&v.len()) && v.chars().all(|c| c.is_ascii_uppercase()) {
            Ok(LokusKod(v))
        } else {
            Err("Koden ska vara 2–5 bokstäver A–Z, t.ex. STL.".into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A date typed as `YYYY-MM-DD` (what `<input type="date">` sends).
pub fn parse_date(input: &str, what: &str) -> Result<time::Date, String> {
    let v = input.trim();
    if v.is_empty() {
        return Err(format!("Fyll i {what}."));
    }
    time::Date::parse(v, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|_| "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-01.".to_string())
}

/// A whole number within a range, e.g. a timeout in minutes.
pub fn parse_int_in(input: &str, what: &str, min: i32, max: i32) -> Result<i32, String> {
    match input.trim().parse::<i32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        Ok(_) => Err(format!(
            "{} ska vara mellan {min} och {max}.",
            capitalise(what)
        )),
        Err(_) => Err(format!("Skriv {what} som ett heltal.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_required_and_bounded() {
        assert_eq!(Name::parse("  Åsa ", "namn").unwrap().as_str(), "Åsa");
        assert_eq!(Name::parse(" ", "namn").unwrap_err(), "Fyll i namn.");
        assert!(Name::parse(&"x".repeat(121), "namn").is_err());
        assert!(Name::parse("a\u{0}b", "namn").is_err());
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(Email::parse("a@b.se").is_ok());
        for bad in ["", "a", "a@b", "@b.se", "a@.se", "a b@c.se", "a@b@c.se"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_need_twelve_characters() {
        assert!(NewPassword::parse("elva tecken").is_err());
        assert!(NewPassword::parse("tolv tecken!").is_ok());
        assert!(NewPassword::parse("            ").is_err());
        assert!(
            NewPassword::parse("åäöåäöåäöåäö").is_ok(),
            "counts characters, not bytes"
        );
    }

    #[test]
    fn slugs_are_lowercase_ascii() {
        assert_eq!(Slug::parse("Fjardlunda").unwrap().as_str(), "fjardlunda");
        for bad in ["f", "fjärdlunda", "-a", "a-", "a b"] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn organisation_numbers_check_luhn() {
        assert_eq!(OrgNr::parse("2120001355").unwrap().as_str(), "212000-1355");
        assert!(OrgNr::parse("212000-1356").is_err());
        assert!(OrgNr::parse("12345").is_err());
    }

    #[test]
    fn lokus_codes_are_two_to_five_letters() {
        assert_eq!(LokusKod::parse("stl").unwrap().as_str(), "STL");
        for bad in ["S", "STLXYZ", "ST1", "ÅÄ"] {
            assert!(LokusKod::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ints_are_range_checked() {
        assert_eq!(parse_int_in(" 30 ", "tid", 5, 480), Ok(30));
        assert!(parse_int_in("4", "tid", 5, 480).is_err());
        assert!(parse_int_in("x", "tid", 5, 480).is_err());
    }
}
