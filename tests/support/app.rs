//! `TestApp`: the real router, called in-process, with a cookie jar of one session cookie and
//! the session's CSRF token, as a browser on the same origin would send them.

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use lotsen_core::testing::{TestDb, fresh_database};
use lotsen_web::{AppState, WebConfig};
use std::net::SocketAddr;
use tower::ServiceExt;
use uuid::Uuid;

pub const HOST: &str = "lotsen.test";
pub const PASSWORD: &str = lotsen_core::demo::PASSWORD;

pub struct TestApp {
    pub t: TestDb,
    router: Router,
    cookie: Option<String>,
    csrf: Option<String>,
    pub client: SocketAddr,
}

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    #[track_caller]
    pub fn assert_redirect_to(&self, path: &str) {
        assert_eq!(self.status, StatusCode::SEE_OTHER, "body: {}", self.body);
        assert_eq!(self.location(), path);
    }

    #[track_caller]
    pub fn assert_ok(&self) {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
    }

    #[track_caller]
    pub fn assert_status(&self, status: StatusCode) {
        assert_eq!(self.status, status, "body: {}", self.body);
    }

    /// The id of the object a redirect points to (`/admin/x/{id}?…`).
    pub fn redirect_id(&self) -> Uuid {
        let path = self.location().split('?').next().unwrap_or("");
        let last = path.rsplit('/').next().unwrap_or("");
        Uuid::parse_str(last).unwrap_or_else(|_| panic!("no id in {}", self.location()))
    }

    /// Text between tags, with whitespace collapsed, for asserting on what a reader sees.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in self.body.chars() {
            match c {
                '<' => {
                    in_tag = true;
                    out.push(' ');
                }
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

impl TestApp {
    /// A fresh database with the demo loaded.
    pub async fn demo() -> TestApp {
        let t = fresh_database().await;
        lotsen_core::demo::load_if_empty(&t.db, &t.target)
            .await
            .expect("demo loads");
        TestApp::on(t)
    }

    pub fn on(t: TestDb) -> TestApp {
        TestApp::with_config(t, WebConfig::default())
    }

    /// A fresh database with the demo loaded, served with these web settings.
    pub async fn demo_with(config: WebConfig) -> TestApp {
        let t = fresh_database().await;
        lotsen_core::demo::load_if_empty(&t.db, &t.target)
            .await
            .expect("demo loads");
        TestApp::with_config(t, config)
    }

    pub fn with_config(t: TestDb, config: WebConfig) -> TestApp {
        let state = AppState {
            db: t.db.clone(),
            config,
        };
        TestApp {
            router: lotsen_web::router(state),
            t,
            cookie: None,
            csrf: None,
            client: "192.0.2.10:50000".parse().expect("address"),
        }
    }

    /// A second browser on the same database and server.
    pub fn other_browser(&self) -> TestApp {
        TestApp {
            t: TestDb {
                db: self.t.db.clone(),
                target: self.t.target.clone(),
                name: self.t.name.clone(),
            },
            router: self.router.clone(),
            cookie: None,
            csrf: None,
            client: self.client,
        }
    }

    /// Another tab of the same browser: the same session cookie and CSRF token.
    pub fn same_session(&self) -> TestApp {
        let mut tab = self.other_browser();
        tab.cookie = self.cookie.clone();
        tab.csrf = self.csrf.clone();
        tab
    }

    pub fn session_cookie(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    pub async fn send(&mut self, mut req: Request<Body>) -> Resp {
        req.headers_mut()
            .insert(header::HOST, HOST.parse().expect("host"));
        if let Some(c) = &self.cookie {
            req.headers_mut().insert(
                header::COOKIE,
                format!("lotsen_session={c}").parse().expect("cookie"),
            );
        }
        req.extensions_mut().insert(ConnectInfo(self.client));
        let res = self.router.clone().oneshot(req).await.expect("infallible");
        let (parts, body) = res.into_parts();
        for v in parts.headers.get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap_or("");
            if let Some(rest) = v.strip_prefix("lotsen_session=") {
                let value = rest.split(';').next().unwrap_or("");
                if value.is_empty() || v.contains("Max-Age=0") {
                    self.cookie = None;
                    self.csrf = None;
                } else {
                    self.cookie = Some(value.to_string());
                    self.csrf = None;
                }
            }
        }
        let bytes = body.collect().await.expect("body").to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(token) = csrf_in(&body) {
            self.csrf = Some(token);
        }
        Resp {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        let req = Request::get(path).body(Body::empty()).expect("request");
        self.send(req).await
    }

    /// A same-origin form post; the session's CSRF token is added when logged in.
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Resp {
        if self.cookie.is_some() && self.csrf.is_none() {
            self.get("/konto/losenord").await;
        }
        let mut pairs: Vec<(&str, &str)> = form.to_vec();
        let token = self.csrf.clone();
        if let Some(t) = &token
            && !pairs.iter().any(|(k, _)| *k == "_csrf")
        {
            pairs.push(("_csrf", t));
        }
        let body = serde_urlencoded::to_string(&pairs).expect("form");
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(body))
            .expect("request");
        self.send(req).await
    }

    /// A same-origin `multipart/form-data` post (a file upload), as a browser sends it: text
    /// fields and one file `(field, file name, content)`. Like the upload forms, it carries
    /// the session's CSRF token in a hidden `_csrf` field (first, unless the fields hold one).
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> Resp {
        if self.cookie.is_some() && self.csrf.is_none() {
            self.get("/konto/losenord").await;
        }
        let uri = path.to_string();
        let token = self.csrf.clone().unwrap_or_default();
        let mut fields: Vec<(&str, &str)> = fields.to_vec();
        if self.csrf.is_some() && !fields.iter().any(|(k, _)| *k == "_csrf") {
            fields.insert(0, ("_csrf", &token));
        }
        let boundary = format!("----lotsen-test-{}", Uuid::new_v4().simple());
        let mut body: Vec<u8> = Vec::new();
        for (k, v) in &fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some((name, filename, content)) = file {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: text/csv\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let req = Request::post(uri)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(body))
            .expect("request");
        self.send(req).await
    }

    /// The session's CSRF token (as the pages' hidden fields carry it).
    pub async fn csrf_token(&mut self) -> String {
        if self.csrf.is_none() {
            self.get("/konto/losenord").await;
        }
        self.csrf.clone().unwrap_or_default()
    }

    /// Logs in with the demo password and checks that it worked.
    pub async fn login(&mut self, email: &str) -> Resp {
        let r = self.login_with(email, PASSWORD).await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "login failed: {}",
            r.text()
        );
        r
    }

    pub async fn login_with(&mut self, email: &str, password: &str) -> Resp {
        self.post("/logga-in", &[("epost", email), ("losenord", password)])
            .await
    }

    /// Logs in and, for people in several förbund, chooses the förbund with `slug`.
    pub async fn login_in(&mut self, email: &str, slug: &str) {
        self.login(email).await;
        let home = self.get("/").await;
        if home.location() == "/valj-forbund" {
            let id = self.forbund_id(slug).await.to_string();
            self.post("/valj-forbund", &[("forbund", &id)])
                .await
                .assert_redirect_to("/");
        }
    }

    pub async fn forbund_id(&self, slug: &str) -> Uuid {
        lotsen_core::admin::forbund::id_by_slug(&self.t.db, slug)
            .await
            .expect("förbund exists")
    }

    /// Runs a query as the app role inside the given förbund (tenant) and returns one value.
    pub async fn scalar_in<T>(&self, slug: &str, sql: &str) -> T
    where
        T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
    {
        let id = self.forbund_id(slug).await;
        let mut tx = self.t.db.begin_as(Some(id), None, false).await.expect("tx");
        let v: T = sqlx::query_scalar(sql)
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        tx.commit().await.expect("commit");
        v
    }

    /// The id of the person with `email` among the members of the förbund `slug`.
    pub async fn user_id(&self, slug: &str, email: &str) -> Uuid {
        let id = self.forbund_id(slug).await;
        let mut tx = self.t.db.begin_as(Some(id), None, false).await.expect("tx");
        let user: Uuid = sqlx::query_scalar(
            "select m.user_id from membership m join app_user u using (user_id) \
             where m.forbund_id = $1 and u.epost = $2",
        )
        .bind(id)
        .bind(email)
        .fetch_one(&mut *tx)
        .await
        .unwrap_or_else(|e| panic!("{email} in {slug}: {e}"));
        tx.commit().await.expect("commit");
        user
    }

    /// (group, status) pairs whose kept count in `arende_antal` differs from the ärenden
    /// actually there (0 when the triggers of migration 0008 kept up).
    pub async fn arende_count_drift(&self, slug: &str) -> i64 {
        self.scalar_in(
            slug,
            "select count(*) from ( \
                 select lokus_id, status, count(*) as n from arende where forbund_id = $1 group by 1, 2) c \
             full join (select lokus_id, status, antal from arende_antal \
                        where forbund_id = $1 and antal <> 0) k using (lokus_id, status) \
             where c.n is distinct from k.antal",
        )
        .await
    }

    /// Rows of the statistics' kept sums and handläggare presence (migration 0012) that differ
    /// from a recount of the förbund's ärenden through `statistik_bidrag` (0 when the triggers
    /// and seed-demo's recount kept up). Zero rows are left out on both sides.
    pub async fn statistik_drift(&self, slug: &str) -> i64 {
        self.scalar_in(
            slug,
            "with ref as ( \
                 select a.lokus_id, date_trunc('month', a.inkom::timestamp)::date as manad, b.dim, b.kod, \
                        count(*) filter (where a.kon = 'kvinna') as kvinna, \
                        count(*) filter (where a.kon = 'man') as man, \
                        count(*) filter (where a.kon = 'okant') as okant_kon, \
                        count(*) filter (where a.alder < 30) as under_30, \
                        count(*) filter (where a.alder >= 30) as aldre, \
                        count(*) filter (where a.alder is null) as okand_alder, count(*) as totalt \
                 from arende a cross join lateral statistik_bidrag(a.part, a.enhet_id, \
                      a.samverkansproblem, a.avslut, a.bostadskommun, a.atgard_koder, a.malgrupper, \
                      a.ersattning) b \
                 where a.forbund_id = $1 group by 1, 2, 3, 4), \
             kept as ( \
                 select lokus_id, manad, dim, kod, kvinna, man, okant_kon, under_30, aldre, \
                        okand_alder, totalt from statistik_manad \
                 where forbund_id = $1 and (kvinna, man, okant_kon, under_30, aldre, okand_alder, \
                       totalt) <> (0, 0, 0, 0, 0, 0, 0)), \
             hl_ref as ( \
                 select a.lokus_id, p.helt_ar, p.borjar, a.handlaggare_id, a.part, \
                        coalesce(a.enhet_id::text, '') as enhet, count(*) as arenden \
                 from arende a cross join lateral (values \
                      (false, date_trunc('month', a.inkom::timestamp)::date), \
                      (true, date_trunc('year', a.inkom::timestamp)::date)) p(helt_ar, borjar) \
                 where a.forbund_id = $1 and a.handlaggare_id is not null group by 1, 2, 3, 4, 5, 6), \
             hl_kept as ( \
                 select lokus_id, helt_ar, borjar, handlaggare_id, part, enhet, arenden \
                 from statistik_handlaggare where forbund_id = $1 and arenden <> 0) \
             select (select count(*) from ((table ref except all table kept) \
                                           union all (table kept except all table ref)) d) \
                  + (select count(*) from ((table hl_ref except all table hl_kept) \
                                           union all (table hl_kept except all table hl_ref)) d)",
        )
        .await
    }

    /// How many ärenden of a förbund carry code arrays (migration 0011) that differ from their
    /// child tables: distinct codes, sorted, `{}` for none. 0 when the triggers kept them.
    pub async fn arende_koder_drift(&self, slug: &str) -> i64 {
        self.scalar_in(
            slug,
            "select count(*) from arende a where a.forbund_id = $1 and ( \
                 a.atgard_koder is distinct from coalesce((select array_agg(distinct t.kod order by t.kod) \
                     from atgard t where t.forbund_id = a.forbund_id and t.arende_id = a.arende_id), '{}') \
              or a.malgrupper is distinct from coalesce((select array_agg(m.kod order by m.kod) \
                     from arende_malgrupp m where m.forbund_id = a.forbund_id and m.arende_id = a.arende_id), '{}') \
              or a.ersattning is distinct from coalesce((select array_agg(e.kod order by e.kod) \
                     from arende_ersattning e where e.forbund_id = a.forbund_id and e.arende_id = a.arende_id), '{}'))",
        )
        .await
    }

    /// The test database as a `DATABASE_URL` for the `lotsen` binary.
    pub fn database_url(&self) -> String {
        let o = &self.t.target.options;
        let db = o.get_database().unwrap_or("lotsen");
        match o.get_socket() {
            Some(socket) => format!(
                "postgresql://{}@localhost:{}/{db}?host={}",
                o.get_username(),
                o.get_port(),
                socket.display()
            ),
            None => format!(
                "postgresql://{}@{}:{}/{db}",
                o.get_username(),
                o.get_host(),
                o.get_port()
            ),
        }
    }

    /// Audit actions recorded in a förbund, oldest first.
    pub async fn audit_actions(&self, slug: &str) -> Vec<String> {
        let id = self.forbund_id(slug).await;
        let mut tx = self.t.db.begin_as(Some(id), None, false).await.expect("tx");
        let v: Vec<String> = sqlx::query_scalar(
            "select action from audit_event where forbund_id = $1 order by audit_event_id",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .expect("audit");
        tx.commit().await.expect("commit");
        v
    }
}

fn csrf_in(body: &str) -> Option<String> {
    let marker = "name=\"_csrf\" value=\"";
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_string())
}
