//! Request-level defences: rate limits per peer IP, Origin checks on cookie-authenticated
//! writes, and how the operators' session cookie is marked.
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_governor::governor::GovernorConfigBuilder;
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
    pub secure_cookie: SecureCookie,
    /// Origins, besides the server's own, allowed to send cookie-authenticated writes
    /// (e.g. `https://chenjiagou.example`).
    pub allowed_origins: Vec<String>,
}

impl Default for Security {
    /// Generous enough that `make bench` (hundreds of bookings a second from one address) is
    /// not throttled; a public deployment should lower `create_limit`.
    fn default() -> Self {
        Security {
            login_limit: RateLimit {
                burst: 20,
                per_minute: 20,
            },
            create_limit: RateLimit {
                burst: 4_000,
                per_minute: 240_000,
            },
            lookup_limit: RateLimit {
                burst: 20,
                per_minute: 20,
            },
            secure_cookie: SecureCookie::Auto,
            allowed_origins: Vec::new(),
        }
    }
}

/// Applies `limit` per peer IP to the routes of `router` (only to `methods`, if given).
pub fn rate_limited(
    router: OpenApiRouter<AppState>,
    limit: RateLimit,
    methods: Option<Vec<Method>>,
) -> OpenApiRouter<AppState> {
    let mut builder = GovernorConfigBuilder::default();
    builder.period(limit.period()).burst_size(limit.burst);
    if let Some(methods) = methods {
        builder.methods(methods);
    }
    let Some(config) = builder.finish() else {
        return router;
    };
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
