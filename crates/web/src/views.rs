//! Shared view models: the layout context every full page carries (title, navigation the
//! actor may use, CSRF token) and the error page.

use askama::Template;
use axum::http::StatusCode;
use lotsen_core::auth::LoadedSession;
use lotsen_domain::Action;
use uuid::Uuid;

/// One term and its value, for the facts lists (`<dl>`) of the ärende and pre-read pages.
pub struct Fact {
    pub term: &'static str,
    pub value: String,
}

/// The pager under a long list: page `page_no` (from 1) of `pages`, with links to the pages
/// either side. One page shows no pager.
pub struct Pager {
    pub page_no: u32,
    pub pages: u32,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
}

impl Pager {
    /// `total` rows, `per_page` to a page, on page `page_no`; `href` makes a page's address.
    pub fn new(total: i64, per_page: i64, page_no: u32, href: impl Fn(u32) -> String) -> Pager {
        let per_page = per_page.max(1);
        let pages = u32::try_from((total + per_page - 1) / per_page)
            .unwrap_or(1)
            .max(1);
        Pager {
            page_no,
            pages,
            prev_href: (page_no > 1).then(|| href(page_no - 1)),
            next_href: (page_no < pages).then(|| href(page_no + 1)),
        }
    }
}

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
    /// Things waiting behind the entry (new requests, unread answers); 0 shows nothing.
    pub count: i64,
}

pub struct UserNav {
    pub namn: String,
    pub forbund_namn: Option<String>,
    pub can_switch: bool,
}

/// What the base layout needs.
pub struct PageCtx {
    pub title: String,
    pub user: Option<UserNav>,
    pub nav: Vec<NavItem>,
    pub csrf: String,
}

impl PageCtx {
    pub fn anonymous(title: impl Into<String>) -> PageCtx {
        PageCtx {
            title: title.into(),
            user: None,
            nav: Vec::new(),
            csrf: String::new(),
        }
    }

    /// The layout for a logged-in person; `path` marks the current navigation item. The
    /// entries are every feature's (`pages::FEATURES`) that the policy lets the actor enter.
    pub fn new(s: &LoadedSession, path: &str, title: impl Into<String>) -> PageCtx {
        let ctx = &s.ctx;
        let nav = crate::pages::FEATURES
            .iter()
            .flat_map(|f| f.nav)
            .filter(|e| e.area.is_none_or(|a| ctx.can(Action::Enter(a))))
            .map(|e| NavItem {
                href: e.href,
                label: e.label,
                current: e.is_current(path),
                count: crate::nav::count(e.area, &s.counts),
            })
            .collect();
        PageCtx {
            title: title.into(),
            user: Some(UserNav {
                namn: ctx.namn.clone(),
                forbund_namn: ctx.forbund.as_ref().map(|f| f.namn.clone()),
                can_switch: ctx.forbund_count > 1,
            }),
            nav,
            csrf: s.csrf_token.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub page: PageCtx,
    pub status: u16,
    pub heading: &'static str,
    pub text: &'static str,
    pub request_id: String,
}

impl ErrorPage {
    pub fn for_status(status: StatusCode, request_id: Uuid) -> ErrorPage {
        let (heading, text) = match status.as_u16() {
            404 => (
                "Sidan finns inte",
                "Sidan du söker finns inte, eller så har du inte behörighet till den. Kontrollera adressen eller gå till startsidan.",
            ),
            403 => (
                "Formuläret kunde inte skickas",
                "Formuläret kom från en annan webbplats eller har blivit för gammalt. Gå tillbaka, ladda om sidan och försök igen.",
            ),
            400 | 422 => (
                "Felaktig begäran",
                "Det som skickades gick inte att tolka. Gå tillbaka och försök igen.",
            ),
            405 => (
                "Metoden stöds inte",
                "Sidan kan inte användas på det sättet.",
            ),
            413 => ("För stor fil eller text", "Det du skickade var för stort."),
            415 => (
                "Felaktig begäran",
                "Det som skickades var inte ett formulär från Lotsen. Gå tillbaka och försök igen.",
            ),
            408 | 504 => ("Det tog för lång tid", "Försök igen om en stund."),
            503 => (
                "Lotsen kan inte nå databasen just nu",
                "Inget av det du skickade har sparats. Vänta en halv minut och försök igen.",
            ),
            _ if status.is_server_error() => (
                "Något gick fel",
                "Ett oväntat fel uppstod hos oss. Försök igen om en stund. Om felet kvarstår, kontakta supporten och uppge felkoden nedan.",
            ),
            _ => ("Något gick fel", "Försök igen."),
        };
        ErrorPage {
            page: PageCtx::anonymous(heading),
            status: status.as_u16(),
            heading,
            text,
            request_id: request_id.to_string(),
        }
    }
}

/// The `?klart=` code of a page reached by a redirect after a successful post.
#[derive(Debug, Default, serde::Deserialize)]
pub struct FlashQuery {
    pub klart: Option<String>,
    /// Failed login attempts on the account since the person last logged in.
    pub misslyckade: Option<String>,
}

impl FlashQuery {
    pub fn message(&self) -> Option<&'static str> {
        flash(self.klart.as_deref())
    }

    /// The note about failed logins, shown once after logging in.
    pub fn failed_logins(&self) -> Option<String> {
        let n: u32 = self
            .misslyckade
            .as_deref()?
            .parse()
            .ok()
            .filter(|n| *n > 0)?;
        Some(match n {
            1 => "1 misslyckad inloggning på ditt konto sedan du senast loggade in. \
                  Var det inte du, byt lösenord."
                .into(),
            n => format!(
                "{n} misslyckade inloggningar på ditt konto sedan du senast loggade in. \
                 Var det inte du, byt lösenord."
            ),
        })
    }

    /// The query to carry the note along a redirect (`?misslyckade=N` or nothing).
    pub fn failed_logins_query(&self) -> String {
        match self
            .misslyckade
            .as_deref()
            .and_then(|n| n.parse::<u32>().ok())
        {
            Some(n) if n > 0 => format!("?misslyckade={n}"),
            _ => String::new(),
        }
    }
}

/// A short confirmation shown after a redirect, chosen by a fixed code in the query string
/// (never free text, so nothing personal ends up in a URL).
pub fn flash(code: Option<&str>) -> Option<&'static str> {
    Some(match code? {
        "sparat" => "Ändringarna är sparade.",
        "skapad" => "Skapat.",
        "signerad" => "Blanketten är signerad och låst.",
        "ateroppnad" => "Blanketten är öppnad igen. Ordföranden ser det på sin startsida.",
        "losenord" => "Ditt lösenord är bytt.",
        "aktiverad" => "Användaren är aktiverad.",
        "inaktiverad" => "Användaren är inaktiverad och har loggats ut.",
        "roller" => "Rollerna är sparade.",
        _ => return None,
    })
}

/// A count with its noun in the right number: "1 ärende", "2 ärenden", "0 ärenden".
pub fn antal(n: impl Into<i64>, en: &str, flera: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { en } else { flera })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_500_page_is_friendly_and_shows_the_request_id() {
        let id = Uuid::from_u128(42);
        let html = ErrorPage::for_status(StatusCode::INTERNAL_SERVER_ERROR, id)
            .render()
            .unwrap();
        assert!(html.contains("Något gick fel"));
        assert!(html.contains(&id.to_string()));
        assert!(html.contains("<html lang=\"sv\">"));
        assert!(html.contains("href=\"#innehall\""), "skip link");
    }

    #[test]
    fn flash_codes_are_a_fixed_set() {
        assert_eq!(flash(Some("sparat")), Some("Ändringarna är sparade."));
        assert_eq!(flash(Some("<script>")), None);
        assert_eq!(flash(None), None);
    }
}
