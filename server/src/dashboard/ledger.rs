//! Village finance: confirming pledges as received, recording spendings and taking them
//! through approval (by a second person) to payment; and the audit log.
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use model::staff::{
    ConfirmPledgeRequest, CorrectionRequest, PendingCorrection, Role, Spending, SpendingRequest,
};
use model::{LedgerEntry, Reference, SpendingStage};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Staff;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, JsonBody};
use crate::http::{created, IdempotencyKey};
use crate::listing_cache::Collection;
use crate::store::{AuditEntry, Endpoint};
use crate::AppState;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(confirm_pledge))
        .routes(routes!(list_spendings, create_spending))
        .routes(routes!(approve_spending))
        .routes(routes!(pay_spending))
        .routes(routes!(list_corrections, propose_correction))
        .routes(routes!(approve_correction))
        .routes(routes!(list_audit))
}

/// Confirms a pledge as received: appends an `in` entry to the ledger and moves the amount
/// from the project's `pledged` to `raised`.
#[utoipa::path(post, path = "/ops/pledges/{reference}/confirm", tag = "operators",
    params(("reference" = String, Path, description = "The donation's reference")),
    request_body = ConfirmPledgeRequest,
    responses(
        (status = 200, description = "The ledger entry", body = LedgerEntry),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not village finance", body = ErrorBody),
        (status = 404, description = "No such donation", body = ErrorBody),
        (status = 409, description = "Already confirmed, or withdrawn", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
async fn confirm_pledge(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(reference): ApiPath<String>,
    ApiJson(body): ApiJson<ConfirmPledgeRequest>,
) -> Result<Json<LedgerEntry>, ApiError> {
    let actor = operator.require(&[Role::Finance])?;
    let reference = Reference::parse(&reference)
        .ok_or_else(|| ApiError::not_found("no donation with this reference"))?;
    let confirm = body.parse().map_err(ApiError::Validation)?;
    let entry = state
        .store
        .confirm_pledge(actor, &reference, confirm)
        .await?;
    state.listings.invalidate(Collection::Projects);
    Ok(Json(entry))
}

/// Spendings, newest first.
#[utoipa::path(get, path = "/ops/spendings", tag = "operators",
    responses(
        (status = 200, description = "Spendings", body = [Spending]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not village finance", body = ErrorBody),
    ))]
async fn list_spendings(
    State(state): State<AppState>,
    operator: Staff,
) -> Result<Json<Vec<Spending>>, ApiError> {
    operator.require(&[Role::Finance])?;
    Ok(Json(state.store.spendings().await?))
}

/// Records a spending: an `out` entry, `pending` until a second finance or admin account
/// approves it.
#[utoipa::path(post, path = "/ops/spendings", tag = "operators",
    request_body = SpendingRequest,
    params(("Idempotency-Key" = String, Header, description = "Unique per spending; a retry with the same key and body gets the first answer")),
    responses(
        (status = 201, description = "Recorded, pending", body = Spending),
        (status = 400, description = "Missing Idempotency-Key", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not village finance", body = ErrorBody),
        (status = 422, description = "Invalid fields, or the key was used with another body", body = ErrorBody),
    ))]
async fn create_spending(
    State(state): State<AppState>,
    operator: Staff,
    key: IdempotencyKey,
    body: JsonBody<SpendingRequest>,
) -> Result<Response, ApiError> {
    let actor = operator.require(&[Role::Finance])?;
    let idem = key.bind(Endpoint::Spendings, &body.canonical);
    if let Some(first) = state.store.replay(&idem).await? {
        return Ok(created(first, "ops/spendings"));
    }
    let spending = body.value.parse().map_err(ApiError::Validation)?;
    let stored = state.store.create_spending(actor, spending, idem).await?;
    Ok(created(stored, "ops/spendings"))
}

/// Approves a pending spending; not by the account that recorded it.
#[utoipa::path(post, path = "/ops/spendings/{id}/approve", tag = "operators",
    params(("id" = u64, Path, description = "Spending id")),
    responses(
        (status = 200, description = "Approved", body = Spending),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not village finance", body = ErrorBody),
        (status = 404, description = "No such spending", body = ErrorBody),
        (status = 409, description = "Not pending, or recorded by the same account", body = ErrorBody),
    ))]
async fn approve_spending(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(id): ApiPath<u64>,
) -> Result<Json<Spending>, ApiError> {
    let actor = operator.require(&[Role::Finance])?;
    Ok(Json(
        state
            .store
            .advance_spending(actor, id, SpendingStage::Approved)
            .await?,
    ))
}

/// Records that an approved spending has been paid out.
#[utoipa::path(post, path = "/ops/spendings/{id}/pay", tag = "operators",
    params(("id" = u64, Path, description = "Spending id")),
    responses(
        (status = 200, description = "Paid", body = Spending),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not village finance", body = ErrorBody),
        (status = 404, description = "No such spending", body = ErrorBody),
        (status = 409, description = "Not approved", body = ErrorBody),
    ))]
async fn pay_spending(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(id): ApiPath<u64>,
) -> Result<Json<Spending>, ApiError> {
    let actor = operator.require(&[Role::Finance])?;
    let paid = state
        .store
        .advance_spending(actor, id, SpendingStage::Paid)
        .await?;
    // A project's "spent" is the ledger's paid spendings.
    state.listings.invalidate(Collection::Projects);
    Ok(Json(paid))
}

/// Proposes a correction of an earlier ledger entry (`corrects` = its `seq`, `amount` the
/// signed change, `note` why); it waits, `pending`, for a second finance or admin account to
/// approve it, and only then is appended to the ledger.
#[utoipa::path(post, path = "/ops/ledger/corrections", tag = "operators",
    request_body = CorrectionRequest,
    params(("Idempotency-Key" = String, Header, description = "Unique per correction")),
    responses(
        (status = 201, description = "Proposed, pending a second approver", body = PendingCorrection),
        (status = 400, description = "Missing Idempotency-Key", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not village finance", body = ErrorBody),
        (status = 404, description = "No such entry", body = ErrorBody),
        (status = 422, description = "Invalid fields, or the key was used with another body", body = ErrorBody),
    ))]
async fn propose_correction(
    State(state): State<AppState>,
    operator: Staff,
    key: IdempotencyKey,
    body: JsonBody<CorrectionRequest>,
) -> Result<Response, ApiError> {
    let actor = operator.require(&[Role::Finance])?;
    let idem = key.bind(Endpoint::Corrections, &body.canonical);
    if let Some(first) = state.store.replay(&idem).await? {
        return Ok(created(first, "ops/ledger/corrections"));
    }
    let correction = body.value.parse().map_err(ApiError::Validation)?;
    let stored = state
        .store
        .propose_correction(actor, correction, idem)
        .await?;
    Ok(created(stored, "ops/ledger/corrections"))
}

/// Corrections, newest first, pending and approved.
#[utoipa::path(get, path = "/ops/ledger/corrections", tag = "operators",
    responses(
        (status = 200, description = "Corrections", body = [PendingCorrection]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not village finance", body = ErrorBody),
    ))]
async fn list_corrections(
    State(state): State<AppState>,
    operator: Staff,
) -> Result<Json<Vec<PendingCorrection>>, ApiError> {
    operator.require(&[Role::Finance])?;
    Ok(Json(state.store.corrections().await?))
}

/// Approves a pending correction, by another account than the one that proposed it: its entry
/// is appended to the ledger and, for money in, the project's `raised` changes.
#[utoipa::path(post, path = "/ops/ledger/corrections/{id}/approve", tag = "operators",
    params(("id" = u64, Path, description = "Correction id")),
    responses(
        (status = 200, description = "The correcting ledger entry", body = LedgerEntry),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not village finance", body = ErrorBody),
        (status = 404, description = "No such correction", body = ErrorBody),
        (status = 409, description = "Already approved, or proposed by the same account", body = ErrorBody),
        (status = 422, description = "The project would have raised less than nothing", body = ErrorBody),
    ))]
async fn approve_correction(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(id): ApiPath<u64>,
) -> Result<Json<LedgerEntry>, ApiError> {
    let actor = operator.require(&[Role::Finance])?;
    let entry = state.store.approve_correction(actor, id).await?;
    state.listings.invalidate(Collection::Projects);
    Ok(Json(entry))
}

/// `?limit=` on the audit log.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct AuditQuery {
    /// Most lines (default 200, at most 1000).
    #[serde(default)]
    limit: Option<u32>,
}

/// The audit log, newest first: an admin sees everyone's actions, others their own.
#[utoipa::path(get, path = "/ops/audit", tag = "operators",
    params(AuditQuery),
    responses(
        (status = 200, description = "Audit lines", body = [AuditEntry]),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn list_audit(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    let limit = query.limit.unwrap_or(200).clamp(1, 1000);
    let whose = (actor.role != Role::Admin).then_some(actor.id);
    Ok(Json(state.store.audit_log(whose, limit).await?))
}
