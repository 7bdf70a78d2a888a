//! The start page's view.

use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::account::GrantView;
use lotsen_core::nulagesanalys::signing::Reopened;
use lotsen_core::start::{
    Decision, ForbundWork, GroupWork, HandlaggareWork, KoordinatorWork, NextMeeting, StartWork,
};
use lotsen_domain::kvalitet::Brist;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    pub page: PageCtx,
    pub namn: String,
    pub forbund: Option<String>,
    pub grants: Vec<GrantView>,
    pub can_admin: bool,
    pub can_audit: bool,
    pub can_system: bool,
    pub can_statistik: bool,
    pub can_nulagesanalys: bool,
    pub work: Work,
    pub flash: Option<&'static str>,
    pub failed_logins: Option<String>,
    /// Förbund waiting for the person to accept a membership.
    pub invitations: usize,
    /// Nulägesanalys forms of the person's groups, reopened and waiting for their signature.
    pub reopened: Vec<Reopened>,
    /// The insatser and their current goals (`templates/insatser/start_mal.html`).
    pub insats_mal: Option<crate::pages::insatser::views::StartMal>,
}

/// The start page's work, with the words the template shows.
pub struct Work {
    pub koordinator: Option<KoordinatorWork>,
    pub lokus: Vec<GroupWork>,
    pub forbund: Option<ForbundWork>,
    pub handlaggare: Option<HandlaggareWork>,
    pub coach: Option<lotsen_core::deltagare::CoachStart>,
    pub sip: Option<lotsen_core::sip::SipList>,
}

impl From<StartWork> for Work {
    fn from(w: StartWork) -> Work {
        Work {
            koordinator: w.koordinator,
            lokus: w.lokus,
            forbund: w.forbund,
            handlaggare: w.handlaggare,
            coach: w.coach,
            sip: w.sip,
        }
    }
}

/// A meeting's date and time, or that none is planned.
pub fn when(m: &NextMeeting) -> String {
    match (m.datum, m.tid) {
        (Some(d), Some(t)) => format!("{d} kl. {:02}.{:02}", t.hour(), t.minute()),
        (Some(d), None) => d.to_string(),
        _ => String::new(),
    }
}

/// "Justerat" or "Ej justerat" for a decision's meeting.
pub fn justering(d: &Decision) -> &'static str {
    if d.justerat {
        "justerat"
    } else {
        "ej justerat"
    }
}

/// The label of a data-quality check.
pub fn brist_label(b: &Brist) -> &'static str {
    b.label()
}
