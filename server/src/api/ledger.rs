//! `GET /ledger` and `GET /ledger.csv`: the public donation ledger, verified on every read.
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use model::ledger::{verify_against_head, verify_chain, ChainError, GENESIS_HASH};
use model::operator::Ledger;
use model::LedgerEntry;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ErrorBody};
use crate::store::Store;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_ledger))
        .routes(routes!(get_ledger_csv))
}

/// Reads the ledger and checks its chain against the recorded head.
pub async fn verified_ledger(store: &dyn Store) -> Result<(Ledger, Option<ChainError>), ApiError> {
    let (entries, head) = store.ledger().await?;
    let problem = match &head {
        Some((_, hash)) => verify_against_head(&entries, hash).err(),
        None if entries.is_empty() => None,
        None => Some(ChainError::Head),
    };
    if let Some(p) = &problem {
        tracing::error!(problem = %p, "the donation ledger does not verify");
    }
    let head = match head {
        Some((_, hash)) => hash,
        None => verify_chain(&entries).unwrap_or_else(|_| GENESIS_HASH.to_owned()),
    };
    Ok((
        Ledger {
            entries,
            head,
            verified: problem.is_none(),
        },
        problem,
    ))
}

/// Every entry of the donation ledger in order, the head hash, and whether the server's
/// re-computation of the chain matches it.
///
/// Each entry's `hash` is SHA-256 over its canonical encoding (see `model::ledger`), which
/// includes `prev_hash`; the first entry's `prev_hash` is 64 zeros.
#[utoipa::path(get, path = "/ledger", tag = "donations",
    responses(
        (status = 200, description = "The ledger", body = Ledger),
    ))]
async fn get_ledger(State(state): State<AppState>) -> Result<Json<Ledger>, ApiError> {
    Ok(Json(verified_ledger(state.store.as_ref()).await?.0))
}

/// The ledger as CSV (UTF-8, one row per entry, amounts in fen), with the head hash in the
/// `X-Ledger-Head` header.
#[utoipa::path(get, path = "/ledger.csv", tag = "donations",
    responses(
        (status = 200, description = "CSV", content_type = "text/csv"),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    ))]
async fn get_ledger_csv(State(state): State<AppState>) -> Result<Response, ApiError> {
    let (ledger, _) = verified_ledger(state.store.as_ref()).await?;
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

/// The CSV text: RFC 4180 quoting, so notes with commas, quotes or line breaks stay one field.
pub fn ledger_csv(entries: &[LedgerEntry]) -> String {
    fn field(out: &mut String, value: &str) {
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
            field(&mut out, cell);
        }
        out.push_str("\r\n");
    }
    out
}
