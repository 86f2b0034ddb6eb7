//! The answers every operation can give because of how it is reached, added to the OpenAPI
//! document after the handlers' own: a JSON body can be malformed (400), too large (413), not
//! JSON (415) or the wrong shape (422); a path segment can name nothing (404); a query or
//! header can be invalid (422, or 400 for `Idempotency-Key`); a rate-limited route answers 429;
//! and any call that reaches the database can find it busy (503). What a handler documents
//! itself is kept.
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

/// Which operations are rate-limited per client address, by method and path under `/api/v1`.
pub type LimitedFn = fn(method: &str, path: &str) -> bool;

/// Adds the common error answers to every operation of `doc`.
pub fn add_common_errors(doc: &mut OpenApi, limited: LimitedFn) {
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in [
            ("get", &mut item.get),
            ("post", &mut item.post),
            ("put", &mut item.put),
            ("patch", &mut item.patch),
            ("delete", &mut item.delete),
        ] {
            if let Some(op) = op.as_mut() {
                let short = path.strip_prefix(super::BASE).unwrap_or(path);
                add_to(op, limited(method, short));
            }
        }
    }
}

fn add_to(op: &mut Operation, limited: bool) {
    let params = op.parameters.as_deref().unwrap_or_default();
    let has = |place: ParameterIn| params.iter().any(|p| p.parameter_in == place);
    let has_header = |name: &str| {
        params
            .iter()
            .any(|p| p.parameter_in == ParameterIn::Header && p.name.eq_ignore_ascii_case(name))
    };
    let mut add: Vec<(&str, &str)> = Vec::new();
    if has_header("Idempotency-Key") {
        add.push((
            "400",
            "No Idempotency-Key header, or not 1–255 visible ASCII characters",
        ));
    }
    if op.request_body.is_some() {
        add.extend([
            ("400", "The body is not valid JSON"),
            ("413", "The body is larger than 16 KiB"),
            ("415", "The body is not sent as application/json"),
            (
                "422",
                "The body does not have the expected fields, or some fields are not valid",
            ),
        ]);
    }
    if has(ParameterIn::Path) {
        add.push(("404", "Nothing at this path"));
    }
    if has(ParameterIn::Query) || has(ParameterIn::Header) {
        add.push(("422", "A query parameter or header is not valid"));
    }
    if limited {
        add.push((
            "429",
            "Too many requests from this address (`rate_limited`, with `Retry-After`)",
        ));
    }
    add.push(("503", "The database is busy: try again shortly (`busy`)"));
    for (status, description) in add {
        op.responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| error_response(description));
    }
}

fn error_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build(),
    )
}
