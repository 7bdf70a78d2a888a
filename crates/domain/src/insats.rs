//! The insats register (issue 16 §1, §4): one insats's form as typed, parsed into a valid
//! insats or Swedish messages per field, and a goal's form (`MalForm`). References (the
//! ägare, the coaches, the insatsansvarig, LOKUS groups, kommuner) are checked against the
//! förbund by the core; here only their shape.

use crate::code_enum;
use crate::deltagare::{InsatsTyp, MalKod};
use crate::validate::{FieldErrors, Name, parse_date};
use time::Date;
use uuid::Uuid;

/// The most places an insats may have (the database's check).
pub const PLATSER_MAX: i32 = 100_000;

code_enum! {
    /// Whether an insats runs.
    InsatsStatus {
        Aktiv => "aktiv", "Aktiv";
        Avslutad => "avslutad", "Avslutad";
    }
}

/// An insats's short code, unique in the förbund and used in its URLs: 1–20 of A–Z, 0–9, `-`
/// and `_`, starting with a letter or digit (typed in any case; stored upper-case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsatsKod(String);

impl InsatsKod {
    pub fn parse(input: &str) -> Result<InsatsKod, String> {
        let v = input.trim().to_ascii_uppercase();
        if v.is_empty() {
            return Err("Fyll i en kod, t.ex. STL-COACH.".into());
        }
        let ok = v.len() <= 20
            && v.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && v.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if ok {
            Ok(InsatsKod(v))
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

/// One insats as typed (every field kept, to show it again with errors). Checkbox groups
/// arrive as repeated keys.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct InsatsForm {
    pub kod: String,
    pub namn: String,
    /// An `InsatsTyp` code.
    pub typ: String,
    /// The insatsägare's organisation id.
    pub agare: String,
    /// The insatsansvarig's user id, or empty for none.
    pub ansvarig: String,
    /// LOKUS group ids.
    pub lokus: Vec<String>,
    /// SCB codes.
    pub kommuner: Vec<String>,
    pub fran: String,
    pub till: String,
    pub platser: String,
    pub status: String,
    /// The coaches' user ids.
    pub coacher: Vec<String>,
}

/// A valid insats, its references not yet checked against the förbund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidInsats {
    pub kod: InsatsKod,
    pub namn: Name,
    pub typ: InsatsTyp,
    pub agare: Uuid,
    pub ansvarig: Option<Uuid>,
    pub lokus: Vec<Uuid>,
    pub kommuner: Vec<String>,
    pub fran: Date,
    pub till: Option<Date>,
    pub platser: Option<i32>,
    pub status: InsatsStatus,
    pub coacher: Vec<Uuid>,
}

/// Ids from a checkbox group: sorted, without duplicates; `None` when one is not an id.
fn ids(input: &[String]) -> Option<Vec<Uuid>> {
    let mut out = Vec::new();
    for v in input.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        out.push(Uuid::parse_str(v).ok()?);
    }
    out.sort();
    out.dedup();
    Some(out)
}

impl InsatsForm {
    /// Whether a checkbox of `list` (`lokus`, `kommuner` or `coacher`) is checked.
    pub fn has(&self, list: &str, value: &str) -> bool {
        let l = match list {
            "lokus" => &self.lokus,
            "kommuner" => &self.kommuner,
            _ => &self.coacher,
        };
        l.iter().any(|c| c == value)
    }

    /// Checks every field that needs no database.
    pub fn parse(&self) -> Result<ValidInsats, FieldErrors> {
        let mut e = FieldErrors::new();
        let kod = e.check("kod", InsatsKod::parse(&self.kod));
        let namn = e.check("namn", Name::parse(&self.namn, "insatsens namn"));
        let typ = InsatsTyp::from_code(self.typ.trim());
        if typ.is_none() {
            e.add("typ", "Välj vilken sorts insats det är.");
        }
        let agare = Uuid::parse_str(self.agare.trim()).ok();
        if agare.is_none() {
            e.add(
                "agare",
                "Välj insatsägaren: den organisation som är personuppgiftsansvarig för deltagarna.",
            );
        }
        let ansvarig = match self.ansvarig.trim() {
            "" => None,
            v => {
                let id = Uuid::parse_str(v).ok();
                if id.is_none() {
                    e.add("ansvarig", "Välj insatsansvarig i listan.");
                }
                id
            }
        };
        let lokus = ids(&self.lokus).unwrap_or_else(|| {
            e.add("lokus", "Välj LOKUS-grupper i listan.");
            Vec::new()
        });
        let mut kommuner: Vec<String> = Vec::new();
        for k in self
            .kommuner
            .iter()
            .map(|k| k.trim())
            .filter(|k| !k.is_empty())
        {
            if k.len() == 4 && k.chars().all(|c| c.is_ascii_digit()) {
                kommuner.push(k.to_string());
            } else {
                e.add("kommuner", "Välj kommuner i listan.");
                break;
            }
        }
        kommuner.sort();
        kommuner.dedup();
        let fran = e.check("fran", parse_date(&self.fran, "startdatum"));
        let till = match self.till.trim() {
            "" => None,
            v => e.check("till", parse_date(v, "slutdatum")),
        };
        if let (Some(f), Some(t)) = (fran, till)
            && f > t
        {
            e.add("till", "Slutdatumet kan inte ligga före startdatumet.");
        }
        let platser = match self.platser.trim() {
            "" => None,
            v => match v.parse::<i32>() {
                Ok(n) if (0..=PLATSER_MAX).contains(&n) => Some(n),
                _ => {
                    e.add(
                        "platser",
                        "Skriv antalet platser som ett heltal mellan 0 och 100 000, eller lämna tomt.",
                    );
                    None
                }
            },
        };
        let status = match self.status.trim() {
            "" => Some(InsatsStatus::Aktiv),
            v => InsatsStatus::from_code(v),
        };
        if status.is_none() {
            e.add("status", "Välj aktiv eller avslutad.");
        }
        let coacher = ids(&self.coacher).unwrap_or_else(|| {
            e.add("coacher", "Välj coacher i listan.");
            Vec::new()
        });
        match (kod, namn, typ, agare, fran, status) {
            (Some(kod), Some(namn), Some(typ), Some(agare), Some(fran), Some(status))
                if e.is_empty() =>
            {
                Ok(ValidInsats {
                    kod,
                    namn,
                    typ,
                    agare,
                    ansvarig,
                    lokus,
                    kommuner,
                    fran,
                    till,
                    platser,
                    status,
                    coacher,
                })
            }
            _ => Err(e),
        }
    }
}

/// One goal as typed on the insats page.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct MalForm {
    /// A `MalKod` code.
    pub mal: String,
    pub varde: String,
    #[serde(rename = "mal_fran")]
    pub fran: String,
    #[serde(rename = "mal_till")]
    pub till: String,
}

/// A valid goal: at least `varde` (a count, or a percentage for the `andel_` goals) over
/// `fran`–`till`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidMal {
    pub mal: MalKod,
    pub varde: i32,
    pub fran: Date,
    pub till: Date,
}

/// Whether a goal is a percentage (0–100) rather than a count.
pub fn is_andel(mal: MalKod) -> bool {
    matches!(
        mal,
        MalKod::AndelPaborjadArbetstraning | MalKod::AndelArbeteEllerStudierVidAvslut
    )
}

impl MalForm {
    pub fn parse(&self) -> Result<ValidMal, FieldErrors> {
        let mut e = FieldErrors::new();
        let mal = MalKod::from_code(self.mal.trim());
        if mal.is_none() {
            e.add("mal", "Välj vilket mål det gäller.");
        }
        let max = if mal.is_some_and(is_andel) {
            100
        } else {
            PLATSER_MAX
        };
        let varde = match self.varde.trim().parse::<i32>() {
            Ok(n) if (0..=max).contains(&n) => Some(n),
            Ok(_) if max == 100 => {
                e.add("varde", "En andel anges i procent, mellan 0 och 100.");
                None
            }
            _ if self.varde.trim().is_empty() => {
                e.add("varde", "Fyll i målets värde.");
                None
            }
            _ => {
                e.add(
                    "varde",
                    "Skriv målets värde som ett heltal mellan 0 och 100 000.",
                );
                None
            }
        };
        let fran = e.check("mal_fran", parse_date(&self.fran, "periodens första dag"));
        let till = e.check("mal_till", parse_date(&self.till, "periodens sista dag"));
        if let (Some(f), Some(t)) = (fran, till)
            && f > t
        {
            e.add(
                "mal_till",
                "Periodens sista dag kan inte ligga före dess första dag.",
            );
        }
        match (mal, varde, fran, till) {
            (Some(mal), Some(varde), Some(fran), Some(till)) if e.is_empty() => Ok(ValidMal {
                mal,
                varde,
                fran,
                till,
            }),
            _ => Err(e),
        }
    }
}

/// A goal's progress: `antal` counted so far, out of `av` for the percentage goals (the
/// nyinskrivna, or the utskrivna, of the goal's period).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub mal: MalKod,
    pub varde: i32,
    pub antal: i64,
    pub av: i64,
}

impl Progress {
    /// The share in whole per cent (rounded half up); `None` when there is no one to count.
    pub fn procent(&self) -> Option<i64> {
        (self.av > 0).then(|| (self.antal * 200 + self.av) / (self.av * 2))
    }

    /// Whether the goal is reached.
    pub fn uppnatt(&self) -> bool {
        if is_andel(self.mal) {
            self.procent().is_some_and(|p| p >= i64::from(self.varde))
        } else {
            self.antal >= i64::from(self.varde)
        }
    }

    /// The progress in words: "35 av 40 nyinskrivningar", "72 % påbörjad arbetsträning (mål
    /// 60 %), 18 av 25 nyinskrivna".
    pub fn text(&self) -> String {
        let (what, of) = match self.mal {
            MalKod::Nyinskrivna => {
                return format!("{} av {} nyinskrivningar", self.antal, self.varde);
            }
            MalKod::Deltagare => return format!("{} av {} deltagare", self.antal, self.varde),
            MalKod::AndelPaborjadArbetstraning => ("påbörjad arbetsträning", "nyinskrivna"),
            MalKod::AndelArbeteEllerStudierVidAvslut => {
                ("i arbete eller studier vid avslut", "utskrivna")
            }
        };
        match self.procent() {
            Some(p) => format!(
                "{p} % {what} (mål {} %), {} av {} {of}",
                self.varde, self.antal, self.av
            ),
            None => format!("– % {what} (mål {} %), inga {of} ännu", self.varde),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> InsatsForm {
        InsatsForm {
            kod: " stl-coach ".into(),
            namn: "Social arbetscoach".into(),
            typ: "tillaggsresurs".into(),
            agare: Uuid::nil().to_string(),
            fran: "2025-01-01".into(),
            platser: "20".into(),
            status: "aktiv".into(),
            coacher: vec![Uuid::max().to_string(), Uuid::max().to_string()],
            kommuner: vec!["9903".into(), "9902".into()],
            ..InsatsForm::default()
        }
    }

    #[test]
    fn a_valid_insats_is_normalised() {
        let v = valid().parse().unwrap();
        assert_eq!(v.kod.as_str(), "STL-COACH");
        assert_eq!(v.typ, InsatsTyp::Tillaggsresurs);
        assert_eq!(v.platser, Some(20));
        assert_eq!(v.coacher, vec![Uuid::max()]);
        assert_eq!(v.kommuner, vec!["9902", "9903"]);
        assert_eq!(v.ansvarig, None);
        assert_eq!(v.till, None);
        assert_eq!(v.status, InsatsStatus::Aktiv);
    }

    #[test]
    fn every_field_has_its_swedish_message() {
        let f = InsatsForm {
            kod: "STL COACH".into(),
            namn: " ".into(),
            typ: "annan".into(),
            agare: "x".into(),
            ansvarig: "inte-ett-id".into(),
            lokus: vec!["x".into()],
            kommuner: vec!["Stenbäck".into()],
            fran: "2025-13-01".into(),
            till: "igår".into(),
            platser: "-1".into(),
            status: "pausad".into(),
            coacher: vec!["nej".into()],
        };
        let e = f.parse().unwrap_err();
        for field in [
            "kod", "namn", "typ", "agare", "ansvarig", "lokus", "kommuner", "fran", "till",
            "platser", "status", "coacher",
        ] {
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        }
        assert!(e.get("kod").unwrap().contains("20 tecken"));
        assert!(e.get("agare").unwrap().contains("personuppgiftsansvarig"));
    }

    #[test]
    fn the_period_must_not_end_before_it_starts() {
        let f = InsatsForm {
            till: "2024-12-31".into(),
            ..valid()
        };
        assert_eq!(
            f.parse().unwrap_err().get("till"),
            Some("Slutdatumet kan inte ligga före startdatumet.")
        );
        let f = InsatsForm {
            fran: String::new(),
            ..valid()
        };
        assert_eq!(
            f.parse().unwrap_err().get("fran"),
            Some("Fyll i startdatum.")
        );
    }

    #[test]
    fn places_are_a_whole_number_in_range_or_empty() {
        for (v, ok) in [
            ("", true),
            ("0", true),
            ("100000", true),
            ("100001", false),
            ("2,5", false),
        ] {
            let f = InsatsForm {
                platser: v.into(),
                ..valid()
            };
            assert_eq!(f.parse().is_ok(), ok, "{v}");
        }
    }

    fn mal(mal: &str, varde: &str, fran: &str, till: &str) -> MalForm {
        MalForm {
            mal: mal.into(),
            varde: varde.into(),
            fran: fran.into(),
            till: till.into(),
        }
    }

    #[test]
    fn goals_are_counts_or_percentages_over_a_period() {
        let v = mal("nyinskrivna", "40", "2026-01-01", "2026-12-31")
            .parse()
            .unwrap();
        assert_eq!(v.mal, MalKod::Nyinskrivna);
        assert_eq!(v.varde, 40);
        assert!(
            mal("nyinskrivna", "140", "2026-01-01", "2026-12-31")
                .parse()
                .is_ok()
        );
        let e = mal(
            "andel_paborjad_arbetstraning",
            "140",
            "2026-01-01",
            "2026-12-31",
        )
        .parse()
        .unwrap_err();
        assert_eq!(
            e.get("varde"),
            Some("En andel anges i procent, mellan 0 och 100.")
        );
        let e = mal("okand", "", "2026-12-31", "2026-01-01")
            .parse()
            .unwrap_err();
        assert!(e.get("mal").is_some());
        assert_eq!(e.get("varde"), Some("Fyll i målets värde."));
        assert!(e.get("mal_till").is_some());
        let e = mal("deltagare", "-3", "", "2026-01-01")
            .parse()
            .unwrap_err();
        assert!(e.get("varde").is_some());
        assert_eq!(e.get("mal_fran"), Some("Fyll i periodens första dag."));
    }

    #[test]
    fn progress_reads_as_the_forbund_reports_it() {
        let p = |mal, varde, antal, av| Progress {
            mal,
            varde,
            antal,
            av,
        };
        assert_eq!(
            p(MalKod::Nyinskrivna, 40, 35, 0).text(),
            "35 av 40 nyinskrivningar"
        );
        assert!(!p(MalKod::Nyinskrivna, 40, 35, 0).uppnatt());
        assert!(p(MalKod::Deltagare, 10, 10, 0).uppnatt());
        let a = p(MalKod::AndelPaborjadArbetstraning, 60, 18, 25);
        assert_eq!(a.procent(), Some(72));
        assert_eq!(
            a.text(),
            "72 % påbörjad arbetsträning (mål 60 %), 18 av 25 nyinskrivna"
        );
        assert!(a.uppnatt());
        // Rounded half up: 1 of 8 is 12.5 %.
        assert_eq!(
            p(MalKod::AndelPaborjadArbetstraning, 60, 1, 8).procent(),
            Some(13)
        );
        assert_eq!(
            p(MalKod::AndelPaborjadArbetstraning, 60, 2, 3).procent(),
            Some(67)
        );
        let none = p(MalKod::AndelArbeteEllerStudierVidAvslut, 40, 0, 0);
        assert_eq!(none.procent(), None);
        assert!(!none.uppnatt());
        assert_eq!(
            none.text(),
            "– % i arbete eller studier vid avslut (mål 40 %), inga utskrivna ännu"
        );
    }
}
