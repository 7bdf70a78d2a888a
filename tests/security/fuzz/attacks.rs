//! The attacks: every query parameter, path id and form field with each malformed value.

use super::*;

impl Fuzzer {
    pub(super) async fn fuzz_query(&mut self, path: &str, base: Vec<Pair>) {
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

    pub(super) async fn fuzz_path(&mut self, path: &str) {
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
    pub(super) fn action(&self, form: &Form, with_token: bool) -> String {
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

    pub(super) fn encode(form: &Form, pairs: &[Pair]) -> (Option<String>, Vec<u8>) {
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

    pub(super) async fn submit(
        &mut self,
        form: &Form,
        pairs: &[Pair],
        probe: &Probe,
    ) -> crate::support::Resp {
        let url = self.action(form, true);
        let (ct, body) = Fuzzer::encode(form, pairs);
        self.post(probe, &url, ct, body).await
    }

    pub(super) async fn fuzz_form(&mut self, form: Form) {
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

    pub(super) async fn fuzz_form_whole(&mut self, form: &Form) {
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
}
