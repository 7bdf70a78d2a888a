//! Cross-cutting request handling: request ids and the one log line per request, friendly
//! error pages, security headers, and loading the session with its CSRF check.

use crate::error::{AppError, ErrorDetail};
use crate::extract::SessionState;
use crate::state::AppState;
use crate::views::ErrorPage;
use askama::Template;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
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

/// The id of one request, shown on error pages and in the log line, never derived from input.
#[derive(Debug, Clone, Copy)]
pub struct RequestId(pub Uuid);

/// Outermost layer: assigns the request id, renders error pages for bodiless errors, and logs
/// one line per request (method, path, status, time; never the query string or a body).
pub async fn request_context(mut req: Request, next: Next) -> Response {
    let id = Uuid::new_v4();
    req.extensions_mut().insert(RequestId(id));
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let started = Instant::now();
    let span = tracing::info_span!("request", request_id = %id);
    let res = next.run(req).instrument(span.clone()).await;
    let mut res = render_error_page(res, id, &span);
    if let Ok(v) = HeaderValue::from_str(&id.to_string()) {
        res.headers_mut().insert("x-request-id", v);
    }
    let status = res.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| tracing::info!(%method, %path, status, ms = format!("{ms:.1}"), "request"));
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
    // Keep the security headers, Allow, Set-Cookie etc. of the original response.
    for (name, value) in res.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().append(name.clone(), value.clone());
        }
    }
    out
}

/// Strict security headers on every response; dynamic pages are never cached.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
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

fn csrf_field(body: &[u8], query: Option<&str>) -> Option<String> {
    let from_pairs = |bytes: &[u8]| {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "_csrf")
            .map(|(_, v)| v)
    };
    from_pairs(body).or_else(|| query.and_then(|q| from_pairs(q.as_bytes())))
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
        match session::load(&state.db, token, state.config.default_idle_minutes).await? {
            Ok(mut s) => {
                s.ctx.request_id = request_id;
                loaded = Some(s);
            }
            Err(SessionLookup::Expired) => expired = true,
            Err(SessionLookup::Missing) => {}
        }
    }
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut req = req;
    if unsafe_method {
        if !is_same_origin(req.headers()) {
            return Err(AppError::Forbidden);
        }
        if let Some(s) = &loaded {
            // A file upload (multipart) carries its token in the form's action URL; its body
            // is left to the handler and its own size limit instead of being buffered here.
            let multipart = req
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("multipart/form-data"));
            let (parts, body) = req.into_parts();
            let (sent, body) = if multipart {
                (csrf_field(b"", parts.uri.query()), body)
            } else {
                let bytes = to_bytes(body, FORM_LIMIT)
                    .await
                    .map_err(|_| AppError::BadRequest)?;
                (csrf_field(&bytes, parts.uri.query()), Body::from(bytes))
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
