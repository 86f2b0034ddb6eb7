//! `/ops/notices/failing`: the notices the worker keeps failing to deliver (a group robot's
//! URL changed, a receiver down), for the village admin to see and mend.
use axum::extract::State;
use axum::Json;
use model::notice::FailingNotice;
use model::{Lang, Localized};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Staff;
use crate::error::{ApiError, ErrorBody};
use crate::notify::FAILING_AFTER;
use crate::AppState;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(failing_notices))
}

/// Undelivered notices that failed three times or more, oldest first (at most 100).
#[utoipa::path(get, path = "/ops/notices/failing", tag = "dashboard",
    responses(
        (status = 200, description = "The failing notices", body = [FailingNotice]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the village admin", body = ErrorBody),
    ))]
async fn failing_notices(
    State(state): State<AppState>,
    operator: Staff,
) -> Result<Json<Vec<FailingNotice>>, ApiError> {
    operator.require(&[])?;
    let failing = state.store.failing_notices(FAILING_AFTER).await?;
    Ok(Json(
        failing
            .into_iter()
            .map(|p| FailingNotice {
                id: p.id,
                text: Localized::new(p.notice.text(Lang::Zh), p.notice.text(Lang::En)),
                notice: p.notice,
                created_at: p.created_at,
                attempts: p.attempts,
                last_error: p.last_error,
            })
            .collect(),
    ))
}
