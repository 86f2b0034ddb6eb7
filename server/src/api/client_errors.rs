//! `POST /client-errors`: the browser reports that the WASM died, so operators see in the log
//! that visitors hit it. Nothing personal is kept: the URL loses its query and fragment (a
//! ticket link could carry a PIN), and text is cut short.
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report_client_error))
}

/// Longest message kept, in characters.
pub const MESSAGE_MAX: usize = 500;
const URL_MAX: usize = 200;
const BUILD_MAX: usize = 64;

/// What the page's crash handler sends.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientErrorReport {
    /// The panic or error text; cut to 500 characters.
    #[schema(
        example = "panicked at reactive_graph/src/traits.rs:394:39",
        max_length = 4000
    )]
    pub message: String,
    /// Where it happened; only the path is kept.
    #[schema(example = "/trips/CJG-7KQ4-M9TX", max_length = 2000)]
    pub url: String,
    /// The build's id (e.g. the WASM file's hash).
    #[schema(example = "portal-0123456789abcdef", max_length = 200)]
    pub build: String,
}

fn cut(text: &str, max: usize) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .take(max)
        .collect()
}

/// The path of `url` (absolute or not), without query or fragment.
pub fn path_only(url: &str) -> String {
    let rest = match url.split_once("://") {
        Some((_, after)) => after.find('/').map_or("/", |i| &after[i..]),
        None => url,
    };
    let path = rest.split(['?', '#']).next().unwrap_or("");
    cut(path, URL_MAX)
}

/// Logs a fatal error in a visitor's browser (target `client_error`, level warn).
#[utoipa::path(post, path = "/client-errors", tag = "listings",
    request_body = ClientErrorReport,
    responses(
        (status = 204, description = "Logged"),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Missing or unknown fields, or a field longer than stated", body = ErrorBody),
        (status = 429, description = "Too many reports from this address", body = ErrorBody),
    ))]
async fn report_client_error(
    ApiJson(report): ApiJson<ClientErrorReport>,
) -> Result<StatusCode, ApiError> {
    // What is sent must keep within the documented lengths, though less of it is kept.
    let mut errors = crate::error::FieldErrors::default();
    for (field, text, max) in [
        ("message", &report.message, 4000),
        ("url", &report.url, 2000),
        ("build", &report.build, 200),
    ] {
        if text.chars().count() > max {
            errors.add(field, model::Problem::TooLong { max: max as u32 });
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    tracing::warn!(
        target: "client_error",
        message = cut(&report.message, MESSAGE_MAX),
        url = path_only(&report.url),
        build = cut(&report.build, BUILD_MAX),
        "the app died in a visitor's browser"
    );
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_path_of_the_url_is_kept() {
        assert_eq!(
            path_only("https://cjg.example/trips/CJG-1?pin=7KQ4M9TX#x"),
            "/trips/CJG-1"
        );
        assert_eq!(path_only("/trips?pin=123456"), "/trips");
        assert_eq!(path_only("https://cjg.example"), "/");
        assert_eq!(cut(&"长".repeat(600), MESSAGE_MAX).chars().count(), 500);
    }
}
