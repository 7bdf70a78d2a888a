//! The protokoll's parts: who was present, the justerare, the justering line, and the
//! earlier decisions whose follow-up falls due by the meeting.

use crate::choices::Opt;
use lotsen_core::lokus::MoteRow;
use lotsen_core::lokus::narvaro::Medlem;
use lotsen_core::lokus::view::MoteView;
use lotsen_domain::Role;
use lotsen_domain::lokus_mote::NarvaroForm;
use uuid::Uuid;

/// "Justerat 2026-12-08 av Anders Öhman och Lena Åkesson", or what the justering waits for.
pub fn justering_text(m: &MoteRow) -> String {
    let chair = m.justerat_av.as_deref().unwrap_or("");
    let justerare = m.justerare.as_deref().unwrap_or("");
    if m.locked() {
        let day = m.justerat_at.as_deref().unwrap_or("");
        match (
            chair.is_empty(),
            m.justerare_justerat && !justerare.is_empty(),
        ) {
            (false, true) => format!("Justerat {day} av {chair} och {justerare}"),
            (false, false) => format!("Justerat {day} av {chair}"),
            (true, _) => format!("Justerat {day}"),
        }
    } else if m.awaiting_justerare() {
        let day = m.ordforande_justerat_at.as_deref().unwrap_or("");
        format!("Ordföranden {chair} justerade {day}. Väntar på justeraren {justerare}.")
    } else {
        "Inte justerat".into()
    }
}

/// A role as the protokoll's list of those present names it.
fn roll_text(r: Role) -> &'static str {
    match r {
        Role::LokusOrdforande => "ordförande",
        Role::LokusLedamot => "ledamot",
        Role::Koordinator => "samverkanskoordinator",
        other => other.label(),
    }
}

/// A member of the group, as a checkbox of the närvaro form and a line of the protokoll.
pub struct MedlemView {
    pub id: Uuid,
    /// "Lena Åkesson, ledamot".
    pub text: String,
    pub checked: bool,
}

/// Who was present and who justerar, for the form and the protokoll.
pub struct NarvaroView {
    pub medlemmar: Vec<MedlemView>,
    /// Those ticked, as the protokoll lists them.
    pub narvarande: Vec<String>,
    pub ovriga: String,
    pub justerare: String,
    pub justerare_val: Vec<Opt>,
    pub form: NarvaroForm,
    pub ordforande_ensam: bool,
    /// The chair's name for the signature line: who justerade, else the group's chair.
    pub ordforande: String,
}

impl NarvaroView {
    /// `typed`: the form as sent, after an error.
    pub fn of(v: &MoteView, typed: Option<NarvaroForm>) -> NarvaroView {
        let text = |m: &Medlem| {
            let roller: Vec<&str> = m.roller.iter().map(|r| roll_text(*r)).collect();
            if roller.is_empty() {
                m.namn.clone()
            } else {
                format!("{}, {}", m.namn, roller.join(" och "))
            }
        };
        let form = typed.unwrap_or_else(|| NarvaroForm {
            narvarande: v
                .medlemmar
                .iter()
                .filter(|m| m.narvarande)
                .map(|m| m.user_id.to_string())
                .collect(),
            ovriga: v.mote.narvarande_ovriga.clone(),
            justerare: v
                .mote
                .justerare_id
                .map(|u| u.to_string())
                .unwrap_or_default(),
        });
        let ticked = |id: Uuid| form.narvarande.iter().any(|x| x.trim() == id.to_string());
        NarvaroView {
            medlemmar: v
                .medlemmar
                .iter()
                .map(|m| MedlemView {
                    id: m.user_id,
                    text: text(m),
                    checked: ticked(m.user_id),
                })
                .collect(),
            narvarande: v
                .medlemmar
                .iter()
                .filter(|m| m.narvarande)
                .map(text)
                .collect(),
            ovriga: v.mote.narvarande_ovriga.clone(),
            justerare: v.mote.justerare.clone().unwrap_or_default(),
            justerare_val: v
                .medlemmar
                .iter()
                .filter(|m| !m.roller.is_empty() && !m.is_chair())
                .map(|m| Opt {
                    value: m.user_id.to_string(),
                    label: m.namn.clone(),
                    selected: form.justerare.trim() == m.user_id.to_string(),
                })
                .collect(),
            ordforande: v.mote.justerat_av.clone().unwrap_or_else(|| {
                v.medlemmar
                    .iter()
                    .find(|m| m.is_chair())
                    .map(|m| m.namn.clone())
                    .unwrap_or_default()
            }),
            ordforande_ensam: v.grupp.ordforande_justerar_ensam,
            form,
        }
    }
}

/// An earlier decision whose follow-up falls due by this meeting.
pub struct UppfoljningView {
    /// "LOKUS-mötet 2026-10-06, § 4, Ärende 2026-STL-004".
    pub kalla: String,
    pub beslut: String,
    /// "Kommunens representant, senast 2026-11-03".
    pub uppfoljning: String,
}

impl UppfoljningView {
    pub fn all(v: &MoteView) -> Vec<UppfoljningView> {
        v.uppfoljningar
            .iter()
            .map(|u| {
                let mut kalla = format!("LOKUS-mötet {}", u.mote_datum);
                if let Some(n) = u.paragraf {
                    kalla.push_str(&format!(", § {n}"));
                }
                match (&u.nummer, &u.rubrik) {
                    (Some(n), _) => kalla.push_str(&format!(", ärende {n}")),
                    (None, Some(r)) => kalla.push_str(&format!(", {r}")),
                    _ => {}
                }
                let uppfoljning = match &u.vem {
                    Some(vem) => format!("{vem}, senast {}", u.senast),
                    None => format!("Senast {}", u.senast),
                };
                UppfoljningView {
                    kalla,
                    beslut: u.beslut.clone(),
                    uppfoljning,
                }
            })
            .collect()
    }
}
