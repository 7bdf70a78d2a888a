//! A measurement as the forms post it: one omfattning field per försörjningskälla
//! (`fors_<kod>`) and per sysselsättning (`syss_<kod>`), 0–100, plus education, time on
//! offentlig försörjning and the self-rating.

use super::Fields;
use crate::deltagare::{Forsorjningskalla, Sysselsattning, TidOffentlig, Utbildningsniva};
use crate::validate::FieldErrors;
use time::Date;

/// An omfattning in percent (0–100), or `None` when empty.
pub(super) fn omfattning(input: &str, field: &'static str, e: &mut FieldErrors) -> Option<i32> {
    match input.trim() {
        "" => None,
        v => match v.trim_end_matches('%').trim().parse::<i32>() {
            Ok(n) if (0..=100).contains(&n) => Some(n),
            _ => {
                e.add(field, "Skriv omfattningen i procent, ett heltal 0–100.");
                None
            }
        },
    }
}

/// A measurement as recorded: its date and the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matning {
    pub datum: Date,
    pub forsorjning: Vec<(Forsorjningskalla, i32)>,
    pub sysselsattning: Vec<(Sysselsattning, i32)>,
    pub utbildning: Option<Utbildningsniva>,
    pub tid_offentlig: Option<TidOffentlig>,
    pub sjalvskattning: Option<i32>,
}

/// The form field names of a measurement's omfattning per code.
pub fn fors_field(k: Forsorjningskalla) -> String {
    format!("fors_{}", k.code())
}
pub fn syss_field(k: Sysselsattning) -> String {
    format!("syss_{}", k.code())
}

/// True when any measurement field is filled in.
pub fn has_matning(f: &Fields) -> bool {
    Forsorjningskalla::ALL
        .iter()
        .any(|k| !f.get(&fors_field(*k)).trim().is_empty())
        || Sysselsattning::ALL
            .iter()
            .any(|k| !f.get(&syss_field(*k)).trim().is_empty())
        || ["utbildning", "tid_offentlig", "sjalvskattning"]
            .iter()
            .any(|n| !f.get(n).trim().is_empty())
}

/// Reads the values of a measurement (not its date). `full` asks for education and time on
/// offentlig försörjning too (the baseline); follow-ups hold försörjning and sysselsättning.
pub(super) fn matning_values(
    f: &Fields,
    datum: Date,
    full: bool,
    e: &mut FieldErrors,
) -> Option<Matning> {
    let errors_before = e.0.len();
    let mut forsorjning = Vec::new();
    for k in Forsorjningskalla::ALL {
        // One message for the whole group, on its fieldset.
        let mut local = FieldErrors::new();
        if let Some(o) = omfattning(f.get(&fors_field(*k)), "forsorjning", &mut local) {
            forsorjning.push((*k, o));
        }
        if !local.is_empty() && e.get("forsorjning").is_none() {
            e.0.extend(local.0);
        }
    }
    if forsorjning.is_empty() && e.get("forsorjning").is_none() {
        e.add(
            "forsorjning",
            "Ange omfattning för minst en försörjningskälla. Välj Okänd om du inte vet.",
        );
    }
    let mut sysselsattning = Vec::new();
    for k in Sysselsattning::ALL {
        let mut local = FieldErrors::new();
        if let Some(o) = omfattning(f.get(&syss_field(*k)), "sysselsattning", &mut local) {
            sysselsattning.push((*k, o));
        }
        if !local.is_empty() && e.get("sysselsattning").is_none() {
            e.0.extend(local.0);
        }
    }
    if sysselsattning.is_empty() && e.get("sysselsattning").is_none() {
        e.add(
            "sysselsattning",
            "Ange omfattning för minst en sysselsättning. Välj Okänd om du inte vet.",
        );
    }
    let (utbildning, tid_offentlig) = if full {
        let u = match f.get("utbildning").trim() {
            "" => None,
            v => {
                let u = Utbildningsniva::from_code(v);
                if u.is_none() {
                    e.add("utbildning", "Välj utbildningsnivå i listan.");
                }
                u
            }
        };
        let t = match f.get("tid_offentlig").trim() {
            "" => None,
            v => {
                let t = TidOffentlig::from_code(v);
                if t.is_none() {
                    e.add("tid_offentlig", "Välj tid i listan.");
                }
                t
            }
        };
        (u, t)
    } else {
        (None, None)
    };
    let sjalvskattning = match f.get("sjalvskattning").trim() {
        "" => None,
        v => match v.parse::<i32>() {
            Ok(n) if (1..=10).contains(&n) => Some(n),
            _ => {
                e.add("sjalvskattning", "Välj ett värde från 1 till 10.");
                None
            }
        },
    };
    (e.0.len() == errors_before).then_some(Matning {
        datum,
        forsorjning,
        sysselsattning,
        utbildning,
        tid_offentlig,
        sjalvskattning,
    })
}
