//! `GET /ledger` and `GET /ledger.csv`: the public donation ledger, verified on every read.
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use model::ledger::{verify_against_head, verify_chain, ChainError, GENESIS_HASH};
use model::staff::{Checkpoints, Ledger};
use model::LedgerEntry;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ErrorBody};
use crate::store::{Store, StoredLedger};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_ledger))
        .routes(routes!(get_ledger_csv))
        .routes(routes!(get_checkpoints))
}

/// Why the stored ledger does not verify, if it does not.
fn signature_problem(stored: &StoredLedger, village_key: &str) -> Option<String> {
    let head = stored.head.clone().unwrap_or((0, GENESIS_HASH.to_owned()));
    for c in &stored.checkpoints {
        if let Err(e) = c.verify(Some(village_key)) {
            return Some(format!("checkpoint {}: {e}", c.seq));
        }
        if !c.is_extended_by(&stored.entries) {
            return Some(format!(
                "the ledger no longer contains the signed entry {}: history was rewritten",
                c.seq
            ));
        }
    }
    match stored.checkpoints.last() {
        None if stored.entries.is_empty() => None,
        None => Some("the ledger head is not signed".to_owned()),
        Some(c) if (c.seq, c.head.as_str()) != (head.0, head.1.as_str()) => {
            Some("the ledger head is not the signed one".to_owned())
        }
        Some(_) => None,
    }
}

/// Reads the ledger and checks its chain against the recorded head, and the head and every
/// checkpoint against the village's signing key.
pub async fn verified_ledger(
    store: &dyn Store,
    village_key: &str,
) -> Result<(Ledger, Option<String>), ApiError> {
    let stored = store.ledger().await?;
    let chain_problem = match &stored.head {
        Some((_, hash)) => verify_against_head(&stored.entries, hash).err(),
        None if stored.entries.is_empty() => None,
        None => Some(ChainError::Head),
    };
    let problem = chain_problem
        .map(|p| p.to_string())
        .or_else(|| signature_problem(&stored, village_key));
    if let Some(p) = &problem {
        tracing::error!(problem = %p, "the donation ledger does not verify");
    }
    let head = match &stored.head {
        Some((_, hash)) => hash.clone(),
        None => verify_chain(&stored.entries).unwrap_or_else(|_| GENESIS_HASH.to_owned()),
    };
    let checkpoint = stored.checkpoints.last().cloned();
    Ok((
        Ledger {
            entries: stored.entries,
            head,
            verified: problem.is_none(),
            checkpoint,
        },
        problem,
    ))
}

/// Every entry of the donation ledger in order, the head hash, the latest signed checkpoint,
/// and whether the server's re-computation of the chain and of the signatures holds.
///
/// Each entry's `hash` is SHA-256 over its canonical encoding (see `model::ledger`), which
/// includes `prev_hash`; the first entry's `prev_hash` is 64 zeros. The head is signed with
/// the village's Ed25519 key (see `GET /ledger/checkpoints`).
#[utoipa::path(get, path = "/ledger", tag = "donations",
    responses(
        (status = 200, description = "The ledger", body = Ledger),
    ))]
async fn get_ledger(State(state): State<AppState>) -> Result<Json<Ledger>, ApiError> {
    Ok(Json(
        verified_ledger(state.store.as_ref(), state.ledger_signer.public_key())
            .await?
            .0,
    ))
}

/// The village's ledger key and every signed checkpoint of the head, oldest first. A
/// checkpoint signs `cjg-ledger-checkpoint-v1\n{seq}\n{head}\n{signed_at}\n` (signed_at as
/// RFC 3339 with milliseconds, `Z`); a later ledger must still contain each signed head at its
/// `seq`.
#[utoipa::path(get, path = "/ledger/checkpoints", tag = "donations",
    responses(
        (status = 200, description = "The public key and the checkpoints", body = Checkpoints),
    ))]
async fn get_checkpoints(State(state): State<AppState>) -> Result<Json<Checkpoints>, ApiError> {
    Ok(Json(Checkpoints {
        public_key: state.ledger_signer.public_key().to_owned(),
        checkpoints: state.store.ledger().await?.checkpoints,
    }))
}

/// The ledger as CSV (UTF-8, one row per entry, amounts in fen), with the head hash in the
/// `X-Ledger-Head` header.
#[utoipa::path(get, path = "/ledger.csv", tag = "donations",
    responses(
        (status = 200, description = "CSV", content_type = "text/csv"),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    ))]
async fn get_ledger_csv(State(state): State<AppState>) -> Result<Response, ApiError> {
    let (ledger, _) =
        verified_ledger(state.store.as_ref(), state.ledger_signer.public_key()).await?;
    let mut res = ledger_csv(&ledger.entries).into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"chenjiagou-ledger.csv\""),
    );
    if let Ok(head) = HeaderValue::from_str(&ledger.head) {
        headers.insert("x-ledger-head", head);
    }
    Ok(res)
}

/// The CSV text: RFC 4180 quoting, so notes with commas, quotes or line breaks stay one field;
/// a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
/// so that a spreadsheet shows it instead of running it as a formula (OWASP CSV injection).
pub fn ledger_csv(entries: &[LedgerEntry]) -> String {
    const AMOUNT_COLUMN: usize = 5;
    fn field(out: &mut String, value: &str) {
        let neutralised;
        let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            neutralised = format!("'{value}");
            &neutralised
        } else {
            value
        };
        if value.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&value.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(value);
        }
    }
    let mut out = String::from(
        "seq,recorded_at,kind,stage,project,amount_fen,date,donation,spending,channel,payee,purpose,receipt_sha256,note,corrects,recorded_by,prev_hash,hash\r\n",
    );
    for e in entries {
        let cells = [
            e.seq.to_string(),
            e.recorded_at
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            e.kind.as_str().to_owned(),
            e.stage.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            e.project.clone(),
            e.amount.0.to_string(),
            e.date.to_string(),
            e.donation.clone().unwrap_or_default(),
            e.spending.map(|s| s.to_string()).unwrap_or_default(),
            e.channel.clone(),
            e.payee.clone(),
            e.purpose.clone(),
            e.receipt_sha256.clone().unwrap_or_default(),
            e.note.clone(),
            e.corrects.map(|s| s.to_string()).unwrap_or_default(),
            e.recorded_by.clone(),
            e.prev_hash.clone(),
            e.hash.clone(),
        ];
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if i == AMOUNT_COLUMN {
                // A number the server wrote (negative in a correction), not text.
                out.push_str(cell);
            } else {
                field(&mut out, cell);
            }
        }
        out.push_str("\r\n");
    }
    out
}
