//! `POST /donations`, `GET /donations/{reference}`, `POST /donations/{reference}/cancel`.
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use model::booking::CancelRequest;
use model::donation::{Donation, DonationRequest};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{created, reference_and_pin, IdempotencyKey, TicketPin};
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody, JsonBody};
use crate::listing_cache::Collection;
use crate::store::{Endpoint, NewDonation};
use crate::AppState;

/// The look-up by reference and PIN, rate-limited on its own.
pub fn lookup_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_donation))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_donation))
        .routes(routes!(cancel_donation))
}

/// Pledges a donation to a project and answers how to pay it.
///
/// The pledge counts in the project's `pledged` at once, and in `raised` only when the village
/// confirms the transfer.
#[utoipa::path(post, path = "/donations", tag = "donations",
    request_body = DonationRequest,
    params(("Idempotency-Key" = String, Header, description = "Unique per pledge attempt: 1–255 visible ASCII characters", pattern = "^[!-~]{1,255}$")),
    responses(
        (status = 201, description = "Pledged, with transfer details", body = Donation),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = ErrorBody),
        (status = 422, description = "Invalid fields, or the key was used with another body", body = ErrorBody),
    ))]
async fn create_donation(
    State(state): State<AppState>,
    key: IdempotencyKey,
    body: JsonBody<DonationRequest>,
) -> Result<Response, ApiError> {
    let idem = key.bind(Endpoint::Donations, &body.canonical);
    if let Some(first) = state.store.replay(&idem).await? {
        return Ok(created(first, "donations"));
    }
    let valid = body.value.parse().map_err(ApiError::Validation)?;
    let projects = state.listings.projects().await?;
    let project = projects
        .get(&valid.project)
        .ok_or_else(|| ApiError::field("project", model::Problem::Unknown {}))?;
    let donation = NewDonation {
        project: project.slug.clone(),
        project_name: project.name.clone(),
        amount: valid.amount,
        display_name: valid.display_name,
        message: valid.message,
        transfer: project.transfer.clone(),
    };
    let stored = state.store.create_donation(donation, idem).await?;
    if !stored.replayed {
        state.listings.invalidate(Collection::Projects);
    }
    Ok(created(stored, "donations"))
}

/// A donation by its reference and PIN.
#[utoipa::path(get, path = "/donations/{reference}", tag = "donations",
    params(("reference" = String, Path, description = "e.g. CJG-7KQ4-M9TX"),
        ("X-Ticket-Pin" = String, Header, description = "The PIN given with the reference: 8 letters and digits (older tickets: 6 digits)", pattern = "^[ \\t-]*(([2-9A-HJKMNP-Za-hjkmnp-z][ \\t-]*){8}|([0-9][ \\t-]*){6})$")),
    responses(
        (status = 200, description = "The donation", body = Donation),
        (status = 404, description = "No donation with this reference and PIN", body = ErrorBody),
        (status = 429, description = "Too many wrong PINs for this reference", body = ErrorBody),
    ))]
async fn get_donation(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    TicketPin(pin): TicketPin,
) -> Result<Json<Donation>, ApiError> {
    let (reference, pin) = reference_and_pin(&reference, &pin, "donation")?;
    Ok(Json(state.store.donation(&reference, &pin).await?))
}

/// Withdraws a pledge the village has not yet confirmed.
#[utoipa::path(post, path = "/donations/{reference}/cancel", tag = "donations",
    params(("reference" = String, Path, description = "e.g. CJG-7KQ4-M9TX")),
    request_body = CancelRequest,
    responses(
        (status = 200, description = "Withdrawn", body = Donation),
        (status = 404, description = "No donation with this reference and PIN", body = ErrorBody),
        (status = 429, description = "Too many wrong PINs for this reference", body = ErrorBody),
        (status = 409, description = "Already confirmed", body = ErrorBody),
    ))]
async fn cancel_donation(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    ApiJson(body): ApiJson<CancelRequest>,
) -> Result<Json<Donation>, ApiError> {
    let (reference, pin) = reference_and_pin(&reference, &body.pin, "donation")?;
    let donation = state.store.cancel_donation(&reference, &pin).await?;
    state.listings.invalidate(Collection::Projects);
    Ok(Json(donation))
}
