//! The one error type of the HTTP layer and the JSON extractor whose rejection is that error.
//!
//! Every error a client sees has the same body: `{ "message", "code", "params", "errors",
//! "problems" }`. `code` and `params` are a [`Problem`] (stable: clients switch on them and word
//! them in their own language); `message` and the `errors` texts are English, for API clients.
//! Internal errors are logged with their detail and answered with an opaque 500.
use std::collections::BTreeMap;
use std::sync::LazyLock;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use model::transition::Refusal;
pub use model::FieldErrors;
use model::Problem;

/// What went wrong with a request, as the client is told.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON at all.
    #[error("the request body is not valid JSON: {0}")]
    MalformedJson(String),
    /// The body is JSON but not the expected shape (wrong type, unknown or missing field).
    #[error("the request body does not have the expected fields")]
    InvalidBody(FieldErrors),
    /// The body is well-formed but fails validation.
    #[error("some fields are not valid")]
    Validation(FieldErrors),
    #[error("send the body as JSON with Content-Type: application/json")]
    UnsupportedMediaType,
    #[error("the request body is too large")]
    BodyTooLarge,
    #[error("this request needs an Idempotency-Key header")]
    MissingIdempotencyKey,
    #[error("the Idempotency-Key header must be 1 to 255 visible ASCII characters")]
    InvalidIdempotencyKey,
    #[error("this Idempotency-Key was already used with a different request body")]
    IdempotencyKeyReused,
    /// Nothing at this path, or no such listing; also a wrong reference or PIN, so that a
    /// guess cannot tell whether a reference exists.
    #[error("{0}")]
    NotFound(String),
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The request is valid but what it asks for is no longer there (places, nights, stock).
    #[error("{}", english(.problem))]
    Unavailable {
        problem: Problem,
        errors: FieldErrors,
    },
    /// The request conflicts with what is stored (a taken user name).
    #[error("{}", english(.0))]
    Conflict(Problem),
    /// The status change is not allowed from where the thing stands.
    #[error("{}", refusal_message(*.0))]
    Refused(Refusal),
    #[error("too many wrong PINs for this reference: try again in an hour, or call the operator")]
    TooManyAttempts,
    #[error("the service is busy, try again shortly")]
    Busy,
    /// No operator session, or it has expired.
    #[error("log in first")]
    Unauthorized,
    #[error("wrong user name or password")]
    InvalidCredentials,
    /// Logged in, but this operator's role may not do this.
    #[error("your account may not do this")]
    Forbidden,
    /// A cookie-authenticated write from another site.
    #[error("this request did not come from the portal's own pages")]
    OriginRejected,
    /// Too many wrong passwords for this account lately.
    #[error("too many failed logins: try again in {retry_after} seconds")]
    LoginThrottled { retry_after: u64 },
    /// Too many requests from this address.
    #[error("too many requests: try again in {retry_after} seconds")]
    RateLimited { retry_after: u64 },
    /// Anything else: the detail is logged, the client sees an opaque message.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// A refused status change, in English.
fn refusal_message(r: Refusal) -> String {
    match r {
        Refusal::BookingCancelled => "this booking is cancelled".into(),
        Refusal::BookingExpired => {
            "this booking was not confirmed in time and has expired: its places are free again"
                .into()
        }
        Refusal::BookingConfirmed => {
            "this booking is confirmed: call the visitor to cancel it".into()
        }
        Refusal::NotConfirmed => "confirm the booking before marking it paid".into(),
        Refusal::AlreadyStarted => {
            "this has already started: please call the operator to cancel".into()
        }
        Refusal::OrderCancelled => "this order is cancelled".into(),
        Refusal::AlreadyFulfilled => {
            "the shop has already handed this order over: please call the shop".into()
        }
        Refusal::PledgeConfirmed => {
            "the village has received this donation: it can no longer be withdrawn".into()
        }
        Refusal::PledgeWithdrawn => "this pledge was withdrawn".into(),
        Refusal::NotAStep => "a spending starts pending".into(),
        Refusal::WrongStage { stage, expected } => format!(
            "this spending is {}, not {}",
            stage.as_str(),
            expected.as_str()
        ),
        Refusal::SecondApproverRequired => {
            "approved by someone other than who recorded or proposed it".into()
        }
        Refusal::CorrectionApproved => "this correction is already approved".into(),
    }
}

/// English wordings of the problem codes: the same file the front end's English pages use.
static ENGLISH: LazyLock<BTreeMap<String, String>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../locales/en/problem.json"))
        .expect("locales/en/problem.json is a flat object of strings")
});

/// A problem in English, for API clients.
pub fn english(problem: &Problem) -> String {
    if let Problem::InvalidValue { detail } = problem {
        // The parser's own words name what was expected.
        return detail.clone();
    }
    ENGLISH
        .get(problem.code())
        .map(|template| problem.word(template))
        .unwrap_or_else(|| problem.code().replace('_', " "))
}

/// The parameters of a problem as a JSON object (`{}` when it has none).
fn params_of(problem: &Problem) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(problem) {
        Ok(serde_json::Value::Object(mut o)) => match o.remove("params") {
            Some(serde_json::Value::Object(params)) => params,
            _ => serde_json::Map::new(),
        },
        _ => serde_json::Map::new(),
    }
}

/// The JSON body of every error response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A sentence for people, in English.
    pub message: String,
    /// A stable snake_case code for programs (see `Problem` for every code and its params).
    pub code: String,
    /// The code's parameters, e.g. `{ "left": 1 }` for `places_left`; `{}` when it has none.
    #[schema(value_type = Object)]
    pub params: serde_json::Map<String, serde_json::Value>,
    /// Problems per field in English, keyed by field name (`contact.phone`,
    /// `lines[0].quantity`).
    pub errors: BTreeMap<String, Vec<String>>,
    /// The same problems per field with their codes and parameters, to word in any language.
    pub problems: BTreeMap<String, Vec<FieldProblem>>,
}

/// One problem with one field.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    /// A stable snake_case code (see `Problem`).
    pub code: String,
    #[schema(value_type = Object)]
    pub params: serde_json::Map<String, serde_json::Value>,
    /// The problem in English.
    pub message: String,
}

impl FieldProblem {
    fn of(problem: &Problem) -> Self {
        FieldProblem {
            code: problem.code().to_owned(),
            params: params_of(problem),
            message: english(problem),
        }
    }
}

impl ApiError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            ApiError::MalformedJson(_)
            | ApiError::MissingIdempotencyKey
            | ApiError::InvalidIdempotencyKey => StatusCode::BAD_REQUEST,
            ApiError::InvalidBody(_) | ApiError::Validation(_) | ApiError::IdempotencyKeyReused => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Unavailable { .. } | ApiError::Conflict(_) | ApiError::Refused(_) => {
                StatusCode::CONFLICT
            }
            ApiError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unauthorized | ApiError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden | ApiError::OriginRejected => StatusCode::FORBIDDEN,
            ApiError::LoginThrottled { .. } | ApiError::RateLimited { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code clients switch on.
    pub fn code(&self) -> &'static str {
        self.problem().code()
    }

    /// The code and parameters of this error.
    pub fn problem(&self) -> Problem {
        match self {
            ApiError::MalformedJson(_) => Problem::MalformedJson {},
            ApiError::InvalidBody(_) => Problem::InvalidBody {},
            ApiError::Validation(_) => Problem::InvalidFields {},
            ApiError::UnsupportedMediaType => Problem::UnsupportedMediaType {},
            ApiError::BodyTooLarge => Problem::BodyTooLarge {},
            ApiError::MissingIdempotencyKey => Problem::IdempotencyKeyMissing {},
            ApiError::InvalidIdempotencyKey => Problem::IdempotencyKeyInvalid {},
            ApiError::IdempotencyKeyReused => Problem::IdempotencyKeyReused {},
            ApiError::NotFound(_) => Problem::NotFound {},
            ApiError::MethodNotAllowed => Problem::MethodNotAllowed {},
            ApiError::Unavailable { problem, .. } | ApiError::Conflict(problem) => problem.clone(),
            ApiError::Refused(r) => Problem::from(*r),
            ApiError::TooManyAttempts => Problem::TooManyAttempts {},
            ApiError::Busy => Problem::Busy {},
            ApiError::Unauthorized => Problem::Unauthorized {},
            ApiError::InvalidCredentials => Problem::InvalidCredentials {},
            ApiError::Forbidden => Problem::Forbidden {},
            ApiError::OriginRejected => Problem::OriginRejected {},
            ApiError::LoginThrottled { retry_after } => Problem::LoginThrottled {
                retry_after: *retry_after,
            },
            ApiError::RateLimited { retry_after } => Problem::RateLimited {
                retry_after: *retry_after,
            },
            ApiError::Internal(_) => Problem::Internal {},
        }
    }

    /// A 422 with one problem on one field.
    pub fn field(field: &str, problem: Problem) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, problem);
        ApiError::Validation(errors)
    }

    /// A 404 for a listing or path that is not there.
    pub fn not_found(what: impl Into<String>) -> Self {
        ApiError::NotFound(what.into())
    }

    /// The body of this error as sent.
    pub fn body(&self) -> ErrorBody {
        let fields = match self {
            ApiError::InvalidBody(e)
            | ApiError::Validation(e)
            | ApiError::Unavailable { errors: e, .. } => e.clone().into_map(),
            ApiError::MissingIdempotencyKey | ApiError::InvalidIdempotencyKey => {
                BTreeMap::from([("Idempotency-Key".to_owned(), vec![self.problem()])])
            }
            _ => BTreeMap::new(),
        };
        let problem = self.problem();
        ErrorBody {
            message: self.to_string(),
            code: problem.code().to_owned(),
            params: params_of(&problem),
            errors: fields
                .iter()
                .map(|(f, ps)| (f.clone(), ps.iter().map(english).collect()))
                .collect(),
            problems: fields
                .iter()
                .map(|(f, ps)| (f.clone(), ps.iter().map(FieldProblem::of).collect()))
                .collect(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(e) = &self {
            tracing::error!(error = ?e, "internal error");
        }
        let status = self.status_code();
        let mut res = (status, axum::Json(self.body())).into_response();
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let ApiError::LoginThrottled { retry_after } | ApiError::RateLimited { retry_after } =
            &self
        {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after));
        }
        res
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        use crate::store::StoreError as S;
        match e {
            S::NotFound(what) => ApiError::NotFound(what),
            S::Invalid(errors) => ApiError::Validation(errors),
            S::Unavailable { problem, errors } => ApiError::Unavailable { problem, errors },
            S::Conflict(problem) => ApiError::Conflict(problem),
            S::Refused(r) => ApiError::Refused(r),
            S::IdempotencyKeyReused => ApiError::IdempotencyKeyReused,
            S::TooManyAttempts => ApiError::TooManyAttempts,
            S::Busy | S::Retry => ApiError::Busy,
            S::Internal(e) => ApiError::Internal(e),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(e: PathRejection) -> Self {
        ApiError::NotFound(format!("no such path: {e}"))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        // The rejection text names the field, e.g. "guests: invalid digit found in string".
        let text = e.body_text();
        let detail = text
            .rsplit_once("query string: ")
            .map_or(text.as_str(), |(_, d)| d);
        let (field, detail) = match (named_field(detail), detail.split_once(": ")) {
            (Some(name), _) => (name, detail.to_owned()),
            (None, Some((f, p))) if !f.contains(' ') => (f.to_owned(), p.to_owned()),
            _ => ("query".to_owned(), detail.to_owned()),
        };
        let mut errors = FieldErrors::default();
        errors.add(&field, Problem::InvalidValue { detail });
        ApiError::Validation(errors)
    }
}

/// `Path<T>` whose rejection is an [`ApiError`].
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// `Query<T>` whose rejection is an [`ApiError`] naming the parameter.
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// `Json<T>` whose rejection is an [`ApiError`], with problems keyed by field path.
///
/// Requires `Content-Type: application/json`; the body size limit is set by the router's
/// `DefaultBodyLimit`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

/// The raw JSON value of a body as well as its typed form: idempotency compares bodies by their
/// canonical JSON, so whitespace and key order do not make two retries differ.
#[derive(Debug, Clone)]
pub struct JsonBody<T> {
    pub value: T,
    /// The body re-serialised with sorted keys.
    pub canonical: String,
}

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = JsonBody::<T>::from_request(req, state).await?;
        Ok(ApiJson(body.value))
    }
}

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json"
                    || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => ApiError::BodyTooLarge,
                _ => ApiError::MalformedJson(e.body_text()),
            })?;
        parse_json(&bytes)
    }
}

/// Parses a JSON body: syntax errors are 400, shape errors 422 keyed by the field's path.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<JsonBody<T>, ApiError> {
    let mut raw: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    integral_numbers_as_integers(&mut raw);
    let canonical = canonical_json(&raw);
    match serde_path_to_error::deserialize::<_, T>(raw) {
        Ok(value) => Ok(JsonBody { value, canonical }),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            let mut errors = FieldErrors::default();
            // A missing or unknown field is reported on its parent; name the field itself.
            let field = match (path.as_str(), named_field(&inner)) {
                (".", Some(name)) => name,
                (p, Some(name)) if inner.starts_with("missing field") => format!("{p}.{name}"),
                (".", None) => "body".to_owned(),
                (p, _) => p.to_owned(),
            };
            errors.add(&field, Problem::InvalidValue { detail: inner });
            Err(ApiError::InvalidBody(errors))
        }
    }
}

/// `2117.0` is the integer 2117 to JSON Schema (and so to the OpenAPI document): a number
/// without a fractional part that fits an `i64` or `u64` becomes that integer before the body
/// meets the integer fields' deserialisers. Fractional numbers stay as they are.
fn integral_numbers_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64() {
                // Exactly representable, and well inside either range: no rounding happens.
                let whole = f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15;
                if whole {
                    #[allow(clippy::cast_possible_truncation)]
                    let i = f as i64;
                    *value = Value::from(i);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers_as_integers),
        Value::Object(map) => map.values_mut().for_each(integral_numbers_as_integers),
        _ => {}
    }
}

/// JSON text with object keys sorted at every level, whatever map order serde_json was built with.
pub fn canonical_json(value: &serde_json::Value) -> String {
    use serde_json::Value;
    fn write(v: &Value, out: &mut String) {
        match v {
            Value::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                out.push('{');
                for (i, (k, v)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(k.clone()).to_string());
                    out.push(':');
                    write(v, out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(v, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(value, &mut out);
    out
}

/// The field named in serde's "missing field `x`" / "unknown field `x`" messages.
fn named_field(message: &str) -> Option<String> {
    if !(message.starts_with("missing field") || message.starts_with("unknown field")) {
        return None;
    }
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Party {
        size: u32,
        contact: Contact,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Contact {
        name: String,
    }

    fn field_of(body: &str) -> Vec<String> {
        match parse_json::<Party>(body.as_bytes()) {
            Err(ApiError::InvalidBody(e)) => e.into_map().into_keys().collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn shape_errors_name_the_field_that_is_wrong() {
        assert_eq!(
            field_of(r#"{"size":"two","contact":{"name":"a"}}"#),
            ["size"]
        );
        assert_eq!(field_of(r#"{"contact":{"name":"a"}}"#), ["size"]);
        assert_eq!(field_of(r#"{"size":1,"contact":{}}"#), ["contact.name"]);
        assert_eq!(
            field_of(r#"{"size":1,"contact":{"name":"a"},"x":1}"#),
            ["x"]
        );
        assert_eq!(field_of(r#"[]"#), ["body"]);
    }

    #[test]
    fn integral_numbers_are_integers_and_fractions_stay_fractions() {
        #[derive(Debug, serde::Deserialize)]
        struct Q {
            quantity: u32,
            amount: i64,
            lat: f64,
        }
        let q = parse_json::<Q>(br#"{"quantity": 3.0, "amount": -2117.0, "lat": 34.5}"#)
            .unwrap()
            .value;
        assert_eq!((q.quantity, q.amount, q.lat), (3, -2117, 34.5));
        assert!(matches!(
            parse_json::<Q>(br#"{"quantity": 3.5, "amount": 1, "lat": 1}"#),
            Err(ApiError::InvalidBody(_))
        ));
        assert!(matches!(
            parse_json::<Q>(br#"{"quantity": 1e300, "amount": 1, "lat": 1}"#),
            Err(ApiError::InvalidBody(_))
        ));
    }

    #[test]
    fn broken_json_is_a_bad_request() {
        let e = parse_json::<Party>(b"{\"size\":").unwrap_err();
        assert_eq!(e.status_code(), StatusCode::BAD_REQUEST);
        assert_eq!(e.code(), "malformed_json");
    }

    #[test]
    fn equal_bodies_in_another_key_order_have_one_canonical_form() {
        let a = parse_json::<Party>(br#"{"size":1,"contact":{"name":"a"}}"#).unwrap();
        let b = parse_json::<Party>(br#"{ "contact": {"name":"a"}, "size": 1 }"#).unwrap();
        assert_eq!(a.canonical, b.canonical);
    }
}
