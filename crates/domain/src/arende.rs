//! The vocabulary of a lots-ärende (DESIGN §5): kön, age bands, ersättning, målgrupp,
//! samverkansproblem, åtgärd, status, avslut and kanal; and the check that keeps
//! personnummer out of de-identified text.

use crate::code_enum;

code_enum! {
    /// The individual's kön; reports always show an "Okänt" row.
    Kon {
        Kvinna => "kvinna", "Kvinna";
        Man => "man", "Man";
        Okant => "okant", "Okänt";
    }
}

code_enum! {
    /// Ersättning/försörjning (several per ärende).
    Ersattning {
        Sjukpenning => "sjukpenning", "Sjukpenning";
        Aktivitetsersattning => "aktivitetsersattning", "Aktivitetsersättning";
        Sjukersattning => "sjukersattning", "Sjukersättning";
        Forsorjningsstod => "forsorjningsstod", "Försörjningsstöd";
        AKassa => "a_kassa", "A-kassa";
        Aktivitetsstod => "aktivitetsstod", "Aktivitetsstöd";
        Etableringsersattning => "etableringsersattning", "Etableringsersättning";
        Lon => "lon", "Lön";
        Studiemedel => "studiemedel", "Studiemedel";
        Ingen => "ingen", "Ingen ersättning";
        Okand => "okand", "Okänd";
    }
}

code_enum! {
    /// Målgrupp (several per ärende). Förbund may add their own later.
    Malgrupp {
        UngaUvas => "unga_uvas", "Unga som varken arbetar eller studerar (UVAS)";
        UngaAktivitetsersattning => "unga_aktivitetsersattning", "Unga med aktivitetsersättning";
        Nyanlanda => "nyanlanda", "Nyanlända och utrikes födda";
        LagUtbildning => "lag_utbildning", "Låg utbildning";
        SocialaProblem => "sociala_problem", "Sociala problem";
        Funktionsnedsattning => "funktionsnedsattning", "Psykisk eller fysisk funktionsnedsättning";
        IntellektuellFunktionsnedsattning => "intellektuell_funktionsnedsattning", "Intellektuell funktionsnedsättning";
        PsykiskOhalsa => "psykisk_ohalsa", "Psykisk ohälsa";
        Samsjuklighet => "samsjuklighet", "Samsjuklighet (missbruk och funktionsnedsättning)";
        LangvarigtForsorjningsstod => "langvarigt_forsorjningsstod", "Långvarigt försörjningsstöd";
        Langtidssjukskriven => "langtidssjukskriven", "Långtidssjukskriven";
        Langtidsarbetslos => "langtidsarbetslos", "Långtidsarbetslös";
        Nollklassad => "nollklassad", "Nollklassad (saknar SGI)";
    }
}

code_enum! {
    /// The five ways to "falla mellan stolarna" (DOMAIN §3.1), or none.
    Samverkansproblem {
        StrukturSaknas => "struktur_saknas", "Struktur saknas";
        StrukturTillampasInte => "struktur_tillampas_inte", "Struktur finns men tillämpas inte";
        RackerInte => "racker_inte", "Struktur finns och tillämpas men räcker inte";
        KanInteTillgodogora => "kan_inte_tillgodogora", "Personen kan inte tillgodogöra sig insatsen";
        TillampasFelaktigt => "tillampas_felaktigt", "Struktur tillämpas felaktigt";
        Inget => "inget", "Inget samverkansproblem";
    }
}

impl Samverkansproblem {
    /// What the type means and what the coordinator does about it (DOMAIN §3.1).
    pub fn explanation(self) -> &'static str {
        match self {
            Samverkansproblem::StrukturSaknas => {
                "Det finns ingen struktur för personens behov. Lotsa till lämpligt stöd, överväg stödperson och synliggör behovet av struktur för LOKUS."
            }
            Samverkansproblem::StrukturTillampasInte => {
                "Strukturen finns men används inte. Lotsa, synliggör ansvaret och lyft kompetensbehovet till LOKUS."
            }
            Samverkansproblem::RackerInte => {
                "Strukturen finns och används men räcker inte till. Lotsa och synliggör behovet för LOKUS."
            }
            Samverkansproblem::KanInteTillgodogora => {
                "Strukturen finns och används, men personen kan inte ta del av den. Lotsa till stöd, överväg stödperson och berätta för LOKUS om insatsnivån passar deltagarna."
            }
            Samverkansproblem::TillampasFelaktigt => {
                "Strukturen används på fel sätt. Hänvisa till kunskapsstöd och den egna verktygslådan, och lyft kompetensbehovet."
            }
            Samverkansproblem::Inget => "Ärendet visar inget glapp mellan parterna.",
        }
    }
}

code_enum! {
    /// What the coordinator did (several per ärende, each dated).
    Atgard {
        KontaktFormedlad => "kontakt_formedlad", "Kontakt förmedlad eller föreslagen";
        InformationInsatser => "information_insatser", "Information om insatser";
        BekraftelseArendegang => "bekraftelse_arendegang", "Bekräftelse i tänkt ärendegång";
        StodKontaktVard => "stod_kontakt_vard", "Stöd att kontakta vården";
        Flerpartsmote => "flerpartsmote", "Flerpartsmöte";
        SipForeslagen => "sip_foreslagen", "SIP föreslagen";
        SipGenomford => "sip_genomford", "SIP genomförd";
        TillaggsresursErbjuden => "tillaggsresurs_erbjuden", "Tilläggsresurs erbjuden";
        TillaggsresursPaborjad => "tillaggsresurs_paborjad", "Tilläggsresurs påbörjad";
        HanvisningKunskapsstod => "hanvisning_kunskapsstod", "Hänvisning till kunskapsstöd";
        LyftTillLokus => "lyft_till_lokus", "Lyft till LOKUS";
        Annan => "annan", "Annan åtgärd";
    }
}

code_enum! {
    Status {
        Ny => "ny", "Ny förfrågan";
        Pagaende => "pagaende", "Pågående";
        Vilande => "vilande", "Vilande";
        Avslutad => "avslutad", "Avslutad";
    }
}

code_enum! {
    /// The outcome recorded when an ärende is closed.
    Avslut {
        LotsadOrdinarie => "lotsad_ordinarie", "Lotsad till ordinarie verksamhet";
        Tillaggsresurs => "tillaggsresurs", "Tilläggsresurs";
        Sip => "sip", "SIP";
        LostSig => "lost_sig", "Löste sig";
        EjAktuell => "ej_aktuell", "Ej aktuellt";
        Avbrutet => "avbrutet", "Avbrutet";
        Annat => "annat", "Annat";
    }
}

code_enum! {
    /// How the request reached the coordinator.
    Kanal {
        Telefon => "telefon", "Telefon";
        Mejl => "mejl", "Mejl";
        Mote => "mote", "Möte";
        Portal => "portal", "Portal";
        Annan => "annan", "Annan";
    }
}

code_enum! {
    /// The report's age bands on the date received.
    AlderBand {
        Under30 => "under_30", "Under 30 år";
        TrettioOchAldre => "30_och_aldre", "30 år och äldre";
        Okand => "okand", "Okänd ålder";
    }
}

impl AlderBand {
    pub fn of(age: Option<i32>) -> AlderBand {
        match age {
            Some(a) if a < 30 => AlderBand::Under30,
            Some(_) => AlderBand::TrettioOchAldre,
            None => AlderBand::Okand,
        }
    }
}

/// True when `text` holds something shaped like a personnummer or samordningsnummer:
/// 6 or 8 digits forming a plausible date (day + 60 for samordningsnummer), then an optional
/// `-`, `+` or space, then 4 digits, not inside a longer run of digits. The check digit is not
/// required: a mistyped number is still personal data. A ten-digit phone number written without
/// separators can match too, and is refused as well; it identifies a person just as surely.
pub fn contains_personnummer(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_digit());
    for start in 0..chars.len() {
        if !digit(start) || (start > 0 && digit(start - 1)) {
            continue;
        }
        for date_len in [6, 8] {
            if !(start..start + date_len).all(digit) {
                continue;
            }
            let mut i = start + date_len;
            if matches!(chars.get(i), Some('-' | '+' | ' ')) {
                i += 1;
            }
            if (i..i + 4).all(digit) && !digit(i + 4) {
                let date: String = chars[start..start + date_len].iter().collect();
                if plausible_date(&date) {
                    return true;
                }
            }
        }
    }
    false
}

fn plausible_date(digits: &str) -> bool {
    let tail = &digits[digits.len() - 4..];
    let month: u32 = tail[..2].parse().unwrap_or(0);
    let day: u32 = tail[2..].parse().unwrap_or(0);
    let year_ok = digits.len() == 6 || matches!(&digits[..2], "18" | "19" | "20");
    year_ok && (1..=12).contains(&month) && ((1..=31).contains(&day) || (61..=91).contains(&day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_parse_back() {
        assert_eq!(
            Kon::parse("K"),
            None,
            "single letters are the importer's business"
        );
        assert_eq!(Kon::parse("kvinna"), Some(Kon::Kvinna));
        assert_eq!(Kon::parse(" Okänt "), Some(Kon::Okant));
        assert_eq!(Ersattning::parse("a-kassa"), Some(Ersattning::AKassa));
        assert_eq!(Atgard::parse("SIP föreslagen"), Some(Atgard::SipForeslagen));
        assert_eq!(
            Samverkansproblem::from_code("racker_inte"),
            Some(Samverkansproblem::RackerInte)
        );
        assert_eq!(Status::parse("avslutad"), Some(Status::Avslutad));
        for list in [
            Malgrupp::ALL.len(),
            Ersattning::ALL.len(),
            Atgard::ALL.len(),
        ] {
            assert!(list > 5);
        }
    }

    #[test]
    fn every_code_fits_the_database_and_is_unique() {
        let all: Vec<&str> = Ersattning::ALL
            .iter()
            .map(|c| c.code())
            .chain(Malgrupp::ALL.iter().map(|c| c.code()))
            .chain(Atgard::ALL.iter().map(|c| c.code()))
            .chain(Samverkansproblem::ALL.iter().map(|c| c.code()))
            .collect();
        for c in &all {
            assert!(
                c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                "{c}"
            );
        }
        let mut m: Vec<&str> = Malgrupp::ALL.iter().map(|c| c.code()).collect();
        m.sort();
        m.dedup();
        assert_eq!(m.len(), Malgrupp::ALL.len());
    }

    #[test]
    fn the_age_band_boundary_is_thirty() {
        assert_eq!(AlderBand::of(Some(29)), AlderBand::Under30);
        assert_eq!(AlderBand::of(Some(30)), AlderBand::TrettioOchAldre);
        assert_eq!(AlderBand::of(None), AlderBand::Okand);
    }

    #[test]
    fn personnummer_shapes_are_found_in_free_text() {
        for text in [
            "Klienten 850709-9805 ringde",
            "pnr 198507099805",
            "19850709-9805",
            "850709 9805",
            "Samordningsnummer 701063-2391",
            "(121212+1212)",
        ] {
            assert!(contains_personnummer(text), "{text}");
        }
        for text in [
            "Ring 070-123 45 67",
            "Ärende 2026-STL-007",
            "Möte 2026-03-12 kl 10",
            "Beloppet 1234567890123",
            "851309-1234 är inget datum",
            "",
        ] {
            assert!(!contains_personnummer(text), "{text}");
        }
    }
}
