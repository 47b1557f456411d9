//! The preview's HTTP side (axum): the built site from the live build folder, the reload
//! channel (server-sent events), and the script and stylesheet that every HTML page gets.
//!
//! HTML responses are rewritten on the way out: the reload script goes before `</body>`, and
//! when the latest build failed, so does the overlay with the diagnostic (HTML-escaped).
//! Nothing is cached (`no-store`, conditional and range headers dropped), so a reload always
//! shows the current build and the current error.

use super::site::{Site, Status};
use crate::render::markdown::escape_html;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::watch;
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

/// Where the reload channel, script and stylesheet live; a recipe id cannot start with `_`.
const PREFIX: &str = "/__mailbook";
/// The reload script; its `data-version` attribute names the build the page came from.
const LIVERELOAD_JS: &str = include_str!("assets/livereload.js");
/// The overlay's look, as a stylesheet so a page's Content-Security-Policy need not allow
/// inline styles.
const OVERLAY_CSS: &str = include_str!("assets/overlay.css");
/// Larger HTML pages are served without the reload script.
const MAX_INJECTED_HTML: usize = 64 * 1024 * 1024;

#[derive(Clone)]
struct AppState {
    site: Site,
    shutdown: watch::Receiver<bool>,
}

/// The preview's routes; `shutdown` ends the open reload channels so the server can stop.
/// With `local_only` (bound to loopback), requests naming another host are refused.
pub fn router(site: Site, shutdown: watch::Receiver<bool>, local_only: bool) -> Router {
    let router = Router::new()
        .route(&format!("{PREFIX}/events"), get(events))
        .route(
            &format!("{PREFIX}/livereload.js"),
            get(|| async { asset("text/javascript; charset=utf-8", LIVERELOAD_JS) }),
        )
        .route(
            &format!("{PREFIX}/overlay.css"),
            get(|| async { asset("text/css; charset=utf-8", OVERLAY_CSS) }),
        )
        .fallback(site_file)
        .with_state(AppState { site, shutdown });
    if local_only {
        router.layer(axum::middleware::from_fn(refuse_other_hosts))
    } else {
        router
    }
}

/// A web page elsewhere can point its own host name at 127.0.0.1 (DNS rebinding) and then
/// read what a local server answers; a loopback-only preview therefore answers only requests
/// that name this machine.
async fn refuse_other_hosts(request: Request, next: axum::middleware::Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{fffd}"));
    if host.is_none_or(host_is_local) {
        return next.run(request).await;
    }
    no_store(
        (
            StatusCode::FORBIDDEN,
            "403 Forbidden: the preview answers only to localhost; \
             use --bind to serve it under other names\n",
        )
            .into_response(),
    )
}

/// Whether a `Host` header names this machine: `localhost` (or a `.localhost` name) or a
/// loopback address, with or without a port.
pub fn host_is_local(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split_once(']').map_or(rest, |(inside, _)| inside),
        None => match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        },
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    no_store(([(header::CONTENT_TYPE, content_type)], text).into_response())
}

/// The reload channel: a `hello` event with the current build on connect, then a `reload`
/// event with the new build after every finished build (good or failed). The script reloads
/// when the build differs from the one its page was served from.
async fn events(State(app): State<AppState>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut status = app.site.subscribe();
    let hello = status.borrow_and_update().version.to_string();
    let first = Event::default()
        .event("hello")
        .retry(Duration::from_millis(500))
        .data(hello);
    let state = (status, app.shutdown, Some(first));
    let stream =
        futures_util::stream::unfold(state, |(mut status, mut shutdown, first)| async move {
            if let Some(first) = first {
                return Some((Ok(first), (status, shutdown, None)));
            }
            let changed = tokio::select! {
                changed = status.changed() => changed.is_ok(),
                _ = shutdown.wait_for(|stop| *stop) => false,
            };
            if !changed {
                return None;
            }
            let version = status.borrow_and_update().version.to_string();
            let event = Event::default().event("reload").data(version);
            Some((Ok(event), (status, shutdown, None)))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// A file of the live build, with the reload script (and overlay) in HTML.
async fn site_file(State(app): State<AppState>, mut request: Request) -> Response {
    if !stays_inside_site(request.uri().path()) {
        return no_store(
            (
                StatusCode::BAD_REQUEST,
                "400 Bad Request: the path leaves the site\n",
            )
                .into_response(),
        );
    }
    let status = app.site.status();
    let Some(dir) = status.live.clone() else {
        return no_store(not_built_page(&status));
    };
    let is_get = request.method() == Method::GET;
    for name in [
        header::IF_MODIFIED_SINCE,
        header::IF_NONE_MATCH,
        header::IF_UNMODIFIED_SINCE,
        header::IF_MATCH,
        header::IF_RANGE,
        header::RANGE,
        header::ACCEPT_ENCODING,
    ] {
        request.headers_mut().remove(name);
    }
    let mut response = match ServeDir::new(&dir).oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    if response.status() == StatusCode::NOT_FOUND
        && is_get
        && let Ok(page) = tokio::fs::read(dir.join("404.html")).await
    {
        response = (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response();
    }
    if is_get && is_html(&response) {
        response = with_injection(response, &status).await;
    }
    no_store(response)
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.remove(header::LAST_MODIFIED);
    headers.remove(header::ETAG);
    response
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/html"))
}

async fn with_injection(response: Response, status: &Status) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_INJECTED_HTML).await {
        Ok(bytes) => bytes,
        Err(e) => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot read the page: {e}\n"),
            )
                .into_response();
        }
    };
    let html = String::from_utf8_lossy(&bytes);
    let injected = inject(
        &html,
        &status.version.to_string(),
        status.error.as_deref().map(|e| (e, true)),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(injected))
}

/// The page shown before any build has succeeded: the error (if the first build failed) and
/// the reload script, which brings up the site once a save fixes it.
fn not_built_page(status: &Status) -> Response {
    let body = inject(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>mailbook preview: not built yet</title></head><body>\
         <main><h1>The preview has not been built yet</h1>\
         <p>This page reloads by itself once the project builds.</p></main></body></html>\n",
        &status.version.to_string(),
        status.error.as_deref().map(|e| (e, false)),
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// `html` with the reload script, and the error overlay when there is an error, inserted
/// before the last `</body>` (or appended when there is none). The flag says whether `html`
/// is the last good build (rather than the placeholder shown before any build succeeded).
pub fn inject(html: &str, version: &str, error: Option<(&str, bool)>) -> String {
    let mut snippet = String::new();
    if let Some((error, over_last_good)) = error {
        snippet.push_str(&overlay(error, over_last_good));
    }
    snippet.push_str(&format!(
        "<script src=\"{PREFIX}/livereload.js\" data-version=\"{}\"></script>",
        escape_html(version)
    ));
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + snippet.len());
    out.push_str(&html[..at]);
    out.push_str(&snippet);
    out.push_str(&html[at..]);
    out
}

/// The overlay markup around the diagnostic text.
fn overlay(error: &str, over_last_good: bool) -> String {
    let (title, behind) = if over_last_good {
        (
            "The preview could not be rebuilt",
            "Behind this box is the last good build. ",
        )
    } else {
        ("The preview could not be built", "")
    };
    format!(
        "<link rel=\"stylesheet\" href=\"{PREFIX}/overlay.css\">\
         <div id=\"mailbook-overlay\" role=\"alert\"><div class=\"mailbook-overlay-box\">\
         <h2>{title}</h2>\
         <p>{behind}Fix the file and save: this page reloads by itself.</p>\
         <pre>{}</pre>\
         <button type=\"button\" class=\"mailbook-overlay-hide\">Hide</button>\
         </div></div>",
        escape_html(error)
    )
}

/// Whether a request path stays inside the site: no `..` segment, raw or percent-encoded,
/// with `/` or `\` as separator, and no NUL. The file server checks again; this answers
/// such requests with 400 before any file is looked at.
pub fn stays_inside_site(path: &str) -> bool {
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return false;
    };
    let escapes = |p: &str| p.split(['/', '\\']).any(|segment| segment == "..");
    !escapes(path) && !escapes(&decoded) && !decoded.contains('\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_leaving_the_site_are_refused() {
        for bad in [
            "/../Cargo.toml",
            "/a/../../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2fCargo.toml",
            "/..%5cCargo.toml",
            "/..\\Cargo.toml",
            "/x/..",
            "/index.html%00.png",
            "/%ff%fe",
        ] {
            assert!(!stays_inside_site(bad), "{bad}");
        }
        for good in [
            "/",
            "/gmail/",
            "/gmail/index.html",
            "/a..b/",
            "/...",
            "/%20x",
        ] {
            assert!(stays_inside_site(good), "{good}");
        }
    }

    #[test]
    fn only_local_host_names_pass() {
        for local in [
            "127.0.0.1:3000",
            "127.0.0.1",
            "localhost:3000",
            "LOCALHOST",
            "localhost.:80",
            "app.localhost:3000",
            "[::1]:3000",
            "[::1]",
            "127.1.2.3:8",
        ] {
            assert!(host_is_local(local), "{local}");
        }
        for other in [
            "evil.example",
            "evil.example:3000",
            "localhost.evil.example",
            "192.168.1.5:3000",
            "[2001:db8::1]:3000",
            "",
            "\u{fffd}",
        ] {
            assert!(!host_is_local(other), "{other}");
        }
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape_html("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn the_script_goes_before_the_closing_body() {
        let page = inject("<html><body><p>hi</p></BODY></html>", "v-1", None);
        assert_eq!(
            page,
            "<html><body><p>hi</p><script src=\"/__mailbook/livereload.js\" \
             data-version=\"v-1\"></script></BODY></html>"
        );
        let bare = inject("<p>no body tag</p>", "v-2", None);
        assert!(bare.starts_with("<p>no body tag</p><script "), "{bare}");
    }

    #[test]
    fn the_overlay_is_escaped_and_precedes_the_script() {
        let error = "recipes/gmail.yaml:3:1: error: unknown field `<img src=x onerror=alert(1)>`";
        let page = inject("<body>page</body>", "v-3", Some((error, true)));
        assert!(page.contains("id=\"mailbook-overlay\""), "{page}");
        assert!(
            page.contains(
                "recipes/gmail.yaml:3:1: error: unknown field `&lt;img src=x onerror=alert(1)&gt;`"
            ),
            "{page}"
        );
        assert!(!page.contains("<img"), "{page}");
        let overlay_at = page.find("mailbook-overlay").unwrap();
        let script_at = page.find("<script").unwrap();
        assert!(overlay_at < script_at, "{page}");
        assert!(page.ends_with("</script></body>"), "{page}");
        assert!(page.contains("last good build"), "{page}");
        let first = inject("<body></body>", "v-0", Some((error, false)));
        assert!(first.contains("could not be built"), "{first}");
        assert!(!first.contains("last good build"), "{first}");
    }
}
