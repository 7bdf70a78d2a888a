//! Codes and kommuner of a row, and the row's stable hash. (The remitting organisation and
//! unit are found by `lotsen_domain::avsandare::resolve`.)

use super::*;

pub(super) fn parse_part(v: &str) -> Option<Part> {
    let v = v.trim();
    Part::ALL
        .into_iter()
        .find(|p| p.code().eq_ignore_ascii_case(v) || p.label().to_lowercase() == v.to_lowercase())
}

pub(super) fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> String {
    all.iter().map(|c| code(*c)).collect::<Vec<_>>().join(", ")
}

/// A `|`-separated list of codes or labels, sorted and without repeats.
pub(super) fn multi<T: Copy + Ord>(
    input: &str,
    parse: fn(&str) -> Option<T>,
    all: &[T],
    code: fn(T) -> &'static str,
    what: &str,
) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for v in input.split('|').map(str::trim).filter(|v| !v.is_empty()) {
        match parse(v) {
            Some(c) => out.push(c),
            None => unknown.push(format!("\"{v}\"")),
        }
    }
    if !unknown.is_empty() {
        return Err(format!(
            "Okänd {what} {}. Giltiga koder (åtskilda med |): {}.",
            unknown.join(", "),
            codes(all, code)
        ));
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// A kommun by SCB code or name (also "Namn kommun" and "Namns kommun").
pub(super) fn find_kommun(refs: &Refs, v: &str) -> Option<String> {
    if v.len() == 4 && v.chars().all(|c| c.is_ascii_digit()) {
        return refs.kommun_by_code.contains_key(v).then(|| v.to_string());
    }
    let k = key(v);
    if let Some(code) = refs.kommun_by_name.get(&k) {
        return Some(code.clone());
    }
    let stem = k.strip_suffix(" kommun")?;
    refs.kommun_by_name
        .get(stem)
        .or_else(|| {
            stem.strip_suffix('s')
                .and_then(|s| refs.kommun_by_name.get(s))
        })
        .cloned()
}

/// The row's content in a fixed form: the same ärende written with labels or codes, in
/// another column order or with another separator reads the same.
pub(super) fn canonical(r: &ValidRow, enhet_cell: &str) -> String {
    fn join<T: Copy>(v: &[T], code: fn(T) -> &'static str) -> String {
        v.iter().map(|c| code(*c)).collect::<Vec<_>>().join("|")
    }
    let fields = [
        r.inkom.to_string(),
        r.part.code().to_string(),
        key(enhet_cell),
        r.handlaggare.clone().unwrap_or_default(),
        r.kon.code().to_string(),
        r.alder.map(|a| a.to_string()).unwrap_or_default(),
        r.bostadskommun.clone().unwrap_or_default(),
        join(&r.malgrupper, Malgrupp::code),
        join(&r.ersattning, Ersattning::code),
        join(&r.atgarder, Atgard::code),
        r.samverkansproblem
            .map(|s| s.code().to_string())
            .unwrap_or_default(),
        r.status.code().to_string(),
        r.avslutad_datum.map(|d| d.to_string()).unwrap_or_default(),
        r.avslut.map(|a| a.code().to_string()).unwrap_or_default(),
        r.beskrivning.clone(),
    ];
    fields.join("\u{1f}")
}

pub(super) fn row_hash(forbund: Uuid, lokus: Uuid, canonical: &str, occurrence: u32) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(b"lotsen-import-v1\0");
    h.update(forbund.as_bytes());
    h.update(lokus.as_bytes());
    h.update(canonical.as_bytes());
    h.update(b"\0");
    h.update(occurrence.to_le_bytes());
    h.finalize().to_vec()
}
