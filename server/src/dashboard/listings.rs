//! Operators' changes to what they own: session capacity, room prices, stock, listing text
//! in both languages, and the stages of a traced batch.
use axum::extract::State;
use axum::Json;
use model::staff::{
    CapacityRequest, ListingTextRequest, Role, RoomPriceRequest, StockRequest, STOCK_MAX,
};
use model::{FieldErrors, Problem, TraceStage};
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Staff;
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use crate::listing_cache::Collection;
use crate::store::ListingEdit;
use crate::AppState;

/// Most places a session may offer.
const CAPACITY_MAX: u32 = 10_000;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(set_session_capacity))
        .routes(routes!(set_variant_stock))
        .routes(routes!(set_room_prices))
        .routes(routes!(set_listing_text))
        .routes(routes!(add_batch_stage))
}

/// Sets a session's capacity in persons (not below the places already booked).
#[utoipa::path(patch, path = "/ops/sessions/{id}", tag = "operators",
    params(("id" = String, Path, description = "Session id")),
    request_body = CapacityRequest,
    responses(
        (status = 200, description = "The new capacity and places booked", body = Object),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such session of yours", body = ErrorBody),
        (status = 422, description = "Below the places booked", body = ErrorBody),
    ))]
async fn set_session_capacity(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<CapacityRequest>,
) -> Result<Json<Value>, ApiError> {
    let actor = operator.require(&[Role::Host])?;
    if body.capacity > CAPACITY_MAX {
        return Err(ApiError::field(
            "capacity",
            Problem::OutOfRange {
                min: 0,
                max: CAPACITY_MAX,
            },
        ));
    }
    let after = state
        .store
        .edit_listing(
            actor,
            ListingEdit::Capacity {
                session: id,
                capacity: body.capacity,
            },
        )
        .await?;
    state.listings.invalidate(Collection::Schools);
    Ok(Json(after))
}

/// Sets the units in stock of a product variant.
#[utoipa::path(patch, path = "/ops/variants/{sku}", tag = "operators",
    params(("sku" = String, Path, description = "Variant SKU")),
    request_body = StockRequest,
    responses(
        (status = 200, description = "The new stock", body = Object),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a seller", body = ErrorBody),
        (status = 404, description = "No such variant of yours", body = ErrorBody),
    ))]
async fn set_variant_stock(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(sku): ApiPath<String>,
    ApiJson(body): ApiJson<StockRequest>,
) -> Result<Json<Value>, ApiError> {
    let actor = operator.require(&[Role::Seller])?;
    if body.stock > STOCK_MAX {
        return Err(ApiError::field(
            "stock",
            Problem::OutOfRange {
                min: 0,
                max: STOCK_MAX,
            },
        ));
    }
    let after = state
        .store
        .edit_listing(
            actor,
            ListingEdit::Stock {
                sku,
                stock: body.stock,
            },
        )
        .await?;
    state.listings.invalidate(Collection::Products);
    Ok(Json(after))
}

/// Sets a room's nightly and extra-person prices (fen); new bookings use them.
#[utoipa::path(patch, path = "/ops/lodgings/{slug}/rooms/{room}", tag = "operators",
    params(("slug" = String, Path, description = "Lodging slug"), ("room" = String, Path, description = "Room id")),
    request_body = RoomPriceRequest,
    responses(
        (status = 200, description = "The new prices", body = Object),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such room of yours", body = ErrorBody),
        (status = 422, description = "Prices out of range", body = ErrorBody),
    ))]
async fn set_room_prices(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath((slug, room)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<RoomPriceRequest>,
) -> Result<Json<Value>, ApiError> {
    let actor = operator.require(&[Role::Host])?;
    body.validate().map_err(ApiError::Validation)?;
    let after = state
        .store
        .edit_listing(
            actor,
            ListingEdit::RoomPrices {
                lodging: slug,
                room,
                prices: body,
            },
        )
        .await?;
    state.listings.invalidate(Collection::Lodgings);
    Ok(Json(after))
}

/// Changes a listing's name, summary and story (description for products), in both
/// languages. Stored as typed; the front end escapes it when showing it.
#[utoipa::path(patch, path = "/ops/listings/{collection}/{slug}", tag = "operators",
    params(("collection" = String, Path, description = "`schools`, `lodgings` or `products`"), ("slug" = String, Path, description = "Listing slug")),
    request_body = ListingTextRequest,
    responses(
        (status = 200, description = "The changed texts", body = Object),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Village finance", body = ErrorBody),
        (status = 404, description = "No such listing of yours", body = ErrorBody),
        (status = 422, description = "A text is missing a language or too long", body = ErrorBody),
    ))]
async fn set_listing_text(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath((collection, slug)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<ListingTextRequest>,
) -> Result<Json<Value>, ApiError> {
    let actor = operator.require(&[Role::Host, Role::Seller])?;
    let cached = match collection.as_str() {
        "schools" => Collection::Schools,
        "lodgings" => Collection::Lodgings,
        "products" => Collection::Products,
        _ => return Err(ApiError::not_found("no such listing")),
    };
    let text = body.parse().map_err(ApiError::Validation)?;
    let after = state
        .store
        .edit_listing(
            actor,
            ListingEdit::Text {
                collection,
                slug,
                text,
            },
        )
        .await?;
    state.listings.invalidate(cached);
    Ok(Json(after))
}

/// Adds a stage (planting … inspection: date, place, who, note) to a traced batch of one of
/// the seller's products.
#[utoipa::path(post, path = "/ops/batches/{id}/stages", tag = "operators",
    params(("id" = String, Path, description = "Batch id")),
    request_body = TraceStage,
    responses(
        (status = 200, description = "The batch's stage count and the stage added", body = Object),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a seller", body = ErrorBody),
        (status = 404, description = "No such batch of yours", body = ErrorBody),
        (status = 422, description = "A text is missing a language or too long", body = ErrorBody),
    ))]
async fn add_batch_stage(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(id): ApiPath<String>,
    ApiJson(stage): ApiJson<TraceStage>,
) -> Result<Json<Value>, ApiError> {
    let actor = operator.require(&[Role::Seller])?;
    let mut errors = FieldErrors::default();
    for (field, text) in [
        ("place", &stage.place),
        ("who", &stage.who),
        ("note", &stage.note),
    ] {
        for (lang, s) in [("zh", &text.zh), ("en", &text.en)] {
            if s.chars().count() > model::staff::OPERATOR_TEXT_MAX {
                errors.add(
                    &format!("{field}.{lang}"),
                    Problem::TooLong {
                        max: model::staff::OPERATOR_TEXT_MAX as u32,
                    },
                );
            }
        }
    }
    for (field, text) in [("place", &stage.place), ("who", &stage.who)] {
        if text.zh.trim().is_empty() || text.en.trim().is_empty() {
            errors.add(field, Problem::RequiredInBothLanguages {});
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let after = state
        .store
        .edit_listing(actor, ListingEdit::BatchStage { batch: id, stage })
        .await?;
    state.listings.invalidate(Collection::Batches);
    Ok(Json(after))
}
