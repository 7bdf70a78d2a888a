//! Templates of the participant pages: the queue and participant list, the inskrivning form,
//! one participant, the utskrivning form and the measurement form (follow-up or correction).

use crate::choices::{Choice, Opt, code_checks as choices, code_options};
use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::deltagare::{DeltagareLista, DeltagareView, InsatsRef, MatningView};
use lotsen_domain::FieldErrors;
use lotsen_domain::Part;
use lotsen_domain::arende::Kon;
use lotsen_domain::deltagare::{
    AktivitetTyp, Avslutsanledning, Forsorjningskalla, Kalla, Motestyp, Sysselsattning,
    TidOffentlig, Tillfalle, Utbildningsniva,
};
use lotsen_domain::deltagare_form::{Fields, fors_field, syss_field};
use lotsen_domain::samtycke::SamtyckeForm;
use uuid::Uuid;

/// One omfattning field of a measurement: the code's label and the typed value.
pub struct OmfRow {
    pub name: String,
    pub label: &'static str,
    pub value: String,
}

/// The fields of a measurement, filled from the form as typed.
pub struct MatningFields {
    pub fors: Vec<OmfRow>,
    pub syss: Vec<OmfRow>,
    /// The baseline also asks for education and time on offentlig försörjning.
    pub full: bool,
    pub utbildning: Vec<Opt>,
    pub tid_offentlig: Vec<Opt>,
    pub sjalvskattning: String,
}

impl MatningFields {
    pub fn of(f: &Fields, full: bool) -> MatningFields {
        let opts = |all: Vec<(&'static str, &'static str)>, chosen: &str| {
            all.into_iter()
                .map(|(v, l)| Opt {
                    value: v.into(),
                    label: l.into(),
                    selected: v == chosen,
                })
                .collect()
        };
        MatningFields {
            fors: Forsorjningskalla::ALL
                .iter()
                .map(|k| OmfRow {
                    name: fors_field(*k),
                    label: k.label(),
                    value: f.get(&fors_field(*k)).to_string(),
                })
                .collect(),
            syss: Sysselsattning::ALL
                .iter()
                .map(|k| OmfRow {
                    name: syss_field(*k),
                    label: k.label(),
                    value: f.get(&syss_field(*k)).to_string(),
                })
                .collect(),
            full,
            utbildning: opts(
                Utbildningsniva::ALL
                    .iter()
                    .map(|u| (u.code(), u.label()))
                    .collect(),
                f.get("utbildning"),
            ),
            tid_offentlig: opts(
                TidOffentlig::ALL
                    .iter()
                    .map(|u| (u.code(), u.label()))
                    .collect(),
                f.get("tid_offentlig"),
            ),
            sjalvskattning: f.get("sjalvskattning").to_string(),
        }
    }

    /// The form's fields prefilled with a stored measurement (for a correction).
    pub fn fields_of(m: &MatningView) -> Fields {
        let mut v = vec![("datum".to_string(), m.datum.to_string())];
        for (k, o) in &m.forsorjning {
            v.push((fors_field(*k), o.to_string()));
        }
        for (k, o) in &m.sysselsattning {
            v.push((syss_field(*k), o.to_string()));
        }
        if let Some(u) = m.utbildning {
            v.push(("utbildning".into(), u.code().into()));
        }
        if let Some(t) = m.tid_offentlig {
            v.push(("tid_offentlig".into(), t.code().into()));
        }
        if let Some(s) = m.sjalvskattning {
            v.push(("sjalvskattning".into(), s.to_string()));
        }
        Fields(v)
    }
}

/// "Kvinna, född 1990, Stenbäck" — what the queue and the page say of a person.
pub fn person_text(kon: Kon, fodelsear: Option<i32>, kommun: Option<&str>) -> String {
    let mut s = kon.label().to_string();
    if let Some(y) = fodelsear {
        s.push_str(&format!(", född {y}"));
    }
    if let Some(k) = kommun {
        s.push_str(&format!(", {k}"));
    }
    s
}

/// A measurement as a short text: "Sjukpenning 100 %; Ingen sysselsättning 100 %".
pub fn matning_text(m: &MatningView) -> (String, String) {
    let fors = m
        .forsorjning
        .iter()
        .map(|(k, o)| format!("{} {o} %", k.label()))
        .collect::<Vec<_>>()
        .join(", ");
    let syss = m
        .sysselsattning
        .iter()
        .map(|(k, o)| format!("{} {o} %", k.label()))
        .collect::<Vec<_>>()
        .join(", ");
    (fors, syss)
}

#[derive(Template, WebTemplate)]
#[template(path = "deltagare/list.html")]
pub struct ListPage {
    pub page: PageCtx,
    pub flash: Option<&'static str>,
    pub l: DeltagareLista,
    pub coach_options: Vec<Opt>,
}

impl ListPage {
    pub fn person(&self, kon: &Kon, ar: &Option<i32>, kommun: &Option<String>) -> String {
        person_text(*kon, *ar, kommun.as_deref())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "deltagare/inskriv.html")]
pub struct EnrolPage {
    pub page: PageCtx,
    pub insats: InsatsRef,
    /// The form's action.
    pub action: String,
    pub from_queue: bool,
    pub ko_datum: String,
    pub form: Fields,
    pub errors: FieldErrors,
    pub kon: Vec<Choice>,
    pub kalla: Vec<Choice>,
    pub kommuner: Vec<Opt>,
    pub samtycke_form: Vec<Choice>,
    pub manader: Vec<Choice>,
    pub matning: MatningFields,
}

impl EnrolPage {
    pub fn choices_kon(chosen: &str) -> Vec<Choice> {
        choices(Kon::ALL, Kon::code, Kon::label, &[chosen])
    }
    pub fn choices_kalla(chosen: &str) -> Vec<Choice> {
        choices(
            &[Kalla::Direkt, Kalla::Overford],
            Kalla::code,
            Kalla::label,
            &[chosen],
        )
    }
    pub fn choices_samtycke_form(chosen: &str) -> Vec<Choice> {
        choices(
            SamtyckeForm::ALL,
            SamtyckeForm::code,
            SamtyckeForm::label,
            &[chosen],
        )
    }
    pub fn choices_manader(chosen: &str) -> Vec<Choice> {
        [
            ("0", "Ingen uppföljning efter avslut"),
            ("3", "3 månader"),
            ("6", "6 månader"),
            ("12", "12 månader"),
        ]
        .into_iter()
        .map(|(code, label)| Choice {
            code,
            label,
            hint: "",
            checked: code == chosen,
        })
        .collect()
    }
}

/// A line of the participant's timeline, as shown.
pub struct TimelineRow {
    pub datum: String,
    pub rubrik: String,
    pub detalj: String,
    pub anteckning: String,
}

/// A measurement row, as shown.
pub struct MatningRow {
    pub id: Uuid,
    pub tillfalle: &'static str,
    pub datum: String,
    pub forsorjning: String,
    pub sysselsattning: String,
    pub ovrigt: String,
    pub ersatt: bool,
}

/// A follow-up row, as shown.
pub struct UppfoljningRow {
    pub tillfalle: &'static str,
    pub code: &'static str,
    pub forfaller: String,
    pub gjord: bool,
    pub due: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "deltagare/show.html")]
pub struct ShowPage {
    pub page: PageCtx,
    pub flash: Option<&'static str>,
    pub kod: String,
    pub insats_namn: String,
    pub agare: String,
    pub d: DeltagareView,
    pub person: String,
    pub status: &'static str,
    pub kalla: String,
    pub avslut: String,
    pub mottagande_part: String,
    pub samtycke: bool,
    pub matningar: Vec<MatningRow>,
    pub uppfoljningar: Vec<UppfoljningRow>,
    pub timeline: Vec<TimelineRow>,
    pub form: Fields,
    pub errors: FieldErrors,
    pub typer: Vec<Choice>,
    pub motestyper: Vec<Opt>,
    pub parter: Vec<Choice>,
    pub ersattare: Vec<Opt>,
    pub today: String,
}

impl ShowPage {
    /// The form's value, or today's date when the form is fresh.
    pub fn or_today(&self, name: &str) -> String {
        match self.form.get(name) {
            "" if self.errors.is_empty() => self.today.clone(),
            v => v.to_string(),
        }
    }

    pub fn choices_typ(chosen: &str) -> Vec<Choice> {
        choices(
            AktivitetTyp::ALL,
            AktivitetTyp::code,
            AktivitetTyp::label,
            &[chosen],
        )
    }
    pub fn options_motestyp(chosen: &str) -> Vec<Opt> {
        code_options(Motestyp::ALL, Motestyp::code, Motestyp::label, chosen)
    }
    pub fn choices_parter(chosen: &[&str]) -> Vec<Choice> {
        choices(&Part::ALL, Part::code, Part::label, chosen)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "deltagare/utskrivning.html")]
pub struct ExitPage {
    pub page: PageCtx,
    pub kod: String,
    pub id: Uuid,
    pub nummer: i32,
    pub samtycke: bool,
    pub form: Fields,
    pub errors: FieldErrors,
    pub anledningar: Vec<Opt>,
    pub parter: Vec<Opt>,
    pub matning: MatningFields,
}

impl ExitPage {
    pub fn options_anledning(chosen: &str) -> Vec<Opt> {
        code_options(
            Avslutsanledning::ALL,
            Avslutsanledning::code,
            Avslutsanledning::label,
            chosen,
        )
    }
    pub fn options_part(chosen: &str) -> Vec<Opt> {
        code_options(&Part::ALL, Part::code, Part::label, chosen)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "deltagare/matning.html")]
pub struct MatningPage {
    pub page: PageCtx,
    pub kod: String,
    pub id: Uuid,
    pub nummer: i32,
    /// The form's action.
    pub action: String,
    /// The occasion when it is fixed (a correction), else the follow-up choice.
    pub fixed: Option<&'static str>,
    pub tillfallen: Vec<Choice>,
    pub form: Fields,
    pub errors: FieldErrors,
    pub matning: MatningFields,
}

impl MatningPage {
    pub fn choices_tillfalle(chosen: &str) -> Vec<Choice> {
        choices(
            &Tillfalle::UPPFOLJNINGAR,
            Tillfalle::code,
            Tillfalle::label,
            &[chosen],
        )
    }
}
