//! A SIP record (samordnad individuell plan, DOMAIN-2 §3; issue 17): its codes. The record is not
//! the plan (which stays in the region's or kommun's SIP tool) but what förbund follow up: who
//! initiated and convened it, the parties invited and present, who does what by when, the
//! meetings and the next follow-up. Roles and units, never names.

use crate::code_enum;

code_enum! {
    /// Where a SIP record stands. `uppfoljd` repeats with each follow-up meeting.
    SipStatus {
        Initierad => "initierad", "Initierad";
        Kallad => "kallad", "Kallad";
        Genomford => "genomford", "Genomförd";
        Uppfoljd => "uppfoljd", "Uppföljd";
        Avslutad => "avslutad", "Avslutad";
        Installd => "installd", "Inställd";
    }
}

impl SipStatus {
    /// Still running: meetings, actions and follow-ups can be recorded.
    pub fn is_open(self) -> bool {
        !matches!(self, SipStatus::Avslutad | SipStatus::Installd)
    }

    /// The planning meeting has been held.
    pub fn is_held(self) -> bool {
        matches!(
            self,
            SipStatus::Genomford | SipStatus::Uppfoljd | SipStatus::Avslutad
        )
    }
}

code_enum! {
    /// Who took the initiative: a party or the individual. The `sip` figure table's columns.
    Initiativ {
        Fk => "fk", "Försäkringskassan";
        Af => "af", "Arbetsförmedlingen";
        Kommun => "kommun", "Kommunen";
        Region => "region", "Regionen";
        Individ => "individ", "Individen själv";
        Annan => "annan", "Annan";
    }
}

code_enum! {
    /// A party taking part in a SIP: the four parties of the förbund, school, or another.
    SipPart {
        Fk => "fk", "Försäkringskassan";
        Af => "af", "Arbetsförmedlingen";
        Kommun => "kommun", "Kommunen";
        Region => "region", "Regionen";
        Skola => "skola", "Skolan";
        Annan => "annan", "Annan";
    }
}

impl SipPart {
    /// The party as the förbund's member parties (`Part`), for matching a unit of the register.
    pub fn member(self) -> Option<crate::Part> {
        match self {
            SipPart::Fk => Some(crate::Part::Fk),
            SipPart::Af => Some(crate::Part::Af),
            SipPart::Kommun => Some(crate::Part::Kommun),
            SipPart::Region => Some(crate::Part::Region),
            SipPart::Skola | SipPart::Annan => None,
        }
    }
}

code_enum! {
    /// Who is responsible for an action of the plan: a party, or the individual.
    Ansvarig {
        Fk => "fk", "Försäkringskassan";
        Af => "af", "Arbetsförmedlingen";
        Kommun => "kommun", "Kommunen";
        Region => "region", "Regionen";
        Skola => "skola", "Skolan";
        Individ => "individ", "Individen själv";
        Annan => "annan", "Annan";
    }
}

code_enum! {
    /// Where an action of the plan stands.
    AtgardStatus {
        Planerad => "planerad", "Planerad";
        Pagar => "pagar", "Pågår";
        Klar => "klar", "Klar";
        EjGenomford => "ej_genomford", "Ej genomförd";
    }
}

code_enum! {
    /// Why a SIP was called off before it was held.
    InstalldOrsak {
        IndividenAvbojde => "individen_avbojde", "Individen tackade nej";
        SamtyckeAterkallat => "samtycke_aterkallat", "Samtycket återkallades";
        BehovetUpphorde => "behovet_upphorde", "Behovet upphörde";
        Annat => "annat", "Annat";
    }
}

code_enum! {
    /// The form of the person's consent to the coordination.
    SipSamtycke {
        MuntligtDokumenterat => "muntligt_dokumenterat", "Muntligt, dokumenterat";
        Skriftligt => "skriftligt", "Skriftligt";
    }
}

code_enum! {
    /// A meeting of the SIP.
    MoteTyp {
        Planering => "planering", "Planeringsmöte";
        Uppfoljning => "uppfoljning", "Uppföljningsmöte";
    }
}
