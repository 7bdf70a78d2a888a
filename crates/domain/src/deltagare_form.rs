//! The coach's forms (issue 16 §2): inskrivning with consent and baseline, a measurement
//! (försörjning and sysselsättning with omfattning, education, time on offentlig försörjning,
//! self-rating), an activity, utskrivning and a follow-up. Forms arrive as name–value pairs
//! (one omfattning field per code: `fors_<kod>`, `syss_<kod>`) and are checked here, with a
//! Swedish message per field; the dates that depend on the stored enrolment are checked
//! against the `Bounds` the core passes in.

use crate::arende::Kon;
use crate::deltagare::{AktivitetTyp, Avslutsanledning, Kalla, Motestyp, Tillfalle};
use crate::samtycke::{Identitet, SamtyckeForm, parse_identity};
use crate::validate::{FieldErrors, free_text, parse_date};
use crate::{Part, namn};
use time::Date;

mod matning;

pub use matning::{Matning, fors_field, has_matning, syss_field};
use matning::{matning_values, omfattning};

const NO_PERSONNUMMER: &str =
    "Texten innehåller något som liknar ett personnummer. Skriv utan personuppgifter.";

/// A form's values by name; a repeated name keeps every value (checkbox lists).
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn yes(&self, name: &str) -> bool {
        self.get(name) == "ja"
    }
}

/// A free text without personnummer or obvious names.
pub(crate) fn checked_text(
    input: &str,
    max: usize,
    field: &'static str,
    e: &mut FieldErrors,
) -> String {
    let v = free_text(input, max, field, NO_PERSONNUMMER, e);
    if e.get(field).is_none()
        && let Some(n) = namn::obvious_name(&v)
    {
        e.add(
            field,
            format!("Texten ser ut att innehålla ett namn ({n}). Skriv utan namn."),
        );
    }
    v
}

/// A date within [`from`, `to`], with messages that say why.
pub(crate) fn dated(
    fields: &Fields,
    field: &'static str,
    what: &str,
    from: Option<(Date, &str)>,
    to: Date,
    e: &mut FieldErrors,
) -> Option<Date> {
    let d = e.check(field, parse_date(fields.get(field), what))?;
    if d > to {
        e.add(field, "Datumet kan inte ligga i framtiden.");
        return None;
    }
    if let Some((from, why)) = from
        && d < from
    {
        e.add(field, format!("Datumet kan inte vara före {from}, {why}."));
        return None;
    }
    Some(d)
}

/// What the stored enrolment bounds the form's dates with.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub today: Date,
    /// The day the person entered the queue, if they came through it.
    pub ko_datum: Option<Date>,
    pub inskriven: Option<Date>,
    pub utskriven: Option<Date>,
}

/// A valid inskrivning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inskrivning {
    pub inskriven: Date,
    pub kalla: Kalla,
    pub kon: Kon,
    pub fodelsear: Option<i32>,
    pub bostadskommun: Option<String>,
    pub samtycke: Option<DeltagareSamtycke>,
    pub identitet: Option<Identitet>,
    /// The baseline, with consent only.
    pub fore: Option<Matning>,
}

/// Consent for one enrolment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeltagareSamtycke {
    pub datum: Date,
    pub form: SamtyckeForm,
    pub omfattning: String,
    pub uppfoljning_manader: i32,
}

/// Checks the inskrivning form. Without consent, or with skyddade personuppgifter, the
/// participant is anonymous: kön, birth year and start year only — no kommun, identity or
/// measurements.
pub fn parse_inskrivning(f: &Fields, b: Bounds) -> Result<Inskrivning, FieldErrors> {
    let mut e = FieldErrors::new();
    let from = b.ko_datum.map(|d| (d, "då personen ställdes i kö"));
    let inskriven = dated(
        f,
        "inskriven",
        "datum för inskrivningen",
        from,
        b.today,
        &mut e,
    );
    let kalla = if b.ko_datum.is_some() {
        Some(Kalla::ViaKoordinator)
    } else {
        let k = Kalla::from_code(f.get("kalla").trim());
        if k.is_none() {
            e.add("kalla", "Välj hur personen kom till insatsen.");
        }
        k
    };
    let kon = Kon::from_code(f.get("kon").trim());
    if kon.is_none() {
        e.add("kon", "Välj kön. Välj Okänt om det inte är känt.");
    }
    let fodelsear = match f.get("fodelsear").trim() {
        "" => None,
        v => match v.parse::<i32>() {
            Ok(y) if (1900..=b.today.year()).contains(&y) => Some(y),
            _ => {
                e.add(
                    "fodelsear",
                    format!(
                        "Skriv födelseåret med fyra siffror, 1900–{}.",
                        b.today.year()
                    ),
                );
                None
            }
        },
    };
    let skyddad = f.yes("skyddad");
    let med_samtycke = f.get("samtycke") == "ja";
    if !matches!(f.get("samtycke"), "ja" | "nej") {
        e.add("samtycke", "Välj om personen har gett samtycke.");
    }
    let anonym = skyddad || !med_samtycke;
    let samtycke = if med_samtycke {
        parse_samtycke(f, inskriven, b.today, &mut e)
    } else {
        None
    };
    let kommun = f.get("bostadskommun").trim();
    let identity_given = !f.get("identitet_namn").trim().is_empty()
        || !f.get("identitet_personnummer").trim().is_empty();
    let (bostadskommun, identitet, fore) = if anonym {
        let why = if skyddad {
            "Personen har skyddade personuppgifter och registreras anonymt"
        } else {
            "Utan samtycke registreras personen anonymt"
        };
        if identity_given {
            e.add(
                "identitet_namn",
                format!("{why}: namn och personnummer kan inte registreras."),
            );
        }
        if !kommun.is_empty() {
            e.add(
                "bostadskommun",
                format!("{why}: bara kön, födelseår och startår registreras."),
            );
        }
        if has_matning(f) {
            e.add(
                "forsorjning",
                format!("{why}: ingen nulägesbeskrivning registreras."),
            );
        }
        (None, None, None)
    } else {
        let k = match kommun {
            "" => None,
            v if v.len() == 4 && v.chars().all(|c| c.is_ascii_digit()) => Some(v.to_string()),
            _ => {
                e.add("bostadskommun", "Välj kommun i listan.");
                None
            }
        };
        let id = if identity_given {
            match parse_identity(
                f.get("identitet_namn"),
                f.get("identitet_personnummer"),
                b.today,
            ) {
                Ok(i) => Some(i),
                Err(ie) => {
                    e.0.extend(ie.0);
                    None
                }
            }
        } else {
            None
        };
        let fore = matning_values(f, inskriven.unwrap_or(b.today), true, &mut e);
        (k, id, fore)
    };
    match (inskriven, kalla, kon) {
        (Some(inskriven), Some(kalla), Some(kon)) if e.is_empty() => Ok(Inskrivning {
            inskriven,
            kalla,
            kon,
            fodelsear,
            bostadskommun,
            samtycke: if anonym { None } else { samtycke },
            identitet,
            fore,
        }),
        _ => Err(e),
    }
}

fn parse_samtycke(
    f: &Fields,
    inskriven: Option<Date>,
    today: Date,
    e: &mut FieldErrors,
) -> Option<DeltagareSamtycke> {
    let datum = dated(f, "samtycke_datum", "datumet för samtycket", None, today, e);
    if let (Some(d), Some(i)) = (datum, inskriven)
        && d > i
    {
        e.add(
            "samtycke_datum",
            "Samtycket ska finnas senast vid inskrivningen.",
        );
    }
    let form = SamtyckeForm::from_code(f.get("samtycke_form").trim());
    if form.is_none() {
        e.add(
            "samtycke_form",
            "Välj om samtycket är skriftligt eller muntligt.",
        );
    }
    let omfattning = checked_text(f.get("omfattning"), 1000, "omfattning", e);
    if omfattning.is_empty() && e.get("omfattning").is_none() {
        e.add(
            "omfattning",
            "Beskriv vad samtycket omfattar, t.ex. registrering i insatsen och uppföljning i 12 månader.",
        );
    }
    let manader = match f.get("uppfoljning_manader").trim() {
        "0" => Some(0),
        "3" => Some(3),
        "6" => Some(6),
        "12" => Some(12),
        _ => {
            e.add(
                "uppfoljning_manader",
                "Välj hur länge efter avslut uppföljning får göras.",
            );
            None
        }
    };
    Some(DeltagareSamtycke {
        datum: datum?,
        form: form?,
        omfattning,
        uppfoljning_manader: manader?,
    })
}

/// A valid activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aktivitet {
    pub typ: AktivitetTyp,
    pub motestyp: Option<Motestyp>,
    pub datum: Date,
    pub till: Option<Date>,
    pub parter: Vec<Part>,
    pub plats: String,
    pub omfattning: Option<i32>,
    pub anteckning: String,
}

/// Checks an activity: dated within the enrolment (not before inskrivning, not after
/// utskrivning), a meeting has its kind, arbetsträning its omfattning.
pub fn parse_aktivitet(f: &Fields, b: Bounds) -> Result<Aktivitet, FieldErrors> {
    let mut e = FieldErrors::new();
    let typ = AktivitetTyp::from_code(f.get("typ").trim());
    if typ.is_none() {
        e.add("typ", "Välj vad som gjordes.");
    }
    let what = match typ {
        Some(AktivitetTyp::Arbetstraning) => "arbetsträningen",
        Some(AktivitetTyp::Mote) => "mötet",
        _ => "aktiviteten",
    };
    let from = b.inskriven.map(|d| (d, "då personen skrevs in"));
    let datum = dated(
        f,
        "datum",
        &format!("datum för {what}"),
        from,
        b.today,
        &mut e,
    );
    if let (Some(d), Some(u)) = (datum, b.utskriven)
        && d > u
    {
        e.add(
            "datum",
            format!("Datumet kan inte vara efter {u}, då personen skrevs ut."),
        );
    }
    let till = match f.get("till").trim() {
        "" => None,
        v => match parse_date(v, "slutdatum") {
            Ok(t) if datum.is_some_and(|d| t < d) => {
                e.add("till", "Slutdatumet kan inte vara före startdatumet.");
                None
            }
            Ok(t) => Some(t),
            Err(m) => {
                e.add("till", m);
                None
            }
        },
    };
    let motestyp = match (typ, f.get("motestyp").trim()) {
        (Some(AktivitetTyp::Mote), v) => {
            let m = Motestyp::from_code(v);
            if m.is_none() {
                e.add("motestyp", "Välj vilket slags möte.");
            }
            m
        }
        _ => None,
    };
    let omfattning = if typ == Some(AktivitetTyp::Arbetstraning) {
        let o = omfattning(f.get("omfattning"), "omfattning", &mut e);
        if o.is_none() && e.get("omfattning").is_none() {
            e.add(
                "omfattning",
                "Skriv arbetsträningens omfattning i procent av heltid.",
            );
        }
        o
    } else {
        None
    };
    let mut parter = Vec::new();
    for p in f.all("part") {
        match Part::from_code(p.trim()) {
            Some(p) => parter.push(p),
            None => e.add("part", "Välj parter i listan."),
        }
    }
    parter.sort();
    parter.dedup();
    let plats = checked_text(f.get("plats"), 200, "plats", &mut e);
    let anteckning = checked_text(f.get("anteckning"), 2000, "anteckning", &mut e);
    match (typ, datum) {
        (Some(typ), Some(datum)) if e.is_empty() => Ok(Aktivitet {
            typ,
            motestyp,
            datum,
            till,
            parter,
            plats,
            omfattning,
            anteckning,
        }),
        _ => Err(e),
    }
}

/// A valid utskrivning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utskrivning {
    pub utskriven: Date,
    pub anledning: Avslutsanledning,
    pub nasta_steg: String,
    pub mottagande_part: Option<Part>,
    /// The measurement at exit; required with consent, refused without (and for a
    /// felregistrering, which leaves every figure).
    pub efter: Option<Matning>,
}

/// Checks the utskrivning form; `med_samtycke` is whether a consent stands.
pub fn parse_utskrivning(
    f: &Fields,
    b: Bounds,
    med_samtycke: bool,
) -> Result<Utskrivning, FieldErrors> {
    let mut e = FieldErrors::new();
    let from = b.inskriven.map(|d| (d, "då personen skrevs in"));
    let utskriven = dated(
        f,
        "utskriven",
        "datum för utskrivningen",
        from,
        b.today,
        &mut e,
    );
    let anledning = Avslutsanledning::from_code(f.get("avslutsanledning").trim());
    if anledning.is_none() {
        e.add("avslutsanledning", "Välj anledning till avslutet.");
    }
    let nasta_steg = checked_text(f.get("nasta_steg"), 500, "nasta_steg", &mut e);
    let mottagande_part = match f.get("mottagande_part").trim() {
        "" => None,
        v => {
            let p = Part::from_code(v);
            if p.is_none() {
                e.add("mottagande_part", "Välj part i listan.");
            }
            p
        }
    };
    let wants_efter = med_samtycke
        && !matches!(
            anledning,
            Some(Avslutsanledning::Felregistrering | Avslutsanledning::SamtyckeAterkallat)
        );
    let efter = if wants_efter {
        matning_values(f, utskriven.unwrap_or(b.today), false, &mut e)
    } else {
        if has_matning(f) {
            let why = if med_samtycke {
                "Ingen mätning registreras för det här avslutet."
            } else {
                "Utan samtycke registreras ingen mätning."
            };
            e.add("forsorjning", why);
        }
        None
    };
    match (utskriven, anledning) {
        (Some(utskriven), Some(anledning)) if e.is_empty() => Ok(Utskrivning {
            utskriven,
            anledning,
            nasta_steg,
            mottagande_part,
            efter,
        }),
        _ => Err(e),
    }
}

/// Checks a follow-up after exit: which one, dated on or after the exit.
pub fn parse_uppfoljning(f: &Fields, b: Bounds) -> Result<(Tillfalle, Matning), FieldErrors> {
    let mut e = FieldErrors::new();
    let tillfalle =
        Tillfalle::from_code(f.get("tillfalle").trim()).filter(|t| t.manader().is_some());
    if tillfalle.is_none() {
        e.add("tillfalle", "Välj vilken uppföljning det gäller.");
    }
    let from = b.utskriven.map(|d| (d, "då personen skrevs ut"));
    let datum = dated(f, "datum", "datum för uppföljningen", from, b.today, &mut e);
    let m = matning_values(f, datum.unwrap_or(b.today), false, &mut e);
    match (tillfalle, m) {
        (Some(t), Some(m)) if e.is_empty() => Ok((t, m)),
        _ => Err(e),
    }
}

/// Checks a corrected measurement: the same occasion, a date within its bounds.
pub fn parse_rattelse(f: &Fields, tillfalle: Tillfalle, b: Bounds) -> Result<Matning, FieldErrors> {
    let mut e = FieldErrors::new();
    let from = match tillfalle {
        Tillfalle::Fore => None,
        Tillfalle::Efter => b.inskriven.map(|d| (d, "då personen skrevs in")),
        _ => b.utskriven.map(|d| (d, "då personen skrevs ut")),
    };
    let datum = dated(f, "datum", "datum för mätningen", from, b.today, &mut e);
    let full = tillfalle == Tillfalle::Fore;
    let m = matning_values(f, datum.unwrap_or(b.today), full, &mut e);
    match m {
        Some(m) if e.is_empty() => Ok(m),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests;
