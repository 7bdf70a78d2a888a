//! Reading and checking a participant file (no IO): the header (known, unknown and
//! identity-looking columns), personnummer-shaped values in any cell, and every row.

use super::row::{ValidRow, check_row, row_hash};
use super::{Column, FileEncoding, RowError};
use crate::arende::import::decode::decode;
use crate::arende::import::{
    Lines, detect_separator, distance, file_error, normalise_header, reader,
};
use lotsen_domain::arende::contains_personnummer;
use std::collections::{BTreeMap, HashMap, HashSet};
use time::Date;
use uuid::Uuid;

/// The kommuner a row may name.
#[derive(Debug, Clone, Default)]
pub(super) struct Refs {
    /// Lower-case name → SCB code.
    pub(super) kommun_by_name: HashMap<String, String>,
    /// SCB code → name.
    pub(super) kommun_by_code: HashMap<String, String>,
    /// The insats's kommuner (SCB codes); empty when it names none (then any kommun).
    pub(super) served: Vec<String>,
}

#[derive(Debug, Default)]
pub(super) struct Checked {
    pub(super) rows: Vec<ValidRow>,
    pub(super) errors: Vec<RowError>,
    pub(super) data_rows: usize,
    pub(super) encoding: FileEncoding,
    /// Columns not read, in file order.
    pub(super) ignored: Vec<String>,
}

const IDENTITY_COLUMN: &str = "Kolumnen ser ut att innehålla namn eller personnummer. Deltagare \
     importeras alltid utan identitet: ta bort kolumnen ur filen och ladda upp den igen.";
const IDENTITY_VALUE: &str = "Cellen innehåller något som liknar ett personnummer. Deltagare \
     importeras alltid utan identitet: ta bort numret ur filen.";

/// A header that names a person's identity (`Namn`, `Förnamn`, `Personnummer`, `Pnr` …).
pub(super) fn looks_like_identity(header: &str) -> bool {
    let h = normalise_header(header);
    [
        "namn",
        "personn",
        "pnr",
        "samordningsn",
        "identitet",
        "person_nr",
    ]
    .iter()
    .any(|p| h.contains(p))
        || ["name", "ssn", "person", "pers_nr"].contains(&h.as_str())
}

/// Reads the whole file and checks every row; `forbund` and `insats` go into the row hashes.
/// Header problems do not stop the rows being checked, so one pass reports everything.
pub(super) fn check_file(
    bytes: &[u8],
    refs: &Refs,
    today: Date,
    forbund: Uuid,
    insats: Uuid,
) -> Checked {
    let mut out = Checked::default();
    let text = match decode(bytes) {
        Ok((text, encoding)) => {
            out.encoding = encoding;
            text
        }
        Err(e) => {
            out.errors.push(e);
            return out;
        }
    };
    if text.trim().is_empty() {
        out.errors.push(file_error(
            1,
            "",
            "Filen är tom. Första raden ska vara en rubrikrad med kolumnernas namn, och under den en rad per deltagare.",
        ));
        return out;
    }
    let separator = detect_separator(&text).unwrap_or(b';');
    let mut reader = reader(&text, separator);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.errors.push(file_error(
                1,
                "",
                format!("Rubrikraden kunde inte läsas ({e})."),
            ));
            return out;
        }
    };
    let mut columns: Vec<Option<Column>> = Vec::with_capacity(headers.len());
    let mut seen: HashSet<Column> = HashSet::new();
    let mut ignored: Vec<(usize, String)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let name = h.trim_start_matches('\u{feff}').trim();
        if name.is_empty() {
            columns.push(None);
            continue;
        }
        match Column::from_header(name) {
            Some(c) if !seen.insert(c) => {
                out.errors.push(file_error(
                    1,
                    name,
                    "Kolumnen finns två gånger. Ta bort den ena.",
                ));
                columns.push(None);
            }
            Some(c) => columns.push(Some(c)),
            None if looks_like_identity(name) => {
                out.errors.push(file_error(1, name, IDENTITY_COLUMN));
                columns.push(None);
            }
            None => {
                ignored.push((i, ignored_column(name)));
                columns.push(None);
            }
        }
    }
    let missing: HashSet<&str> = Column::ALL
        .into_iter()
        .filter(|c| c.required() && !seen.contains(c))
        .map(Column::name)
        .collect();
    for c in Column::ALL {
        if missing.contains(c.name()) {
            out.errors.push(file_error(
                1,
                c.name(),
                "Kolumnen saknas. Den är obligatorisk.",
            ));
        }
    }
    if seen.contains(&Column::Alder) && seen.contains(&Column::Fodelsear) {
        out.errors.push(file_error(
            1,
            "fodelsear",
            "Filen har både alder och fodelsear. Behåll en av dem.",
        ));
    }
    let mut unnamed_with_text: HashSet<usize> = HashSet::new();
    let mut occurrences: HashMap<String, u32> = HashMap::new();
    let mut record = csv::StringRecord::new();
    let mut lines = Lines::default();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map(|p| p.line()).unwrap_or(line);
                out.errors.push(file_error(
                    at,
                    "",
                    "Raden kunde inte läsas. Kontrollera citattecknen.",
                ));
                continue;
            }
        }
        let line = lines.of(&text, &record, line);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.data_rows += 1;
        let mut cells: BTreeMap<Column, &str> = BTreeMap::new();
        let mut row_errors = Vec::new();
        // Columns whose value looks like a personnummer: said once, not checked further.
        let mut identity: HashSet<String> = HashSet::new();
        for (i, value) in record.iter().enumerate() {
            let value = value.trim();
            let header = headers.get(i).map(str::trim).unwrap_or("");
            if contains_personnummer(value) {
                let column = match columns.get(i) {
                    Some(Some(c)) => c.name().to_string(),
                    _ if header.is_empty() => format!("kolumn {}", i + 1),
                    _ => header.to_string(),
                };
                identity.insert(column.clone());
                row_errors.push(file_error(line, &column, IDENTITY_VALUE));
                continue;
            }
            match columns.get(i) {
                Some(Some(c)) => {
                    cells.insert(*c, value);
                }
                Some(None) if !value.is_empty() && header.is_empty() => {
                    unnamed_with_text.insert(i);
                }
                None if !value.is_empty() => row_errors.push(file_error(
                    line,
                    "",
                    format!(
                        "Raden har fler fält ({}) än rubrikraden ({}). Kontrollera avgränsare och citattecken.",
                        record.len(),
                        headers.len()
                    ),
                )),
                _ => {}
            }
        }
        row_errors.dedup();
        let cell = |c: Column| cells.get(&c).copied().unwrap_or("");
        match check_row(line, &cell, refs, today) {
            Ok(mut row) if row_errors.is_empty() => {
                let canonical = row.canonical();
                let n = occurrences.entry(canonical.clone()).or_insert(0);
                *n += 1;
                row.hash = row_hash(forbund, insats, &canonical, *n);
                out.rows.push(row);
            }
            Ok(_) => out.errors.extend(row_errors),
            Err(e) => {
                out.errors.append(&mut row_errors);
                // A missing column is said once, on the header; a personnummer once per cell.
                out.errors.extend(e.into_iter().filter(|e| {
                    !missing.contains(e.column.as_str()) && !identity.contains(&e.column)
                }));
            }
        }
    }
    if out.data_rows == 0 {
        out.errors.push(file_error(
            2,
            "",
            "Filen har en rubrikrad men inga rader med deltagare under den. Det finns inget att importera.",
        ));
    }
    ignored.extend(
        unnamed_with_text
            .into_iter()
            .map(|i| (i, format!("kolumn {} (utan rubrik)", i + 1))),
    );
    ignored.sort();
    out.ignored = ignored.into_iter().map(|(_, name)| name).collect();
    if !out.errors.is_empty() {
        out.rows.clear();
    }
    out
}

/// How the preview lists a column it leaves out, with a hint when it looks like a known one
/// misspelt.
fn ignored_column(name: &str) -> String {
    let h = normalise_header(name);
    let close = Column::ALL.into_iter().find(|c| {
        let n = c.name();
        (h.len() >= 4 && distance(&h, n) <= 2) || (h.len() >= 5 && n.starts_with(&h))
    });
    match close {
        Some(c) => format!("{name} (okänd kolumn – menade du {}?)", c.name()),
        None => name.to_string(),
    }
}
