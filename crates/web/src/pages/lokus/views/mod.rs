//! View models of the LOKUS pages, built from the core's read models: labels instead of
//! codes, the figures as tables (`figures`), one pre-read per agenda item (`punkter`), and
//! the protokoll's parts (`protokoll`: närvaro, justerare, justering, follow-ups).

mod figures;
mod protokoll;
mod punkter;

pub use figures::{FigurRad, FigurTabell, FiguresView};
pub use protokoll::{MedlemView, NarvaroView, UppfoljningView, justering_text};
pub use punkter::{PunktView, punkter};

use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::lokus::moten::MoteList;
use lotsen_core::lokus::view::MoteView;
use lotsen_core::lokus::{GruppOverview, MotePerms};
use lotsen_domain::FieldErrors;
use lotsen_domain::lokus_mote::{BeslutForm, MoteForm, MoteStatus, NarvaroForm, PunktForm};
use uuid::Uuid;

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
