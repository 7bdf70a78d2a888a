//! Choices for selects, radios and checkboxes, and Swedish labels for stored codes: shared by
//! every feature's forms and views.

use lotsen_domain::Part;
use lotsen_domain::arende::{
    Atgard, Avslut, Ersattning, Kanal, Kon, Malgrupp, Samverkansproblem, Status,
};

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
pub fn atgard_choices(chosen: &str) -> Vec<Choice> {
    choices(Atgard::ALL, Atgard::code, Atgard::label, |c| c == chosen)
}
pub fn avslut_choices(chosen: &str) -> Vec<Choice> {
    choices(Avslut::ALL, Avslut::code, Avslut::label, |c| c == chosen)
}

/// Labels for stored codes; an unknown code shows as itself rather than disappearing.
pub fn label<T: Copy>(
    code: &str,
    from_code: fn(&str) -> Option<T>,
    label: fn(T) -> &'static str,
) -> String {
    from_code(code)
        .map(label)
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

pub fn kon_label(code: &str) -> String {
    label(code, Kon::from_code, Kon::label)
}
pub fn part_label(code: &str) -> String {
    label(code, Part::from_code, Part::label)
}
pub fn status_label(code: &str) -> String {
    label(code, Status::from_code, Status::label)
}
pub fn problem_label(code: &str) -> String {
    label(code, Samverkansproblem::from_code, Samverkansproblem::label)
}

/// The labels of several stored codes, joined; `–` when there are none.
pub fn labels<T: Copy>(
    codes: &[String],
    from: fn(&str) -> Option<T>,
    label: fn(T) -> &'static str,
) -> String {
    let v: Vec<&str> = codes.iter().filter_map(|c| from(c).map(label)).collect();
    if v.is_empty() {
        "–".into()
    } else {
        v.join(", ")
    }
}
