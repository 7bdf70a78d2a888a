//! Reading and checking a file (no IO): header, separator, every row against the förbund's
//! organisations, units and kommuner.

mod row;

use super::*;
use row::*;

/// The förbund's organisations (marked with the importing group's area), units and
/// kommuner, as the rows refer to them.
#[derive(Debug, Clone, Default)]
pub(super) struct Refs {
    pub(super) orgs: Vec<Org>,
    /// Lower-case name → SCB code.
    pub(super) kommun_by_name: HashMap<String, String>,
    /// SCB code → name.
    pub(super) kommun_by_code: HashMap<String, String>,
}

#[derive(Debug, Clone)]
pub(super) struct ValidRow {
    pub(super) line: u64,
    pub(super) inkom: Date,
    pub(super) part: Part,
    pub(super) place: Avsandare,
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
    pub(super) encoding: FileEncoding,
    /// Columns not read, in file order, as the preview lists them.
    pub(super) ignored: Vec<String>,
}

pub(crate) fn file_error(line: u64, column: &str, message: impl Into<String>) -> RowError {
    RowError {
        line,
        column: column.to_string(),
        message: message.into(),
    }
}

/// `;` or `,`, whichever the header line (outside quotes) has more of.
pub(crate) fn detect_separator(text: &str) -> Option<u8> {
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

/// The line (1-based) a record starts on, as an editor numbers the file. The csv reader's own
/// line count is one short for every record of a file with Windows line endings (`\r\n`, what
/// Excel writes): it places a record's start on the previous line's `\n`. Records are asked
/// for in file order, so counting goes on from the last one.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    byte: usize,
    line: u64,
}

impl Lines {
    pub(crate) fn of(&mut self, text: &str, record: &csv::StringRecord, fallback: u64) -> u64 {
        let Some(byte) = record.position().map(|p| p.byte() as usize) else {
            return fallback;
        };
        let bytes = text.as_bytes();
        let start = byte
            + bytes
                .get(byte..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        if start < self.byte {
            return fallback;
        }
        let newlines = bytes
            .get(self.byte..start)
            .unwrap_or_default()
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.line += newlines as u64;
        self.byte = start;
        self.line + 1
    }
}

/// A reader of the decoded text: the detected separator, a header row, rows of any length
/// (the insatskatalog's import reads its files the same way).
pub(crate) fn reader(text: &str, separator: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// Reads the whole file and checks every row; `forbund` and `lokus` go into the row hashes.
/// Problems with the header (a missing or repeated column) do not stop the rows being checked,
/// so one pass reports everything; columns Lotsen does not know are left out and listed.
pub(super) fn check_file(
    bytes: &[u8],
    refs: &Refs,
    today: Date,
    forbund: Uuid,
    lokus: Uuid,
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
            "Filen är tom. Första raden ska vara en rubrikrad med kolumnernas namn, och under den en rad per ärende.",
        ));
        return out;
    }
    let Some(separator) = detect_separator(&text) else {
        out.errors.push(file_error(
            1,
            "",
            "Rubrikraden saknar avgränsare. Kolumnerna ska skiljas åt med semikolon (;) eller komma (,), och inkom och part måste finnas.",
        ));
        return out;
    };
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
    // Columns without a header are left out too, and listed when something is in them.
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
        let mut cells: HashMap<Column, &str> = HashMap::new();
        let mut row_errors = Vec::new();
        for (i, value) in record.iter().enumerate() {
            match columns.get(i) {
                Some(Some(c)) => {
                    cells.insert(*c, value.trim());
                }
                Some(None) if !value.trim().is_empty() && headers[i].trim().is_empty() => {
                    unnamed_with_text.insert(i);
                }
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
            Err(e) => {
                out.errors.append(&mut row_errors);
                // A missing column is said once, on the header.
                out.errors.extend(
                    e.into_iter()
                        .filter(|e| !missing.contains(e.column.as_str())),
                );
            }
        }
    }
    if out.data_rows == 0 {
        out.errors.push(file_error(
            2,
            "",
            "Filen har en rubrikrad men inga rader med ärenden under den. Det finns inget att importera.",
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
pub(super) fn ignored_column(name: &str) -> String {
    match close_column(name) {
        Some(c) => format!("{name} (okänd kolumn – menade du {}?)", c.name()),
        None => name.to_string(),
    }
}

/// A known column that `name` looks like a misspelling or a shortening of.
fn close_column(name: &str) -> Option<Column> {
    let h = normalise_header(name);
    Column::ALL.into_iter().find(|c| {
        let n = c.name();
        (h.len() >= 4 && distance(&h, n) <= 2) || (h.len() >= 5 && n.starts_with(&h))
    })
}

/// Edit distance (insertions, deletions, substitutions) between two short names.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}
