//! Templates of the insats register: the list, the insats page with its goals, the insats
//! form, the capacity board, and the start page's goals (`StartMal`, `start_mal.html`).

use crate::choices::{Choice, Opt};
use crate::views::{Fact, PageCtx};
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::Ctx;
use lotsen_core::insats::kapacitet::{FINANSIERING, PARTSGRUPPER};
use lotsen_core::insats::{
    InsatsDetail, InsatsListItem, KapacitetRad, MalProgress, Reach, StartInsats,
};
use lotsen_domain::insats::{InsatsForm, MalForm, is_andel};
use lotsen_domain::{Action, FieldErrors, Role};
use time::Date;
use uuid::Uuid;

/// "2025-01-01 – 2026-12-31", or "från 2025-01-01, tills vidare".
pub fn period(fran: Date, till: Option<Date>) -> String {
    match till {
        Some(t) => format!("{fran} – {t}"),
        None => format!("från {fran}, tills vidare"),
    }
}

fn or_dash(list: &[String]) -> String {
    if list.is_empty() {
        "–".into()
    } else {
        list.join(", ")
    }
}

/// One insats in the list.
pub struct ListRow {
    pub kod: String,
    pub namn: String,
    pub typ: &'static str,
    pub agare: String,
    pub period: String,
    pub platser: String,
    pub aktiv: bool,
    pub status: &'static str,
}

impl ListRow {
    pub fn of(i: &InsatsListItem) -> ListRow {
        ListRow {
            kod: i.kod.clone(),
            namn: i.namn.clone(),
            typ: i.typ.label(),
            agare: i.agare.clone(),
            period: period(i.fran, i.till),
            platser: i.platser.map_or("–".into(), |p| p.to_string()),
            aktiv: i.status == lotsen_domain::insats::InsatsStatus::Aktiv,
            status: i.status.label(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "insatser/list.html")]
pub struct InsatsListPage {
    pub page: PageCtx,
    pub items: Vec<ListRow>,
    pub can_manage: bool,
}

/// The insats's facts, in the order the page lists them.
pub fn facts(i: &InsatsDetail) -> Vec<Fact> {
    vec![
        Fact {
            term: "Typ",
            value: i.typ.label().into(),
        },
        Fact {
            term: "Insatsägare",
            value: i.agare.clone(),
        },
        Fact {
            term: "LOKUS-grupper",
            value: or_dash(&i.lokus),
        },
        Fact {
            term: "Kommuner",
            value: or_dash(&i.kommun_namn),
        },
        Fact {
            term: "Period",
            value: period(i.fran, i.till),
        },
        Fact {
            term: "Platser",
            value: i.platser.map_or("–".into(), |p| p.to_string()),
        },
        Fact {
            term: "Status",
            value: i.status.label().into(),
        },
        Fact {
            term: "Coacher",
            value: or_dash(&i.coacher),
        },
        Fact {
            term: "Insatsansvarig",
            value: i.ansvarig.clone().unwrap_or_else(|| "–".into()),
        },
    ]
}

/// One goal with its progress.
pub struct MalView {
    pub id: Uuid,
    pub label: &'static str,
    pub period: String,
    /// "minst 40", "minst 60 %".
    pub mal: String,
    pub utfall: String,
    pub uppnatt: bool,
    /// The period includes today.
    pub pagaende: bool,
}

impl MalView {
    pub fn of(m: &MalProgress, today: Date) -> MalView {
        let unit = if is_andel(m.mal.mal) { " %" } else { "" };
        MalView {
            id: m.mal.mal_id,
            label: m.mal.mal.label(),
            period: format!("{} – {}", m.mal.fran, m.mal.till),
            mal: format!("minst {}{unit}", m.mal.varde),
            utfall: m.progress.text(),
            uppnatt: m.progress.uppnatt(),
            pagaende: m.mal.fran <= today && today <= m.mal.till,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "insatser/show.html")]
pub struct InsatsShowPage {
    pub page: PageCtx,
    pub insats: InsatsDetail,
    pub facts: Vec<Fact>,
    pub reach: Reach,
    pub mal: Vec<MalView>,
    pub mal_form: MalForm,
    pub mal_options: Vec<Opt>,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
}

/// A checkbox whose value is data (a LOKUS group, a kommun, a person).
pub struct Check {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

impl Check {
    pub fn new(
        value: String,
        label: String,
        checked: &dyn Fn(&str, &str) -> bool,
        list: &str,
    ) -> Check {
        Check {
            checked: checked(list, &value),
            value,
            label,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "insatser/form.html")]
pub struct InsatsFormPage {
    pub page: PageCtx,
    /// The insats's code when changing one; `None` when registering.
    pub kod: Option<String>,
    pub form: InsatsForm,
    pub typer: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub agare: Vec<Opt>,
    pub ansvariga: Vec<Opt>,
    pub lokus: Vec<Check>,
    pub kommuner: Vec<Check>,
    pub coacher: Vec<Check>,
    pub errors: FieldErrors,
}

/// A share "40 % (2)", or "–" when no place is occupied.
fn share(pct: Option<i64>, n: i64) -> String {
    pct.map_or("–".into(), |p| format!("{p} % ({n})"))
}

/// Days with a decimal comma when the median falls between two values.
pub fn dagar(d: Option<f64>) -> String {
    match d {
        None => "–".into(),
        Some(d) if d.fract() == 0.0 => format!("{d:.0}"),
        Some(d) => format!("{d:.1}").replace('.', ","),
    }
}

/// One line of the capacity board, in words.
pub struct KapacitetView {
    pub kod: String,
    pub namn: String,
    pub platser: String,
    pub aktiva: i64,
    pub belaggning: String,
    pub i_ko: i64,
    pub median: String,
    /// The share of each party group (`PARTSGRUPPER`).
    pub andelar: Vec<String>,
}

impl KapacitetView {
    pub fn of(r: &KapacitetRad) -> KapacitetView {
        let andelar = r.andelar();
        KapacitetView {
            kod: r.kod.clone(),
            namn: r.namn.clone(),
            platser: r.platser.map_or("–".into(), |p| p.to_string()),
            aktiva: r.aktiva,
            belaggning: r.belaggning().map_or("–".into(), |b| format!("{b} %")),
            i_ko: r.i_ko,
            median: dagar(r.median_vantedagar),
            andelar: r
                .per_part()
                .iter()
                .enumerate()
                .map(|(i, n)| share(andelar.map(|a| a[i]), *n))
                .collect(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "insatser/kapacitet.html")]
pub struct KapacitetPage {
    pub page: PageCtx,
    pub rader: Vec<KapacitetView>,
    pub totalt: KapacitetView,
    pub today: Date,
}

impl KapacitetPage {
    pub fn partsgrupper(&self) -> [&'static str; 4] {
        PARTSGRUPPER
    }

    /// The funding shares in words ("50 %", "–" for none).
    pub fn finansiering(&self) -> Vec<String> {
        FINANSIERING
            .iter()
            .map(|f| {
                if *f == 0 {
                    "–".into()
                } else {
                    format!("{f} %")
                }
            })
            .collect()
    }
}

/// The start page's insatser with their current goals (`templates/insatser/start_mal.html`).
pub struct StartMal {
    pub rubrik: &'static str,
    pub insatser: Vec<StartInsats>,
    pub can_kapacitet: bool,
}

impl StartMal {
    /// The part for whoever may see insatser (förbund staff, coaches, insatsansvariga).
    pub fn of(insatser: Option<Vec<StartInsats>>, ctx: &Ctx) -> Option<StartMal> {
        let can_manage = ctx.can(Action::ManageInsatser);
        let rubrik = if can_manage {
            "Förbundets insatser"
        } else if ctx.actor.has_role(Role::Tillaggsresurs) {
            "Mina insatser"
        } else {
            "Dina insatser som insatsansvarig"
        };
        insatser.map(|insatser| StartMal {
            rubrik,
            insatser,
            can_kapacitet: can_manage,
        })
    }
}
