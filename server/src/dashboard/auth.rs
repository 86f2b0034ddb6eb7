//! Logging in and out: argon2id passwords, a random session token in an `HttpOnly`,
//! `SameSite=Strict` cookie (and `Secure` over HTTPS), only its SHA-256 stored; repeated
//! failures slow the account down.
use std::path::Path;
use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use chrono::{DateTime, Utc};
use model::staff::{LoginRequest, OperatorProfile, OperatorRequest, OwnedListing, Role};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Staff;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::security::SecureCookie;
use crate::store::{Actor, NewOperator, StoreError};
use crate::AppState;

/// The session cookie's name.
pub const COOKIE: &str = "cjg_ops";
/// How long a login lasts.
pub const SESSION_HOURS: i64 = 12;
/// Failed logins in a row before the account slows down.
pub const FREE_FAILURES: u32 = 5;
/// The wait after the `FREE_FAILURES`th failure; it doubles with each further one.
const FIRST_WAIT_SECONDS: i64 = 30;
const MAX_WAIT_SECONDS: i64 = 15 * 60;
/// A user name's failures are forgotten this long after the last one.
pub const FAILURES_FORGOTTEN: chrono::Duration = chrono::Duration::hours(24);
/// Shortest password `server operator add` accepts.
pub const PASSWORD_MIN: usize = 12;

pub(super) fn login_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(logout))
        .routes(routes!(get_me))
}

/// argon2id with OWASP's minimum: 19 MiB, 2 passes, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string stored for `password`.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| anyhow::anyhow!("random source: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Ok(argon2()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?
        .to_string())
}

/// True when `password` matches the stored PHC string.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| {
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash to check unknown user names against, so they take as long as known ones.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default())
}

/// SHA-256 (hex) of a session token: what is stored and looked up.
pub fn token_hash(token: &str) -> String {
    model::ledger::sha256_hex(token.as_bytes())
}

/// How long an account must wait before the next attempt, if at all.
pub fn wait_before_login(
    failures: u32,
    last_failed_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<u64> {
    let last = last_failed_at?;
    if failures < FREE_FAILURES {
        return None;
    }
    let doublings = (failures - FREE_FAILURES).min(10);
    let wait = (FIRST_WAIT_SECONDS << doublings).min(MAX_WAIT_SECONDS);
    let left = (last + chrono::Duration::seconds(wait) - now).num_seconds();
    (left > 0).then(|| u64::try_from(left).unwrap_or(1))
}

fn profile(actor: &Actor) -> OperatorProfile {
    OperatorProfile {
        username: actor.username.clone(),
        display_name: actor.display_name.clone(),
        role: actor.role,
        listings: actor.listings.clone(),
    }
}

fn is_https(headers: &HeaderMap) -> bool {
    let header_says = |name: &str, needle: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains(needle))
    };
    header_says("x-forwarded-proto", "https") || header_says("forwarded", "proto=https")
}

fn cookie(state: &AppState, headers: &HeaderMap, value: &str, max_age: i64) -> HeaderValue {
    let secure = state.security.https()
        || match state.security.secure_cookie {
            SecureCookie::Always => true,
            SecureCookie::Never => false,
            SecureCookie::Auto => is_https(headers),
        };
    let text = format!(
        "{COOKIE}={value}; Path=/api/v1/ops; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// At most one argon2 hash per core at a time: a flood of logins waits its turn (up to
/// [`HASH_WAIT`], then 503 `busy`) instead of taking every core and all the memory.
fn hash_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(1, |n| n.get()))
    })
}

/// How long a login waits for a free core before it is answered 503.
const HASH_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let _permit = tokio::time::timeout(HASH_WAIT, hash_permits().acquire())
        .await
        .map_err(|_| ApiError::Busy)?
        .map_err(|e| ApiError::Internal(e.into()))?;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::Internal(e.into()))
}

/// Logs in and sets the session cookie.
///
/// Attempts are counted per user name, whether or not it exists, before the password is
/// checked: after 5 in a row without success the name waits 30 seconds, doubling with each
/// further attempt (at most 15 minutes): 429 `login_throttled` with `Retry-After`. A disabled
/// operator is refused like a wrong password.
#[utoipa::path(post, path = "/ops/login", tag = "operators",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; `Set-Cookie: cjg_ops=…; HttpOnly; SameSite=Strict`", body = OperatorProfile),
        (status = 401, description = "Wrong user name or password", body = ErrorBody),
        (status = 403, description = "Sent from another site's page", body = ErrorBody),
        (status = 429, description = "Too many failed logins for this account, or from this address", body = ErrorBody),
        (status = 503, description = "Every core is busy checking passwords: try again shortly", body = ErrorBody),
    ))]
async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let now = Utc::now();
    let password = body.password;
    let username = body.username.trim().to_ascii_lowercase();
    // Counted before anything else, for names that exist and names that do not alike: the
    // answer (and its timing) does not tell them apart, and guessing either is slowed down.
    if let Some(retry_after) = state.store.count_login_attempt(&username, now).await? {
        return Err(ApiError::LoginThrottled { retry_after });
    }
    let Some(creds) = state.store.credentials(&username).await? else {
        blocking(move || verify_password(&password, dummy_hash())).await?;
        return Err(ApiError::InvalidCredentials);
    };
    let stored = creds.password_hash.clone();
    if !blocking(move || verify_password(&password, &stored)).await? {
        return Err(ApiError::InvalidCredentials);
    }
    let mut raw = [0u8; 32];
    getrandom::getrandom(&mut raw)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("random source: {e}")))?;
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw);
    let hash = token_hash(&token);
    match state
        .store
        .login_succeeded(
            creds.operator_id,
            &username,
            hash.clone(),
            now + chrono::Duration::hours(SESSION_HOURS),
        )
        .await
    {
        // Disabled while the password was being checked.
        Err(StoreError::NotFound(_)) => return Err(ApiError::InvalidCredentials),
        other => other?,
    }
    let actor = state
        .store
        .session_operator(&hash, now)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("the new session is not there")))?;
    let mut res = Json(profile(&actor)).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        cookie(&state, &headers, &token, SESSION_HOURS * 3600),
    );
    Ok(res)
}

/// Ends the session and clears the cookie.
#[utoipa::path(post, path = "/ops/logout", tag = "operators",
    responses(
        (status = 204, description = "Logged out"),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    _operator: Staff,
) -> Result<Response, ApiError> {
    if let Some(token) = super::session_token(&headers) {
        state.store.end_session(&token_hash(&token)).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, cookie(&state, &headers, "", 0));
    Ok(res)
}

/// The logged-in operator, their role and the listings they own.
#[utoipa::path(get, path = "/ops/me", tag = "operators",
    responses(
        (status = 200, description = "The operator", body = OperatorProfile),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn get_me(Staff(actor): Staff) -> Json<OperatorProfile> {
    Json(profile(&actor))
}

/// `server operator add`: checks the account, hashes the password and stores it, seeding the
/// database from `data` first if it is empty (listings must exist to be owned).
pub async fn add_operator(
    database_url: &str,
    data: &Path,
    username: &str,
    display_name: &str,
    role: Role,
    listings: &[String],
    password: &str,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        password.chars().count() >= PASSWORD_MIN,
        "the password must have at least {PASSWORD_MIN} characters"
    );
    let mut owned = Vec::new();
    for l in listings {
        let Some((collection, slug)) = l.split_once('/') else {
            anyhow::bail!("a listing is COLLECTION/SLUG, e.g. schools/chen-family-hall: {l:?}");
        };
        anyhow::ensure!(
            role.may_own(collection),
            "a {} cannot own {collection}/{slug}",
            role.as_str()
        );
        owned.push(OwnedListing {
            collection: collection.to_owned(),
            slug: slug.to_owned(),
        });
    }
    let request = OperatorRequest {
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        role,
        listings: owned,
    }
    .parse()
    .map_err(|e| anyhow::anyhow!("{:?}", e.into_map()))?;
    let (username, display_name, owned) =
        (request.username, request.display_name, request.listings);
    let password = password.to_owned();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password)).await??;
    // Seeding here signs the seeded ledger history with the key `serve` will use.
    let store = crate::store::open_signing(database_url).await?;
    crate::store::seed_if_empty(store.as_ref(), data).await?;
    store
        .create_operator(NewOperator {
            username: username.clone(),
            display_name,
            role,
            password_hash,
            listings: owned,
            by: None,
        })
        .await
        .map_err(|e| match e {
            StoreError::Invalid(errors) => anyhow::anyhow!("{:?}", errors.into_map()),
            other => anyhow::anyhow!("{other}"),
        })?;
    tracing::info!(username, role = role.as_str(), "operator added");
    Ok(())
}

/// `server operator disable`: the operator can no longer log in, and every session of theirs
/// ends at once (deleted in the same transaction).
pub async fn disable_operator(database_url: &str, username: &str) -> anyhow::Result<()> {
    let username = username.trim().to_ascii_lowercase();
    let store = crate::store::open(database_url, crate::store::Synchronous::Full).await?;
    store
        .disable_operator(&username, None)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tracing::info!(username, "operator disabled; their sessions are ended");
    Ok(())
}

/// `server operator passwd`: a new password (at least [`PASSWORD_MIN`] characters); every
/// session of theirs ends at once (deleted in the same transaction).
pub async fn set_operator_password(
    database_url: &str,
    username: &str,
    password: &str,
) -> anyhow::Result<()> {
    let username = username.trim().to_ascii_lowercase();
    anyhow::ensure!(
        password.chars().count() >= PASSWORD_MIN,
        "the password must have at least {PASSWORD_MIN} characters"
    );
    let password = password.to_owned();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password)).await??;
    let store = crate::store::open(database_url, crate::store::Synchronous::Full).await?;
    store
        .set_operator_password(&username, password_hash, None)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tracing::info!(username, "password changed; their sessions are ended");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_argon2id_and_only_the_right_one_verifies() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterx", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn an_account_slows_down_after_five_failures() {
        let now = Utc::now();
        assert_eq!(wait_before_login(4, Some(now), now), None);
        assert_eq!(wait_before_login(5, Some(now), now), Some(30));
        assert_eq!(wait_before_login(6, Some(now), now), Some(60));
        assert_eq!(wait_before_login(40, Some(now), now), Some(900));
        let later = now + chrono::Duration::seconds(31);
        assert_eq!(wait_before_login(5, Some(now), later), None);
    }
}
