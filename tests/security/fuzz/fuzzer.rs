//! The fuzzer: crawls one role's pages, sends every malformed request and records findings.

use super::*;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Finding {
    pub(super) problem: String,
    pub(super) method: &'static str,
    pub(super) target: String,
    pub(super) field: String,
    pub(super) payload: String,
    pub(super) status: u16,
}

#[derive(Clone)]
pub(super) struct Probe {
    pub(super) method: &'static str,
    pub(super) target: String,
    pub(super) field: String,
    pub(super) payload: String,
}

impl Probe {
    pub(super) fn new(method: &'static str, url: &str, field: &str, payload: &str) -> Probe {
        Probe {
            method,
            target: path_shape(url),
            field: field.to_string(),
            payload: payload.to_string(),
        }
    }
}

pub(super) struct Fuzzer {
    pub(super) app: TestApp,
    pub(super) login: &'static str,
    pub(super) slug: &'static str,
    pub(super) owner: PgPool,
    pub(super) self_id: Option<String>,
    pub(super) token: String,
    pub(super) payloads: Vec<Payload>,
    pub(super) requests: usize,
    pub(super) server_errors: usize,
    pub(super) rejected_writes: usize,
    pub(super) escaped_echoes: usize,
    pub(super) findings: Vec<Finding>,
    pub(super) notes: BTreeSet<String>,
    pub(super) counts: Option<Vec<i64>>,
    pub(super) pages: VecDeque<String>,
    pub(super) seen: HashSet<String>,
    pub(super) per_shape: HashMap<String, usize>,
    pub(super) revisits: usize,
    pub(super) visited: BTreeSet<String>,
    pub(super) queries: VecDeque<String>,
    pub(super) query_shapes: HashSet<String>,
    pub(super) paths: VecDeque<String>,
    pub(super) path_shapes: HashSet<String>,
    pub(super) forms: Vec<Form>,
    pub(super) form_keys: HashSet<String>,
    pub(super) forms_fuzzed: usize,
    pub(super) params_fuzzed: usize,
}

impl Fuzzer {
    pub(super) async fn new(login: &'static str, slug: &'static str) -> Fuzzer {
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

    pub(super) fn find(&mut self, probe: &Probe, status: u16, problem: String) {
        self.findings.push(Finding {
            problem,
            method: probe.method,
            target: probe.target.clone(),
            field: without_ids(&probe.field),
            payload: probe.payload.clone(),
            status,
        });
    }

    pub(super) async fn send(&mut self, probe: &Probe, req: Request<Body>) -> crate::support::Resp {
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

    pub(super) async fn get(&mut self, probe: &Probe, url: &str) -> crate::support::Resp {
        self.counts = None;
        let req = Request::get(url).body(Body::empty()).expect("request");
        self.send(probe, req).await
    }

    pub(super) async fn row_counts(&self) -> Vec<i64> {
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

    pub(super) async fn post(
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

    pub(super) fn enqueue(&mut self, url: String) {
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

    pub(super) fn learn(&mut self, page: &str, body: &str) {
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

    pub(super) async fn visit(&mut self, url: String) {
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

    pub(super) async fn query(&mut self, path: &str, pairs: &[Pair], probe: &Probe) {
        let url = format!("{path}?{}", String::from_utf8_lossy(&urlencode(pairs)));
        self.get(probe, &url).await;
    }

    pub(super) async fn raw_query(&mut self, path: &str, query: &str, probe: &Probe) {
        self.get(probe, &format!("{path}?{query}")).await;
    }

    pub(super) fn next_form(&mut self) -> Option<Form> {
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

    pub(super) async fn run(mut self) -> Outcome {
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

pub(super) struct Outcome {
    pub(super) requests: usize,
    pub(super) server_errors: usize,
    pub(super) rejected_writes: usize,
    pub(super) escaped_echoes: usize,
    pub(super) forms: usize,
    pub(super) params: usize,
    pub(super) findings: Vec<Finding>,
    pub(super) notes: BTreeSet<String>,
}
