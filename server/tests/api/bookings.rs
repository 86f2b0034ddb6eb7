//! Booking a session or a room, reading it back, cancelling it.
use model::booking::{BookedItem, Booking, BookingStatus};
use model::Money;
use serde_json::json;

use sqlx::Connection;

use crate::helpers::*;

async fn book(app: &TestApp, body: &serde_json::Value) -> Booking {
    let res = app.post("/api/v1/bookings", &unique_key(), body).await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    res.json().await.unwrap()
}

#[tokio::test]
async fn booking_a_session_answers_reference_pin_price_status_and_policy() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/bookings",
            &unique_key(),
            &session_booking(SESSION_OPEN, 3),
        )
        .await;
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let booking: Booking = res.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/bookings/{}", booking.reference));
    assert!(booking.reference.to_string().starts_with("CJG-"));
    assert_eq!(booking.pin.as_ref().map(|p| p.as_str().len()), Some(8));
    assert_eq!(booking.status, BookingStatus::Requested);
    assert_eq!(booking.price, Money(3 * PRICE_PER_PERSON));
    assert_eq!(booking.cancellation.free_until_days, 7);
    assert_eq!(booking.free_cancellation_until, days_from_today(30 - 7));
    assert_eq!(
        app.booked(SESSION_OPEN).await,
        5 + 3,
        "the listing shows the places taken"
    );
    app.stop().await;
}

#[tokio::test]
async fn booking_a_room_prices_nights_and_extra_persons() {
    let app = spawn_app().await;
    let booking = book(&app, &room_booking(20, 4, 3)).await;
    let BookedItem::Lodging {
        quote,
        check_in,
        check_out,
        ..
    } = &booking.item
    else {
        panic!("not a room booking")
    };
    assert_eq!(
        (*check_in, *check_out),
        (days_from_today(20), days_from_today(24))
    );
    assert_eq!((quote.nights, quote.extra_persons), (4, 1));
    assert_eq!(booking.price, Money(4 * 18_000 + 4 * 5_000));
    app.stop().await;
}

#[tokio::test]
async fn a_room_night_is_sold_once() {
    let app = spawn_app().await;
    book(&app, &room_booking(30, 3, 2)).await;
    let overlapping = app
        .post("/api/v1/bookings", &unique_key(), &room_booking(32, 2, 1))
        .await;
    let errors = error_of(overlapping, 409, "room_taken").await;
    assert!(errors.contains_key("check_in"));
    book(&app, &room_booking(33, 2, 1)).await;
    book(&app, &room_booking(28, 2, 1)).await;
    app.stop().await;
}

#[tokio::test]
async fn booking_more_places_than_are_left_is_refused_and_takes_nothing() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/bookings",
            &unique_key(),
            &session_booking(SESSION_OPEN, 16),
        )
        .await;
    let errors = error_of(res, 409, "places_left").await;
    assert!(
        errors["party"][0].as_str().unwrap().contains("15"),
        "{errors:?}"
    );
    assert_eq!(app.booked(SESSION_OPEN).await, 5);
    book(&app, &session_booking(SESSION_OPEN, 15)).await;
    assert_eq!(app.booked(SESSION_OPEN).await, 20);
    app.stop().await;
}

/// The code and its params, so that a Chinese page can say it in Chinese.
async fn refusal_body(app: &TestApp, party: u32) -> serde_json::Value {
    let res = app
        .post(
            "/api/v1/bookings",
            &unique_key(),
            &session_booking(SESSION_OPEN, party),
        )
        .await;
    assert_eq!(res.status().as_u16(), 409);
    res.json().await.unwrap()
}

#[tokio::test]
async fn the_last_places_and_a_full_session_answer_codes_with_params() {
    let app = spawn_app().await;
    let body = refusal_body(&app, 16).await;
    assert_eq!(body["code"], "places_left", "{body}");
    assert_eq!(body["params"], json!({ "left": 15 }), "{body}");
    assert_eq!(
        body["problems"]["party"][0],
        json!({ "code": "places_left", "params": { "left": 15 },
                "message": body["errors"]["party"][0] }),
        "{body}"
    );
    book(&app, &session_booking(SESSION_OPEN, 15)).await;
    let body = refusal_body(&app, 1).await;
    assert_eq!(body["code"], "session_full", "{body}");
    assert_eq!(body["params"], json!({}), "{body}");
    assert_eq!(body["problems"]["party"][0]["code"], "session_full");
    assert!(body["message"].as_str().is_some_and(|m| m.contains("full")));
    app.stop().await;
}

#[tokio::test]
async fn a_booking_is_read_back_with_its_pin_and_not_without() {
    let app = spawn_app().await;
    let booking = book(&app, &session_booking(SESSION_OPEN, 2)).await;
    let pin = booking.pin.clone().unwrap();
    let found: Booking = serde_json::from_value(
        app.get_ticket_json(
            &format!("/api/v1/bookings/{}", booking.reference),
            pin.as_str(),
        )
        .await,
    )
    .unwrap();
    assert_eq!(found.reference, booking.reference);
    assert_eq!(found.pin, None, "the PIN is only shown once");
    assert_eq!(found.price, booking.price);
    let typed_loosely = booking
        .reference
        .to_string()
        .to_lowercase()
        .replace('-', "");
    let res = app
        .get_ticket(
            &format!("/api/v1/bookings/{typed_loosely}"),
            &pin.as_str().to_lowercase(),
        )
        .await;
    assert_eq!(res.status(), 200, "a reference is read however it is typed");
    app.stop().await;
}

#[tokio::test]
async fn a_wrong_pin_looks_exactly_like_an_unknown_reference() {
    let app = spawn_app().await;
    let booking = book(&app, &session_booking(SESSION_OPEN, 1)).await;
    let right = booking.pin.unwrap();
    let wrong = if right.as_str() == "000000" {
        "000001"
    } else {
        "000000"
    };
    let a = app
        .get_ticket(&format!("/api/v1/bookings/{}", booking.reference), wrong)
        .await;
    let b = app
        .get_ticket("/api/v1/bookings/CJG-2222-3333", wrong)
        .await;
    assert_eq!(
        (a.status(), b.status()),
        (
            reqwest::StatusCode::NOT_FOUND,
            reqwest::StatusCode::NOT_FOUND
        )
    );
    assert_eq!(a.text().await.unwrap(), b.text().await.unwrap());
    let c = app
        .client
        .post(app.url(&format!("/api/v1/bookings/{}/cancel", booking.reference)))
        .json(&json!({ "pin": wrong }))
        .send()
        .await
        .unwrap();
    error_of(c, 404, "not_found").await;
    assert_eq!(
        app.booked(SESSION_OPEN).await,
        6,
        "a wrong PIN cancels nothing"
    );
    let malformed = app
        .get_ticket(&format!("/api/v1/bookings/{}", booking.reference), "12")
        .await;
    assert!(error_of(malformed, 422, "invalid_fields")
        .await
        .contains_key("pin"));
    let missing = app
        .get(&format!("/api/v1/bookings/{}", booking.reference))
        .await;
    assert!(error_of(missing, 422, "invalid_fields")
        .await
        .contains_key("X-Ticket-Pin"));
    app.stop().await;
}

async fn cancel(app: &TestApp, booking: &Booking) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/bookings/{}/cancel", booking.reference)))
        .json(&json!({ "pin": booking.pin.as_ref().unwrap().as_str() }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn cancelling_early_refunds_everything_and_frees_the_places() {
    let app = spawn_app().await;
    let booking = book(&app, &session_booking(SESSION_OPEN, 4)).await;
    assert_eq!(app.booked(SESSION_OPEN).await, 9);
    let res = cancel(&app, &booking).await;
    assert_eq!(res.status(), 200);
    let cancelled: Booking = res.json().await.unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(cancelled.refund, Some(booking.price));
    assert_eq!(app.booked(SESSION_OPEN).await, 5);
    let again: Booking = cancel(&app, &booking).await.json().await.unwrap();
    assert_eq!(
        again.status,
        BookingStatus::Cancelled,
        "cancelling twice is harmless"
    );
    assert_eq!(app.booked(SESSION_OPEN).await, 5, "and frees nothing twice");
    app.stop().await;
}

#[tokio::test]
async fn cancelling_late_refunds_the_policy_share() {
    let app = spawn_app().await;
    let booking = book(&app, &session_booking(SESSION_SOON, 2)).await;
    let cancelled: Booking = cancel(&app, &booking).await.json().await.unwrap();
    assert_eq!(cancelled.refund, Some(Money(booking.price.0 / 2)));
    assert_eq!(app.booked(SESSION_SOON).await, 0);
    app.stop().await;
}

#[tokio::test]
async fn cancelling_a_room_frees_its_nights() {
    let app = spawn_app().await;
    let booking = book(&app, &room_booking(40, 3, 2)).await;
    error_of(
        app.post("/api/v1/bookings", &unique_key(), &room_booking(41, 1, 1))
            .await,
        409,
        "room_taken",
    )
    .await;
    assert_eq!(cancel(&app, &booking).await.status(), 200);
    book(&app, &room_booking(41, 1, 1)).await;
    app.stop().await;
}

#[tokio::test]
async fn retrying_with_the_same_key_returns_the_first_booking_and_books_nothing_more() {
    let app = spawn_app().await;
    let key = unique_key();
    let body = session_booking(SESSION_OPEN, 2);
    let first = app.post("/api/v1/bookings", &key, &body).await;
    assert_eq!(first.status(), 201);
    let first: serde_json::Value = first.json().await.unwrap();
    let retry = app.post("/api/v1/bookings", &key, &body).await;
    assert_eq!(retry.status(), 201);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(retry.json::<serde_json::Value>().await.unwrap(), first);
    assert_eq!(app.booked(SESSION_OPEN).await, 7);
    let other = app
        .post("/api/v1/bookings", &key, &session_booking(SESSION_OPEN, 3))
        .await;
    error_of(other, 422, "idempotency_key_reused").await;
    assert_eq!(app.booked(SESSION_OPEN).await, 7);
    app.stop().await;
}

#[tokio::test]
async fn ten_wrong_pins_lock_a_reference_for_an_hour() {
    let app = spawn_app().await;
    let booking = book(&app, &session_booking(SESSION_OPEN, 1)).await;
    let right = booking.pin.clone().unwrap();
    let wrong = if right.as_str() == "000000" {
        "000001"
    } else {
        "000000"
    };
    for _ in 0..10 {
        let res = app
            .get_ticket(&format!("/api/v1/bookings/{}", booking.reference), wrong)
            .await;
        assert_eq!(res.status(), 404);
    }
    let res = app
        .get_ticket(
            &format!("/api/v1/bookings/{}", booking.reference),
            right.as_str(),
        )
        .await;
    error_of(res, 429, "too_many_attempts").await;
    for _ in 0..10 {
        app.get_ticket("/api/v1/bookings/CJG-2345-6789", wrong)
            .await;
    }
    let unknown = app
        .get_ticket("/api/v1/bookings/CJG-2345-6789", wrong)
        .await;
    error_of(unknown, 429, "too_many_attempts").await;
    app.stop().await;
}

#[tokio::test]
async fn an_unconfirmed_booking_expires_and_its_places_come_back() {
    let app = spawn_app().await;
    // The whole session, requested and never confirmed.
    let first = book(&app, &session_booking(SESSION_SOON, 12)).await;
    let res = app
        .post(
            "/api/v1/bookings",
            &unique_key(),
            &session_booking(SESSION_SOON, 1),
        )
        .await;
    assert_eq!(res.status(), 409, "full while the request is held");
    // 48 hours later (the listing's default): moved back in the database, as time would.
    let mut conn = app.db().await;
    let due: String = sqlx::query_scalar("SELECT expires_at FROM booking WHERE reference = $1")
        .bind(first.reference.code())
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let created = first.created_at;
    let due = chrono::DateTime::parse_from_rfc3339(&due).unwrap();
    let waited = due.signed_duration_since(created).num_seconds();
    assert!(
        (48 * 3600 - 1..=48 * 3600).contains(&waited),
        "expires 48 hours after the request, not {waited} s"
    );
    sqlx::query("UPDATE booking SET expires_at = '2000-01-01T00:00:00.000Z' WHERE reference = $1")
        .bind(first.reference.code())
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let second = book(&app, &session_booking(SESSION_SOON, 5)).await;
    assert_eq!(second.status, BookingStatus::Requested);
    assert_eq!(app.booked(SESSION_SOON).await, 5, "the 12 places came back");
    let seen = app
        .get_ticket_json(
            &format!("/api/v1/bookings/{}", first.reference),
            first.pin.as_ref().unwrap().as_str(),
        )
        .await;
    assert_eq!(seen["status"], "expired", "the visitor's ticket says so");
    // Cancelling an expired booking gives back nothing twice.
    let res = cancel(&app, &first).await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.booked(SESSION_SOON).await, 5);
    app.stop().await;
}
