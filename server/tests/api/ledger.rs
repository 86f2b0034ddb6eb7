//! The donation ledger: confirmed pledges in, approved and paid spendings out, a hash chain
//! anyone can check, and tampering with the stored entries is found.
use model::ledger::{verify_chain, LedgerEntry};
use serde_json::{json, Value};
use sqlx::{Connection, SqliteConnection};

use crate::helpers::*;

async fn project(app: &TestApp) -> Value {
    app.get_json(&format!("/api/v1/projects/{PROJECT}")).await
}

/// A ledger with 4 entries: a pledge confirmed, and a spending recorded, approved and paid.
async fn busy_ledger(app: &TestApp) {
    app.add_operator("finance", "finance", &[]).await;
    app.add_operator("treasurer", "finance", &[]).await;
    let finance = app.login("finance").await;
    let treasurer = app.login("treasurer").await;
    let pledge = app.pledge(30_000).await;
    app.ops_ok(
        &finance,
        "POST",
        &format!(
            "/api/v1/ops/pledges/{}/confirm",
            pledge["reference"].as_str().unwrap()
        ),
        Some(
            &json!({ "channel": "bank transfer", "date": today(), "note": "Matched by reference" }),
        ),
    )
    .await;
    let spending = app
        .ops_ok(
            &finance,
            "POST",
            "/api/v1/ops/spendings",
            Some(&json!({ "project": PROJECT, "amount": 12_000, "payee": "Wenxian tile works", "purpose": "Roof tiles, \"grade A\"",
                          "date": today(), "receipt_sha256": "a".repeat(64) })),
        )
        .await;
    let id = spending["id"].as_u64().unwrap();
    app.ops_ok(
        &treasurer,
        "POST",
        &format!("/api/v1/ops/spendings/{id}/approve"),
        None,
    )
    .await;
    app.ops_ok(
        &finance,
        "POST",
        &format!("/api/v1/ops/spendings/{id}/pay"),
        None,
    )
    .await;
}

async fn ledger(app: &TestApp) -> Value {
    app.get_json("/api/v1/ledger").await
}

async fn db(app: &TestApp) -> SqliteConnection {
    SqliteConnection::connect(&app.database_url)
        .await
        .expect("open database")
}

#[tokio::test]
async fn confirming_a_pledge_writes_an_in_entry_and_moves_it_from_pledged_to_raised() {
    let app = spawn_app().await;
    app.add_operator("finance", "finance", &[]).await;
    let finance = app.login("finance").await;
    let pledge = app.pledge(25_000).await;
    let before = project(&app).await;
    assert_eq!(before["pledged"], 125_000);
    let reference = pledge["reference"].as_str().unwrap();
    let entry = app
        .ops_ok(
            &finance,
            "POST",
            &format!("/api/v1/ops/pledges/{reference}/confirm"),
            Some(&json!({ "channel": "WeChat Pay", "date": today() })),
        )
        .await;
    assert_eq!(entry["seq"], 1);
    assert_eq!(entry["kind"], "in");
    assert_eq!(entry["amount"], 25_000);
    let ledger_id = entry["donation"].as_str().unwrap();
    assert!(
        ledger_id.starts_with("D-") && !ledger_id.contains(&reference[4..8]),
        "the public ledger names the donation by an id that opens nothing: {ledger_id}"
    );
    assert_eq!(entry["recorded_by"], "finance");
    let after = project(&app).await;
    assert_eq!(after["raised"], 5_025_000);
    assert_eq!(after["pledged"], 100_000);
    assert_eq!(after["donors"], 11);
    let donor_view = app
        .get_ticket_json(
            &format!("/api/v1/donations/{reference}"),
            pledge["pin"].as_str().unwrap(),
        )
        .await;
    assert_eq!(donor_view["status"], "confirmed");
    assert_eq!(
        donor_view["ledger_id"], ledger_id,
        "the donor can find their entry"
    );
    let res = app
        .ops(
            Some(&finance),
            "POST",
            &format!("/api/v1/ops/pledges/{reference}/confirm"),
            Some(&json!({ "channel": "WeChat Pay", "date": today() })),
        )
        .await;
    error_of(res, 409, "already_confirmed").await;
    let res = app
        .post(
            &format!("/api/v1/donations/{reference}/cancel"),
            &unique_key(),
            &json!({ "pin": pledge["pin"] }),
        )
        .await;
    assert_eq!(res.status(), 409, "a received donation cannot be withdrawn");
    app.stop().await;
}

#[tokio::test]
async fn a_spending_goes_pending_approved_paid_and_needs_a_second_person_to_approve() {
    let app = spawn_app().await;
    app.add_operator("finance", "finance", &[]).await;
    app.add_operator("admin", "admin", &[]).await;
    let finance = app.login("finance").await;
    let admin = app.login("admin").await;
    let body = json!({ "project": PROJECT, "amount": 80_000, "payee": "Mason Chen", "purpose": "Ridge beam", "date": today() });
    let res = app
        .ops(Some(&finance), "POST", "/api/v1/ops/spendings", Some(&json!({ "project": PROJECT, "amount": 0, "payee": "", "purpose": "x", "date": today(), "receipt_sha256": "xyz" })))
        .await;
    let errors = error_of(res, 422, "invalid_fields").await;
    for field in ["amount", "payee", "receipt_sha256"] {
        assert!(errors.contains_key(field), "{field}: {errors:?}");
    }
    let created = app
        .ops_ok(&finance, "POST", "/api/v1/ops/spendings", Some(&body))
        .await;
    assert_eq!(created["stage"], "pending");
    let id = created["id"].as_u64().unwrap();
    let res = app
        .ops(
            Some(&finance),
            "POST",
            &format!("/api/v1/ops/spendings/{id}/pay"),
            None,
        )
        .await;
    error_of(res, 409, "wrong_stage").await;
    let res = app
        .ops(
            Some(&finance),
            "POST",
            &format!("/api/v1/ops/spendings/{id}/approve"),
            None,
        )
        .await;
    error_of(res, 409, "second_approver_required").await;
    let approved = app
        .ops_ok(
            &admin,
            "POST",
            &format!("/api/v1/ops/spendings/{id}/approve"),
            None,
        )
        .await;
    assert_eq!(approved["stage"], "approved");
    assert_eq!(approved["approved_by"], "admin");
    let paid = app
        .ops_ok(
            &finance,
            "POST",
            &format!("/api/v1/ops/spendings/{id}/pay"),
            None,
        )
        .await;
    assert_eq!(paid["stage"], "paid");
    assert_eq!(paid["paid_by"], "finance");
    let list = app
        .ops_ok(&finance, "GET", "/api/v1/ops/spendings", None)
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    let ledger = ledger(&app).await;
    let stages: Vec<&str> = ledger["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["stage"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["pending", "approved", "paid"]);
    assert!(ledger["entries"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["kind"] == "out" && e["spending"] == id));
    app.stop().await;
}

#[tokio::test]
async fn the_public_ledger_verifies_in_the_server_and_with_the_shared_model_code() {
    let app = spawn_app().await;
    let empty = ledger(&app).await;
    assert_eq!(empty["entries"], json!([]));
    assert_eq!(empty["verified"], true);
    assert_eq!(empty["head"], model::ledger::GENESIS_HASH);

    busy_ledger(&app).await;
    let ledger = ledger(&app).await;
    assert_eq!(ledger["verified"], true);
    let entries: Vec<LedgerEntry> = serde_json::from_value(ledger["entries"].clone()).unwrap();
    assert_eq!(entries.len(), 4);
    assert_eq!(
        verify_chain(&entries).unwrap(),
        ledger["head"].as_str().unwrap(),
        "what a browser would compute"
    );

    let res = app.get("/api/v1/ledger.csv").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert_eq!(
        res.headers()["x-ledger-head"].to_str().unwrap(),
        ledger["head"].as_str().unwrap()
    );
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with("seq,recorded_at,kind,stage,project,amount_fen"));
    assert!(lines[1].starts_with("1,") && lines[1].contains(",in,,old-hall-roof,30000,"));
    assert!(
        lines[2].contains("\"Roof tiles, \"\"grade A\"\"\""),
        "quoted: {}",
        lines[2]
    );
    assert!(lines[4].ends_with(ledger["head"].as_str().unwrap()));
    app.stop().await;
}

#[tokio::test]
async fn the_stored_ledger_refuses_plain_updates_and_deletes() {
    let app = spawn_app().await;
    busy_ledger(&app).await;
    let mut conn = db(&app).await;
    let update = sqlx::query("UPDATE ledger_entry SET amount = 1 WHERE seq = 1")
        .execute(&mut conn)
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM ledger_entry WHERE seq = 4")
        .execute(&mut conn)
        .await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(ledger(&app).await["verified"], true);
    app.stop().await;
}

#[tokio::test]
async fn tampering_with_removing_or_reordering_stored_entries_is_detected() {
    // Every case is caught by checking against the head published before (on the notice
    // board); all but a consistent rewrite of the end are caught by the server on its own.
    let cases: &[(&str, &[&str])] = &[
        ("a changed amount", &["UPDATE ledger_entry SET amount = amount + 100 WHERE seq = 1"]),
        ("a changed note in the stored JSON", &["UPDATE ledger_entry SET entry = json_set(entry, '$.note', 'nothing to see') WHERE seq = 1"]),
        ("a changed payee", &["UPDATE ledger_entry SET entry = json_set(entry, '$.payee', 'Someone else') WHERE seq = 3"]),
        ("a removed middle entry", &["DELETE FROM ledger_entry WHERE seq = 2"]),
        ("a removed last entry", &["DELETE FROM ledger_entry WHERE seq = 4"]),
        ("a removed last entry with the head moved back", &[
            "DELETE FROM ledger_entry WHERE seq = 4",
            "UPDATE ledger_head SET seq = 3, hash = (SELECT hash FROM ledger_entry WHERE seq = 3)",
        ]),
        ("two entries swapped", &[
            "UPDATE ledger_entry SET seq = -2 WHERE seq = 2",
            "UPDATE ledger_entry SET seq = 2 WHERE seq = 3",
            "UPDATE ledger_entry SET seq = 3 WHERE seq = -2",
        ]),
        ("an entry re-hashed after its change", &[
            "UPDATE ledger_entry SET amount = 1, hash = 'f' || substr(hash, 2) WHERE seq = 2",
        ]),
    ];
    for (case, statements) in cases {
        let app = spawn_app().await;
        busy_ledger(&app).await;
        let before = ledger(&app).await;
        assert_eq!(before["verified"], true, "{case}: before");
        let published = before["head"].as_str().unwrap().to_owned();
        let mut conn = db(&app).await;
        // Someone with the database file does not go through the triggers.
        for trigger in ["ledger_entry_no_update", "ledger_entry_no_delete"] {
            sqlx::query(&format!("DROP TRIGGER {trigger}"))
                .execute(&mut conn)
                .await
                .unwrap();
        }
        for sql in *statements {
            sqlx::query(sql).execute(&mut conn).await.unwrap();
        }
        conn.close().await.unwrap();
        let after = ledger(&app).await;
        let entries: Vec<LedgerEntry> = serde_json::from_value(after["entries"].clone()).unwrap();
        assert!(
            model::ledger::verify_against_head(&entries, &published).is_err(),
            "{case}: the check against the published head passes"
        );
        if case.contains("head moved back") {
            assert_ne!(
                after["head"],
                published.as_str(),
                "{case}: the head shown has changed"
            );
        } else {
            assert_eq!(
                after["verified"], false,
                "{case} was not detected by the server"
            );
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn a_mistake_is_corrected_by_a_new_entry_and_the_chain_still_verifies() {
    let app = spawn_app().await;
    busy_ledger(&app).await;
    let finance = app.login("finance").await;
    let raised = project(&app).await["raised"].as_i64().unwrap();
    let res = app
        .ops(
            Some(&finance),
            "POST",
            "/api/v1/ops/ledger/corrections",
            Some(&json!({ "corrects": 1, "amount": 0, "date": today(), "note": "" })),
        )
        .await;
    let errors = error_of(res, 422, "invalid_fields").await;
    assert!(errors.contains_key("amount") && errors.contains_key("note"));
    let res = app
        .ops(
            Some(&finance),
            "POST",
            "/api/v1/ops/ledger/corrections",
            Some(&json!({ "corrects": 99, "amount": -100, "date": today(), "note": "No such" })),
        )
        .await;
    error_of(res, 404, "not_found").await;
    let entry = app
        .ops_ok(&finance, "POST", "/api/v1/ops/ledger/corrections",
                Some(&json!({ "corrects": 1, "amount": -5_000, "date": today(), "note": "Bank fee deducted" })))
        .await;
    assert_eq!(entry["seq"], 5);
    assert_eq!(entry["corrects"], 1);
    assert_eq!(entry["kind"], "in");
    assert_eq!(
        project(&app).await["raised"].as_i64().unwrap(),
        raised - 5_000
    );
    let ledger = ledger(&app).await;
    assert_eq!(ledger["verified"], true);
    assert_eq!(
        ledger["entries"][0]["amount"], 30_000,
        "the first entry is untouched"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_retried_spending_is_recorded_once() {
    let app = spawn_app().await;
    app.add_operator("finance", "finance", &[]).await;
    let finance = app.login("finance").await;
    let body = json!({ "project": PROJECT, "amount": 9_000, "payee": "Carpenter Li", "purpose": "Door", "date": today() });
    let send = |key: &'static str, body: Value| {
        app.client
            .post(app.url("/api/v1/ops/spendings"))
            .header("Cookie", &finance.cookie)
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let res = app
        .client
        .post(app.url("/api/v1/ops/spendings"))
        .header("Cookie", &finance.cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    error_of(res, 400, "idempotency_key_missing").await;
    let first = send("spend-1", body.clone()).await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = send("spend-1", body.clone()).await.unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    let mut other = body.clone();
    other["amount"] = json!(9_001);
    error_of(
        send("spend-1", other).await.unwrap(),
        422,
        "idempotency_key_reused",
    )
    .await;
    assert_eq!(ledger(&app).await["entries"].as_array().unwrap().len(), 1);
    app.stop().await;
}
