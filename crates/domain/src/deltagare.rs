//! The vocabulary of insatser and their participants (issue 16, DOMAIN-2 §2): the code lists
//! that keep participant follow-up comparable with SUS at group level and with SCB's
//! försörjningsmått groups, and the rules that turn measurements into report groups
//! (a person's main försörjning group, the sysselsättning ladder, stegförflyttning).

use crate::code_enum;

code_enum! {
    /// The kind of insats.
    InsatsTyp {
        Tillaggsresurs => "tillaggsresurs", "Tilläggsresurs";
        Individinriktad => "individinriktad", "Individinriktad insats";
        Strukturinriktad => "strukturinriktad", "Strukturinriktad insats";
    }
}

code_enum! {
    /// Where an enrolment stands.
    DeltagareStatus {
        IKo => "i_ko", "I kö";
        Inskriven => "inskriven", "Inskriven";
        Utskriven => "utskriven", "Utskriven";
        Struken => "struken", "Struken ur kön";
    }
}

code_enum! {
    /// How the person came to the insats.
    Kalla {
        ViaKoordinator => "via_koordinator", "Via samverkanskoordinator";
        Overford => "overford", "Överförd från annan insats";
        Direkt => "direkt", "Direkt";
    }
}

code_enum! {
    /// SCB's försörjningsmått groups, for the transition matrix (before × after).
    ForsorjningGrupp {
        Ohalsa => "ohalsa", "Ohälsa";
        Arbetsmarknadsstod => "arbetsmarknadsstod", "Arbetsmarknadsstöd";
        EkonomisktBistand => "ekonomiskt_bistand", "Ekonomiskt bistånd";
        IngenOffentlig => "ingen_offentlig", "Ingen offentlig försörjning";
        Okand => "okand", "Okänd";
    }
}

code_enum! {
    /// A source of försörjning (several per measurement, each with omfattning %).
    Forsorjningskalla {
        Sjukpenning => "sjukpenning", "Sjukpenning eller rehabiliteringspenning";
        Aktivitetsersattning => "aktivitetsersattning", "Aktivitetsersättning";
        Sjukersattning => "sjukersattning", "Sjukersättning";
        AKassa => "a_kassa", "A-kassa";
        Aktivitetsstod => "aktivitetsstod", "Aktivitetsstöd eller utvecklingsersättning";
        Etableringsersattning => "etableringsersattning", "Etableringsersättning";
        Forsorjningsstod => "forsorjningsstod", "Försörjningsstöd";
        Lon => "lon", "Lön";
        Studiemedel => "studiemedel", "Studiemedel";
        Annan => "annan", "Annan (föräldrapenning, pension …)";
        Ingen => "ingen", "Ingen";
        Okand => "okand", "Okänd";
    }
}

impl Forsorjningskalla {
    /// The SCB group the source belongs to.
    pub fn grupp(self) -> ForsorjningGrupp {
        use Forsorjningskalla::*;
        match self {
            Sjukpenning | Aktivitetsersattning | Sjukersattning => ForsorjningGrupp::Ohalsa,
            AKassa | Aktivitetsstod | Etableringsersattning => ForsorjningGrupp::Arbetsmarknadsstod,
            Forsorjningsstod => ForsorjningGrupp::EkonomisktBistand,
            Lon | Studiemedel | Annan | Ingen => ForsorjningGrupp::IngenOffentlig,
            Okand => ForsorjningGrupp::Okand,
        }
    }
}

/// A person's main group: the group with the largest total omfattning; ties go in the order
/// ohälsa, arbetsmarknadsstöd, ekonomiskt bistånd, ingen offentlig. No sources is `Okand`.
pub fn huvudgrupp(kallor: &[(Forsorjningskalla, i32)]) -> ForsorjningGrupp {
    let mut best: Option<(ForsorjningGrupp, i32)> = None;
    for g in ForsorjningGrupp::ALL {
        let sum: i32 = kallor
            .iter()
            .filter(|(k, _)| k.grupp() == *g)
            .map(|(_, o)| *o)
            .sum();
        let present = kallor.iter().any(|(k, _)| k.grupp() == *g);
        if present && best.is_none_or(|(_, b)| sum > b) {
            best = Some((*g, sum));
        }
    }
    best.map_or(ForsorjningGrupp::Okand, |(g, _)| g)
}

code_enum! {
    /// What the person does (with omfattning %, 100 % = 40 hours a week).
    Sysselsattning {
        Ingen => "ingen", "Ingen sysselsättning";
        Sjukskriven => "sjukskriven", "Sjukskriven";
        ArbetstraningPraktik => "arbetstraning_praktik", "Arbetsträning eller praktik";
        Arbetsmarknadsinsats => "arbetsmarknadsinsats", "Arbetsmarknadsinsats (AF:s program)";
        AktivtArbetssokande => "aktivt_arbetssokande", "Aktivt arbetssökande";
        Studier => "studier", "Studier (även SFI och folkhögskola)";
        SubventioneratArbete => "subventionerat_arbete", "Subventionerat arbete (lönebidrag, nystartsjobb …)";
        Forvarvsarbete => "forvarvsarbete", "Förvärvsarbete (även eget företag)";
        Annan => "annan", "Annan sysselsättning";
        Okand => "okand", "Okänd";
    }
}

code_enum! {
    /// SUS's report groups of sysselsättning.
    SysselsattningGrupp {
        Forvarvsarbete => "forvarvsarbete", "Förvärvsarbete";
        Studier => "studier", "Studier";
        AktivtArbetssokande => "aktivt_arbetssokande", "Aktivt arbetssökande";
        Ovriga => "ovriga", "Övriga";
    }
}

impl Sysselsattning {
    /// The step on the ladder towards work (higher is closer); `None` for annan and okänd.
    pub fn steg(self) -> Option<u8> {
        use Sysselsattning::*;
        match self {
            Ingen | Sjukskriven => Some(0),
            ArbetstraningPraktik | Arbetsmarknadsinsats => Some(1),
            AktivtArbetssokande => Some(2),
            Studier | SubventioneratArbete => Some(3),
            Forvarvsarbete => Some(4),
            Annan | Okand => None,
        }
    }

    /// The SUS report group.
    pub fn grupp(self) -> SysselsattningGrupp {
        use Sysselsattning::*;
        match self {
            Forvarvsarbete | SubventioneratArbete => SysselsattningGrupp::Forvarvsarbete,
            Studier => SysselsattningGrupp::Studier,
            AktivtArbetssokande => SysselsattningGrupp::AktivtArbetssokande,
            _ => SysselsattningGrupp::Ovriga,
        }
    }

    /// Work or studies, for the goal "andel arbete eller studier vid avslut".
    pub fn arbete_eller_studier(self) -> bool {
        matches!(
            self.grupp(),
            SysselsattningGrupp::Forvarvsarbete | SysselsattningGrupp::Studier
        )
    }
}

code_enum! {
    /// Stegförflyttning between two measurements.
    Stegforflyttning {
        Framat => "framat", "Framåt";
        Oforandrad => "oforandrad", "Oförändrad";
        Bakat => "bakat", "Bakåt";
        Okand => "okand", "Okänd";
    }
}

/// The highest (step, omfattning) of a measurement's sysselsättningar, if any has a step.
fn topp(s: &[(Sysselsattning, i32)]) -> Option<(u8, i32)> {
    s.iter()
        .filter_map(|(k, o)| k.steg().map(|st| (st, *o)))
        .max()
}

/// Forward is a higher step, or the same step with higher omfattning.
pub fn stegforflyttning(
    fore: &[(Sysselsattning, i32)],
    efter: &[(Sysselsattning, i32)],
) -> Stegforflyttning {
    match (topp(fore), topp(efter)) {
        (Some(a), Some(b)) if b > a => Stegforflyttning::Framat,
        (Some(a), Some(b)) if b < a => Stegforflyttning::Bakat,
        (Some(_), Some(_)) => Stegforflyttning::Oforandrad,
        _ => Stegforflyttning::Okand,
    }
}

/// A measurement's one report group, for tables that count each person once: the group of the
/// code highest on the ladder (step, then omfattning; annan below every step), at a tie the
/// group first in `SysselsattningGrupp` order. `None` when only okänd (or nothing) is recorded.
/// The figure queries use the same rule in SQL (`lotsen_sysselsattningsgrupp`, migration 0029).
pub fn sysselsattningsgrupp(s: &[(Sysselsattning, i32)]) -> Option<SysselsattningGrupp> {
    let position = |g: SysselsattningGrupp| {
        SysselsattningGrupp::ALL
            .iter()
            .position(|x| *x == g)
            .unwrap_or(usize::MAX)
    };
    s.iter()
        .filter(|(k, _)| *k != Sysselsattning::Okand)
        .max_by_key(|(k, o)| {
            (
                k.steg().map_or(0, |st| u16::from(st) + 1),
                *o,
                std::cmp::Reverse(position(k.grupp())),
            )
        })
        .map(|(k, _)| k.grupp())
}

code_enum! {
    /// Highest education.
    Utbildningsniva {
        ForgymnasialUnder9Ar => "forgymnasial_under_9_ar", "Förgymnasial, kortare än 9 år";
        Forgymnasial9Ar => "forgymnasial_9_ar", "Förgymnasial, 9 år";
        Gymnasial => "gymnasial", "Gymnasial";
        EftergymnasialUnder3Ar => "eftergymnasial_under_3_ar", "Eftergymnasial, kortare än 3 år";
        Eftergymnasial3ArEllerMer => "eftergymnasial_3_ar_eller_mer", "Eftergymnasial, 3 år eller mer";
        Okand => "okand", "Okänd";
    }
}

code_enum! {
    /// Time on offentlig försörjning before the insats.
    TidOffentlig {
        Ingen => "ingen", "Ingen";
        Under1Ar => "under_1_ar", "Kortare än 1 år";
        EttTillTvaAr => "1_till_2_ar", "1–2 år";
        TvaTillFemAr => "2_till_5_ar", "2–5 år";
        Over5Ar => "over_5_ar", "Längre än 5 år";
        Okand => "okand", "Okänd";
    }
}

code_enum! {
    /// Why an enrolment ended. `felregistrering` removes it from every figure.
    Avslutsanledning {
        Arbete => "arbete", "Arbete";
        Studier => "studier", "Studier";
        OrdinarieInsats => "ordinarie_insats", "Ordinarie insats hos en part";
        AnnanForbundsinsats => "annan_forbundsinsats", "Annan insats i förbundet";
        PlaneradTidSlut => "planerad_tid_slut", "Planerad tid slut";
        Ohalsa => "ohalsa", "Ohälsa";
        Flytt => "flytt", "Flytt";
        EgetOnskemal => "eget_onskemal", "Eget önskemål (avbrutet)";
        SamtyckeAterkallat => "samtycke_aterkallat", "Samtycket återkallat (avbrutet)";
        IngenKontakt => "ingen_kontakt", "Ingen kontakt (avbrutet)";
        Annat => "annat", "Annat";
        Felregistrering => "felregistrering", "Felregistrering";
    }
}

impl Avslutsanledning {
    /// "Avbrutet" (the person's own choice, consent withdrawn, no contact) as against
    /// "avslutat".
    pub fn avbrutet(self) -> bool {
        matches!(
            self,
            Avslutsanledning::EgetOnskemal
                | Avslutsanledning::SamtyckeAterkallat
                | Avslutsanledning::IngenKontakt
        )
    }
}

code_enum! {
    /// When a measurement was taken.
    Tillfalle {
        Fore => "fore", "Före (veckan före start)";
        Efter => "efter", "Vid utskrivning";
        Plus3 => "plus3", "Uppföljning efter 3 månader";
        Plus6 => "plus6", "Uppföljning efter 6 månader";
        Plus12 => "plus12", "Uppföljning efter 12 månader";
    }
}

impl Tillfalle {
    /// Months after exit for a follow-up; `None` for the baseline and the exit measurement.
    pub fn manader(self) -> Option<u8> {
        match self {
            Tillfalle::Plus3 => Some(3),
            Tillfalle::Plus6 => Some(6),
            Tillfalle::Plus12 => Some(12),
            _ => None,
        }
    }

    pub const UPPFOLJNINGAR: [Tillfalle; 3] =
        [Tillfalle::Plus3, Tillfalle::Plus6, Tillfalle::Plus12];
}

code_enum! {
    /// A line of the coach's timeline.
    AktivitetTyp {
        Mote => "mote", "Möte";
        Arbetstraning => "arbetstraning", "Arbetsträning eller praktik";
        Stod => "stod", "Annat stöd";
    }
}

code_enum! {
    /// The kind of meeting.
    Motestyp {
        Kartlaggning => "kartlaggning", "Kartläggningsmöte";
        Rehabilitering => "rehabilitering", "Rehabiliteringsmöte";
        Avstamning => "avstamning", "Avstämningsmöte";
        Avslutande => "avslutande", "Avslutande möte";
        Ovrigt => "ovrigt", "Övrigt möte";
    }
}

code_enum! {
    /// A goal of an insats for a period.
    MalKod {
        Nyinskrivna => "nyinskrivna", "Nyinskrivna";
        AndelPaborjadArbetstraning => "andel_paborjad_arbetstraning", "Andel som påbörjat arbetsträning (%)";
        AndelArbeteEllerStudierVidAvslut => "andel_arbete_eller_studier_vid_avslut", "Andel i arbete eller studier vid avslut (%)";
        Deltagare => "deltagare", "Deltagare under perioden";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Forsorjningskalla as K;
    use Sysselsattning as S;

    #[test]
    fn the_main_group_is_the_largest_with_ties_in_scb_order() {
        assert_eq!(huvudgrupp(&[]), ForsorjningGrupp::Okand);
        assert_eq!(
            huvudgrupp(&[(K::Lon, 50), (K::Sjukpenning, 50)]),
            ForsorjningGrupp::Ohalsa
        );
        assert_eq!(
            huvudgrupp(&[(K::Lon, 75), (K::Sjukpenning, 25)]),
            ForsorjningGrupp::IngenOffentlig
        );
        assert_eq!(
            huvudgrupp(&[
                (K::AKassa, 30),
                (K::Aktivitetsstod, 30),
                (K::Forsorjningsstod, 50)
            ]),
            ForsorjningGrupp::Arbetsmarknadsstod
        );
        assert_eq!(huvudgrupp(&[(K::Okand, 100)]), ForsorjningGrupp::Okand);
    }

    #[test]
    fn stegforflyttning_is_a_higher_step_or_more_of_the_same() {
        let f = |s: &[(S, i32)], e: &[(S, i32)]| stegforflyttning(s, e);
        assert_eq!(
            f(&[(S::Ingen, 100)], &[(S::ArbetstraningPraktik, 25)]),
            Stegforflyttning::Framat
        );
        assert_eq!(
            f(
                &[(S::ArbetstraningPraktik, 25)],
                &[(S::ArbetstraningPraktik, 50)]
            ),
            Stegforflyttning::Framat
        );
        assert_eq!(
            f(&[(S::Studier, 50)], &[(S::SubventioneratArbete, 50)]),
            Stegforflyttning::Oforandrad
        );
        assert_eq!(
            f(&[(S::Forvarvsarbete, 50)], &[(S::Sjukskriven, 100)]),
            Stegforflyttning::Bakat
        );
        assert_eq!(
            f(&[(S::Annan, 100)], &[(S::Studier, 100)]),
            Stegforflyttning::Okand
        );
    }

    #[test]
    fn a_person_counts_in_the_group_highest_on_the_ladder() {
        use SysselsattningGrupp as G;
        assert_eq!(sysselsattningsgrupp(&[]), None);
        assert_eq!(sysselsattningsgrupp(&[(S::Okand, 100)]), None);
        assert_eq!(sysselsattningsgrupp(&[(S::Annan, 100)]), Some(G::Ovriga));
        assert_eq!(
            sysselsattningsgrupp(&[(S::Studier, 50), (S::AktivtArbetssokande, 100)]),
            Some(G::Studier)
        );
        assert_eq!(
            sysselsattningsgrupp(&[(S::Studier, 50), (S::SubventioneratArbete, 50)]),
            Some(G::Forvarvsarbete)
        );
        assert_eq!(
            sysselsattningsgrupp(&[(S::Studier, 75), (S::SubventioneratArbete, 50)]),
            Some(G::Studier)
        );
    }

    #[test]
    fn report_groups_follow_sus() {
        assert_eq!(
            S::SubventioneratArbete.grupp(),
            SysselsattningGrupp::Forvarvsarbete
        );
        assert!(S::Studier.arbete_eller_studier());
        assert!(!S::AktivtArbetssokande.arbete_eller_studier());
        assert!(Avslutsanledning::SamtyckeAterkallat.avbrutet());
        assert!(!Avslutsanledning::Felregistrering.avbrutet());
    }
}
