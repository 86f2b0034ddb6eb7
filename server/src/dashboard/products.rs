//! A seller's range: adding a variant (a size and colour, or a pack), changing its label,
//! price or stock, and retiring it. A retry of an add finds the variant already there (422
//! `already_exists`), so a double tap never makes two.
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use model::staff::{Role, VariantRequest};
use model::Variant;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Staff;
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use crate::listing_cache::Collection;
use crate::AppState;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_variant))
        .routes(routes!(edit_variant))
        .routes(routes!(retire_variant))
}

/// Adds a variant to the seller's product; buyers can order it at once.
#[utoipa::path(post, path = "/ops/products/{slug}/variants", tag = "operators",
    params(("slug" = String, Path, description = "Product slug")),
    request_body = VariantRequest,
    responses(
        (status = 201, description = "The new variant, with the SKU made for it", body = Variant),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a seller", body = ErrorBody),
        (status = 404, description = "No such product of yours", body = ErrorBody),
        (status = 422, description = "A language or the colour missing, already there, or price or stock out of range", body = ErrorBody),
    ))]
async fn add_variant(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<VariantRequest>,
) -> Result<(StatusCode, Json<Variant>), ApiError> {
    let actor = operator.require(&[Role::Seller])?;
    let variant = state.store.save_variant(actor, &slug, None, body).await?;
    state.listings.invalidate(Collection::Products);
    Ok((StatusCode::CREATED, Json(variant)))
}

/// Changes a variant's label, size, colour, price or stock; orders already placed keep
/// what they were sold at.
#[utoipa::path(put, path = "/ops/products/{slug}/variants/{sku}", tag = "operators",
    params(("slug" = String, Path, description = "Product slug"), ("sku" = String, Path, description = "Variant SKU")),
    request_body = VariantRequest,
    responses(
        (status = 200, description = "The variant as saved", body = Variant),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a seller", body = ErrorBody),
        (status = 404, description = "No such variant of yours", body = ErrorBody),
        (status = 422, description = "A language missing, a clash with another variant, or price or stock out of range", body = ErrorBody),
    ))]
async fn edit_variant(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath((slug, sku)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<VariantRequest>,
) -> Result<Json<Variant>, ApiError> {
    let actor = operator.require(&[Role::Seller])?;
    let variant = state
        .store
        .save_variant(actor, &slug, Some(sku), body)
        .await?;
    state.listings.invalidate(Collection::Products);
    Ok(Json(variant))
}

/// Retires a variant: no longer shown or sold; orders that hold it keep it.
#[utoipa::path(post, path = "/ops/products/{slug}/variants/{sku}/retire", tag = "operators",
    params(("slug" = String, Path, description = "Product slug"), ("sku" = String, Path, description = "Variant SKU")),
    responses(
        (status = 204, description = "Retired"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a seller", body = ErrorBody),
        (status = 404, description = "No such variant of yours", body = ErrorBody),
    ))]
async fn retire_variant(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath((slug, sku)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let actor = operator.require(&[Role::Seller])?;
    state.store.retire_variant(actor, &slug, &sku).await?;
    state.listings.invalidate(Collection::Products);
    Ok(StatusCode::NO_CONTENT)
}
