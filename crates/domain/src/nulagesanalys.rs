//! The nulägesanalys form (DOMAIN §4, §5E): a yearly round with its deadline, figure period
//! and questions, the answers as plain text, and the form's status. Pure rules; the core
//! stores and checks access.

use crate::FieldErrors;
use crate::lokus_mote::free_text;
use crate::validate::parse_date;
use time::{Date, Month};

/// The seven standard questions (Uppsala/Knivsta numbering), the default of a new round.
pub const STANDARD_QUESTIONS: [&str; 7] = [
    "Vilka mål-/behovsgrupper behöver stöd inom ramen för långsiktig samverkan?",
    "Vilka behov har dessa målgrupper på geografisk kommunnivå?",
    "Vilka behov har dessa målgrupper på länsnivå?",
    "Hur skiljer sig dessa behov mellan män och kvinnor i målgruppen?",
    "Vilka strukturområden behöver arbetas med inom ramen för långsiktig samverkan?",
    "Vilka specifika kompetenshöjande insatser finns det behov av på geografisk kommunnivå?",
    "Vilka specifika kompetenshöjande insatser finns det behov av på länsnivå?",
];

pub const QUESTION_MAX: usize = 500;
pub const ANSWER_MAX: usize = 8000;

/// The default deadline of a round: 1 September of its year.
pub fn default_deadline(ar: i32) -> Option<Date> {
    Date::from_calendar_date(ar, Month::September, 1).ok()
}

/// The default figure period of a round: the twelve months up to 30 June of its year, the
/// latest whole year of figures before the 1 September deadline.
pub fn default_period(ar: i32) -> Option<(Date, Date)> {
    Some((
        Date::from_calendar_date(ar - 1, Month::July, 1).ok()?,
        Date::from_calendar_date(ar, Month::June, 30).ok()?,
    ))
}

/// A round as typed on the form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct OmgangForm {
    #[serde(default)]
    pub ar: String,
    #[serde(default)]
    pub senast: String,
    #[serde(default)]
    pub fran: String,
    #[serde(default)]
    pub till: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Omgang {
    pub ar: i32,
    pub senast: Date,
    pub fran: Date,
    pub till: Date,
}

fn in_range(d: Date, field: &'static str, e: &mut FieldErrors) {
    if !(2000..=2100).contains(&d.year()) {
        e.add(field, "Datumet ska ligga mellan år 2000 och 2100.");
    }
}

impl OmgangForm {
    /// The form for a new round of `ar` with every default filled in.
    pub fn defaults(ar: i32) -> OmgangForm {
        let (fran, till) = default_period(ar).map_or((String::new(), String::new()), |(f, t)| {
            (f.to_string(), t.to_string())
        });
        OmgangForm {
            ar: ar.to_string(),
            senast: default_deadline(ar)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            fran,
            till,
        }
    }

    /// Parses the year (when `with_year`), the deadline and the period; an empty deadline or
    /// period takes the year's default.
    pub fn parse(&self, fixed_year: Option<i32>) -> Result<Omgang, FieldErrors> {
        let mut e = FieldErrors::new();
        let ar = match fixed_year {
            Some(a) => Some(a),
            None => e.check(
                "ar",
                crate::validate::parse_int_in(&self.ar, "året", 2000, 2100),
            ),
        };
        let date =
            |v: &str, field: &'static str, what: &str, dflt: Option<Date>, e: &mut FieldErrors| {
                if v.trim().is_empty()
                    && let Some(d) = dflt
                {
                    return Some(d);
                }
                let d = e.check(field, parse_date(v, what))?;
                in_range(d, field, e);
                Some(d)
            };
        let period = ar.and_then(default_period);
        let senast = date(
            &self.senast,
            "senast",
            "sista dag för svar",
            ar.and_then(default_deadline),
            &mut e,
        );
        let fran = date(
            &self.fran,
            "fran",
            "periodens första dag",
            period.map(|p| p.0),
            &mut e,
        );
        let till = date(
            &self.till,
            "till",
            "periodens sista dag",
            period.map(|p| p.1),
            &mut e,
        );
        if let (Some(f), Some(t)) = (fran, till)
            && f > t
        {
            e.add("till", "Periodens sista dag kan inte vara före den första.");
        }
        match (ar, senast, fran, till) {
            (Some(ar), Some(senast), Some(fran), Some(till)) if e.is_empty() => Ok(Omgang {
                ar,
                senast,
                fran,
                till,
            }),
            _ => Err(e),
        }
    }
}

/// A question's text: required, at most [`QUESTION_MAX`] characters.
pub fn question_text(input: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    let v = free_text(input, QUESTION_MAX, "text", &mut e);
    if v.is_empty() && e.is_empty() {
        e.add("text", "Skriv frågan.");
    }
    if e.is_empty() { Ok(v) } else { Err(e) }
}

/// The message for one answer, if it is not acceptable (too long, or a personnummer).
pub fn answer_error(input: &str) -> Option<String> {
    let mut e = FieldErrors::new();
    free_text(input, ANSWER_MAX, "svar", &mut e);
    e.0.into_iter().next().map(|f| f.message)
}

/// A block of an answer as shown: a paragraph or a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<String>),
    List(Vec<String>),
}

/// Splits plain text into paragraphs (separated by blank lines) and lists (lines starting
/// with "- "). The template escapes every string; no markup passes through.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let flush = |para: &mut Vec<String>, list: &mut Vec<String>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Paragraph(std::mem::take(para)));
        }
        if !list.is_empty() {
            out.push(Block::List(std::mem::take(list)));
        }
    };
    for line in text.lines() {
        let l = line.trim_end();
        if l.trim().is_empty() {
            flush(&mut para, &mut list, &mut out);
        } else if let Some(item) = l.trim_start().strip_prefix("- ") {
            if !para.is_empty() {
                out.push(Block::Paragraph(std::mem::take(&mut para)));
            }
            list.push(item.trim().to_string());
        } else {
            if !list.is_empty() {
                out.push(Block::List(std::mem::take(&mut list)));
            }
            para.push(l.trim().to_string());
        }
    }
    flush(&mut para, &mut list, &mut out);
    out
}

/// The status of a group's form in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    EjPaborjad,
    Utkast,
    Sen,
    Signerad { late: bool },
}

impl Status {
    /// `answered`: some answer is non-empty; `signed`: the signing date; `today` decides
    /// whether an unsigned form is late.
    pub fn of(answered: bool, signed: Option<Date>, deadline: Date, today: Date) -> Status {
        match signed {
            Some(d) => Status::Signerad { late: d > deadline },
            None if today > deadline => Status::Sen,
            None if answered => Status::Utkast,
            None => Status::EjPaborjad,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::EjPaborjad => "Ej påbörjad",
            Status::Utkast => "Utkast",
            Status::Sen => "Sen",
            Status::Signerad { late: false } => "Signerad",
            Status::Signerad { late: true } => "Signerad (sent)",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Status::EjPaborjad => "ej_paborjad",
            Status::Utkast => "utkast",
            Status::Sen => "sen",
            Status::Signerad { .. } => "signerad",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn defaults_are_first_september_and_twelve_months_to_june() {
        let o = OmgangForm {
            ar: "2026".into(),
            ..Default::default()
        }
        .parse(None)
        .unwrap();
        assert_eq!(o.senast, date!(2026 - 09 - 01));
        assert_eq!(
            (o.fran, o.till),
            (date!(2025 - 07 - 01), date!(2026 - 06 - 30))
        );
    }

    #[test]
    fn bad_dates_and_years_are_refused_per_field() {
        let e = OmgangForm {
            ar: "1999".into(),
            ..Default::default()
        }
        .parse(None)
        .unwrap_err();
        assert!(e.get("ar").is_some());
        let e = OmgangForm {
            ar: "2026".into(),
            senast: "2026-02-30".into(),
            fran: "2026-05-01".into(),
            till: "2026-01-01".into(),
        }
        .parse(None)
        .unwrap_err();
        assert!(e.get("senast").is_some());
        assert!(e.get("till").is_some());
    }

    #[test]
    fn blocks_split_paragraphs_and_lists() {
        let b = blocks("Ett\ntvå\n\n- a\n- b\nslut");
        assert_eq!(
            b,
            vec![
                Block::Paragraph(vec!["Ett".into(), "två".into()]),
                Block::List(vec!["a".into(), "b".into()]),
                Block::Paragraph(vec!["slut".into()]),
            ]
        );
    }

    #[test]
    fn status_late_and_signed_late() {
        let dl = date!(2026 - 09 - 01);
        assert_eq!(
            Status::of(false, None, dl, date!(2026 - 08 - 01)),
            Status::EjPaborjad
        );
        assert_eq!(
            Status::of(true, None, dl, date!(2026 - 09 - 01)),
            Status::Utkast
        );
        assert_eq!(
            Status::of(true, None, dl, date!(2026 - 09 - 02)),
            Status::Sen
        );
        assert_eq!(
            Status::of(true, Some(date!(2026 - 09 - 28)), dl, date!(2026 - 10 - 01)),
            Status::Signerad { late: true }
        );
    }

    #[test]
    fn answers_over_the_limit_are_refused() {
        assert!(answer_error(&"x".repeat(ANSWER_MAX + 1)).is_some());
        assert!(answer_error("Bra svar").is_none());
    }
}
