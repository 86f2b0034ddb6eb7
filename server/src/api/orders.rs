//! `POST /orders`, `GET /orders/{reference}`, `POST /orders/{reference}/cancel`.
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use model::booking::CancelRequest;
use model::order::{delivery_fee, Order, OrderLine, OrderRequest};
use model::staff::OrderRecord;
use model::FieldErrors;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{created, reference_and_pin, IdempotencyKey, TicketPin};
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody, JsonBody};
use crate::listing_cache::Collection;
use crate::store::{Endpoint, NewOrder};
use crate::AppState;

/// The look-up by reference and PIN, rate-limited on its own.
pub fn lookup_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_order))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_order))
        .routes(routes!(cancel_order))
}

/// Orders local products for pick-up in the village or delivery by post.
///
/// The stock of every line is taken at once, or none is.
#[utoipa::path(post, path = "/orders", tag = "orders",
    request_body = OrderRequest,
    params(("Idempotency-Key" = String, Header, description = "Unique per order attempt: 1–255 visible ASCII characters", pattern = "^[!-~]{1,255}$")),
    responses(
        (status = 201, description = "Placed", body = Order),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = ErrorBody),
        (status = 409, description = "Not enough stock, per line", body = ErrorBody),
        (status = 422, description = "Invalid fields, or the key was used with another body", body = ErrorBody),
    ))]
async fn create_order(
    State(state): State<AppState>,
    key: IdempotencyKey,
    body: JsonBody<OrderRequest>,
) -> Result<Response, ApiError> {
    let idem = key.bind(Endpoint::Orders, &body.canonical);
    if let Some(first) = state.store.replay(&idem).await? {
        return Ok(created(first, "orders"));
    }
    let valid = body.value.parse().map_err(ApiError::Validation)?;
    let products = state.listings.products().await?;
    let mut errors = FieldErrors::default();
    let mut lines = Vec::with_capacity(valid.lines.len());
    for (i, (sku, quantity)) in valid.lines.iter().enumerate() {
        let found = products
            .items
            .iter()
            .find_map(|p| p.variants.iter().find(|v| v.sku == *sku).map(|v| (p, v)));
        match found {
            Some((product, variant)) => lines.push(OrderLine {
                sku: variant.sku.clone(),
                product: product.slug.clone(),
                name: product.name.clone(),
                label: variant.label.clone(),
                unit_price: variant.price,
                quantity: *quantity,
                total: OrderLine::line_total(variant.price, *quantity),
            }),
            None => errors.add(&format!("lines[{i}].sku"), model::Problem::Unknown {}),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let order = NewOrder {
        delivery_fee: delivery_fee(&valid.delivery),
        lines,
        delivery: valid.delivery,
        contact: valid.contact,
        note: valid.note,
    };
    let stored = state.store.create_order(order, idem).await?;
    if !stored.replayed {
        state.listings.invalidate(Collection::Products);
    }
    Ok(created(stored, "orders"))
}

/// An order by its reference and PIN, with `paid_at` and `fulfilled_at` once the seller has
/// recorded them.
#[utoipa::path(get, path = "/orders/{reference}", tag = "orders",
    params(("reference" = String, Path, description = "e.g. CJG-7KQ4-M9TX"),
        ("X-Ticket-Pin" = String, Header, description = "The PIN given with the reference: 8 letters and digits (older tickets: 6 digits)", pattern = "^[ \\t-]*(([2-9A-HJKMNP-Za-hjkmnp-z][ \\t-]*){8}|([0-9][ \\t-]*){6})$")),
    responses(
        (status = 200, description = "The order", body = OrderRecord),
        (status = 404, description = "No order with this reference and PIN", body = ErrorBody),
        (status = 429, description = "Too many wrong PINs for this reference", body = ErrorBody),
    ))]
async fn get_order(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    TicketPin(pin): TicketPin,
) -> Result<Json<OrderRecord>, ApiError> {
    let (reference, pin) = reference_and_pin(&reference, &pin, "order")?;
    Ok(Json(state.store.order_record(&reference, &pin).await?))
}

/// Cancels a placed order; its stock returns to the shop.
#[utoipa::path(post, path = "/orders/{reference}/cancel", tag = "orders",
    params(("reference" = String, Path, description = "e.g. CJG-7KQ4-M9TX")),
    request_body = CancelRequest,
    responses(
        (status = 200, description = "Cancelled", body = Order),
        (status = 404, description = "No order with this reference and PIN", body = ErrorBody),
        (status = 429, description = "Too many wrong PINs for this reference", body = ErrorBody),
    ))]
async fn cancel_order(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    ApiJson(body): ApiJson<CancelRequest>,
) -> Result<Json<Order>, ApiError> {
    let (reference, pin) = reference_and_pin(&reference, &body.pin, "order")?;
    let order = state.store.cancel_order(&reference, &pin).await?;
    state.listings.invalidate(Collection::Products);
    Ok(Json(order))
}
