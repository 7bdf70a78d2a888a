//! Reading pages: a tolerant tag scanner, links, forms and their controls, URL shapes.

use super::*;

pub(super) fn split_url(url: &str) -> (&str, &str) {
    url.split_once('?').unwrap_or((url, ""))
}

pub(super) fn query_pairs(query: &str) -> Vec<Pair> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .iter()
        .map(|(k, v)| Pair::new(k, v))
        .collect()
}

pub(super) fn is_id(segment: &str) -> bool {
    uuid::Uuid::parse_str(segment).is_ok()
        || (!segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()))
}

pub(super) fn is_code(segment: &str) -> bool {
    (2..=5).contains(&segment.len()) && segment.bytes().all(|b| b.is_ascii_uppercase())
}

/// `s` with every uuid in it replaced by `{id}`.
pub(super) fn without_ids(s: &str) -> String {
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
pub(super) fn shape(url: &str) -> String {
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

pub(super) fn path_shape(url: &str) -> String {
    shape(split_url(url).0)
}

/// A same-origin link as an absolute path with query, without its fragment.
pub(super) fn same_origin(href: &str, base: &str) -> Option<String> {
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

pub(super) fn decode_entities(s: &str) -> String {
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
pub(super) struct Tag {
    pub(super) name: String,
    pub(super) close: bool,
    pub(super) attrs: Vec<(String, String)>,
    /// Decoded text up to the next tag (for `<textarea>`, up to its end tag).
    pub(super) text: String,
}

impl Tag {
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn has(&self, name: &str) -> bool {
        self.attr(name).is_some()
    }
}

pub(super) fn next_char_len(s: &str) -> usize {
    s.chars().next().map_or(1, char::len_utf8)
}

pub(super) fn skip_space(s: &str, mut j: usize) -> usize {
    while j < s.len() && (s.as_bytes()[j].is_ascii_whitespace() || s.as_bytes()[j] == b'/') {
        j += 1;
    }
    j
}

pub(super) fn scan(html: &str) -> Vec<Tag> {
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
pub(super) enum Control {
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
    pub(super) fn name(&self) -> &str {
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
pub(super) struct Form {
    pub(super) post: bool,
    pub(super) action: String,
    pub(super) multipart: bool,
    pub(super) controls: Vec<Control>,
    pub(super) password: bool,
}

impl Form {
    pub(super) fn names(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        self.controls
            .iter()
            .map(|c| c.name().to_string())
            .filter(|n| seen.insert(n.clone()))
            .collect()
    }

    pub(super) fn key(&self) -> String {
        let names: BTreeSet<String> = self.names().iter().map(|n| without_ids(n)).collect();
        format!(
            "{} {} {}",
            if self.post { "POST" } else { "GET" },
            path_shape(&self.action),
            names.into_iter().collect::<Vec<_>>().join(",")
        )
    }

    pub(super) fn last_segment(&self) -> &str {
        split_url(&self.action).0.rsplit('/').next().unwrap_or("")
    }
}

impl Form {
    /// What a browser would send, with fillers in empty inputs, the first box of a group with
    /// none checked, and `token` as the CSRF token.
    pub(super) fn baseline(&self, n: usize, token: &str) -> Vec<Pair> {
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

pub(super) fn filler(name: &str, kind: &str, n: usize) -> String {
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

pub(super) fn forms(page: &str, tags: &[Tag]) -> Vec<Form> {
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

pub(super) fn links(page: &str, tags: &[Tag]) -> Vec<String> {
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

pub(super) fn csrf_token(tags: &[Tag]) -> Option<String> {
    tags.iter()
        .find(|t| t.name == "input" && t.attr("name") == Some("_csrf"))
        .and_then(|t| t.attr("value"))
        .map(str::to_string)
}

/// Whether a browser would render a body of this content type (nosniff is set) as a document.
pub(super) fn rendered_as_html(content_type: &str) -> bool {
    let ct = content_type.to_ascii_lowercase();
    ct.is_empty()
        || ct.starts_with("text/html")
        || ct.starts_with("application/xhtml")
        || ct.starts_with("image/svg")
        || ct.starts_with("text/xml")
        || ct.starts_with("application/xml")
}
