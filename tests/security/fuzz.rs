//! A fuzz test of every form and query parameter of every page each demo role can reach.
//!
//! Each role (and an anonymous visitor) gets its own demo database; the roles run side by side.
//! A breadth-first crawl from `/` follows same-origin links, bounded by `MAX_PAGES` pages and
//! `PER_SHAPE` URLs per shape (the path with ids, years and LOKUS codes replaced, plus the
//! sorted query names), and reads the forms of every HTML page with a small tolerant tag
//! scanner. Each shape of form or query is fuzzed once per role:
//!
//! * every query parameter (of links and GET forms) and the first id segment of every path get
//!   each malformed payload, a duplicate and odd parameter names;
//! * every POST form is first sent as a browser would fill it (defaults, the selected or first
//!   real option, checked boxes or else the first of a group, a plausible filler in empty
//!   inputs so that the other fields pass validation), then with each field in turn replaced
//!   by each payload, each field duplicated, no CSRF token, odd extra names, the wrong content
//!   types and a garbage body. The page a successful post redirects to is crawled again, so
//!   forms that only appear after a post (an import preview, a consent's identity form) are
//!   fuzzed too.
//!
//! Forms that would end the session or lock the actor out (logout, password forms, one's own
//! account) are left alone; should the session end anyway, the role logs in again. Forms that
//! delete or close things go last, so that the forms of what they remove are fuzzed first.
//! A last crawl looks for stored payloads.
//!
//! Findings are collected and reported together at the end, grouped by shape, field and
//! payload with the roles that hit them: any status of 500 or more; a rejected write (a POST
//! answered with 400 or more) that changed a row count of a tenant table, read through the
//! owner connection; an HTML payload unescaped in a body a browser would render as a document.
//! The payload verbatim in a CSV download is correct there and only noted.

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{Request, header};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::time::Instant;

const ROLES: &[(&str, &str)] = &[
    ("system@demo.lotsen.example", "fjardlunda"),
    ("forbund@demo.lotsen.example", "fjardlunda"),
    ("koordinator@demo.lotsen.example", "fjardlunda"),
    ("ordforande@demo.lotsen.example", "fjardlunda"),
    ("ledamot@demo.lotsen.example", "fjardlunda"),
    ("fk@demo.lotsen.example", "fjardlunda"),
    ("coach@demo.lotsen.example", "fjardlunda"),
    ("kustbygd@demo.lotsen.example", "kustbygd"),
];

const ANONYMOUS: &str = "anonym";
const MAX_PAGES: usize = 150;
const PER_SHAPE: usize = 3;
const MARKERS: [&str; 2] = [
    "<script>alert('x1')</script>",
    "<img src=x onerror=alert(2)>",
];

/// Tenant tables whose row counts a rejected write must leave alone (log tables and the kept
/// sums derived by triggers are left out).
const TABLES: &[&str] = &[
    "forbund",
    "app_user",
    "organisation",
    "enhet",
    "lokus_grupp",
    "lokus_kommun",
    "membership",
    "role_assignment",
    "handlaggare",
    "arende_nummer",
    "arende",
    "arende_ersattning",
    "arende_malgrupp",
    "atgard",
    "arende_handelse",
    "samtycke",
    "arende_identitet",
    "import_fil",
    "lokus_mote",
    "lokus_punkt",
    "nulage_omgang",
    "nulage_fraga",
    "nulage_blankett",
    "nulage_svar",
];

/// Last path segments of forms that remove or close what other forms work on.
const LAST: &[&str] = &[
    "ta-bort",
    "avbryt",
    "avsluta",
    "aktiv",
    "signera",
    "justera",
    "genomfort",
    "aterkalla",
    "valj-forbund",
];

/// Hidden one-time ids of create forms (a second post of the same id finds what the first
/// created): a fresh one per post, as from a newly loaded form.
const ONE_TIME_IDS: &[(&str, &str)] = &[("/arenden/ny", "formular_id")];

const IMPORT_HEADER: &str = "inkom;part;enhet;handlaggare;kon;alder;bostadskommun;malgrupper;ersattning;atgarder;samverkansproblem;status;avslutad_datum;avslut;beskrivning";

struct Payload {
    label: &'static str,
    bytes: Vec<u8>,
    /// Sent as raw bytes in a urlencoded body instead of percent-encoded.
    raw: bool,
}

fn payloads() -> Vec<Payload> {
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
struct Pair {
    name: Vec<u8>,
    value: Vec<u8>,
    raw: bool,
    file: bool,
}

impl Pair {
    fn new(name: &str, value: &str) -> Pair {
        Pair {
            name: name.as_bytes().to_vec(),
            value: value.as_bytes().to_vec(),
            raw: false,
            file: false,
        }
    }
}

fn pct(out: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._*".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("%{b:02X}").as_bytes());
        }
    }
}

fn urlencode(pairs: &[Pair]) -> Vec<u8> {
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

const BOUNDARY: &str = "----lotsen-fuzz-boundary";

fn multipart(pairs: &[Pair]) -> Vec<u8> {
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

fn as_json(pairs: &[Pair]) -> Vec<u8> {
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
fn replaced(pairs: &[Pair], name: &[u8], with: Pair) -> Vec<Pair> {
    let at = pairs.iter().position(|p| p.name == name);
    let mut out: Vec<Pair> = pairs.iter().filter(|p| p.name != name).cloned().collect();
    let at = at.map_or(out.len(), |i| {
        pairs[..i].iter().filter(|p| p.name != name).count()
    });
    out.insert(at, with);
    out
}

fn split_url(url: &str) -> (&str, &str) {
    url.split_once('?').unwrap_or((url, ""))
}

fn query_pairs(query: &str) -> Vec<Pair> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .iter()
        .map(|(k, v)| Pair::new(k, v))
        .collect()
}

fn is_id(segment: &str) -> bool {
    uuid::Uuid::parse_str(segment).is_ok()
        || (!segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()))
}

fn is_code(segment: &str) -> bool {
    (2..=5).contains(&segment.len()) && segment.bytes().all(|b| b.is_ascii_uppercase())
}

/// `s` with every uuid in it replaced by `{id}`.
fn without_ids(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while !rest.is_empty() {
        if rest.len() >= 36
            && rest.is_char_boundary(36)
            && uuid::Uuid::parse_str(&rest[..36]).is_ok()
        {
            out.push_str("{id}");
            rest = &rest[36..];
        } else {
            let n = next_char_len(rest);
            out.push_str(&rest[..n]);
            rest = &rest[n..];
        }
    }
    out
}

/// The path with ids, years and LOKUS codes replaced, and the sorted, distinct query names.
fn shape(url: &str) -> String {
    let (path, query) = split_url(url);
    let path: Vec<&str> = path
        .split('/')
        .map(|s| {
            if uuid::Uuid::parse_str(s).is_ok() {
                "{id}"
            } else if is_id(s) {
                "{n}"
            } else if is_code(s) {
                "{kod}"
            } else {
                s
            }
        })
        .collect();
    let names: BTreeSet<String> = query_pairs(query)
        .into_iter()
        .map(|p| without_ids(&String::from_utf8_lossy(&p.name)))
        .collect();
    let mut s = path.join("/");
    if !names.is_empty() {
        s.push('?');
        s.push_str(&names.into_iter().collect::<Vec<_>>().join("&"));
    }
    s
}

fn path_shape(url: &str) -> String {
    shape(split_url(url).0)
}

/// A same-origin link as an absolute path with query, without its fragment.
fn same_origin(href: &str, base: &str) -> Option<String> {
    let href = href.split('#').next().unwrap_or("").trim();
    let href = href
        .strip_prefix(&format!("http://{}", crate::support::app::HOST))
        .unwrap_or(href);
    if href.is_empty() || href.starts_with("//") || (href.contains(':') && !href.starts_with('/')) {
        return None;
    }
    if href.starts_with('/') {
        return Some(href.to_string());
    }
    let base_path = split_url(base).0;
    if href.starts_with('?') {
        return Some(format!("{base_path}{href}"));
    }
    let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
    Some(format!("{dir}{href}"))
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => ent
                    .strip_prefix("#x")
                    .or_else(|| ent.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[derive(Debug)]
struct Tag {
    name: String,
    close: bool,
    attrs: Vec<(String, String)>,
    /// Decoded text up to the next tag (for `<textarea>`, up to its end tag).
    text: String,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn has(&self, name: &str) -> bool {
        self.attr(name).is_some()
    }
}

fn next_char_len(s: &str) -> usize {
    s.chars().next().map_or(1, char::len_utf8)
}

fn skip_space(s: &str, mut j: usize) -> usize {
    while j < s.len() && (s.as_bytes()[j].is_ascii_whitespace() || s.as_bytes()[j] == b'/') {
        j += 1;
    }
    j
}

fn scan(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = start + rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = start + rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        let (close, name_start) = if rest.starts_with("</") {
            (true, 2)
        } else {
            (false, 1)
        };
        let name_len = rest[name_start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - name_start);
        if name_len == 0 {
            i = start + 1;
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let mut j = name_start + name_len;
        let mut attrs = Vec::new();
        loop {
            j = skip_space(rest, j);
            if j >= rest.len() {
                break;
            }
            if rest[j..].starts_with('>') {
                j += 1;
                break;
            }
            let name_end = j + rest[j..]
                .find(|c: char| c.is_ascii_whitespace() || "=>/".contains(c))
                .unwrap_or(rest.len() - j);
            if name_end == j {
                j += next_char_len(&rest[j..]);
                continue;
            }
            let attr = rest[j..name_end].to_ascii_lowercase();
            j = name_end;
            while j < rest.len() && rest.as_bytes()[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if rest[j..].starts_with('=') {
                j += 1;
                while j < rest.len() && rest.as_bytes()[j].is_ascii_whitespace() {
                    j += 1;
                }
                match rest[j..].chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let end = rest[j + 1..].find(q).map_or(rest.len(), |e| j + 1 + e);
                        value = decode_entities(&rest[j + 1..end]);
                        j = (end + 1).min(rest.len());
                    }
                    _ => {
                        let end = j + rest[j..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .unwrap_or(rest.len() - j);
                        value = decode_entities(&rest[j..end]);
                        j = end;
                    }
                }
            }
            attrs.push((attr, value));
        }
        let tag_end = start + j;
        let raw_text = !close && matches!(name.as_str(), "textarea" | "script" | "style");
        let text_end = if raw_text {
            html[tag_end..]
                .find(&format!("</{name}"))
                .map_or(html.len(), |e| tag_end + e)
        } else {
            html[tag_end..]
                .find('<')
                .map_or(html.len(), |e| tag_end + e)
        };
        out.push(Tag {
            name,
            close,
            attrs,
            text: decode_entities(&html[tag_end..text_end]),
        });
        i = if raw_text { text_end } else { tag_end };
    }
    out
}

#[derive(Clone, Debug)]
enum Control {
    /// Hidden fields and the first named submit button: sent as they are.
    Fixed(String, String),
    Text {
        name: String,
        kind: String,
        value: String,
    },
    Check {
        name: String,
        value: String,
        checked: bool,
    },
    Radio {
        name: String,
        value: String,
        checked: bool,
    },
    Select {
        name: String,
        options: Vec<(String, bool)>,
    },
    File(String),
}

impl Control {
    fn name(&self) -> &str {
        match self {
            Control::Fixed(name, _) | Control::File(name) => name,
            Control::Text { name, .. }
            | Control::Check { name, .. }
            | Control::Radio { name, .. }
            | Control::Select { name, .. } => name,
        }
    }
}

#[derive(Clone, Debug)]
struct Form {
    post: bool,
    action: String,
    multipart: bool,
    controls: Vec<Control>,
    password: bool,
}

impl Form {
    fn names(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        self.controls
            .iter()
            .map(|c| c.name().to_string())
            .filter(|n| seen.insert(n.clone()))
            .collect()
    }

    fn key(&self) -> String {
        let names: BTreeSet<String> = self.names().iter().map(|n| without_ids(n)).collect();
        format!(
            "{} {} {}",
            if self.post { "POST" } else { "GET" },
            path_shape(&self.action),
            names.into_iter().collect::<Vec<_>>().join(",")
        )
    }

    fn last_segment(&self) -> &str {
        split_url(&self.action).0.rsplit('/').next().unwrap_or("")
    }
}

fn filler(name: &str, kind: &str, n: usize) -> String {
    let letters = |mut k: usize| {
        let mut s = String::from("Q");
        for _ in 0..3 {
            s.push(char::from(b'A' + (k % 26) as u8));
            k /= 26;
        }
        s
    };
    match (name, kind) {
        ("alder" | "q" | "identitet_personnummer" | "mal_text", _) => String::new(),
        (_, "date") => "2026-01-15".into(),
        (_, "number") => "5".into(),
        (_, "email") => format!("fuzz{n}@exempel.se"),
        (_, "password") => format!("fel-losenord-{n}"),
        ("kod", _) => letters(n),
        ("slug", _) => format!("fuzz-{n}"),
        ("organisationsnummer", _) => "222000-1230".into(),
        ("tid", _) => "10:00".into(),
        ("ar", _) => "2026".into(),
        _ => format!("Fuzz {n}"),
    }
}

fn csv_with(cell: &[u8]) -> Vec<u8> {
    let mut out = format!("{IMPORT_HEADER}\n2026-01-10;fk;;;;;;;;;;;;;").into_bytes();
    out.extend_from_slice(cell);
    out.push(b'\n');
    out
}

impl Form {
    /// What a browser would send, with fillers in empty inputs, the first box of a group with
    /// none checked, and `token` as the CSRF token.
    fn baseline(&self, n: usize, token: &str) -> Vec<Pair> {
        let chosen: HashSet<&str> = self
            .controls
            .iter()
            .filter_map(|c| match c {
                Control::Radio {
                    name,
                    checked: true,
                    ..
                }
                | Control::Check {
                    name,
                    checked: true,
                    ..
                } => Some(name.as_str()),
                _ => None,
            })
            .collect();
        let mut first_done = HashSet::new();
        let mut out = Vec::new();
        for c in &self.controls {
            match c {
                Control::Fixed(name, _) if name == "_csrf" => out.push(Pair::new(name, token)),
                Control::Fixed(name, _) if ONE_TIME_IDS.contains(&(self.action.as_str(), name)) => {
                    let id = uuid::Uuid::from_u128(
                        0xf022_0000_0000_0000_0000_0000_0000_0000 | n as u128,
                    );
                    out.push(Pair::new(name, &id.to_string()));
                }
                Control::Fixed(name, value) => out.push(Pair::new(name, value)),
                Control::Text { name, kind, value } => {
                    let v = if value.is_empty() {
                        filler(name, kind, n)
                    } else {
                        value.clone()
                    };
                    out.push(Pair::new(name, &v));
                }
                Control::Check {
                    name,
                    value,
                    checked: true,
                } => out.push(Pair::new(name, value)),
                Control::Check { name, value, .. } => {
                    if !chosen.contains(name.as_str()) && first_done.insert(name.clone()) {
                        out.push(Pair::new(name, value));
                    }
                }
                Control::Radio {
                    name,
                    value,
                    checked,
                } => {
                    let pick = *checked || !chosen.contains(name.as_str());
                    if pick && first_done.insert(name.clone()) {
                        out.push(Pair::new(name, value));
                    }
                }
                Control::Select { name, options } => {
                    let v = options
                        .iter()
                        .find(|(_, selected)| *selected)
                        .or_else(|| options.iter().find(|(v, _)| !v.is_empty()))
                        .or(options.first())
                        .map_or("", |(v, _)| v.as_str());
                    out.push(Pair::new(name, v));
                }
                Control::File(name) => out.push(Pair {
                    name: name.as_bytes().to_vec(),
                    value: csv_with(b""),
                    raw: true,
                    file: true,
                }),
            }
        }
        out
    }
}

fn forms(page: &str, tags: &[Tag]) -> Vec<Form> {
    let mut out = Vec::new();
    let mut form: Option<Form> = None;
    let mut select: Option<(String, Vec<(String, bool)>)> = None;
    let mut button = false;
    for t in tags {
        match (t.name.as_str(), t.close) {
            ("form", false) => {
                let action = t.attr("action").unwrap_or("");
                let action = if action.is_empty() {
                    Some(page.to_string())
                } else {
                    same_origin(action, page)
                };
                form = action.map(|action| Form {
                    post: t
                        .attr("method")
                        .unwrap_or("get")
                        .eq_ignore_ascii_case("post"),
                    action,
                    multipart: t
                        .attr("enctype")
                        .is_some_and(|e| e.eq_ignore_ascii_case("multipart/form-data")),
                    controls: Vec::new(),
                    password: false,
                });
                button = false;
            }
            ("form", true) => out.extend(form.take()),
            ("select", false) => {
                select = t.attr("name").map(|n| (n.to_string(), Vec::new()));
            }
            ("option", false) => {
                if let Some((_, options)) = &mut select {
                    let value = t
                        .attr("value")
                        .map_or_else(|| t.text.trim().to_string(), str::to_string);
                    options.push((value, t.has("selected")));
                }
            }
            ("select", true) => {
                if let (Some(f), Some((name, options))) = (&mut form, select.take()) {
                    f.controls.push(Control::Select { name, options });
                }
            }
            (kind @ ("input" | "textarea" | "button"), false) => {
                let (Some(f), Some(name)) = (&mut form, t.attr("name")) else {
                    continue;
                };
                let name = name.to_string();
                let value = t.attr("value").unwrap_or("").to_string();
                let ty = match kind {
                    "textarea" => "textarea".to_string(),
                    "button" => t.attr("type").unwrap_or("submit").to_ascii_lowercase(),
                    _ => t.attr("type").unwrap_or("text").to_ascii_lowercase(),
                };
                let control = match ty.as_str() {
                    "hidden" => Control::Fixed(name, value),
                    "submit" | "image" => {
                        if button {
                            continue;
                        }
                        button = true;
                        Control::Fixed(name, value)
                    }
                    "reset" | "button" => continue,
                    "checkbox" => Control::Check {
                        name,
                        value: if t.has("value") { value } else { "on".into() },
                        checked: t.has("checked"),
                    },
                    "radio" => Control::Radio {
                        name,
                        value: if t.has("value") { value } else { "on".into() },
                        checked: t.has("checked"),
                    },
                    "file" => Control::File(name),
                    "textarea" => Control::Text {
                        name,
                        kind: ty,
                        value: t.text.clone(),
                    },
                    _ => {
                        f.password |= ty == "password";
                        Control::Text {
                            name,
                            kind: ty,
                            value,
                        }
                    }
                };
                f.controls.push(control);
            }
            _ => {}
        }
    }
    out
}

fn links(page: &str, tags: &[Tag]) -> Vec<String> {
    tags.iter()
        .filter(|t| !t.close)
        .filter_map(|t| match t.name.as_str() {
            "a" | "link" => t.attr("href"),
            "img" | "script" => t.attr("src"),
            _ => None,
        })
        .filter_map(|href| same_origin(href, page))
        .collect()
}

fn csrf_token(tags: &[Tag]) -> Option<String> {
    tags.iter()
        .find(|t| t.name == "input" && t.attr("name") == Some("_csrf"))
        .and_then(|t| t.attr("value"))
        .map(str::to_string)
}

/// Whether a browser would render a body of this content type (nosniff is set) as a document.
fn rendered_as_html(content_type: &str) -> bool {
    let ct = content_type.to_ascii_lowercase();
    ct.is_empty()
        || ct.starts_with("text/html")
        || ct.starts_with("application/xhtml")
        || ct.starts_with("image/svg")
        || ct.starts_with("text/xml")
        || ct.starts_with("application/xml")
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    problem: String,
    method: &'static str,
    target: String,
    field: String,
    payload: String,
    status: u16,
}

#[derive(Clone)]
struct Probe {
    method: &'static str,
    target: String,
    field: String,
    payload: String,
}

impl Probe {
    fn new(method: &'static str, url: &str, field: &str, payload: &str) -> Probe {
        Probe {
            method,
            target: path_shape(url),
            field: field.to_string(),
            payload: payload.to_string(),
        }
    }
}

struct Fuzzer {
    app: TestApp,
    login: &'static str,
    slug: &'static str,
    owner: PgPool,
    self_id: Option<String>,
    token: String,
    payloads: Vec<Payload>,
    requests: usize,
    server_errors: usize,
    rejected_writes: usize,
    escaped_echoes: usize,
    findings: Vec<Finding>,
    notes: BTreeSet<String>,
    counts: Option<Vec<i64>>,
    pages: VecDeque<String>,
    seen: HashSet<String>,
    per_shape: HashMap<String, usize>,
    revisits: usize,
    visited: BTreeSet<String>,
    queries: VecDeque<String>,
    query_shapes: HashSet<String>,
    paths: VecDeque<String>,
    path_shapes: HashSet<String>,
    forms: Vec<Form>,
    form_keys: HashSet<String>,
    forms_fuzzed: usize,
    params_fuzzed: usize,
}

struct Outcome {
    requests: usize,
    server_errors: usize,
    rejected_writes: usize,
    escaped_echoes: usize,
    forms: usize,
    params: usize,
    findings: Vec<Finding>,
    notes: BTreeSet<String>,
}

impl Fuzzer {
    async fn new(login: &'static str, slug: &'static str) -> Fuzzer {
        let mut app = TestApp::demo().await;
        let owner = PgPoolOptions::new()
            .max_connections(1)
            .connect(&app.database_url())
            .await
            .expect("owner connection");
        let self_id = if login == ANONYMOUS {
            app.client = "192.0.2.99:50000".parse().expect("address");
            None
        } else {
            app.login_in(login, slug).await;
            sqlx::query_scalar("select user_id::text from app_user where epost = $1")
                .bind(login)
                .fetch_optional(&owner)
                .await
                .expect("own id")
        };
        Fuzzer {
            app,
            login,
            slug,
            owner,
            self_id,
            token: String::new(),
            payloads: payloads(),
            requests: 0,
            server_errors: 0,
            rejected_writes: 0,
            escaped_echoes: 0,
            findings: Vec::new(),
            notes: BTreeSet::new(),
            counts: None,
            pages: VecDeque::new(),
            seen: HashSet::new(),
            per_shape: HashMap::new(),
            revisits: 0,
            visited: BTreeSet::new(),
            queries: VecDeque::new(),
            query_shapes: HashSet::new(),
            paths: VecDeque::new(),
            path_shapes: HashSet::new(),
            forms: Vec::new(),
            form_keys: HashSet::new(),
            forms_fuzzed: 0,
            params_fuzzed: 0,
        }
    }

    fn find(&mut self, probe: &Probe, status: u16, problem: String) {
        self.findings.push(Finding {
            problem,
            method: probe.method,
            target: probe.target.clone(),
            field: without_ids(&probe.field),
            payload: probe.payload.clone(),
            status,
        });
    }

    async fn send(&mut self, probe: &Probe, req: Request<Body>) -> crate::support::Resp {
        self.requests += 1;
        let r = self.app.send(req).await;
        let status = r.status.as_u16();
        if status >= 500 {
            self.server_errors += 1;
            self.find(probe, status, "status >= 500".into());
        }
        let ct = r
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let echoed = r.body.contains("alert(");
        let mut raw = false;
        for marker in MARKERS {
            if r.body.contains(marker) {
                raw = true;
                if rendered_as_html(&ct) {
                    self.find(probe, status, format!("unescaped {marker} ({ct})"));
                } else {
                    self.notes.insert(format!(
                        "raw {marker} in {ct} from {} {} (not rendered as HTML)",
                        probe.method, probe.target
                    ));
                }
            }
        }
        if echoed && !raw {
            self.escaped_echoes += 1;
        }
        if r.body.contains("name=\"_csrf\"")
            && let Some(t) = csrf_token(&scan(&r.body))
        {
            self.token = t;
        }
        if self.login != ANONYMOUS
            && (self.app.session_cookie().is_none()
                || r.location().starts_with("/logga-in")
                || r.location().starts_with("/konto/losenord"))
        {
            if r.location().starts_with("/konto/losenord") {
                self.find(probe, status, "the actor must change password".into());
            }
            self.app.login_in(self.login, self.slug).await;
            self.counts = None;
            self.requests += 1;
            let home = self.app.get("/").await;
            self.token = csrf_token(&scan(&home.body)).unwrap_or_default();
        }
        r
    }

    async fn get(&mut self, probe: &Probe, url: &str) -> crate::support::Resp {
        self.counts = None;
        let req = Request::get(url).body(Body::empty()).expect("request");
        self.send(probe, req).await
    }

    async fn row_counts(&self) -> Vec<i64> {
        let sql = format!(
            "select array[{}]::bigint[]",
            TABLES
                .iter()
                .map(|t| format!("(select count(*) from {t})"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        sqlx::query_scalar(&sql)
            .fetch_one(&self.owner)
            .await
            .expect("row counts")
    }

    async fn post(
        &mut self,
        probe: &Probe,
        url: &str,
        content_type: Option<String>,
        body: Vec<u8>,
    ) -> crate::support::Resp {
        let before = match self.counts.take() {
            Some(c) => c,
            None => self.row_counts().await,
        };
        let mut req = Request::post(url)
            .header(
                header::ORIGIN,
                format!("http://{}", crate::support::app::HOST),
            )
            .header("sec-fetch-site", "same-origin");
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let r = self
            .send(probe, req.body(Body::from(body)).expect("request"))
            .await;
        if r.status.as_u16() >= 400 {
            self.rejected_writes += 1;
            let after = self.row_counts().await;
            if after != before {
                let changed: Vec<String> = TABLES
                    .iter()
                    .zip(before.iter().zip(&after))
                    .filter(|(_, (b, a))| b != a)
                    .map(|(t, (b, a))| format!("{t} {b}→{a}"))
                    .collect();
                self.find(
                    probe,
                    r.status.as_u16(),
                    format!("rejected write changed rows: {}", changed.join(", ")),
                );
            }
            self.counts = Some(after);
        }
        r
    }

    fn enqueue(&mut self, url: String) {
        let s = shape(&url);
        let n = self.per_shape.get(&s).copied().unwrap_or(0);
        if url.starts_with("/logga-ut")
            || self.seen.contains(&url)
            || n >= PER_SHAPE
            || self.seen.len() >= MAX_PAGES
        {
            return;
        }
        self.per_shape.insert(s, n + 1);
        self.seen.insert(url.clone());
        self.pages.push_back(url);
    }

    fn learn(&mut self, page: &str, body: &str) {
        let tags = scan(body);
        for link in links(page, &tags) {
            let (path, query) = split_url(&link);
            if !query.is_empty() && self.query_shapes.insert(shape(&link)) {
                self.queries.push_back(link.clone());
            }
            if path.split('/').any(is_id) && self.path_shapes.insert(path_shape(path)) {
                self.paths.push_back(path.to_string());
            }
            self.enqueue(link);
        }
        for f in forms(page, &tags) {
            let skip = f.action.starts_with("/logga-ut")
                || (self.login != ANONYMOUS
                    && (f.password
                        || f.action.starts_with("/konto/")
                        || self.self_id.as_ref().is_some_and(|id| {
                            f.action.contains(id.as_str())
                                && ["aktiv", "roller", "losenord"].contains(&f.last_segment())
                        })));
            if skip || !self.form_keys.insert(f.key()) {
                continue;
            }
            self.forms.push(f);
        }
    }

    async fn visit(&mut self, url: String) {
        let probe = Probe::new("GET", &url, "(crawl)", "-");
        let r = self.get(&probe, &url).await;
        self.visited.insert(url.clone());
        if r.status.is_redirection() {
            if let Some(to) = same_origin(r.location(), &url) {
                self.enqueue(to);
            }
            return;
        }
        let html = r
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if html {
            self.learn(&url, &r.body);
        }
    }

    async fn query(&mut self, path: &str, pairs: &[Pair], probe: &Probe) {
        let url = format!("{path}?{}", String::from_utf8_lossy(&urlencode(pairs)));
        self.get(probe, &url).await;
    }

    async fn raw_query(&mut self, path: &str, query: &str, probe: &Probe) {
        self.get(probe, &format!("{path}?{query}")).await;
    }

    async fn fuzz_query(&mut self, path: &str, base: Vec<Pair>) {
        let names: Vec<Vec<u8>> = base.iter().fold(Vec::new(), |mut v, p| {
            if !v.contains(&p.name) {
                v.push(p.name.clone());
            }
            v
        });
        for name in &names {
            self.params_fuzzed += 1;
            let field = format!("?{}", String::from_utf8_lossy(name));
            for i in 0..self.payloads.len() {
                if self.payloads[i].raw {
                    continue;
                }
                let p = &self.payloads[i];
                let probe = Probe::new("GET", path, &field, p.label);
                let pairs = replaced(
                    &base,
                    name,
                    Pair {
                        name: name.clone(),
                        value: p.bytes.clone(),
                        raw: false,
                        file: false,
                    },
                );
                self.query(path, &pairs, &probe).await;
            }
            let current = base
                .iter()
                .find(|p| &p.name == name)
                .map(|p| p.value.clone())
                .unwrap_or_default();
            let mut dup = base.clone();
            dup.push(Pair {
                name: name.clone(),
                value: [current.as_slice(), b"x"].concat(),
                raw: false,
                file: false,
            });
            self.query(path, &dup, &Probe::new("GET", path, &field, "(duplicated)"))
                .await;
            for (suffix, label) in [(&b"[]"[..], "(name[])"), (&b"\0"[..], "(name\\0)")] {
                let odd: Vec<Pair> = base
                    .iter()
                    .map(|p| {
                        let mut p = p.clone();
                        if &p.name == name {
                            p.name.extend_from_slice(suffix);
                        }
                        p
                    })
                    .collect();
                self.query(path, &odd, &Probe::new("GET", path, &field, label))
                    .await;
            }
        }
        let base_query = String::from_utf8_lossy(&urlencode(&base)).into_owned();
        let long_name = "n".repeat(10_000);
        for (extra, label) in [
            ("%FF%FE=1", "(name %FF%FE)"),
            ("=1", "(empty name)"),
            (long_name.as_str(), "(10000-char name)"),
            ("&&&=&", "(empty pairs)"),
            ("%zz=%&%", "(bad percent-encoding)"),
        ] {
            let query = if base_query.is_empty() {
                extra.to_string()
            } else {
                format!("{base_query}&{extra}")
            };
            self.raw_query(path, &query, &Probe::new("GET", path, "(query)", label))
                .await;
        }
    }

    async fn fuzz_path(&mut self, path: &str) {
        let segments: Vec<&str> = path.split('/').collect();
        let Some(at) = segments.iter().position(|s| is_id(s)) else {
            return;
        };
        for i in 0..self.payloads.len() {
            if self.payloads[i].raw {
                continue;
            }
            let mut seg = Vec::new();
            pct(&mut seg, &self.payloads[i].bytes);
            let mut s: Vec<String> = segments.iter().map(|s| s.to_string()).collect();
            s[at] = String::from_utf8_lossy(&seg).into_owned();
            let url = s.join("/");
            let probe = Probe {
                method: "GET",
                target: path_shape(path),
                field: "(path id)".into(),
                payload: self.payloads[i].label.into(),
            };
            self.get(&probe, &url).await;
        }
    }

    /// The form's action with the current CSRF token in place of the page's, or without it.
    fn action(&self, form: &Form, with_token: bool) -> String {
        let (path, query) = split_url(&form.action);
        let mut pairs = query_pairs(query);
        pairs.retain(|p| p.name != b"_csrf");
        if with_token && form.action.contains("_csrf=") {
            pairs.push(Pair::new("_csrf", &self.token));
        }
        if pairs.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{}", String::from_utf8_lossy(&urlencode(&pairs)))
        }
    }

    fn encode(form: &Form, pairs: &[Pair]) -> (Option<String>, Vec<u8>) {
        if form.multipart {
            (
                Some(format!("multipart/form-data; boundary={BOUNDARY}")),
                multipart(pairs),
            )
        } else {
            (
                Some("application/x-www-form-urlencoded".into()),
                urlencode(pairs),
            )
        }
    }

    async fn submit(&mut self, form: &Form, pairs: &[Pair], probe: &Probe) -> crate::support::Resp {
        let url = self.action(form, true);
        let (ct, body) = Fuzzer::encode(form, pairs);
        self.post(probe, &url, ct, body).await
    }

    async fn fuzz_form(&mut self, form: Form) {
        if !form.post {
            let base = form.baseline(self.requests, &self.token);
            let (path, query) = split_url(&form.action);
            let mut pairs = query_pairs(query);
            pairs.extend(base);
            self.fuzz_query(path, pairs).await;
            return;
        }
        self.forms_fuzzed += 1;
        let url = form.action.clone();
        let base = form.baseline(self.requests, &self.token);
        let r = self
            .submit(&form, &base, &Probe::new("POST", &url, "(as filled)", "-"))
            .await;
        if r.status.is_redirection() {
            if let Some(to) = same_origin(r.location(), &url)
                && self.revisits < MAX_PAGES
            {
                self.revisits += 1;
                self.pages.push_front(to);
            }
        } else if r.body.contains("<form") {
            let page = split_url(&url).0.to_string();
            self.learn(&page, &r.body);
        }
        for name in form.names() {
            let file = form
                .controls
                .iter()
                .any(|c| matches!(c, Control::File(n) if *n == name));
            for i in 0..self.payloads.len() {
                let base = form.baseline(self.requests, &self.token);
                let p = &self.payloads[i];
                let (label, raw) = (p.label, p.raw);
                let value = if file {
                    csv_with(&p.bytes)
                } else {
                    p.bytes.clone()
                };
                let pairs = replaced(
                    &base,
                    name.as_bytes(),
                    Pair {
                        name: name.as_bytes().to_vec(),
                        value,
                        raw: raw || file,
                        file,
                    },
                );
                self.submit(&form, &pairs, &Probe::new("POST", &url, &name, label))
                    .await;
                if file {
                    let p = &self.payloads[i];
                    let pairs = replaced(
                        &base,
                        name.as_bytes(),
                        Pair {
                            name: name.as_bytes().to_vec(),
                            value: p.bytes.clone(),
                            raw: true,
                            file: true,
                        },
                    );
                    let probe = Probe::new("POST", &url, &format!("{name} (whole file)"), label);
                    self.submit(&form, &pairs, &probe).await;
                }
            }
            let mut dup = form.baseline(self.requests, &self.token);
            if let Some(p) = dup.iter().find(|p| p.name == name.as_bytes()).cloned() {
                dup.push(p);
            } else {
                dup.push(Pair::new(&name, "x"));
                dup.push(Pair::new(&name, "y"));
            }
            self.submit(
                &form,
                &dup,
                &Probe::new("POST", &url, &name, "(duplicated)"),
            )
            .await;
        }
        self.fuzz_form_whole(&form).await;
    }

    async fn fuzz_form_whole(&mut self, form: &Form) {
        let url = form.action.clone();
        let probe = |field: &str| Probe::new("POST", &url, field, "-");

        let mut pairs = form.baseline(self.requests, &self.token);
        pairs.retain(|p| p.name != b"_csrf");
        let (ct, body) = Fuzzer::encode(form, &pairs);
        let bare = self.action(form, false);
        self.post(&probe("(no _csrf)"), &bare, ct, body).await;

        let long_name = "n".repeat(10_000);
        for (name, label) in [
            ("x[]", "(extra name x[])"),
            ("\0", "(extra name \\0)"),
            ("", "(extra empty name)"),
            (long_name.as_str(), "(extra 10000-char name)"),
        ] {
            let mut pairs = form.baseline(self.requests, &self.token);
            pairs.push(Pair::new(name, "1"));
            self.submit(form, &pairs, &probe(label)).await;
        }

        let pairs = form.baseline(self.requests, &self.token);
        let with_token = self.action(form, true);
        let variants: [(&str, Option<String>, Vec<u8>); 6] = [
            (
                "(Content-Type: text/plain)",
                Some("text/plain".into()),
                urlencode(&pairs),
            ),
            (
                "(Content-Type: application/json)",
                Some("application/json".into()),
                as_json(&pairs),
            ),
            ("(no Content-Type)", None, urlencode(&pairs)),
            (
                "(multipart without boundary)",
                Some("multipart/form-data".into()),
                multipart(&pairs),
            ),
            if form.multipart {
                (
                    "(sent urlencoded)",
                    Some("application/x-www-form-urlencoded".into()),
                    urlencode(&pairs),
                )
            } else {
                (
                    "(sent multipart)",
                    Some(format!("multipart/form-data; boundary={BOUNDARY}")),
                    multipart(&pairs),
                )
            },
            (
                "(garbage body)",
                Some("application/x-www-form-urlencoded".into()),
                [&urlencode(&pairs)[..], b"&\xff\xfe\x00=%%%&&==&%zz"].concat(),
            ),
        ];
        for (label, ct, body) in variants {
            self.post(&probe(label), &with_token, ct, body).await;
        }
    }

    fn next_form(&mut self) -> Option<Form> {
        if self.forms.is_empty() {
            return None;
        }
        let at = self
            .forms
            .iter()
            .position(|f| !LAST.contains(&f.last_segment()))
            .unwrap_or(0);
        Some(self.forms.remove(at))
    }

    async fn run(mut self) -> Outcome {
        self.enqueue("/".into());
        loop {
            if let Some(url) = self.pages.pop_front() {
                self.visit(url).await;
            } else if let Some(url) = self.queries.pop_front() {
                let (path, query) = split_url(&url);
                self.fuzz_query(path, query_pairs(query)).await;
            } else if let Some(path) = self.paths.pop_front() {
                self.fuzz_path(&path).await;
            } else if let Some(form) = self.next_form() {
                self.fuzz_form(form).await;
            } else {
                break;
            }
        }
        for url in self.visited.clone() {
            let probe = Probe::new("GET", &url, "(stored payloads)", "-");
            self.get(&probe, &url).await;
        }
        self.seen.clear();
        self.per_shape.clear();
        self.enqueue("/".into());
        while let Some(url) = self.pages.pop_front() {
            let probe = Probe::new("GET", &url, "(stored payloads)", "-");
            let r = self.get(&probe, &url).await;
            if r.headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html"))
            {
                for link in links(&url, &scan(&r.body)) {
                    self.enqueue(link);
                }
            }
        }
        Outcome {
            requests: self.requests,
            server_errors: self.server_errors,
            rejected_writes: self.rejected_writes,
            escaped_echoes: self.escaped_echoes,
            forms: self.forms_fuzzed,
            params: self.params_fuzzed,
            findings: self.findings,
            notes: self.notes,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_values_in_every_form_and_query_never_break_the_app() {
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for &(login, slug) in ROLES.iter().chain([&(ANONYMOUS, "fjardlunda")]) {
        tasks.spawn(async move {
            let outcome = Fuzzer::new(login, slug).await.run().await;
            (login, outcome)
        });
    }
    let mut findings: BTreeMap<Finding, BTreeSet<&str>> = BTreeMap::new();
    let mut notes = BTreeSet::new();
    let (mut requests, mut server_errors, mut rejected, mut escaped) = (0, 0, 0, 0);
    let (mut forms, mut params) = (0, 0);
    while let Some(done) = tasks.join_next().await {
        let (login, outcome) = done.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
        let role = login.split('@').next().unwrap_or(login);
        eprintln!(
            "fuzz: {role}: {} requests, {} responses >= 500, {} rejected writes, {} forms, \
             {} query parameters",
            outcome.requests,
            outcome.server_errors,
            outcome.rejected_writes,
            outcome.forms,
            outcome.params,
        );
        requests += outcome.requests;
        server_errors += outcome.server_errors;
        rejected += outcome.rejected_writes;
        escaped += outcome.escaped_echoes;
        forms += outcome.forms;
        params += outcome.params;
        for f in outcome.findings {
            findings.entry(f).or_default().insert(role);
        }
        notes.extend(outcome.notes);
    }
    for note in &notes {
        eprintln!("fuzz: note: {note}");
    }
    let mut report = String::new();
    for (f, roles) in &findings {
        report.push_str(&format!(
            "{} | {} {} | field {} | payload {} | status {} | {}\n",
            f.problem,
            f.method,
            f.target,
            f.field,
            f.payload,
            f.status,
            roles.iter().copied().collect::<Vec<_>>().join(",")
        ));
    }
    eprintln!("{report}");
    eprintln!(
        "fuzz: {requests} requests, {server_errors} responses >= 500, {rejected} rejected writes \
         with unchanged row counts checked, {escaped} responses echoing a payload escaped, \
         {forms} forms, {params} query parameters, {} distinct findings, {:.0?}",
        findings.len(),
        started.elapsed()
    );
    assert!(
        findings.is_empty(),
        "{} distinct findings, listed above",
        findings.len()
    );
}
