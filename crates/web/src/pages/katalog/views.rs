//! Templates of the insatskatalog: the list with filters, one entry, the manage page with import
//! and export, the entry form, the public page, and the ärende page's panel.

use crate::choices::{Choice, Opt};
use crate::views::{Fact, PageCtx};
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::arende::import::RowError;
use lotsen_core::katalog::{Forslag, KatalogEntry, PublikEntry, alder_text};
use lotsen_domain::FieldErrors;
use lotsen_domain::arende::{Ersattning, Malgrupp};
use lotsen_domain::katalog::{KatalogForm, KatalogStatus};
use uuid::Uuid;

fn labels<T: Copy>(list: &[T], label: fn(T) -> &'static str, none: &str) -> String {
    if list.is_empty() {
        none.to_string()
    } else {
        list.iter()
            .map(|c| label(*c))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn period(fran: Option<time::Date>, till: Option<time::Date>) -> String {
    match (fran, till) {
        (Some(f), Some(t)) => format!("{f} – {t}"),
        (Some(f), None) => format!("från {f}, tills vidare"),
        (None, Some(t)) => format!("till {t}"),
        (None, None) => "Tills vidare".into(),
    }
}

/// One entry as the pages show it.
pub struct EntryView {
    pub id: Uuid,
    pub kod: String,
    pub namn: String,
    pub beskrivning: String,
    pub anordnare: String,
    pub kommuner: String,
    pub malgrupper: String,
    pub alder: String,
    pub aktiv: bool,
    pub status: &'static str,
    pub publik: bool,
    pub kontakt: Vec<String>,
    pub facts: Vec<Fact>,
}

impl EntryView {
    pub fn of(e: &KatalogEntry) -> EntryView {
        let kommuner = if e.kommun_namn.is_empty() {
            "Alla förbundets kommuner".to_string()
        } else {
            e.kommun_namn.join(", ")
        };
        let malgrupper = labels(&e.malgrupper, Malgrupp::label, "Alla målgrupper");
        let mut kontakt = Vec::new();
        if !e.kontakt_funktion.is_empty() {
            kontakt.push(e.kontakt_funktion.clone());
        }
        if !e.kontakt_epost.is_empty() {
            kontakt.push(e.kontakt_epost.clone());
        }
        if !e.kontakt_telefon.is_empty() {
            kontakt.push(e.kontakt_telefon.clone());
        }
        let facts = vec![
            Fact {
                term: "Anordnare",
                value: e.anordnare.clone(),
            },
            Fact {
                term: "Kommuner",
                value: kommuner.clone(),
            },
            Fact {
                term: "Målgrupper",
                value: malgrupper.clone(),
            },
            Fact {
                term: "Ålder",
                value: e.alder_text(),
            },
            Fact {
                term: "Kräver ersättning",
                value: labels(
                    &e.krav_ersattning,
                    Ersattning::label,
                    "Inget krav på ersättning",
                ),
            },
            Fact {
                term: "Villkor",
                value: or_dash(&e.villkor),
            },
            Fact {
                term: "Så remitterar du",
                value: or_dash(&e.remiss),
            },
            Fact {
                term: "Kontakt",
                value: if kontakt.is_empty() {
                    "–".into()
                } else {
                    kontakt.join(" · ")
                        + if e.kontakt_person {
                            " (namngiven kontaktperson)"
                        } else {
                            ""
                        }
                },
            },
            Fact {
                term: "Period",
                value: period(e.fran, e.till),
            },
            Fact {
                term: "Status",
                value: e.status.label().into(),
            },
            Fact {
                term: "Publik",
                value: if e.publik {
                    "Ja, visas på förbundets publika sida"
                } else {
                    "Nej"
                }
                .into(),
            },
        ];
        EntryView {
            id: e.katalog_id,
            kod: e.kod.clone(),
            namn: e.namn.clone(),
            beskrivning: e.beskrivning.clone(),
            anordnare: e.anordnare.clone(),
            kommuner,
            malgrupper,
            alder: e.alder_text(),
            aktiv: e.status == KatalogStatus::Aktiv,
            status: e.status.label(),
            publik: e.publik,
            kontakt,
            facts,
        }
    }
}

fn or_dash(s: &str) -> String {
    if s.is_empty() { "–".into() } else { s.into() }
}

/// The list's filters as typed (they live in the URL).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub kommun: String,
    pub malgrupp: String,
    pub alder: String,
    pub part: String,
    pub q: String,
    /// `ja`: also avslutade entries.
    pub alla: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "katalog/list.html")]
pub struct KatalogListPage {
    pub page: PageCtx,
    pub query: ListQuery,
    pub entries: Vec<EntryView>,
    pub kommuner: Vec<Opt>,
    pub malgrupper: Vec<Choice>,
    pub parts: Vec<Opt>,
    pub antal: String,
    pub can_manage: bool,
    pub errors: FieldErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "katalog/show.html")]
pub struct KatalogShowPage {
    pub page: PageCtx,
    pub entry: EntryView,
    pub can_manage: bool,
}

/// The outcome of an import, on the manage page.
pub struct ImportOutcome {
    pub errors: Vec<RowError>,
    pub converted: Option<&'static str>,
    pub ignored: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "katalog/manage.html")]
pub struct KatalogManagePage {
    pub page: PageCtx,
    pub entries: Vec<EntryView>,
    pub flash: Option<String>,
    pub import: Option<ImportOutcome>,
    pub errors: FieldErrors,
    pub columns: Vec<(&'static str, &'static str)>,
    pub example: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "katalog/form.html")]
pub struct KatalogFormPage {
    pub page: PageCtx,
    /// `None` when creating an entry.
    pub id: Option<Uuid>,
    pub form: KatalogForm,
    pub anordnare: Vec<Opt>,
    pub kommuner: Vec<Choice2>,
    pub malgrupper: Vec<Choice>,
    pub ersattning: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub errors: FieldErrors,
}

/// A choice whose code is data (a kommun), not a fixed code.
pub struct Choice2 {
    pub code: String,
    pub label: String,
    pub checked: bool,
}

/// One entry on the public page.
pub struct PublicView {
    pub namn: String,
    pub beskrivning: String,
    pub facts: Vec<Fact>,
}

impl PublicView {
    pub fn of(e: &PublikEntry) -> PublicView {
        let mut kontakt = Vec::new();
        for v in [&e.kontakt_funktion, &e.kontakt_epost, &e.kontakt_telefon] {
            if !v.is_empty() {
                kontakt.push(v.clone());
            }
        }
        let mut facts = vec![
            Fact {
                term: "Anordnare",
                value: format!("{} ({})", e.anordnare, e.part_label()),
            },
            Fact {
                term: "Kommuner",
                value: if e.kommuner.is_empty() {
                    "Alla förbundets kommuner".into()
                } else {
                    e.kommuner.join(", ")
                },
            },
            Fact {
                term: "Målgrupper",
                value: labels(&e.malgrupper, Malgrupp::label, "Alla målgrupper"),
            },
            Fact {
                term: "Ålder",
                value: alder_text(e.alder_min, e.alder_max),
            },
        ];
        if !e.krav_ersattning.is_empty() {
            facts.push(Fact {
                term: "Kräver ersättning",
                value: labels(&e.krav_ersattning, Ersattning::label, ""),
            });
        }
        if !e.villkor.is_empty() {
            facts.push(Fact {
                term: "Villkor",
                value: e.villkor.clone(),
            });
        }
        if !e.remiss.is_empty() {
            facts.push(Fact {
                term: "Så remitterar du",
                value: e.remiss.clone(),
            });
        }
        facts.push(Fact {
            term: "Kontakt",
            value: if kontakt.is_empty() {
                "Kontakta samordningsförbundet.".into()
            } else {
                kontakt.join(" · ")
            },
        });
        facts.push(Fact {
            term: "Period",
            value: period(e.fran, e.till),
        });
        PublicView {
            namn: e.namn.clone(),
            beskrivning: e.beskrivning.clone(),
            facts,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "katalog/public.html")]
pub struct KatalogPublicPage {
    pub page: PageCtx,
    pub forbund_namn: String,
    pub entries: Vec<PublicView>,
}

/// "Insatser som kan passa" and the action form's choice of entry, on the ärende page.
pub struct ArendePanel {
    pub forslag: Vec<Forslag>,
    /// The action form's options (the first is "Ingen").
    pub targets: Vec<Opt>,
}
