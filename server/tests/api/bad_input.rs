//! Every kind of bad request gets a 4xx JSON error and changes nothing.
use serde_json::{json, Value};

use crate::helpers::*;

/// What a bad request could have changed.
async fn state_of(app: &TestApp) -> (Value, Value, Value) {
    (
        app.get_json("/api/v1/schools").await,
        app.get_json("/api/v1/products").await,
        app.get_json("/api/v1/projects").await,
    )
}

async fn nights_taken(app: &TestApp) -> usize {
    let a = app
        .get_json(&format!(
            "/api/v1/lodgings/{LODGING}/availability?check_in={}&check_out={}",
            days_from_today(1),
            days_from_today(30)
        ))
        .await;
    a["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["taken_nights"].as_array().unwrap().len())
        .sum()
}

fn with(mut body: Value, field: &str, value: Value) -> Value {
    body[field] = value;
    body
}

fn without(mut body: Value, field: &str) -> Value {
    body.as_object_mut().unwrap().remove(field);
    body
}

#[tokio::test]
async fn bad_booking_requests_are_refused_field_by_field_and_change_nothing() {
    let app = spawn_app().await;
    let before = state_of(&app).await;
    let session = session_booking(SESSION_OPEN, 2);
    let room = room_booking(5, 2, 2);
    let long_name = json!({ "name": "陈".repeat(61), "phone": "13800138000" });
    let cases: Vec<(&str, Value, u16, &str, &str)> = vec![
        (
            "wrong type",
            with(session.clone(), "party", json!("two")),
            422,
            "invalid_body",
            "party",
        ),
        (
            "negative",
            with(session.clone(), "party", json!(-1)),
            422,
            "invalid_body",
            "party",
        ),
        (
            "unknown field",
            with(session.clone(), "coupon", json!("FREE")),
            422,
            "invalid_body",
            "coupon",
        ),
        (
            "unknown kind",
            with(session.clone(), "kind", json!("spa")),
            422,
            "invalid_body",
            "kind",
        ),
        (
            "missing contact",
            without(session.clone(), "contact"),
            422,
            "invalid_body",
            "contact",
        ),
        (
            "missing party",
            without(session.clone(), "party"),
            422,
            "invalid_fields",
            "party",
        ),
        (
            "over-long name",
            with(session.clone(), "contact", long_name),
            422,
            "invalid_fields",
            "contact.name",
        ),
        (
            "over-long note",
            with(session.clone(), "note", json!("x".repeat(501))),
            422,
            "invalid_fields",
            "note",
        ),
        (
            "bad phone",
            with(
                session.clone(),
                "contact",
                json!({ "name": "Li", "phone": "call me" }),
            ),
            422,
            "invalid_fields",
            "contact.phone",
        ),
        (
            "party of zero",
            with(session.clone(), "party", json!(0)),
            422,
            "invalid_fields",
            "party",
        ),
        (
            "party above capacity",
            with(session.clone(), "party", json!(21)),
            422,
            "invalid_fields",
            "party",
        ),
        (
            "unknown school",
            with(session.clone(), "school", json!("nope")),
            422,
            "invalid_fields",
            "school",
        ),
        (
            "unknown session",
            with(session.clone(), "session", json!("nope")),
            422,
            "invalid_fields",
            "session",
        ),
        (
            "started session",
            with(session.clone(), "session", json!(SESSION_STARTED)),
            422,
            "invalid_fields",
            "session",
        ),
        (
            "past check-in",
            with(room.clone(), "check_in", json!(days_from_today(-1))),
            422,
            "invalid_fields",
            "check_in",
        ),
        (
            "check-out before check-in",
            with(room.clone(), "check_out", json!(days_from_today(4))),
            422,
            "invalid_fields",
            "check_out",
        ),
        (
            "not a date",
            with(room.clone(), "check_in", json!("tomorrow")),
            422,
            "invalid_body",
            "check_in",
        ),
        (
            "too many guests",
            with(room.clone(), "guests", json!(4)),
            422,
            "invalid_fields",
            "guests",
        ),
        (
            "no guests",
            with(room.clone(), "guests", json!(0)),
            422,
            "invalid_fields",
            "guests",
        ),
        (
            "unknown lodging",
            with(room.clone(), "lodging", json!("nope")),
            422,
            "invalid_fields",
            "lodging",
        ),
        (
            "unknown room",
            with(room.clone(), "room", json!("attic")),
            422,
            "invalid_fields",
            "room",
        ),
        (
            "mixed kinds",
            with(room.clone(), "party", json!(2)),
            422,
            "invalid_fields",
            "party",
        ),
    ];
    for (case, body, status, code, field) in cases {
        let res = app.post("/api/v1/bookings", &unique_key(), &body).await;
        assert_eq!(res.status().as_u16(), status, "{case}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], code, "{case}: {body}");
        assert!(body["errors"][field].is_array(), "{case}: {body}");
        // Each problem also has a stable code, for the front end to word in Chinese.
        let problem = &body["problems"][field][0];
        assert!(problem["code"].is_string(), "{case}: {body}");
        assert!(problem["params"].is_object(), "{case}: {body}");
        assert_eq!(
            problem["message"], body["errors"][field][0],
            "{case}: {body}"
        );
    }
    assert_eq!(state_of(&app).await, before);
    assert_eq!(nights_taken(&app).await, 0);
    app.stop().await;
}

#[tokio::test]
async fn malformed_json_wrong_media_type_and_missing_keys_are_refused() {
    let app = spawn_app().await;
    let before = state_of(&app).await;
    for path in ["/api/v1/bookings", "/api/v1/orders", "/api/v1/donations"] {
        error_of(
            app.post_raw(path, "application/json", "{\"kind\": ").await,
            400,
            "malformed_json",
        )
        .await;
        error_of(
            app.post_raw(path, "application/json", "").await,
            400,
            "malformed_json",
        )
        .await;
        error_of(
            app.post_raw(path, "text/plain", "{}").await,
            415,
            "unsupported_media_type",
        )
        .await;
        let no_key = app
            .client
            .post(app.url(path))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        let errors = error_of(no_key, 400, "idempotency_key_missing").await;
        assert!(errors.contains_key("Idempotency-Key"));
        let bad_key = app
            .client
            .post(app.url(path))
            .header("Idempotency-Key", "has spaces in it")
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        error_of(bad_key, 400, "idempotency_key_invalid").await;
        error_of(
            app.post_raw(path, "application/json", "[1, 2]").await,
            422,
            "invalid_body",
        )
        .await;
    }
    assert_eq!(state_of(&app).await, before);
    app.stop().await;
}

#[tokio::test]
async fn an_oversized_body_is_refused_before_it_is_read() {
    let app = spawn_app().await;
    let mut body = session_booking(SESSION_OPEN, 1);
    body["note"] = json!("x".repeat(20 * 1024));
    let res = app.post("/api/v1/bookings", &unique_key(), &body).await;
    error_of(res, 413, "body_too_large").await;
    let chunked = app
        .client
        .post(app.url("/api/v1/orders"))
        .header("Idempotency-Key", unique_key())
        .header("Content-Type", "application/json")
        .body(reqwest::Body::wrap_stream(futures::stream::iter(
            (0..64).map(|_| Ok::<_, std::io::Error>(vec![b' '; 1024])),
        )))
        .send()
        .await
        .unwrap();
    error_of(chunked, 413, "body_too_large").await;
    assert_eq!(app.booked(SESSION_OPEN).await, 5);
    app.stop().await;
}

#[tokio::test]
async fn bad_orders_are_refused_per_line_and_take_no_stock() {
    let app = spawn_app().await;
    let cases: Vec<(Value, u16, &str, &str)> = vec![
        (order(&[]), 422, "invalid_fields", "lines"),
        (
            order(&[(SKU, 0)]),
            422,
            "invalid_fields",
            "lines[0].quantity",
        ),
        (
            order(&[(SKU, 100)]),
            422,
            "invalid_fields",
            "lines[0].quantity",
        ),
        (
            order(&[(SKU, 1), (SKU, 2)]),
            422,
            "invalid_fields",
            "lines[1].sku",
        ),
        (
            order(&[(SKU, 26)]),
            409,
            "out_of_stock",
            "lines[0].quantity",
        ),
        (
            with(order(&[(SKU, 1)]), "delivery", json!({ "method": "drone" })),
            422,
            "invalid_body",
            "delivery.method",
        ),
        (
            with(order(&[(SKU, 1)]), "lines", json!([{ "sku": SKU }])),
            422,
            "invalid_body",
            "lines[0].quantity",
        ),
    ];
    for (body, status, code, field) in cases {
        let res = app.post("/api/v1/orders", &unique_key(), &body).await;
        let errors = error_of(res, status, code).await;
        assert!(errors.contains_key(field), "{field}: {errors:?}");
    }
    assert_eq!(app.stock(SKU).await, 25);
    app.stop().await;
}

#[tokio::test]
async fn wrong_methods_and_bad_references_get_json_errors() {
    let app = spawn_app().await;
    let res = app
        .client
        .delete(app.url("/api/v1/schools"))
        .send()
        .await
        .unwrap();
    error_of(res, 405, "method_not_allowed").await;
    let res = app
        .get_ticket("/api/v1/bookings/not-a-reference", "123456")
        .await;
    error_of(res, 404, "not_found").await;
    let res = app.get("/api/v1/orders/CJG-2222-2222?pin=123456").await;
    let errors = error_of(res, 422, "invalid_fields").await;
    assert!(
        errors.contains_key("X-Ticket-Pin"),
        "the PIN is not read from the URL: {errors:?}"
    );
    app.stop().await;
}
