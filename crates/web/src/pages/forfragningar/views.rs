//! The request pages' templates and their view models.

use crate::choices::{Choice, Opt, OptGroup};
use crate::views::{Fact, PageCtx};
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::forfragan::{CoordinatorRequest, History, OwnRow, Sent, Waiting, Workplace};
use lotsen_domain::FieldErrors;
use lotsen_domain::forfragan::{ForfraganForm, ForfraganHandelse};

#[derive(Template, WebTemplate)]
#[template(path = "forfragningar/ny.html")]
pub struct NyPage {
    pub page: PageCtx,
    pub workplace: Option<Workplace>,
    pub no_workplace: &'static str,
    pub form: ForfraganForm,
    pub errors: FieldErrors,
    pub typ: Vec<Choice>,
    pub kon: Vec<Choice>,
    pub kommuner: Vec<Opt>,
    /// Kommuner several groups cover, each with its groups (the group select's options).
    pub delade: Vec<OptGroup>,
    pub ersattning: Vec<Choice>,
    pub kontakt: Vec<Choice>,
    pub bradska: Vec<Choice>,
    pub samtycke: Vec<Choice>,
    pub samtycke_parter: Vec<Choice>,
    pub svarssatt: Vec<Choice>,
}

/// One waiting request in a coordinator's list (also on the start page).
pub struct WaitingItem {
    pub href: String,
    pub skickad: String,
    pub typ: &'static str,
    pub bradska: &'static str,
    pub akut: bool,
    pub status: &'static str,
    pub lokus: String,
    pub avsandare: String,
    pub kommun: String,
}

impl WaitingItem {
    pub fn of(w: Waiting) -> WaitingItem {
        WaitingItem {
            href: format!("/forfragningar/{}", w.forfragan_id),
            skickad: w.skickad,
            typ: w.typ.label(),
            bradska: w.bradska.label(),
            akut: w.bradska != lotsen_domain::forfragan::Bradska::Normal,
            status: w.status.label(),
            lokus: w.lokus_kod,
            avsandare: format!("{} ({})", w.organisation, w.part.label()),
            kommun: w.kommun,
        }
    }
}

/// One of the handläggare's own requests in their list.
pub struct OwnItem {
    pub href: String,
    pub skickad: String,
    pub typ: &'static str,
    pub status: &'static str,
    pub nummer: Option<String>,
    pub lokus: String,
    pub nytt: bool,
}

impl OwnItem {
    pub fn of(r: OwnRow) -> OwnItem {
        OwnItem {
            href: format!("/forfragningar/{}", r.forfragan_id),
            status: r.shown_status(),
            skickad: r.skickad,
            typ: r.typ.label(),
            nummer: r.arende_nummer,
            lokus: r.lokus,
            nytt: r.nytt,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "forfragningar/lista.html")]
pub struct ListPage {
    pub page: PageCtx,
    pub can_send: bool,
    pub own: Vec<OwnItem>,
    pub can_handle: bool,
    pub waiting: Vec<WaitingItem>,
    pub flash: Option<&'static str>,
}

/// A line of the request's history.
pub struct HistoryItem {
    pub when: String,
    pub what: &'static str,
    pub text: String,
    pub answer: bool,
}

impl HistoryItem {
    pub fn of(h: History) -> HistoryItem {
        HistoryItem {
            when: h.tid,
            what: h.typ.label(),
            answer: h.typ == ForfraganHandelse::Svar,
            text: h.text,
        }
    }
}

/// The request as sent, as facts.
pub fn sent_facts(s: &Sent) -> Vec<Fact> {
    use crate::choices::label_list;
    let mut facts = vec![
        Fact {
            term: "Gäller",
            value: s.typ.label().into(),
        },
        Fact {
            term: "Skickad",
            value: s.skickad.clone(),
        },
        Fact {
            term: "Från",
            value: match &s.enhet {
                Some(e) => format!("{} – {e}", s.organisation),
                None => s.organisation.clone(),
            },
        },
        Fact {
            term: "LOKUS-grupp",
            value: s.lokus.clone(),
        },
        Fact {
            term: "Kön",
            value: s.kon.label().into(),
        },
        Fact {
            term: "Ålder",
            value: s.alder_text(),
        },
        Fact {
            term: "Bostadskommun",
            value: s.kommun.clone(),
        },
        Fact {
            term: "Ersättning och försörjning",
            value: label_list(&s.ersattning, |e| e.label()),
        },
        Fact {
            term: "Aktuell hos",
            value: label_list(&s.kontakt_parter, |p| p.label()),
        },
        Fact {
            term: "Brådska",
            value: s.bradska.label().into(),
        },
        Fact {
            term: "Samtycke",
            value: if s.samtycke_parter.is_empty() {
                s.samtycke.label().into()
            } else {
                format!(
                    "{} – gäller {}",
                    s.samtycke.label(),
                    label_list(&s.samtycke_parter, |p| p.label())
                )
            },
        },
        Fact {
            term: "Svar önskas",
            value: s.svarssatt.label().into(),
        },
    ];
    if let Some(nummer) = &s.arende_nummer {
        facts.push(Fact {
            term: "Ärende",
            value: nummer.clone(),
        });
    }
    facts
}

#[derive(Template, WebTemplate)]
#[template(path = "forfragningar/egen.html")]
pub struct OwnPage {
    pub page: PageCtx,
    pub title: String,
    pub status: &'static str,
    pub facts: Vec<Fact>,
    pub fraga: String,
    pub provat: String,
    pub avbojd: Option<&'static str>,
    pub history: Vec<HistoryItem>,
    pub can_withdraw: bool,
    pub withdraw_href: String,
    /// Catalogue entries for the person (kommun, age, ersättning): whom else to contact.
    pub forslag: Vec<lotsen_core::katalog::Forslag>,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "forfragningar/hantera.html")]
pub struct HandlePage {
    pub page: PageCtx,
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub open: bool,
    pub arende_href: Option<String>,
    pub facts: Vec<Fact>,
    pub fraga: String,
    pub provat: String,
    pub avsandare: String,
    pub avsandare_epost: String,
    pub handlaggare_kod: String,
    pub koder: Vec<Opt>,
    pub tva_parter: bool,
    pub avbojd: Option<&'static str>,
    pub history: Vec<HistoryItem>,
    pub orsak: Vec<Choice>,
    pub avboj_text: String,
    pub vidare: Vec<Opt>,
    pub errors: FieldErrors,
}

impl HandlePage {
    pub fn title_of(r: &CoordinatorRequest) -> String {
        format!("Förfrågan från {}", r.sent.organisation)
    }
}
