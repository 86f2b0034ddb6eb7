//! Rate limits per client address, Origin checks on operators' writes, body size limits.
use model::SiteMode;
use serde_json::json;
use server::security::{RateLimit, Security};

use crate::helpers::*;

fn tight(login: u32, create: u32) -> Security {
    Security {
        login_limit: RateLimit {
            burst: login,
            per_minute: 1,
        },
        create_limit: RateLimit {
            burst: create,
            per_minute: 1,
        },
        ..unlimited()
    }
}

#[tokio::test]
async fn logins_beyond_the_configured_rate_are_refused_with_429() {
    let app = spawn_app_configured(SiteMode::Api, tight(2, 1000)).await;
    for _ in 0..2 {
        error_of(
            app.login_raw("nobody", "wrong password").await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    let res = app.login_raw("nobody", "wrong password").await;
    assert!(res.headers().contains_key("retry-after"));
    error_of(res, 429, "rate_limited").await;
    // Reads are not limited.
    for _ in 0..5 {
        app.get_json("/api/v1/schools").await;
    }
    app.stop().await;
}

#[tokio::test]
async fn creating_posts_beyond_the_configured_rate_are_refused_and_write_nothing() {
    let app = spawn_app_configured(SiteMode::Api, tight(1000, 2)).await;
    let before = app.booked(SESSION_OPEN).await;
    for _ in 0..2 {
        let res = app
            .post(
                "/api/v1/bookings",
                &unique_key(),
                &session_booking(SESSION_OPEN, 1),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let res = app
        .post(
            "/api/v1/bookings",
            &unique_key(),
            &session_booking(SESSION_OPEN, 1),
        )
        .await;
    error_of(res, 429, "rate_limited").await;
    let res = app
        .post("/api/v1/donations", &unique_key(), &donation(10_000))
        .await;
    error_of(res, 429, "rate_limited").await;
    assert_eq!(app.booked(SESSION_OPEN).await, before + 2);
    app.stop().await;
}

/// Books from `client` (as the trusted proxy on 127.0.0.1 says) and answers the status.
async fn book_from(app: &TestApp, client: &str) -> u16 {
    app.client
        .post(app.url("/api/v1/bookings"))
        .header("Idempotency-Key", unique_key())
        .header("X-Forwarded-For", client)
        .json(&session_booking(SESSION_STREAM, 1))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_burst_of_bookings_from_one_address_is_refused_past_the_default_limit_while_another_still_books(
) {
    let security = Security {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..Security::default()
    };
    let limit = security.create_limit.burst as usize;
    assert!(limit <= 10, "a handful a minute, not {limit}");
    let app = spawn_app_configured(SiteMode::Api, security).await;
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let client = app.client.clone();
            let url = app.url("/api/v1/bookings");
            tokio::spawn(async move {
                client
                    .post(url)
                    .header("Idempotency-Key", unique_key())
                    .header("X-Forwarded-For", "203.0.113.7")
                    .json(&session_booking(SESSION_STREAM, 1))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut created = 0;
    for t in tasks {
        match t.await.unwrap() {
            201 => created += 1,
            429 => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(created, limit);
    assert_eq!(app.booked(SESSION_STREAM).await, limit as u64);
    assert_eq!(
        book_from(&app, "203.0.113.8").await,
        201,
        "another address books"
    );
    // An IPv6 household is one address however it rotates inside its /64.
    for i in 0..limit {
        assert_eq!(
            book_from(&app, &format!("2001:db8:5:6::{}", i + 1)).await,
            201
        );
    }
    assert_eq!(book_from(&app, "2001:db8:5:6:ffff::1").await, 429);
    assert_eq!(book_from(&app, "2001:db8:5:7::1").await, 201);
    app.stop().await;
}

#[tokio::test]
async fn a_forwarded_address_from_a_peer_that_is_not_a_trusted_proxy_is_ignored() {
    let app = spawn_app_configured(SiteMode::Api, Security::default()).await;
    let limit = Security::default().create_limit.burst;
    for i in 0..limit {
        assert_eq!(book_from(&app, &format!("203.0.113.{}", i + 1)).await, 201);
    }
    assert_eq!(book_from(&app, "198.51.100.1").await, 429);
    app.stop().await;
}

#[tokio::test]
async fn operators_writes_from_another_sites_page_are_refused() {
    let app = spawn_app().await;
    app.add_operator("chen.li", "host", &[&format!("schools/{SCHOOL}")])
        .await;
    let login = json!({ "username": "chen.li", "password": PASSWORD });
    let res = app
        .client
        .post(app.url("/api/v1/ops/login"))
        .header("Origin", "https://evil.example")
        .json(&login)
        .send()
        .await
        .unwrap();
    error_of(res, 403, "origin_rejected").await;
    let session = app.login("chen.li").await;
    let own_origin = app.address.clone();
    let path = format!("/api/v1/ops/sessions/{SESSION_OPEN}");
    for (origin, fetch_site, status) in [
        (Some("https://evil.example"), None, 403),
        (None, Some("cross-site"), 403),
        (Some("null"), None, 403),
        (Some(own_origin.as_str()), Some("same-origin"), 200),
        (None, None, 200),
    ] {
        let mut req = app
            .client
            .patch(app.url(&path))
            .header("Cookie", &session.cookie)
            .json(&json!({ "capacity": 21 }));
        if let Some(o) = origin {
            req = req.header("Origin", o);
        }
        if let Some(s) = fetch_site {
            req = req.header("Sec-Fetch-Site", s);
        }
        let res = req.send().await.unwrap();
        assert_eq!(
            res.status().as_u16(),
            status,
            "Origin {origin:?}, Sec-Fetch-Site {fetch_site:?}"
        );
    }
    // Reading is not a write: a cross-site GET still needs the cookie, which SameSite=Strict
    // keeps from being sent.
    let res = app
        .client
        .get(app.url("/api/v1/ops/me"))
        .header("Cookie", &session.cookie)
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    app.stop().await;
}

#[tokio::test]
async fn an_oversized_operator_request_is_refused_before_it_is_read() {
    let app = spawn_app().await;
    app.add_operator("chen.li", "host", &[&format!("schools/{SCHOOL}")])
        .await;
    let session = app.login("chen.li").await;
    // A full-length story in both languages (about 20 KB) is more than a visitor may send
    // but fine for an operator.
    let story = json!({ "story": { "zh": "长".repeat(5_000), "en": "l".repeat(5_000) } });
    let res = app
        .ops(
            Some(&session),
            "PATCH",
            &format!("/api/v1/ops/listings/schools/{SCHOOL}"),
            Some(&story),
        )
        .await;
    assert_eq!(res.status(), 200);
    let huge = "长".repeat(30_000);
    let res = app
        .ops(
            Some(&session),
            "PATCH",
            &format!("/api/v1/ops/listings/schools/{SCHOOL}"),
            Some(&json!({ "story": { "zh": huge, "en": "x" } })),
        )
        .await;
    error_of(res, 413, "body_too_large").await;
    app.stop().await;
}

#[tokio::test]
async fn a_browser_crash_report_is_logged_without_personal_data_and_limited_per_address() {
    let app = spawn_app_configured(SiteMode::Api, Security::default()).await;
    let report = json!({ "message": "panicked at traits.rs:394:39 ".repeat(100),
                         "url": "https://cjg.example/trips/CJG-7KQ4-M9TX?pin=7KQ4M9TX",
                         "build": "portal-0123456789abcdef" });
    let send = |body: serde_json::Value| {
        app.client
            .post(app.url("/api/v1/client-errors"))
            .json(&body)
            .send()
    };
    let res = send(json!({ "message": "x" })).await.unwrap();
    error_of(res, 422, "invalid_body").await;
    for _ in 0..2 {
        assert_eq!(send(report.clone()).await.unwrap().status(), 204);
    }
    let res = send(report.clone()).await.unwrap();
    error_of(res, 429, "rate_limited").await;
    app.stop().await;
}
