//! The donation ledger: confirmed pledges in, approved and paid spendings out, a hash chain
//! anyone can check, and tampering with the stored entries is found.
use model::ledger::{verify_chain, Checkpoint, LedgerEntry};
use model::staff::Checkpoints;
use serde_json::{json, Value};
use sqlx::Connection;

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

/// An UPDATE that changes one field of an entry's stored JSON, in the backend's SQL.
fn edit_json(field: &str, value: &str, seq: u32) -> String {
    let edited = if on_postgres() {
        format!("jsonb_set(entry::jsonb, '{{{field}}}', to_jsonb('{value}'::text))::text")
    } else {
        format!("json_set(entry, '$.{field}', '{value}')")
    };
    format!("UPDATE ledger_entry SET entry = {edited} WHERE seq = {seq}")
}

/// Everything the database holds: the SQLite file, or every row of every PostgreSQL table.
async fn database_bytes(app: &TestApp) -> Vec<u8> {
    if !on_postgres() {
        return std::fs::read(app.dir.path().join("var/portal.db")).unwrap();
    }
    let mut conn = db(app).await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut all = Vec::new();
    for table in tables {
        let rows: Vec<String> = sqlx::query_scalar(&format!("SELECT t::text FROM {table} t"))
            .fetch_all(&mut conn)
            .await
            .unwrap();
        all.extend(rows.concat().into_bytes());
    }
    all
}

async fn db(app: &TestApp) -> sqlx::AnyConnection {
    app.db().await
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
    assert_eq!(after["raised"], 25_000);
    assert_eq!(after["pledged"], 100_000);
    assert_eq!(after["donors"], 1);
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
    // board), and by the server on its own: even moving the head back breaks the signed
    // checkpoints.
    let (note, payee) = (
        edit_json("note", "nothing to see", 1),
        edit_json("payee", "Someone else", 3),
    );
    let cases: &[(&str, &[&str])] = &[
        ("a changed amount", &["UPDATE ledger_entry SET amount = amount + 100 WHERE seq = 1"]),
        ("a changed note in the stored JSON", &[&note]),
        ("a changed payee", &[&payee]),
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
        drop_ledger_triggers(&mut conn).await;
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
        }
        assert_eq!(
            after["verified"], false,
            "{case} was not detected by the server"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_correction_needs_a_second_person_and_then_a_new_entry_keeps_the_chain_verified() {
    let app = spawn_app().await;
    busy_ledger(&app).await;
    let finance = app.login("finance").await;
    let treasurer = app.login("treasurer").await;
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
    // abs() of the smallest i64 wraps to itself; the size check must not let it through.
    let res = app
        .ops(
            Some(&finance),
            "POST",
            "/api/v1/ops/ledger/corrections",
            Some(&json!({ "corrects": 1, "amount": i64::MIN, "date": today(), "note": "Wrap" })),
        )
        .await;
    assert!(error_of(res, 422, "invalid_fields")
        .await
        .contains_key("amount"));
    let res = app
        .ops(
            Some(&finance),
            "POST",
            "/api/v1/ops/ledger/corrections",
            Some(&json!({ "corrects": 99, "amount": -100, "date": today(), "note": "No such" })),
        )
        .await;
    error_of(res, 404, "not_found").await;
    let pending = app
        .ops_ok(&finance, "POST", "/api/v1/ops/ledger/corrections",
                Some(&json!({ "corrects": 1, "amount": -5_000, "date": today(), "note": "Bank fee deducted" })))
        .await;
    assert_eq!(pending["status"], "pending");
    assert_eq!(pending["proposed_by"], "finance");
    assert_eq!(
        ledger(&app).await["entries"].as_array().unwrap().len(),
        4,
        "nothing in the ledger before a second person approves"
    );
    assert_eq!(project(&app).await["raised"].as_i64().unwrap(), raised);
    let approve = format!("/api/v1/ops/ledger/corrections/{}/approve", pending["id"]);
    let res = app.ops(Some(&finance), "POST", &approve, None).await;
    error_of(res, 409, "second_approver_required").await;
    let entry = app.ops_ok(&treasurer, "POST", &approve, None).await;
    assert_eq!(entry["seq"], 5);
    assert_eq!(entry["corrects"], 1);
    assert_eq!(entry["kind"], "in");
    assert_eq!(entry["recorded_by"], "finance + treasurer");
    let res = app.ops(Some(&treasurer), "POST", &approve, None).await;
    error_of(res, 409, "already_approved").await;
    assert_eq!(
        project(&app).await["raised"].as_i64().unwrap(),
        raised - 5_000
    );
    let listed = app
        .ops_ok(&finance, "GET", "/api/v1/ops/ledger/corrections", None)
        .await;
    assert_eq!(listed[0]["status"], "approved");
    assert_eq!(listed[0]["approved_by"], "treasurer");
    let ledger = ledger(&app).await;
    assert_eq!(ledger["verified"], true);
    assert_eq!(
        ledger["entries"][0]["amount"], 30_000,
        "the first entry is untouched"
    );
    app.stop().await;
}

#[tokio::test]
async fn every_head_is_signed_and_the_checkpoints_verify_with_the_published_key() {
    let app = spawn_app().await;
    busy_ledger(&app).await;
    let ledger = ledger(&app).await;
    let published: Checkpoints =
        serde_json::from_value(app.get_json("/api/v1/ledger/checkpoints").await).unwrap();
    assert_eq!(published.checkpoints.len(), 4, "one per append");
    let entries: Vec<LedgerEntry> = serde_json::from_value(ledger["entries"].clone()).unwrap();
    for c in &published.checkpoints {
        c.verify(Some(&published.public_key)).unwrap();
        assert!(c.is_extended_by(&entries));
    }
    let latest: Checkpoint = serde_json::from_value(ledger["checkpoint"].clone()).unwrap();
    assert_eq!(latest.seq, 4);
    assert_eq!(latest.head, ledger["head"].as_str().unwrap());
    let key = std::fs::read_to_string(app.dir.path().join("keys/ledger-signing.key")).unwrap();
    assert!(
        !database_bytes(&app)
            .await
            .windows(64)
            .any(|w| w == key.trim().as_bytes()),
        "the signing key is not in the database"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_consistent_rewrite_of_the_whole_chain_in_the_database_is_caught_by_the_signatures() {
    let app = spawn_app().await;
    busy_ledger(&app).await;
    // What a browser kept from its last visit.
    let kept: Checkpoint =
        serde_json::from_value(ledger(&app).await["checkpoint"].clone()).unwrap();
    let village_key = kept.public_key.clone();

    // Someone with the database file (not the key) rewrites the first entry and re-seals
    // every entry after it, and the head: the chain is consistent in itself.
    let mut conn = db(&app).await;
    drop_ledger_triggers(&mut conn).await;
    let rows: Vec<String> = sqlx::query_scalar("SELECT entry FROM ledger_entry ORDER BY seq")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    let mut prev = model::ledger::GENESIS_HASH.to_owned();
    for (i, row) in rows.iter().enumerate() {
        let mut e: LedgerEntry = serde_json::from_str(row).unwrap();
        if i == 0 {
            e.amount = model::Money(3_000);
        }
        e.seal(&prev);
        prev.clone_from(&e.hash);
        sqlx::query(
            "UPDATE ledger_entry SET amount = $1, entry = $2, prev_hash = $3, hash = $4 WHERE seq = $5",
        )
        .bind(e.amount.0)
        .bind(serde_json::to_string(&e).unwrap())
        .bind(&e.prev_hash)
        .bind(&e.hash)
        .bind(e.seq as i64)
        .execute(&mut conn)
        .await
        .unwrap();
    }
    sqlx::query("UPDATE ledger_head SET hash = $1 WHERE id = 1")
        .bind(&prev)
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    let after = ledger(&app).await;
    let entries: Vec<LedgerEntry> = serde_json::from_value(after["entries"].clone()).unwrap();
    assert_eq!(
        verify_chain(&entries).unwrap(),
        prev,
        "the hash chain alone is fooled"
    );
    assert_eq!(
        after["verified"], false,
        "the server's signature check is not"
    );
    // The browser's check, with the same model code: the checkpoint it kept is not extended,
    // and the head shown carries no valid signature.
    assert!(!kept.is_extended_by(&entries));
    let shown: Checkpoint = serde_json::from_value(after["checkpoint"].clone()).unwrap();
    assert!(
        shown.head != after["head"].as_str().unwrap() || shown.verify(Some(&village_key)).is_err()
    );
    // Re-signing needs the key: a checkpoint signed with another key is refused.
    let forger = server::ledger_key::LedgerSigner::from_seed([9; 32]);
    let forged = forger.sign(4, &prev, chrono::Utc::now());
    assert_eq!(
        forged.verify(Some(&village_key)),
        Err(model::ledger::CheckpointError::OtherKey)
    );
    app.stop().await;
}

#[tokio::test]
async fn a_csv_cell_that_would_run_as_a_formula_comes_out_inert() {
    let app = spawn_app().await;
    app.add_operator("finance", "finance", &[]).await;
    let finance = app.login("finance").await;
    app.ops_ok(
        &finance,
        "POST",
        "/api/v1/ops/spendings",
        Some(&json!({ "project": PROJECT, "amount": 1_000, "payee": "=HYPERLINK(\"http://evil.example\",\"Click\")",
                      "purpose": "@SUM(A1:A9)", "date": today(), "note": "+1 -1" })),
    )
    .await;
    let csv = app.get("/api/v1/ledger.csv").await.text().await.unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\""),
        "{row}"
    );
    assert!(row.contains(",'@SUM(A1:A9),"), "{row}");
    assert!(row.contains(",'+1 -1,"), "{row}");
    assert!(
        !row.split(',')
            .any(|cell| cell.starts_with(['=', '+', '-', '@'])),
        "{row}"
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

/// The fixture with a recorded history: two gifts and a paid spending, sealed as a data file
/// holds them, and the project's figures as the ledger adds them up.
fn collections_with_history() -> (serde_json::Map<String, Value>, Vec<LedgerEntry>) {
    use model::ledger::{EntryKind, SpendingStage, GENESIS_HASH};
    let at = |day: i64| chrono::DateTime::from_timestamp(1_780_000_000 + day * 86_400, 0).unwrap();
    let entry = |seq: u64, kind, stage, amount: i64, donation: Option<&str>| LedgerEntry {
        seq,
        recorded_at: at(seq as i64),
        kind,
        stage,
        project: PROJECT.into(),
        amount: model::Money(amount),
        date: at(seq as i64).date_naive(),
        donation: donation.map(str::to_owned),
        spending: None,
        channel: "bank transfer".into(),
        payee: String::new(),
        purpose: String::new(),
        receipt_sha256: None,
        note: "from the paper ledger".into(),
        corrects: None,
        recorded_by: "paper-ledger".into(),
        prev_hash: String::new(),
        hash: String::new(),
    };
    let mut history = vec![
        entry(1, EntryKind::In, None, 300_000, Some("D-HST23456")),
        entry(2, EntryKind::In, None, 200_000, Some("D-HST34567")),
        entry(3, EntryKind::Out, Some(SpendingStage::Paid), 50_000, None),
    ];
    let mut prev = GENESIS_HASH.to_owned();
    for e in &mut history {
        e.seal(&prev);
        prev.clone_from(&e.hash);
    }
    let mut collections = fixture_collections();
    let project = &mut collections["projects"][0];
    project["raised"] = json!(500_000);
    project["donors"] = json!(2);
    project["spent"] = json!(50_000);
    collections.insert("ledger".into(), serde_json::to_value(&history).unwrap());
    (collections, history)
}

/// The project's (raised, donors, spent) as the API shows it, and as the ledger adds up.
async fn figures_and_ledger_totals(app: &TestApp) -> ((i64, u64, i64), (i64, u64, i64)) {
    let p = project(app).await;
    let shown = (
        p["raised"].as_i64().unwrap(),
        p["donors"].as_u64().unwrap(),
        p["spent"].as_i64().unwrap(),
    );
    let entries: Vec<LedgerEntry> =
        serde_json::from_value(ledger(app).await["entries"].clone()).unwrap();
    let (per_project, _) = model::ledger::totals(&entries);
    let t = per_project[PROJECT];
    (shown, (t.received.0, u64::from(t.donors), t.paid.0))
}

#[tokio::test]
async fn the_seeded_history_is_chained_and_signed_and_project_totals_are_the_ledgers() {
    let (collections, history) = collections_with_history();
    let app = spawn_app_from(model::SiteMode::Api, unlimited(), collections).await;
    let seeded = ledger(&app).await;
    assert_eq!(seeded["verified"], true, "{seeded}");
    let entries: Vec<LedgerEntry> = serde_json::from_value(seeded["entries"].clone()).unwrap();
    assert_eq!(
        entries, history,
        "the history is appended as the data file holds it"
    );
    assert_eq!(seeded["checkpoint"]["seq"], 3, "the seeded head is signed");
    assert_eq!(seeded["checkpoint"]["head"], seeded["head"]);
    let (shown, summed) = figures_and_ledger_totals(&app).await;
    assert_eq!(shown, (500_000, 2, 50_000));
    assert_eq!(shown, summed);
    // Live entries on top of the history: a pledge confirmed, a spending paid.
    busy_ledger(&app).await;
    let (shown, summed) = figures_and_ledger_totals(&app).await;
    assert_eq!(shown, (530_000, 3, 62_000));
    assert_eq!(shown, summed);
    assert_eq!(ledger(&app).await["verified"], true);
    app.stop().await;
}
