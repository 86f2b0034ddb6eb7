//! `/ops/live`: a Server-Sent Events stream of the notices about the operator's own listings,
//! so a new booking request shows on an open dashboard at once. The outbox, not this server's
//! memory, is the source: a booking taken by another server behind the same database shows
//! too. The dashboard reloads its lists on each event and falls back to polling where the
//! stream drops.
use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use model::notice::Notice;
use model::staff::Role;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Staff;
use crate::error::{ApiError, ErrorBody};
use crate::store::{Actor, DynStore};
use crate::AppState;

/// How often the stream looks for new notices (a request shows within this, well under 2 s).
const POLL: Duration = Duration::from_millis(500);

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(live))
}

/// Whether `actor` is told of `notice`: its listing is theirs; an order concerns every seller
/// (its lines may be any of theirs; the orders list shows each only their own).
fn concerns(actor: &Actor, notice: &Notice) -> bool {
    if actor.role == Role::Admin {
        return true;
    }
    match notice.listing.split_once('/') {
        Some((collection, slug)) => actor.scope().allows(collection, slug),
        None => notice.listing == "products" && actor.role == Role::Seller,
    }
}

/// Events `notice`: `{"event": "booking_requested", "reference": "CJG-…"}`, id the notice's.
#[utoipa::path(get, path = "/ops/live", tag = "dashboard",
    responses(
        (status = 200, description = "A text/event-stream of `notice` events about the operator's listings", content_type = "text/event-stream"),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn live(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let store = state.store.clone();
    let start = store.latest_notice().await?;
    let events = stream::unfold((store, start, staff.0), next_events).flat_map(stream::iter);
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}

type Cursor = (DynStore, i64, Actor);

async fn next_events(
    (store, after, actor): Cursor,
) -> Option<(Vec<Result<Event, Infallible>>, Cursor)> {
    tokio::time::sleep(POLL).await;
    let found = match store.notices_after(after, 100).await {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!(error = %e, "the live dashboard could not read the outbox");
            Vec::new()
        }
    };
    let cursor = found.last().map_or(after, |(id, _)| *id);
    let events = found
        .into_iter()
        .filter(|(_, notice)| concerns(&actor, notice))
        .map(|(id, notice)| {
            let data = json!({ "event": notice.event, "reference": notice.reference });
            Ok(Event::default()
                .id(id.to_string())
                .event("notice")
                .data(data.to_string()))
        })
        .collect();
    Some((events, (store, cursor, actor)))
}
