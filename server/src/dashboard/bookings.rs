//! Hosts' bookings and sellers' orders: list, confirm, decline, mark paid, mark fulfilled.
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use model::booking::BookingStatus;
use model::overview::{BookingSearch, Overview, CALENDAR_NIGHTS};
use model::staff::{BookingRecord, DeclineRequest, OrderRecord, Role};
use model::Reference;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Staff;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::listing_cache::Collection;
use crate::secrets::village_today;
use crate::store::{BookingAction, BookingFilter, OrderAction, Page};
use crate::AppState;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_bookings))
        .routes(routes!(overview))
        .routes(routes!(confirm_booking))
        .routes(routes!(decline_booking))
        .routes(routes!(mark_booking_paid))
        .routes(routes!(list_orders))
        .routes(routes!(mark_order_paid))
        .routes(routes!(mark_order_fulfilled))
}

/// A reference from the path; one that cannot be a reference is answered like an unknown one.
fn reference(text: &str, what: &str) -> Result<Reference, ApiError> {
    Reference::parse(text)
        .ok_or_else(|| ApiError::not_found(format!("no {what} with this reference")))
}

/// `?limit=&offset=` on a dashboard list.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct PageQuery {
    /// Most records (default 100, at most 500).
    #[param(minimum = 1, maximum = 500)]
    #[serde(default)]
    limit: Option<u32>,
    /// Records to skip.
    #[param(minimum = 0)]
    #[serde(default)]
    offset: Option<u32>,
}

impl PageQuery {
    fn page(&self) -> Page {
        Page {
            limit: self.limit.unwrap_or(100).clamp(1, 500),
            offset: self.offset.unwrap_or(0),
        }
    }
}

/// `GET /ops/bookings`: a page, and which bookings.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct BookingListQuery {
    /// Most records (default 100, at most 500).
    #[param(minimum = 1, maximum = 500)]
    #[serde(default)]
    limit: Option<u32>,
    /// Records to skip.
    #[param(minimum = 0)]
    #[serde(default)]
    offset: Option<u32>,
    /// Only bookings in this status.
    #[serde(default)]
    status: Option<BookingStatus>,
    /// Part of the reference, the visitor's name or phone number.
    #[param(max_length = 60)]
    #[serde(default)]
    q: Option<String>,
    /// Starting on or after this day (default: yesterday, in the village).
    #[param(value_type = Option<String>, format = Date)]
    #[serde(default)]
    from: Option<NaiveDate>,
}

impl BookingListQuery {
    fn page(&self) -> Page {
        PageQuery {
            limit: self.limit,
            offset: self.offset,
        }
        .page()
    }

    fn filter(&self) -> BookingFilter {
        BookingFilter {
            from: self
                .from
                .unwrap_or_else(|| village_today() - chrono::Days::new(1)),
            status: self.status,
            search: self.q.as_deref().and_then(BookingSearch::parse),
        }
    }
}

/// New and upcoming bookings of the operator's schools and lodgings (from yesterday on),
/// soonest first, with the visitors' contacts; a page at a time, filtered by status and
/// searched by reference, visitor's name or phone.
#[utoipa::path(get, path = "/ops/bookings", tag = "operators",
    params(BookingListQuery),
    responses(
        (status = 200, description = "Bookings", body = [BookingRecord]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
    ))]
async fn list_bookings(
    State(state): State<AppState>,
    operator: Staff,
    ApiQuery(query): ApiQuery<BookingListQuery>,
) -> Result<Json<Vec<BookingRecord>>, ApiError> {
    let actor = operator.require(&[Role::Host])?;
    Ok(Json(
        state
            .store
            .ops_bookings(&actor.scope(), &query.filter(), query.page())
            .await?,
    ))
}

/// What a host sees first each morning: how many requests wait for an answer, today's
/// arrivals and departures, the room nights held over the next 14 nights and the places of
/// the sessions ahead, of the operator's own listings only.
#[utoipa::path(get, path = "/ops/overview", tag = "operators",
    responses(
        (status = 200, description = "Overview", body = Overview),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
    ))]
async fn overview(
    State(state): State<AppState>,
    operator: Staff,
) -> Result<Json<Overview>, ApiError> {
    let actor = operator.require(&[Role::Host])?;
    Ok(Json(
        state
            .store
            .ops_overview(&actor.scope(), village_today(), CALENDAR_NIGHTS)
            .await?,
    ))
}

async fn act(
    state: &AppState,
    operator: &Staff,
    reference_text: &str,
    action: BookingAction,
) -> Result<Json<BookingRecord>, ApiError> {
    let actor = operator.require(&[Role::Host])?;
    let reference = reference(reference_text, "booking")?;
    let frees_places = matches!(action, BookingAction::Decline { .. });
    let record = state
        .store
        .booking_action(actor, &reference, action)
        .await?;
    if frees_places {
        state.listings.invalidate(Collection::Schools);
    }
    Ok(Json(record))
}

/// Confirms a requested booking; the visitor sees `confirmed`.
#[utoipa::path(post, path = "/ops/bookings/{reference}/confirm", tag = "operators",
    params(("reference" = String, Path, description = "e.g. CJG-7KQ4-M9TX")),
    responses(
        (status = 200, description = "Confirmed (again: unchanged)", body = BookingRecord),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such booking of yours", body = ErrorBody),
        (status = 409, description = "Cancelled", body = ErrorBody),
    ))]
async fn confirm_booking(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(reference): ApiPath<String>,
) -> Result<Json<BookingRecord>, ApiError> {
    act(&state, &operator, &reference, BookingAction::Confirm).await
}

/// Declines a requested booking with a reason the visitor reads; frees its places or nights.
///
/// The visitor's booking becomes `cancelled` with a full refund and `decline_reason`.
#[utoipa::path(post, path = "/ops/bookings/{reference}/decline", tag = "operators",
    params(("reference" = String, Path, description = "e.g. CJG-7KQ4-M9TX")),
    request_body = DeclineRequest,
    responses(
        (status = 200, description = "Declined", body = BookingRecord),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such booking of yours", body = ErrorBody),
        (status = 409, description = "Already confirmed or cancelled", body = ErrorBody),
        (status = 422, description = "No reason", body = ErrorBody),
    ))]
async fn decline_booking(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(reference): ApiPath<String>,
    ApiJson(body): ApiJson<DeclineRequest>,
) -> Result<Json<BookingRecord>, ApiError> {
    operator.require(&[Role::Host])?;
    let reason = body.parse().map_err(ApiError::Validation)?;
    act(
        &state,
        &operator,
        &reference,
        BookingAction::Decline { reason },
    )
    .await
}

/// Records that a confirmed booking has been paid.
#[utoipa::path(post, path = "/ops/bookings/{reference}/paid", tag = "operators",
    params(("reference" = String, Path, description = "e.g. CJG-7KQ4-M9TX")),
    responses(
        (status = 200, description = "Marked paid", body = BookingRecord),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such booking of yours", body = ErrorBody),
        (status = 409, description = "Not confirmed, or cancelled", body = ErrorBody),
    ))]
async fn mark_booking_paid(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(reference): ApiPath<String>,
) -> Result<Json<BookingRecord>, ApiError> {
    act(&state, &operator, &reference, BookingAction::MarkPaid).await
}

/// Orders of the seller's products (orders mixing several sellers' products are the admin's),
/// newest first; a page at a time.
#[utoipa::path(get, path = "/ops/orders", tag = "operators",
    params(PageQuery),
    responses(
        (status = 200, description = "Orders", body = [OrderRecord]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a seller", body = ErrorBody),
    ))]
async fn list_orders(
    State(state): State<AppState>,
    operator: Staff,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<Vec<OrderRecord>>, ApiError> {
    let actor = operator.require(&[Role::Seller])?;
    Ok(Json(
        state.store.ops_orders(&actor.scope(), query.page()).await?,
    ))
}

async fn act_on_order(
    state: &AppState,
    operator: &Staff,
    reference_text: &str,
    action: OrderAction,
) -> Result<Json<OrderRecord>, ApiError> {
    let actor = operator.require(&[Role::Seller])?;
    let reference = reference(reference_text, "order")?;
    Ok(Json(
        state.store.order_action(actor, &reference, action).await?,
    ))
}

/// Records that an order has been paid.
#[utoipa::path(post, path = "/ops/orders/{reference}/paid", tag = "operators",
    params(("reference" = String, Path, description = "e.g. CJG-7KQ4-M9TX")),
    responses(
        (status = 200, description = "Marked paid", body = OrderRecord),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a seller", body = ErrorBody),
        (status = 404, description = "No such order of yours", body = ErrorBody),
        (status = 409, description = "Cancelled", body = ErrorBody),
    ))]
async fn mark_order_paid(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(reference): ApiPath<String>,
) -> Result<Json<OrderRecord>, ApiError> {
    act_on_order(&state, &operator, &reference, OrderAction::MarkPaid).await
}

/// Records that an order has been handed over or posted.
#[utoipa::path(post, path = "/ops/orders/{reference}/fulfilled", tag = "operators",
    params(("reference" = String, Path, description = "e.g. CJG-7KQ4-M9TX")),
    responses(
        (status = 200, description = "Marked fulfilled", body = OrderRecord),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a seller", body = ErrorBody),
        (status = 404, description = "No such order of yours", body = ErrorBody),
        (status = 409, description = "Cancelled", body = ErrorBody),
    ))]
async fn mark_order_fulfilled(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(reference): ApiPath<String>,
) -> Result<Json<OrderRecord>, ApiError> {
    act_on_order(&state, &operator, &reference, OrderAction::MarkFulfilled).await
}
