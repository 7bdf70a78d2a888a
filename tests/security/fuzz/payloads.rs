//! The malformed values, and bodies built from name–value pairs (urlencoded, multipart, JSON).

use super::*;

pub(super) struct Payload {
    pub(super) label: &'static str,
    pub(super) bytes: Vec<u8>,
    /// Sent as raw bytes in a urlencoded body instead of percent-encoded.
    pub(super) raw: bool,
}

pub(super) fn payloads() -> Vec<Payload> {
    let p = |label: &'static str, value: &str| Payload {
        label,
        bytes: value.as_bytes().to_vec(),
        raw: false,
    };
    vec![
        p("empty", ""),
        Payload {
            label: "a×10000",
            bytes: vec![b'a'; 10_000],
            raw: false,
        },
        p("a\\0b", "a\0b"),
        p("\\x01\\x07\\x1b[31m", "\u{1}\u{7}\u{1b}[31m"),
        p("\\r\\n\\t", "\r\n\t"),
        Payload {
            label: "%FF%FE",
            bytes: vec![0xFF, 0xFE],
            raw: false,
        },
        Payload {
            label: "raw 0xFF 0xFE",
            bytes: vec![0xFF, 0xFE],
            raw: true,
        },
        p("<script>", "<script>alert('x1')</script>"),
        p("<img onerror>", "\"><img src=x onerror=alert(2)>"),
        p("' or 1=1 --", "' or 1=1 --"),
        p("'; drop table", "'; drop table arende; --"),
        p("2026-02-30", "2026-02-30"),
        p("0000-00-00", "0000-00-00"),
        p("99999-12-31", "99999-12-31"),
        p("99999999999999999999999", "99999999999999999999999"),
        p("-1", "-1"),
        p("1e309", "1e309"),
        p("uuid", "5b7c1e0e-3f7a-4c2d-9a51-8e2f6d4b9c13"),
        p("nil uuid", "00000000-0000-0000-0000-000000000000"),
        p("19121212-1212", "19121212-1212"),
    ]
}

#[derive(Clone, Debug)]
pub(super) struct Pair {
    pub(super) name: Vec<u8>,
    pub(super) value: Vec<u8>,
    pub(super) raw: bool,
    pub(super) file: bool,
}

impl Pair {
    pub(super) fn new(name: &str, value: &str) -> Pair {
        Pair {
            name: name.as_bytes().to_vec(),
            value: value.as_bytes().to_vec(),
            raw: false,
            file: false,
        }
    }
}

pub(super) fn pct(out: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._*".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("%{b:02X}").as_bytes());
        }
    }
}

pub(super) fn urlencode(pairs: &[Pair]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, p) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        pct(&mut out, &p.name);
        out.push(b'=');
        if p.raw {
            out.extend_from_slice(&p.value);
        } else {
            pct(&mut out, &p.value);
        }
    }
    out
}

pub(super) const BOUNDARY: &str = "----lotsen-fuzz-boundary";

pub(super) fn multipart(pairs: &[Pair]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in pairs {
        let name = String::from_utf8_lossy(&p.name).replace('"', "%22");
        out.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        if p.file {
            out.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"fuzz.csv\"\r\n\
                     Content-Type: text/csv\r\n\r\n"
                )
                .as_bytes(),
            );
        } else {
            out.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            );
        }
        out.extend_from_slice(&p.value);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    out
}

pub(super) fn as_json(pairs: &[Pair]) -> Vec<u8> {
    let map: serde_json::Map<String, serde_json::Value> = pairs
        .iter()
        .map(|p| {
            (
                String::from_utf8_lossy(&p.name).into_owned(),
                String::from_utf8_lossy(&p.value).into_owned().into(),
            )
        })
        .collect();
    serde_json::to_vec(&map).expect("json")
}

/// `pairs` with every pair named `name` replaced by `with`, where the first of them stood.
pub(super) fn replaced(pairs: &[Pair], name: &[u8], with: Pair) -> Vec<Pair> {
    let at = pairs.iter().position(|p| p.name == name);
    let mut out: Vec<Pair> = pairs.iter().filter(|p| p.name != name).cloned().collect();
    let at = at.map_or(out.len(), |i| {
        pairs[..i].iter().filter(|p| p.name != name).count()
    });
    out.insert(at, with);
    out
}

pub(super) fn csv_with(cell: &[u8]) -> Vec<u8> {
    let mut out = format!("{IMPORT_HEADER}\n2026-01-10;fk;;;;;;;;;;;;;").into_bytes();
    out.extend_from_slice(cell);
    out.push(b'\n');
    out
}
