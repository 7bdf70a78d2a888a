//! What an edit changed, for the timeline ("Kön: okänt → kvinna"): the intake fields before and
//! after as labelled values, read with one query, compared field by field. The description's
//! text is never repeated (it is free text); the timeline only says it changed.

use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::arende::{Ersattning, Kanal, Kon, Malgrupp, Samverkansproblem};
use time::Date;
use uuid::Uuid;

/// The intake fields as the timeline names them.
#[derive(sqlx::FromRow)]
struct Fields {
    inkom: Date,
    kanal: Option<Kanal>,
    avsandare: String,
    handlaggare: Option<String>,
    kon: Kon,
    alder: Option<i32>,
    bostadskommun: Option<String>,
    samverkansproblem: Option<Samverkansproblem>,
    ersattning: Vec<Ersattning>,
    malgrupper: Vec<Malgrupp>,
    beskrivning: String,
}

const DESCRIPTION: &str = "Beskrivning";

/// The ärende's intake fields as (label, value) pairs.
pub(crate) async fn snapshot(
    tx: &mut Tx,
    forbund: Uuid,
    id: Uuid,
) -> CoreResult<Vec<(&'static str, String)>> {
    let f = sqlx::query_as::<_, Fields>(
        "select a.inkom, a.kanal, concat_ws(' – ', o.namn, e.namn) as avsandare, h.kod::text as handlaggare, \
                a.kon, a.alder, k.namn as bostadskommun, a.samverkansproblem, a.ersattning, \
                a.malgrupper, md5(a.beskrivning) as beskrivning \
         from arende a \
         left join organisation o on o.forbund_id = a.forbund_id and o.organisation_id = a.organisation_id \
         left join enhet e on e.forbund_id = a.forbund_id and e.enhet_id = a.enhet_id \
         left join handlaggare h on h.forbund_id = a.forbund_id and h.handlaggare_id = a.handlaggare_id \
         left join kommun k on k.kod = a.bostadskommun \
         where a.forbund_id = $1 and a.arende_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    let none = || "–".to_string();
    Ok(vec![
        ("Inkom", f.inkom.to_string()),
        (
            "Kanal",
            f.kanal.map(|k| lower(k.label())).unwrap_or_else(none),
        ),
        ("Avsändare", f.avsandare),
        ("Handläggarkod", f.handlaggare.unwrap_or_else(none)),
        ("Kön", lower(f.kon.label())),
        (
            "Ålder",
            f.alder
                .map(|a| a.to_string())
                .unwrap_or_else(|| "okänd".into()),
        ),
        ("Bostadskommun", f.bostadskommun.unwrap_or_else(none)),
        (
            "Samverkansproblem",
            f.samverkansproblem
                .map(|s| lower(s.label()))
                .unwrap_or_else(|| "inte bedömt".into()),
        ),
        ("Ersättning", list(f.ersattning.iter().map(|e| e.label()))),
        ("Målgrupp", list(f.malgrupper.iter().map(|m| m.label()))),
        (DESCRIPTION, f.beskrivning),
    ])
}

fn lower(label: &str) -> String {
    let mut c = label.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn list<'a>(labels: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<String> = labels.map(lower).collect();
    if all.is_empty() {
        "–".into()
    } else {
        all.join(", ")
    }
}

/// "Kön: okänt → kvinna; Ålder: okänd → 34", at most 2 000 characters (the timeline's limit).
pub(crate) fn describe(before: &[(&str, String)], after: &[(&str, String)]) -> String {
    let parts: Vec<String> = before
        .iter()
        .zip(after)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((label, a), (_, b))| {
            if *label == DESCRIPTION {
                "Beskrivningen ändrades".to_string()
            } else {
                format!("{label}: {a} → {b}")
            }
        })
        .collect();
    let text = if parts.is_empty() {
        "Inga uppgifter ändrades".to_string()
    } else {
        parts.join("; ")
    };
    text.chars().take(2000).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(kon: &str, alder: &str, beskrivning: &str) -> Vec<(&'static str, String)> {
        vec![
            ("Kön", kon.into()),
            ("Ålder", alder.into()),
            (DESCRIPTION, beskrivning.into()),
        ]
    }

    #[test]
    fn names_each_changed_field_with_before_and_after() {
        assert_eq!(
            describe(&fields("okänt", "okänd", "a"), &fields("kvinna", "34", "a")),
            "Kön: okänt → kvinna; Ålder: okänd → 34"
        );
    }

    #[test]
    fn never_repeats_the_description() {
        assert_eq!(
            describe(&fields("man", "40", "h1"), &fields("man", "40", "h2")),
            "Beskrivningen ändrades"
        );
        assert_eq!(
            describe(&fields("man", "40", "h1"), &fields("man", "40", "h1")),
            "Inga uppgifter ändrades"
        );
    }

    #[test]
    fn labels_start_in_lower_case() {
        assert_eq!(lower("Okänt"), "okänt");
        assert_eq!(
            list(["Sjukpenning", "A-kassa"].into_iter()),
            "sjukpenning, a-kassa"
        );
        assert_eq!(list(std::iter::empty()), "–");
    }
}
