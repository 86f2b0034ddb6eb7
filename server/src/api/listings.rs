//! Listings by collection and by slug, and availability of sessions and rooms.
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::NaiveDate;
use model::availability::{lodging_offers, LodgingOffer, LOOKAHEAD_NIGHTS};
use model::booking::{
    lodging_availability, program_availability, LodgingAvailability, ProgramAvailability, Stay,
    MAX_GUESTS, MAX_PARTY,
};
use model::{Attraction, Batch, Event, FieldErrors, Lodging, Problem, Product, Project, School};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
use crate::listing_cache::Snapshot;
use crate::secrets::village_today;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_schools))
        .routes(routes!(get_school))
        .routes(routes!(list_lodgings))
        .routes(routes!(get_lodging))
        .routes(routes!(list_products))
        .routes(routes!(get_product))
        .routes(routes!(list_batches))
        .routes(routes!(get_batch))
        .routes(routes!(list_attractions))
        .routes(routes!(get_attraction))
        .routes(routes!(list_events))
        .routes(routes!(get_event))
        .routes(routes!(list_projects))
        .routes(routes!(get_project))
        .routes(routes!(get_program_sessions))
        .routes(routes!(get_lodging_availability))
        .routes(routes!(list_stays))
}

/// The `If-None-Match` header alone (cheaper than cloning every header of the request).
pub struct IfNoneMatch(Option<HeaderValue>);

impl<S: Send + Sync> FromRequestParts<S> for IfNoneMatch {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(IfNoneMatch(
            parts.headers.get(header::IF_NONE_MATCH).cloned(),
        ))
    }
}

/// A JSON body serialised ahead of time, with an ETag so a phone can revalidate cheaply.
fn cached_json(req: &IfNoneMatch, body: Bytes, etag: HeaderValue) -> Response {
    let fresh = req.0.as_ref().is_some_and(|tags| {
        tags.as_bytes()
            .split(|&b| b == b',')
            .any(|t| t.trim_ascii() == etag.as_bytes())
    });
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (header::ETAG, etag),
    ];
    if fresh {
        (StatusCode::NOT_MODIFIED, headers).into_response()
    } else {
        (headers, body).into_response()
    }
}

fn all<T>(req: &IfNoneMatch, snapshot: &Snapshot<T>) -> Response {
    cached_json(req, snapshot.json.clone(), snapshot.etag.clone())
}

fn one<T: crate::listing_cache::Keyed + serde::Serialize>(
    req: &IfNoneMatch,
    snapshot: &Snapshot<T>,
    key: &str,
    what: &str,
) -> Result<Response, ApiError> {
    let (body, etag) = snapshot
        .json_of(key)
        .ok_or_else(|| ApiError::not_found(format!("no {what} {key:?}")))?;
    Ok(cached_json(req, body, etag))
}

macro_rules! listing_endpoints {
    ($list:ident, $get:ident, $cache:ident, $ty:ty, $all:literal, $one:literal, $param:literal, $what:literal) => {
        /// Every listing of the collection, with live places, stock and totals.
        #[utoipa::path(get, path = $all, tag = "listings",
            responses((status = 200, description = "The whole collection", body = Vec<$ty>)))]
        async fn $list(State(state): State<AppState>, req: IfNoneMatch) -> Result<Response, ApiError> {
            let snapshot = state.listings.$cache().await?;
            Ok(all(&req, &snapshot))
        }

        /// One listing by its key.
        #[utoipa::path(get, path = $one, tag = "listings",
            params(($param = String, Path, description = "slug, or id for batches")),
            responses(
                (status = 200, description = "The listing", body = $ty),
                (status = 404, description = "No such listing", body = ErrorBody),
            ))]
        async fn $get(
            State(state): State<AppState>,
            ApiPath(key): ApiPath<String>,
            req: IfNoneMatch,
        ) -> Result<Response, ApiError> {
            let snapshot = state.listings.$cache().await?;
            one(&req, &snapshot, &key, $what)
        }
    };
}

listing_endpoints!(
    list_schools,
    get_school,
    schools,
    School,
    "/schools",
    "/schools/{slug}",
    "slug",
    "school"
);
listing_endpoints!(
    list_lodgings,
    get_lodging,
    lodgings,
    Lodging,
    "/lodgings",
    "/lodgings/{slug}",
    "slug",
    "lodging"
);
listing_endpoints!(
    list_products,
    get_product,
    products,
    Product,
    "/products",
    "/products/{slug}",
    "slug",
    "product"
);
listing_endpoints!(
    list_batches,
    get_batch,
    batches,
    Batch,
    "/batches",
    "/batches/{id}",
    "id",
    "batch"
);
listing_endpoints!(
    list_attractions,
    get_attraction,
    attractions,
    Attraction,
    "/attractions",
    "/attractions/{slug}",
    "slug",
    "attraction"
);
listing_endpoints!(
    list_events,
    get_event,
    events,
    Event,
    "/events",
    "/events/{slug}",
    "slug",
    "event"
);
listing_endpoints!(
    list_projects,
    get_project,
    projects,
    Project,
    "/projects",
    "/projects/{slug}",
    "slug",
    "project"
);

/// Query of session availability.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PartyQuery {
    /// Persons in the party: prices each session for them and marks those with room.
    #[param(minimum = 1, maximum = 50)]
    party: Option<u32>,
}

/// A programme's sessions with places left.
#[utoipa::path(get, path = "/schools/{slug}/programs/{program}/sessions", tag = "availability",
    params(
        ("slug" = String, Path, description = "School slug"),
        ("program" = String, Path, description = "Programme id within the school"),
        PartyQuery,
    ),
    responses(
        (status = 200, description = "Sessions with places left", body = ProgramAvailability),
        (status = 404, description = "No such school or programme", body = ErrorBody),
        (status = 422, description = "Party size not 1 to 50", body = ErrorBody),
    ))]
async fn get_program_sessions(
    State(state): State<AppState>,
    ApiPath((slug, program)): ApiPath<(String, String)>,
    ApiQuery(query): ApiQuery<PartyQuery>,
) -> Result<axum::Json<ProgramAvailability>, ApiError> {
    if let Some(party) = query.party {
        if party == 0 || party > MAX_PARTY {
            return Err(ApiError::field(
                "party",
                Problem::OutOfRange {
                    min: 1,
                    max: MAX_PARTY,
                },
            ));
        }
    }
    let schools = state.listings.schools().await?;
    let school = schools
        .get(&slug)
        .ok_or_else(|| ApiError::not_found(format!("no school {slug:?}")))?;
    let program = school
        .programs
        .iter()
        .find(|p| p.id == program)
        .ok_or_else(|| ApiError::not_found(format!("no programme {program:?} at {slug:?}")))?;
    Ok(axum::Json(program_availability(
        school,
        program,
        query.party,
        village_today(),
    )))
}

/// Query of room availability.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StayQuery {
    /// First night, `YYYY-MM-DD`.
    check_in: NaiveDate,
    /// Day of leaving, `YYYY-MM-DD`.
    check_out: NaiveDate,
    /// Guests in one room (default 1).
    #[param(minimum = 1, maximum = 20)]
    guests: Option<u32>,
}

/// A lodging's rooms for a stay: free or not, and the price for the guests.
#[utoipa::path(get, path = "/lodgings/{slug}/availability", tag = "availability",
    params(("slug" = String, Path, description = "Lodging slug"), StayQuery),
    responses(
        (status = 200, description = "Rooms for the stay", body = LodgingAvailability),
        (status = 404, description = "No such lodging", body = ErrorBody),
        (status = 422, description = "Check-in passed or more than 400 days ahead, check-out not after check-in, more than 30 nights, or guests not 1 to 20", body = ErrorBody),
    ))]
async fn get_lodging_availability(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<StayQuery>,
) -> Result<axum::Json<LodgingAvailability>, ApiError> {
    let mut errors = FieldErrors::default();
    let stay = Stay::parse(
        query.check_in,
        query.check_out,
        village_today(),
        &mut errors,
    );
    let guests = query.guests.unwrap_or(1);
    if guests == 0 || guests > MAX_GUESTS {
        errors.add(
            "guests",
            Problem::OutOfRange {
                min: 1,
                max: MAX_GUESTS,
            },
        );
    }
    let stay = match stay {
        Some(stay) if errors.is_empty() => stay,
        _ => return Err(ApiError::Validation(errors)),
    };
    let lodgings = state.listings.lodgings().await?;
    let lodging = lodgings
        .get(&slug)
        .ok_or_else(|| ApiError::not_found(format!("no lodging {slug:?}")))?;
    let taken = state
        .store
        .taken_nights(&slug, stay.check_in, stay.check_out)
        .await?;
    Ok(axum::Json(lodging_availability(
        lodging, stay, guests, &taken,
    )))
}

/// Query of a stay search over every lodging.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StaySearch {
    /// First night, `YYYY-MM-DD`; with `check_out`, or neither.
    check_in: Option<NaiveDate>,
    /// Day of leaving, `YYYY-MM-DD`; with `check_in`, or neither.
    check_out: Option<NaiveDate>,
    /// Guests in one room (default 1).
    #[param(minimum = 1, maximum = 20)]
    guests: Option<u32>,
}

/// The stay searched, checked as a booking's dates are: `None` when no dates were given.
fn searched_stay(query: &StaySearch) -> Result<(Option<Stay>, u32), ApiError> {
    let mut errors = FieldErrors::default();
    let stay = match (query.check_in, query.check_out) {
        (Some(check_in), Some(check_out)) => {
            Stay::parse(check_in, check_out, village_today(), &mut errors)
        }
        (None, None) => None,
        (None, Some(_)) => {
            errors.add("check_in", Problem::Required {});
            None
        }
        (Some(_), None) => {
            errors.add("check_out", Problem::Required {});
            None
        }
    };
    let guests = query.guests.unwrap_or(1);
    if guests == 0 || guests > MAX_GUESTS {
        errors.add(
            "guests",
            Problem::OutOfRange {
                min: 1,
                max: MAX_GUESTS,
            },
        );
    }
    if errors.is_empty() {
        Ok((stay, guests))
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Every lodging's next free night and, for a stay, its cheapest room free for all of it with
/// the stay's price: what the lodging list shows, in one request.
#[utoipa::path(get, path = "/stays", tag = "availability",
    params(StaySearch),
    responses(
        (status = 200, description = "One offer per lodging, in listing order", body = Vec<LodgingOffer>),
        (status = 422, description = "Only one of the dates, check-in passed or more than 400 days ahead, check-out not after check-in, more than 30 nights, or guests not 1 to 20", body = ErrorBody),
    ))]
async fn list_stays(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<StaySearch>,
) -> Result<axum::Json<Vec<LodgingOffer>>, ApiError> {
    let (stay, guests) = searched_stay(&query)?;
    let today = village_today();
    let from = stay.map_or(today, |s| s.check_in);
    let lookahead = from + chrono::Days::new(u64::from(LOOKAHEAD_NIGHTS));
    let to = stay.map_or(lookahead, |s| s.check_out.max(lookahead));
    let lodgings = state.listings.lodgings().await?;
    let taken = state.store.all_taken_nights(from, to).await?;
    Ok(axum::Json(lodging_offers(
        &lodgings.items,
        stay,
        guests,
        today,
        &taken,
    )))
}
