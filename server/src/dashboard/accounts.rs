//! The village admin's accounts: who may use the dashboard, for which listings. A new account
//! and a reset get a password made here and shown once; disabling ends its sessions at once.
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use model::staff::{OneTimePassword, OperatorAccount, OperatorRequest};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::hash_password;
use super::Staff;
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use crate::store::NewOperator;
use crate::AppState;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_operators, create_operator))
        .routes(routes!(reset_password))
        .routes(routes!(disable_operator))
}

/// Letters and digits nobody confuses when reading them out (no 0/O, 1/I/l).
const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

/// A fresh password of 16 such characters in groups of four (about 92 bits).
fn new_password() -> Result<String, ApiError> {
    let mut raw = [0u8; 16];
    getrandom::getrandom(&mut raw)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("random: {e}")))?;
    let chars: Vec<char> = raw
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    Ok(chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

async fn hashed(password: &str) -> Result<String, ApiError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(ApiError::Internal)
}

/// Every account, with its role, listings and whether it is disabled.
#[utoipa::path(get, path = "/ops/operators", tag = "operators",
    responses(
        (status = 200, description = "The accounts", body = [OperatorAccount]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the village admin", body = ErrorBody),
    ))]
async fn list_operators(
    State(state): State<AppState>,
    operator: Staff,
) -> Result<Json<Vec<OperatorAccount>>, ApiError> {
    operator.require(&[])?;
    Ok(Json(state.store.operators().await?))
}

/// Creates an account; its password is in the answer, once.
#[utoipa::path(post, path = "/ops/operators", tag = "operators",
    request_body = OperatorRequest,
    responses(
        (status = 201, description = "Created; give the password to the operator", body = OneTimePassword),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the village admin", body = ErrorBody),
        (status = 409, description = "The user name is taken", body = ErrorBody),
        (status = 422, description = "A name that does not fit, or a listing the role cannot own", body = ErrorBody),
    ))]
async fn create_operator(
    State(state): State<AppState>,
    operator: Staff,
    ApiJson(body): ApiJson<OperatorRequest>,
) -> Result<(StatusCode, Json<OneTimePassword>), ApiError> {
    let admin = operator.require(&[])?;
    let request = body.parse().map_err(ApiError::Validation)?;
    let password = new_password()?;
    state
        .store
        .create_operator(NewOperator {
            username: request.username.clone(),
            display_name: request.display_name,
            role: request.role,
            password_hash: hashed(&password).await?,
            listings: request.listings,
            by: Some(admin.clone()),
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(OneTimePassword {
            username: request.username,
            password,
        }),
    ))
}

/// A new password for an account, shown once; its sessions end.
#[utoipa::path(post, path = "/ops/operators/{username}/password", tag = "operators",
    params(("username" = String, Path, description = "User name")),
    responses(
        (status = 200, description = "The new password, once", body = OneTimePassword),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the village admin", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
    ))]
async fn reset_password(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(username): ApiPath<String>,
) -> Result<Json<OneTimePassword>, ApiError> {
    let admin = operator.require(&[])?;
    let password = new_password()?;
    state
        .store
        .set_operator_password(&username, hashed(&password).await?, Some(admin))
        .await?;
    Ok(Json(OneTimePassword {
        username: username.trim().to_ascii_lowercase(),
        password,
    }))
}

/// Disables an account: it can no longer log in and its sessions end at once.
#[utoipa::path(post, path = "/ops/operators/{username}/disable", tag = "operators",
    params(("username" = String, Path, description = "User name")),
    responses(
        (status = 204, description = "Disabled"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the village admin", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
    ))]
async fn disable_operator(
    State(state): State<AppState>,
    operator: Staff,
    ApiPath(username): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let admin = operator.require(&[])?;
    state.store.disable_operator(&username, Some(admin)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_made_password_is_long_unambiguous_and_new_each_time() {
        let a = new_password().unwrap();
        assert_eq!(a.len(), 19);
        assert!(a.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        assert_ne!(a, new_password().unwrap());
        assert!(a.chars().count() >= super::super::auth::PASSWORD_MIN);
    }
}
