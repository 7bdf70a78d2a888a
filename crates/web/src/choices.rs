//! Choices for selects, radios and checkboxes, and lists of Swedish labels: shared by every
//! feature's forms and views. Codes are decoded into the domain's enums at the query
//! boundary, so views ask the enum for its label.

use lotsen_domain::Part;
use lotsen_domain::arende::{
    Atgard, Avslut, Ersattning, Kanal, Kon, Malgrupp, Samverkansproblem, Status,
};
use lotsen_domain::forfragan;

/// An option of a select built from data (a group, a unit, a period): its value, label and
/// whether it is chosen.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Options under a heading (`<optgroup>`).
pub struct OptGroup {
    pub label: String,
    pub options: Vec<Opt>,
}

/// A code with its label and whether it is chosen, for selects, radios and checkboxes.
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub checked: bool,
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: impl Fn(&str) -> bool,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            code: code(*v),
            label: label(*v),
            hint: "",
            checked: chosen(code(*v)),
        })
        .collect()
}

/// Checkboxes of a code list, those in `chosen` checked.
pub fn code_checks<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: &[&str],
) -> Vec<Choice> {
    choices(all, code, label, |c| chosen.contains(&c))
}

/// A select's options from a code list, `chosen` selected.
pub fn code_options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: &str,
) -> Vec<Opt> {
    all.iter()
        .map(|v| Opt {
            value: code(*v).into(),
            label: label(*v).into(),
            selected: code(*v) == chosen,
        })
        .collect()
}

pub fn kon_choices(chosen: &str) -> Vec<Choice> {
    choices(Kon::ALL, Kon::code, Kon::label, |c| c == chosen)
}
pub fn kanal_choices(chosen: &str) -> Vec<Choice> {
    choices(Kanal::ALL, Kanal::code, Kanal::label, |c| c == chosen)
}
pub fn ersattning_choices(chosen: &[String]) -> Vec<Choice> {
    choices(Ersattning::ALL, Ersattning::code, Ersattning::label, |c| {
        chosen.iter().any(|x| x == c)
    })
}
pub fn malgrupp_choices(chosen: &[String]) -> Vec<Choice> {
    choices(Malgrupp::ALL, Malgrupp::code, Malgrupp::label, |c| {
        chosen.iter().any(|x| x == c)
    })
}
pub fn problem_choices(chosen: &str) -> Vec<Choice> {
    Samverkansproblem::ALL
        .iter()
        .map(|p| Choice {
            code: p.code(),
            label: p.label(),
            hint: p.explanation(),
            checked: p.code() == chosen,
        })
        .collect()
}
pub fn status_choices(chosen: &str) -> Vec<Choice> {
    choices(Status::ALL, Status::code, Status::label, |c| c == chosen)
}
pub fn part_choices(chosen: &str) -> Vec<Choice> {
    choices(&Part::ALL, Part::code, Part::label, |c| c == chosen)
}
/// The actions a coordinator records by hand (the SIP actions follow the SIP record).
pub fn atgard_choices(chosen: &str) -> Vec<Choice> {
    let manual: Vec<Atgard> = Atgard::ALL
        .iter()
        .copied()
        .filter(|a| !a.follows_sip_record())
        .collect();
    choices(&manual, Atgard::code, Atgard::label, |c| c == chosen)
}
pub fn avslut_choices(chosen: &str) -> Vec<Choice> {
    choices(Avslut::ALL, Avslut::code, Avslut::label, |c| c == chosen)
}

/// The labels of several decoded values, joined; `–` when there are none.
pub fn label_list<T: Copy>(values: &[T], label: fn(T) -> &'static str) -> String {
    if values.is_empty() {
        return "–".into();
    }
    let v: Vec<&str> = values.iter().map(|x| label(*x)).collect();
    v.join(", ")
}

/// The parties as checkboxes (several may be chosen).
pub fn parts_choices(chosen: &[String]) -> Vec<Choice> {
    choices(&Part::ALL, Part::code, Part::label, |c| {
        chosen.iter().any(|x| x == c)
    })
}
pub fn forfragan_typ_choices(chosen: &str) -> Vec<Choice> {
    choices(
        forfragan::Typ::ALL,
        forfragan::Typ::code,
        forfragan::Typ::label,
        |c| c == chosen,
    )
}
pub fn bradska_choices(chosen: &str) -> Vec<Choice> {
    choices(
        forfragan::Bradska::ALL,
        forfragan::Bradska::code,
        forfragan::Bradska::label,
        |c| c == chosen,
    )
}
pub fn samtycke_status_choices(chosen: &str) -> Vec<Choice> {
    choices(
        forfragan::SamtyckeStatus::ALL,
        forfragan::SamtyckeStatus::code,
        forfragan::SamtyckeStatus::label,
        |c| c == chosen,
    )
}
pub fn svarssatt_choices(chosen: &str) -> Vec<Choice> {
    choices(
        forfragan::Svarssatt::ALL,
        forfragan::Svarssatt::code,
        forfragan::Svarssatt::label,
        |c| c == chosen,
    )
}
pub fn avbojd_choices(chosen: &str) -> Vec<Choice> {
    choices(
        forfragan::AvbojdOrsak::ALL,
        forfragan::AvbojdOrsak::code,
        forfragan::AvbojdOrsak::label,
        |c| c == chosen,
    )
}
