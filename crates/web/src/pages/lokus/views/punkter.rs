//! One agenda item as the meeting page, the pack and the protokoll show it: its pre-read,
//! § number, decision (with bordläggning) and the typed values of its forms after an error.

use crate::choices::label_list;
use crate::views::Fact;
use lotsen_core::lokus::view::MoteView;
use lotsen_core::sip::SipSammanfattning;
use lotsen_domain::FieldErrors;
use lotsen_domain::arende::{Ersattning, Malgrupp};
use lotsen_domain::lokus_mote::{BeslutForm, fine_age_band};
use lotsen_domain::sip::{Ansvarig, SipPart};
use uuid::Uuid;

/// One agenda item with its pre-read and decision.
pub struct PunktView {
    pub id: Uuid,
    pub nr: usize,
    /// "§ 12": fixed once the chair has justerat, else the number the item would get now.
    pub paragraf: String,
    pub is_arende: bool,
    pub rubrik: String,
    pub etikett: &'static str,
    pub text: String,
    pub facts: Vec<Fact>,
    pub problem_forklaring: String,
    pub atgarder: Vec<String>,
    /// The ärende's SIP records in summary, one list of facts each.
    pub sip: Vec<Vec<Fact>>,
    pub fraga: String,
    pub beskrivning: Option<String>,
    pub visa_beskrivning: bool,
    pub beslut: String,
    pub uppfoljning: String,
    pub beslutat_av: String,
    /// Bordlagt here: the ärende comes up again at the next meeting.
    pub bordlagd: bool,
    /// Why a carried-over item is here: "Bordlagd 2026-11-10: …".
    pub bordlagd_text: Option<String>,
    pub first: bool,
    pub last: bool,
    /// The typed decision after an error on this item, else the stored one.
    pub form: BeslutForm,
    /// `""` for the item whose form has errors (so the error summary's links reach its
    /// fields), else `-{id}`: every item's form has its own field ids.
    pub sfx: String,
    pub has_errors: bool,
    pub e_beslut: Option<String>,
    pub e_vem: Option<String>,
    pub e_senast: Option<String>,
    /// The typed position after an error on this item's "Flytta till plats", else its own.
    pub placering: String,
    /// As `sfx`, for the position field.
    pub psfx: String,
    pub e_placering: Option<String>,
}

/// Builds the visible items (and, separately, the removed ones) of a meeting. `error_punkt`
/// is the item whose decision came back with errors, `error_placering` the one whose move.
pub fn punkter(
    v: &MoteView,
    error_punkt: Option<(Uuid, &BeslutForm)>,
    error_placering: Option<(Uuid, &str)>,
    errors: &FieldErrors,
) -> (Vec<PunktView>, Vec<PunktView>) {
    let mut shown = Vec::new();
    let mut removed = Vec::new();
    for p in &v.punkter {
        let is_arende = p.arende_id.is_some();
        let facts = if is_arende {
            let avsandare = match (&p.part, &p.enhet) {
                (Some(part), Some(e)) => format!("{} – {e}", part.label()),
                (Some(part), None) => part.label().into(),
                _ => "–".into(),
            };
            vec![
                Fact {
                    term: "Remitterande part och enhet",
                    value: avsandare,
                },
                Fact {
                    term: "Inkom",
                    value: p.inkom.map(|d| d.to_string()).unwrap_or_default(),
                },
                Fact {
                    term: "Status",
                    value: p.status.map(|x| x.label().into()).unwrap_or_default(),
                },
                Fact {
                    term: "Kön",
                    value: p.kon.map(|x| x.label().into()).unwrap_or_default(),
                },
                Fact {
                    term: "Ålder",
                    value: fine_age_band(p.alder).into(),
                },
                Fact {
                    term: "Målgrupper",
                    value: label_list(&p.malgrupper, Malgrupp::label),
                },
                Fact {
                    term: "Ersättning",
                    value: label_list(&p.ersattning, Ersattning::label),
                },
                Fact {
                    term: "Samverkansproblem",
                    value: p
                        .samverkansproblem
                        .map(|x| x.label().into())
                        .unwrap_or_else(|| "Inte bedömt".into()),
                },
            ]
        } else {
            Vec::new()
        };
        let atgarder = v
            .atgarder
            .iter()
            .filter(|a| Some(a.arende_id) == p.arende_id)
            .map(|a| {
                let what = a.kod.label();
                match a.mal_part {
                    Some(part) => format!("{} {what} – {}", a.datum, part.label()),
                    None => format!("{} {what}", a.datum),
                }
            })
            .collect();
        let sip = v
            .sip
            .iter()
            .filter(|s| Some(s.arende_id) == p.arende_id)
            .map(sip_facts)
            .collect();
        let mut uppfoljning = String::new();
        if let Some(vem) = &p.uppfoljning_vem {
            uppfoljning.push_str(vem);
        }
        if let Some(d) = p.uppfoljning_senast {
            if !uppfoljning.is_empty() {
                uppfoljning.push_str(", ");
            }
            uppfoljning.push_str(&format!("senast {d}"));
        }
        let has_errors = error_punkt.is_some_and(|(id, _)| id == p.punkt_id);
        let form = match error_punkt {
            Some((id, f)) if id == p.punkt_id => f.clone(),
            _ => BeslutForm {
                beslut: p.beslut.clone(),
                vem: p.uppfoljning_vem.clone().unwrap_or_default(),
                senast: p
                    .uppfoljning_senast
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                bordlagg: if p.bordlagd { "ja" } else { "" }.into(),
            },
        };
        let moved = error_placering.filter(|(id, _)| *id == p.punkt_id);
        let view = PunktView {
            id: p.punkt_id,
            nr: 0,
            paragraf: p.paragraf.map(|n| format!("§ {n}")).unwrap_or_default(),
            is_arende,
            rubrik: match (&p.nummer, &p.rubrik) {
                (Some(n), _) => format!("Ärende {n}"),
                (None, Some(r)) => r.clone(),
                _ => String::new(),
            },
            etikett: match (is_arende, p.overford) {
                (false, _) => "Övrig punkt",
                (true, true) => "Överförd från tidigare möte",
                (true, false) => "Ny sedan förra mötet",
            },
            text: p.text.clone(),
            facts,
            problem_forklaring: p
                .samverkansproblem
                .map(|x| x.explanation())
                .unwrap_or("")
                .into(),
            atgarder,
            sip,
            fraga: p.fraga.clone().unwrap_or_default(),
            beskrivning: p.beskrivning.clone(),
            visa_beskrivning: p.visa_beskrivning,
            beslut: p.beslut.clone(),
            uppfoljning,
            beslutat_av: p.beslutat_av.clone().unwrap_or_default(),
            bordlagd: p.bordlagd,
            bordlagd_text: match (p.bordlagd_datum, &p.bordlagd_beslut) {
                (Some(d), Some(b)) => Some(format!("Bordlagd {d}: {b}")),
                _ => None,
            },
            first: false,
            last: false,
            form,
            sfx: if has_errors {
                String::new()
            } else {
                format!("-{}", p.punkt_id)
            },
            has_errors,
            e_beslut: has_errors
                .then(|| errors.get("beslut").map(str::to_string))
                .flatten(),
            e_vem: has_errors
                .then(|| errors.get("vem").map(str::to_string))
                .flatten(),
            e_senast: has_errors
                .then(|| errors.get("senast").map(str::to_string))
                .flatten(),
            placering: moved.map(|(_, t)| t.to_string()).unwrap_or_default(),
            psfx: if moved.is_some() {
                String::new()
            } else {
                format!("-{}", p.punkt_id)
            },
            e_placering: moved.and_then(|_| errors.get("placering").map(str::to_string)),
        };
        if p.borttagen {
            removed.push(view);
        } else {
            shown.push(view);
        }
    }
    let n = shown.len();
    let preliminary = v.forsta_paragraf..;
    for ((i, p), next) in shown.iter_mut().enumerate().zip(preliminary) {
        p.nr = i + 1;
        p.first = i == 0;
        p.last = i + 1 == n;
        if p.placering.is_empty() {
            p.placering = p.nr.to_string();
        }
        // Not numbered yet: the numbers the items would get if justerat now.
        if p.paragraf.is_empty() {
            p.paragraf = format!("§ {next}");
        }
    }
    (shown, removed)
}

/// A SIP record as the pre-read summarises it: status, dates, parties, actions.
fn sip_facts(s: &SipSammanfattning) -> Vec<Fact> {
    let parties = |list: &[SipPart]| {
        if list.is_empty() {
            "–".to_string()
        } else {
            list.iter()
                .map(|p| p.label())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let uppfoljning = match s.nasta_uppfoljning {
        Some(d) if s.uppfoljning_forsenad => format!("{d}, försenad"),
        Some(d) => d.to_string(),
        None if s.utan_uppfoljning => "Ingen uppföljning bokad".into(),
        None => "–".into(),
    };
    let mut late: Vec<(Ansvarig, usize)> = Vec::new();
    for a in &s.forsenade {
        match late.iter_mut().find(|(p, _)| p == a) {
            Some((_, n)) => *n += 1,
            None => late.push((*a, 1)),
        }
    }
    let forsenade = if late.is_empty() {
        "inga försenade".to_string()
    } else {
        let whose: Vec<String> = late
            .iter()
            .map(|(p, n)| format!("{} {n}", p.label()))
            .collect();
        format!(
            "varav {} försenade ({})",
            s.forsenade.len(),
            whose.join(", ")
        )
    };
    vec![
        Fact {
            term: "SIP",
            value: format!("{}, initierad {}", s.status.label(), s.initierad),
        },
        Fact {
            term: "Planeringsmöte",
            value: s
                .kallad_till
                .map(|d| d.to_string())
                .unwrap_or_else(|| "Inte kallat".into()),
        },
        Fact {
            term: "Inbjudna parter",
            value: parties(&s.parter),
        },
        Fact {
            term: "Närvarande vid planeringsmötet",
            value: parties(&s.narvarande),
        },
        Fact {
            term: "Nästa uppföljning",
            value: uppfoljning,
        },
        Fact {
            term: "Åtgärder som inte är klara",
            value: format!("{}, {forsenade}", s.oppna_atgarder),
        },
    ]
}
