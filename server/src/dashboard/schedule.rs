//! A host's calendar: scheduling sessions (one, or a series such as every Monday), moving and
//! cancelling them, and closing a lodging's nights. Visitors' bookings follow: a moved session moves its tickets, a cancelled
//! one cancels them with a full refund and the host's reason.
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use model::staff::{
    CloseNightsRequest, DeclineRequest, MoveSessionRequest, ProgramRequest, Role, ScheduleRequest,
};
use model::{Program, Session};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Staff;
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use crate::listing_cache::Collection;
use crate::secrets::village_today;
use crate::AppState;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(schedule_sessions))
        .routes(routes!(cancel_session))
        .routes(routes!(move_session))
        .routes(routes!(close_nights))
        .routes(routes!(reopen_nights))
        .routes(routes!(create_program))
        .routes(routes!(edit_program))
        .routes(routes!(retire_program))
}

/// What a change to a session did to its bookings.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionChange {
    pub session: String,
    /// Bookings cancelled or moved with it.
    pub bookings: u64,
}

/// Schedules one session (no `every_days`) or a series of a programme of the host's school.
#[utoipa::path(post, path = "/ops/schools/{slug}/programs/{program}/sessions", tag = "operators",
    params(("slug" = String, Path, description = "School slug"), ("program" = String, Path, description = "Programme id")),
    request_body = ScheduleRequest,
    responses(
        (status = 201, description = "The sessions now offered from it", body = [Session]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such programme of yours", body = ErrorBody),
        (status = 422, description = "A date in the past, or sizes out of range", body = ErrorBody),
    ))]
async fn schedule_sessions(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath((slug, program)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<ScheduleRequest>,
) -> Result<(StatusCode, Json<Vec<Session>>), ApiError> {
    let actor = operator.require(&[Role::Host])?;
    let today = village_today();
    body.clone()
        .parse(String::new(), today)
        .map_err(ApiError::Validation)?;
    let sessions = state
        .store
        .schedule_sessions(actor, &slug, &program, body, today)
        .await?;
    state.listings.invalidate(Collection::Schools);
    Ok((StatusCode::CREATED, Json(sessions)))
}

/// Cancels a session: its bookings are cancelled with a full refund and `reason` on the ticket.
#[utoipa::path(post, path = "/ops/sessions/{id}/cancel", tag = "operators",
    params(("id" = String, Path, description = "Session id")),
    request_body = DeclineRequest,
    responses(
        (status = 200, description = "Cancelled, with the bookings it cancelled", body = SessionChange),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such session of yours", body = ErrorBody),
        (status = 422, description = "No reason, or already cancelled", body = ErrorBody),
    ))]
async fn cancel_session(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<DeclineRequest>,
) -> Result<Json<SessionChange>, ApiError> {
    let actor = operator.require(&[Role::Host])?;
    let reason = body.parse().map_err(ApiError::Validation)?;
    let bookings = state.store.cancel_session(actor, &id, reason).await?;
    state.listings.invalidate(Collection::Schools);
    Ok(Json(SessionChange {
        session: id,
        bookings,
    }))
}

/// Moves a session to another day; its bookings' tickets show the new date.
#[utoipa::path(post, path = "/ops/sessions/{id}/move", tag = "operators",
    params(("id" = String, Path, description = "Session id")),
    request_body = MoveSessionRequest,
    responses(
        (status = 200, description = "Moved, with the bookings it moved", body = SessionChange),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such session of yours", body = ErrorBody),
        (status = 422, description = "A date in the past, or a cancelled session", body = ErrorBody),
    ))]
async fn move_session(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<MoveSessionRequest>,
) -> Result<Json<SessionChange>, ApiError> {
    let actor = operator.require(&[Role::Host])?;
    let start = body.parse(village_today()).map_err(ApiError::Validation)?;
    let bookings = state.store.move_session(actor, &id, start).await?;
    state.listings.invalidate(Collection::Schools);
    Ok(Json(SessionChange {
        session: id,
        bookings,
    }))
}

/// What closing or opening nights did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NightsChange {
    /// Room nights newly closed or opened.
    pub nights: u64,
}

/// Closes nights of a lodging (one room, or all): nobody can book them.
#[utoipa::path(post, path = "/ops/lodgings/{slug}/closures", tag = "operators",
    params(("slug" = String, Path, description = "Lodging slug")),
    request_body = CloseNightsRequest,
    responses(
        (status = 200, description = "Closed", body = NightsChange),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such lodging or room of yours", body = ErrorBody),
        (status = 409, description = "A booking holds some of the nights: nothing closed", body = ErrorBody),
        (status = 422, description = "Dates in the past or the wrong way round, or no reason", body = ErrorBody),
    ))]
async fn close_nights(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<CloseNightsRequest>,
) -> Result<Json<NightsChange>, ApiError> {
    let actor = operator.require(&[Role::Host])?;
    let nights = body
        .nights(village_today(), true)
        .map_err(ApiError::Validation)?;
    let reason = body.reason.trim().to_owned();
    let nights = state
        .store
        .close_nights(actor, &slug, body.room, nights, reason)
        .await?;
    Ok(Json(NightsChange { nights }))
}

/// Opens closed nights of a lodging again.
#[utoipa::path(post, path = "/ops/lodgings/{slug}/closures/reopen", tag = "operators",
    params(("slug" = String, Path, description = "Lodging slug")),
    request_body = CloseNightsRequest,
    responses(
        (status = 200, description = "Opened", body = NightsChange),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such lodging or room of yours", body = ErrorBody),
        (status = 422, description = "Dates in the past or the wrong way round", body = ErrorBody),
    ))]
async fn reopen_nights(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<CloseNightsRequest>,
) -> Result<Json<NightsChange>, ApiError> {
    let actor = operator.require(&[Role::Host])?;
    let nights = body
        .nights(village_today(), false)
        .map_err(ApiError::Validation)?;
    let nights = state
        .store
        .reopen_nights(actor, &slug, body.room, nights)
        .await?;
    Ok(Json(NightsChange { nights }))
}

/// Adds a programme to the host's school; its dates are scheduled next.
#[utoipa::path(post, path = "/ops/schools/{slug}/programs", tag = "operators",
    params(("slug" = String, Path, description = "School slug")),
    request_body = ProgramRequest,
    responses(
        (status = 201, description = "The new programme", body = Program),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such school of yours", body = ErrorBody),
        (status = 422, description = "A language missing, or days or price out of range", body = ErrorBody),
    ))]
async fn create_program(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<ProgramRequest>,
) -> Result<(StatusCode, Json<Program>), ApiError> {
    let actor = operator.require(&[Role::Host])?;
    let request = body.parse().map_err(ApiError::Validation)?;
    let program = state
        .store
        .save_program(actor, &slug, None, request)
        .await?;
    state.listings.invalidate(Collection::Schools);
    Ok((StatusCode::CREATED, Json(program)))
}

/// Changes a programme's texts, length, level, price or what it includes; its dates stay.
#[utoipa::path(put, path = "/ops/schools/{slug}/programs/{program}", tag = "operators",
    params(("slug" = String, Path, description = "School slug"), ("program" = String, Path, description = "Programme id")),
    request_body = ProgramRequest,
    responses(
        (status = 200, description = "The programme as saved", body = Program),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such programme of yours", body = ErrorBody),
        (status = 422, description = "A language missing, or days or price out of range", body = ErrorBody),
    ))]
async fn edit_program(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath((slug, program)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<ProgramRequest>,
) -> Result<Json<Program>, ApiError> {
    let actor = operator.require(&[Role::Host])?;
    let request = body.parse().map_err(ApiError::Validation)?;
    let program = state
        .store
        .save_program(actor, &slug, Some(program), request)
        .await?;
    state.listings.invalidate(Collection::Schools);
    Ok(Json(program))
}

/// Retires a programme: no longer shown or bookable; bookings already made stay.
#[utoipa::path(post, path = "/ops/schools/{slug}/programs/{program}/retire", tag = "operators",
    params(("slug" = String, Path, description = "School slug"), ("program" = String, Path, description = "Programme id")),
    responses(
        (status = 204, description = "Retired"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a host", body = ErrorBody),
        (status = 404, description = "No such programme of yours", body = ErrorBody),
    ))]
async fn retire_program(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath((slug, program)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let actor = operator.require(&[Role::Host])?;
    state.store.retire_program(actor, &slug, &program).await?;
    state.listings.invalidate(Collection::Schools);
    Ok(StatusCode::NO_CONTENT)
}
