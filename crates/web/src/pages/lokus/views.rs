//! View models of the LOKUS pages, built from the core's read models: labels instead of
//! codes, the figures as tables, one pre-read per agenda item, and the protokoll's parts
//! (närvaro, justerare, § numbers, justering).

use crate::choices::{Opt, label_list};
use crate::views::{Fact, PageCtx};
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::lokus::figures::{Figures, Pair};
use lotsen_core::lokus::moten::MoteList;
use lotsen_core::lokus::narvaro::Medlem;
use lotsen_core::lokus::view::MoteView;
use lotsen_core::lokus::{GruppOverview, MotePerms, MoteRow};
use lotsen_domain::arende::{Ersattning, Kon, Malgrupp, Samverkansproblem};
use lotsen_domain::lokus_mote::{
    BeslutForm, MoteForm, MoteStatus, NarvaroForm, PunktForm, fine_age_band,
};
use lotsen_domain::{FieldErrors, Part, Role};
use uuid::Uuid;

/// One table row of figures: a label and its counts.
pub struct FigurRad {
    pub label: String,
    pub cells: Vec<i64>,
    pub total: bool,
}

pub struct FigurTabell {
    pub id: &'static str,
    pub caption: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<FigurRad>,
}

pub struct FiguresView {
    pub sedan: String,
    pub ar: String,
    pub tables: Vec<FigurTabell>,
}

fn pair_row(label: impl Into<String>, p: Pair, total: bool) -> FigurRad {
    FigurRad {
        label: label.into(),
        cells: vec![p.sedan, p.ar],
        total,
    }
}

impl FiguresView {
    pub fn of(f: &Figures) -> FiguresView {
        let sedan = format!("{} – {}", f.sedan_fran, f.till);
        let ar = format!("{} – {}", f.ar_fran, f.till);
        let kon: Vec<Option<&str>> = Kon::ALL
            .iter()
            .map(|k| Some(k.code()))
            .chain([None])
            .collect();
        let part_kon = |caption: String, id: &'static str, pick: fn(Pair) -> i64| FigurTabell {
            id,
            caption,
            columns: vec!["Kvinna", "Man", "Okänt kön", "Totalt"],
            rows: Part::ALL
                .iter()
                .map(|p| Some(*p))
                .chain([None])
                .map(|part| FigurRad {
                    label: part.map_or("Totalt", Part::label).into(),
                    cells: kon
                        .iter()
                        .map(|k| pick(f.cell(part.map(Part::code), *k)))
                        .collect(),
                    total: part.is_none(),
                })
                .collect(),
        };
        let mut problem: Vec<FigurRad> = Samverkansproblem::ALL
            .iter()
            .map(|p| pair_row(p.label(), f.problem(Some(p.code())), false))
            .collect();
        problem.push(pair_row("Inte bedömt", f.problem(None), false));
        problem.push(pair_row("Totalt", f.problem_total(), true));
        FiguresView {
            tables: vec![
                part_kon(
                    format!("Inkomna ärenden per part och kön sedan förra mötet ({sedan})"),
                    "fig-sedan",
                    |p| p.sedan,
                ),
                part_kon(
                    format!("Inkomna ärenden per part och kön hittills i år ({ar})"),
                    "fig-ar",
                    |p| p.ar,
                ),
                FigurTabell {
                    id: "fig-problem",
                    caption: "Samverkansproblem i inkomna ärenden".into(),
                    columns: vec!["Sedan förra mötet", "Hittills i år"],
                    rows: problem,
                },
                FigurTabell {
                    id: "fig-lokus",
                    caption: "Lyfta till LOKUS och avslutade ärenden".into(),
                    columns: vec!["Sedan förra mötet", "Hittills i år"],
                    rows: vec![
                        pair_row("Lyfta till LOKUS", f.flaggade, false),
                        pair_row("Avslutade", f.avslutade, false),
                    ],
                },
            ],
            sedan,
            ar,
        }
    }
}

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
    let mut next = v.forsta_paragraf;
    for (i, p) in shown.iter_mut().enumerate() {
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
        next += 1;
    }
    (shown, removed)
}

/// "Justerat 2026-12-08 av Anders Öhman och Lena Åkesson", or what the justering waits for.
pub fn justering_text(m: &MoteRow) -> String {
    let chair = m.justerat_av.as_deref().unwrap_or("");
    let justerare = m.justerare.as_deref().unwrap_or("");
    if m.locked() {
        let day = m.justerat_at.as_deref().unwrap_or("");
        match (chair.is_empty(), m.justerare_justerat && !justerare.is_empty()) {
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

pub fn status_text(status: &MoteStatus) -> &'static str {
    status.label()
}

/// The status of a protokoll the chair has justerat and the justerare has not yet.
const VANTAR: &str = "Väntar på justerare";

pub fn klockslag(t: time::Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

pub struct GruppRad {
    pub kod: String,
    pub namn: String,
    pub nasta: Option<(Uuid, String)>,
    pub flaggade: i64,
    /// Protokoll that wait for the actor as justerare: meeting id and date.
    pub att_justera: Vec<(Uuid, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "lokus/index.html")]
pub struct LokusIndexPage {
    pub page: PageCtx,
    pub grupper: Vec<GruppRad>,
}

impl LokusIndexPage {
    pub fn rows(groups: Vec<GruppOverview>) -> Vec<GruppRad> {
        groups
            .into_iter()
            .map(|g| GruppRad {
                nasta: match (g.nasta_id, g.nasta_datum, g.nasta_tid) {
                    (Some(id), Some(d), Some(t)) => Some((id, format!("{d} kl. {}", klockslag(t)))),
                    _ => None,
                },
                att_justera: g
                    .att_justera
                    .iter()
                    .zip(&g.att_justera_datum)
                    .map(|(id, d)| (*id, d.to_string()))
                    .collect(),
                kod: g.kod,
                namn: g.namn,
                flaggade: g.flaggade,
            })
            .collect()
    }
}

pub struct MoteRad {
    pub id: Uuid,
    pub datum: String,
    pub plats: String,
    pub status: &'static str,
    pub punkter: i64,
    pub beslut: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "lokus/moten.html")]
pub struct MotenPage {
    pub page: PageCtx,
    pub kod: String,
    pub namn: String,
    pub can_prepare: bool,
    pub kommande: Vec<MoteRad>,
    pub tidigare: Vec<MoteRad>,
    pub form: MoteForm,
    pub errors: FieldErrors,
}

impl MotenPage {
    pub fn new(page: PageCtx, l: MoteList, form: MoteForm, errors: FieldErrors) -> MotenPage {
        let (mut kommande, mut tidigare) = (Vec::new(), Vec::new());
        for m in l.moten {
            let rad = MoteRad {
                id: m.mote_id,
                datum: format!("{} kl. {}", m.datum, klockslag(m.tid)),
                plats: m.plats,
                status: if m.vantar {
                    VANTAR
                } else {
                    status_text(&m.status)
                },
                punkter: m.punkter,
                beslut: m.beslut,
            };
            if m.datum >= l.today && m.status == MoteStatus::Planerat {
                kommande.push(rad);
            } else {
                tidigare.push(rad);
            }
        }
        kommande.reverse();
        MotenPage {
            page,
            kod: l.grupp.kod,
            namn: l.grupp.namn,
            can_prepare: l.perms.prepare,
            kommande,
            tidigare,
            form,
            errors,
        }
    }
}

/// Typed values of the meeting page's forms after an error.
#[derive(Default)]
pub struct Forms {
    pub mote: Option<MoteForm>,
    pub punkt: PunktForm,
    pub beslut: Option<(Uuid, BeslutForm)>,
    pub placering: Option<(Uuid, String)>,
    pub protokoll: Option<String>,
    pub narvaro: Option<NarvaroForm>,
}

/// What the meeting page, the pack and the minutes share.
pub struct MoteHead {
    pub kod: String,
    pub grupp_namn: String,
    pub id: Uuid,
    pub datum: String,
    pub tid: String,
    pub plats: String,
    pub status: &'static str,
    pub planerat: bool,
    pub locked: bool,
    /// The chair has justerat; the protokoll waits for the justerare.
    pub vantar: bool,
    /// "Justerat 2026-12-08 av …", or what the justering waits for.
    pub justering: String,
    /// The items carry their final § numbers.
    pub numrerad: bool,
    pub forra: String,
    pub protokoll: String,
}

impl MoteHead {
    pub fn of(v: &MoteView) -> MoteHead {
        let m = &v.mote;
        MoteHead {
            kod: v.grupp.kod.clone(),
            grupp_namn: v.grupp.namn.clone(),
            id: m.mote_id,
            datum: m.datum.to_string(),
            tid: klockslag(m.tid),
            plats: m.plats.clone(),
            status: if m.awaiting_justerare() {
                VANTAR
            } else {
                status_text(&m.status)
            },
            planerat: m.status() == MoteStatus::Planerat,
            locked: m.locked(),
            vantar: m.awaiting_justerare(),
            justering: justering_text(m),
            numrerad: v.punkter.iter().any(|p| p.paragraf.is_some()),
            forra: v.forra.map(|d| d.to_string()).unwrap_or_default(),
            protokoll: m.protokoll.clone(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "lokus/mote.html")]
pub struct MotePage {
    pub page: PageCtx,
    pub head: MoteHead,
    pub perms: MotePerms,
    /// The agenda, decisions, närvaro and justerare may be changed (not justerat, not
    /// waiting for the justerare, and the actor prepares meetings).
    pub can_edit: bool,
    /// The actor is the meeting's justerare.
    pub is_justerare: bool,
    pub punkter: Vec<PunktView>,
    pub borttagna: Vec<PunktView>,
    pub uppfoljningar: Vec<UppfoljningView>,
    pub narvaro: NarvaroView,
    pub figures: FiguresView,
    pub mote_form: MoteForm,
    pub punkt_form: PunktForm,
    pub protokoll: String,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "lokus/pack.html")]
pub struct PackPage {
    pub page: PageCtx,
    pub head: MoteHead,
    pub punkter: Vec<PunktView>,
    pub uppfoljningar: Vec<UppfoljningView>,
    pub figures: FiguresView,
}

#[derive(Template, WebTemplate)]
#[template(path = "lokus/minutes.html")]
pub struct MinutesPage {
    pub page: PageCtx,
    pub head: MoteHead,
    pub punkter: Vec<PunktView>,
    pub narvaro: NarvaroView,
    pub figures: FiguresView,
}
