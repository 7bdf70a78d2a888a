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

impl Atgard {
    /// Recorded by the SIP record itself (started, held), never chosen in the action form:
    /// the action and the record are one concept (issue 17). Imports of history keep them.
    pub fn follows_sip_record(self) -> bool {
        matches!(self, Atgard::SipForeslagen | Atgard::SipGenomford)
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
    /// What a line of an ärende's timeline records: an action, an event appended by a feature
    /// (`arende_handelse.typ`), or a source read live (`lokus_beslut`). The label is the
    /// line's heading; `status`, `avslutad` and `samtycke` add the event's text to it.
    Handelse {
        Atgard => "atgard", "Åtgärd";
        Skapad => "skapad", "Ärendet registrerades";
        Andrad => "andrad", "Ärendet ändrades";
        Status => "status", "Status";
        Flaggad => "flaggad", "Lyft till LOKUS";
        Avflaggad => "avflaggad", "Inte längre lyft till LOKUS";
        Avslutad => "avslutad", "Avslutat";
        Ateroppnad => "ateroppnad", "Återöppnat";
        Anteckning => "anteckning", "Anteckning";
        Samtycke => "samtycke", "Samtycke registrerat";
        SamtyckeAterkallat => "samtycke_aterkallat", "Samtycke återkallat – namn och personnummer är raderade";
        Importerad => "importerad", "Ärendet importerades";
        LokusBeslut => "lokus_beslut", "Beslut i LOKUS";
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

/// True when `text` holds something shaped like a personnummer or samordningsnummer: a
/// plausible date (day + 60 for samordningsnummer) of 6 or 8 digits — written whole or as
/// `YY MM DD` / `YYYY MM DD` groups — then four digits, each joint a separator or none, and not
/// inside a longer run of digits. The text is first normalised as Word and other programs
/// write it: compatibility forms (fullwidth digits, no-break spaces) become plain (NFKC),
/// invisible format characters (zero-width spaces, soft hyphens) are dropped, and any dash,
/// minus, space, dot, slash or plus counts as a separator. The check digit is not required: a
/// mistyped number is still personal data. A ten-digit phone number written without
/// separators can match too, and is refused as well; it identifies a person just as surely.
pub fn contains_personnummer(text: &str) -> bool {
    digit_chains(text).iter().any(|chain| {
        (0..chain.len()).any(|start| {
            DATE_SHAPES.iter().any(|shape| {
                let Some(date_groups) = chain.get(start..start + shape.len()) else {
                    return false;
                };
                let shaped = date_groups
                    .iter()
                    .zip(shape.iter())
                    .all(|(g, n)| g.len() == *n);
                let date: String = date_groups.concat();
                if !shaped || !plausible_date(&date) {
                    return false;
                }
                // The last four digits: the next group, or the tail of a whole 10/12 digits.
                chain.get(start + shape.len()).is_some_and(|g| g.len() == 4)
            }) || chain[start].len() == 10 && plausible_date(&chain[start][..6])
                || chain[start].len() == 12 && plausible_date(&chain[start][..8])
        })
    })
}

/// The ways a personnummer's date is written: whole, or in groups.
const DATE_SHAPES: [&[usize]; 4] = [&[6], &[8], &[2, 2, 2], &[4, 2, 2]];

/// The runs of digit groups in `text` joined only by separators (at most three in a row), after
/// normalising the text.
fn digit_chains(text: &str) -> Vec<Vec<String>> {
    use unicode_normalization::UnicodeNormalization;
    let normalised = text
        .nfkc()
        .filter(|c| !is_format_char(*c))
        .map(|c| if is_separator(c) { ' ' } else { c });
    let mut chains: Vec<Vec<String>> = Vec::new();
    let mut chain: Vec<String> = Vec::new();
    let mut group = String::new();
    let mut separators = 0;
    for c in normalised {
        if c.is_ascii_digit() {
            if group.is_empty() && separators > 3 && !chain.is_empty() {
                chains.push(std::mem::take(&mut chain));
            }
            group.push(c);
            separators = 0;
        } else if c == ' ' {
            if !group.is_empty() {
                chain.push(std::mem::take(&mut group));
            }
            separators += 1;
        } else {
            if !group.is_empty() {
                chain.push(std::mem::take(&mut group));
            }
            if !chain.is_empty() {
                chains.push(std::mem::take(&mut chain));
            }
            separators = 0;
        }
    }
    if !group.is_empty() {
        chain.push(group);
    }
    if !chain.is_empty() {
        chains.push(chain);
    }
    chains
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '.' | '/' | '+' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}')
        || matches!(c, '\u{2010}'..='\u{2015}')
        || c == '-'
}

/// Invisible characters that Word and web pages put inside numbers.
fn is_format_char(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
    )
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
            // As Word and other programs write them.
            "19121212\u{2013}1212",
            "121212\u{2212}1212",
            "121212\u{a0}1212",
            "121212-\u{200b}1212",
            "\u{ff11}\u{ff12}\u{ff11}\u{ff12}\u{ff11}\u{ff12}-\u{ff11}\u{ff12}\u{ff11}\u{ff12}",
            "12 12 12-1212",
            "12.12.12-1212",
            "121212/1212",
            "1912 12 12 - 1212",
            "12\u{ad}1212-1212",
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
