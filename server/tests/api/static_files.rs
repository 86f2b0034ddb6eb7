//! Serving `dist/`: precompression, cache headers, deep links, config, probes, security headers.
use base64::Engine;
use model::SiteMode;
use sha2::{Digest, Sha256};

use crate::helpers::{spawn_app, spawn_app_with, INLINE_SCRIPT};

#[tokio::test]
async fn a_deep_link_gets_the_app_shell_and_a_missing_file_gets_404() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/schools/chen-family-hall",
        "/stay/yam-field-homestay/book",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache");
        assert!(
            res.text().await.unwrap().contains(INLINE_SCRIPT),
            "{path} is the shell"
        );
    }
    for path in [
        "/data/nope.json",
        "/img/x.svg",
        "/portal-ffffffffffffffff.js",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
    app.stop().await;
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404() {
    let app = spawn_app().await;
    for path in ["/api/v1/nope", "/api/v2/schools", "/api"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 404, "{path}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["code"], "not_found", "{path}");
    }
    app.stop().await;
}

#[tokio::test]
async fn hashed_files_are_immutable_and_come_precompressed() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/portal-0123456789abcdef.js"))
        .header("Accept-Encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.headers()["content-encoding"], "br");
    let gz = app
        .client
        .get(app.url("/"))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_eq!(gz.headers()["cache-control"], "no-cache");
    assert!(app.dir.path().join("dist/index.html.br").is_file());
    app.stop().await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_the_csp_allows_trunks_script() {
    let app = spawn_app().await;
    let hash =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(INLINE_SCRIPT.as_bytes()));
    for path in [
        "/",
        "/api/v1/schools",
        "/api/v1/nope",
        "/healthz",
        "/img/hall.svg",
    ] {
        let res = app.get(path).await;
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    }
    app.stop().await;
}

#[tokio::test]
async fn config_json_announces_the_api_in_api_mode_and_is_the_file_in_static_mode() {
    let app = spawn_app().await;
    let config: model::SiteConfig = app.get("/config.json").await.json().await.unwrap();
    assert_eq!(config.mode, SiteMode::Api);
    assert_eq!(config.api_base.as_deref(), Some("/api/v1"));
    assert_eq!(
        config.visitor_centre.phone, "0391-8888888",
        "the shipped visitor centre is kept"
    );
    app.stop().await;

    let app = spawn_app_with(SiteMode::Static).await;
    let config: model::SiteConfig = app.get("/config.json").await.json().await.unwrap();
    assert_eq!(config.mode, SiteMode::Static);
    assert_eq!(config.api_base, None);
    app.stop().await;
}

#[tokio::test]
async fn health_and_readiness_probes_answer() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ok");
    assert_eq!(app.get("/readyz").await.status(), 200);
    app.stop().await;
}

#[tokio::test]
async fn api_json_is_compressed_for_clients_that_ask() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/api/v1/schools"))
        .header("Accept-Encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "br");
    app.stop().await;
}
