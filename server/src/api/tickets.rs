//! `POST /tickets/find`: a booking, order or pledge by reference and PIN, in one look-up.
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::reference_and_pin;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::store::FoundTicket;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(find_ticket))
}

/// What a visitor typed from a paper slip or a message.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindTicketRequest {
    /// As typed: any case, with or without `CJG`, dashes and spaces.
    #[schema(example = "CJG-7KQ4-M9TX", min_length = 1, max_length = 40)]
    pub reference: String,
    /// 8 letters and digits (older tickets: 6 digits), dashes and spaces ignored.
    #[schema(
        example = "7KQ4M9TX",
        pattern = "^[ \\t-]*(([2-9A-HJKMNP-Za-hjkmnp-z][ \\t-]*){8}|([0-9][ \\t-]*){6})$"
    )]
    pub pin: String,
}

/// Which kind of record was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    Booking,
    Order,
    Donation,
}

/// The record found: a booking as `GET /bookings/{reference}` answers it, an order as
/// `GET /orders/{reference}`, a pledge as `GET /donations/{reference}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FoundTicketBody {
    pub kind: TicketKind,
    #[schema(value_type = Object)]
    pub record: serde_json::Value,
}

/// Finds a booking, order or pledge by its reference and PIN; one attempt against the
/// reference's PIN limit, whatever the kind.
#[utoipa::path(post, path = "/tickets/find", tag = "tickets",
    request_body = FindTicketRequest,
    responses(
        (status = 200, description = "Found: its kind and record", body = FoundTicketBody),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 404, description = "Nothing with this reference and PIN", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Missing fields, or the PIN is not 8 letters and digits (older tickets: 6 digits)", body = ErrorBody),
        (status = 429, description = "Too many wrong PINs for this reference, or too many look-ups from this address", body = ErrorBody),
    ))]
async fn find_ticket(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<FindTicketRequest>,
) -> Result<Json<FoundTicketBody>, ApiError> {
    let (reference, pin) =
        reference_and_pin(&body.reference, &body.pin, "booking, order or donation")?;
    let found = state.store.find_ticket(&reference, &pin).await?;
    let (kind, record) = match found {
        FoundTicket::Booking(b) => (TicketKind::Booking, serde_json::to_value(b)),
        FoundTicket::Order(o) => (TicketKind::Order, serde_json::to_value(o)),
        FoundTicket::Donation(d) => (TicketKind::Donation, serde_json::to_value(d)),
    };
    Ok(Json(FoundTicketBody {
        kind,
        record: record.map_err(|e| ApiError::Internal(e.into()))?,
    }))
}
