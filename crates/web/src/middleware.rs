//! Cross-cutting request handling: request ids and the one log line per request, friendly
//! error pages, security headers, and loading the session with its CSRF check.

use crate::client::{ClientAddr, peer};
use crate::error::{AppError, ErrorDetail};
use crate::extract::SessionState;
use crate::state::AppState;
use crate::views::ErrorPage;
use askama::Template;
use axum::body::{Body, to_bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use lotsen_core::auth::session::{self, SessionLookup, SessionToken};
use std::time::Instant;
use tracing::Instrument;
use uuid::Uuid;

pub const SESSION_COOKIE: &str = "lotsen_session";
/// The largest form body the CSRF check buffers.
const FORM_LIMIT: usize = 2 * 1024 * 1024;
/// The largest upload (the CSV import's file and its form fields).
pub const MULTIPART_LIMIT: usize = lotsen_core::arende::import::MAX_FILE_BYTES + 64 * 1024;

/// The id of one request, shown on error pages and in the log line, never derived from input.
#[derive(Debug, Clone, Copy)]
pub struct RequestId(pub Uuid);

/// Outermost layer: assigns the request id, resolves the client's address, renders error pages
/// for bodiless errors, and logs one line per request: method, the matched route's template
/// (never the path itself, which may hold what someone typed), status, time and a pseudonym of
/// the client's address; never the query string or a body.
pub async fn request_context(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let id = Uuid::new_v4();
    req.extensions_mut().insert(RequestId(id));
    let client = ClientAddr::resolve(
        peer(req.extensions()),
        req.headers(),
        &state.config.trusted_proxies,
    );
    req.extensions_mut().insert(client);
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
        .unwrap_or_else(|| "(okänd sökväg)".into());
    let started = Instant::now();
    let span = tracing::info_span!("request", request_id = %id);
    let res = next.run(req).instrument(span.clone()).await;
    let mut res = render_error_page(res, id, &span);
    if let Ok(v) = HeaderValue::from_str(&id.to_string()) {
        res.headers_mut().insert("x-request-id", v);
    }
    let status = res.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let client = client.pseudonym();
    span.in_scope(
        || tracing::info!(%method, %route, status, ms = format!("{ms:.1}"), %client, "request"),
    );
    res
}

fn render_error_page(res: Response, id: Uuid, span: &tracing::Span) -> Response {
    let status = res.status();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if status.as_u16() < 400 || is_html {
        return res;
    }
    if let Some(ErrorDetail(detail)) = res.extensions().get::<ErrorDetail>() {
        span.in_scope(|| tracing::error!(error = %detail, "internal error"));
    }
    let page = ErrorPage::for_status(status, id);
    let body = page.render().unwrap_or_else(|_| "Ett fel uppstod.".into());
    let mut out = (status, Html(body)).into_response();
    // Keep the security headers, Allow, Set-Cookie etc. of the original response, but not the
    // headers that described its body: a `Content-Encoding: br` over this plain page made
    // browsers show a blank page.
    for (name, value) in res.headers() {
        if name != header::CONTENT_TYPE
            && name != header::CONTENT_LENGTH
            && name != header::CONTENT_ENCODING
        {
            out.headers_mut().append(name.clone(), value.clone());
        }
    }
    out
}

/// Strict security headers on every response; dynamic pages are never cached; HSTS when the
/// cookies are Secure (Lotsen is then served over HTTPS only).
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if state.config.cookie_secure {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(
        h,
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
         object-src 'none'",
    );
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "same-origin");
    set(h, "x-frame-options", "DENY");
    set(h, "cross-origin-opener-policy", "same-origin");
    set(
        h,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, "cache-control", "no-store");
    }
    res
}

fn cookie_token(headers: &HeaderMap) -> Option<SessionToken> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| SessionToken(v.to_string()))
}

/// The Set-Cookie value that stores a session token (or, with `None`, removes it).
pub fn session_cookie(token: Option<&SessionToken>, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value = match token {
        Some(t) => format!(
            "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax{secure}",
            t.0
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Rejects state-changing requests from other sites: `Sec-Fetch-Site` must be same-origin or
/// none, and an `Origin` must name this host.
fn is_same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let origin_host = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"));
        return origin_host == Some(host);
    }
    true
}

/// The `_csrf` field of a urlencoded body (never of the query string: a token in a URL ends up
/// in logs and Referer headers).
fn csrf_field(body: &[u8]) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v)
}

/// The `_csrf` field of a multipart body: the value of the part named `_csrf`.
fn csrf_multipart(body: &[u8], content_type: &str) -> Option<String> {
    let boundary = content_type
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim_matches('"'))?;
    let delimiter = format!("--{boundary}");
    let text = String::from_utf8_lossy(body);
    text.split(delimiter.as_str()).find_map(|part| {
        let (head, value) = part.split_once("\r\n\r\n")?;
        let named = head.to_ascii_lowercase().contains("name=\"_csrf\"");
        named.then(|| value.trim_end_matches("\r\n").to_string())
    })
}

/// A query string our pages would send: it decodes to UTF-8 without control characters.
/// (A `%00` used to reach PostgreSQL and answer 500.)
fn is_clean_query(query: &str) -> bool {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).is_ok_and(|pairs| {
        pairs
            .iter()
            .all(|(k, v)| !k.chars().chain(v.chars()).any(char::is_control))
    })
}

/// The form content types our pages send; any other body on a state-changing request is refused.
enum FormKind {
    Urlencoded,
    Multipart(String),
}

fn form_kind(headers: &HeaderMap) -> Option<FormKind> {
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => Some(FormKind::Urlencoded),
        "multipart/form-data" => Some(FormKind::Multipart(ct.to_string())),
        _ => None,
    }
}

/// Loads the session behind the cookie (once per request) and, for state-changing requests,
/// checks the origin and the session's CSRF token.
pub async fn session_and_csrf(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Result<Response, AppError> {
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0);
    let token = cookie_token(req.headers());
    let mut expired = false;
    let mut loaded = None;
    if let Some(token) = &token {
        match session::load(&state.db, token, state.config.session).await? {
            Ok(mut s) => {
                s.ctx.request_id = request_id;
                loaded = Some(s);
            }
            Err(SessionLookup::Expired) => expired = true,
            Err(SessionLookup::Missing) => {}
        }
    }
    if req.uri().query().is_some_and(|q| !is_clean_query(q)) {
        return Err(AppError::BadRequest);
    }
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut req = req;
    if unsafe_method {
        if !is_same_origin(req.headers()) {
            return Err(AppError::Forbidden);
        }
        let Some(kind) = form_kind(req.headers()) else {
            return Err(AppError::UnsupportedMediaType);
        };
        if let Some(s) = &loaded {
            let (parts, body) = req.into_parts();
            let (sent, body) = match kind {
                FormKind::Urlencoded => {
                    let bytes = to_bytes(body, FORM_LIMIT)
                        .await
                        .map_err(|_| AppError::BadRequest)?;
                    (csrf_field(&bytes), Body::from(bytes))
                }
                FormKind::Multipart(ct) => {
                    let bytes = to_bytes(body, MULTIPART_LIMIT)
                        .await
                        .map_err(|_| AppError::PayloadTooLarge)?;
                    (csrf_multipart(&bytes, &ct), Body::from(bytes))
                }
            };
            let sent = sent.unwrap_or_default();
            let ok: bool =
                subtle::ConstantTimeEq::ct_eq(sent.as_bytes(), s.csrf_token.as_bytes()).into();
            if !ok {
                return Err(AppError::Forbidden);
            }
            req = Request::from_parts(parts, body);
        }
    }
    let stale_cookie = token.is_some() && loaded.is_none();
    req.extensions_mut().insert(SessionState {
        session: loaded,
        expired,
    });
    let mut res = next.run(req).await;
    if stale_cookie && !res.headers().contains_key(header::SET_COOKIE) {
        res.headers_mut().insert(
            header::SET_COOKIE,
            session_cookie(None, state.config.cookie_secure),
        );
    }
    Ok(res)
}

/// Answers every unknown path with the 404 page.
pub async fn not_found() -> StatusCode {
    StatusCode::NOT_FOUND
}
