//! The operators' dashboard API under `/api/v1/ops`: log in, then see and change only what
//! you own. Every write is audited in the same transaction as the change.
//!
//! Access: no session is 401; a role that may not use an endpoint is 403; another operator's
//! booking, order, session, room, variant, listing or batch is 404, exactly as if it did not
//! exist, so that ids cannot be probed.
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Method};
use model::staff::Role;
use utoipa_axum::router::OpenApiRouter;

use crate::error::ApiError;
use crate::security::rate_limited;
use crate::store::Actor;
use crate::AppState;

mod accounts;
pub mod auth;
mod bookings;
mod ledger;
mod listings;
mod live;
mod notices;
mod photos;
mod products;
mod rooms;
mod schedule;

pub use auth::{
    add_operator, disable_operator, hash_password, set_operator_password, wait_before_login, COOKIE,
};

/// Largest request body the dashboard reads.
pub const OPS_BODY_LIMIT: usize = 64 * 1024;

/// The dashboard's routes (relative to `/api/v1`), with the Origin check on writes.
pub fn router(state: &AppState) -> OpenApiRouter<AppState> {
    let login = rate_limited(
        auth::login_router(),
        state.security.login_limit,
        Some(vec![Method::POST]),
        &state.security.trusted_proxies,
    );
    OpenApiRouter::new()
        .merge(login)
        .merge(auth::router())
        .merge(accounts::router())
        .merge(bookings::router())
        .merge(listings::router())
        .merge(live::router())
        .merge(notices::router())
        .merge(photos::router())
        .merge(products::router())
        .merge(rooms::router())
        .merge(schedule::router())
        .merge(ledger::router())
        // A listing's story in two languages is larger than any visitor's request.
        .layer(axum::extract::DefaultBodyLimit::max(OPS_BODY_LIMIT))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::security::same_origin_writes,
        ))
}

/// The logged-in operator of a request; 401 without a live session.
#[derive(Clone, Debug)]
pub struct Staff(pub Actor);

impl Staff {
    /// 403 unless the operator has one of `roles` (admins always do).
    pub fn require(&self, roles: &[Role]) -> Result<&Actor, ApiError> {
        if self.0.role == Role::Admin || roles.contains(&self.0.role) {
            Ok(&self.0)
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = session_token(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let actor = state
            .store
            .session_operator(&auth::token_hash(&token), chrono::Utc::now())
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(Staff(actor))
    }
}

/// The session token from the `Cookie` header(s), if any.
pub fn session_token(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty())
}
