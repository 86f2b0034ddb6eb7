//! Logs: `tracing` with an env filter, one span per request.
use std::time::Duration;

use axum::body::Body;
use axum::extract::MatchedPath;
use axum::http::{Request, Response};
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{MakeSpan, OnResponse, TraceLayer};
use tracing::Span;
use tracing_subscriber::EnvFilter;

/// The filter used when `--log`/`RUST_LOG` is not given.
pub const DEFAULT_FILTER: &str = "info,sqlx=warn,tower_http=warn";

/// Installs the global subscriber; `filter` is an env-filter directive such as `info,server=debug`.
pub fn init(filter: Option<&str>) {
    let filter = filter
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new(DEFAULT_FILTER));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(true)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .try_init();
}

/// A span per request with method and matched route; status and latency are recorded on it
/// when the response is ready.
pub fn layer(
) -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RequestSpan, (), RecordResponse> {
    TraceLayer::new_for_http()
        .make_span_with(RequestSpan)
        .on_request(())
        .on_response(RecordResponse)
}

#[derive(Clone, Copy, Debug)]
pub struct RequestSpan;

impl MakeSpan<Body> for RequestSpan {
    fn make_span(&mut self, req: &Request<Body>) -> Span {
        // Static files and deep links have no route; the raw path would make every file its
        // own series, so they share one name.
        let route = req
            .extensions()
            .get::<MatchedPath>()
            .map_or("static", MatchedPath::as_str);
        tracing::info_span!(
            "request",
            method = %req.method(),
            route,
            status = tracing::field::Empty,
            latency_us = tracing::field::Empty,
        )
    }
}

#[derive(Clone, Copy, Debug)]
pub struct RecordResponse;

impl<B> OnResponse<B> for RecordResponse {
    fn on_response(self, res: &Response<B>, latency: Duration, span: &Span) {
        let status = res.status().as_u16();
        span.record("status", status);
        span.record("latency_us", latency.as_micros() as u64);
        if res.status().is_server_error() {
            tracing::error!(status, latency_us = latency.as_micros() as u64, "response");
        } else {
            tracing::info!(status, latency_us = latency.as_micros() as u64, "response");
        }
    }
}
