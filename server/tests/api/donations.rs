//! Pledging to a project: counted as pledged, not raised; read back; withdrawn.
use model::donation::{Donation, DonationStatus};
use model::Money;
use serde_json::json;

use crate::helpers::*;

async fn project_totals(app: &TestApp) -> (i64, i64, u64) {
    let p = app.get_json(&format!("/api/v1/projects/{PROJECT}")).await;
    (
        p["raised"].as_i64().unwrap(),
        p["pledged"].as_i64().unwrap(),
        p["donors"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn a_pledge_answers_how_to_pay_and_counts_as_pledged_not_raised() {
    let app = spawn_app().await;
    let res = app
        .post("/api/v1/donations", &unique_key(), &donation(20_000))
        .await;
    assert_eq!(res.status(), 201);
    let pledge: Donation = res.json().await.unwrap();
    assert_eq!(pledge.status, DonationStatus::Pledged);
    assert_eq!(pledge.how_to_pay.amount, Money(20_000));
    assert_eq!(pledge.how_to_pay.quote, pledge.reference.to_string());
    assert_eq!(pledge.how_to_pay.account_number, "6228 4800 1234 5678");
    assert_eq!(project_totals(&app).await, (0, 120_000, 0));
    let found: Donation = app
        .get_ticket(
            &format!("/api/v1/donations/{}", pledge.reference),
            pledge.pin.as_ref().unwrap().as_str(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found.amount, Money(20_000));
    app.stop().await;
}

#[tokio::test]
async fn an_anonymous_pledge_shows_no_name() {
    let app = spawn_app().await;
    let body = json!({ "project": PROJECT, "amount": 500, "anonymous": true });
    let pledge: Donation = app
        .post("/api/v1/donations", &unique_key(), &body)
        .await
        .json()
        .await
        .unwrap();
    assert!(pledge.anonymous);
    assert_eq!(pledge.display_name, None);
    app.stop().await;
}

#[tokio::test]
async fn a_pledge_needs_a_known_project_a_sane_amount_and_a_name_or_anonymity() {
    let app = spawn_app().await;
    let mut body = donation(20_000);
    body["project"] = json!("nope");
    assert!(error_of(
        app.post("/api/v1/donations", &unique_key(), &body).await,
        422,
        "invalid_fields"
    )
    .await
    .contains_key("project"));
    for amount in [0, 50, 100_000_001] {
        let errors = error_of(
            app.post("/api/v1/donations", &unique_key(), &donation(amount))
                .await,
            422,
            "invalid_fields",
        )
        .await;
        assert!(errors.contains_key("amount"), "{amount}");
    }
    let nameless = json!({ "project": PROJECT, "amount": 500 });
    assert!(error_of(
        app.post("/api/v1/donations", &unique_key(), &nameless)
            .await,
        422,
        "invalid_fields"
    )
    .await
    .contains_key("display_name"));
    let fractional = json!({ "project": PROJECT, "amount": 5.5, "anonymous": true });
    assert!(error_of(
        app.post("/api/v1/donations", &unique_key(), &fractional)
            .await,
        422,
        "invalid_body"
    )
    .await
    .contains_key("amount"));
    assert_eq!(project_totals(&app).await, (0, 100_000, 0));
    app.stop().await;
}

#[tokio::test]
async fn withdrawing_a_pledge_takes_it_out_of_pledged() {
    let app = spawn_app().await;
    let pledge: Donation = app
        .post("/api/v1/donations", &unique_key(), &donation(30_000))
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .client
        .post(app.url(&format!("/api/v1/donations/{}/cancel", pledge.reference)))
        .json(&json!({ "pin": pledge.pin.as_ref().unwrap().as_str() }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Donation>().await.unwrap().status,
        DonationStatus::Cancelled
    );
    assert_eq!(project_totals(&app).await, (0, 100_000, 0));
    app.stop().await;
}
