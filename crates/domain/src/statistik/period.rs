//! The period of a figure selection: `fran`–`till` inclusive, on the date received, chosen as
//! a calendar year, a tertial, "since a date" or a custom range.

use crate::validate::{FieldErrors, parse_date};
use time::{Date, Month};

/// A validated period, `fran <= till`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub fran: Date,
    pub till: Date,
}

/// The selection form's raw fields; `period` is `ar`, `nulage` (the nulägesanalys period ending
/// 30 June of `ar`), `tertial`, `sedan`, `egen` or empty
/// (then `fran` and `till` are read, as in the canonical URL).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct PeriodForm {
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub ar: String,
    #[serde(default)]
    pub tertial: String,
    #[serde(default)]
    pub sedan: String,
    #[serde(default)]
    pub fran: String,
    #[serde(default)]
    pub till: String,
}

pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

fn date(y: i32, m: Month, d: u8) -> Option<Date> {
    Date::from_calendar_date(y, m, d).ok()
}

impl Period {
    pub fn year(y: i32) -> Option<Period> {
        Some(Period {
            fran: date(y, Month::January, 1)?,
            till: date(y, Month::December, 31)?,
        })
    }

    /// The nulägesanalys period of round `y`: 1 July of the year before to 30 June of `y`.
    pub fn nulagesanalys(y: i32) -> Option<Period> {
        let (fran, till) = crate::nulagesanalys::default_period(y)?;
        Some(Period { fran, till })
    }

    /// Tertial 1 is January–April, 2 May–August, 3 September–December.
    pub fn tertial(y: i32, n: u8) -> Option<Period> {
        let (a, b, last) = match n {
            1 => (Month::January, Month::April, 30),
            2 => (Month::May, Month::August, 31),
            3 => (Month::September, Month::December, 31),
            _ => return None,
        };
        Some(Period {
            fran: date(y, a, 1)?,
            till: date(y, b, last)?,
        })
    }

    /// The period as the canonical query string's values.
    pub fn fran_str(&self) -> String {
        self.fran.to_string()
    }
    pub fn till_str(&self) -> String {
        self.till.to_string()
    }

    /// The calendar year when the period is exactly one.
    pub fn whole_year(&self) -> Option<i32> {
        (Period::year(self.fran.year()) == Some(*self)).then_some(self.fran.year())
    }
}

impl PeriodForm {
    /// Reads the form; every problem is a Swedish message keyed by its field.
    pub fn parse(&self, today: Date) -> Result<Period, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = |errors: &mut FieldErrors| -> Option<i32> {
            match self.ar.trim().parse::<i32>() {
                Ok(y) if (FIRST_YEAR..=LAST_YEAR).contains(&y) => Some(y),
                Ok(_) => {
                    errors.add(
                        "ar",
                        format!("Året ska vara mellan {FIRST_YEAR} och {LAST_YEAR}."),
                    );
                    None
                }
                Err(_) => {
                    errors.add("ar", "Skriv året med fyra siffror, t.ex. 2026.");
                    None
                }
            }
        };
        let in_range = |errors: &mut FieldErrors, field: &'static str, d: Date| {
            if !(FIRST_YEAR..=LAST_YEAR).contains(&d.year()) {
                errors.add(
                    field,
                    format!("Datumet ska ligga mellan {FIRST_YEAR} och {LAST_YEAR}."),
                );
            }
        };
        let period = match self.period.trim() {
            "ar" => year(&mut errors).and_then(Period::year),
            "nulage" => year(&mut errors).and_then(Period::nulagesanalys),
            "tertial" => {
                let y = year(&mut errors);
                let n = match self.tertial.trim() {
                    "1" => Some(1),
                    "2" => Some(2),
                    "3" => Some(3),
                    _ => {
                        errors.add("tertial", "Välj tertial 1, 2 eller 3.");
                        None
                    }
                };
                y.zip(n).and_then(|(y, n)| Period::tertial(y, n))
            }
            "sedan" => match errors.check("sedan", parse_date(&self.sedan, "startdatumet")) {
                Some(d) if d > today => {
                    errors.add("sedan", "Startdatumet ligger i framtiden.");
                    None
                }
                Some(d) => {
                    in_range(&mut errors, "sedan", d);
                    Some(Period {
                        fran: d,
                        till: today,
                    })
                }
                None => None,
            },
            "egen" | "" => {
                let fran = errors.check("fran", parse_date(&self.fran, "första dagen"));
                let till = errors.check("till", parse_date(&self.till, "sista dagen"));
                if let Some(d) = fran {
                    in_range(&mut errors, "fran", d);
                }
                if let Some(d) = till {
                    in_range(&mut errors, "till", d);
                }
                match (fran, till) {
                    (Some(a), Some(b)) if a > b => {
                        errors.add("till", "Sista dagen ligger före första dagen.");
                        None
                    }
                    (Some(fran), Some(till)) => Some(Period { fran, till }),
                    _ => None,
                }
            }
            _ => {
                errors.add("period", "Välj en av perioderna i listan.");
                None
            }
        };
        match period {
            Some(p) if errors.is_empty() => Ok(p),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn form(
        period: &str,
        ar: &str,
        tertial: &str,
        sedan: &str,
        fran: &str,
        till: &str,
    ) -> PeriodForm {
        PeriodForm {
            period: period.into(),
            ar: ar.into(),
            tertial: tertial.into(),
            sedan: sedan.into(),
            fran: fran.into(),
            till: till.into(),
        }
    }

    const TODAY: Date = date!(2026 - 11 - 22);

    #[test]
    fn presets_give_the_right_days() {
        let p = form("ar", "2025", "", "", "", "").parse(TODAY).unwrap();
        assert_eq!(
            (p.fran, p.till),
            (date!(2025 - 01 - 01), date!(2025 - 12 - 31))
        );
        let n = form("nulage", "2026", "", "", "", "").parse(TODAY).unwrap();
        assert_eq!(
            (n.fran, n.till),
            (date!(2025 - 07 - 01), date!(2026 - 06 - 30)),
            "the nulägesanalys round 2026 reads 1 July 2025 – 30 June 2026"
        );
        assert!(form("nulage", "", "", "", "", "").parse(TODAY).is_err());
        assert_eq!(p.whole_year(), Some(2025));
        let t = |n: &str| form("tertial", "2024", n, "", "", "").parse(TODAY).unwrap();
        assert_eq!(
            (t("1").fran, t("1").till),
            (date!(2024 - 01 - 01), date!(2024 - 04 - 30))
        );
        assert_eq!(
            (t("2").fran, t("2").till),
            (date!(2024 - 05 - 01), date!(2024 - 08 - 31))
        );
        assert_eq!(
            (t("3").fran, t("3").till),
            (date!(2024 - 09 - 01), date!(2024 - 12 - 31))
        );
        let s = form("sedan", "", "", "2026-03-01", "", "")
            .parse(TODAY)
            .unwrap();
        assert_eq!((s.fran, s.till), (date!(2026 - 03 - 01), TODAY));
        let e = form("", "", "", "", "2026-02-01", "2026-02-01")
            .parse(TODAY)
            .unwrap();
        assert_eq!(
            (e.fran, e.till),
            (date!(2026 - 02 - 01), date!(2026 - 02 - 01))
        );
        assert_eq!(e.whole_year(), None);
    }

    #[test]
    fn bad_input_gets_a_swedish_message_beside_the_field() {
        let err = |f: PeriodForm, field: &str| {
            let e = f.parse(TODAY).unwrap_err();
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        };
        err(form("ar", "tjugo", "", "", "", ""), "ar");
        err(form("ar", "1999", "", "", "", ""), "ar");
        err(form("tertial", "2025", "4", "", "", ""), "tertial");
        err(form("sedan", "", "", "2027-01-01", "", ""), "sedan");
        err(form("sedan", "", "", "1/3", "", ""), "sedan");
        err(form("egen", "", "", "", "2026-05-01", "2026-04-01"), "till");
        err(form("egen", "", "", "", "", "2026-04-01"), "fran");
        err(form("", "", "", "", "2026-13-01", "2026-12-01"), "fran");
        err(form("", "", "", "", "1899-01-01", "2026-12-01"), "fran");
        err(form("vecka", "", "", "", "", ""), "period");
    }
}
