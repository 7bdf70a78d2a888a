//! The demo SIP records as data (issue 17): the units they invite, and one [`Plan`] per record
//! with its course — initiative, convener, consent, invitations, kallelse, planning meeting,
//! actions and what becomes of them, follow-ups and how it ends. `super::run` carries a plan
//! out through the core functions the pages call.

/// The units of Fjärdlunda's register that the records invite, by organisation and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum U {
    /// Försäkringskassan, Sjukpenning (fk@'s unit).
    FkSp,
    /// Arbetsförmedlingen, JOB (af@'s unit).
    AfJob,
    /// Stenbäck's försörjningsstöd (kommun@'s unit).
    StenFbs,
    /// Stenbäck's arbetsträning.
    Verkstan,
    /// The region's psychiatry in Stenbäck (region@'s unit).
    Psyk,
    /// Norrvreta's arbetsträning.
    NrvAt,
    /// The region's vårdcentral in Norrvreta.
    NrvVc,
}

impl U {
    pub(super) fn names(self) -> (&'static str, &'static str) {
        match self {
            U::FkSp => ("Försäkringskassan LFC Västerlän", "Sjukpenning"),
            U::AfJob => ("Arbetsförmedlingen Stenbäck–Lövsjö", "JOB"),
            U::StenFbs => ("Stenbäcks kommun, socialförvaltningen", "Försörjningsstöd"),
            U::Verkstan => (
                "Stenbäcks kommun, socialförvaltningen",
                "Arbetsträningsverksamheten Verkstan",
            ),
            U::Psyk => ("Region Västerlän", "Stenbäcks psykiatrimottagning"),
            U::NrvAt => ("Norrvreta kommun", "Arbetsträning"),
            U::NrvVc => ("Region Västerlän", "Norrvreta vårdcentral"),
        }
    }
}

/// An invited party: a unit of the register, or a party (`skola`, `annan`) with its verksamhet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Inv {
    Enhet(U),
    Part(&'static str, &'static str),
}

/// Who changes an action's status: the record's keeper, or a handläggare of the party.
#[derive(Debug, Clone, Copy)]
pub(super) enum By {
    Keeper,
    Login(&'static str),
}

/// What becomes of an action (days relative to today).
#[derive(Debug, Clone, Copy)]
pub(super) enum Then {
    Planerad,
    Pagar(By),
    Klar(i64, By),
    Ej(&'static str),
}

pub(super) struct Atg {
    pub(super) text: &'static str,
    pub(super) ansvarig: &'static str,
    pub(super) enhet: Option<U>,
    pub(super) senast: i64,
    pub(super) then: Then,
}

/// The planning meeting (days relative to today).
pub(super) struct Mote {
    pub(super) dag: i64,
    pub(super) present: &'static [Inv],
    pub(super) individ: bool,
    pub(super) narstaende: bool,
    pub(super) mal_individ: &'static str,
    pub(super) mal_professionella: &'static str,
    pub(super) nasta: Option<i64>,
}

/// How the record ends (or not).
#[derive(Debug, Clone, Copy)]
pub(super) enum End {
    Open,
    Close,
    Cancel(&'static str),
    /// The consent withdrawn on this day.
    Withdraw(i64),
}

/// One record: the group of its ärende and its course, all days relative to today.
pub(super) struct Plan {
    pub(super) lokus: &'static str,
    pub(super) initierad: i64,
    pub(super) initierad_av: &'static str,
    /// Convening party, its unit and the role.
    pub(super) kallar: (&'static str, U, &'static str),
    /// Planeringsansvarig party, its unit and the role.
    pub(super) planering: Option<(&'static str, U, &'static str)>,
    pub(super) samtycke: &'static [&'static str],
    pub(super) samtycke_till: Option<i64>,
    pub(super) inbjudna: &'static [Inv],
    pub(super) kallad: Option<i64>,
    pub(super) mote: Option<Mote>,
    pub(super) atgarder: &'static [Atg],
    /// Follow-up meetings: the day held and the next one booked.
    pub(super) uppfoljningar: &'static [(i64, Option<i64>)],
    pub(super) end: End,
}

const KOMMUN: &str = "kommun@demo.lotsen.example";
const FK: &str = "fk@demo.lotsen.example";
const AF: &str = "af@demo.lotsen.example";
const REGION: &str = "region@demo.lotsen.example";
const SKOLA: Inv = Inv::Part("skola", "Gymnasieskolans introduktionsprogram");

pub(super) const PLANS: &[Plan] = &[
    // STL: initierad, nothing more yet.
    Plan {
        lokus: "STL",
        initierad: -6,
        initierad_av: "fk",
        kallar: ("kommun", U::StenFbs, "Socialsekreterare, försörjningsstöd"),
        planering: None,
        samtycke: &["fk", "kommun"],
        samtycke_till: None,
        inbjudna: &[Inv::Enhet(U::FkSp), Inv::Enhet(U::StenFbs)],
        kallad: None,
        mote: None,
        atgarder: &[],
        uppfoljningar: &[],
        end: End::Open,
    },
    // STL: kallad to a planning meeting next week, psychiatry convening.
    Plan {
        lokus: "STL",
        initierad: -20,
        initierad_av: "region",
        kallar: ("region", U::Psyk, "Kurator, psykiatrimottagningen"),
        planering: Some(("region", U::Psyk, "Kurator")),
        samtycke: &["fk", "af", "region"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::FkSp),
            Inv::Enhet(U::AfJob),
            Inv::Enhet(U::Psyk),
        ],
        kallad: Some(9),
        mote: None,
        atgarder: &[],
        uppfoljningar: &[],
        end: End::Open,
    },
    // STL: genomförd with FK, AF and the kommun present, the follow-up booked ahead.
    Plan {
        lokus: "STL",
        initierad: -60,
        initierad_av: "fk",
        kallar: ("fk", U::FkSp, "Handläggare, sjukpenning"),
        planering: Some(("kommun", U::StenFbs, "Socialsekreterare")),
        samtycke: &["fk", "af", "kommun"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::FkSp),
            Inv::Enhet(U::AfJob),
            Inv::Enhet(U::StenFbs),
        ],
        kallad: Some(-35),
        mote: Some(Mote {
            dag: -35,
            present: &[
                Inv::Enhet(U::FkSp),
                Inv::Enhet(U::AfJob),
                Inv::Enhet(U::StenFbs),
            ],
            individ: true,
            narstaende: false,
            mal_individ: "Komma tillbaka till arbete på deltid.",
            mal_professionella: "Arbetsträning med stöd och sjukpenning på deltid under tiden.",
            nasta: Some(10),
        }),
        atgarder: &[
            Atg {
                text: "Pröva sjukpenning på deltid under arbetsträningen.",
                ansvarig: "fk",
                enhet: Some(U::FkSp),
                senast: 7,
                then: Then::Planerad,
            },
            Atg {
                text: "Kartlägga arbetsförmåga och stödbehov.",
                ansvarig: "af",
                enhet: Some(U::AfJob),
                senast: -5,
                then: Then::Klar(-8, By::Login(AF)),
            },
            Atg {
                text: "Ordna plats i arbetsträning.",
                ansvarig: "kommun",
                enhet: Some(U::Verkstan),
                senast: -3,
                then: Then::Planerad,
            },
        ],
        uppfoljningar: &[],
        end: End::Open,
    },
    // STL: genomförd with psychiatry, no follow-up booked (flagged); FK invited, absent.
    Plan {
        lokus: "STL",
        initierad: -45,
        initierad_av: "kommun",
        kallar: ("kommun", U::StenFbs, "Socialsekreterare, försörjningsstöd"),
        planering: Some(("region", U::Psyk, "Kurator")),
        samtycke: &["fk", "kommun", "region"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::FkSp),
            Inv::Enhet(U::StenFbs),
            Inv::Enhet(U::Psyk),
        ],
        kallad: Some(-21),
        mote: Some(Mote {
            dag: -21,
            present: &[Inv::Enhet(U::StenFbs), Inv::Enhet(U::Psyk)],
            individ: true,
            narstaende: true,
            mal_individ: "Få en fungerande vardag och ordning på ekonomin.",
            mal_professionella: "Samordnad behandling och stöd i vardagen före arbetslivsinriktade insatser.",
            nasta: None,
        }),
        atgarder: &[
            Atg {
                text: "Bedöma behovet av fortsatt behandling.",
                ansvarig: "region",
                enhet: Some(U::Psyk),
                senast: 14,
                then: Then::Pagar(By::Login(REGION)),
            },
            Atg {
                text: "Se över försörjningsstödet under behandlingen.",
                ansvarig: "kommun",
                enhet: Some(U::StenFbs),
                senast: -7,
                then: Then::Klar(-10, By::Login(KOMMUN)),
            },
            Atg {
                text: "Bedöma rätten till sjukpenning.",
                ansvarig: "fk",
                enhet: Some(U::FkSp),
                senast: 21,
                then: Then::Planerad,
            },
        ],
        uppfoljningar: &[],
        end: End::Open,
    },
    // STL: uppföljd, and the follow-up booked at it is late (its date passed, not held).
    Plan {
        lokus: "STL",
        initierad: -150,
        initierad_av: "af",
        kallar: ("af", U::AfJob, "Arbetsförmedlare"),
        planering: Some(("af", U::AfJob, "Arbetsförmedlare")),
        samtycke: &["fk", "af", "kommun"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::FkSp),
            Inv::Enhet(U::AfJob),
            Inv::Enhet(U::StenFbs),
        ],
        kallad: Some(-120),
        mote: Some(Mote {
            dag: -120,
            present: &[Inv::Enhet(U::FkSp), Inv::Enhet(U::AfJob)],
            individ: true,
            narstaende: false,
            mal_individ: "Hitta ett arbete som passar min hälsa.",
            mal_professionella: "Arbetsförberedande insats med stöd, sedan matchning mot arbete.",
            nasta: Some(-60),
        }),
        atgarder: &[
            Atg {
                text: "Anvisa till arbetsförberedande insats.",
                ansvarig: "af",
                enhet: Some(U::AfJob),
                senast: -90,
                then: Then::Klar(-95, By::Login(AF)),
            },
            Atg {
                text: "Avstämningsmöte om arbetsförmågan.",
                ansvarig: "fk",
                enhet: Some(U::FkSp),
                senast: -20,
                then: Then::Planerad,
            },
            Atg {
                text: "Bevilja försörjningsstöd under insatsen.",
                ansvarig: "kommun",
                enhet: Some(U::StenFbs),
                senast: -100,
                then: Then::Klar(-110, By::Login(KOMMUN)),
            },
            Atg {
                text: "Delta i insatsen minst tre dagar i veckan.",
                ansvarig: "individ",
                enhet: None,
                senast: 30,
                then: Then::Pagar(By::Keeper),
            },
        ],
        uppfoljningar: &[(-60, Some(-12))],
        end: End::Open,
    },
    // STL: uppföljd on time, with psychiatry, the kommun and the school, consent for a year.
    Plan {
        lokus: "STL",
        initierad: -200,
        initierad_av: "region",
        kallar: ("region", U::Psyk, "Kurator, psykiatrimottagningen"),
        planering: Some(("kommun", U::StenFbs, "Socialsekreterare")),
        samtycke: &["kommun", "region", "skola"],
        samtycke_till: Some(165),
        inbjudna: &[Inv::Enhet(U::Psyk), Inv::Enhet(U::StenFbs), SKOLA],
        kallad: Some(-170),
        mote: Some(Mote {
            dag: -170,
            present: &[Inv::Enhet(U::Psyk), Inv::Enhet(U::StenFbs), SKOLA],
            individ: true,
            narstaende: true,
            mal_individ: "Klara skolan och må bättre.",
            mal_professionella: "Anpassad studiegång med samordnat stöd från vården och socialtjänsten.",
            nasta: Some(-80),
        }),
        atgarder: &[
            Atg {
                text: "Ta fram en anpassad studieplan.",
                ansvarig: "skola",
                enhet: None,
                senast: -120,
                then: Then::Klar(-125, By::Keeper),
            },
            Atg {
                text: "Samordna läkemedelsgenomgång med vårdcentralen.",
                ansvarig: "region",
                enhet: Some(U::Psyk),
                senast: -40,
                then: Then::Ej("Tiden ställdes in och bokas om vid nästa uppföljning."),
            },
            Atg {
                text: "Erbjuda stödsamtal.",
                ansvarig: "kommun",
                enhet: Some(U::StenFbs),
                senast: 10,
                then: Then::Pagar(By::Login(KOMMUN)),
            },
        ],
        uppfoljningar: &[(-82, Some(25))],
        end: End::Open,
    },
    // STL: avslutad after three follow-ups, every party's action done.
    Plan {
        lokus: "STL",
        initierad: -320,
        initierad_av: "fk",
        kallar: ("fk", U::FkSp, "Handläggare, sjukpenning"),
        planering: Some(("fk", U::FkSp, "Handläggare, sjukpenning")),
        samtycke: &["fk", "af", "kommun", "region"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::FkSp),
            Inv::Enhet(U::AfJob),
            Inv::Enhet(U::StenFbs),
            Inv::Enhet(U::Psyk),
        ],
        kallad: Some(-290),
        mote: Some(Mote {
            dag: -290,
            present: &[
                Inv::Enhet(U::FkSp),
                Inv::Enhet(U::AfJob),
                Inv::Enhet(U::StenFbs),
                Inv::Enhet(U::Psyk),
            ],
            individ: true,
            narstaende: false,
            mal_individ: "Börja arbeta igen.",
            mal_professionella: "Arbetsträning, därefter stöd till en anställning.",
            nasta: Some(-200),
        }),
        atgarder: &[
            Atg {
                text: "Utreda arbetsförmågan.",
                ansvarig: "fk",
                enhet: Some(U::FkSp),
                senast: -250,
                then: Then::Klar(-255, By::Login(FK)),
            },
            Atg {
                text: "Ordna arbetsträning i kommunens verksamhet.",
                ansvarig: "kommun",
                enhet: Some(U::Verkstan),
                senast: -230,
                then: Then::Klar(-240, By::Login(KOMMUN)),
            },
            Atg {
                text: "Följa upp hälsan under arbetsträningen.",
                ansvarig: "region",
                enhet: Some(U::Psyk),
                senast: -150,
                then: Then::Klar(-150, By::Login(REGION)),
            },
            Atg {
                text: "Stöd till anställning med lönebidrag.",
                ansvarig: "af",
                enhet: Some(U::AfJob),
                senast: -60,
                then: Then::Klar(-45, By::Login(AF)),
            },
        ],
        uppfoljningar: &[(-200, Some(-110)), (-112, Some(-20)), (-20, None)],
        end: End::Close,
    },
    // STL: inställd before its planning meeting, the person declined.
    Plan {
        lokus: "STL",
        initierad: -35,
        initierad_av: "kommun",
        kallar: ("kommun", U::StenFbs, "Socialsekreterare, försörjningsstöd"),
        planering: None,
        samtycke: &["af", "kommun"],
        samtycke_till: None,
        inbjudna: &[Inv::Enhet(U::AfJob), Inv::Enhet(U::StenFbs)],
        kallad: Some(5),
        mote: None,
        atgarder: &[],
        uppfoljningar: &[],
        end: End::Cancel("individen_avbojde"),
    },
    // NRV: held with AF present, then the consent was withdrawn (the SIP ends).
    Plan {
        lokus: "NRV",
        initierad: -130,
        initierad_av: "region",
        kallar: ("region", U::NrvVc, "Distriktssköterska"),
        planering: Some(("kommun", U::NrvAt, "Arbetsmarknadshandläggare")),
        samtycke: &["af", "kommun", "region"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::AfJob),
            Inv::Enhet(U::NrvAt),
            Inv::Enhet(U::NrvVc),
        ],
        kallad: Some(-110),
        mote: Some(Mote {
            dag: -110,
            present: &[
                Inv::Enhet(U::AfJob),
                Inv::Enhet(U::NrvAt),
                Inv::Enhet(U::NrvVc),
            ],
            individ: true,
            narstaende: false,
            mal_individ: "Komma ut i någon form av sysselsättning.",
            mal_professionella: "Arbetsträning i kommunen med stöd från vårdcentralen.",
            nasta: Some(-45),
        }),
        atgarder: &[
            Atg {
                text: "Kartlägga stödbehov inför arbetsträning.",
                ansvarig: "af",
                enhet: Some(U::AfJob),
                senast: -80,
                then: Then::Klar(-85, By::Login(AF)),
            },
            Atg {
                text: "Erbjuda plats i arbetsträning.",
                ansvarig: "kommun",
                enhet: Some(U::NrvAt),
                senast: -60,
                then: Then::Planerad,
            },
        ],
        uppfoljningar: &[],
        end: End::Withdraw(-50),
    },
    // NRV: genomförd with FK and AF present, the follow-up booked ahead, AF's action late.
    Plan {
        lokus: "NRV",
        initierad: -40,
        initierad_av: "fk",
        kallar: ("fk", U::FkSp, "Handläggare, sjukpenning"),
        planering: Some(("region", U::NrvVc, "Rehabkoordinator")),
        samtycke: &["fk", "af", "region"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::FkSp),
            Inv::Enhet(U::AfJob),
            Inv::Enhet(U::NrvVc),
        ],
        kallad: Some(-18),
        mote: Some(Mote {
            dag: -18,
            present: &[Inv::Enhet(U::FkSp), Inv::Enhet(U::AfJob)],
            individ: true,
            narstaende: false,
            mal_individ: "Orka arbeta några timmar om dagen.",
            mal_professionella: "Stegvis ökad arbetstid med rehabilitering och kontakt med arbetsgivaren.",
            nasta: Some(12),
        }),
        atgarder: &[
            Atg {
                text: "Besluta om sjukpenning på deltid.",
                ansvarig: "fk",
                enhet: Some(U::FkSp),
                senast: 5,
                then: Then::Planerad,
            },
            Atg {
                text: "Kontakta arbetsgivaren om anpassning.",
                ansvarig: "af",
                enhet: Some(U::AfJob),
                senast: -2,
                then: Then::Planerad,
            },
            Atg {
                text: "Rehabiliteringsplan från vårdcentralen.",
                ansvarig: "region",
                enhet: Some(U::NrvVc),
                senast: 20,
                then: Then::Pagar(By::Keeper),
            },
        ],
        uppfoljningar: &[],
        end: End::Open,
    },
    // NRV: initierad by the person themself.
    Plan {
        lokus: "NRV",
        initierad: -3,
        initierad_av: "individ",
        kallar: ("kommun", U::NrvAt, "Arbetsmarknadshandläggare"),
        planering: None,
        samtycke: &["kommun", "region"],
        samtycke_till: None,
        inbjudna: &[Inv::Enhet(U::NrvAt), Inv::Enhet(U::NrvVc)],
        kallad: None,
        mote: None,
        atgarder: &[],
        uppfoljningar: &[],
        end: End::Open,
    },
    // NRV: inställd, the need ended before anyone was called.
    Plan {
        lokus: "NRV",
        initierad: -70,
        initierad_av: "af",
        kallar: ("af", U::AfJob, "Arbetsförmedlare"),
        planering: None,
        samtycke: &["af", "kommun"],
        samtycke_till: None,
        inbjudna: &[Inv::Enhet(U::AfJob), Inv::Enhet(U::NrvAt)],
        kallad: None,
        mote: None,
        atgarder: &[],
        uppfoljningar: &[],
        end: End::Cancel("behovet_upphorde"),
    },
];
