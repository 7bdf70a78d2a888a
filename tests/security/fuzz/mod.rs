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

mod attacks;
mod fuzzer;
mod html;
mod payloads;

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{Request, header};
use fuzzer::*;
use html::*;
use payloads::*;
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
    "lokus_narvaro",
    "nulage_omgang",
    "nulage_fraga",
    "nulage_blankett",
    "nulage_svar",
    "forfragan",
    "forfragan_handelse",
];

/// Last path segments of forms that remove or close what other forms work on.
const LAST: &[&str] = &[
    "ta-bort",
    "avbryt",
    "avsluta",
    "aktiv",
    "signera",
    "justera",
    "bekrafta",
    "ta-tillbaka",
    "genomfort",
    "aterkalla",
    "valj-forbund",
];

/// Hidden one-time ids of create forms (a second post of the same id finds what the first
/// created): a fresh one per post, as from a newly loaded form.
const ONE_TIME_IDS: &[(&str, &str)] = &[
    ("/arenden/ny", "formular_id"),
    ("/forfragningar/ny", "formular_id"),
];

const IMPORT_HEADER: &str = "inkom;part;enhet;handlaggare;kon;alder;bostadskommun;malgrupper;ersattning;atgarder;samverkansproblem;status;avslutad_datum;avslut;beskrivning";

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
