//! An operator's photos of a listing: uploads from the phone's camera or gallery (the raw
//! image as the body), then the order, the cover (the first) and alt text in both languages.
//! Ownership is checked before a byte is decoded; a refused upload leaves nothing behind.
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use model::photo::{Photo, PhotoPlace};
use model::staff::Role;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Staff;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::listing_cache::Collection;
use crate::media::process::{self, UPLOAD_MAX_BYTES};
use crate::store::{Actor, PhotoChange};
use crate::AppState;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_photos, add_photo, arrange_photos))
        // Room for a phone camera's photo; the handler reads no more than this.
        .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_MAX_BYTES + 1))
}

/// Who may change the photos of `collection`, and the cached listings to refresh after.
fn collection(name: &str) -> Result<(&'static [Role], Collection), ApiError> {
    match name {
        "schools" => Ok((&[Role::Host], Collection::Schools)),
        "lodgings" => Ok((&[Role::Host], Collection::Lodgings)),
        "products" => Ok((&[Role::Seller], Collection::Products)),
        // The village's own projects: the admin's (who passes every role check).
        "projects" => Ok((&[], Collection::Projects)),
        _ => Err(ApiError::not_found("no such listing")),
    }
}

fn owner<'a>(
    operator: &'a Staff,
    name: &str,
    at: &PhotosOf,
) -> Result<(&'a Actor, Collection), ApiError> {
    let (roles, cached) = collection(name)?;
    if at.room.is_some() && name != "lodgings" {
        return Err(ApiError::not_found("only a lodging has rooms"));
    }
    Ok((operator.require(roles)?, cached))
}

/// Which photos: the listing's own, or those of one of a lodging's rooms.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct PhotosOf {
    /// A room of the lodging, by id.
    room: Option<String>,
}

/// A listing's photos, the cover first.
#[utoipa::path(get, path = "/ops/listings/{collection}/{slug}/photos", tag = "operators",
    params(("collection" = String, Path, description = "schools, lodgings, products or projects"),
           ("slug" = String, Path, description = "Listing slug"), PhotosOf),
    responses(
        (status = 200, description = "The photos, the cover first", body = [Photo]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an operator of this kind of listing", body = ErrorBody),
        (status = 404, description = "No such listing of yours", body = ErrorBody),
    ))]
async fn list_photos(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath((name, slug)): ApiPath<(String, String)>,
    ApiQuery(at): ApiQuery<PhotosOf>,
) -> Result<Json<Vec<Photo>>, ApiError> {
    let (actor, _) = owner(&operator, &name, &at)?;
    let photos = state
        .store
        .listing_photos(actor, &name, &slug, at.room.as_deref(), None)
        .await?;
    Ok(Json(photos))
}

/// Adds a photo: the body is the image itself (JPEG, PNG or WebP, up to 16 MB). Copies 320,
/// 640 and 1280 px wide are made in WebP and JPEG, with no EXIF or GPS data; the same image
/// sent twice is kept once.
#[utoipa::path(post, path = "/ops/listings/{collection}/{slug}/photos", tag = "operators",
    params(("collection" = String, Path, description = "schools, lodgings, products or projects"),
           ("slug" = String, Path, description = "Listing slug"), PhotosOf),
    request_body(content = Vec<u8>, content_type = "image/*", description = "The image file"),
    responses(
        (status = 201, description = "The listing's photos, the new one last", body = [Photo]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an operator of this kind of listing", body = ErrorBody),
        (status = 404, description = "No such listing of yours", body = ErrorBody),
        (status = 413, description = "Over 16 MB", body = ErrorBody),
        (status = 422, description = "Not an image, damaged, too many megapixels, or too many photos", body = ErrorBody),
    ))]
async fn add_photo(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath((name, slug)): ApiPath<(String, String)>,
    ApiQuery(at): ApiQuery<PhotosOf>,
    body: Body,
) -> Result<(StatusCode, Json<Vec<Photo>>), ApiError> {
    let (actor, cached) = owner(&operator, &name, &at)?;
    state
        .store
        .listing_photos(actor, &name, &slug, at.room.as_deref(), None)
        .await?;
    let bytes = axum::body::to_bytes(body, UPLOAD_MAX_BYTES)
        .await
        .map_err(|_| ApiError::BodyTooLarge)?;
    let processed = tokio::task::spawn_blocking(move || process::process(&bytes))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(|problem| match problem {
            model::Problem::BodyTooLarge {} => ApiError::BodyTooLarge,
            problem => ApiError::field("photo", problem),
        })?;
    let photo = processed.photo.clone();
    crate::media::keep(state.media.as_ref(), processed)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    let photos = state
        .store
        .listing_photos(
            actor,
            &name,
            &slug,
            at.room.as_deref(),
            Some(PhotoChange::Add(photo)),
        )
        .await?;
    state.listings.invalidate(cached);
    Ok((StatusCode::CREATED, Json(photos)))
}

/// Puts the photos in this order (the first is the cover) with this alt text; a photo left
/// out is taken off the listing.
#[utoipa::path(put, path = "/ops/listings/{collection}/{slug}/photos", tag = "operators",
    params(("collection" = String, Path, description = "schools, lodgings, products or projects"),
           ("slug" = String, Path, description = "Listing slug"), PhotosOf),
    request_body = [PhotoPlace],
    responses(
        (status = 200, description = "The photos as saved", body = [Photo]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an operator of this kind of listing", body = ErrorBody),
        (status = 404, description = "No such listing of yours", body = ErrorBody),
        (status = 422, description = "A photo the listing does not have, one named twice, or alt text too long", body = ErrorBody),
    ))]
async fn arrange_photos(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath((name, slug)): ApiPath<(String, String)>,
    ApiQuery(at): ApiQuery<PhotosOf>,
    ApiJson(places): ApiJson<Vec<PhotoPlace>>,
) -> Result<Json<Vec<Photo>>, ApiError> {
    let (actor, cached) = owner(&operator, &name, &at)?;
    let change = PhotoChange::Arrange(places);
    let photos = state
        .store
        .listing_photos(actor, &name, &slug, at.room.as_deref(), Some(change))
        .await?;
    state.listings.invalidate(cached);
    Ok(Json(photos))
}
