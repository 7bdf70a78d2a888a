//! The SIP record's forms (issue 17): starting a record (initiative, convener, planeringsansvarig,
//! consent, invited parties), the kallelse, the planning meeting, a follow-up meeting, an action
//! of the plan and its status, calling the SIP off, a new consent and withdrawing consent. Forms arrive as
//! name–value pairs ([`Fields`]) and are checked here with a Swedish message per field; the
//! dates that depend on the stored record are checked against the [`SipBounds`] the core
//! passes in. Free text refuses personnummer and obvious names: roles and units, never names.

use crate::Part;
use crate::deltagare_form::{Fields, checked_text, dated};
use crate::sip::{Ansvarig, AtgardStatus, Initiativ, InstalldOrsak, SipPart, SipSamtycke};
use crate::validate::{FieldErrors, parse_date};
use time::Date;
use uuid::Uuid;

pub const ROLL_MAX: usize = 200;
pub const MAL_MAX: usize = 1000;
pub const ATGARD_MAX: usize = 500;
pub const VERKSAMHET_MAX: usize = 200;

/// What the stored record bounds the forms' dates with.
#[derive(Debug, Clone, Copy)]
pub struct SipBounds {
    pub today: Date,
    pub initierad: Date,
    /// The latest meeting held, if any.
    pub senaste_mote: Option<Date>,
    pub samtycke_datum: Date,
    pub samtycke_till: Option<Date>,
}

/// A party invited to the SIP: a unit of the förbund's register (its party is the unit's
/// organisation's), or a party with a short description of the verksamhet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inbjuden {
    Enhet(Uuid),
    Part { part: SipPart, verksamhet: String },
}

/// A valid new SIP record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NySip {
    pub initierad: Date,
    pub initierad_av: Initiativ,
    pub sammankallande: Part,
    pub sammankallande_enhet: Option<Uuid>,
    pub sammankallande_roll: String,
    pub planering: Option<Part>,
    pub planering_enhet: Option<Uuid>,
    pub planering_roll: String,
    pub samtycke_datum: Date,
    pub samtycke_form: SipSamtycke,
    pub samtycke_parter: Vec<SipPart>,
    pub samtycke_till: Option<Date>,
    pub inbjudna: Vec<Inbjuden>,
}

/// The invited parties of a form: checkbox values `enhet:<id>` and `part:<kod>`, each `part:`
/// with its description in `verksamhet_<kod>`.
fn inbjudna(f: &Fields, e: &mut FieldErrors) -> Vec<Inbjuden> {
    let mut out = Vec::new();
    for v in f.all("inbjuden") {
        let parsed = match v.split_once(':') {
            Some(("enhet", id)) => Uuid::parse_str(id).ok().map(Inbjuden::Enhet),
            Some(("part", kod)) => SipPart::from_code(kod).map(|part| {
                let field = match part {
                    SipPart::Skola => "verksamhet_skola",
                    SipPart::Annan => "verksamhet_annan",
                    _ => "verksamhet_part",
                };
                let verksamhet = checked_text(f.get(field), VERKSAMHET_MAX, field, e);
                Inbjuden::Part { part, verksamhet }
            }),
            _ => None,
        };
        match parsed {
            Some(i) if !out.contains(&i) => out.push(i),
            Some(_) => {}
            None => e.add("inbjuden", "Välj bland parterna i listan."),
        }
    }
    if out.is_empty() {
        e.add("inbjuden", "Välj minst en part som bjuds in.");
    }
    out
}

/// An optional unit of the register (its party is checked against the register by the core).
fn optional_unit(f: &Fields, field: &'static str, e: &mut FieldErrors) -> Option<Uuid> {
    match f.get(field).trim() {
        "" => None,
        v => {
            let id = Uuid::parse_str(v).ok();
            if id.is_none() {
                e.add(field, "Välj en enhet i listan.");
            }
            id
        }
    }
}

fn optional_date(f: &Fields, field: &'static str, what: &str, e: &mut FieldErrors) -> Option<Date> {
    let v = f.get(field).trim();
    if v.is_empty() {
        None
    } else {
        e.check(field, parse_date(v, what))
    }
}

/// A consent's fields as the form holds them; each is `None` (or empty) when refused.
struct Samtyckesfalt {
    datum: Option<Date>,
    form: Option<SipSamtycke>,
    parter: Vec<SipPart>,
    till: Option<Date>,
}

/// Checks a consent's fields (`samtycke_datum`, `samtycke_form`, `samtycke_part` repeated,
/// `samtycke_till`): given by today and not before `from`, and ending, if at all, after it was
/// given.
fn samtyckesfalt(
    f: &Fields,
    from: Option<(Date, &str)>,
    today: Date,
    e: &mut FieldErrors,
) -> Samtyckesfalt {
    let datum = dated(f, "samtycke_datum", "datum för samtycket", from, today, e);
    let form = SipSamtycke::from_code(f.get("samtycke_form").trim());
    if form.is_none() {
        e.add("samtycke_form", "Välj hur samtycket lämnades.");
    }
    let parter: Vec<SipPart> = f
        .all("samtycke_part")
        .into_iter()
        .filter_map(SipPart::from_code)
        .collect();
    if parter.is_empty() {
        e.add(
            "samtycke_part",
            "Välj de parter som samtycket gäller (minst en).",
        );
    }
    let till = optional_date(f, "samtycke_till", "datum då samtycket upphör", e);
    if let (Some(t), Some(d)) = (till, datum)
        && t < d
    {
        e.add(
            "samtycke_till",
            "Samtycket kan inte upphöra före det lämnades.",
        );
    }
    Samtyckesfalt {
        datum,
        form,
        parter,
        till,
    }
}

/// A new consent for a running record: it replaces the one recorded (a wider or renewed
/// consent; a withdrawal is its own step).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NyttSamtycke {
    pub datum: Date,
    pub form: SipSamtycke,
    pub parter: Vec<SipPart>,
    pub till: Option<Date>,
}

/// Checks a new consent: given by today and not before the one it replaces. Which parties it
/// must cover and how long it must last depend on the record's invitations and bookings, which
/// the core checks.
pub fn parse_samtycke(f: &Fields, b: SipBounds) -> Result<NyttSamtycke, FieldErrors> {
    let mut e = FieldErrors::new();
    let s = samtyckesfalt(
        f,
        Some((b.samtycke_datum, "då det förra samtycket lämnades")),
        b.today,
        &mut e,
    );
    match (s.datum, s.form) {
        (Some(datum), Some(form)) if e.is_empty() => Ok(NyttSamtycke {
            datum,
            form,
            parter: s.parter,
            till: s.till,
        }),
        _ => Err(e),
    }
}

/// Checks the form that starts a SIP record.
pub fn parse_ny(f: &Fields, today: Date) -> Result<NySip, FieldErrors> {
    let mut e = FieldErrors::new();
    let initierad = dated(f, "initierad", "datum för initiativet", None, today, &mut e);
    let initierad_av = Initiativ::from_code(f.get("initierad_av").trim());
    if initierad_av.is_none() {
        e.add("initierad_av", "Välj vem som tog initiativet.");
    }
    let sammankallande = Part::from_code(f.get("sammankallande").trim());
    if sammankallande.is_none() {
        e.add("sammankallande", "Välj vilken part som kallar.");
    }
    let sammankallande_enhet = optional_unit(f, "sammankallande_enhet", &mut e);
    let planering_enhet = optional_unit(f, "planering_enhet", &mut e);
    let sammankallande_roll = checked_text(
        f.get("sammankallande_roll"),
        ROLL_MAX,
        "sammankallande_roll",
        &mut e,
    );
    let planering = match f.get("planering").trim() {
        "" => None,
        v => {
            let p = Part::from_code(v);
            if p.is_none() {
                e.add("planering", "Välj en part i listan.");
            }
            p
        }
    };
    let planering_roll = checked_text(f.get("planering_roll"), ROLL_MAX, "planering_roll", &mut e);
    let Samtyckesfalt {
        datum: samtycke_datum,
        form: samtycke_form,
        parter: samtycke_parter,
        till: samtycke_till,
    } = samtyckesfalt(f, None, today, &mut e);
    let inbjudna = inbjudna(f, &mut e);
    match (
        initierad,
        initierad_av,
        sammankallande,
        samtycke_datum,
        samtycke_form,
    ) {
        (Some(initierad), Some(initierad_av), Some(sammankallande), Some(sd), Some(sf))
            if e.is_empty() =>
        {
            Ok(NySip {
                initierad,
                initierad_av,
                sammankallande,
                sammankallande_enhet,
                sammankallande_roll,
                planering,
                planering_enhet,
                planering_roll,
                samtycke_datum: sd,
                samtycke_form: sf,
                samtycke_parter,
                samtycke_till,
                inbjudna,
            })
        }
        _ => Err(e),
    }
}

/// Checks the kallelse: the date of the planning meeting, with the parties invited to it. The
/// meeting may lie ahead, but not before the initiative or after the consent ends.
pub fn parse_kallelse(f: &Fields, b: SipBounds) -> Result<(Date, Vec<Inbjuden>), FieldErrors> {
    let mut e = FieldErrors::new();
    let datum = e.check(
        "kallad_till",
        parse_date(f.get("kallad_till"), "datum för planeringsmötet"),
    );
    if let Some(d) = datum {
        within_consent(d, "kallad_till", b, &mut e);
    }
    let inbjudna = inbjudna(f, &mut e);
    match datum {
        Some(d) if e.is_empty() => Ok((d, inbjudna)),
        _ => Err(e),
    }
}

/// A meeting's date must lie on or after the initiative and within the consent.
fn within_consent(d: Date, field: &'static str, b: SipBounds, e: &mut FieldErrors) {
    if d < b.initierad {
        e.add(
            field,
            format!("Mötet kan inte ligga före initiativet ({}).", b.initierad),
        );
    } else if let Some(till) = b.samtycke_till
        && d > till
    {
        e.add(
            field,
            format!("Samtycket gäller bara till {till}. Förnya samtycket först."),
        );
    }
}

/// A valid planning meeting: the SIP is held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mote {
    pub datum: Date,
    /// The invited parties (their `sip_part` ids) that were present.
    pub narvarande: Vec<Uuid>,
    pub individen_deltog: bool,
    pub narstaende_deltog: bool,
    pub mal_individ: String,
    pub mal_professionella: String,
    pub nasta: Option<Date>,
}

/// The next follow-up: after the meeting, and within the consent.
fn nasta(f: &Fields, datum: Option<Date>, b: SipBounds, e: &mut FieldErrors) -> Option<Date> {
    let n = optional_date(f, "nasta", "datum för nästa uppföljning", e)?;
    if let Some(d) = datum
        && n <= d
    {
        e.add("nasta", "Uppföljningen måste ligga efter mötet.");
        return None;
    }
    if let Some(till) = b.samtycke_till
        && n > till
    {
        e.add(
            "nasta",
            format!("Samtycket gäller bara till {till}. Boka uppföljningen före dess eller förnya samtycket."),
        );
        return None;
    }
    Some(n)
}

/// A held meeting's date: not in the future, not before the initiative or the previous
/// meeting, within the consent.
fn held(f: &Fields, b: SipBounds, e: &mut FieldErrors) -> Option<Date> {
    let from = match b.senaste_mote {
        Some(m) => (m, "det förra mötet"),
        None => (b.initierad, "initiativet"),
    };
    let d = dated(f, "datum", "datum för mötet", Some(from), b.today, e)?;
    within_consent(d, "datum", b, e);
    Some(d)
}

/// Checks the planning meeting form.
pub fn parse_mote(f: &Fields, b: SipBounds) -> Result<Mote, FieldErrors> {
    let mut e = FieldErrors::new();
    let datum = held(f, b, &mut e);
    let narvarande = f
        .all("narvarande")
        .into_iter()
        .filter_map(|v| Uuid::parse_str(v).ok())
        .collect();
    let mal_individ = checked_text(f.get("mal_individ"), MAL_MAX, "mal_individ", &mut e);
    let mal_professionella = checked_text(
        f.get("mal_professionella"),
        MAL_MAX,
        "mal_professionella",
        &mut e,
    );
    let nasta = nasta(f, datum, b, &mut e);
    match datum {
        Some(datum) if e.is_empty() => Ok(Mote {
            datum,
            narvarande,
            individen_deltog: f.yes("individen_deltog"),
            narstaende_deltog: f.yes("narstaende_deltog"),
            mal_individ,
            mal_professionella,
            nasta,
        }),
        _ => Err(e),
    }
}

/// Checks a follow-up meeting: (date, the next follow-up booked at it).
pub fn parse_uppfoljning(f: &Fields, b: SipBounds) -> Result<(Date, Option<Date>), FieldErrors> {
    let mut e = FieldErrors::new();
    let datum = held(f, b, &mut e);
    let nasta = nasta(f, datum, b, &mut e);
    match datum {
        Some(d) if e.is_empty() => Ok((d, nasta)),
        _ => Err(e),
    }
}

/// A valid action of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NyAtgard {
    pub text: String,
    pub ansvarig: Ansvarig,
    pub enhet: Option<Uuid>,
    pub senast: Date,
}

/// Checks a new action: what, who is responsible (a party, optionally a unit) and by when.
pub fn parse_atgard(f: &Fields, b: SipBounds) -> Result<NyAtgard, FieldErrors> {
    let mut e = FieldErrors::new();
    let text = checked_text(f.get("text"), ATGARD_MAX, "text", &mut e);
    if text.is_empty() && e.get("text").is_none() {
        e.add("text", "Skriv vad som ska göras.");
    }
    let ansvarig = Ansvarig::from_code(f.get("ansvarig").trim());
    if ansvarig.is_none() {
        e.add("ansvarig", "Välj vem som ansvarar för åtgärden.");
    }
    let enhet = optional_unit(f, "enhet", &mut e);
    let senast = e.check(
        "senast",
        parse_date(f.get("senast"), "datum då åtgärden ska vara klar"),
    );
    if let Some(s) = senast
        && s < b.initierad
    {
        e.add("senast", "Datumet kan inte ligga före initiativet.");
    }
    match (ansvarig, senast) {
        (Some(ansvarig), Some(senast)) if e.is_empty() => Ok(NyAtgard {
            text,
            ansvarig,
            enhet,
            senast,
        }),
        _ => Err(e),
    }
}

/// A valid status change of an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtgardAndring {
    pub status: AtgardStatus,
    /// The day it was done (`klar` only).
    pub klar_datum: Option<Date>,
    /// Why it was not done (`ej_genomford` only).
    pub orsak: String,
}

/// Checks an action's new status: `klar` needs the day it was done, `ej_genomford` a reason.
pub fn parse_atgard_status(f: &Fields, b: SipBounds) -> Result<AtgardAndring, FieldErrors> {
    let mut e = FieldErrors::new();
    let status = AtgardStatus::from_code(f.get("status").trim());
    if status.is_none() {
        e.add("status", "Välj en status.");
    }
    let klar_datum = match status {
        Some(AtgardStatus::Klar) => dated(
            f,
            "klar_datum",
            "datum då åtgärden blev klar",
            Some((b.initierad, "SIP:en initierades då")),
            b.today,
            &mut e,
        ),
        _ => None,
    };
    let orsak = match status {
        Some(AtgardStatus::EjGenomford) => {
            let o = checked_text(f.get("orsak"), ATGARD_MAX, "orsak", &mut e);
            if o.is_empty() && e.get("orsak").is_none() {
                e.add("orsak", "Skriv varför åtgärden inte blev av.");
            }
            o
        }
        _ => String::new(),
    };
    match status {
        Some(status) if e.is_empty() => Ok(AtgardAndring {
            status,
            klar_datum,
            orsak,
        }),
        _ => Err(e),
    }
}

/// Checks the reason for calling a SIP off.
pub fn parse_installd(f: &Fields) -> Result<InstalldOrsak, FieldErrors> {
    InstalldOrsak::from_code(f.get("orsak").trim()).ok_or_else(|| {
        let mut e = FieldErrors::new();
        e.add("orsak", "Välj varför SIP:en ställs in.");
        e
    })
}

/// Checks the date a consent was withdrawn: not before it was given, not in the future.
pub fn parse_aterkallelse(f: &Fields, b: SipBounds) -> Result<Date, FieldErrors> {
    let mut e = FieldErrors::new();
    let d = dated(
        f,
        "datum",
        "datum för återkallelsen",
        Some((b.samtycke_datum, "samtycket lämnades då")),
        b.today,
        &mut e,
    );
    d.filter(|_| e.is_empty()).ok_or(e)
}

#[cfg(test)]
mod tests;
