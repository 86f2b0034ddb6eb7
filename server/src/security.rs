//! Request-level defences: rate limits per client address, Origin checks on
//! cookie-authenticated writes, and how the operators' session cookie is marked.
//!
//! The client address is the peer's, unless the peer is a configured trusted proxy: then it
//! is the right-most address in `X-Forwarded-For` that is not a trusted proxy (what a client
//! writes further left could be anything). IPv6 clients are counted per /64, the block one
//! household or phone is given, so rotating addresses inside it does not reset a limit.
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};
use utoipa_axum::router::OpenApiRouter;

use crate::error::ApiError;
use crate::AppState;

/// A token bucket per peer IP: `burst` requests at once, refilled at `per_minute`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// 0 turns the limit off.
    pub burst: u32,
    pub per_minute: u32,
}

impl RateLimit {
    /// This limit `factor` times as generous (for load tests and browser test suites, whose
    /// clients all come from one address).
    pub fn scaled(self, factor: u32) -> RateLimit {
        RateLimit {
            burst: self.burst.saturating_mul(factor),
            per_minute: self.per_minute.saturating_mul(factor),
        }
    }

    fn period(self) -> Duration {
        Duration::from_nanos(60_000_000_000 / u64::from(self.per_minute.max(1)))
    }
}

/// An address block, `10.0.0.0/8`, `fd00::/8`, or one address (`127.0.0.1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    /// True when `ip` lies in this block (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for Network {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let addr = canonical(
            addr.parse::<IpAddr>()
                .map_err(|e| format!("{s:?} is not an address or block: {e}"))?,
        );
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{s:?}: the prefix length must be 0–{max}"))?,
            None => max,
        };
        Ok(Network { addr, prefix })
    }
}

impl std::fmt::Display for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as the IPv4 address it is.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// The address a request is counted against, given its peer and headers.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[Network]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    let peer = canonical(peer);
    if !is_trusted(peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|hop| hop.trim().parse::<IpAddr>().map(canonical))
        .collect::<Result<_, _>>()
        // A hop that is not an address: trust nothing the proxy passed on.
        .unwrap_or_default();
    hops.iter()
        .rev()
        .copied()
        .find(|ip| !is_trusted(*ip))
        .or_else(|| hops.first().copied())
        .unwrap_or(peer)
}

/// What a rate limit counts: the address, an IPv6 one cut to its /64.
pub fn rate_key(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !(u64::MAX as u128))),
        v4 => v4,
    }
}

/// Rate-limit key: the client address (see the module doc), grouped by [`rate_key`].
#[derive(Clone, Debug)]
pub struct ClientKey {
    trusted: Arc<Vec<Network>>,
}

impl KeyExtractor for ClientKey {
    type Key = IpAddr;

    fn extract<T>(&self, req: &axum::http::Request<T>) -> Result<Self::Key, GovernorError> {
        let peer = req
            .extensions()
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or(GovernorError::UnableToExtractKey)?;
        Ok(rate_key(client_address(peer, req.headers(), &self.trusted)))
    }
}

/// When the session cookie carries `Secure`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SecureCookie {
    /// When the request came over HTTPS (`X-Forwarded-Proto: https` from the proxy).
    #[default]
    Auto,
    Always,
    Never,
}

/// The server's defences, from the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Security {
    /// Logins per peer IP.
    pub login_limit: RateLimit,
    /// Creating POSTs (bookings, orders, pledges, cancellations) per client address.
    pub create_limit: RateLimit,
    /// Look-ups by reference and PIN per client address.
    pub lookup_limit: RateLimit,
    /// Crash reports from browsers per client address.
    pub client_error_limit: RateLimit,
    pub secure_cookie: SecureCookie,
    /// Origins, besides the server's own, allowed to send cookie-authenticated writes
    /// (e.g. `https://chenjiagou.example`).
    pub allowed_origins: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<Network>,
    /// The address visitors reach the portal at (`https://cjg.example`), if configured. When
    /// it is https, every answer carries `Strict-Transport-Security` and the session cookie is
    /// always `Secure`.
    pub public_url: Option<PublicUrl>,
}

impl Security {
    /// True when the configured public URL is https.
    pub fn https(&self) -> bool {
        self.public_url.as_ref().is_some_and(PublicUrl::is_https)
    }
}

/// HSTS for a year, subdomains included, once the site is known to be served over https.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The portal's public address: `http(s)://host[:port][/path]`, kept as its origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl {
    origin: String,
}

impl PublicUrl {
    pub fn is_https(&self) -> bool {
        self.origin.starts_with("https://")
    }

    /// `scheme://host[:port]`, lower-case, no trailing slash.
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

impl FromStr for PublicUrl {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let lower = text.to_ascii_lowercase();
        let Some((scheme, rest)) = lower.split_once("://") else {
            return Err(format!(
                "{text:?}: a public URL starts with https:// or http://"
            ));
        };
        if !matches!(scheme, "https" | "http") {
            return Err(format!(
                "{text:?}: a public URL starts with https:// or http://"
            ));
        }
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty()
            || host.contains('@')
            || !host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        {
            return Err(format!("{text:?}: no host name in the public URL"));
        }
        Ok(PublicUrl {
            origin: format!("{scheme}://{host}"),
        })
    }
}

impl Default for Security {
    /// Safe for a public server: a handful of bookings, orders and pledges a minute per
    /// address. `make bench` and the browser tests raise them (`--limits-scale`).
    fn default() -> Self {
        Security {
            login_limit: RateLimit {
                burst: 20,
                per_minute: 20,
            },
            create_limit: RateLimit {
                burst: 5,
                per_minute: 5,
            },
            lookup_limit: RateLimit {
                burst: 20,
                per_minute: 20,
            },
            client_error_limit: RateLimit {
                burst: 3,
                per_minute: 3,
            },
            secure_cookie: SecureCookie::Auto,
            allowed_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            public_url: None,
        }
    }
}

/// Applies `limit` per client address to the routes of `router` (only to `methods`, if given).
/// The limiter forgets addresses whose bucket is full again every minute, so its memory stays
/// bounded by the addresses seen lately.
pub fn rate_limited(
    router: OpenApiRouter<AppState>,
    limit: RateLimit,
    methods: Option<Vec<Method>>,
    trusted_proxies: &[Network],
) -> OpenApiRouter<AppState> {
    let mut builder = GovernorConfigBuilder::default().key_extractor(ClientKey {
        trusted: Arc::new(trusted_proxies.to_vec()),
    });
    builder.period(limit.period()).burst_size(limit.burst);
    if let Some(methods) = methods {
        builder.methods(methods);
    }
    let Some(config) = builder.finish() else {
        return router;
    };
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        let limiter = Arc::downgrade(config.limiter());
        runtime.spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                let Some(limiter) = limiter.upgrade() else {
                    return;
                };
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
        });
    }
    router.layer(GovernorLayer::new(config).error_handler(|e| {
        match e {
            GovernorError::TooManyRequests { wait_time, .. } => ApiError::RateLimited {
                retry_after: wait_time.max(1),
            }
            .into_response(),
            other => ApiError::Internal(anyhow::anyhow!("rate limiter: {other}")).into_response(),
        }
    }))
}

/// Refuses writes whose `Origin` is another site's: with a session cookie in play, a page
/// elsewhere must not be able to make the operator's browser act. Requests without `Origin`
/// (not from a browser, or a same-origin GET) pass; `SameSite=Strict` covers old browsers.
pub async fn same_origin_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let allowed = match headers.get(header::ORIGIN).map(|o| o.to_str()) {
        None => headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_none_or(|site| matches!(site, "same-origin" | "none")),
        Some(Ok(origin)) => {
            let origin_host = origin
                .split_once("://")
                .map_or("", |(_, rest)| rest.trim_end_matches('/'));
            (!host.is_empty() && origin_host.eq_ignore_ascii_case(host))
                || state
                    .security
                    .allowed_origins
                    .iter()
                    .map(String::as_str)
                    .chain(state.security.public_url.as_ref().map(PublicUrl::origin))
                    .any(|a| a.trim_end_matches('/').eq_ignore_ascii_case(origin))
        }
        Some(Err(_)) => false,
    };
    if allowed {
        next.run(request).await
    } else {
        ApiError::OriginRejected.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xff(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", value.parse().unwrap());
        h
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let trusted: Vec<Network> = vec!["10.0.0.0/24".parse().unwrap()];
        let client = |peer: IpAddr, h: &str| client_address(peer, &xff(h), &trusted).to_string();
        assert_eq!(client(proxy, "203.0.113.7"), "203.0.113.7");
        // What the client wrote itself, left of what the proxy saw, is not believed.
        assert_eq!(client(proxy, "1.2.3.4, 203.0.113.7"), "203.0.113.7");
        assert_eq!(client(proxy, "203.0.113.7, 10.0.0.9"), "203.0.113.7");
        assert_eq!(client(proxy, "nonsense, 203.0.113.7"), "10.0.0.2");
        let stranger: IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(client(stranger, "203.0.113.7"), "198.51.100.1");
        assert_eq!(
            client("::ffff:10.0.0.2".parse().unwrap(), "203.0.113.8"),
            "203.0.113.8"
        );
    }

    #[test]
    fn ipv6_clients_are_counted_per_64_block() {
        let a = rate_key("2001:db8:1:2::1".parse().unwrap());
        let b = rate_key("2001:db8:1:2:ffff:ffff:ffff:ffff".parse().unwrap());
        let c = rate_key("2001:db8:1:3::1".parse().unwrap());
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.to_string(), "2001:db8:1:2::");
        let v4: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(rate_key(v4), v4);
    }

    #[test]
    fn networks_parse_as_blocks_or_single_addresses() {
        let n: Network = "192.168.0.0/16".parse().unwrap();
        assert!(n.contains("192.168.44.1".parse().unwrap()));
        assert!(!n.contains("192.169.0.1".parse().unwrap()));
        let one: Network = "::1".parse().unwrap();
        assert!(one.contains("::1".parse().unwrap()));
        assert!(!one.contains("::2".parse().unwrap()));
        let all: Network = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains("8.8.8.8".parse().unwrap()));
        assert!("10.0.0.0/33".parse::<Network>().is_err());
        assert!("example.com".parse::<Network>().is_err());
    }

    #[test]
    fn public_urls_keep_their_origin_and_say_whether_they_are_https() {
        let u: PublicUrl = "https://CJG.example/portal/".parse().unwrap();
        assert_eq!(u.origin(), "https://cjg.example");
        assert!(u.is_https());
        let dev: PublicUrl = "http://localhost:8080".parse().unwrap();
        assert_eq!(dev.origin(), "http://localhost:8080");
        assert!(!dev.is_https());
        assert!("cjg.example".parse::<PublicUrl>().is_err());
        assert!("ftp://cjg.example".parse::<PublicUrl>().is_err());
        assert!("https://".parse::<PublicUrl>().is_err());
        assert!("https://user@evil.example".parse::<PublicUrl>().is_err());
    }

    #[test]
    fn a_rate_refills_at_its_pace() {
        let limit = RateLimit {
            burst: 5,
            per_minute: 60,
        };
        assert_eq!(limit.period(), Duration::from_secs(1));
        let fast = RateLimit {
            burst: 1,
            per_minute: 240_000,
        };
        assert_eq!(fast.period(), Duration::from_micros(250));
    }
}
