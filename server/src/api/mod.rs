//! The JSON API under `/api/v1`, and its OpenAPI document generated from the handlers.
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderName, HeaderValue};
use axum::routing::get;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::error::{ApiError, ErrorBody};
use crate::AppState;

mod bookings;
mod client_errors;
mod doc;
mod donations;
pub mod ledger;
mod listings;
mod orders;
mod tickets;

pub use crate::http::{created, IdempotencyKey, BASE, IDEMPOTENCY_KEY};

/// Largest request body the API reads; a booking or a full cart is a few KB at most.
pub const BODY_LIMIT: usize = 16 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Chenjiagou portal API",
        description = "Listings, availability, bookings, orders and donations of the Chenjiagou tai chi village portal. \
                       Money is integer fen. Errors are `{ message, code, errors: { field: [..] } }`. \
                       Creating POSTs need an `Idempotency-Key` header. \
                       A booking, order or pledge is read with its reference in the path and its PIN in an `X-Ticket-Pin` header \
                       (or both in the body of `POST /tickets/find`); 10 wrong PINs for one reference in an hour lock it for the hour (429 `too_many_attempts`). \
                       Creating POSTs and look-ups are rate-limited per client address (429 `rate_limited` with `Retry-After`).",
        version = "1"
    ),
    tags(
        (name = "listings", description = "The same data as the static `data/*.json` files, with live figures"),
        (name = "availability", description = "Places and rooms for given dates"),
        (name = "bookings", description = "School sessions and lodging rooms"),
        (name = "orders", description = "Local products"),
        (name = "tickets", description = "Finding a booking, order or pledge by reference and PIN"),
        (name = "donations", description = "Pledges to village projects, and the public ledger of money in and out"),
        (name = "operators", description = "The operators' dashboard: a session cookie from `POST /ops/login`; \
                                          401 without it, 403 for a role that may not, 404 for what another operator owns"),
    ),
    components(schemas(ErrorBody, crate::error::FieldProblem, model::Problem))
)]
struct ApiDoc;

/// The API's routes (under [`BASE`]) and its OpenAPI document.
pub fn router(state: &AppState) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    // Creating POSTs and look-ups by reference and PIN are limited per client address;
    // listing reads are not.
    let creating = crate::security::rate_limited(
        OpenApiRouter::new()
            .merge(bookings::router())
            .merge(orders::router())
            .merge(donations::router()),
        state.security.create_limit,
        Some(vec![axum::http::Method::POST]),
        &state.security.trusted_proxies,
    );
    let crash_reports = crate::security::rate_limited(
        client_errors::router(),
        state.security.client_error_limit,
        None,
        &state.security.trusted_proxies,
    );
    let lookups = crate::security::rate_limited(
        OpenApiRouter::new()
            .merge(bookings::lookup_router())
            .merge(orders::lookup_router())
            .merge(donations::lookup_router())
            .merge(tickets::router()),
        state.security.lookup_limit,
        None,
        &state.security.trusted_proxies,
    );
    let (api, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(
            BASE,
            OpenApiRouter::new()
                .merge(listings::router())
                .merge(creating)
                .merge(lookups)
                .merge(crash_reports)
                .merge(ledger::router())
                .merge(crate::dashboard::router(state)),
        )
        .split_for_parts();
    doc::add_common_errors(&mut doc, rate_limited_route);
    let json = doc.to_json().unwrap_or_else(|e| {
        tracing::error!(error = %e, "cannot serialise the OpenAPI document");
        "{}".to_owned()
    });
    let api = api
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let json = json.clone();
                async move {
                    (
                        [(
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("application/json"),
                        )],
                        json,
                    )
                }
            }),
        )
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(CompressionLayer::new().br(true).gzip(true));
    (api, doc)
}

/// The routes [`router`] limits per client address (path under [`BASE`]): creating POSTs,
/// look-ups by reference and PIN, crash reports and logins.
fn rate_limited_route(method: &str, path: &str) -> bool {
    let creating = method == "post"
        && ["/bookings", "/orders", "/donations"]
            .iter()
            .any(|c| path == *c || (path.starts_with(c) && path.ends_with("/cancel")));
    let lookup = method == "get"
        && [
            "/bookings/{reference}",
            "/orders/{reference}",
            "/donations/{reference}",
        ]
        .contains(&path);
    creating
        || lookup
        || (method == "post" && ["/tickets/find", "/client-errors", "/ops/login"].contains(&path))
}

/// The header a look-up by reference carries the PIN in (never the URL: URLs end up in logs,
/// proxies and browser history).
pub const TICKET_PIN: HeaderName = HeaderName::from_static("x-ticket-pin");

/// The PIN pattern stated in the OpenAPI document, exactly what [`model::Pin::parse`] reads:
/// 8 characters of the reference alphabet (any case) or an older ticket's 6 digits, with
/// dashes, spaces or tabs anywhere.
pub const PIN_PATTERN: &str =
    "^[ \\t-]*(([2-9A-HJKMNP-Za-hjkmnp-z][ \\t-]*){8}|([0-9][ \\t-]*){6})$";

/// The `X-Ticket-Pin` header of a look-up by reference.
#[derive(Debug, Clone)]
pub struct TicketPin(pub String);

impl<S: Send + Sync> FromRequestParts<S> for TicketPin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let pin = parts
            .headers
            .get(TICKET_PIN)
            .ok_or_else(|| ApiError::field("X-Ticket-Pin", model::Problem::Required {}))?
            .to_str()
            .map_err(|_| ApiError::field("X-Ticket-Pin", model::Problem::InvalidPin {}))?;
        Ok(TicketPin(pin.to_owned()))
    }
}

/// Parses a reference and PIN as typed; a malformed reference is answered like a wrong one.
fn reference_and_pin(
    reference: &str,
    pin: &str,
    what: &str,
) -> Result<(model::Reference, model::Pin), ApiError> {
    let pin = model::Pin::parse(pin)
        .ok_or_else(|| ApiError::field("pin", model::Problem::InvalidPin {}))?;
    let reference = model::Reference::parse(reference)
        .ok_or_else(|| ApiError::not_found(format!("no {what} with this reference and PIN")))?;
    Ok((reference, pin))
}
