//! The machinery under the browser tests: finding the browser tools (skip or fail when they
//! are missing), starting `lotsen demo` and chromedriver on free ports with guards that stop
//! them again (also when a test panics), a WebDriver session with headless Chromium, small
//! page helpers, and saving a screenshot, the page and the logs when a test fails.

use crate::support::smtp::{Inbox, SmtpSink};
use anyhow::{Context, anyhow, bail};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::wd::{Capabilities, TimeoutConfiguration};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::fs::File;
use std::future::Future;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

pub use lotsen_core::demo::PASSWORD;

/// How long a page may take to settle after a click or key press before a test gives up.
const SETTLE: Duration = Duration::from_secs(20);

/// The workspace root (where `target/` and `node_modules/` live).
pub fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// Where failing tests leave screenshots, pages, logs and reports.
pub fn artifacts_dir(test: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("e2e-artifacts").join(test)
}

/// The external programs a browser test needs.
#[derive(Clone)]
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
    /// `node_modules/axe-core/axe.min.js`, when the test asked for it.
    pub axe: Option<PathBuf>,
}

fn configured(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The tools, or `None` (after a notice) when some are missing outside CI. With `CI=true` a
/// missing tool fails the test.
pub fn tools(test: &str, need_axe: bool) -> Option<Tools> {
    let chromium = configured("LOTSEN_E2E_CHROMIUM", "/usr/bin/chromium");
    let chromedriver = configured("LOTSEN_E2E_CHROMEDRIVER", "/usr/bin/chromedriver");
    let axe = workspace_root().join("node_modules/axe-core/axe.min.js");
    let mut missing = Vec::new();
    if !chromium.is_file() {
        missing.push(format!(
            "{} (apt-get install -y chromium, or set LOTSEN_E2E_CHROMIUM)",
            chromium.display()
        ));
    }
    if !chromedriver.is_file() {
        missing.push(format!(
            "{} (apt-get install -y chromium-driver, or set LOTSEN_E2E_CHROMEDRIVER)",
            chromedriver.display()
        ));
    }
    if need_axe && !axe.is_file() {
        missing.push(format!(
            "{} (run `npm ci` in {})",
            axe.display(),
            workspace_root().display()
        ));
    }
    if missing.is_empty() {
        return Some(Tools {
            chromium,
            chromedriver,
            axe: need_axe.then_some(axe),
        });
    }
    let message = format!("the browser test {test} needs {}", missing.join(" and "));
    if in_ci() {
        panic!("{message}. CI=true, so a missing browser tool fails the test.");
    }
    eprintln!("NOTICE: skipping {message}. (With CI=true this is a failure.)");
    None
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The status code and body of a plain `GET`, or `None` when nothing answers (yet).
fn http_get(addr: &str, path: &str) -> Option<(u16, String)> {
    let sock = addr.parse().ok()?;
    let mut stream = TcpStream::connect_timeout(&sock, Duration::from_secs(2)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    // Reads until the body announced by Content-Length is complete (chromedriver keeps the
    // connection open despite `Connection: close`).
    let mut response = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => response.extend_from_slice(&chunk[..n]),
            Err(_) if !response.is_empty() => break,
            Err(_) => return None,
        }
        let text = String::from_utf8_lossy(&response);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse::<usize>().ok())?
            });
            if length.is_some_and(|n| body.len() >= n) {
                break;
            }
        }
    }
    let response = String::from_utf8_lossy(&response);
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Some((status, body))
}

fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// A fresh directory under the system's temporary directory (readable by the `postgres`
/// user, which the embedded cluster runs as), removed when dropped.
pub struct WorkDir {
    pub path: PathBuf,
}

impl WorkDir {
    pub fn new() -> anyhow::Result<WorkDir> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "lotsen-e2e-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        if path.exists() {
            std::fs::remove_dir_all(&path)?;
        }
        std::fs::create_dir_all(&path)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
        Ok(WorkDir { path })
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A running `lotsen demo`; dropping it sends SIGTERM (so it stops its PostgreSQL cluster)
/// and waits for it to exit.
pub struct Server {
    child: Child,
    pub base: String,
    pub log: PathBuf,
}

impl Server {
    pub fn start(work: &Path) -> anyhow::Result<Server> {
        Server::start_with(work, "demo", &[])
    }

    /// `lotsen COMMAND` (`demo` or `serve`) with extra environment variables, set after the
    /// defaults (so `DATABASE_URL` points it at a test database, and `LOTSEN_SMTP_URL` and
    /// `LOTSEN_MAIL_FROM` at an SMTP sink).
    pub fn start_with(
        work: &Path,
        command: &str,
        env: &[(&str, String)],
    ) -> anyhow::Result<Server> {
        let addr = format!("127.0.0.1:{}", free_port()?);
        let log = work.join("server.log");
        let out = File::create(&log)?;
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_lotsen"));
        cmd.arg(command)
            .env("LOTSEN_ADDR", &addr)
            .env("LOTSEN_DATA_DIR", work.join("data"))
            .env("NO_COLOR", "1")
            .env_remove("DATABASE_URL")
            .env_remove("LOTSEN_COOKIE_SECURE")
            .env_remove("LOTSEN_LOG_FORMAT")
            .env_remove("LOTSEN_SMTP_URL")
            .env_remove("LOTSEN_MAIL_FROM")
            .env_remove("LOTSEN_PUBLIC_URL");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .context("starting the lotsen binary")?;
        let mut server = Server {
            child,
            base: format!("http://{addr}"),
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Some(status) = server.child.try_wait()? {
                bail!(
                    "lotsen {command} exited ({status}) before it was ready:\n{}",
                    tail(&server.log, 30)
                );
            }
            if matches!(http_get(&addr, "/halsa/redo"), Some((200, _))) {
                return Ok(server);
            }
            if Instant::now() > deadline {
                bail!(
                    "lotsen {command} was not ready within 120 s:\n{}",
                    tail(&server.log, 30)
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Sends SIGTERM (through `kill`, as the workspace forbids unsafe code) and waits; kills
/// the process if it has not exited after `grace`.
fn terminate(child: &mut Child, grace: Duration) {
    if !matches!(child.try_wait(), Ok(None)) {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if !matches!(child.try_wait(), Ok(None)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

impl Server {
    /// The last lines of the server's log.
    pub fn log_tail(&self) -> String {
        tail(&self.log, 40)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        terminate(&mut self.child, Duration::from_secs(30));
    }
}

/// A running chromedriver, stopped when dropped.
pub struct Driver {
    child: Child,
    pub url: String,
    pub log: PathBuf,
}

impl Driver {
    pub fn start(tools: &Tools, work: &Path) -> anyhow::Result<Driver> {
        let port = free_port()?;
        let addr = format!("127.0.0.1:{port}");
        let log = work.join("chromedriver.log");
        let child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", tools.chromedriver.display()))?;
        let mut driver = Driver {
            child,
            url: format!("http://{addr}"),
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = driver.child.try_wait()? {
                bail!("chromedriver exited ({status}):\n{}", tail(&driver.log, 30));
            }
            if let Some((200, body)) = http_get(&addr, "/status")
                && (body.contains("\"ready\":true") || body.contains("\"ready\": true"))
            {
                return Ok(driver);
            }
            if Instant::now() > deadline {
                bail!("chromedriver did not answer within 30 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        terminate(&mut self.child, Duration::from_secs(5));
    }
}

/// Opens a WebDriver session with a headless Chromium using a fresh profile.
async fn connect(tools: &Tools, driver: &Driver, work: &Path) -> anyhow::Result<Client> {
    let profile = work.join("chrome-profile");
    std::fs::create_dir_all(&profile)?;
    let mut caps = Capabilities::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": tools.chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--lang=sv-SE",
                "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .with_context(|| format!("opening a WebDriver session at {}", driver.url))?;
    client
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(60)),
            Some(Duration::from_secs(30)),
            Some(Duration::ZERO),
        ))
        .await?;
    Ok(client)
}

/// Runs one browser test: skips or fails when tools are missing, starts the server,
/// chromedriver and a browser session, runs `body`, and on failure (an error or a panic)
/// saves artifacts before cleaning up and failing with the reason.
pub async fn run<F, Fut>(test: &'static str, need_axe: bool, body: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    run_in(test, need_axe, false, body).await
}

/// Like `run`, with an SMTP sink started first: `lotsen demo` sends its e-mail notices there
/// (`LOTSEN_SMTP_URL`, `LOTSEN_MAIL_FROM`), and `Browser::mail` holds what arrived.
pub async fn run_with_mail<F, Fut>(test: &'static str, need_axe: bool, body: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    run_in(test, need_axe, true, body).await
}

/// The sender address of the mail `run_with_mail` receives.
pub const MAIL_FROM: &str = "Lotsen <lotsen@demo.lotsen.example>";

async fn run_in<F, Fut>(test: &'static str, need_axe: bool, mail: bool, body: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    let Some(tools) = tools(test, need_axe) else {
        return;
    };
    let started = Instant::now();
    // Artifacts of an earlier failure would mislead.
    let _ = std::fs::remove_dir_all(artifacts_dir(test));
    let work = WorkDir::new().expect("creating a temporary directory for the test");
    let sink = mail.then(SmtpSink::start);
    let server = match &sink {
        Some(sink) => Server::start_with(
            &work.path,
            "demo",
            &[
                ("LOTSEN_SMTP_URL", sink.url()),
                ("LOTSEN_MAIL_FROM", MAIL_FROM.to_string()),
            ],
        ),
        None => Server::start(&work.path),
    }
    .unwrap_or_else(|e| panic!("{test}: starting lotsen: {e:#}"));
    let driver = Driver::start(&tools, &work.path)
        .unwrap_or_else(|e| panic!("{test}: starting chromedriver: {e:#}"));
    let client = match connect(&tools, &driver, &work.path).await {
        Ok(c) => c,
        Err(e) => {
            let log = tail(&driver.log, 40);
            panic!("{test}: {e:#}\nchromedriver log:\n{log}");
        }
    };
    let ready = started.elapsed();
    let browser = Browser {
        client: client.clone(),
        base: server.base.clone(),
        test,
        axe: tools
            .axe
            .as_ref()
            .map(|p| std::fs::read_to_string(p).expect("reading axe.min.js")),
        mail: sink.as_ref().map(SmtpSink::inbox),
    };
    let failure = match tokio::spawn(body(browser)).await {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(format!("{e:?}")),
        Err(join) => Some(match join.try_into_panic() {
            Ok(payload) => payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panicked".into()),
            Err(e) => format!("the test task failed: {e}"),
        }),
    };
    let saved = match &failure {
        Some(reason) => Some(save_failure(test, &client, &server, &driver, reason).await),
        None => None,
    };
    let _ = client.close().await;
    drop(driver);
    drop(server);
    drop(sink);
    drop(work);
    eprintln!(
        "{test}: {:.1} s ({:.1} s to start the server and the browser)",
        started.elapsed().as_secs_f64(),
        ready.as_secs_f64()
    );
    if let Some(reason) = failure {
        let saved = saved.unwrap_or_default();
        panic!("{test} failed: {reason}\n{saved}");
    }
}

/// Saves a screenshot, the page's HTML, its URL and the logs; returns where.
async fn save_failure(
    test: &str,
    client: &Client,
    server: &Server,
    driver: &Driver,
    reason: &str,
) -> String {
    let dir = artifacts_dir(test);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return format!("(could not create {}: {e})", dir.display());
    }
    let url = client
        .current_url()
        .await
        .map(|u| u.to_string())
        .unwrap_or_else(|e| format!("(no URL: {e})"));
    let _ = std::fs::write(dir.join("failure.txt"), format!("{url}\n\n{reason}\n"));
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(dir.join("failure.png"), png);
    }
    if let Ok(html) = client.source().await {
        let _ = std::fs::write(dir.join("failure.html"), html);
    }
    let _ = std::fs::copy(&server.log, dir.join("server.log"));
    let _ = std::fs::copy(&driver.log, dir.join("chromedriver.log"));
    format!(
        "The page was {url}. Screenshot, HTML and logs: {}",
        dir.display()
    )
}

/// A browser session against one running Lotsen, with helpers for what the tests do.
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
    pub base: String,
    pub test: &'static str,
    /// The source of axe.min.js, when the test asked for it.
    pub axe: Option<String>,
    /// What the SMTP sink received (`run_with_mail`), else `None`.
    pub mail: Option<Inbox>,
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn goto(&self, path: &str) -> anyhow::Result<()> {
        let url = self.url(path);
        self.client
            .goto(&url)
            .await
            .with_context(|| format!("opening {url}"))?;
        self.settle().await
    }

    /// The current path and query, e.g. `/admin/lokus?klart=skapad`.
    pub async fn path(&self) -> anyhow::Result<String> {
        let url = self.client.current_url().await?;
        Ok(match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        })
    }

    /// Waits until the document has loaded.
    pub async fn settle(&self) -> anyhow::Result<()> {
        let deadline = Instant::now() + SETTLE;
        loop {
            let state = self
                .client
                .execute("return document.readyState", vec![])
                .await;
            if matches!(&state, Ok(Value::String(s)) if s == "complete") {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("the page did not finish loading");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Waits until the path (without the query) satisfies `ok` and the page has loaded.
    pub async fn wait_for_path(&self, what: &str, ok: impl Fn(&str) -> bool) -> anyhow::Result<()> {
        let deadline = Instant::now() + SETTLE;
        loop {
            let url = self.client.current_url().await?;
            if ok(url.path()) {
                return self.settle().await;
            }
            if Instant::now() > deadline {
                bail!("expected to arrive at {what}, but the browser is at {url}");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    pub async fn find(&self, css: &str) -> anyhow::Result<Element> {
        self.locate(Locator::Css(css), &format!("{css:?}")).await
    }

    /// Finds an element; the error names what and on which page.
    async fn locate(&self, locator: Locator<'_>, what: &str) -> anyhow::Result<Element> {
        match self.client.find(locator).await {
            Ok(e) => Ok(e),
            Err(e) => {
                let here = self.path().await.unwrap_or_else(|_| "?".into());
                Err(anyhow!(e).context(format!("finding {what} on {here}")))
            }
        }
    }

    pub async fn exists(&self, css: &str) -> anyhow::Result<bool> {
        Ok(!self.client.find_all(Locator::Css(css)).await?.is_empty())
    }

    /// The rendered text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> anyhow::Result<String> {
        Ok(self.find(css).await?.text().await?.trim().to_string())
    }

    /// The rendered texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> anyhow::Result<Vec<String>> {
        let mut out = Vec::new();
        for e in self.client.find_all(Locator::Css(css)).await? {
            out.push(e.text().await?.trim().to_string());
        }
        Ok(out)
    }

    pub async fn h1(&self) -> anyhow::Result<String> {
        self.text("h1").await
    }

    /// The labels of the main navigation.
    /// The navigation's entries, without the count of waiting things an entry may show
    /// ("Förfrågningar 5 nya" reads "Förfrågningar").
    pub async fn nav(&self) -> anyhow::Result<Vec<String>> {
        Ok(self
            .texts(".main-nav a")
            .await?
            .into_iter()
            .map(|t| {
                let words: Vec<&str> = t.split_whitespace().collect();
                match words.as_slice() {
                    [label @ .., n, "nya"] if n.chars().all(|c| c.is_ascii_digit()) => {
                        label.join(" ")
                    }
                    _ => words.join(" "),
                }
            })
            .collect())
    }

    /// Clears the field and types `value` into it.
    pub async fn fill(&self, css: &str, value: &str) -> anyhow::Result<()> {
        let field = self.find(css).await?;
        field.clear().await?;
        field
            .send_keys(value)
            .await
            .with_context(|| format!("typing into {css:?}"))
    }

    pub async fn select(&self, css: &str, label: &str) -> anyhow::Result<()> {
        self.find(css)
            .await?
            .select_by_label(label)
            .await
            .with_context(|| format!("choosing {label:?} in {css:?}"))
    }

    /// Clicks something that does not load another page (a checkbox, an in-page link).
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        self.find(css)
            .await?
            .click()
            .await
            .with_context(|| format!("clicking {css:?}"))
    }

    /// Runs `action`, which must load a page (a link, a form's button, a key press), and
    /// waits until the new page has replaced the old one and finished loading.
    pub async fn navigating(
        &self,
        what: &str,
        action: impl Future<Output = anyhow::Result<()>>,
    ) -> anyhow::Result<()> {
        self.client
            .execute("window.__lotsenOldPage = true; return null", vec![])
            .await?;
        action.await?;
        let deadline = Instant::now() + SETTLE;
        loop {
            let replaced = self
                .client
                .execute(
                    "return window.__lotsenOldPage !== true && document.readyState === 'complete'",
                    vec![],
                )
                .await;
            if matches!(replaced, Ok(Value::Bool(true))) {
                return Ok(());
            }
            if Instant::now() > deadline {
                let here = self.path().await.unwrap_or_else(|_| "?".into());
                bail!("{what} did not load a new page (still at {here})");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Clicks the link with exactly this text and waits for the page it opens.
    pub async fn click_link(&self, text: &str) -> anyhow::Result<()> {
        // The link's whole text, or its own text before a count it shows ("Förfrågningar 5 nya").
        let xpath =
            format!("//a[normalize-space()='{text}' or normalize-space(text()[1])='{text}']");
        let link = self
            .locate(Locator::XPath(&xpath), &format!("the link {text:?}"))
            .await?;
        self.navigating(&format!("the link {text:?}"), async {
            Ok(link.click().await?)
        })
        .await
    }

    /// Clicks the button with exactly this text and waits for the page the form leads to.
    pub async fn press(&self, text: &str) -> anyhow::Result<()> {
        let xpath = format!("//button[normalize-space()='{text}']");
        let button = self
            .locate(Locator::XPath(&xpath), &format!("the button {text:?}"))
            .await?;
        self.navigating(&format!("the button {text:?}"), async {
            Ok(button.click().await?)
        })
        .await
    }

    /// Logs in through the form; returns the path the browser arrived at.
    pub async fn login(&self, email: &str, password: &str) -> anyhow::Result<String> {
        self.goto("/logga-in").await?;
        self.fill("#f-epost", email).await?;
        self.fill("#f-losenord", password).await?;
        self.press("Logga in").await?;
        self.path().await
    }

    /// Logs in a demo login and, when it belongs to several förbund, chooses the first.
    pub async fn login_demo(&self, email: &str) -> anyhow::Result<()> {
        let arrived = self.login(email, PASSWORD).await?;
        if arrived.starts_with("/logga-in") {
            let errors = self.texts(".error-summary li").await?;
            bail!("logging in as {email} failed: {errors:?}");
        }
        if arrived.starts_with("/valj-forbund") {
            self.press("Fortsätt").await?;
        }
        self.wait_for_path("the start page", |p| p == "/").await
    }

    pub async fn logout(&self) -> anyhow::Result<()> {
        self.press("Logga ut").await?;
        self.wait_for_path("/logga-in", |p| p == "/logga-in").await
    }

    /// Presses special keys (Tab, Enter, Space, …), one after the other, as real key
    /// events; `shift` holds Shift down around them.
    pub async fn keys(&self, keys: &[Key], shift: bool) -> anyhow::Result<()> {
        let seq = key_presses(keys, shift);
        self.client.perform_actions(seq).await?;
        self.client.release_actions().await?;
        Ok(())
    }

    /// Like `keys`, for a key press that loads another page: waits for it.
    pub async fn keys_to_page(&self, keys: &[Key], shift: bool) -> anyhow::Result<()> {
        self.navigating("the key press", async {
            self.client
                .perform_actions(key_presses(keys, shift))
                .await?;
            self.client.release_actions().await?;
            Ok(())
        })
        .await
    }

    /// Types text into whatever has focus, as key presses.
    pub async fn type_text(&self, text: &str) -> anyhow::Result<()> {
        let mut seq = KeyActions::new("keyboard".into());
        for c in text.chars() {
            seq = seq
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client.perform_actions(seq).await?;
        Ok(())
    }

    /// Runs a script and returns its value.
    pub async fn eval(&self, script: &str) -> anyhow::Result<Value> {
        self.client
            .execute(script, vec![])
            .await
            .map_err(|e| anyhow!("running a script: {e}"))
    }
}

/// Key-down and key-up for each key, with Shift held around them when `shift`.
fn key_presses(keys: &[Key], shift: bool) -> KeyActions {
    let mut seq = KeyActions::new("keyboard".into());
    if shift {
        seq = seq.then(KeyAction::Down {
            value: Key::Shift.into(),
        });
    }
    for k in keys {
        let c: char = (*k).into();
        seq = seq
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    if shift {
        seq = seq.then(KeyAction::Up {
            value: Key::Shift.into(),
        });
    }
    seq
}
