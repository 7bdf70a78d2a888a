//! End-to-end tests in a real browser: each test starts the real `lotsen demo` binary (with
//! its own PostgreSQL cluster in a fresh temporary data directory) and its own headless
//! Chromium through chromedriver, and drives the pages the way a person would.
//!
//! - `flows`: logging in as each demo role, navigating, and filling in and submitting forms.
//! - `accessibility`: axe-core (from `node_modules`, see `package.json`) on every page each
//!   demo role can reach, plus the error pages and forms re-rendered with errors.
//! - `katalog`: the insatskatalog's manage flow and its public page without login.
//! - `import`: an Excel log (Windows-1252) uploaded, previewed, imported and listed.
//! - `forfragningar`: requests for lotsning sent, received, accepted, answered, declined and
//!   withdrawn; bad input and the keyboard alone on the request form.
//! - `deltagare`: the coach's day — queue, inskrivning, arbetsträning by keyboard, utskrivning,
//!   the follow-up due on the start page — and the coordinator's status view.
//! - `sip`: a SIP record started from an ärende, called, held and given actions by the
//!   coordinator; an invited handläggare sees only their own party's action and marks it done;
//!   the start pages' "SIP att följa upp"; the new form by keyboard and a bad follow-up date.
//! - `avisering`: the e-mail notice settings, with `lotsen demo` sending to an SMTP sink.
//! - `keyboard`: logging in, navigating and submitting a form with the keyboard only, with a
//!   visible focus indicator on every element that receives focus; and the keys and tab stops
//!   of a phone-call intake, counted (docs/benchmarks.md).
//!
//! Needs `/usr/bin/chromium` and `/usr/bin/chromedriver` (`apt-get install chromium
//! chromium-driver`) and, for the accessibility test, `npm ci` in the workspace root. Without
//! them the tests print a notice and pass, except when `CI=true`, where they fail. On failure
//! a screenshot, the page's HTML and the server's log are saved under
//! `target/e2e-artifacts/<test>/`.

mod accessibility;
mod arenden;
mod avisering;
mod deltagare;
mod flows;
mod forfragningar;
pub(crate) mod harness;
mod import;
mod katalog;
mod keyboard;
mod lokus;
mod nulagesanalys;
mod sip;
mod start;
mod statistik;
