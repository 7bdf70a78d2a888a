//! Checking one row of a participant file: dates in order, codes or labels, kommun, the
//! measurements with their omfattning; and the row's canonical form and stable hash.

use super::check::Refs;
use super::{Column, PreviewRow, RowError};
use lotsen_domain::arende::Kon;
use lotsen_domain::avsandare::key;
use lotsen_domain::deltagare::{Avslutsanledning, Forsorjningskalla, Kalla, Sysselsattning};
use lotsen_domain::validate::parse_date;
use sha2::{Digest, Sha256};
use time::Date;
use uuid::Uuid;

/// A measurement from the file: its sources and sysselsättningar with omfattning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Measure {
    pub(super) forsorjning: Vec<(Forsorjningskalla, i32)>,
    pub(super) sysselsattning: Vec<(Sysselsattning, i32)>,
}

#[derive(Debug, Clone)]
pub(super) struct ValidRow {
    pub(super) line: u64,
    pub(super) inskriven: Date,
    pub(super) utskriven: Option<Date>,
    pub(super) kon: Kon,
    pub(super) fodelsear: Option<i32>,
    pub(super) bostadskommun: Option<String>,
    pub(super) kalla: Kalla,
    pub(super) ko_datum: Option<Date>,
    pub(super) arbetstraning_fran: Option<Date>,
    pub(super) fore: Option<Measure>,
    pub(super) efter: Option<Measure>,
    pub(super) avslutsanledning: Option<Avslutsanledning>,
    pub(super) hash: Vec<u8>,
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> String {
    all.iter().map(|c| code(*c)).collect::<Vec<_>>().join(", ")
}

fn join<T: Copy>(v: &[(T, i32)], code: fn(T) -> &'static str) -> String {
    v.iter()
        .map(|(c, o)| format!("{}:{o}", code(*c)))
        .collect::<Vec<_>>()
        .join("|")
}

impl Measure {
    fn canonical(&self) -> String {
        format!(
            "{}/{}",
            join(&self.forsorjning, Forsorjningskalla::code),
            join(&self.sysselsattning, Sysselsattning::code)
        )
    }

    /// "Sjukpenning … 50 %, Lön 50 % · Sjukskriven 100 %".
    fn text(&self) -> String {
        fn labels<T: Copy>(v: &[(T, i32)], label: fn(T) -> &'static str) -> String {
            v.iter()
                .map(|(c, o)| format!("{} {o} %", label(*c)))
                .collect::<Vec<_>>()
                .join(", ")
        }
        format!(
            "{} · {}",
            labels(&self.forsorjning, Forsorjningskalla::label),
            labels(&self.sysselsattning, Sysselsattning::label)
        )
    }
}

impl ValidRow {
    /// The row's content in a fixed form: the same participant written with labels or codes,
    /// with ålder or födelseår, in another column order or with another separator reads the
    /// same.
    pub(super) fn canonical(&self) -> String {
        let opt = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let measure = |m: &Option<Measure>| m.as_ref().map(Measure::canonical).unwrap_or_default();
        [
            self.inskriven.to_string(),
            opt(self.utskriven),
            self.kon.code().to_string(),
            self.fodelsear.map(|y| y.to_string()).unwrap_or_default(),
            self.bostadskommun.clone().unwrap_or_default(),
            self.kalla.code().to_string(),
            opt(self.ko_datum),
            opt(self.arbetstraning_fran),
            measure(&self.fore),
            measure(&self.efter),
            self.avslutsanledning
                .map(|a| a.code().to_string())
                .unwrap_or_default(),
        ]
        .join("\u{1f}")
    }

    pub(super) fn preview(&self, refs: &Refs) -> PreviewRow {
        let opt = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let measure = |m: &Option<Measure>| m.as_ref().map(Measure::text).unwrap_or_default();
        PreviewRow {
            line: self.line,
            inskriven: self.inskriven.to_string(),
            utskriven: opt(self.utskriven),
            kon: self.kon.label(),
            fodelsear: self.fodelsear.map(|y| y.to_string()).unwrap_or_default(),
            bostadskommun: self
                .bostadskommun
                .as_ref()
                .and_then(|k| refs.kommun_by_code.get(k).cloned())
                .unwrap_or_default(),
            kalla: self.kalla.label(),
            ko_datum: opt(self.ko_datum),
            arbetstraning_fran: opt(self.arbetstraning_fran),
            fore: measure(&self.fore),
            efter: measure(&self.efter),
            avslutsanledning: self.avslutsanledning.map_or("", Avslutsanledning::label),
        }
    }
}

pub(super) fn row_hash(forbund: Uuid, insats: Uuid, canonical: &str, occurrence: u32) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(b"lotsen-deltagare-import-v1\0");
    h.update(forbund.as_bytes());
    h.update(insats.as_bytes());
    h.update(canonical.as_bytes());
    h.update(b"\0");
    h.update(occurrence.to_le_bytes());
    h.finalize().to_vec()
}

/// A `|`-separated list of codes or labels, each with an optional `:omfattning` (0–100,
/// default 100), in code order; a code twice is an error.
pub(super) fn measure_cell<T: Copy + Ord>(
    input: &str,
    parse: fn(&str) -> Option<T>,
    all: &[T],
    code: fn(T) -> &'static str,
    what: &str,
) -> Result<Vec<(T, i32)>, String> {
    let mut out: Vec<(T, i32)> = Vec::new();
    let mut problems = Vec::new();
    for part in input.split('|').map(str::trim).filter(|v| !v.is_empty()) {
        let (name, omfattning) = match part.rsplit_once(':') {
            Some((n, o)) => (n.trim(), Some(o.trim())),
            None => (part, None),
        };
        let omfattning = match omfattning {
            None => Some(100),
            Some(o) => match o.trim_end_matches('%').trim().parse::<i32>() {
                Ok(n) if (0..=100).contains(&n) => Some(n),
                _ => {
                    problems.push(format!(
                        "Omfattningen \"{o}\" för {name} är inget heltal 0–100 (procent)."
                    ));
                    None
                }
            },
        };
        match (parse(name), omfattning) {
            (Some(c), Some(_)) if out.iter().any(|(x, _)| *x == c) => {
                problems.push(format!("{} står mer än en gång.", code(c)));
            }
            (Some(c), Some(o)) => out.push((c, o)),
            (Some(_), None) => {}
            (None, _) => problems.push(format!(
                "Okänd {what} \"{name}\". Giltiga koder (åtskilda med |, med :omfattning): {}.",
                codes(all, code)
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems.join(" "));
    }
    out.sort();
    Ok(out)
}

/// A kommun by SCB code or name (also "Namn kommun" and "Namns kommun").
fn find_kommun(refs: &Refs, v: &str) -> Option<String> {
    if v.len() == 4 && v.chars().all(|c| c.is_ascii_digit()) {
        return refs.kommun_by_code.contains_key(v).then(|| v.to_string());
    }
    let k = key(v);
    if let Some(code) = refs.kommun_by_name.get(&k) {
        return Some(code.clone());
    }
    let stem = k.strip_suffix(" kommun")?;
    refs.kommun_by_name
        .get(stem)
        .or_else(|| {
            stem.strip_suffix('s')
                .and_then(|s| refs.kommun_by_name.get(s))
        })
        .cloned()
}

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
    let earliest = Date::from_calendar_date(2000, time::Month::January, 1).unwrap_or(Date::MIN);
    let date = |c: Column, err: &mut dyn FnMut(Column, String)| -> Option<Date> {
        match cell(c) {
            "" => None,
            v => match parse_date(v, "datum") {
                Ok(d) if d > today => {
                    err(c, format!("Datumet {v} ligger i framtiden."));
                    None
                }
                Ok(d) if d < earliest => {
                    err(c, "Datumet kan inte vara före år 2000.".into());
                    None
                }
                Ok(d) => Some(d),
                Err(_) => {
                    err(
                        c,
                        format!("\"{v}\" är inget datum. Skriv ÅÅÅÅ-MM-DD, t.ex. 2026-03-01."),
                    );
                    None
                }
            },
        }
    };

    if cell(Column::Inskriven).is_empty() {
        err(
            Column::Inskriven,
            "Inskrivningsdatum saknas (ÅÅÅÅ-MM-DD).".into(),
        );
    }
    let inskriven = date(Column::Inskriven, &mut err);
    let utskriven = date(Column::Utskriven, &mut err);
    let ko_datum = date(Column::KoDatum, &mut err);
    let arbetstraning_fran = date(Column::ArbetstraningFran, &mut err);
    if let Some(i) = inskriven {
        if let Some(k) = ko_datum.filter(|k| *k > i) {
            err(
                Column::KoDatum,
                format!("Ködatumet {k} kan inte vara efter inskrivningen {i}."),
            );
        }
        if let Some(u) = utskriven.filter(|u| *u < i) {
            err(
                Column::Utskriven,
                format!("Utskrivningen {u} kan inte vara före inskrivningen {i}."),
            );
        }
        if let Some(a) = arbetstraning_fran.filter(|a| *a < i) {
            err(
                Column::ArbetstraningFran,
                format!("Arbetsträningen {a} kan inte börja före inskrivningen {i}."),
            );
        }
    }
    if let (Some(a), Some(u)) = (arbetstraning_fran, utskriven)
        && a > u
    {
        err(
            Column::ArbetstraningFran,
            format!("Arbetsträningen {a} kan inte börja efter utskrivningen {u}."),
        );
    }

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
            Ok(a) if (0..=120).contains(&a) => Some(a),
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
    let fodelsear = match cell(Column::Fodelsear) {
        "" => alder.zip(inskriven).map(|(a, i)| i.year() - a),
        v => {
            let last = inskriven.map_or(today.year(), |i| i.year());
            match v.parse::<i32>() {
                Ok(y) if (1900..=last).contains(&y) => Some(y),
                _ => {
                    err(
                        Column::Fodelsear,
                        format!(
                            "\"{v}\" är inget födelseår: skriv fyra siffror, 1900–{last}, eller lämna tomt."
                        ),
                    );
                    None
                }
            }
        }
    };

    let bostadskommun = match cell(Column::Bostadskommun) {
        "" => None,
        v => match find_kommun(refs, v) {
            None if v.chars().all(|c| c.is_ascii_digit()) => {
                err(
                    Column::Bostadskommun,
                    format!("Det finns ingen kommun med koden {v}."),
                );
                None
            }
            None => {
                err(
                    Column::Bostadskommun,
                    format!(
                        "Okänd kommun \"{v}\": skriv kommunens namn eller fyrsiffriga SCB-kod."
                    ),
                );
                None
            }
            Some(k) if !refs.served.is_empty() && !refs.served.contains(&k) => {
                let names: Vec<String> = refs
                    .served
                    .iter()
                    .filter_map(|s| refs.kommun_by_code.get(s).cloned())
                    .collect();
                err(
                    Column::Bostadskommun,
                    format!(
                        "Kommunen {v} hör inte till insatsens kommuner ({}).",
                        names.join(", ")
                    ),
                );
                None
            }
            Some(k) => Some(k),
        },
    };

    let kalla = match cell(Column::Kalla) {
        "" => Some(Kalla::Direkt),
        v => {
            let k = Kalla::parse(v);
            if k.is_none() {
                err(
                    Column::Kalla,
                    format!(
                        "Okänd källa \"{v}\". Giltiga koder: {}.",
                        codes(Kalla::ALL, Kalla::code)
                    ),
                );
            }
            k
        }
    };

    let mut measure = |fors: Column, syss: Column| -> Option<Measure> {
        let f = measure_cell(
            cell(fors),
            Forsorjningskalla::parse,
            Forsorjningskalla::ALL,
            Forsorjningskalla::code,
            "försörjningskälla",
        )
        .map_err(|m| err(fors, m))
        .ok();
        let s = measure_cell(
            cell(syss),
            Sysselsattning::parse,
            Sysselsattning::ALL,
            Sysselsattning::code,
            "sysselsättning",
        )
        .map_err(|m| err(syss, m))
        .ok();
        let (f, s) = (f?, s?);
        if f.is_empty() && s.is_empty() {
            return None;
        }
        // A side left empty is recorded as unknown, as the form's "Okänd".
        Some(Measure {
            forsorjning: if f.is_empty() {
                vec![(Forsorjningskalla::Okand, 100)]
            } else {
                f
            },
            sysselsattning: if s.is_empty() {
                vec![(Sysselsattning::Okand, 100)]
            } else {
                s
            },
        })
    };
    let fore = measure(Column::ForsorjningFore, Column::SysselsattningFore);
    let efter = measure(Column::ForsorjningEfter, Column::SysselsattningEfter);

    let avslutsanledning = match cell(Column::Avslutsanledning) {
        "" => None,
        v => {
            let a = Avslutsanledning::parse(v);
            if a.is_none() {
                err(
                    Column::Avslutsanledning,
                    format!(
                        "Okänd avslutsanledning \"{v}\". Giltiga koder: {}.",
                        codes(Avslutsanledning::ALL, Avslutsanledning::code)
                    ),
                );
            }
            a
        }
    };
    let written_out = !cell(Column::Utskriven).is_empty();
    if written_out && cell(Column::Avslutsanledning).is_empty() {
        err(
            Column::Avslutsanledning,
            format!(
                "En utskriven deltagare behöver en avslutsanledning. Giltiga koder: {}.",
                codes(Avslutsanledning::ALL, Avslutsanledning::code)
            ),
        );
    }
    if !written_out {
        if !cell(Column::Avslutsanledning).is_empty() {
            err(
                Column::Avslutsanledning,
                "Avslutsanledning hör till en utskriven deltagare: fyll i utskriven eller töm avslutsanledning.".into(),
            );
        }
        for c in [Column::ForsorjningEfter, Column::SysselsattningEfter] {
            if !cell(c).is_empty() {
                err(
                    c,
                    "Mätningen efter görs vid utskrivningen: fyll i utskriven eller töm kolumnen."
                        .into(),
                );
            }
        }
    }

    match (inskriven, kon, kalla) {
        (Some(inskriven), Some(kon), Some(kalla)) if errors.is_empty() => Ok(ValidRow {
            line,
            inskriven,
            utskriven,
            kon,
            fodelsear,
            bostadskommun,
            kalla,
            ko_datum,
            arbetstraning_fran,
            fore,
            efter,
            avslutsanledning,
            hash: Vec::new(),
        }),
        _ => Err(errors),
    }
}
