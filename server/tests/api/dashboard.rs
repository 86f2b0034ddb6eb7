//! Operators: logging in and out, roles, and who may touch what on every dashboard endpoint.
use serde_json::{json, Value};

use crate::helpers::*;

const HOST: &str = "chen.li";
const OTHER_HOST: &str = "wang.host";
const SELLER: &str = "yam.coop";
const OTHER_SELLER: &str = "shoe.shop";
const FINANCE: &str = "finance";
const ADMIN: &str = "admin";
const BATCH: &str = "b-2026";

/// Operators of every role: a host and a seller owning the fixture's listings, a host and a
/// seller owning nothing of it, village finance and an admin.
async fn staff(app: &TestApp) {
    app.add_operator(
        HOST,
        "host",
        &[&format!("schools/{SCHOOL}"), &format!("lodgings/{LODGING}")],
    )
    .await;
    app.add_operator(OTHER_HOST, "host", &[]).await;
    app.add_operator(SELLER, "seller", &[&format!("products/{PRODUCT}")])
        .await;
    app.add_operator(OTHER_SELLER, "seller", &[]).await;
    app.add_operator(FINANCE, "finance", &[]).await;
    app.add_operator(ADMIN, "admin", &[]).await;
}

/// Every dashboard endpoint, with a body that would be valid, against real records.
fn endpoints(
    booking: &str,
    order: &str,
    pledge: &str,
    spending: u64,
) -> Vec<(&'static str, String, Option<Value>)> {
    let stage = json!({ "stage": "inspection", "date": today(), "place": { "zh": "县检测站", "en": "County lab" },
                        "who": { "zh": "检验员", "en": "Inspector" }, "note": { "zh": "合格", "en": "Passed" } });
    vec![
        ("GET", "/api/v1/ops/me".into(), None),
        ("GET", "/api/v1/ops/operators".into(), None),
        (
            "POST",
            "/api/v1/ops/operators".into(),
            Some(json!({ "username": "new.host", "display_name": "New host", "role": "host" })),
        ),
        ("POST", "/api/v1/ops/operators/nobody/password".into(), None),
        ("POST", "/api/v1/ops/operators/nobody/disable".into(), None),
        ("POST", "/api/v1/ops/logout".into(), None),
        ("GET", "/api/v1/ops/bookings".into(), None),
        ("GET", "/api/v1/ops/overview".into(), None),
        (
            "POST",
            format!("/api/v1/ops/bookings/{booking}/confirm"),
            None,
        ),
        (
            "POST",
            format!("/api/v1/ops/bookings/{booking}/decline"),
            Some(json!({ "reason": "Full" })),
        ),
        ("POST", format!("/api/v1/ops/bookings/{booking}/paid"), None),
        ("GET", "/api/v1/ops/orders".into(), None),
        ("POST", format!("/api/v1/ops/orders/{order}/paid"), None),
        (
            "POST",
            format!("/api/v1/ops/orders/{order}/fulfilled"),
            None,
        ),
        (
            "PATCH",
            format!("/api/v1/ops/sessions/{SESSION_OPEN}"),
            Some(json!({ "capacity": 25 })),
        ),
        (
            "POST",
            format!("/api/v1/ops/schools/{SCHOOL}/programs/{PROGRAM}/sessions"),
            Some(
                json!({ "first": days_from_today(30), "every_days": 7, "count": 2, "capacity": 8 }),
            ),
        ),
        (
            "POST",
            format!("/api/v1/ops/schools/{SCHOOL}/programs"),
            Some(program_request()),
        ),
        (
            "PUT",
            format!("/api/v1/ops/schools/{SCHOOL}/programs/{PROGRAM}"),
            Some(program_request()),
        ),
        (
            "POST",
            format!("/api/v1/ops/schools/{SCHOOL}/programs/taster/retire"),
            None,
        ),
        (
            "POST",
            format!("/api/v1/ops/lodgings/{LODGING}/closures"),
            Some(
                json!({ "from": days_from_today(50), "to": days_from_today(52), "reason": "Family visit" }),
            ),
        ),
        (
            "POST",
            format!("/api/v1/ops/lodgings/{LODGING}/closures/reopen"),
            Some(json!({ "from": days_from_today(50), "to": days_from_today(52) })),
        ),
        (
            "POST",
            format!("/api/v1/ops/sessions/{SESSION_OPEN}/move"),
            Some(json!({ "start": days_from_today(40) })),
        ),
        (
            "POST",
            format!("/api/v1/ops/sessions/{SESSION_OPEN}/cancel"),
            Some(json!({ "reason": "The master is away" })),
        ),
        (
            "PATCH",
            format!("/api/v1/ops/variants/{SKU}"),
            Some(json!({ "stock": 40 })),
        ),
        (
            "POST",
            format!("/api/v1/ops/products/{PRODUCT}/variants"),
            Some(
                json!({ "label": { "zh": "礼盒", "en": "Gift box" }, "price": 9_900, "stock": 4 }),
            ),
        ),
        (
            "PUT",
            format!("/api/v1/ops/products/{PRODUCT}/variants/{SKU}"),
            Some(
                json!({ "label": { "zh": "2 kg box（中文）", "en": "2 kg box" }, "price": 12_800, "stock": 30 }),
            ),
        ),
        (
            "POST",
            format!("/api/v1/ops/products/{PRODUCT}/variants/{SKU_SOLD_OUT}/retire"),
            None,
        ),
        (
            "PATCH",
            format!("/api/v1/ops/lodgings/{LODGING}/rooms/{ROOM}"),
            Some(json!({ "nightly": 20_000 })),
        ),
        (
            "POST",
            format!("/api/v1/ops/lodgings/{LODGING}/rooms"),
            Some(
                json!({ "name": { "zh": "家庭房", "en": "Family room" }, "beds": { "zh": "两张床", "en": "Two beds" },
                         "base_guests": 2, "max_guests": 4, "nightly": 26_000, "extra_person": 4_000 }),
            ),
        ),
        (
            "PUT",
            format!("/api/v1/ops/lodgings/{LODGING}/rooms/{ROOM}"),
            Some(
                json!({ "name": { "zh": "双人间", "en": "Double room" }, "beds": { "zh": "一张大床", "en": "One double bed" },
                         "base_guests": 2, "max_guests": 3, "nightly": 20_000, "extra_person": 5_000 }),
            ),
        ),
        (
            "PATCH",
            format!("/api/v1/ops/listings/schools/{SCHOOL}"),
            Some(json!({ "name": { "zh": "陈家拳馆", "en": "Chen Hall" } })),
        ),
        (
            "POST",
            format!("/api/v1/ops/batches/{BATCH}/stages"),
            Some(stage),
        ),
        (
            "POST",
            format!("/api/v1/ops/pledges/{pledge}/confirm"),
            Some(json!({ "channel": "bank transfer", "date": today() })),
        ),
        ("GET", "/api/v1/ops/spendings".into(), None),
        (
            "POST",
            "/api/v1/ops/spendings".into(),
            Some(
                json!({ "project": PROJECT, "amount": 50_000, "payee": "Tile works",
                                                                  "purpose": "Roof tiles", "date": today() }),
            ),
        ),
        (
            "POST",
            format!("/api/v1/ops/spendings/{spending}/approve"),
            None,
        ),
        (
            "POST",
            format!("/api/v1/ops/spendings/{spending}/pay"),
            None,
        ),
        (
            "POST",
            "/api/v1/ops/ledger/corrections".into(),
            Some(json!({ "corrects": 1, "amount": -100, "date": today(), "note": "Typo" })),
        ),
        ("GET", "/api/v1/ops/ledger/corrections".into(), None),
        (
            "POST",
            "/api/v1/ops/ledger/corrections/1/approve".into(),
            None,
        ),
        ("GET", "/api/v1/ops/audit".into(), None),
        ("GET", "/api/v1/ops/live".into(), None),
        ("GET", "/api/v1/ops/notices/failing".into(), None),
        (
            "GET",
            format!("/api/v1/ops/listings/lodgings/{LODGING}/photos"),
            None,
        ),
        (
            "POST",
            format!("/api/v1/ops/listings/lodgings/{LODGING}/photos"),
            None,
        ),
        (
            "PUT",
            format!("/api/v1/ops/listings/lodgings/{LODGING}/photos"),
            Some(json!([])),
        ),
    ]
}

/// A programme as a host would describe it.
pub fn program_request() -> Value {
    json!({ "name": { "zh": "三日强化班", "en": "Three-day intensive" },
            "description": { "zh": "三天学完老架一路前半段。", "en": "The first half of the old frame in three days." },
            "days": 3, "level": "beginner", "price_per_person": 120_000,
            "includes_board": true, "includes_lodging": false })
}

#[tokio::test]
async fn every_operator_endpoint_answers_401_without_a_session() {
    let app = spawn_app().await;
    let booking = app.book_session(SESSION_OPEN, 1).await;
    let order = app.place_order(&[(SKU, 1)]).await;
    let pledge = app.pledge(10_000).await;
    let list = endpoints(
        booking["reference"].as_str().unwrap(),
        order["reference"].as_str().unwrap(),
        pledge["reference"].as_str().unwrap(),
        1,
    );
    let forged = OpsSession {
        cookie: "cjg_ops=not-a-session".into(),
        username: "nobody".into(),
    };
    for (method, path, body) in &list {
        for session in [None, Some(&forged)] {
            let res = app.ops(session, method, path, body.as_ref()).await;
            error_of(res, 401, "unauthorized").await;
        }
    }
    // The list above is every operator endpoint the API documents (but logging in).
    let doc = app.get_json("/api/v1/openapi.json").await;
    for (path, methods) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/ops/") || path == "/api/v1/ops/login" {
            continue;
        }
        for method in methods.as_object().unwrap().keys() {
            let pattern = regex_like(path);
            assert!(
                list.iter()
                    .any(|(m, p, _)| m.eq_ignore_ascii_case(method) && pattern(p)),
                "{method} {path} is not walked"
            );
        }
    }
    app.stop().await;
}

/// An empty list, or an overview with nothing in it.
fn sees_nothing(body: &Value) -> bool {
    match body {
        Value::Array(items) => items.is_empty(),
        Value::Object(fields) => fields.iter().all(|(name, value)| match value {
            Value::Array(items) => items.is_empty(),
            Value::Number(n) => n.as_u64() == Some(0),
            _ => name == "today",
        }),
        _ => false,
    }
}

/// Matches a concrete path against an OpenAPI template (`{x}` matches one segment).
fn regex_like(template: &str) -> impl Fn(&str) -> bool + '_ {
    move |path: &str| {
        let t: Vec<&str> = template.split('/').collect();
        let p: Vec<&str> = path.split('/').collect();
        t.len() == p.len()
            && t.iter()
                .zip(&p)
                .all(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t == p)
    }
}

#[tokio::test]
async fn operators_cannot_touch_what_another_operator_owns_or_their_role_does_not_cover() {
    let app = spawn_app().await;
    staff(&app).await;
    let booking = app.book_session(SESSION_OPEN, 2).await;
    let order = app.place_order(&[(SKU, 1)]).await;
    let pledge = app.pledge(10_000).await;
    let finance = app.login(FINANCE).await;
    let spending = app
        .ops_ok(
            &finance,
            "POST",
            "/api/v1/ops/spendings",
            Some(&json!({ "project": PROJECT, "amount": 50_000, "payee": "Tile works", "purpose": "Tiles", "date": today() })),
        )
        .await;
    let list = endpoints(
        booking["reference"].as_str().unwrap(),
        order["reference"].as_str().unwrap(),
        pledge["reference"].as_str().unwrap(),
        spending["id"].as_u64().unwrap(),
    );
    // Which operator may use which endpoint: the role's area, and only for what they own.
    let other_host = app.login(OTHER_HOST).await;
    let other_seller = app.login(OTHER_SELLER).await;
    let host = app.login(HOST).await;
    let seller = app.login(SELLER).await;
    for (method, path, body) in &list {
        if path.ends_with("/logout") {
            continue;
        }
        let area = if path.contains("/bookings")
            || path.ends_with("/overview")
            || path.contains("/sessions/")
            || path.contains("/ops/schools/")
            || path.contains("/lodgings/")
        {
            "host"
        } else if path.contains("/orders")
            || path.contains("/variants")
            || path.contains("/batches/")
        {
            "seller"
        } else if path.contains("/listings/") {
            "listing"
        } else if path.contains("/pledges/")
            || path.contains("/spendings")
            || path.contains("/ledger/")
        {
            "finance"
        } else {
            "anyone"
        };
        // A listing's photos are one listing's, even to read.
        let acts_on_one = *method != "GET" || path.ends_with("/photos");
        for (who, role) in [
            (&other_host, "host"),
            (&other_seller, "seller"),
            (&host, "host"),
            (&seller, "seller"),
            (&finance, "finance"),
        ] {
            let may_use_area = match area {
                "host" => role == "host",
                "seller" => role == "seller",
                "listing" => role == "host" || role == "seller",
                "finance" => role == "finance",
                _ => true,
            };
            let owner = [HOST, SELLER, FINANCE].contains(&who.username.as_str());
            if may_use_area && (owner || area == "anyone") {
                continue; // allowed: the happy paths have their own tests
            }
            let res = app.ops(Some(who), method, path, body.as_ref()).await;
            let status = res.status().as_u16();
            if !may_use_area {
                assert_eq!(status, 403, "{method} {path} as {}", who.username);
                error_of(res, 403, "forbidden").await;
            } else if acts_on_one {
                assert_eq!(status, 404, "{method} {path} as {}", who.username);
                error_of(res, 404, "not_found").await;
            } else {
                // They see nothing of what others own.
                assert_eq!(status, 200, "{method} {path} as {}", who.username);
                let body: Value = res.json().await.unwrap();
                assert!(
                    sees_nothing(&body),
                    "{method} {path} as {}: {body}",
                    who.username
                );
            }
        }
    }
    // A seller's listing text is out of a host's reach, and the other way round.
    let res = app
        .ops(
            Some(&host),
            "PATCH",
            &format!("/api/v1/ops/listings/products/{PRODUCT}"),
            Some(&json!({ "name": { "zh": "铁棍山药", "en": "Yam" } })),
        )
        .await;
    assert_eq!(res.status(), 404);
    // Nothing was changed by all those refused requests.
    let visitor = app
        .get_ticket_json(
            &format!(
                "/api/v1/bookings/{}",
                booking["reference"].as_str().unwrap()
            ),
            booking["pin"].as_str().unwrap(),
        )
        .await;
    assert_eq!(visitor["status"], "requested");
    assert_eq!(app.stock(SKU).await, 24);
    app.stop().await;
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_strict_and_secure_over_https() {
    let app = spawn_app().await;
    staff(&app).await;
    let res = app.login_raw(HOST, PASSWORD).await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("cjg_ops="), "{cookie}");
    assert!(cookie.contains("; HttpOnly"), "{cookie}");
    assert!(cookie.contains("; SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("; Path=/api/v1/ops"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["username"], HOST);
    assert_eq!(me["role"], "host");
    assert_eq!(me["listings"].as_array().unwrap().len(), 2);

    let res = app
        .client
        .post(app.url("/api/v1/ops/login"))
        .header("X-Forwarded-Proto", "https")
        .json(&json!({ "username": HOST, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
    app.stop().await;
}

#[tokio::test]
async fn a_wrong_password_or_unknown_name_is_refused_alike_and_logout_ends_the_session() {
    let app = spawn_app().await;
    staff(&app).await;
    let wrong = error_of(
        app.login_raw(HOST, "not the password").await,
        401,
        "invalid_credentials",
    )
    .await;
    let unknown = error_of(
        app.login_raw("nobody", PASSWORD).await,
        401,
        "invalid_credentials",
    )
    .await;
    assert_eq!(wrong, unknown);

    let session = app.login(HOST).await;
    let me = app.ops_ok(&session, "GET", "/api/v1/ops/me", None).await;
    assert_eq!(me["display_name"], format!("{HOST} (test)"));
    let res = app
        .ops(Some(&session), "POST", "/api/v1/ops/logout", None)
        .await;
    assert_eq!(res.status(), 204);
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    error_of(
        app.ops(Some(&session), "GET", "/api/v1/ops/me", None).await,
        401,
        "unauthorized",
    )
    .await;
    app.stop().await;
}

#[tokio::test]
async fn repeated_failed_logins_slow_the_account_down_even_for_the_right_password() {
    let app = spawn_app().await;
    staff(&app).await;
    for _ in 0..5 {
        error_of(
            app.login_raw(FINANCE, "guess guess guess").await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    let res = app.login_raw(FINANCE, PASSWORD).await;
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&retry), "{retry}");
    error_of(res, 429, "login_throttled").await;
    // Another account is not slowed.
    app.login(HOST).await;
    app.stop().await;
}

#[tokio::test]
async fn a_host_confirms_and_declines_bookings_and_the_visitor_sees_it() {
    let app = spawn_app().await;
    staff(&app).await;
    let host = app.login(HOST).await;
    let kept = app.book_session(SESSION_OPEN, 2).await;
    let refused = app.book_session(SESSION_OPEN, 3).await;
    assert_eq!(app.booked(SESSION_OPEN).await, 10);
    let visitor_view = |b: &Value| {
        (
            format!("/api/v1/bookings/{}", b["reference"].as_str().unwrap()),
            b["pin"].as_str().unwrap().to_owned(),
        )
    };

    let list = app.ops_ok(&host, "GET", "/api/v1/ops/bookings", None).await;
    let refs: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["reference"].as_str().unwrap())
        .collect();
    assert!(refs.contains(&kept["reference"].as_str().unwrap()));
    assert_eq!(list[0]["contact"]["name"], "Li Wei", "hosts see who booked");

    let kept_ref = kept["reference"].as_str().unwrap();
    let res = app
        .ops(
            Some(&host),
            "POST",
            &format!("/api/v1/ops/bookings/{kept_ref}/paid"),
            None,
        )
        .await;
    error_of(res, 409, "not_confirmed").await;
    let confirmed = app
        .ops_ok(
            &host,
            "POST",
            &format!("/api/v1/ops/bookings/{kept_ref}/confirm"),
            None,
        )
        .await;
    assert_eq!(confirmed["status"], "confirmed");
    let (path, pin) = visitor_view(&kept);
    let seen = app.get_ticket_json(&path, &pin).await;
    assert_eq!(seen["status"], "confirmed");
    assert!(seen["confirmed_at"].is_string());
    assert!(seen.get("pin").is_none());
    let paid = app
        .ops_ok(
            &host,
            "POST",
            &format!("/api/v1/ops/bookings/{kept_ref}/paid"),
            None,
        )
        .await;
    assert!(paid["paid_at"].is_string());

    let refused_ref = refused["reference"].as_str().unwrap();
    let res = app
        .ops(
            Some(&host),
            "POST",
            &format!("/api/v1/ops/bookings/{refused_ref}/decline"),
            Some(&json!({ "reason": " " })),
        )
        .await;
    error_of(res, 422, "invalid_fields").await;
    let reason = "我们那周满了 — we are full that week, sorry";
    app.ops_ok(
        &host,
        "POST",
        &format!("/api/v1/ops/bookings/{refused_ref}/decline"),
        Some(&json!({ "reason": reason })),
    )
    .await;
    let (path, pin) = visitor_view(&refused);
    let seen = app.get_ticket_json(&path, &pin).await;
    assert_eq!(seen["status"], "cancelled");
    assert_eq!(seen["decline_reason"], reason);
    assert_eq!(seen["refund"], seen["price"]);
    assert_eq!(
        app.booked(SESSION_OPEN).await,
        7,
        "the declined places are free again"
    );
    let res = app
        .ops(
            Some(&host),
            "POST",
            &format!("/api/v1/ops/bookings/{refused_ref}/confirm"),
            None,
        )
        .await;
    error_of(res, 409, "booking_cancelled").await;

    let audit = app.ops_ok(&host, "GET", "/api/v1/ops/audit", None).await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "booking.decline",
            "booking.paid",
            "booking.confirm",
            "session.login"
        ]
    );
    let decline = &audit[0];
    assert_eq!(decline["operator"], HOST);
    assert_eq!(decline["target"], format!("booking/{refused_ref}"));
    assert_eq!(decline["before"]["status"], "requested");
    assert_eq!(decline["after"]["status"], "cancelled");
    assert_eq!(decline["after"]["decline_reason"], reason);
    assert!(decline["at"].is_string());
    app.stop().await;
}

#[tokio::test]
async fn a_seller_marks_orders_paid_and_fulfilled() {
    let app = spawn_app().await;
    staff(&app).await;
    let seller = app.login(SELLER).await;
    let order = app.place_order(&[(SKU, 2)]).await;
    let reference = order["reference"].as_str().unwrap();
    let list = app.ops_ok(&seller, "GET", "/api/v1/ops/orders", None).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let paid = app
        .ops_ok(
            &seller,
            "POST",
            &format!("/api/v1/ops/orders/{reference}/paid"),
            None,
        )
        .await;
    assert!(paid["paid_at"].is_string());
    let done = app
        .ops_ok(
            &seller,
            "POST",
            &format!("/api/v1/ops/orders/{reference}/fulfilled"),
            None,
        )
        .await;
    assert!(done["fulfilled_at"].is_string());
    assert_eq!(done["status"], "placed");
    let pin = order["pin"].as_str().unwrap();
    let seen = app
        .get_ticket_json(&format!("/api/v1/orders/{reference}"), pin)
        .await;
    assert!(seen["paid_at"].is_string() && seen["fulfilled_at"].is_string());
    let res = app
        .post(
            &format!("/api/v1/orders/{reference}/cancel"),
            &unique_key(),
            &json!({ "pin": pin }),
        )
        .await;
    error_of(res, 409, "already_fulfilled").await;
    assert_eq!(app.stock(SKU).await, 23, "the stock stays sold");
    app.stop().await;
}

#[tokio::test]
async fn operators_edit_capacity_prices_stock_text_and_batch_stages_and_the_public_listings_follow()
{
    let app = spawn_app().await;
    staff(&app).await;
    let host = app.login(HOST).await;
    let seller = app.login(SELLER).await;

    let res = app
        .ops(
            Some(&host),
            "PATCH",
            &format!("/api/v1/ops/sessions/{SESSION_OPEN}"),
            Some(&json!({ "capacity": 4 })),
        )
        .await;
    let errors = error_of(res, 422, "invalid_fields").await;
    assert!(errors.contains_key("capacity"), "below the 5 booked");
    app.ops_ok(
        &host,
        "PATCH",
        &format!("/api/v1/ops/sessions/{SESSION_OPEN}"),
        Some(&json!({ "capacity": 6 })),
    )
    .await;
    let school = app.get_json(&format!("/api/v1/schools/{SCHOOL}")).await;
    let session = school["programs"][0]["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == SESSION_OPEN)
        .unwrap()
        .clone();
    assert_eq!(session["capacity"], 6);
    let res = app
        .post(
            "/api/v1/bookings",
            &unique_key(),
            &session_booking(SESSION_OPEN, 2),
        )
        .await;
    assert_eq!(res.status(), 409, "only 1 place left");

    app.ops_ok(
        &host,
        "PATCH",
        &format!("/api/v1/ops/lodgings/{LODGING}/rooms/{ROOM}"),
        Some(&json!({ "nightly": 22_000 })),
    )
    .await;
    let lodging = app.get_json(&format!("/api/v1/lodgings/{LODGING}")).await;
    assert_eq!(lodging["rooms"][0]["nightly"], 22_000);
    assert_eq!(lodging["rooms"][0]["extra_person"], 5_000);

    app.ops_ok(
        &seller,
        "PATCH",
        &format!("/api/v1/ops/variants/{SKU}"),
        Some(&json!({ "stock": 3 })),
    )
    .await;
    assert_eq!(app.stock(SKU).await, 3);

    let name = json!({ "zh": "陈家拳馆", "en": "Chen Family Hall of Taijiquan" });
    app.ops_ok(
        &host,
        "PATCH",
        &format!("/api/v1/ops/listings/schools/{SCHOOL}"),
        Some(&json!({ "name": name, "story": { "zh": "五代人", "en": "Five generations" } })),
    )
    .await;
    let school = app.get_json(&format!("/api/v1/schools/{SCHOOL}")).await;
    assert_eq!(school["name"], name);
    assert_eq!(school["story"]["en"], "Five generations");
    let res = app
        .ops(
            Some(&host),
            "PATCH",
            &format!("/api/v1/ops/listings/schools/{SCHOOL}"),
            Some(&json!({ "name": { "zh": "陈家拳馆", "en": "" } })),
        )
        .await;
    let errors = error_of(res, 422, "invalid_fields").await;
    assert!(errors.contains_key("name.en"));

    let stage = json!({ "stage": "inspection", "date": today(), "place": { "zh": "县检测站", "en": "County lab" },
                        "who": { "zh": "检验员", "en": "Inspector" }, "note": { "zh": "合格", "en": "Passed" } });
    app.ops_ok(
        &seller,
        "POST",
        &format!("/api/v1/ops/batches/{BATCH}/stages"),
        Some(&stage),
    )
    .await;
    let batch = app.get_json(&format!("/api/v1/batches/{BATCH}")).await;
    let stages = batch["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 4);
    assert_eq!(stages.last().unwrap()["stage"], "inspection");

    let admin = app.login(ADMIN).await;
    let audit = app.ops_ok(&admin, "GET", "/api/v1/ops/audit", None).await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    for action in [
        "session.capacity",
        "room.prices",
        "variant.stock",
        "listing.text",
        "batch.stage",
    ] {
        assert!(
            actions.contains(&action),
            "{action} not audited: {actions:?}"
        );
    }
    let capacity = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "session.capacity")
        .unwrap();
    assert_eq!(capacity["before"]["capacity"], 20);
    assert_eq!(capacity["after"]["capacity"], 6);
    // The host sees only their own lines.
    let own = app.ops_ok(&host, "GET", "/api/v1/ops/audit", None).await;
    assert!(own
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["operator"] == HOST));
    app.stop().await;
}

#[tokio::test]
async fn markup_from_visitors_and_operators_comes_back_as_inert_json_strings() {
    let app = spawn_app().await;
    staff(&app).await;
    let host = app.login(HOST).await;
    let script = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";
    let mut booking = session_booking(SESSION_OPEN, 1);
    booking["note"] = json!(script);
    let res = app.post("/api/v1/bookings", &unique_key(), &booking).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["note"], script);
    let name = json!({ "zh": script, "en": script });
    let res = app
        .ops(
            Some(&host),
            "PATCH",
            &format!("/api/v1/ops/listings/schools/{SCHOOL}"),
            Some(&json!({ "name": name })),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app.get(&format!("/api/v1/schools/{SCHOOL}")).await;
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let text = res.text().await.unwrap();
    let school: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(school["name"]["en"], script, "stored as typed");
    let list = app.ops_ok(&host, "GET", "/api/v1/ops/bookings", None).await;
    assert!(list.as_array().unwrap().iter().any(|b| b["note"] == script));
    app.stop().await;
}

#[tokio::test]
async fn server_operator_add_checks_roles_listings_and_passwords() {
    let app = spawn_app().await;
    let data = app.dir.path().join("data");
    let add = |name: &'static str, role, listings: Vec<String>, password: &'static str| {
        let url = app.database_url.clone();
        let data = data.clone();
        async move {
            server::dashboard::add_operator(&url, &data, name, "Chen Li", role, &listings, password)
                .await
        }
    };
    use model::staff::Role;
    add(
        "chen.li",
        Role::Host,
        vec![format!("schools/{SCHOOL}")],
        PASSWORD,
    )
    .await
    .unwrap();
    assert!(
        add("chen.li", Role::Host, vec![], PASSWORD).await.is_err(),
        "name taken"
    );
    assert!(
        add(
            "shop",
            Role::Seller,
            vec![format!("schools/{SCHOOL}")],
            PASSWORD
        )
        .await
        .is_err(),
        "a seller owns products"
    );
    assert!(
        add(
            "ghost",
            Role::Host,
            vec!["schools/no-such-hall".into()],
            PASSWORD
        )
        .await
        .is_err(),
        "no such listing"
    );
    assert!(
        add("short", Role::Finance, vec![], "taichi").await.is_err(),
        "password too short"
    );
    let session = app.login("chen.li").await;
    let me = app.ops_ok(&session, "GET", "/api/v1/ops/me", None).await;
    assert_eq!(
        me["listings"],
        json!([{ "collection": "schools", "slug": SCHOOL }])
    );
    app.stop().await;
}

#[tokio::test]
async fn a_hosts_list_is_filtered_by_owner_before_it_is_paged() {
    let app = spawn_app().await;
    app.add_operator("school.host", "host", &[&format!("schools/{SCHOOL}")])
        .await;
    let host = app.login("school.host").await;
    // Someone else's lodging gets a flood of requests, sooner than the school's sessions.
    for i in 0..40 {
        let res = app
            .post(
                "/api/v1/bookings",
                &unique_key(),
                &room_booking(2 + i, 1, 2),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let mine: Vec<String> = [SESSION_OPEN, SESSION_RACE, SESSION_STREAM]
        .iter()
        .map(|s| async {
            app.book_session(s, 1).await["reference"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect::<futures::future::JoinAll<_>>()
        .await;
    let refs = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|b| b["reference"].as_str().unwrap().to_owned())
            .collect()
    };
    let first = app
        .ops_ok(&host, "GET", "/api/v1/ops/bookings?limit=2", None)
        .await;
    let second = app
        .ops_ok(&host, "GET", "/api/v1/ops/bookings?limit=2&offset=2", None)
        .await;
    let mut seen = refs(&first);
    assert_eq!(seen.len(), 2);
    seen.extend(refs(&second));
    assert_eq!(seen.len(), 3);
    let mut expected = mine.clone();
    expected.sort();
    seen.sort();
    assert_eq!(seen, expected, "only the host's own, all of them");
    let res = app
        .ops(Some(&host), "GET", "/api/v1/ops/bookings?limit=nope", None)
        .await;
    error_of(res, 422, "invalid_fields").await;
    app.stop().await;
}

/// References in a list of bookings.
fn references(list: &Value) -> Vec<String> {
    let mut refs: Vec<String> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|b| b["reference"].as_str().unwrap().to_owned())
        .collect();
    refs.sort();
    refs
}

/// The references `who` finds with `query` on their bookings list.
async fn found(app: &TestApp, who: &OpsSession, query: &str) -> Vec<String> {
    let path = format!("/api/v1/ops/bookings?{query}");
    references(&app.ops_ok(who, "GET", &path, None).await)
}

/// Books the double room from `from` days ahead for `nights` nights; its reference.
async fn book_room(app: &TestApp, from: i64, nights: i64) -> String {
    let res = app
        .post(
            "/api/v1/bookings",
            &unique_key(),
            &room_booking(from, nights, 2),
        )
        .await;
    assert_eq!(res.status(), 201, "room from day {from}");
    let body: Value = res.json().await.unwrap();
    body["reference"].as_str().unwrap().to_owned()
}

/// Moves a one-night stay to last night, as if it had been booked before (the API books no
/// past nights).
async fn move_stay_to_last_night(app: &TestApp, reference: &str) {
    let code = model::Reference::parse(reference)
        .unwrap()
        .code()
        .to_owned();
    let yesterday = days_from_today(-1).to_string();
    let mut db = app.db().await;
    sqlx::query("UPDATE room_night SET night = $1 WHERE booking_id = (SELECT id FROM booking WHERE reference = $2)")
        .bind(&yesterday)
        .bind(&code)
        .execute(&mut db)
        .await
        .unwrap();
    sqlx::query("UPDATE booking SET start = $1 WHERE reference = $2")
        .bind(&yesterday)
        .bind(&code)
        .execute(&mut db)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_hosts_overview_counts_waiting_requests_and_shows_today_and_ahead_of_their_own_listings_only(
) {
    let app = spawn_app().await;
    staff(&app).await;
    let arriving = book_room(&app, 0, 2).await;
    let leaving = book_room(&app, 3, 1).await;
    move_stay_to_last_night(&app, &leaving).await;
    let later = book_room(&app, 5, 1).await;
    let school = app.book_session(SESSION_OPEN, 2).await;
    let host = app.login(HOST).await;
    app.ops_ok(
        &host,
        "POST",
        &format!("/api/v1/ops/bookings/{later}/confirm"),
        None,
    )
    .await;

    let overview = app.ops_ok(&host, "GET", "/api/v1/ops/overview", None).await;
    assert_eq!(overview["today"], json!(today()));
    // Arriving today, leaving today and the school's request wait; the confirmed stay not.
    assert_eq!(overview["waiting"], 3, "{overview}");
    assert_eq!(references(&overview["arrivals"]), vec![arriving.clone()]);
    assert_eq!(references(&overview["departures"]), vec![leaving.clone()]);
    let nights: Vec<(String, String, String)> = overview["nights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["night"].as_str().unwrap().to_owned(),
                n["reference"].as_str().unwrap().to_owned(),
                n["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let on = |d: i64| days_from_today(d).to_string();
    assert_eq!(
        nights,
        [
            (on(0), arriving.clone(), "requested".to_owned()),
            (on(1), arriving.clone(), "requested".to_owned()),
            (on(5), later.clone(), "confirmed".to_owned()),
        ],
        "from today on: last night is not shown"
    );
    let sessions = overview["sessions"].as_array().unwrap();
    assert!(
        sessions
            .iter()
            .all(|s| s["start"].as_str().unwrap() >= on(0).as_str()),
        "no session that has started: {overview}"
    );
    let open = sessions
        .iter()
        .find(|s| s["session"] == SESSION_OPEN)
        .expect("the open session");
    assert_eq!(
        (&open["capacity"], &open["booked"], &open["requested"]),
        (&json!(20), &json!(7), &json!(2)),
        "the fixture's 5 places and this request's 2"
    );
    assert_eq!(open["school"], SCHOOL);
    assert_eq!(open["program"], PROGRAM);
    assert!(school["reference"].is_string());

    // Another host sees none of it; a seller may not ask; a stranger must log in.
    let other = app.login(OTHER_HOST).await;
    let theirs = app
        .ops_ok(&other, "GET", "/api/v1/ops/overview", None)
        .await;
    assert!(sees_nothing(&theirs), "{theirs}");
    let seller = app.login(SELLER).await;
    let res = app
        .ops(Some(&seller), "GET", "/api/v1/ops/overview", None)
        .await;
    error_of(res, 403, "forbidden").await;
    let res = app.ops(None, "GET", "/api/v1/ops/overview", None).await;
    error_of(res, 401, "unauthorized").await;
    app.stop().await;
}

#[tokio::test]
async fn a_host_finds_bookings_by_reference_name_or_phone_and_filters_them_by_status() {
    let app = spawn_app().await;
    staff(&app).await;
    app.add_operator("school.host", "host", &[&format!("schools/{SCHOOL}")])
        .await;
    let anna = book_room(&app, 4, 2).await; // Anna, +49 170 1234567
    let li = app.book_session(SESSION_OPEN, 1).await["reference"] // Li Wei, 138 0013 8000
        .as_str()
        .unwrap()
        .to_owned();
    let mut wang = session_booking(SESSION_RACE, 2);
    wang["contact"] = json!({ "name": "王芳", "phone": "139-0000-1111" });
    let res = app.post("/api/v1/bookings", &unique_key(), &wang).await;
    assert_eq!(res.status(), 201);
    let wang: String = res.json::<Value>().await.unwrap()["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let host = app.login(HOST).await;
    let mut all = vec![anna.clone(), li.clone(), wang.clone()];
    all.sort();
    assert_eq!(found(&app, &host, "").await, all);
    // A reference as the visitor reads it out: any case, dashes, with or without CJG.
    let spoken = anna.to_lowercase();
    assert_eq!(
        found(&app, &host, &format!("q={spoken}")).await,
        vec![anna.clone()]
    );
    let code = model::Reference::parse(&anna).unwrap().code().to_owned();
    assert!(found(&app, &host, &format!("q={}", &code[..4]))
        .await
        .contains(&anna));
    // A name in any case, in either script.
    assert_eq!(found(&app, &host, "q=ANNA").await, vec![anna.clone()]);
    assert_eq!(
        found(&app, &host, "q=%E7%8E%8B").await,
        vec![wang.clone()],
        "王"
    );
    // A phone number by its digits, however it is spaced.
    assert_eq!(
        found(&app, &host, "q=0000%201111").await,
        vec![wang.clone()]
    );
    assert_eq!(found(&app, &host, "q=%2B49-170").await, vec![anna.clone()]);
    assert_eq!(found(&app, &host, "q=0013%208000").await, vec![li.clone()]);
    // LIKE's wildcards are read as the characters they are.
    assert!(found(&app, &host, "q=%25").await.is_empty());
    assert!(found(&app, &host, "q=_").await.is_empty());

    app.ops_ok(
        &host,
        "POST",
        &format!("/api/v1/ops/bookings/{li}/confirm"),
        None,
    )
    .await;
    assert_eq!(
        found(&app, &host, "status=confirmed").await,
        vec![li.clone()]
    );
    let mut waiting = vec![anna.clone(), wang.clone()];
    waiting.sort();
    assert_eq!(found(&app, &host, "status=requested").await, waiting);
    assert_eq!(
        found(&app, &host, "status=requested&q=wei").await,
        Vec::<String>::new()
    );
    assert!(found(&app, &host, "status=cancelled").await.is_empty());
    let res = app
        .ops(Some(&host), "GET", "/api/v1/ops/bookings?status=paid", None)
        .await;
    error_of(res, 422, "invalid_fields").await;

    // Another operator's bookings never come up, however they are searched for.
    let school_host = app.login("school.host").await;
    assert!(found(&app, &school_host, "q=anna").await.is_empty());
    assert!(found(&app, &school_host, &format!("q={anna}"))
        .await
        .is_empty());
    assert_eq!(
        found(&app, &school_host, "q=%E7%8E%8B").await,
        vec![wang.clone()]
    );
    let other = app.login(OTHER_HOST).await;
    assert!(found(&app, &other, "q=1").await.is_empty());
    assert!(found(&app, &other, "status=requested").await.is_empty());
    let res = app
        .ops(None, "GET", "/api/v1/ops/bookings?q=anna", None)
        .await;
    error_of(res, 401, "unauthorized").await;
    app.stop().await;
}
