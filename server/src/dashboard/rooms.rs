//! A host's rooms: adding one (name, beds, guests, prices) and changing one. Its nights are
//! closed and opened under the calendar (`schedule.rs`); new bookings use the new prices.
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use model::staff::{Role, RoomRequest};
use model::Room;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Staff;
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use crate::listing_cache::Collection;
use crate::AppState;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_room))
        .routes(routes!(edit_room))
}

/// Adds a room to the host's lodging; visitors can book it at once.
#[utoipa::path(post, path = "/ops/lodgings/{slug}/rooms", tag = "operators",
    params(("slug" = String, Path, description = "Lodging slug")),
    request_body = RoomRequest,
    responses(
        (status = 201, description = "The new room, with the id made for it", body = Room),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such lodging of yours", body = ErrorBody),
        (status = 422, description = "A language missing, a room of that name, or guests or prices out of range", body = ErrorBody),
    ))]
async fn add_room(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<RoomRequest>,
) -> Result<(StatusCode, Json<Room>), ApiError> {
    let actor = operator.require(&[Role::Host])?;
    let room = state.store.save_room(actor, &slug, None, body).await?;
    state.listings.invalidate(Collection::Lodgings);
    Ok((StatusCode::CREATED, Json(room)))
}

/// Changes a room's name, beds, guests or prices; bookings already made keep their price.
#[utoipa::path(put, path = "/ops/lodgings/{slug}/rooms/{room}", tag = "operators",
    params(("slug" = String, Path, description = "Lodging slug"), ("room" = String, Path, description = "Room id")),
    request_body = RoomRequest,
    responses(
        (status = 200, description = "The room as saved", body = Room),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such room of yours", body = ErrorBody),
        (status = 422, description = "A language missing, a room of that name, or guests or prices out of range", body = ErrorBody),
    ))]
async fn edit_room(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath((slug, room)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<RoomRequest>,
) -> Result<Json<Room>, ApiError> {
    let actor = operator.require(&[Role::Host])?;
    let room = state
        .store
        .save_room(actor, &slug, Some(room), body)
        .await?;
    state.listings.invalidate(Collection::Lodgings);
    Ok(Json(room))
}
