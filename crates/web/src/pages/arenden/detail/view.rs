//! The ärende page's view: facts, timeline, and the panels (actions, LOKUS, status, consent, note) with the forms as typed. A feature that adds a panel (SIP, enrolments) adds its template under `templates/arenden/panels/` and its part of the view here.

use super::*;

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
    pub close_form: CloseForm,
    pub samtycke: Option<ConsentView>,
    pub identitet: Option<lotsen_core::arende::consent::IdentitetView>,
    pub samtycke_form: SamtyckeInput,
    pub samtycke_former: Vec<Choice>,
    pub samtycke_parter: Vec<Choice>,
    pub identitet_namn: String,
    pub identitet_personnummer: String,
    pub today: String,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
}

pub(super) fn rubrik(typ: &str, kod: Option<&str>, text: &str) -> String {
    match typ {
        "atgard" => kod
            .and_then(Atgard::from_code)
            .map(Atgard::label)
            .unwrap_or("Åtgärd")
            .to_string(),
        "skapad" => "Ärendet registrerades".into(),
        "andrad" => "Ärendet ändrades".into(),
        "status" => format!("Status: {text}"),
        "flaggad" => "Lyft till LOKUS".into(),
        "avflaggad" => "Inte längre lyft till LOKUS".into(),
        "avslutad" => format!("Avslutat: {text}"),
        "ateroppnad" => "Återöppnat".into(),
        "anteckning" => "Anteckning".into(),
        "samtycke" => format!("Samtycke registrerat ({})", text.to_lowercase()),
        "samtycke_aterkallat" => "Samtycke återkallat – namn och personnummer är raderade".into(),
        "importerad" => "Ärendet importerades".into(),
        "lokus_beslut" => "Beslut i LOKUS".into(),
        other => other.to_string(),
    }
}

pub(super) async fn show_page(
    state: &AppState,
    s: &LoadedSession,
    id: Uuid,
    errors: FieldErrors,
    forms: Forms,
) -> AppResult<ArendeShowPage> {
    let Forms {
        atgard: atgard_form,
        close: close_form,
        samtycke: samtycke_form,
        identitet_namn,
        identitet_personnummer,
    } = forms;
    let view = detail::get(&state.db, &s.ctx, id).await?;
    let a = view.arende;
    let samtycke = view.samtycke.map(|c| ConsentView {
        datum: c.datum.to_string(),
        form: SamtyckeForm::from_code(&c.form)
            .map(SamtyckeForm::label)
            .unwrap_or("")
            .to_string(),
        parter: c
            .parter
            .iter()
            .map(|p| part_label(p))
            .collect::<Vec<_>>()
            .join(", "),
        omfattning: c.omfattning,
    });
    let identitet_namn = if identitet_namn.is_empty() {
        view.identitet
            .as_ref()
            .map(|i| i.namn.clone())
            .unwrap_or_default()
    } else {
        identitet_namn
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "–".into());
    let avsandare = match (&a.organisation, &a.enhet) {
        (Some(o), Some(e)) => format!("{o} – {e}"),
        (Some(o), None) => o.clone(),
        _ => "–".into(),
    };
    let facts = vec![
        Fact {
            term: "LOKUS-grupp",
            value: format!("{} – {}", a.lokus_kod, a.lokus_namn),
        },
        Fact {
            term: "Inkom",
            value: a.inkom.to_string(),
        },
        Fact {
            term: "Kanal",
            value: a.kanal.map(Kanal::label).unwrap_or("–").into(),
        },
        Fact {
            term: "Part",
            value: a.part.label().into(),
        },
        Fact {
            term: "Avsändare",
            value: avsandare,
        },
        Fact {
            term: "Handläggare",
            value: opt(&a.handlaggare),
        },
        Fact {
            term: "Kön",
            value: a.kon.label().into(),
        },
        Fact {
            term: "Ålder",
            value: a
                .alder
                .map(|x| format!("{x} år"))
                .unwrap_or_else(|| "Okänd".into()),
        },
        Fact {
            term: "Bostadskommun",
            value: opt(&a.bostadskommun_namn),
        },
        Fact {
            term: "Ersättning",
            value: labels(&a.ersattning, Ersattning::from_code, Ersattning::label),
        },
        Fact {
            term: "Målgrupper",
            value: labels(&a.malgrupper, Malgrupp::from_code, Malgrupp::label),
        },
        Fact {
            term: "Samverkansproblem",
            value: a
                .samverkansproblem
                .map(|p| p.label().to_string())
                .unwrap_or_else(|| "Inte bedömt".into()),
        },
        Fact {
            term: "Avslut",
            value: match (a.avslut, a.avslutad_datum) {
                (Some(avslut), Some(d)) => format!("{} ({d})", avslut.label()),
                _ => "–".into(),
            },
        },
    ];
    let mut mal = vec![MalOption {
        value: String::new(),
        label: "Ingen särskild".into(),
        selected: atgard_form.mal.is_empty(),
    }];
    for p in Part::ALL {
        let value = format!("part:{}", p.code());
        mal.push(MalOption {
            selected: atgard_form.mal == value,
            value,
            label: format!("{} (part)", p.label()),
        });
    }
    for o in &view.organisationer {
        let value = Avsandare::Organisation(o.organisation_id).value();
        mal.push(MalOption {
            selected: atgard_form.mal == value,
            value,
            label: o.namn.clone(),
        });
    }
    let today = a.idag.to_string();
    let atgard_form = AtgardForm {
        datum: if atgard_form.datum.is_empty() {
            today.clone()
        } else {
            atgard_form.datum
        },
        ..atgard_form
    };
    let close_form = CloseForm {
        avslutad_datum: if close_form.avslutad_datum.is_empty() {
            today.clone()
        } else {
            close_form.avslutad_datum
        },
        ..close_form
    };
    Ok(ArendeShowPage {
        page: PageCtx::new(s, "/arenden", format!("Ärende {}", a.nummer)),
        id,
        status_label: a.status.label().into(),
        closed: a.status == lotsen_domain::arende::Status::Avslutad,
        status: a.status.code().into(),
        flaggad: a.flaggad,
        fraga: a.lokus_fraga.clone().unwrap_or_default(),
        flaggad_datum: a.flaggad_datum.map(|d| d.to_string()).unwrap_or_default(),
        problem_forklaring: a
            .samverkansproblem
            .map(|p| p.explanation())
            .unwrap_or("")
            .into(),
        beskrivning: a.beskrivning.clone(),
        nummer: a.nummer.clone(),
        facts,
        timeline: view
            .timeline
            .into_iter()
            .map(|t| TimelineRow {
                datum: t.datum.to_string(),
                rubrik: rubrik(&t.typ, t.kod.as_deref(), &t.text),
                mal: t.mal,
                text: if matches!(t.typ.as_str(), "status" | "avslutad") {
                    String::new()
                } else {
                    t.text
                },
                av: t.av.unwrap_or_else(|| "–".into()),
                registrerad: t.registrerad,
            })
            .collect(),
        atgarder: atgard_choices(&atgard_form.kod),
        avslut: avslut_choices(&close_form.avslut),
        mal,
        atgard_form,
        close_form,
        samtycke,
        identitet: view.identitet,
        samtycke_former: SamtyckeForm::ALL
            .iter()
            .map(|f| Choice {
                code: f.code(),
                label: f.label(),
                hint: "",
                checked: samtycke_form.form == f.code(),
            })
            .collect(),
        samtycke_parter: Part::ALL
            .iter()
            .map(|p| Choice {
                code: p.code(),
                label: p.label(),
                hint: "",
                checked: samtycke_form.covers(p.code()),
            })
            .collect(),
        samtycke_form: SamtyckeInput {
            datum: if samtycke_form.datum.is_empty() {
                today.clone()
            } else {
                samtycke_form.datum.clone()
            },
            ..samtycke_form
        },
        identitet_namn,
        identitet_personnummer,
        today,
        errors,
        flash: None,
    })
}
