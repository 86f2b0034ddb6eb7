//! Ordering products: stock taken atomically, read back, cancelled.
use model::order::{Order, OrderStatus};
use model::Money;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn an_order_takes_stock_and_answers_lines_totals_and_status() {
    let app = spawn_app().await;
    let res = app
        .post("/api/v1/orders", &unique_key(), &order(&[(SKU, 3)]))
        .await;
    assert_eq!(res.status(), 201);
    let placed: Order = res.json().await.unwrap();
    assert_eq!(placed.status, OrderStatus::Placed);
    assert_eq!(placed.lines.len(), 1);
    assert_eq!(placed.lines[0].total, Money(3 * 12_800));
    assert_eq!(placed.total, Money(3 * 12_800));
    assert!(placed.pin.is_some());
    assert_eq!(app.stock(SKU).await, 22);
    let found: Order = app
        .get_ticket(
            &format!("/api/v1/orders/{}", placed.reference),
            placed.pin.as_ref().unwrap().as_str(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found.total, placed.total);
    app.stop().await;
}

#[tokio::test]
async fn an_order_with_one_line_out_of_stock_takes_nothing() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/orders",
            &unique_key(),
            &order(&[(SKU, 2), (SKU_SOLD_OUT, 1)]),
        )
        .await;
    let errors = error_of(res, 409, "out_of_stock").await;
    assert!(errors.contains_key("lines[1].quantity"), "{errors:?}");
    assert_eq!(
        app.stock(SKU).await,
        25,
        "the other line's stock is untouched"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_posted_order_needs_an_address_and_an_unknown_sku_is_refused() {
    let app = spawn_app().await;
    let mut body = order(&[(SKU, 1)]);
    body["delivery"] = json!({ "method": "post" });
    let errors = error_of(
        app.post("/api/v1/orders", &unique_key(), &body).await,
        422,
        "invalid_fields",
    )
    .await;
    assert!(errors.contains_key("delivery.address"));
    body["delivery"] = json!({ "method": "post", "address": {
        "province": "河南省", "city": "焦作市", "street": "陈家沟村 1 号", "postcode": "454850" } });
    let local: Order = app
        .post("/api/v1/orders", &unique_key(), &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(local.delivery_fee, Money(0), "Jiaozuo is local");
    // Further away, the parcel's fee is the one the cart showed, and is in the total.
    body["delivery"]["address"] = json!({ "province": "湖北省", "city": "武汉市", "district": "江岸区", "street": "沿江大道 1 号" });
    let far: Order = app
        .post("/api/v1/orders", &unique_key(), &body)
        .await
        .json()
        .await
        .unwrap();
    let quoted = model::shipping::quote("湖北省", "武汉市").fee;
    assert_eq!(far.delivery_fee, quoted);
    assert_eq!(far.total, far.subtotal + quoted);
    assert!(quoted > Money(0));
    let errors = error_of(
        app.post("/api/v1/orders", &unique_key(), &order(&[("NOPE", 1)]))
            .await,
        422,
        "invalid_fields",
    )
    .await;
    assert!(errors.contains_key("lines[0].sku"));
    app.stop().await;
}

#[tokio::test]
async fn cancelling_an_order_returns_its_stock() {
    let app = spawn_app().await;
    let placed: Order = app
        .post("/api/v1/orders", &unique_key(), &order(&[(SKU, 5)]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(app.stock(SKU).await, 20);
    let res = app
        .client
        .post(app.url(&format!("/api/v1/orders/{}/cancel", placed.reference)))
        .json(&json!({ "pin": placed.pin.as_ref().unwrap().as_str() }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cancelled: Order = res.json().await.unwrap();
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    assert_eq!(cancelled.refund, Some(placed.total));
    assert_eq!(app.stock(SKU).await, 25);
    app.stop().await;
}
