//! A request for lotsning (förfrågan) from a handläggare at one of the parties (DOMAIN-2 §1):
//! its codes, the request form as typed and parsed, and the coordinator's decline, forward and
//! answer forms. The individual is always de-identified: free text refuses personnummer and
//! obvious names.

use crate::Part;
use crate::arende::{Ersattning, Kon, contains_personnummer};
use crate::arende_form::codes;
use crate::code_enum;
use crate::namn::obvious_name;
use crate::validate::{CONTROL_CHARACTERS, FieldErrors, has_control_chars};
use uuid::Uuid;

pub const FRAGA_MAX: usize = 4000;
pub const PROVAT_MAX: usize = 4000;
pub const SVAR_MAX: usize = 4000;
pub const AVBOJD_TEXT_MAX: usize = 2000;

code_enum! {
    /// What the handläggare asks for.
    Typ {
        Lotsning => "lotsning", "Lotsning eller konsultation";
        Arendedragning => "arendedragning", "Ärendedragning i samverkansforum";
        Tillaggsresurs => "tillaggsresurs", "Förfrågan om tilläggsresurs";
        Sip => "sip", "Initiativ till SIP";
    }
}

code_enum! {
    /// How soon an answer is needed.
    Bradska {
        Normal => "normal", "Normal – inom två veckor";
        Skyndsam => "skyndsam", "Skyndsam – inom en vecka";
        Akut => "akut", "Akut – inom två arbetsdagar";
    }
}

code_enum! {
    /// What consent the handläggare has from the person.
    SamtyckeStatus {
        Inget => "inget", "Inget samtycke";
        MuntligtDokumenterat => "muntligt_dokumenterat", "Muntligt, dokumenterat hos oss";
        Skriftligt => "skriftligt", "Skriftligt";
    }
}

code_enum! {
    /// How the handläggare wants the answer.
    Svarssatt {
        Lotsen => "lotsen", "Här i Lotsen";
        Telefon => "telefon", "Telefon";
        Mejl => "mejl", "Mejl";
        Mote => "mote", "Möte";
    }
}

code_enum! {
    /// Where a request stands. After acceptance the sender sees the ärende's status instead.
    ForfraganStatus {
        Skickad => "skickad", "Skickad";
        Mottagen => "mottagen", "Mottagen";
        Accepterad => "accepterad", "Accepterad";
        Avbojd => "avbojd", "Avböjd";
        Aterkallad => "aterkallad", "Återkallad";
    }
}

impl ForfraganStatus {
    /// Waiting for a coordinator's decision: the sender may still withdraw it.
    pub fn is_open(self) -> bool {
        matches!(self, ForfraganStatus::Skickad | ForfraganStatus::Mottagen)
    }
}

code_enum! {
    /// Why a coordinator declined a request.
    AvbojdOrsak {
        EjMalgrupp => "ej_malgrupp", "Ej målgrupp";
        OrdinarieVerksamhet => "ordinarie_verksamhet", "Hör till ordinarie verksamhet – hänvisad";
        RedanAktuell => "redan_aktuell", "Redan aktuell hos samverkansteam eller forum";
        Annat => "annat", "Annat";
    }
}

code_enum! {
    /// One line of a request's history, as its sender sees it.
    ForfraganHandelse {
        Skickad => "skickad", "Förfrågan skickad";
        Mottagen => "mottagen", "Mottagen av samverkanskoordinator";
        Accepterad => "accepterad", "Accepterad – ärende upplagt";
        Avbojd => "avbojd", "Avböjd";
        Aterkallad => "aterkallad", "Återkallad av avsändaren";
        Vidarebefordrad => "vidarebefordrad", "Vidarebefordrad till en annan LOKUS-grupp";
        Svar => "svar", "Svar från samverkanskoordinatorn";
        Vilande => "vilande", "Ärendet vilar";
        Pagaende => "pagaende", "Ärendet pågår igen";
        Avslutad => "avslutad", "Ärendet avslutat";
        Ateroppnad => "ateroppnad", "Ärendet återöppnat";
    }
}

/// The request form as typed (every field kept, to show it again with errors).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ForfraganForm {
    /// Generated when the form is shown: a second submit of the same form sends nothing new.
    pub formular_id: String,
    pub typ: String,
    pub kon: String,
    pub alder: String,
    /// `ja` when the age is not known.
    pub alder_okand: String,
    pub bostadskommun: String,
    /// Needed only when several of the förbund's LOKUS groups cover the kommun.
    pub lokus: String,
    pub ersattning: Vec<String>,
    pub kontakt_part: Vec<String>,
    pub fraga: String,
    pub provat: String,
    pub bradska: String,
    pub samtycke: String,
    pub samtycke_part: Vec<String>,
    pub svarssatt: String,
}

impl ForfraganForm {
    pub fn has_ersattning(&self, code: &str) -> bool {
        self.ersattning.iter().any(|c| c == code)
    }

    pub fn has_kontakt(&self, code: &str) -> bool {
        self.kontakt_part.iter().any(|c| c == code)
    }

    pub fn has_samtycke_part(&self, code: &str) -> bool {
        self.samtycke_part.iter().any(|c| c == code)
    }

    /// Checks every field. The LOKUS group is checked against the kommun by the core.
    pub fn parse(&self) -> Result<ValidForfragan, FieldErrors> {
        let mut e = FieldErrors::new();
        let id = Uuid::parse_str(self.formular_id.trim()).ok();
        if id.is_none() {
            e.add(
                "formular_id",
                "Formuläret är ofullständigt. Ladda om sidan och försök igen.",
            );
        }
        let typ = one(
            &self.typ,
            Typ::from_code,
            "typ",
            "Välj vad du vill ha hjälp med.",
            &mut e,
        );
        let kon = one(
            &self.kon,
            Kon::from_code,
            "kon",
            "Välj kvinna, man eller okänt.",
            &mut e,
        );
        let alder_okand = self.alder_okand.trim() == "ja";
        let alder = match (self.alder.trim(), alder_okand) {
            ("", true) => None,
            ("", false) => {
                e.add(
                    "alder",
                    "Skriv personens ålder i hela år, eller kryssa i ”Vet ej”.",
                );
                None
            }
            (_, true) => {
                e.add(
                    "alder",
                    "Skriv en ålder eller kryssa i ”Vet ej”, inte båda.",
                );
                None
            }
            (v, false) => match v.parse::<i32>() {
                Ok(a) if crate::arende_form::ALDER.contains(&a) => Some(a),
                Ok(_) => {
                    e.add("alder", "Åldern ska vara mellan 0 och 120 år.");
                    None
                }
                Err(_) => {
                    e.add("alder", "Skriv åldern i hela år, till exempel 34.");
                    None
                }
            },
        };
        let bostadskommun = match self.bostadskommun.trim() {
            v if v.len() == 4 && v.chars().all(|c| c.is_ascii_digit()) => Some(v.to_string()),
            "" => {
                e.add("bostadskommun", "Välj personens bostadskommun.");
                None
            }
            _ => {
                e.add("bostadskommun", "Välj en kommun i listan.");
                None
            }
        };
        let lokus = match self.lokus.trim() {
            "" => None,
            v => match Uuid::parse_str(v) {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add("lokus", "Välj en LOKUS-grupp i listan.");
                    None
                }
            },
        };
        let ersattning = codes(
            &self.ersattning,
            Ersattning::from_code,
            "ersattning",
            "ersättning",
            &mut e,
        );
        let kontakt_parter = codes(
            &self.kontakt_part,
            Part::from_code,
            "kontakt_part",
            "part",
            &mut e,
        );
        let fraga = checked_text(&self.fraga, FRAGA_MAX, "fraga", &mut e);
        if fraga.is_empty() && e.get("fraga").is_none() {
            e.add("fraga", "Beskriv kort vad du behöver hjälp med.");
        }
        let provat = checked_text(&self.provat, PROVAT_MAX, "provat", &mut e);
        let bradska = one(
            &self.bradska,
            Bradska::from_code,
            "bradska",
            "Välj hur brådskande det är.",
            &mut e,
        );
        let samtycke = one(
            &self.samtycke,
            SamtyckeStatus::from_code,
            "samtycke",
            "Välj vilket samtycke som finns.",
            &mut e,
        );
        let samtycke_parter = codes(
            &self.samtycke_part,
            Part::from_code,
            "samtycke_part",
            "part",
            &mut e,
        );
        if samtycke.is_some_and(|s| s != SamtyckeStatus::Inget) && samtycke_parter.is_empty() {
            e.add("samtycke_part", "Välj vilka parter samtycket gäller.");
        }
        if samtycke == Some(SamtyckeStatus::Inget) && !samtycke_parter.is_empty() {
            e.add(
                "samtycke_part",
                "Utan samtycke gäller det inga parter. Ta bort kryssen eller välj samtycke.",
            );
        }
        let svarssatt = one(
            &self.svarssatt,
            Svarssatt::from_code,
            "svarssatt",
            "Välj hur du vill få svar.",
            &mut e,
        );
        match (id, typ, kon, bostadskommun, bradska, samtycke, svarssatt) {
            (
                Some(id),
                Some(typ),
                Some(kon),
                Some(bostadskommun),
                Some(bradska),
                Some(samtycke),
                Some(svarssatt),
            ) if e.is_empty() => Ok(ValidForfragan {
                id,
                typ,
                kon,
                alder,
                bostadskommun,
                lokus,
                ersattning,
                kontakt_parter,
                fraga,
                provat,
                bradska,
                samtycke,
                samtycke_parter,
                svarssatt,
            }),
            _ => Err(e),
        }
    }
}

/// A checked request, ready to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidForfragan {
    pub id: Uuid,
    pub typ: Typ,
    pub kon: Kon,
    pub alder: Option<i32>,
    pub bostadskommun: String,
    pub lokus: Option<Uuid>,
    pub ersattning: Vec<Ersattning>,
    pub kontakt_parter: Vec<Part>,
    pub fraga: String,
    pub provat: String,
    pub bradska: Bradska,
    pub samtycke: SamtyckeStatus,
    pub samtycke_parter: Vec<Part>,
    pub svarssatt: Svarssatt,
}

/// The usual criterion: the person is in contact with at least two of the parties. Said, not
/// enforced.
pub fn meets_two_parties(kontakt: &[Part]) -> bool {
    kontakt.len() >= 2
}

/// A coordinator's decline as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct AvbojForm {
    pub orsak: String,
    pub text: String,
}

impl AvbojForm {
    /// The reason, and the explanation for the sender (required for "annat").
    pub fn parse(&self) -> Result<(AvbojdOrsak, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let orsak = one(
            &self.orsak,
            AvbojdOrsak::from_code,
            "orsak",
            "Välj varför förfrågan avböjs.",
            &mut e,
        );
        let text = checked_text(&self.text, AVBOJD_TEXT_MAX, "text", &mut e);
        if orsak == Some(AvbojdOrsak::Annat) && text.is_empty() && e.get("text").is_none() {
            e.add("text", "Förklara för handläggaren varför förfrågan avböjs.");
        }
        match orsak {
            Some(o) if e.is_empty() => Ok((o, text)),
            _ => Err(e),
        }
    }
}

/// An answer the coordinator writes for the handläggare (not the coordinator's own notes).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SvarForm {
    pub svar: String,
}

impl SvarForm {
    pub fn parse(&self) -> Result<String, FieldErrors> {
        let mut e = FieldErrors::new();
        let text = checked_text(&self.svar, SVAR_MAX, "svar", &mut e);
        if text.is_empty() && e.get("svar").is_none() {
            e.add("svar", "Skriv svaret till handläggaren.");
        }
        if e.is_empty() { Ok(text) } else { Err(e) }
    }
}

/// Forwarding to another LOKUS group of the förbund.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct VidareForm {
    pub lokus: String,
}

impl VidareForm {
    pub fn parse(&self) -> Result<Uuid, FieldErrors> {
        Uuid::parse_str(self.lokus.trim())
            .map_err(|_| FieldErrors::single("lokus", "Välj den LOKUS-grupp som ska ta över."))
    }
}

/// Free text of a de-identified request: trimmed, at most `max` characters, no control
/// characters, no personnummer and no obvious names.
pub fn checked_text(input: &str, max: usize, field: &'static str, e: &mut FieldErrors) -> String {
    let v = input.trim().to_string();
    if v.chars().count() > max {
        e.add(
            field,
            format!(
                "Texten får vara högst {max} tecken (nu {}).",
                v.chars().count()
            ),
        );
    } else if has_control_chars(&v) {
        e.add(field, CONTROL_CHARACTERS);
    } else if contains_personnummer(&v) {
        e.add(
            field,
            "Texten innehåller något som liknar ett personnummer eller samordningsnummer. \
             Förfrågan är avidentifierad: ta bort numret.",
        );
    } else if let Some(name) = obvious_name(&v) {
        e.add(
            field,
            format!(
                "Texten ser ut att innehålla ett namn (”{name}”). Förfrågan är avidentifierad: \
                 skriv inga namn."
            ),
        );
    }
    v
}

fn one<T>(
    input: &str,
    from_code: fn(&str) -> Option<T>,
    field: &'static str,
    message: &str,
    e: &mut FieldErrors,
) -> Option<T> {
    let v = from_code(input.trim());
    if v.is_none() {
        e.add(field, message.to_string());
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ForfraganForm {
        ForfraganForm {
            formular_id: Uuid::now_v7().to_string(),
            typ: "lotsning".into(),
            kon: "kvinna".into(),
            alder: "34".into(),
            bostadskommun: "9901".into(),
            ersattning: vec!["sjukpenning".into()],
            kontakt_part: vec!["fk".into(), "region".into()],
            fraga: "Behöver hjälp att få kontakt med psykiatrin.".into(),
            bradska: "normal".into(),
            samtycke: "muntligt_dokumenterat".into(),
            samtycke_part: vec!["fk".into(), "region".into()],
            svarssatt: "lotsen".into(),
            ..ForfraganForm::default()
        }
    }

    #[test]
    fn a_complete_request_parses() {
        let v = good().parse().expect("valid");
        assert_eq!(v.typ, Typ::Lotsning);
        assert_eq!(v.alder, Some(34));
        assert_eq!(v.kontakt_parter, vec![Part::Fk, Part::Region]);
        assert!(meets_two_parties(&v.kontakt_parter));
    }

    #[test]
    fn age_is_a_number_or_vet_ej() {
        let mut f = good();
        f.alder = String::new();
        assert!(f.parse().unwrap_err().get("alder").is_some());
        f.alder_okand = "ja".into();
        assert_eq!(f.parse().expect("vet ej").alder, None);
        f.alder = "40".into();
        assert!(f.parse().unwrap_err().get("alder").is_some());
    }

    #[test]
    fn free_text_refuses_personnummer_and_names() {
        let mut f = good();
        f.fraga = "Gäller 19850312-1234".into();
        assert!(f.parse().unwrap_err().get("fraga").is_some());
        f.fraga = "Gäller Anna Svensson".into();
        let e = f.parse().unwrap_err();
        assert!(e.get("fraga").is_some_and(|m| m.contains("namn")));
        f.fraga = "Ok".into();
        f.provat = "Pratat med 850312 1234".into();
        assert!(f.parse().unwrap_err().get("provat").is_some());
    }

    #[test]
    fn consent_needs_its_parties() {
        let mut f = good();
        f.samtycke_part.clear();
        assert!(f.parse().unwrap_err().get("samtycke_part").is_some());
        f.samtycke = "inget".into();
        assert!(f.parse().is_ok());
        f.samtycke_part = vec!["af".into()];
        assert!(f.parse().unwrap_err().get("samtycke_part").is_some());
    }

    #[test]
    fn every_required_choice_has_a_message() {
        let e = ForfraganForm::default().parse().unwrap_err();
        for field in [
            "formular_id",
            "typ",
            "kon",
            "alder",
            "bostadskommun",
            "fraga",
            "bradska",
            "samtycke",
            "svarssatt",
        ] {
            assert!(e.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn declining_for_annat_needs_a_text() {
        let f = AvbojForm {
            orsak: "annat".into(),
            text: String::new(),
        };
        assert!(f.parse().unwrap_err().get("text").is_some());
        let f = AvbojForm {
            orsak: "ej_malgrupp".into(),
            text: String::new(),
        };
        assert_eq!(f.parse().expect("ok").0, AvbojdOrsak::EjMalgrupp);
    }
}
