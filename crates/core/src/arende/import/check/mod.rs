//! Reading and checking a file (no IO): header, separator, every row against the förbund's
//! organisations, units and kommuner.

mod row;

use super::*;
use row::*;

/// The förbund's organisations, units and kommuner, as the rows refer to them.
#[derive(Debug, Clone, Default)]
pub(super) struct Refs {
    pub(super) orgs: Vec<Org>,
    /// Lower-case name → SCB code.
    pub(super) kommun_by_name: HashMap<String, String>,
    /// SCB code → name.
    pub(super) kommun_by_code: HashMap<String, String>,
}

#[derive(Debug, Clone)]
pub(super) struct Org {
    pub(super) id: Uuid,
    pub(super) part: Part,
    pub(super) namn: String,
    pub(super) key: String,
    pub(super) units: Vec<Unit>,
}

#[derive(Debug, Clone)]
pub(super) struct Unit {
    pub(super) id: Uuid,
    pub(super) namn: String,
    pub(super) key: String,
}

/// Lower case with runs of white space as one space: how names are compared.
pub(super) fn key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Where an ärende came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Place {
    /// Only the part is known (it has no organisation, or several and none was named).
    PartOnly,
    Org(Uuid),
    Unit {
        org: Uuid,
        unit: Uuid,
    },
    /// A unit to be created in the organisation.
    NewUnit {
        org: Uuid,
        name: String,
    },
}

impl Place {
    pub(super) fn org(&self) -> Option<Uuid> {
        match self {
            Place::PartOnly => None,
            Place::Org(o) | Place::Unit { org: o, .. } | Place::NewUnit { org: o, .. } => Some(*o),
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct ValidRow {
    pub(super) line: u64,
    pub(super) inkom: Date,
    pub(super) part: Part,
    pub(super) place: Place,
    pub(super) handlaggare: Option<String>,
    pub(super) kon: Kon,
    pub(super) alder: Option<i32>,
    pub(super) bostadskommun: Option<String>,
    pub(super) malgrupper: Vec<Malgrupp>,
    pub(super) ersattning: Vec<Ersattning>,
    pub(super) atgarder: Vec<Atgard>,
    pub(super) samverkansproblem: Option<Samverkansproblem>,
    pub(super) status: Status,
    pub(super) avslutad_datum: Option<Date>,
    pub(super) avslut: Option<Avslut>,
    pub(super) beskrivning: String,
    pub(super) hash: Vec<u8>,
}

#[derive(Debug, Default)]
pub(super) struct Checked {
    pub(super) rows: Vec<ValidRow>,
    pub(super) errors: Vec<RowError>,
    pub(super) data_rows: usize,
}

pub(super) fn file_error(line: u64, column: &str, message: impl Into<String>) -> RowError {
    RowError {
        line,
        column: column.to_string(),
        message: message.into(),
    }
}

/// `;` or `,`, whichever the header line (outside quotes) has more of.
pub(super) fn detect_separator(text: &str) -> Option<u8> {
    let mut in_quotes = false;
    let (mut semi, mut comma) = (0, 0);
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' | '\r' if !in_quotes => break,
            ';' if !in_quotes => semi += 1,
            ',' if !in_quotes => comma += 1,
            _ => {}
        }
    }
    match (semi, comma) {
        (0, 0) => None,
        (s, c) if s >= c => Some(b';'),
        _ => Some(b','),
    }
}

/// Reads the whole file and checks every row; `forbund` and `lokus` go into the row hashes.
pub(super) fn check_file(
    bytes: &[u8],
    refs: &Refs,
    today: Date,
    forbund: Uuid,
    lokus: Uuid,
) -> Checked {
    let mut out = Checked::default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64
                + 1;
            out.errors.push(file_error(
                line,
                "",
                "Filen är inte sparad som UTF-8. Spara den i Excel som \"CSV UTF-8 (kommaavgränsad)\" och ladda upp den igen.",
            ));
            return out;
        }
    };
    if text.trim().is_empty() {
        out.errors.push(file_error(
            1,
            "",
            "Filen är tom. Första raden ska vara en rubrikrad med kolumnernas namn.",
        ));
        return out;
    }
    let Some(separator) = detect_separator(text) else {
        out.errors.push(file_error(
            1,
            "",
            "Rubrikraden saknar avgränsare. Kolumnerna ska skiljas åt med semikolon (;) eller komma (,), och inkom och part måste finnas.",
        ));
        return out;
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
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
    for h in headers.iter() {
        let name = h.trim();
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
            None => {
                out.errors.push(file_error(1, name, unknown_column(name)));
                columns.push(None);
            }
        }
    }
    for c in Column::ALL {
        if c.required() && !seen.contains(&c) {
            out.errors.push(file_error(
                1,
                c.name(),
                "Kolumnen saknas. Den är obligatorisk.",
            ));
        }
    }
    if !out.errors.is_empty() {
        return out;
    }
    let mut occurrences: HashMap<String, u32> = HashMap::new();
    let mut record = csv::StringRecord::new();
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
        let line = record.position().map(|p| p.line()).unwrap_or(line);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.data_rows += 1;
        let mut cells: HashMap<Column, &str> = HashMap::new();
        let mut row_errors = Vec::new();
        for (i, value) in record.iter().enumerate() {
            match columns.get(i) {
                Some(Some(c)) => {
                    cells.insert(*c, value.trim());
                }
                Some(None) if !value.trim().is_empty() => row_errors.push(file_error(
                    line,
                    "",
                    format!("Fält {} har ingen kolumnrubrik men innehåller text.", i + 1),
                )),
                None if !value.trim().is_empty() => row_errors.push(file_error(
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
                let canonical = canonical(&row, cell(Column::Enhet));
                let n = occurrences.entry(canonical.clone()).or_insert(0);
                *n += 1;
                row.hash = row_hash(forbund, lokus, &canonical, *n);
                out.rows.push(row);
            }
            Ok(_) => out.errors.extend(row_errors),
            Err(mut e) => {
                out.errors.append(&mut row_errors);
                out.errors.append(&mut e);
            }
        }
    }
    if out.data_rows == 0 && out.errors.is_empty() {
        out.errors
            .push(file_error(2, "", "Filen har inga rader under rubrikraden."));
    }
    out
}

pub(super) fn unknown_column(name: &str) -> String {
    let h = normalise_header(name);
    let close = Column::ALL.into_iter().find(|c| {
        let n = c.name();
        (h.len() >= 4 && n.starts_with(&h)) || h.starts_with(n) || (h.len() >= 5 && n.contains(&h))
    });
    let known = Column::ALL.map(Column::name).join(", ");
    match close {
        Some(c) => format!(
            "Okänd kolumn. Menade du {}? Kända kolumner: {known}.",
            c.name()
        ),
        None => format!("Okänd kolumn. Ta bort den eller byt namn; kända kolumner: {known}."),
    }
}
