//! The kinds of ärende the demo generates (`profiler.json`), and the texts of questions, notes and actions.

use super::*;

/// A kind of ärende (DOMAIN §7): who remits it and what usually happens.
#[derive(serde::Deserialize)]
pub(super) struct Profile {
    pub(super) weight: f64,
    pub(super) part: String,
    /// Part of the remitting unit's name (`None`: any unit of the part).
    pub(super) unit: Option<String>,
    pub(super) age: (i32, i32),
    pub(super) women: f64,
    pub(super) ersattning: Vec<String>,
    pub(super) malgrupper: Vec<String>,
    pub(super) problem: String,
    /// Typical days from received to closed.
    pub(super) days: i32,
    pub(super) descriptions: Vec<String>,
    /// The typical actions in order, each with an optional target part.
    pub(super) actions: Vec<(String, Option<String>)>,
    pub(super) avslut: String,
    /// Chance of being raised to LOKUS (before the recency and group weights).
    pub(super) raise: f64,
    pub(super) question: Option<String>,
}

/// The profiles, from `profiler.json` (data, not code: edit the file to change the demo).
pub(super) fn profiles() -> &'static [Profile] {
    static PROFILES: OnceLock<Vec<Profile>> = OnceLock::new();
    PROFILES.get_or_init(|| {
        serde_json::from_str(include_str!("profiler.json"))
            .unwrap_or_else(|e| panic!("demo/arenden/profiler.json is not valid: {e}"))
    })
}

/// Questions to LOKUS for profiles without their own.
pub(super) const QUESTIONS: &[&str] = &[
    "Behöver LOKUS-gruppen se över ansvarsfördelningen i liknande ärenden?",
    "Finns det en gemensam rutin för när flera parter behöver träffas?",
    "Saknas det insatser för den här målgruppen i kommunen?",
];

/// Notes written in the timeline of some ärenden.
pub(super) const NOTES: &[&str] = &[
    "Uppföljning med handläggaren om två veckor.",
    "Väntar på besked från vården.",
    "Handläggaren återkommer efter avstämningsmötet.",
    "Ärendet togs upp på samverkansforum.",
];

/// The coordinator's note on an action, by action code (about half of the actions have one).
pub(super) const ACTION_NOTES: &[(&str, &str)] = &[
    (
        "kontakt_formedlad",
        "Kontaktuppgifter förmedlade till handläggaren.",
    ),
    (
        "information_insatser",
        "Informerat om insatser hos parterna och förbundet.",
    ),
    (
        "bekraftelse_arendegang",
        "Bekräftat att den planerade ärendegången är rätt väg.",
    ),
    ("stod_kontakt_vard", "Stöd att boka tid på vårdcentralen."),
    (
        "flerpartsmote",
        "Möte med berörda parter, nästa steg bestämt.",
    ),
    ("sip_foreslagen", "SIP föreslagen till kommun och region."),
    (
        "sip_genomford",
        "SIP genomförd, planen följs upp om tre månader.",
    ),
    ("tillaggsresurs_erbjuden", "Erbjuden social arbetscoach."),
    (
        "tillaggsresurs_paborjad",
        "Inskriven hos coach, kartläggning påbörjad.",
    ),
    (
        "hanvisning_kunskapsstod",
        "Hänvisat till rutin och kunskapsstöd.",
    ),
    ("lyft_till_lokus", "Lyft till LOKUS-gruppens nästa möte."),
    ("annan", "Övrig kontakt."),
];

/// Actions added after a profile's own when an ärende has more actions than its profile.
pub(super) const EXTRA_ACTIONS: &[&str] = &[
    "information_insatser",
    "kontakt_formedlad",
    "flerpartsmote",
    "annan",
];
