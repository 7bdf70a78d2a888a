//! Accessibility with axe-core (WCAG 2.0/2.1 level A and AA rules) on every page each demo
//! role can reach: a crawl of same-origin links from the start page (never logging out or
//! following anything that changes data), every form on those pages submitted empty so it
//! comes back with its errors, the login page with a wrong password, the 404 and 403 pages,
//! and the pages behind the administrators' create forms (one-time passwords, the forced
//! password change). Fails with one line per violation: rule, element, page.

use super::harness::{Browser, PASSWORD, artifacts_dir, run};
use anyhow::{Context, bail, ensure};
use fantoccini::Locator;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt::Write as _;

/// How many pages with the same shape (ids replaced) one role's crawl visits.
const PER_PATTERN: usize = 2;
/// An upper bound on one role's crawl.
const MAX_PAGES_PER_ROLE: usize = 60;

const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
window.axe
  .run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  })
  .then((r) => done(JSON.stringify({
    version: window.axe.version,
    violations: r.violations.map((v) => ({
      id: v.id,
      impact: v.impact || '',
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(' '),
        summary: n.failureSummary || '',
      })),
    })),
  })))
  .catch((e) => done(JSON.stringify({ version: '', violations: [], error: String(e) })));
"#;

#[derive(Deserialize)]
struct AxeResult {
    version: String,
    violations: Vec<Violation>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
struct Violation {
    id: String,
    impact: String,
    help: String,
    nodes: Vec<Node>,
}

#[derive(Deserialize)]
struct Node {
    target: String,
    summary: String,
}

/// One element that breaks one rule on one page.
struct Finding {
    rule: String,
    impact: String,
    help: String,
    target: String,
    summary: String,
    url: String,
    who: String,
}

#[derive(Default)]
struct Audit {
    version: String,
    pages: Vec<String>,
    findings: Vec<Finding>,
}

/// Injects axe into the page the browser shows (WebDriver's script execution is not bound
/// by the page's Content-Security-Policy) and runs it.
async fn run_axe(b: &Browser) -> anyhow::Result<(String, AxeResult)> {
    let source = b.axe.as_deref().context("axe.min.js was not loaded")?;
    b.settle().await?;
    let url = b.client.current_url().await?.to_string();
    let script = format!("{source}\n;{RUN_AXE}");
    let raw = b
        .client
        .execute_async(&script, vec![])
        .await
        .with_context(|| format!("running axe on {url}"))?;
    let text = raw.as_str().context("axe returned no JSON")?;
    let result: AxeResult = serde_json::from_str(text).context("reading axe's result")?;
    if let Some(e) = &result.error {
        bail!("axe failed on {url}: {e}");
    }
    Ok((url, result))
}

impl Audit {
    /// Runs axe on the page the browser shows and records what it finds.
    async fn check(&mut self, b: &Browser, who: &str) -> anyhow::Result<()> {
        let (url, result) = run_axe(b).await?;
        self.version = result.version;
        self.pages.push(format!("{url} ({who})"));
        for v in result.violations {
            for n in v.nodes {
                self.findings.push(Finding {
                    rule: v.id.clone(),
                    impact: v.impact.clone(),
                    help: v.help.clone(),
                    target: n.target,
                    summary: n.summary,
                    url: url.clone(),
                    who: who.to_string(),
                });
            }
        }
        Ok(())
    }

    /// A readable report: per rule, each element and page.
    fn report(&self) -> String {
        let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        for f in &self.findings {
            by_rule.entry(&f.rule).or_default().push(f);
        }
        let pages_with: HashSet<&str> = self.findings.iter().map(|f| f.url.as_str()).collect();
        let mut out = format!(
            "axe-core {} (wcag2a, wcag2aa, wcag21a, wcag21aa): {} violation(s) on {} of {} page(s) checked\n",
            self.version,
            self.findings.len(),
            pages_with.len(),
            self.pages.len()
        );
        for (rule, findings) in &by_rule {
            let first = findings[0];
            let _ = writeln!(out, "\n{rule} ({}): {}", first.impact, first.help);
            for f in findings {
                let _ = writeln!(out, "  - {}  on {}  [{}]", f.target, f.url, f.who);
                if let Some(line) = f.summary.lines().nth(1) {
                    let _ = writeln!(out, "      {}", line.trim());
                }
            }
        }
        out.push_str("\nPages checked:\n");
        for p in &self.pages {
            let _ = writeln!(out, "  {p}");
        }
        out
    }
}

/// Runs axe on the page the browser shows and fails on any violation (for other tests'
/// explicit checks of pages a crawl might not reach in the same state).
pub(super) async fn check_page(b: &Browser, who: &str) -> anyhow::Result<()> {
    let mut audit = Audit::default();
    audit.check(b, who).await?;
    ensure!(audit.findings.is_empty(), "{}", audit.report());
    Ok(())
}

/// A path with ids replaced, plus its query's keys: pages of the same shape.
fn pattern(path_and_query: &str) -> String {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let segments: Vec<&str> = path
        .split('/')
        .map(|s| {
            let is_uuid = s.len() == 36 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
            let is_number = !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
            if is_uuid || is_number { "{id}" } else { s }
        })
        .collect();
    let mut keys: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split('=').next().unwrap_or(p))
        .collect();
    keys.sort_unstable();
    format!("{}?{}", segments.join("/"), keys.join("&"))
}

/// Same-origin links on the page that are safe to follow, as path and query.
async fn links(b: &Browser) -> anyhow::Result<Vec<String>> {
    let hrefs = b
        .eval("return Array.from(document.querySelectorAll('a[href]'), a => a.href)")
        .await?;
    let mut out = Vec::new();
    for h in hrefs.as_array().into_iter().flatten() {
        let Some(h) = h.as_str() else { continue };
        let Some(rest) = h.strip_prefix(&b.base) else {
            continue;
        };
        let rest = rest.split('#').next().unwrap_or("");
        let rest = if rest.is_empty() { "/" } else { rest };
        let path = rest.split('?').next().unwrap_or(rest);
        let unsafe_or_not_a_page = path == "/logga-ut"
            || path.starts_with("/static/")
            || path.starts_with("/halsa")
            || rest.contains("format=")
            || path.ends_with(".csv");
        if !unsafe_or_not_a_page {
            out.push(rest.to_string());
        }
    }
    Ok(out)
}

/// Submits each form on the page that has text fields with those fields emptied, and checks
/// the page it comes back with (errors beside the fields, or a normal page when the form's
/// text fields are optional). Forms without text fields (roles, activation, logging out)
/// would change data and are left alone. `done` holds form actions already tried.
async fn check_forms_with_errors(
    b: &Browser,
    audit: &mut Audit,
    who: &str,
    done: &mut HashSet<String>,
) -> anyhow::Result<()> {
    let here = b.path().await?;
    let forms = b.client.find_all(Locator::Css("main form")).await?;
    let mut actions = Vec::new();
    for f in &forms {
        let method = f.attr("method").await?.unwrap_or_default();
        let action = f.attr("action").await?.unwrap_or_default();
        let text_fields = f
            .find_all(Locator::Css(
                "input[type=text], input[type=email], input[type=password], input[type=number], textarea",
            ))
            .await?
            .len();
        if method.eq_ignore_ascii_case("post") && text_fields > 0 && action != "/logga-ut" {
            actions.push(action);
        }
    }
    for action in actions {
        if !done.insert(pattern(&action)) {
            continue;
        }
        b.goto(&here).await?;
        let css = format!("main form[action='{action}']");
        let form = b.find(&css).await?;
        for field in form
            .find_all(Locator::Css(
                "input[type=text], input[type=email], input[type=password], input[type=number], textarea",
            ))
            .await?
        {
            // A field shown only for some choices (the action's question to LOKUS) is hidden.
            if field.is_displayed().await? {
                field.clear().await?;
            }
        }
        let button = form
            .find(Locator::Css("button[type=submit], button:not([type])"))
            .await?;
        b.navigating(&format!("submitting {action}"), async {
            Ok(button.click().await?)
        })
        .await?;
        // Most forms need their text fields; some (the ärende edit form) are valid with only
        // their choices. Either way the answer is a normal page, never an error page.
        let h1 = b.h1().await?;
        ensure!(
            b.exists(".error-summary").await?
                || ![
                    "Sidan finns inte",
                    "Något gick fel",
                    "Felaktig begäran",
                    "Formuläret kunde inte skickas"
                ]
                .contains(&h1.as_str()),
            "the form {action} on {here}, submitted empty, led to the error page {h1:?}"
        );
        audit
            .check(b, &format!("{who}, {action} submitted empty"))
            .await?;
    }
    Ok(())
}

/// Visits every page the logged-in role can reach from the start page.
async fn crawl(b: &Browser, audit: &mut Audit, who: &str) -> anyhow::Result<()> {
    let mut queue: VecDeque<String> = VecDeque::from(["/".to_string(), "/?klart=sparat".into()]);
    let mut seen: HashSet<String> = queue.iter().cloned().collect();
    let mut per_pattern: HashMap<String, usize> = HashMap::new();
    let mut forms_done = HashSet::new();
    let mut visited = 0;
    while let Some(path) = queue.pop_front() {
        if visited >= MAX_PAGES_PER_ROLE {
            break;
        }
        let n = per_pattern.entry(pattern(&path)).or_default();
        if *n >= PER_PATTERN {
            continue;
        }
        *n += 1;
        visited += 1;
        b.goto(&path).await?;
        let arrived = b.path().await?;
        ensure!(
            !arrived.starts_with("/logga-in"),
            "{who} was logged out when opening {path}"
        );
        audit.check(b, who).await?;
        for link in links(b).await? {
            if seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
        check_forms_with_errors(b, audit, who, &mut forms_done).await?;
    }
    Ok(())
}

#[tokio::test]
async fn axe_finds_no_wcag_violations_on_any_page() {
    run("accessibility", true, audit_everything).await;
}

async fn audit_everything(b: Browser) -> anyhow::Result<()> {
    let mut audit = Audit::default();

    // First prove that the harness sees a violation: a field whose label is removed.
    b.goto("/logga-in").await?;
    b.eval("document.querySelector('label[for=f-epost]').remove(); return null")
        .await?;
    let (_, broken) = run_axe(&b).await?;
    ensure!(
        broken
            .violations
            .iter()
            .any(|v| v.id == "label" && v.nodes.iter().any(|n| n.target == "#f-epost")),
        "axe did not report the unlabelled field; the harness is broken"
    );

    // Anonymous pages: login (plain, logged out, empty, wrong password) and 404.
    b.goto("/logga-in").await?;
    audit.check(&b, "anonymous").await?;
    b.goto("/logga-in?klart=utloggad").await?;
    audit.check(&b, "anonymous").await?;
    b.press("Logga in").await?;
    ensure!(b.exists(".error-summary").await?);
    audit.check(&b, "anonymous, empty login").await?;
    b.login("forbund@demo.lotsen.example", "fel-losenord")
        .await?;
    ensure!(b.exists(".error-summary").await?);
    audit.check(&b, "anonymous, wrong password").await?;
    b.goto("/finns-inte").await?;
    ensure!(b.h1().await? == "Sidan finns inte");
    audit.check(&b, "anonymous, 404").await?;
    b.goto("/k/fjardlunda").await?;
    ensure!(b.path().await? == "/k/fjardlunda");
    audit.check(&b, "anonymous, public catalogue").await?;

    // Every demo role's pages.
    for (login, _) in lotsen_core::demo::LOGINS {
        let arrived = b.login(login, PASSWORD).await?;
        if arrived.starts_with("/valj-forbund") {
            audit.check(&b, login).await?;
            b.press("Fortsätt").await?;
        }
        crawl(&b, &mut audit, login).await?;
        b.logout().await?;
    }

    // Logged-in error pages: 404, and 403 from a form whose CSRF token is wrong; the log's
    // search form with a date it cannot read.
    b.login_demo("forbund@demo.lotsen.example").await?;
    b.goto("/admin/logg?fran=2026-02-30&till=&anvandare=&atgard=")
        .await?;
    ensure!(
        b.exists(".error-summary").await?,
        "a bad date gave no error"
    );
    audit.check(&b, "forbund, log search with errors").await?;
    b.goto("/admin/finns-inte").await?;
    ensure!(b.h1().await? == "Sidan finns inte");
    audit.check(&b, "forbund, 404").await?;
    b.goto("/admin/organisationer").await?;
    b.eval("document.querySelector('main form input[name=_csrf]').value = 'fel'; return null")
        .await?;
    b.press("Lägg till").await?;
    ensure!(
        b.h1().await? == "Formuläret kunde inte skickas",
        "a wrong CSRF token showed {:?}",
        b.h1().await?
    );
    audit.check(&b, "forbund, 403").await?;

    // The pages behind the create forms.
    b.goto("/admin/anvandare/ny").await?;
    b.fill("#f-namn", "Alma Axe").await?;
    b.fill("#f-epost", "alma.axe@demo.lotsen.example").await?;
    b.press("Skapa användaren").await?;
    let one_time = b.text("#engangslosenord").await?;
    audit
        .check(&b, "forbund, new user's one-time password")
        .await?;
    b.click_link("Fortsätt till Alma Axe: roller").await?;
    let user_page = b.path().await?;
    b.click("#roll-handlaggare").await?;
    b.press("Spara rollerna").await?;
    audit.check(&b, "forbund, roles saved").await?;
    b.goto("/admin/lokus?klart=skapad").await?;
    audit.check(&b, "forbund, flash").await?;
    b.logout().await?;

    b.login("alma.axe@demo.lotsen.example", &one_time).await?;
    ensure!(b.path().await? == "/konto/losenord");
    audit.check(&b, "new user, forced password change").await?;
    b.fill("#f-nuvarande", &one_time).await?;
    b.fill("#f-nytt", "kort").await?;
    b.press("Byt lösenord").await?;
    ensure!(b.exists(".error-summary").await?);
    audit.check(&b, "new user, password errors").await?;
    b.logout().await?;

    b.login_demo("forbund@demo.lotsen.example").await?;
    b.goto(&user_page).await?;
    b.press("Ge nytt engångslösenord").await?;
    ensure!(b.exists("#engangslosenord").await?);
    audit.check(&b, "forbund, new one-time password").await?;
    b.goto(&user_page).await?;
    b.press("Inaktivera Alma Axe").await?;
    audit.check(&b, "forbund, user deactivated").await?;
    b.logout().await?;

    b.login_demo("system@demo.lotsen.example").await?;
    b.goto("/system/forbund").await?;
    b.fill("#f-namn", "Samordningsförbundet Axevik").await?;
    b.fill("#f-slug", "axevik").await?;
    b.fill("#f-organisationsnummer", "222000-4564").await?;
    b.fill("#f-admin_namn", "Axel Axe").await?;
    b.fill("#f-admin_epost", "axel@axevik.example").await?;
    b.press("Skapa förbundet").await?;
    ensure!(
        b.exists("#engangslosenord").await?,
        "creating a förbund failed"
    );
    audit.check(&b, "system, förbund created").await?;
    b.logout().await?;

    // An invitation: Kustbygd adds a Fjärdlunda account, which waits for the person to accept.
    b.login_demo("kustbygd@demo.lotsen.example").await?;
    b.goto("/admin/anvandare/ny").await?;
    b.fill("#f-namn", "Vem som helst").await?;
    b.fill("#f-epost", "ledamot@demo.lotsen.example").await?;
    b.press("Skapa användaren").await?;
    b.goto("/admin/anvandare").await?;
    ensure!(b.text("main").await?.contains("Väntar på godkännande"));
    audit.check(&b, "kustbygd, a pending membership").await?;
    b.logout().await?;
    b.login_demo("ledamot@demo.lotsen.example").await?;
    ensure!(b.text("main").await?.contains("bjudit in dig"));
    audit
        .check(&b, "ledamot, start page with an invitation")
        .await?;
    b.click_link("Visa inbjudningar").await?;
    ensure!(b.text("main").await?.contains("Finsam Kustbygd"));
    audit.check(&b, "ledamot, invitations").await?;
    b.press("Godkänn").await?;
    b.wait_for_path("/valj-forbund", |p| p == "/valj-forbund")
        .await?;
    audit
        .check(&b, "ledamot, choosing a förbund after accepting")
        .await?;
    b.logout().await?;

    let report = audit.report();
    let dir = artifacts_dir(b.test);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("axe-report.txt"), &report)?;
    eprintln!(
        "accessibility: axe-core {} checked {} pages, report in {}",
        audit.version,
        audit.pages.len(),
        dir.join("axe-report.txt").display()
    );
    ensure!(
        audit.pages.len() >= 40,
        "the crawl reached only {} pages:\n{report}",
        audit.pages.len()
    );
    ensure!(audit.findings.is_empty(), "{report}");
    Ok(())
}

#[test]
fn patterns_group_pages_of_the_same_shape() {
    assert_eq!(
        pattern("/admin/anvandare/01a20508-d68f-7432-aa28-114d55c7dc11"),
        "/admin/anvandare/{id}?"
    );
    assert_eq!(
        pattern("/admin/logg?sida=2&atgard=x"),
        "/admin/logg?atgard&sida"
    );
    assert_eq!(pattern("/"), "/?");
}

/// The axe violations on the page the browser shows, one line each (for other browser tests
/// that check the pages they visit).
pub(super) async fn violations(b: &Browser) -> anyhow::Result<Vec<String>> {
    let (url, result) = run_axe(b).await?;
    Ok(result
        .violations
        .into_iter()
        .flat_map(|v| {
            let url = url.clone();
            v.nodes
                .into_iter()
                .map(move |n| format!("{}: {} on {url}", v.id, n.target))
        })
        .collect())
}
