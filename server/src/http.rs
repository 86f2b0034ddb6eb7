//! What the public API and the dashboard's HTTP layer share: the idempotency key of a
//! creating request and the answer to it.
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::secrets::request_hash;
use crate::store::{Created, Endpoint, Idempotency};

/// Where the API is mounted.
pub const BASE: &str = "/api/v1";

/// The header a creating POST must carry.
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// The `Idempotency-Key` header of a creating request: 1–255 visible ASCII characters.
/// Extracted before the body, so a request without one is refused whatever its body.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let key = parts
            .headers
            .get(IDEMPOTENCY_KEY)
            .ok_or(ApiError::MissingIdempotencyKey)?
            .to_str()
            .map_err(|_| ApiError::InvalidIdempotencyKey)?;
        if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ApiError::InvalidIdempotencyKey);
        }
        Ok(IdempotencyKey(key.to_owned()))
    }
}

impl IdempotencyKey {
    /// The key bound to the request body it came with.
    pub fn bind(self, endpoint: Endpoint, canonical_body: &str) -> Idempotency {
        Idempotency {
            endpoint,
            key: self.0,
            request_hash: request_hash(canonical_body),
        }
    }
}

/// The answer to a creating request: 201 with what was made and where it lives; a retry's
/// copy of the first answer says so in `Idempotent-Replayed`.
pub fn created<T: serde::Serialize>(made: Created<T>, collection: &str) -> Response {
    let value = match serde_json::to_value(&made.value) {
        Ok(value) => value,
        Err(e) => return ApiError::Internal(e.into()).into_response(),
    };
    let location = value["reference"]
        .as_str()
        .and_then(|r| HeaderValue::from_str(&format!("{BASE}/{collection}/{r}")).ok());
    let mut res = (StatusCode::CREATED, axum::Json(value)).into_response();
    if let Some(location) = location {
        res.headers_mut().insert(header::LOCATION, location);
    }
    if made.replayed {
        res.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    res
}
