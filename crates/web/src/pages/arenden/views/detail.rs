//! The ärende page's templates and view models: facts, timeline, and the panels (actions, LOKUS,
//! status, consent, note) with the forms as typed. A feature that adds a panel (SIP, enrolments)
//! adds its template under `templates/arenden/panels/`, its fields here, and fills them in
//! `handlers::detail::show_page`.

use crate::choices::Choice;
use crate::views::{Fact, PageCtx};
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::arende::change::{AtgardForm, CloseForm};
use lotsen_domain::FieldErrors;
use lotsen_domain::samtycke::SamtyckeInput;
use uuid::Uuid;

pub struct TimelineRow {
    pub datum: String,
    pub rubrik: String,
    pub mal: Option<String>,
    pub text: String,
    pub av: String,
    pub registrerad: String,
}

/// What the page's forms show: their typed values after an error, else defaults.
#[derive(Default)]
pub struct Forms {
    pub atgard: AtgardForm,
    pub close: CloseForm,
    pub samtycke: SamtyckeInput,
    pub identitet_namn: String,
    pub identitet_personnummer: String,
    /// An answer to the handläggare, as typed.
    pub svar: String,
}

/// The request an ärende came from (kanal portal): the answers to its sender and the form.
pub struct ForfraganPanel {
    pub href: String,
    pub typ: &'static str,
    pub svarssatt: &'static str,
    pub answers: Vec<(String, String)>,
    pub svar: String,
}

pub struct ConsentView {
    pub datum: String,
    pub form: String,
    pub parter: String,
    pub omfattning: String,
}

pub struct MalOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "arenden/show.html")]
pub struct ArendeShowPage {
    pub page: PageCtx,
    pub id: Uuid,
    pub nummer: String,
    pub status: String,
    pub status_label: String,
    pub closed: bool,
    pub flaggad: bool,
    pub fraga: String,
    pub flaggad_datum: String,
    pub facts: Vec<Fact>,
    pub problem_forklaring: String,
    pub beskrivning: String,
    pub timeline: Vec<TimelineRow>,
    pub atgarder: Vec<Choice>,
    pub avslut: Vec<Choice>,
    pub mal: Vec<MalOption>,
    pub atgard_form: AtgardForm,
    /// "Insatser som kan passa" and the action form's catalogue entries.
    pub katalog: crate::pages::katalog::views::ArendePanel,
    /// The person's enrolments in insatser (status and dates).
    pub insatser: Vec<lotsen_core::deltagare::ArendeInsats>,
    /// The insatser whose queue the offer can put the person in.
    pub insats_options: Vec<crate::choices::Opt>,
    /// The ärende's SIP records (status and dates).
    pub sip: Vec<lotsen_core::sip::SipDeltagare>,
    pub close_form: CloseForm,
    pub samtycke: Option<ConsentView>,
    pub identitet: Option<lotsen_core::arende::consent::IdentitetView>,
    pub samtycke_form: SamtyckeInput,
    pub samtycke_former: Vec<Choice>,
    pub samtycke_parter: Vec<Choice>,
    pub identitet_namn: String,
    pub identitet_personnummer: String,
    pub today: String,
    pub forfragan: Option<ForfraganPanel>,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
}
