//! `POST /bookings`, `GET /bookings/{reference}`, `POST /bookings/{reference}/cancel`.
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use model::booking::{
    party_price, quote_stay, BookedItem, Booking, BookingItem, BookingRequest, CancelRequest,
    ValidBooking,
};
use model::staff::BookingRecord;
use model::{FieldErrors, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{created, reference_and_pin, IdempotencyKey, TicketPin};
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody, JsonBody};
use crate::listing_cache::Collection;
use crate::secrets::village_today;
use crate::store::{Endpoint, Hold, NewBooking};
use crate::AppState;

/// The look-up by reference and PIN, rate-limited on its own.
pub fn lookup_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_booking))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_booking))
        .routes(routes!(cancel_booking))
}

/// Books places in a school session, or a room for a stay.
///
/// Answers the reference and PIN (keep both), the price, status `requested` and the
/// cancellation policy. Places and nights are held until cancelled, or until the booking
/// expires because its operator did not confirm it in time (the listing's
/// `confirm_within_hours`, 48 by default): its status is then `expired`.
#[utoipa::path(post, path = "/bookings", tag = "bookings",
    request_body = BookingRequest,
    params(("Idempotency-Key" = String, Header, description = "Unique per booking attempt; a retry with the same key and body gets the first answer", pattern = "^[!-~]{1,255}$")),
    responses(
        (status = 201, description = "Booked", body = Booking),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = ErrorBody),
        (status = 409, description = "Not enough places, or the nights are taken", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Invalid fields, or the key was used with another body", body = ErrorBody),
    ))]
async fn create_booking(
    State(state): State<AppState>,
    key: IdempotencyKey,
    body: JsonBody<BookingRequest>,
) -> Result<Response, ApiError> {
    let idem = key.bind(Endpoint::Bookings, &body.canonical);
    if let Some(first) = state.store.replay(&idem).await? {
        return Ok(created(first, "bookings"));
    }
    let today = village_today();
    let valid = body.value.parse(today).map_err(ApiError::Validation)?;
    let booking = resolve(&state, valid, today).await?;
    let stored = state.store.create_booking(booking, idem).await?;
    // A lodging booking may have expired school bookings on its way, so the places shown
    // change either way.
    if !stored.replayed {
        state.listings.invalidate(Collection::Schools);
    }
    Ok(created(stored, "bookings"))
}

/// Checks a valid request against its listing and prices it.
async fn resolve(
    state: &AppState,
    valid: ValidBooking,
    today: chrono::NaiveDate,
) -> Result<NewBooking, ApiError> {
    let mut errors = FieldErrors::default();
    let ValidBooking {
        item,
        contact,
        note,
    } = valid;
    match item {
        BookingItem::Session {
            school,
            session,
            party,
        } => {
            let schools = state.listings.schools().await?;
            let Some(s) = schools.get(&school) else {
                return Err(ApiError::field("school", Problem::Unknown {}));
            };
            let Some((program, found)) = s
                .programs
                .iter()
                .find_map(|p| p.sessions.iter().find(|x| x.id == session).map(|x| (p, x)))
            else {
                return Err(ApiError::field("session", Problem::Unknown {}));
            };
            if found.start <= today {
                errors.add("session", Problem::SessionStarted {});
            }
            if party > found.capacity {
                errors.add(
                    "party",
                    Problem::TooManyPersons {
                        max: found.capacity,
                    },
                );
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            Ok(NewBooking {
                hold: Hold::Places {
                    session: found.id.clone(),
                    party,
                },
                item: BookedItem::School {
                    school: s.slug.clone(),
                    school_name: s.name.clone(),
                    program: program.id.clone(),
                    program_name: program.name.clone(),
                    session: found.id.clone(),
                    start: found.start,
                    days: program.days,
                    party,
                    price_per_person: program.price_per_person,
                },
                price: party_price(program, party),
                cancellation: s.cancellation.clone(),
                operator_contact: s.contact.clone(),
                contact,
                note,
                confirm_within_hours: s.confirm_within_hours,
            })
        }
        BookingItem::Room {
            lodging,
            room,
            stay,
            guests,
        } => {
            let lodgings = state.listings.lodgings().await?;
            let Some(l) = lodgings.get(&lodging) else {
                return Err(ApiError::field("lodging", Problem::Unknown {}));
            };
            let Some(r) = l.rooms.iter().find(|r| r.id == room) else {
                return Err(ApiError::field("room", Problem::Unknown {}));
            };
            if guests > u32::from(r.max_guests) {
                return Err(ApiError::field(
                    "guests",
                    Problem::TooManyPersons {
                        max: u32::from(r.max_guests),
                    },
                ));
            }
            let quote = quote_stay(r, stay.nights(), guests);
            Ok(NewBooking {
                hold: Hold::Nights {
                    lodging: l.slug.clone(),
                    room: r.id.clone(),
                    nights: stay.each_night().collect(),
                },
                price: quote.total,
                item: BookedItem::Lodging {
                    lodging: l.slug.clone(),
                    lodging_name: l.name.clone(),
                    room: r.id.clone(),
                    room_name: r.name.clone(),
                    check_in: stay.check_in,
                    check_out: stay.check_out,
                    guests,
                    quote,
                },
                cancellation: l.cancellation.clone(),
                operator_contact: l.contact.clone(),
                contact,
                note,
                confirm_within_hours: l.confirm_within_hours,
            })
        }
    }
}

/// A booking by its reference and PIN, with what the operator did: `confirmed_at`, and for a
/// declined booking (status `cancelled`, full refund) the `decline_reason`.
#[utoipa::path(get, path = "/bookings/{reference}", tag = "bookings",
    params(("reference" = String, Path, description = "e.g. CJG-7KQ4-M9TX"),
        ("X-Ticket-Pin" = String, Header, description = "The PIN given with the reference: 8 letters and digits (older tickets: 6 digits)", pattern = "^[ \\t-]*(([2-9A-HJKMNP-Za-hjkmnp-z][ \\t-]*){8}|([0-9][ \\t-]*){6})$")),
    responses(
        (status = 200, description = "The booking", body = BookingRecord),
        (status = 404, description = "No booking with this reference and PIN", body = ErrorBody),
        (status = 429, description = "Too many wrong PINs for this reference", body = ErrorBody),
        (status = 422, description = "No PIN, or not 8 letters and digits (older tickets: 6 digits)", body = ErrorBody),
    ))]
async fn get_booking(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    TicketPin(pin): TicketPin,
) -> Result<Json<BookingRecord>, ApiError> {
    let (reference, pin) = reference_and_pin(&reference, &pin, "booking")?;
    Ok(Json(state.store.booking_record(&reference, &pin).await?))
}

/// Cancels a booking under its policy; frees the places or nights.
///
/// Cancelling again answers the cancelled booking.
#[utoipa::path(post, path = "/bookings/{reference}/cancel", tag = "bookings",
    params(("reference" = String, Path, description = "e.g. CJG-7KQ4-M9TX")),
    request_body = CancelRequest,
    responses(
        (status = 200, description = "Cancelled, with the refund", body = Booking),
        (status = 404, description = "No booking with this reference and PIN", body = ErrorBody),
        (status = 429, description = "Too many wrong PINs for this reference", body = ErrorBody),
        (status = 409, description = "Already started", body = ErrorBody),
        (status = 422, description = "No PIN, or not 8 letters and digits (older tickets: 6 digits)", body = ErrorBody),
    ))]
async fn cancel_booking(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    ApiJson(body): ApiJson<CancelRequest>,
) -> Result<Json<Booking>, ApiError> {
    let (reference, pin) = reference_and_pin(&reference, &body.pin, "booking")?;
    let booking = state
        .store
        .cancel_booking(&reference, &pin, village_today())
        .await?;
    if matches!(booking.item, BookedItem::School { .. }) {
        state.listings.invalidate(Collection::Schools);
    }
    Ok(Json(booking))
}
