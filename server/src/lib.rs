//! The Chenjiagou portal server: the JSON API under `/api/v1` and the front end from `dist/`.
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use model::SiteMode;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;

pub mod api;
pub mod cli;
pub mod dashboard;
pub mod error;
pub mod health;
pub mod http;
pub mod ledger_key;
pub mod listing_cache;
pub mod media;
pub mod notify;
pub mod pin_guard;
pub mod secrets;
pub mod security;
pub mod store;
pub mod telemetry;
pub mod web;

use store::DynStore;
use web::Web;

/// What the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen; port 0 picks a free port (tests).
    pub addr: SocketAddr,
    /// `sqlite://PATH`.
    pub database_url: String,
    /// The Trunk-built front end.
    pub dist: PathBuf,
    /// The listing snapshot the database is seeded from on first start.
    pub data: PathBuf,
    /// Whether `/config.json` announces the API or is the static file from `dist/`.
    pub mode: SiteMode,
    /// SQLite durability; `Full` unless measuring.
    pub synchronous: store::Synchronous,
    /// Rate limits, cookie and Origin rules.
    pub security: security::Security,
    /// The key that signs the ledger head.
    pub ledger_key: ledger_key::LedgerKeySource,
    /// The folder photos' copies are kept in.
    pub media: PathBuf,
    /// Where notices of bookings, orders and pledges are sent.
    pub notify: notify::Settings,
}

/// Everything a handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: DynStore,
    pub listings: Arc<listing_cache::Listings>,
    pub web: Arc<Web>,
    pub security: Arc<security::Security>,
    pub ledger_signer: Arc<ledger_key::LedgerSigner>,
    pub media: media::DynMedia,
}

/// The whole application: API, probes, `/config.json` and `dist/`.
pub fn app(state: AppState, mode: SiteMode) -> Router {
    let (api, _doc) = api::router(&state);
    let mut router = Router::new().merge(health::router()).merge(api);
    if mode == SiteMode::Api {
        router = router.route("/config.json", get(web::get_site_config));
    }
    router = router
        .route("/media/{name}", get(media::serve))
        .route("/sitemap.xml", get(web::get_sitemap))
        .route("/robots.txt", get(web::get_robots));
    // Pages drawn as HTML are compressed on the way, as tightly as dist/'s precompressed files
    // (brotli 11: 1.96 KB for home against 2.48 KB at the default level, about 10 ms a page);
    // files of dist/ come precompressed.
    let compress = tower_http::compression::CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(tower_http::CompressionLevel::Best);
    let fallback =
        tower::ServiceBuilder::new()
            .layer(compress)
            .service(axum::handler::Handler::with_state(
                web::serve_static,
                state.clone(),
            ));
    let hsts = state.security.https().then(|| {
        tower_http::set_header::SetResponseHeaderLayer::overriding(
            axum::http::header::STRICT_TRANSPORT_SECURITY,
            axum::http::HeaderValue::from_static(security::HSTS),
        )
    });
    router
        .fallback_service(fallback)
        .layer(axum::middleware::from_fn_with_state(
            state.web.clone(),
            web::security_headers,
        ))
        .layer(tower::util::option_layer(hsts))
        .layer(telemetry::layer())
        .layer(CatchPanicLayer::custom(panic_response))
        .with_state(state)
}

/// A panic in a handler is a bug: log it, answer an opaque 500, keep serving.
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "handler panicked");
    let mut res = error::ApiError::Internal(anyhow::anyhow!("panic")).into_response();
    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    res
}

/// A built application, bound to its port and ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    port: u16,
}

impl Application {
    /// Opens (creating, migrating and seeding) the store, prepares `dist/` and binds.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let store = store::open(&config.database_url, config.synchronous).await?;
        // The key first: the seeded history's head is signed like every later one.
        let ledger_signer = Arc::new(ledger_key::LedgerSigner::load(&config.ledger_key)?);
        store.set_ledger_signer(ledger_signer.clone());
        store::seed_if_empty(store.as_ref(), &config.data).await?;
        store.schedule_series(secrets::village_today()).await?;
        let web = Arc::new(Web::new(config.dist.clone(), config.mode).await?);
        let state = AppState {
            listings: Arc::new(listing_cache::Listings::new(
                store.clone(),
                listing_cache::Listings::max_age_for(&config.database_url),
            )),
            store,
            web,
            security: Arc::new(config.security.clone()),
            ledger_signer,
            media: Arc::new(media::FolderMedia::new(config.media.clone())),
        };
        spawn_expiry(&state);
        notify::spawn(&state.store, config.notify.clone());
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("binding {}", config.addr))?;
        let port = listener.local_addr()?.port();
        Ok(Application {
            listener,
            router: app(state, config.mode),
            port,
        })
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes, then finishes the requests in flight.
    pub async fn run_until(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!(addr = %self.listener.local_addr()?, "listening");
        // Rate limits are per peer IP, so the connection's address goes with each request.
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(stop)
        .await?;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Every minute, expires the requested bookings nobody confirmed in time, so their places show
/// as free even when nobody books or looks a booking up (both of which expire first); and each
/// new day in the village, adds the sessions the series offer a day further ahead.
fn spawn_expiry(state: &AppState) {
    let store = Arc::downgrade(&state.store);
    let listings = Arc::downgrade(&state.listings);
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        let mut scheduled_on = secrets::village_today();
        loop {
            every.tick().await;
            let (Some(store), Some(listings)) = (store.upgrade(), listings.upgrade()) else {
                return;
            };
            let today = secrets::village_today();
            if today != scheduled_on {
                match store.schedule_series(today).await {
                    Ok(_) => {
                        scheduled_on = today;
                        listings.invalidate(listing_cache::Collection::Schools);
                    }
                    Err(e) => tracing::warn!(error = %e, "could not schedule the series' sessions"),
                }
            }
            match store.expire_bookings().await {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(expired = n, "unconfirmed bookings expired");
                    listings.invalidate(listing_cache::Collection::Schools);
                }
                Err(e) => tracing::warn!(error = %e, "could not expire bookings"),
            }
        }
    });
}

/// Completes on Ctrl-C or SIGTERM. The SIGTERM handler is installed when this is called, not
/// when the future is first polled, so a SIGTERM that arrives as soon as the server answers
/// still stops it cleanly instead of killing it.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| tracing::error!(error = %e, "cannot listen for SIGTERM"))
        .ok();
    async move {
        let ctrl_c = async {
            if let Err(e) = tokio::signal::ctrl_c().await {
                tracing::error!(error = %e, "cannot listen for Ctrl-C");
                std::future::pending::<()>().await;
            }
        };
        #[cfg(unix)]
        let terminate = async move {
            match terminate {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            () = ctrl_c => {},
            () = terminate => {},
        }
        tracing::info!("shutting down: finishing requests in flight");
    }
}
