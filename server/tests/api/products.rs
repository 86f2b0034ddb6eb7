//! A seller's range: adding, changing and retiring variants, and what buyers see of it.
use serde_json::{json, Value};

use crate::helpers::*;

const SELLER: &str = "yam.seller";
const OTHER_SELLER: &str = "crisps.seller";

async fn sellers(app: &TestApp) -> (OpsSession, OpsSession) {
    app.add_operator(SELLER, "seller", &[&format!("products/{PRODUCT}")])
        .await;
    app.add_operator(OTHER_SELLER, "seller", &[]).await;
    (app.login(SELLER).await, app.login(OTHER_SELLER).await)
}

fn variants_path() -> String {
    format!("/api/v1/ops/products/{PRODUCT}/variants")
}

fn gift_box(stock: u32) -> Value {
    json!({ "label": { "zh": "礼盒 3 公斤", "en": "3 kg gift box" }, "price": 18_800, "stock": stock })
}

/// The product's variants as a buyer sees them: (sku, price).
async fn on_sale(app: &TestApp) -> Vec<(String, i64)> {
    let product = app.get_json(&format!("/api/v1/products/{PRODUCT}")).await;
    product["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["sku"].as_str().unwrap().to_owned(),
                v["price"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_seller_adds_a_variant_a_visitor_buys_it_and_once_retired_it_is_sold_no_more() {
    let app = spawn_app().await;
    let (seller, _) = sellers(&app).await;
    let made = app
        .ops_ok(&seller, "POST", &variants_path(), Some(&gift_box(3)))
        .await;
    let sku = made["sku"].as_str().unwrap().to_owned();
    assert_eq!(sku, "IRON-STICK-YAM-3-KG-GIFT-BOX");
    assert!(on_sale(&app).await.contains(&(sku.clone(), 18_800)));

    let placed = app.place_order(&[(&sku, 1)]).await;
    assert_eq!(placed["lines"][0]["unit_price"], 18_800);
    assert_eq!(app.stock(&sku).await, 2);

    // A new price and stock: the order placed keeps what it was sold at.
    let edit = json!({ "label": { "zh": "礼盒 3 公斤", "en": "3 kg gift box" }, "price": 19_800, "stock": 10 });
    let path = format!("{}/{sku}", variants_path());
    let edited = app.ops_ok(&seller, "PUT", &path, Some(&edit)).await;
    assert_eq!(edited["sku"], sku.as_str());
    assert!(on_sale(&app).await.contains(&(sku.clone(), 19_800)));
    assert_eq!(app.stock(&sku).await, 10);

    let res = app
        .ops(Some(&seller), "POST", &format!("{path}/retire"), None)
        .await;
    assert_eq!(res.status(), 204);
    assert!(on_sale(&app).await.iter().all(|(s, _)| *s != sku));
    let res = app
        .post("/api/v1/orders", &unique_key(), &order(&[(&sku, 1)]))
        .await;
    let errors = error_of(res, 422, "invalid_fields").await;
    assert!(errors.contains_key("lines[0].sku"), "{errors:?}");
    let ticket = app
        .get_ticket_json(
            &format!("/api/v1/orders/{}", placed["reference"].as_str().unwrap()),
            placed["pin"].as_str().unwrap(),
        )
        .await;
    assert_eq!(
        ticket["lines"][0]["sku"],
        sku.as_str(),
        "the order keeps it"
    );

    let actions = app.audit_actions(&seller).await;
    for action in ["variant.create", "variant.edit", "variant.retire"] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn only_the_seller_changes_a_range_and_bad_input_changes_nothing() {
    let app = spawn_app().await;
    let (seller, other) = sellers(&app).await;
    app.add_operator("a.host", "host", &[&format!("products/{PRODUCT}")])
        .await;
    let host = app.login("a.host").await;
    let before = on_sale(&app).await;
    let res = app
        .ops(None, "POST", &variants_path(), Some(&gift_box(1)))
        .await;
    error_of(res, 401, "unauthorized").await;
    let res = app
        .ops(Some(&other), "POST", &variants_path(), Some(&gift_box(1)))
        .await;
    error_of(res, 404, "not_found").await;
    let res = app
        .ops(Some(&host), "POST", &variants_path(), Some(&gift_box(1)))
        .await;
    error_of(res, 403, "forbidden").await;
    let res = app
        .ops(
            Some(&other),
            "POST",
            &format!("{}/{SKU}/retire", variants_path()),
            None,
        )
        .await;
    error_of(res, 404, "not_found").await;

    // Missing Chinese, a price of nothing, and the label of a box already sold.
    let bad = json!({ "label": { "zh": "", "en": "Sample" }, "price": 0, "stock": 1 });
    let res = app
        .ops(Some(&seller), "POST", &variants_path(), Some(&bad))
        .await;
    let errors = error_of(res, 422, "invalid_fields").await;
    assert!(
        errors.contains_key("label.zh") && errors.contains_key("price"),
        "{errors:?}"
    );
    let twice = json!({ "label": { "zh": "2 kg box（中文）", "en": "2 kg box" }, "price": 100, "stock": 1 });
    let res = app
        .ops(Some(&seller), "POST", &variants_path(), Some(&twice))
        .await;
    let errors = error_of(res, 422, "invalid_fields").await;
    assert!(errors.contains_key("label"), "{errors:?}");
    let sized = json!({ "size": { "zh": "M", "en": "M" }, "colour": { "zh": "红", "en": "red" }, "price": 100, "stock": 1 });
    let res = app
        .ops(Some(&seller), "POST", &variants_path(), Some(&sized))
        .await;
    let errors = error_of(res, 422, "invalid_fields").await;
    assert!(
        errors.contains_key("label.en") && errors.contains_key("size"),
        "{errors:?}"
    );
    let res = app
        .ops(
            Some(&seller),
            "PUT",
            &format!("{}/NOPE", variants_path()),
            Some(&gift_box(1)),
        )
        .await;
    error_of(res, 404, "not_found").await;

    assert_eq!(on_sale(&app).await, before, "nothing changed");
    assert_eq!(app.stock(SKU).await, 25);
    app.stop().await;
}
