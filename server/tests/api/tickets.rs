//! Finding a booking, order or pledge by reference and PIN, and what stops guessing.
use model::SiteMode;
use serde_json::{json, Value};
use server::security::RateLimit;
use sqlx::{Connection, Row};

use crate::helpers::*;

fn wrong_pin(right: &str) -> &'static str {
    if right == "22222222" {
        "33333333"
    } else {
        "22222222"
    }
}

#[tokio::test]
async fn two_hundred_wrong_pins_at_once_get_at_most_ten_answers_before_the_lock() {
    let app = spawn_app().await;
    let booking = app.book_session(SESSION_OPEN, 1).await;
    let reference = booking["reference"].as_str().unwrap().to_owned();
    let wrong = wrong_pin(booking["pin"].as_str().unwrap());
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let client = app.client.clone();
            let url = app.url(&format!("/api/v1/bookings/{reference}"));
            let find = app.url("/api/v1/tickets/find");
            let reference = reference.clone();
            tokio::spawn(async move {
                // Half through the ticket URL, half through find: one count for both.
                let req = if i % 2 == 0 {
                    client.get(url).header("X-Ticket-Pin", wrong)
                } else {
                    client
                        .post(find)
                        .json(&json!({ "reference": reference, "pin": wrong }))
                };
                req.send().await.unwrap().status().as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let not_found = statuses.iter().filter(|&&s| s == 404).count();
    let refused = statuses.iter().filter(|&&s| s == 429).count();
    assert!(not_found <= 10, "{not_found} guesses were checked");
    assert_eq!(not_found + refused, 200, "{statuses:?}");
    // The right PIN is locked out too, for the hour.
    let res = app
        .get_ticket(
            &format!("/api/v1/bookings/{reference}"),
            booking["pin"].as_str().unwrap(),
        )
        .await;
    error_of(res, 429, "too_many_attempts").await;
    app.stop().await;
}

#[tokio::test]
async fn a_right_pin_gives_its_attempt_back_so_an_open_ticket_can_refresh_all_day() {
    let app = spawn_app().await;
    let booking = app.book_session(SESSION_OPEN, 1).await;
    let path = format!(
        "/api/v1/bookings/{}",
        booking["reference"].as_str().unwrap()
    );
    let pin = booking["pin"].as_str().unwrap();
    for _ in 0..30 {
        app.get_ticket_json(&path, pin).await;
    }
    for _ in 0..9 {
        assert_eq!(app.get_ticket(&path, wrong_pin(pin)).await.status(), 404);
    }
    app.get_ticket_json(&path, pin).await;
    app.stop().await;
}

#[tokio::test]
async fn new_pins_are_eight_unambiguous_characters() {
    let app = spawn_app().await;
    for answer in [
        app.book_session(SESSION_OPEN, 1).await,
        app.place_order(&[(SKU, 1)]).await,
        app.pledge(10_000).await,
    ] {
        let pin = answer["pin"].as_str().unwrap();
        assert_eq!(pin.len(), 8, "{pin}");
        assert!(
            pin.bytes().all(|b| model::reference::ALPHABET.contains(&b)),
            "{pin}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn find_answers_the_kind_and_record_of_a_booking_an_order_or_a_pledge_in_one_look_up() {
    let app = spawn_app().await;
    let booking = app.book_session(SESSION_OPEN, 2).await;
    let order = app.place_order(&[(SKU, 1)]).await;
    let pledge = app.pledge(10_000).await;
    for (answer, kind) in [
        (&booking, "booking"),
        (&order, "order"),
        (&pledge, "donation"),
    ] {
        let reference = answer["reference"].as_str().unwrap();
        let pin = answer["pin"].as_str().unwrap();
        // As a visitor may type them from a paper slip.
        let typed_reference = reference.to_lowercase().replace('-', " ");
        let typed_pin = format!("{}-{}", &pin[..4], &pin[4..]).to_lowercase();
        let res = app
            .client
            .post(app.url("/api/v1/tickets/find"))
            .json(&json!({ "reference": typed_reference, "pin": typed_pin }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{kind}");
        let found: Value = res.json().await.unwrap();
        assert_eq!(found["kind"], kind);
        assert_eq!(found["record"]["reference"], reference);
        assert!(
            found["record"].get("pin").is_none(),
            "the PIN is not sent back"
        );
    }
    let res = app
        .client
        .post(app.url("/api/v1/tickets/find"))
        .json(&json!({ "reference": booking["reference"], "pin": wrong_pin(booking["pin"].as_str().unwrap()) }))
        .send()
        .await
        .unwrap();
    error_of(res, 404, "not_found").await;
    let res = app
        .client
        .post(app.url("/api/v1/tickets/find"))
        .json(&json!({ "reference": booking["reference"], "pin": "12" }))
        .send()
        .await
        .unwrap();
    assert!(error_of(res, 422, "invalid_fields")
        .await
        .contains_key("pin"));
    app.stop().await;
}

#[tokio::test]
async fn the_idempotency_table_keeps_no_pin_in_clear_text_yet_a_retry_gets_it_back() {
    let app = spawn_app().await;
    let key = unique_key();
    let body = session_booking(SESSION_OPEN, 1);
    let first: Value = app
        .post("/api/v1/bookings", &key, &body)
        .await
        .json()
        .await
        .unwrap();
    let pin = first["pin"].as_str().unwrap().to_owned();
    let mut conn = app.db().await;
    let rows =
        sqlx::query("SELECT key, response, coalesce(pin_sealed, '') AS sealed FROM idempotency")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(rows.len(), 1);
    for row in &rows {
        let stored_key: String = row.get("key");
        let response: String = row.get("response");
        let sealed: String = row.get("sealed");
        assert_ne!(stored_key, key, "the key is kept hashed");
        assert!(!response.contains(&pin), "PIN in the stored answer");
        assert!(!sealed.contains(&pin) && !sealed.is_empty());
    }
    conn.close().await.unwrap();
    let again = app.post("/api/v1/bookings", &key, &body).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["pin"], pin.as_str());
    assert_eq!(again, first);
    app.stop().await;
}

#[tokio::test]
async fn look_ups_from_one_address_are_limited_while_listings_stay_open() {
    let mut security = unlimited();
    security.lookup_limit = RateLimit {
        burst: 3,
        per_minute: 1,
    };
    let app = spawn_app_configured(SiteMode::Api, security).await;
    for i in 0..3 {
        let res = app
            .get_ticket(
                &format!("/api/v1/bookings/CJG-2345-67{}{}", 8, 2 + i),
                "22222222",
            )
            .await;
        assert_eq!(res.status(), 404);
    }
    let res = app
        .get_ticket("/api/v1/bookings/CJG-2345-6799", "22222222")
        .await;
    assert!(res.headers().contains_key("retry-after"));
    error_of(res, 429, "rate_limited").await;
    let res = app
        .client
        .post(app.url("/api/v1/tickets/find"))
        .json(&json!({ "reference": "CJG-2345-6799", "pin": "22222222" }))
        .send()
        .await
        .unwrap();
    error_of(res, 429, "rate_limited").await;
    app.get_json("/api/v1/schools").await;
    app.stop().await;
}
