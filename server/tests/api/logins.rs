//! Logins: failures counted per user name in the database (unknown names alike), HSTS and a
//! `Secure` cookie behind an https public URL, and `server operator disable` / `passwd`
//! ending sessions at once.
use model::SiteMode;
use serde_json::Value;
use server::security::Security;

use crate::helpers::*;

const HOST: &str = "chen.li";
const NEW_PASSWORD: &str = "push hands at dawn";

async fn host(app: &TestApp) {
    app.add_operator(HOST, "host", &[&format!("schools/{SCHOOL}")])
        .await;
}

/// Five wrong attempts at `username`, then the answer to the sixth (with `password`).
async fn sixth_attempt(app: &TestApp, username: &str, password: &str) -> (u64, Value) {
    for _ in 0..5 {
        error_of(
            app.login_raw(username, "guess guess guess").await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    let res = app.login_raw(username, password).await;
    assert_eq!(res.status(), 429, "{username}");
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    (retry, res.json().await.unwrap())
}

#[tokio::test]
async fn an_unknown_user_name_is_slowed_down_exactly_like_a_known_one() {
    let app = spawn_app().await;
    host(&app).await;
    let (known_retry, known) = sixth_attempt(&app, HOST, PASSWORD).await;
    let (unknown_retry, unknown) = sixth_attempt(&app, "nobody.here", PASSWORD).await;
    assert_eq!(known["code"], "login_throttled");
    // The same answer for a known and an unknown name (the seconds in the message may differ
    // by the one that passed between them).
    let shape = |v: &Value| (v["code"].clone(), v["errors"].clone());
    assert_eq!(shape(&known), shape(&unknown));
    for body in [&known, &unknown] {
        let message = body["message"].as_str().unwrap();
        assert!(
            message.starts_with("too many failed logins: try again in "),
            "{body}"
        );
    }
    assert!((1..=30).contains(&known_retry), "{known_retry}");
    assert!((1..=30).contains(&unknown_retry), "{unknown_retry}");
    // The name as a login compares it: case and spaces do not reset the count.
    let res = app.login_raw("  NOBODY.here ", PASSWORD).await;
    error_of(res, 429, "login_throttled").await;
    // Another name is not slowed.
    error_of(
        app.login_raw("someone.else", "guess guess guess").await,
        401,
        "invalid_credentials",
    )
    .await;
    app.stop().await;
}

#[tokio::test]
async fn parallel_guesses_at_one_unknown_name_cost_one_attempt_each() {
    let app = spawn_app().await;
    // Fewer than the per-address login burst (20), so only the per-name count refuses.
    let answers = futures::future::join_all(
        (0..15).map(|_| app.login_raw("nobody.here", "guess guess guess")),
    )
    .await;
    let mut statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort_unstable();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert_eq!(checked + refused, 15, "{statuses:?}");
    assert!(checked <= 5, "at most 5 passwords checked: {statuses:?}");
    app.stop().await;
}

#[tokio::test]
async fn the_failed_login_count_is_in_the_database_for_every_server_process() {
    let app = spawn_app().await;
    for _ in 0..5 {
        app.login_raw("nobody.here", "guess guess guess").await;
    }
    // Another process on the same database sees the count.
    let store = server::store::open(&app.database_url, server::store::Synchronous::Full)
        .await
        .unwrap();
    let wait = store
        .count_login_attempt("Nobody.Here", chrono::Utc::now())
        .await
        .unwrap();
    assert!(wait.is_some_and(|s| (1..=30).contains(&s)), "{wait:?}");
    // And the right password of a name counts before it is checked, then gives it back.
    host(&app).await;
    for _ in 0..3 {
        app.login(HOST).await;
    }
    assert_eq!(
        store
            .count_login_attempt(HOST, chrono::Utc::now())
            .await
            .unwrap(),
        None
    );
    app.stop().await;
}

fn https_public_url(url: &str) -> Security {
    Security {
        public_url: Some(url.parse().unwrap()),
        ..unlimited()
    }
}

#[tokio::test]
async fn an_https_public_url_sends_hsts_everywhere_and_always_marks_the_cookie_secure() {
    let app = spawn_app_configured(SiteMode::Api, https_public_url("https://cjg.example")).await;
    host(&app).await;
    for path in [
        "/",
        "/api/v1/schools",
        "/config.json",
        "/api/v1/no-such-thing",
    ] {
        let res = app.get(path).await;
        assert_eq!(
            res.headers()
                .get("strict-transport-security")
                .map(|v| v.to_str().unwrap()),
            Some("max-age=31536000; includeSubDomains"),
            "{path}"
        );
    }
    // No X-Forwarded-Proto needed; the public origin may send the login.
    let res = app
        .client
        .post(app.url("/api/v1/ops/login"))
        .header("Origin", "https://cjg.example")
        .json(&serde_json::json!({ "username": HOST, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(cookie.contains("; HttpOnly"), "{cookie}");
    app.stop().await;
}

#[tokio::test]
async fn plain_http_development_gets_no_hsts_and_no_secure_cookie() {
    for security in [unlimited(), https_public_url("http://localhost:8080")] {
        let app = spawn_app_configured(SiteMode::Api, security).await;
        host(&app).await;
        let res = app.get("/api/v1/schools").await;
        assert!(!res.headers().contains_key("strict-transport-security"));
        let res = app.login_raw(HOST, PASSWORD).await;
        assert_eq!(res.status(), 200);
        let cookie = res.headers()["set-cookie"].to_str().unwrap();
        assert!(!cookie.contains("Secure"), "{cookie}");
        app.stop().await;
    }
}

#[tokio::test]
async fn server_operator_disable_ends_their_sessions_at_once_and_refuses_their_login() {
    let app = spawn_app().await;
    host(&app).await;
    app.add_operator("wang.host", "host", &[]).await;
    let first = app.login(HOST).await;
    let second = app.login(HOST).await;
    let other = app.login("wang.host").await;
    server::dashboard::disable_operator(&app.database_url, " Chen.Li ")
        .await
        .unwrap();
    for session in [&first, &second] {
        error_of(
            app.ops(Some(session), "GET", "/api/v1/ops/me", None).await,
            401,
            "unauthorized",
        )
        .await;
    }
    // Refused exactly like a wrong password.
    let disabled = error_of(
        app.login_raw(HOST, PASSWORD).await,
        401,
        "invalid_credentials",
    )
    .await;
    let wrong = error_of(
        app.login_raw("wang.host", "not the password").await,
        401,
        "invalid_credentials",
    )
    .await;
    assert_eq!(disabled, wrong);
    // Other operators keep their sessions.
    app.ops_ok(&other, "GET", "/api/v1/ops/me", None).await;
    assert!(
        server::dashboard::disable_operator(&app.database_url, "nobody.here")
            .await
            .is_err()
    );
    app.stop().await;
}

#[tokio::test]
async fn server_operator_passwd_ends_their_sessions_and_only_the_new_password_works() {
    let app = spawn_app().await;
    host(&app).await;
    let session = app.login(HOST).await;
    assert!(
        server::dashboard::set_operator_password(&app.database_url, HOST, "short")
            .await
            .is_err(),
        "too short"
    );
    app.ops_ok(&session, "GET", "/api/v1/ops/me", None).await;
    // A slowed-down name (someone guessed) can log in with its new password at once.
    for _ in 0..5 {
        app.login_raw(HOST, "guess guess guess").await;
    }
    server::dashboard::set_operator_password(&app.database_url, HOST, NEW_PASSWORD)
        .await
        .unwrap();
    error_of(
        app.ops(Some(&session), "GET", "/api/v1/ops/me", None).await,
        401,
        "unauthorized",
    )
    .await;
    error_of(
        app.login_raw(HOST, PASSWORD).await,
        401,
        "invalid_credentials",
    )
    .await;
    let res = app.login_raw(HOST, NEW_PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert!(server::dashboard::set_operator_password(
        &app.database_url,
        "nobody.here",
        NEW_PASSWORD
    )
    .await
    .is_err());
    app.stop().await;
}

/// Runs the server binary's `operator …` command on the test app's database.
async fn operator_command(app: &TestApp, args: &[&str], password: &str) -> bool {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("operator")
        .args(args)
        .arg("--database-url")
        .arg(&app.database_url)
        .env("PORTAL_OPERATOR_PASSWORD", password)
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status()
        .await
        .expect("cannot run the server binary")
        .success()
}

#[tokio::test]
async fn the_binarys_operator_passwd_and_disable_commands_end_sessions() {
    let app = spawn_app().await;
    host(&app).await;
    let session = app.login(HOST).await;
    assert!(operator_command(&app, &["passwd", "--username", HOST], NEW_PASSWORD).await);
    error_of(
        app.ops(Some(&session), "GET", "/api/v1/ops/me", None).await,
        401,
        "unauthorized",
    )
    .await;
    let res = app.login_raw(HOST, NEW_PASSWORD).await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    let session = OpsSession {
        cookie: cookie.split(';').next().unwrap().to_owned(),
        username: HOST.to_owned(),
    };
    assert!(operator_command(&app, &["disable", "--username", HOST], "").await);
    error_of(
        app.ops(Some(&session), "GET", "/api/v1/ops/me", None).await,
        401,
        "unauthorized",
    )
    .await;
    error_of(
        app.login_raw(HOST, NEW_PASSWORD).await,
        401,
        "invalid_credentials",
    )
    .await;
    assert!(!operator_command(&app, &["disable", "--username", "nobody.here"], "").await);
    assert!(!operator_command(&app, &["passwd", "--username", HOST], "short").await);
    app.stop().await;
}
