//! LOKUS meetings: the meeting's status, the finer age bands of the pre-read (DESIGN §5),
//! the forms of the meeting page parsed into checked values with Swedish messages, the
//! period guards (no meeting is held or justerat before its day; a justerat meeting keeps its
//! date) and the protokoll's § numbers, which run through the group's calendar year.

use crate::code_enum;
use crate::validate::{FieldErrors, parse_date};
use time::{Date, Time};
use uuid::Uuid;

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
    /// `ja` when the ärende is bordlagt: it comes up again at the group's next meeting.
    #[serde(default)]
    pub bordlagg: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beslut {
    pub beslut: String,
    pub vem: Option<String>,
    pub senast: Option<Date>,
    /// Bordlagt: the decision is recorded, but the ärende stays on the group's agenda.
    pub bordlagd: bool,
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
                bordlagd: self.bordlagg == "ja",
            })
        } else {
            Err(e)
        }
    }
}

/// The two steps that close a meeting, for [`may_close`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Avslut {
    /// Marking the meeting held (genomfört).
    Genomfort,
    /// Justering of its protokoll.
    Justering,
}

/// A meeting is held, and its protokoll justerat, on or after its day, never before.
pub fn may_close(datum: Date, today: Date, steg: Avslut) -> Result<(), String> {
    if datum <= today {
        return Ok(());
    }
    Err(match steg {
        Avslut::Genomfort => format!(
            "Mötet är planerat till {datum}. Det kan markeras som genomfört först på mötesdagen."
        ),
        Avslut::Justering => format!(
            "Mötet är planerat till {datum}. Protokollet kan justeras först när mötet har hållits."
        ),
    })
}

/// May a meeting in `status` move from `from` to `to`? A justerat meeting keeps its date, and
/// a held one cannot move into the future (it would be held before its day).
pub fn may_move(status: MoteStatus, from: Date, to: Date, today: Date) -> Result<(), String> {
    match status {
        MoteStatus::Justerat if to != from => {
            Err("Protokollet är justerat, så mötet kan inte flyttas till ett annat datum.".into())
        }
        MoteStatus::Genomfort if to > today => {
            Err("Mötet är genomfört och kan inte flyttas till ett datum efter i dag.".into())
        }
        _ => Ok(()),
    }
}

/// The first § number of a protokoll of a meeting on `datum`, given the numbers the group's
/// other protokoll have (their meeting's date and a § number): one after the highest number
/// of the same calendar year, or 1 for the year's first protokoll.
pub fn forsta_paragraf(datum: Date, givna: &[(Date, i32)]) -> i32 {
    givna
        .iter()
        .filter(|(d, _)| d.year() == datum.year())
        .map(|(_, n)| *n)
        .max()
        .map_or(1, |n| n + 1)
}

/// The § numbers of `antal` items that start at `forsta`.
pub fn paragrafer(forsta: i32, antal: usize) -> Vec<i32> {
    (forsta..).take(antal).collect()
}

/// The agenda position typed for "Flytta till plats": 1 … `antal`.
pub fn parse_placering(input: &str, antal: usize) -> Result<usize, String> {
    let bad = || format!("Skriv en plats mellan 1 och {antal}.");
    let n: usize = input.trim().parse().map_err(|_| bad())?;
    if (1..=antal).contains(&n) {
        Ok(n)
    } else {
        Err(bad())
    }
}

/// Who was present and who justerar, as typed: ticked members (their user ids), others in
/// free text, and the justerare (a user id, or empty).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NarvaroForm {
    pub narvarande: Vec<String>,
    pub ovriga: String,
    pub justerare: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narvaro {
    pub narvarande: Vec<Uuid>,
    pub ovriga: String,
    pub justerare: Option<Uuid>,
}

impl NarvaroForm {
    /// Checks the form's shape; core checks that the people are members of the group.
    pub fn parse(&self) -> Result<Narvaro, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut narvarande = Vec::new();
        for v in &self.narvarande {
            match Uuid::parse_str(v.trim()) {
                Ok(id) if !narvarande.contains(&id) => narvarande.push(id),
                Ok(_) => {}
                Err(_) => {
                    if e.get("narvarande").is_none() {
                        e.add("narvarande", NOT_A_MEMBER);
                    }
                }
            }
        }
        let ovriga = free_text(&self.ovriga, 1000, "ovriga", &mut e);
        let justerare = match self.justerare.trim() {
            "" => None,
            v => match Uuid::parse_str(v) {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add("justerare", NOT_A_JUSTERARE);
                    None
                }
            },
        };
        if let Some(j) = justerare
            && !narvarande.contains(&j)
        {
            e.add("justerare", "Justeraren ska vara en av de närvarande.");
        }
        if e.is_empty() {
            Ok(Narvaro {
                narvarande,
                ovriga,
                justerare,
            })
        } else {
            Err(e)
        }
    }
}

/// Someone ticked as present who is not a member of the group.
pub const NOT_A_MEMBER: &str = "Välj de närvarande bland gruppens medlemmar.";
/// A justerare who is not a member of the group, or is its chair.
pub const NOT_A_JUSTERARE: &str =
    "Välj justeraren bland gruppens medlemmar. Ordföranden kan inte vara justerare.";

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
            senast: "2027-01-15".into(),
            ..BeslutForm::default()
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
    #[test]
    fn a_meeting_is_held_and_justerat_on_its_day_or_later_never_before() {
        let today = date!(2026 - 12 - 01);
        for steg in [Avslut::Genomfort, Avslut::Justering] {
            assert!(may_close(date!(2026 - 11 - 30), today, steg).is_ok());
            assert!(may_close(today, today, steg).is_ok(), "the day itself");
            let e = may_close(date!(2026 - 12 - 02), today, steg).unwrap_err();
            assert!(e.contains("2026-12-02"), "{e}");
        }
        assert!(
            may_close(date!(2026 - 12 - 08), today, Avslut::Genomfort)
                .unwrap_err()
                .contains("genomfört först på mötesdagen")
        );
        assert!(
            may_close(date!(2026 - 12 - 08), today, Avslut::Justering)
                .unwrap_err()
                .contains("justeras först när mötet har hållits")
        );
    }

    #[test]
    fn a_justerat_meeting_keeps_its_date_and_a_held_one_stays_in_the_past() {
        let today = date!(2026 - 12 - 01);
        let day = date!(2026 - 11 - 20);
        assert!(may_move(MoteStatus::Justerat, day, day, today).is_ok());
        assert!(
            may_move(MoteStatus::Justerat, day, date!(2026 - 11 - 21), today)
                .unwrap_err()
                .contains("Protokollet är justerat")
        );
        assert!(may_move(MoteStatus::Genomfort, day, date!(2026 - 11 - 19), today).is_ok());
        assert!(may_move(MoteStatus::Genomfort, day, today, today).is_ok());
        assert!(may_move(MoteStatus::Genomfort, day, date!(2026 - 12 - 02), today).is_err());
        assert!(may_move(MoteStatus::Planerat, day, date!(2027 - 03 - 01), today).is_ok());
    }

    #[test]
    fn paragraphs_run_through_the_calendar_year_and_start_at_one() {
        let d = date!(2026 - 03 - 10);
        assert_eq!(forsta_paragraf(d, &[]), 1, "the year's first protokoll");
        let earlier = [
            (date!(2025 - 12 - 02), 41),
            (date!(2026 - 01 - 20), 6),
            (date!(2026 - 02 - 17), 11),
        ];
        assert_eq!(forsta_paragraf(d, &earlier), 12, "after the year's highest");
        assert_eq!(
            forsta_paragraf(date!(2027 - 01 - 12), &earlier),
            1,
            "a new year starts again"
        );
        assert_eq!(
            forsta_paragraf(date!(2025 - 12 - 15), &earlier),
            42,
            "last year's numbers continue in last year"
        );
        assert_eq!(paragrafer(12, 3), [12, 13, 14]);
        assert!(paragrafer(1, 0).is_empty());
    }

    #[test]
    fn a_position_is_a_number_on_the_agenda() {
        assert_eq!(parse_placering(" 2 ", 3), Ok(2));
        assert_eq!(parse_placering("3", 3), Ok(3));
        for bad in ["0", "4", "", "två", "-1", "1.5"] {
            assert_eq!(
                parse_placering(bad, 3).unwrap_err(),
                "Skriv en plats mellan 1 och 3."
            );
        }
    }

    #[test]
    fn attendance_takes_members_by_id_others_as_text_and_a_present_justerare() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let ok = NarvaroForm {
            narvarande: vec![a.to_string(), b.to_string(), a.to_string()],
            ovriga: " Förbundschefen ".into(),
            justerare: b.to_string(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.narvarande, [a, b]);
        assert_eq!(ok.ovriga, "Förbundschefen");
        assert_eq!(ok.justerare, Some(b));
        assert_eq!(NarvaroForm::default().parse().unwrap().justerare, None);
        let e = NarvaroForm {
            narvarande: vec!["x".into()],
            ovriga: "Gäst 850709-9805".into(),
            justerare: "y".into(),
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.get("narvarande"), Some(NOT_A_MEMBER));
        assert!(e.get("ovriga").unwrap().contains("personnummer"));
        assert_eq!(e.get("justerare"), Some(NOT_A_JUSTERARE));
        let e = NarvaroForm {
            narvarande: vec![a.to_string()],
            justerare: b.to_string(),
            ..NarvaroForm::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(
            e.get("justerare"),
            Some("Justeraren ska vara en av de närvarande.")
        );
    }

    #[test]
    fn a_decision_may_be_bordlagd() {
        let today = date!(2026 - 11 - 22);
        let b = BeslutForm {
            beslut: "Bordläggs i väntan på kommunens svar.".into(),
            bordlagg: "ja".into(),
            ..BeslutForm::default()
        }
        .parse(today)
        .unwrap();
        assert!(b.bordlagd);
        let b = BeslutForm {
            beslut: "Avslutas.".into(),
            ..BeslutForm::default()
        }
        .parse(today)
        .unwrap();
        assert!(!b.bordlagd);
    }
}
