//! The Content-Security-Policy, with the hashes of `index.html`'s inline scripts.
//!
//! Trunk injects an inline `<script type="module">` that loads the WASM; `script-src 'self'`
//! alone would block it. The hashes are computed from the `index.html` being served and
//! recomputed when it changes (a new `trunk build` while the server runs).
use std::path::PathBuf;
use std::sync::RwLock;
use std::time::SystemTime;

use axum::http::HeaderValue;
use base64::Engine;
use sha2::{Digest, Sha256};

const BASE: [&str; 8] = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
];

/// The policy for the current `index.html`.
#[derive(Debug)]
pub struct Csp {
    index: PathBuf,
    current: RwLock<(Option<SystemTime>, HeaderValue)>,
}

impl Csp {
    /// Reads `index` (if it exists) and builds the policy.
    pub fn new(index: PathBuf) -> Self {
        let csp = Csp {
            index,
            current: RwLock::new((None, policy(&[]))),
        };
        csp.refresh();
        csp
    }

    /// The policy as last computed.
    pub fn header(&self) -> HeaderValue {
        self.current
            .read()
            .map(|c| c.1.clone())
            .unwrap_or_else(|_| policy(&[]))
    }

    /// The policy, first recomputed if `index.html` changed since it was read.
    pub fn refreshed_header(&self) -> HeaderValue {
        self.refresh();
        self.header()
    }

    fn refresh(&self) {
        let modified = std::fs::metadata(&self.index)
            .and_then(|m| m.modified())
            .ok();
        if self
            .current
            .read()
            .map(|c| c.0 == modified)
            .unwrap_or(false)
            && modified.is_some()
        {
            return;
        }
        let html = std::fs::read_to_string(&self.index).unwrap_or_default();
        let hashes = inline_script_hashes(&html);
        if !hashes.is_empty() {
            tracing::debug!(
                count = hashes.len(),
                "allowing index.html's inline scripts by hash"
            );
        }
        if let Ok(mut current) = self.current.write() {
            *current = (modified, policy(&hashes));
        }
    }
}

fn policy(hashes: &[String]) -> HeaderValue {
    let mut parts: Vec<String> = BASE.iter().map(|s| (*s).to_owned()).collect();
    for hash in hashes {
        parts[1].push_str(&format!(" 'sha256-{hash}'"));
    }
    HeaderValue::from_str(&parts.join("; "))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// Base64 SHA-256 of the text of every `<script>` without a `src`, as CSP wants it.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut at = 0;
    while let Some(open) = lower[at..].find("<script").map(|i| i + at) {
        let Some(tag_end) = lower[open..].find('>').map(|i| i + open) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script").map(|i| i + tag_end) else {
            break;
        };
        let attributes = &lower[open + "<script".len()..tag_end];
        let has_src = attributes
            .split(|c: char| c.is_ascii_whitespace())
            .any(|a| a.starts_with("src="));
        if !has_src {
            let body = &html[tag_end + 1..close];
            if !body.trim().is_empty() {
                let digest = Sha256::digest(body.as_bytes());
                hashes.push(base64::engine::general_purpose::STANDARD.encode(digest));
            }
        }
        at = close;
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunks_inline_module_script_is_allowed_by_its_hash() {
        let body = "\nimport init from '/portal-0123456789abcdef.js';\ninit();\n";
        let html = format!(
            "<html><head><script src=\"/sw-register.js\"></script>\
             <SCRIPT type=\"module\">{body}</SCRIPT></head></html>"
        );
        let hashes = inline_script_hashes(&html);
        let expected =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes()));
        assert_eq!(hashes, vec![expected.clone()]);
        let header = policy(&hashes);
        let text = header.to_str().unwrap();
        assert!(text.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{expected}';"
        )));
        assert!(text.contains("frame-ancestors 'none'"));
    }
}
