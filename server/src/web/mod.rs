//! Serving the Trunk-built front end from `dist/`: precompressed files, cache headers, SPA deep
//! links, `/config.json`, and the security headers every response carries.
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use model::{Contact, Localized, SiteConfig, SiteMode};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::ApiError;
use crate::listing_cache::Snapshot;

pub mod csp;
pub mod pages;
pub mod precompress;

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

/// The front end being served.
#[derive(Debug)]
pub struct Web {
    dist: PathBuf,
    index: PathBuf,
    /// `/config.json` as answered in API mode; `None` in static mode (then it is a file).
    site_config: Option<Bytes>,
    pub csp: csp::Csp,
}

impl Web {
    /// Prepares to serve `dist`, precompressing its files first.
    pub async fn new(dist: PathBuf, mode: SiteMode) -> anyhow::Result<Self> {
        if !dist.join("index.html").is_file() {
            tracing::warn!(dist = %dist.display(), "no index.html in dist: build the front end with trunk");
        }
        let dir = dist.clone();
        tokio::task::spawn_blocking(move || precompress::precompress_dir(&dir)).await?;
        let site_config = match mode {
            SiteMode::Static => None,
            SiteMode::Api => Some(Bytes::from(serde_json::to_vec(&api_site_config(&dist))?)),
        };
        let index = dist.join("index.html");
        Ok(Web {
            csp: csp::Csp::new(index.clone()),
            dist,
            index,
            site_config,
        })
    }

    /// The directory served.
    pub fn dist(&self) -> &Path {
        &self.dist
    }
}

/// The API-mode configuration; the visitor centre comes from `dist/config.json` when the front
/// end ships one, so both modes show the same contact.
fn api_site_config(dist: &Path) -> SiteConfig {
    let shipped = std::fs::read(dist.join("config.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<SiteConfig>(&b).ok());
    SiteConfig {
        mode: SiteMode::Api,
        api_base: Some("/api/v1".to_owned()),
        visitor_centre: shipped
            .map(|c| c.visitor_centre)
            .unwrap_or_else(default_visitor_centre),
    }
}

fn default_visitor_centre() -> Contact {
    Contact {
        phone: "0391-6118888".to_owned(),
        wechat: Some("chenjiagou-visitors".to_owned()),
        hours: Localized::new("每天 8:00–18:00", "Daily 8:00–18:00"),
    }
}

/// `GET /config.json` in API mode.
pub async fn get_site_config(State(state): State<crate::AppState>) -> Response {
    match &state.web.site_config {
        Some(body) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ),
                (header::CACHE_CONTROL, NO_CACHE),
            ],
            body.clone(),
        )
            .into_response(),
        None => {
            let mut req = Request::new(Body::empty());
            *req.uri_mut() = axum::http::Uri::from_static("/config.json");
            serve_static(State(state), req).await
        }
    }
}

/// Everything no route matched: a file from `dist/`, the app shell for a deep link, or a 404.
pub async fn serve_static(State(state): State<crate::AppState>, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::not_found(format!("no API endpoint at {path}")).into_response();
    }
    let method = req.method().clone();
    let headers = req.headers().clone();
    let reads = method == Method::GET || method == Method::HEAD;
    // A public page (home, a section, a listing) comes drawn as HTML before the app.
    if reads && !has_extension(&path) {
        if let Some(page) = drawn_page(&state, &path, req.uri().query(), &headers).await {
            return with_cache(page, NO_CACHE);
        }
    }
    let dir = ServeDir::new(&state.web.dist)
        .precompressed_br()
        .precompressed_gzip();
    let res = match dir.oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    };
    let deep_link = res.status() == StatusCode::NOT_FOUND && reads && !has_extension(&path);
    let res = if deep_link {
        serve_index(&state.web.index, method, headers).await
    } else {
        res
    };
    let cache = if !deep_link && res.status().is_success() && is_content_hashed(&path) {
        IMMUTABLE
    } else {
        NO_CACHE
    };
    with_cache(res, cache)
}

fn with_cache(mut res: Response, cache: HeaderValue) -> Response {
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, cache);
    h.entry(header::VARY)
        .or_insert(HeaderValue::from_static("accept-encoding"));
    res
}

/// The cached listings the drawn pages and the sitemap are made from.
struct LiveListings {
    schools: Arc<Snapshot<model::School>>,
    lodgings: Arc<Snapshot<model::Lodging>>,
    products: Arc<Snapshot<model::Product>>,
    projects: Arc<Snapshot<model::Project>>,
}

impl LiveListings {
    fn view(&self) -> pages::Listings<'_> {
        pages::Listings {
            schools: &self.schools.items,
            lodgings: &self.lodgings.items,
            products: &self.products.items,
            projects: &self.projects.items,
        }
    }
}

async fn live_listings(state: &crate::AppState) -> crate::store::StoreResult<LiveListings> {
    let l = &state.listings;
    Ok(LiveListings {
        schools: l.schools().await?,
        lodgings: l.lodgings().await?,
        products: l.products().await?,
        projects: l.projects().await?,
    })
}

/// A public page drawn as HTML from the live listings, when `path` is one `pages` draws.
async fn drawn_page(
    state: &crate::AppState,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Option<Response> {
    let lang = visitor_lang(query, headers);
    let live = live_listings(state).await.ok()?;
    let page = pages::page_for(&live.view(), path, lang)?;
    // Read each time: a new build of dist/ names new hashed files.
    let shell = tokio::fs::read_to_string(&state.web.index).await.ok()?;
    let html = pages::render(&shell, &page, lang, &site_origin(state, headers));
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        ),
        (
            header::VARY,
            HeaderValue::from_static("accept-language, cookie"),
        ),
    ];
    Some((headers, html).into_response())
}

/// The page's language: `?lang=`, else the one chosen on an earlier visit (the app's
/// cookie), else the browser's first, else Chinese.
fn visitor_lang(query: Option<&str>, headers: &HeaderMap) -> model::Lang {
    use model::Lang;
    let parse = Lang::parse;
    let asked = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|kv| kv.strip_prefix("lang=").and_then(parse));
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let remembered = text(header::COOKIE).and_then(|c| {
        c.split(';')
            .find_map(|kv| kv.trim().strip_prefix("i18n_pref_locale=").and_then(parse))
    });
    let browser = text(header::ACCEPT_LANGUAGE)
        .and_then(|a| a.split(',').next())
        .map(|first| {
            if first.trim().starts_with("en") {
                Lang::En
            } else {
                Lang::Zh
            }
        });
    asked.or(remembered).or(browser).unwrap_or(Lang::Zh)
}

/// `scheme://host` of the site: `--public-url`, else the request's own Host over http.
fn site_origin(state: &crate::AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.security.public_url {
        return url.origin().to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// `GET /sitemap.xml`: every page drawn before the app, in both languages.
pub async fn get_sitemap(State(state): State<crate::AppState>, headers: HeaderMap) -> Response {
    let Ok(live) = live_listings(&state).await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let xml = pages::sitemap(&pages::paths(&live.view()), &site_origin(&state, &headers));
    let kind = HeaderValue::from_static("application/xml; charset=utf-8");
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, NO_CACHE),
        ],
        xml,
    )
        .into_response()
}

/// `GET /robots.txt`.
pub async fn get_robots(State(state): State<crate::AppState>, headers: HeaderMap) -> Response {
    let text = pages::robots(&site_origin(&state, &headers));
    let kind = HeaderValue::from_static("text/plain; charset=utf-8");
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, NO_CACHE),
        ],
        text,
    )
        .into_response()
}

async fn serve_index(index: &Path, method: Method, headers: HeaderMap) -> Response {
    let mut req = Request::new(Body::empty());
    *req.method_mut() = method;
    *req.headers_mut() = headers;
    let file = ServeFile::new(index)
        .precompressed_br()
        .precompressed_gzip();
    match file.oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    }
}

/// True when the last path segment has a file extension (`/img/x.svg`, `/data/nope.json`).
fn has_extension(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    name.rfind('.')
        .is_some_and(|dot| dot > 0 && dot + 1 < name.len())
}

/// True for content-hashed build output: Trunk's hashed file names, a `-` and 16 or more hex
/// digits before the extension (`style-0123456789abcdef.css`), and every file in a hashed
/// folder (`/pkg-1a2b3c4d5e6f7a8b/portal_bg.wasm`, written by scripts/build-wasm).
pub fn is_content_hashed(path: &str) -> bool {
    if let Some(name) = path.strip_prefix("/media/") {
        return model::photo::is_copy_name(name);
    }
    let mut segments = path.split('/').filter(|s| !s.is_empty()).peekable();
    while let Some(segment) = segments.next() {
        let is_folder = segments.peek().is_some();
        if has_hash(segment, is_folder) {
            return true;
        }
    }
    false
}

fn has_hash(segment: &str, is_folder: bool) -> bool {
    let bytes = segment.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        if b != b'-' {
            return false;
        }
        let hex = bytes[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        let ends_name = match bytes.get(i + 1 + hex) {
            Some(b'.') | Some(b'_') => true,
            None => is_folder,
            _ => false,
        };
        hex >= 16 && ends_name
    })
}

/// Adds the security headers to every response (the CSP is re-read for HTML documents).
pub async fn security_headers(State(web): State<Arc<Web>>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let csp = if is_html {
        web.csp.refreshed_header()
    } else {
        web.csp.header()
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_recognised_and_plain_names_are_not() {
        assert!(is_content_hashed("/portal-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_content_hashed("/portal-1a2b3c4d5e6f7a8b.js"));
        assert!(is_content_hashed("/style-0123456789abcdef0123.css"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/data/schools.json"));
        assert!(!is_content_hashed("/img/chen-family-hall.svg"));
        assert!(!is_content_hashed("/portal-1a2b3c4d.js"));
        assert!(!is_content_hashed("/sw.js"));
        assert!(is_content_hashed("/pkg-1a2b3c4d5e6f7a8b/portal_bg.wasm"));
        assert!(is_content_hashed("/pkg-1a2b3c4d5e6f7a8b/__wasm_split.js"));
        assert!(!is_content_hashed("/pkg-1a2b3c4d5e6f7a8b"));
        assert!(!is_content_hashed("/pkg-1a2b/portal_bg.wasm"));
    }

    #[test]
    fn deep_links_have_no_extension() {
        assert!(!has_extension("/schools/chen-family-hall"));
        assert!(!has_extension("/"));
        assert!(has_extension("/data/nope.json"));
        assert!(has_extension("/img/x.svg"));
    }
}
