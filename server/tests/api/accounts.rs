//! The village admin's accounts: creating one (its password shown once), resetting a password,
//! disabling an account; nobody else may.
use serde_json::{json, Value};

use crate::helpers::*;

async fn admin_and_host(app: &TestApp) -> (OpsSession, OpsSession) {
    app.add_operator("admin", "admin", &[]).await;
    app.add_operator("chen.li", "host", &[&format!("schools/{SCHOOL}")])
        .await;
    (app.login("admin").await, app.login("chen.li").await)
}

fn new_host() -> Value {
    json!({ "username": " Yam.Host ", "display_name": "Zhang family homestay", "role": "host",
            "listings": [{ "collection": "lodgings", "slug": LODGING }] })
}

async fn me(app: &TestApp, cookie: &str) -> reqwest::Response {
    app.client
        .get(app.url("/api/v1/ops/me"))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_admin_creates_an_account_whose_one_time_password_logs_in() {
    let app = spawn_app().await;
    let (admin, host) = admin_and_host(&app).await;
    for (method, path, body) in [
        ("GET", "/api/v1/ops/operators", None),
        ("POST", "/api/v1/ops/operators", Some(new_host())),
        ("POST", "/api/v1/ops/operators/chen.li/password", None),
        ("POST", "/api/v1/ops/operators/chen.li/disable", None),
    ] {
        let res = app.ops(Some(&host), method, path, body.as_ref()).await;
        error_of(res, 403, "forbidden").await;
    }
    let made = app
        .ops_ok(&admin, "POST", "/api/v1/ops/operators", Some(&new_host()))
        .await;
    assert_eq!(made["username"], "yam.host");
    let password = made["password"].as_str().unwrap();
    assert!(password.len() >= 16, "{password}");
    let res = app.login_raw("yam.host", password).await;
    assert_eq!(res.status(), 200);
    let list = app
        .ops_ok(&admin, "GET", "/api/v1/ops/operators", None)
        .await;
    let account = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["username"] == "yam.host")
        .expect("listed");
    assert_eq!(
        account["listings"],
        json!([{ "collection": "lodgings", "slug": LODGING }])
    );
    assert_eq!(account["disabled"], false);

    let res = app
        .ops(
            Some(&admin),
            "POST",
            "/api/v1/ops/operators",
            Some(&new_host()),
        )
        .await;
    error_of(res, 409, "username_taken").await;
    let mut bad = new_host();
    bad["username"] = json!("x");
    bad["role"] = json!("seller");
    let res = app
        .ops(Some(&admin), "POST", "/api/v1/ops/operators", Some(&bad))
        .await;
    let errors = error_of(res, 422, "invalid_fields").await;
    assert!(
        errors.contains_key("username") && errors.contains_key("listings"),
        "{errors:?}"
    );

    let audit = app.ops_ok(&admin, "GET", "/api/v1/ops/audit", None).await;
    assert!(audit
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["action"] == "operator.create" && a["operator"] == "admin"));
    app.stop().await;
}

#[tokio::test]
async fn a_reset_password_ends_the_old_one_and_a_disabled_account_is_out_at_once() {
    let app = spawn_app().await;
    let (admin, host) = admin_and_host(&app).await;
    let reset = app
        .ops_ok(
            &admin,
            "POST",
            "/api/v1/ops/operators/chen.li/password",
            None,
        )
        .await;
    assert_eq!(me(&app, &host.cookie).await.status(), 401, "sessions end");
    assert_eq!(app.login_raw("chen.li", PASSWORD).await.status(), 401);
    let fresh = app
        .login_raw("chen.li", reset["password"].as_str().unwrap())
        .await;
    assert_eq!(fresh.status(), 200);
    let cookie = fresh.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(me(&app, &cookie).await.status(), 200);

    let res = app
        .ops(
            Some(&admin),
            "POST",
            "/api/v1/ops/operators/chen.li/disable",
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(me(&app, &cookie).await.status(), 401, "its session ended");
    let list = app
        .ops_ok(&admin, "GET", "/api/v1/ops/operators", None)
        .await;
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["username"] == "chen.li" && a["disabled"] == true));
    let res = app
        .ops(
            Some(&admin),
            "POST",
            "/api/v1/ops/operators/nobody/disable",
            None,
        )
        .await;
    error_of(res, 404, "not_found").await;
    app.stop().await;
}
