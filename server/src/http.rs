//! What the public API and the dashboard's HTTP layer share: the idempotency key of a
//! creating request and the answer to it.
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::secrets::request_hash;
use crate::store::{Endpoint, Idempotency, StoredResponse};

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

/// The stored answer of a creating request; a retry's copy says so in `Idempotent-Replayed`.
pub fn created(stored: StoredResponse, collection: &str) -> Response {
    #[derive(serde::Deserialize)]
    struct WithReference {
        reference: String,
    }
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::CREATED);
    let location = serde_json::from_str::<WithReference>(&stored.body)
        .ok()
        .and_then(|r| HeaderValue::from_str(&format!("{BASE}/{collection}/{}", r.reference)).ok());
    let mut res = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        stored.body,
    )
        .into_response();
    if let Some(location) = location {
        res.headers_mut().insert(header::LOCATION, location);
    }
    if stored.replayed {
        res.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    res
}
