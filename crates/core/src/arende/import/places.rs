//! Codes, kommuner and the remitting place of a row, and the row's stable hash.

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

/// The organisation and unit a row's `part` and `enhet` name (see docs/decisions.md):
/// `Organisation / Enhet` (also with – or -) names both; a unit name alone must belong to
/// exactly one of the part's organisations, or is created when the part has only one; an
/// organisation's name alone names it without a unit; an empty cell names the part's only
/// organisation, or — with several or none — just the part.
pub(super) fn resolve_place(refs: &Refs, part: Part, cell: &str) -> Result<Place, String> {
    let orgs: Vec<&Org> = refs.orgs.iter().filter(|o| o.part == part).collect();
    let names = || {
        orgs.iter()
            .map(|o| o.namn.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
    if cell.is_empty() {
        return Ok(match orgs.as_slice() {
            [only] => Place::Org(only.id),
            _ => Place::PartOnly,
        });
    }
    if cell.chars().count() > ENHET_MAX {
        return Err(format!("Enhetens namn får vara högst {ENHET_MAX} tecken."));
    }
    if contains_personnummer(&cell) {
        return Err("Enhetens namn innehåller något som liknar ett personnummer.".into());
    }
    let k = key(&cell);
    let in_org = |org: &Org, unit_key: &str| -> Option<Uuid> {
        org.units.iter().find(|u| u.key == unit_key).map(|u| u.id)
    };
    // "Organisation / Enhet": split at a separator where the part before it is an
    // organisation's name (the longest such name wins).
    let qualified = cell
        .char_indices()
        .filter(|(_, c)| matches!(c, '/' | '–' | '-'))
        .filter_map(|(i, c)| {
            let org_key = key(&cell[..i]);
            let org = orgs.iter().find(|o| o.key == org_key)?;
            let rest = cell[i + c.len_utf8()..].trim();
            (!rest.is_empty()).then_some((*org, rest))
        })
        .max_by_key(|(o, _)| o.key.len());
    if let Some((org, unit_name)) = qualified {
        return Ok(match in_org(org, &key(unit_name)) {
            Some(unit) => Place::Unit { org: org.id, unit },
            None => Place::NewUnit {
                org: org.id,
                name: unit_name.to_string(),
            },
        });
    }
    let matches: Vec<(&Org, Uuid)> = orgs
        .iter()
        .filter_map(|o| in_org(o, &k).map(|u| (*o, u)))
        .collect();
    match matches.as_slice() {
        [(org, unit)] => {
            return Ok(Place::Unit {
                org: org.id,
                unit: *unit,
            });
        }
        [] => {}
        several => {
            let owners: Vec<&str> = several.iter().map(|(o, _)| o.namn.as_str()).collect();
            return Err(format!(
                "Enheten \"{cell}\" finns hos flera organisationer ({}). Skriv Organisation / Enhet, t.ex. \"{} / {cell}\".",
                owners.join("; "),
                owners[0]
            ));
        }
    }
    if let Some(org) = orgs.iter().find(|o| o.key == k) {
        return Ok(Place::Org(org.id));
    }
    match orgs.as_slice() {
        [only] => Ok(Place::NewUnit {
            org: only.id,
            name: cell,
        }),
        [] => Err(format!(
            "Förbundet har ingen organisation för part {}. Be förbundets administratör lägga upp den först.",
            part.label()
        )),
        _ => Err(format!(
            "Enheten \"{cell}\" finns inte, och part {} har flera organisationer i förbundet ({}). Skriv Organisation / Enhet så skapas enheten där.",
            part.label(),
            names()
        )),
    }
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
