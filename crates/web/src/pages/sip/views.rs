//! Templates of the SIP pages: the list, the start form, one record, and the form of each step
//! (kallelse, planning meeting, follow-up, action, action status, calling off, closing,
//! withdrawing consent).

use crate::choices::{Choice, Opt, OptGroup, code_checks as checks, code_options as opts};
use crate::views::{PageCtx, Pager};
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::sip::Unit;
use lotsen_core::sip::{Access, SipAtgard, SipItem, SipPartRow, SipView};
use lotsen_domain::FieldErrors;
use lotsen_domain::Part;
use lotsen_domain::deltagare_form::Fields;
use lotsen_domain::sip::{Ansvarig, AtgardStatus, Initiativ, InstalldOrsak, SipPart, SipSamtycke};

/// The register's units as a select, grouped by party.
pub fn unit_groups(units: &[Unit], chosen: &str) -> Vec<OptGroup> {
    let mut out: Vec<OptGroup> = Vec::new();
    for u in units {
        let opt = Opt {
            value: u.enhet_id.to_string(),
            label: format!("{} ({})", u.enhet, u.organisation),
            selected: u.enhet_id.to_string() == chosen,
        };
        match out.last_mut() {
            Some(g) if g.label == u.part.label() => g.options.push(opt),
            _ => out.push(OptGroup {
                label: u.part.label().into(),
                options: vec![opt],
            }),
        }
    }
    out
}

/// A checkbox of an invited party.
pub struct InviteBox {
    pub value: String,
    pub id: String,
    pub label: String,
    pub checked: bool,
}

/// The invited-party checkboxes: every unit of the register, then school and other.
pub fn invite_boxes(units: &[Unit], chosen: &[&str]) -> Vec<(String, Vec<InviteBox>)> {
    let mut out: Vec<(String, Vec<InviteBox>)> = Vec::new();
    for u in units {
        let value = format!("enhet:{}", u.enhet_id);
        let b = InviteBox {
            id: format!("inbjuden-{}", u.enhet_id),
            label: format!("{} ({})", u.enhet, u.organisation),
            checked: chosen.contains(&value.as_str()),
            value,
        };
        match out.last_mut() {
            Some((l, v)) if l == u.part.label() => v.push(b),
            _ => out.push((u.part.label().into(), vec![b])),
        }
    }
    out
}

pub fn parts(chosen: &str) -> Vec<Opt> {
    opts(&Part::ALL, Part::code, Part::label, chosen)
}

/// `/sip`.
#[derive(Template, WebTemplate)]
#[template(path = "sip/list.html")]
pub struct ListPage {
    pub page: PageCtx,
    pub items: Vec<SipItem>,
    /// How many SIPs the person has here in all.
    pub total: usize,
    pub pager: Pager,
}

/// `/sip/ny?arende=…|deltagare=…`.
#[derive(Template, WebTemplate)]
#[template(path = "sip/ny.html")]
pub struct NewPage {
    pub page: PageCtx,
    pub action: String,
    pub label: String,
    pub back: String,
    pub initiativ: Vec<Opt>,
    pub sammankallande: Vec<Opt>,
    pub sammankallande_enhet: Vec<OptGroup>,
    pub planering: Vec<Opt>,
    pub planering_enhet: Vec<OptGroup>,
    pub samtycke_form: Vec<Opt>,
    pub samtycke_parter: Vec<Choice>,
    pub inbjudna: Vec<(String, Vec<InviteBox>)>,
    pub skola: bool,
    pub annan: bool,
    pub today: String,
    pub form: Fields,
    pub errors: FieldErrors,
}

/// The new-record form's fixed choices, with what the form holds chosen.
pub struct NewChoices {
    pub initiativ: Vec<Opt>,
    pub sammankallande: Vec<Opt>,
    pub planering: Vec<Opt>,
    pub samtycke_form: Vec<Opt>,
    pub samtycke_parter: Vec<Choice>,
}

impl NewPage {
    pub fn choices(form: &Fields) -> NewChoices {
        NewChoices {
            initiativ: opts(
                Initiativ::ALL,
                Initiativ::code,
                Initiativ::label,
                form.get("initierad_av"),
            ),
            sammankallande: parts(form.get("sammankallande")),
            planering: parts(form.get("planering")),
            samtycke_form: opts(
                SipSamtycke::ALL,
                SipSamtycke::code,
                SipSamtycke::label,
                form.get("samtycke_form"),
            ),
            samtycke_parter: checks(
                SipPart::ALL,
                SipPart::code,
                SipPart::label,
                &form.all("samtycke_part"),
            ),
        }
    }
}

/// `/sip/{id}`.
#[derive(Template, WebTemplate)]
#[template(path = "sip/show.html")]
pub struct ShowPage {
    pub page: PageCtx,
    pub v: SipView,
    pub keeper: bool,
    pub flash: Option<&'static str>,
}

impl ShowPage {
    pub fn part_label(p: &SipPartRow) -> String {
        match (&p.enhet, p.verksamhet.is_empty()) {
            (Some(e), _) => format!("{}: {e}", p.part.label()),
            (None, false) => format!("{}: {}", p.part.label(), p.verksamhet),
            (None, true) => p.part.label().to_string(),
        }
    }

    pub fn late(&self, a: &SipAtgard) -> bool {
        a.forsenad(self.v.record.idag)
    }

    pub fn samtycke_parter(&self) -> String {
        self.v
            .record
            .samtycke_parter
            .iter()
            .filter_map(|c| SipPart::from_code(c))
            .map(|p| p.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Which step form a [`StepPage`] shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Kallelse,
    Mote,
    Uppfoljning,
    Atgard,
    AtgardStatus,
    Installd,
    Avsluta,
    Samtycke,
    Aterkalla,
}

impl Step {
    pub fn path(self) -> &'static str {
        match self {
            Step::Kallelse => "kallelse",
            Step::Mote => "mote",
            Step::Uppfoljning => "uppfoljning",
            Step::Atgard | Step::AtgardStatus => "atgarder",
            Step::Installd => "installd",
            Step::Avsluta => "avsluta",
            Step::Samtycke => "samtycke",
            Step::Aterkalla => "samtycke/aterkalla",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Step::Kallelse => "Kalla till planeringsmöte",
            Step::Mote => "Registrera planeringsmötet",
            Step::Uppfoljning => "Registrera uppföljning",
            Step::Atgard => "Lägg till åtgärd",
            Step::AtgardStatus => "Ändra status på åtgärd",
            Step::Installd => "Ställ in SIP",
            Step::Avsluta => "Avsluta SIP",
            Step::Samtycke => "Nytt samtycke",
            Step::Aterkalla => "Samtycket återkallas",
        }
    }
}

/// The form of one step.
#[derive(Template, WebTemplate)]
#[template(path = "sip/steg.html")]
pub struct StepPage {
    pub page: PageCtx,
    pub step: Step,
    pub action: String,
    pub v: SipView,
    /// The action whose status is changed.
    pub atgard: Option<SipAtgard>,
    pub inbjudna: Vec<(String, Vec<InviteBox>)>,
    pub skola: bool,
    pub annan: bool,
    pub ansvarig: Vec<Opt>,
    pub enheter: Vec<OptGroup>,
    pub status: Vec<Opt>,
    pub orsak: Vec<Opt>,
    pub samtycke_form: Vec<Opt>,
    pub samtycke_parter: Vec<Choice>,
    pub form: Fields,
    pub errors: FieldErrors,
}

/// The new-consent form as the record holds the consent now, given today.
pub fn consent_form(r: &lotsen_core::sip::SipRecord) -> Fields {
    let mut pairs = vec![
        ("samtycke_datum".to_string(), r.idag.to_string()),
        (
            "samtycke_form".to_string(),
            r.samtycke_form.code().to_string(),
        ),
    ];
    pairs.extend(
        r.samtycke_parter
            .iter()
            .map(|p| ("samtycke_part".to_string(), p.clone())),
    );
    if let Some(t) = r.samtycke_till {
        pairs.push(("samtycke_till".to_string(), t.to_string()));
    }
    Fields(pairs)
}

impl StepPage {
    pub fn is(&self, s: &str) -> bool {
        self.step.path() == s
            && (s != "atgarder" || self.atgard.is_none() == (self.step == Step::Atgard))
    }

    pub fn present(&self, p: &SipPartRow) -> bool {
        self.form
            .all("narvarande")
            .contains(&p.sip_part_id.to_string().as_str())
    }

    pub fn part_label(p: &SipPartRow) -> String {
        ShowPage::part_label(p)
    }

    pub fn choices(form: &Fields, invited: bool) -> (Vec<Opt>, Vec<Opt>, Vec<Opt>) {
        let status: Vec<Opt> = opts(
            AtgardStatus::ALL,
            AtgardStatus::code,
            AtgardStatus::label,
            form.get("status"),
        )
        .into_iter()
        // A handläggare marks their party's actions going or done; a keeper also "not done".
        .filter(|o| !invited || o.value != AtgardStatus::EjGenomford.code())
        .collect();
        (
            opts(
                Ansvarig::ALL,
                Ansvarig::code,
                Ansvarig::label,
                form.get("ansvarig"),
            ),
            status,
            opts(
                InstalldOrsak::ALL,
                InstalldOrsak::code,
                InstalldOrsak::label,
                form.get("orsak"),
            ),
        )
    }
}

/// The invited boxes as chosen now: the form's, or the record's parties.
pub fn chosen_invites(form: &Fields, parter: &[SipPartRow]) -> Vec<String> {
    if form.0.is_empty() {
        parter
            .iter()
            .map(|p| match p.enhet_id {
                Some(e) => format!("enhet:{e}"),
                None => format!("part:{}", p.part.code()),
            })
            .collect()
    } else {
        form.all("inbjuden").into_iter().map(String::from).collect()
    }
}

pub fn is_keeper(a: Access) -> bool {
    a == Access::Keeper
}

pub fn link_back(v: &SipView) -> Option<(String, String)> {
    let r = &v.record;
    match (
        r.arende_id,
        &r.arende_nummer,
        r.deltagare_id,
        &r.insats_kod,
        r.deltagare_nummer,
    ) {
        (Some(a), Some(n), _, _, _) => Some((format!("/arenden/{a}"), format!("Ärende {n}"))),
        (_, _, Some(d), Some(kod), Some(n)) => Some((
            format!("/insatser/{kod}/deltagare/{d}"),
            format!("Deltagare {n} i {kod}"),
        )),
        _ => None,
    }
}
