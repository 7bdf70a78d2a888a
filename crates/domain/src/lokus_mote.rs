//! LOKUS meetings: the meeting's status, the finer age bands of the pre-read (DESIGN §5),
//! and the forms of the meeting page parsed into checked values with Swedish messages.

use crate::code_enum;
use crate::validate::{FieldErrors, parse_date};
use time::{Date, Time};

code_enum! {
    /// planerat → genomfört → justerat; a justerat meeting never changes again.
    MoteStatus {
        Planerat => "planerat", "Planerat";
        Genomfort => "genomfort", "Genomfört";
        Justerat => "justerat", "Justerat";
    }
}

/// The finer age bands of DESIGN §5 (16–19 … 60–), for the de-identified pre-read.
pub fn fine_age_band(age: Option<i32>) -> &'static str {
    match age {
        None => "Okänd ålder",
        Some(a) if a < 16 => "Under 16 år",
        Some(a) if a < 20 => "16–19 år",
        Some(a) if a < 25 => "20–24 år",
        Some(a) if a < 30 => "25–29 år",
        Some(a) if a < 40 => "30–39 år",
        Some(a) if a < 50 => "40–49 år",
        Some(a) if a < 60 => "50–59 år",
        Some(_) => "60 år och äldre",
    }
}

const NO_PERSONNUMMER: &str =
    "Texten innehåller något som liknar ett personnummer. Skriv avidentifierat: ta bort numret.";

/// A trimmed free text of at most `max` characters without personnummer; empty allowed.
pub fn free_text(input: &str, max: usize, field: &'static str, e: &mut FieldErrors) -> String {
    crate::validate::free_text(input, max, field, NO_PERSONNUMMER, e)
}

/// The meeting's date, time and place as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct MoteForm {
    #[serde(default)]
    pub datum: String,
    #[serde(default)]
    pub tid: String,
    #[serde(default)]
    pub plats: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMote {
    pub datum: Date,
    pub tid: Time,
    pub plats: String,
}

/// `HH:MM` (or `H:MM`, or `HH.MM` as Swedes often write it).
pub fn parse_time(input: &str) -> Result<Time, String> {
    let v = input.trim();
    if v.is_empty() {
        return Err("Fyll i när mötet börjar.".into());
    }
    let bad = || "Skriv tiden som TT:MM, t.ex. 09:30.".to_string();
    let (h, m) = v.split_once([':', '.']).ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u8 = h.parse().map_err(|_| bad())?;
    let m: u8 = m.parse().map_err(|_| bad())?;
    Time::from_hms(h, m, 0).map_err(|_| bad())
}

impl MoteForm {
    /// Checks every field; a meeting may lie at most two years back or ahead of `today`.
    pub fn parse(&self, today: Date) -> Result<NewMote, FieldErrors> {
        let mut e = FieldErrors::new();
        let datum = e.check("datum", parse_date(&self.datum, "mötets datum"));
        let datum = datum.and_then(|d| {
            if (d - today).whole_days().abs() > 730 {
                e.add("datum", "Datumet måste ligga inom två år från i dag.");
                None
            } else {
                Some(d)
            }
        });
        let tid = e.check("tid", parse_time(&self.tid));
        let plats = free_text(&self.plats, 200, "plats", &mut e);
        if plats.is_empty() && e.get("plats").is_none() {
            e.add("plats", "Fyll i var mötet hålls.");
        }
        match (datum, tid, e.is_empty()) {
            (Some(datum), Some(tid), true) => Ok(NewMote { datum, tid, plats }),
            _ => Err(e),
        }
    }
}

/// A free agenda item as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PunktForm {
    #[serde(default)]
    pub rubrik: String,
    #[serde(default)]
    pub punkt_text: String,
}

impl PunktForm {
    pub fn parse(&self) -> Result<(String, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let rubrik = free_text(&self.rubrik, 200, "rubrik", &mut e);
        if rubrik.is_empty() && e.get("rubrik").is_none() {
            e.add("rubrik", "Fyll i en rubrik för punkten.");
        }
        let text = free_text(&self.punkt_text, 2000, "punkt_text", &mut e);
        if e.is_empty() {
            Ok((rubrik, text))
        } else {
            Err(e)
        }
    }
}

/// A decision on one item as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct BeslutForm {
    #[serde(default)]
    pub beslut: String,
    #[serde(default)]
    pub vem: String,
    #[serde(default)]
    pub senast: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beslut {
    pub beslut: String,
    pub vem: Option<String>,
    pub senast: Option<Date>,
}

impl BeslutForm {
    /// Field names carry the item's id so that every item's form has its own ids on the page.
    pub fn parse(&self, today: Date) -> Result<Beslut, FieldErrors> {
        let mut e = FieldErrors::new();
        let beslut = free_text(&self.beslut, 4000, "beslut", &mut e);
        if beslut.is_empty() && e.get("beslut").is_none() {
            e.add("beslut", "Skriv rekommendationen eller beslutet.");
        }
        let vem = free_text(&self.vem, 200, "vem", &mut e);
        let senast = if self.senast.trim().is_empty() {
            None
        } else {
            e.check("senast", parse_date(&self.senast, "datum för uppföljning"))
                .and_then(|d| {
                    if d < today - time::Duration::days(366) {
                        e.add(
                            "senast",
                            "Datumet för uppföljning ligger för långt bak i tiden.",
                        );
                        None
                    } else {
                        Some(d)
                    }
                })
        };
        if senast.is_some() && vem.is_empty() && e.get("vem").is_none() {
            e.add("vem", "Skriv vem som följer upp till det datumet.");
        }
        if e.is_empty() {
            Ok(Beslut {
                beslut,
                vem: (!vem.is_empty()).then_some(vem),
                senast,
            })
        } else {
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn fine_age_bands_follow_the_design() {
        assert_eq!(fine_age_band(None), "Okänd ålder");
        assert_eq!(fine_age_band(Some(15)), "Under 16 år");
        assert_eq!(fine_age_band(Some(16)), "16–19 år");
        assert_eq!(fine_age_band(Some(24)), "20–24 år");
        assert_eq!(fine_age_band(Some(29)), "25–29 år");
        assert_eq!(fine_age_band(Some(30)), "30–39 år");
        assert_eq!(fine_age_band(Some(59)), "50–59 år");
        assert_eq!(fine_age_band(Some(60)), "60 år och äldre");
    }

    #[test]
    fn times_are_read_as_swedes_write_them() {
        assert_eq!(
            parse_time("09:30"),
            Time::from_hms(9, 30, 0).map_err(|_| String::new())
        );
        assert_eq!(
            parse_time("9.05"),
            Time::from_hms(9, 5, 0).map_err(|_| String::new())
        );
        assert!(parse_time("25:00").is_err());
        assert!(parse_time("9").is_err());
        assert!(parse_time("").is_err());
    }

    #[test]
    fn a_meeting_form_gets_a_message_per_field() {
        let today = date!(2026 - 11 - 22);
        let bad = MoteForm {
            datum: "2026-13-01".into(),
            tid: "kl 9".into(),
            plats: "x".repeat(201),
        };
        let e = bad.parse(today).unwrap_err();
        assert!(e.get("datum").is_some() && e.get("tid").is_some() && e.get("plats").is_some());
        let far = MoteForm {
            datum: "2030-01-01".into(),
            tid: "09:00".into(),
            plats: "Stadshuset".into(),
        };
        assert!(far.parse(today).unwrap_err().get("datum").is_some());
        let ok = MoteForm {
            datum: "2026-12-01".into(),
            tid: "13:15".into(),
            plats: " Stadshuset ".into(),
        };
        assert_eq!(ok.parse(today).unwrap().plats, "Stadshuset");
    }

    #[test]
    fn a_decision_needs_text_and_a_dated_follow_up_needs_someone() {
        let today = date!(2026 - 11 - 22);
        let e = BeslutForm::default().parse(today).unwrap_err();
        assert!(e.get("beslut").is_some());
        let e = BeslutForm {
            beslut: "Rekommendation".into(),
            vem: String::new(),
            senast: "2027-01-15".into(),
        }
        .parse(today)
        .unwrap_err();
        assert!(e.get("vem").is_some());
        let e = BeslutForm {
            beslut: "Kontakta 850709-9805".into(),
            ..BeslutForm::default()
        }
        .parse(today)
        .unwrap_err();
        assert!(e.get("beslut").is_some());
    }
}
