//! `spawn_app()`: the real application on a random loopback port, with a fresh database seeded
//! from a small fixture catalog (dates relative to today) and a tiny `dist/`.
//!
//! The database is SQLite, or, with `PORTAL_TEST_BACKEND=postgres`, a new PostgreSQL database
//! made on the server `TEST_DATABASE_URL` names and dropped after the test: the whole suite
//! runs on either backend (`make unit` runs it on both when `TEST_DATABASE_URL` is set).
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};
use model::{Catalog, SiteMode};
use serde_json::{json, Value};
use server::{Application, Config};
use sqlx::Connection;
use tempfile::TempDir;
use tokio::sync::oneshot;

/// The inline script Trunk would inject, whose hash the CSP must carry.
pub const INLINE_SCRIPT: &str = "import init from '/portal-0123456789abcdef.js';\nawait init();\n";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub dir: TempDir,
    pub database_url: String,
    /// Dropped last: drops a PostgreSQL test database.
    _database: Option<TestDatabase>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("GET failed")
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let res = self.get(path).await;
        assert_eq!(res.status(), 200, "GET {path}");
        res.json().await.expect("not JSON")
    }

    /// GETs a booking, order or pledge by reference, with its PIN in `X-Ticket-Pin`.
    pub async fn get_ticket(&self, path: &str, pin: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("X-Ticket-Pin", pin)
            .send()
            .await
            .expect("GET failed")
    }

    /// [`TestApp::get_ticket`] that must answer 200; its JSON.
    pub async fn get_ticket_json(&self, path: &str, pin: &str) -> Value {
        let res = self.get_ticket(path, pin).await;
        assert_eq!(res.status(), 200, "GET {path}");
        res.json().await.expect("not JSON")
    }

    /// POSTs JSON with an Idempotency-Key.
    pub async fn post(&self, path: &str, key: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .expect("POST failed")
    }

    /// POSTs raw bytes with a content type and an Idempotency-Key.
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("Idempotency-Key", unique_key())
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .expect("POST failed")
    }

    /// Persons booked in a session, as the listing shows it.
    pub async fn booked(&self, session: &str) -> u64 {
        let schools = self.get_json("/api/v1/schools").await;
        schools
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["programs"].as_array().unwrap())
            .flat_map(|p| p["sessions"].as_array().unwrap())
            .find(|s| s["id"] == session)
            .map(|s| s["booked"].as_u64().unwrap())
            .expect("no such session")
    }

    /// Units left of a variant, as the listing shows it.
    pub async fn stock(&self, sku: &str) -> u64 {
        let products = self.get_json("/api/v1/products").await;
        products
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["variants"].as_array().unwrap())
            .find(|v| v["sku"] == sku)
            .map(|v| v["stock"].as_u64().unwrap())
            .expect("no such variant")
    }

    /// Stops the server, finishing requests in flight.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("server task panicked")
                .expect("server failed");
        }
    }
}

pub fn unique_key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    )
}

/// Today in the village, as the server sees it.
pub fn today() -> NaiveDate {
    server::secrets::village_today()
}

pub fn days_from_today(days: i64) -> NaiveDate {
    if days >= 0 {
        today() + Days::new(days as u64)
    } else {
        today() - Days::new(days.unsigned_abs())
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(SiteMode::Api).await
}

pub async fn spawn_app_with(mode: SiteMode) -> TestApp {
    spawn_app_configured(mode, unlimited()).await
}

/// The defaults, but no per-address limit on creating or looking up: every test client comes
/// from 127.0.0.1. The limits are tested with their own settings (`security.rs`).
pub fn unlimited() -> server::security::Security {
    use server::security::{RateLimit, Security};
    let off = RateLimit {
        burst: 0,
        per_minute: 1,
    };
    Security {
        create_limit: off,
        lookup_limit: off,
        ..Security::default()
    }
}

pub async fn spawn_app_configured(mode: SiteMode, security: server::security::Security) -> TestApp {
    spawn_app_from(mode, security, fixture_collections()).await
}

/// The app seeded from `collections` (the fixture's shape) instead of the fixture.
pub async fn spawn_app_from(
    mode: SiteMode,
    security: server::security::Security,
    collections: serde_json::Map<String, Value>,
) -> TestApp {
    spawn_app_notifying(mode, security, collections, Default::default()).await
}

/// The app, sending its notices as `notify` says.
pub async fn spawn_app_notifying(
    mode: SiteMode,
    security: server::security::Security,
    collections: serde_json::Map<String, Value>,
    notify: server::notify::Settings,
) -> TestApp {
    init_logs();
    let dir = tempfile::tempdir().expect("temp dir");
    let data = write_data(dir.path(), collections);
    let dist = write_dist(dir.path());
    let (database_url, database) = test_database(dir.path()).await;
    let config = Config {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        database_url: database_url.clone(),
        dist,
        data,
        mode,
        synchronous: server::store::Synchronous::Full,
        security,
        ledger_key: server::ledger_key::LedgerKeySource::File(
            dir.path().join("keys/ledger-signing.key"),
        ),
        media: dir.path().join("var/media"),
        notify,
    };
    let app = Application::build(config).await.expect("build failed");
    let address = format!("http://127.0.0.1:{}", app.port());
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        dir,
        database_url,
        _database: database,
        stop: Some(stop),
        server: Some(server),
    }
}

/// True when this run is on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("PORTAL_TEST_BACKEND").as_deref() == Ok("postgres")
}

/// A fresh database for one test: a SQLite file under `root`, or a new PostgreSQL database.
pub async fn test_database(root: &Path) -> (String, Option<TestDatabase>) {
    if !on_postgres() {
        let url = format!("sqlite://{}", root.join("var/portal.db").display());
        return (url, None);
    }
    let admin = std::env::var("TEST_DATABASE_URL")
        .expect("PORTAL_TEST_BACKEND=postgres needs TEST_DATABASE_URL=postgres://…");
    let name = format!("portal_test_{}", unique_key().replace('-', "_"));
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("connect to TEST_DATABASE_URL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create a test database");
    let url = database_named(&admin, &name);
    (url, Some(TestDatabase { admin, name }))
}

/// `url` with its database replaced by `name`.
fn database_named(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let server = base.rsplit_once('/').map_or(base, |(s, _)| s);
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

/// A PostgreSQL database made for one test, dropped with it.
pub struct TestDatabase {
    admin: String,
    name: String,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        // Drop runs inside the test's runtime, which cannot block on itself.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&admin).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await
                    .map(drop)
            })
        })
        .join();
        if let Ok(Err(e)) = dropped {
            eprintln!("could not drop test database {}: {e}", self.name);
        }
    }
}

impl TestApp {
    /// A direct connection to the test's database, for what the API does not show.
    pub async fn db(&self) -> sqlx::AnyConnection {
        sqlx::any::install_default_drivers();
        sqlx::AnyConnection::connect(&self.database_url)
            .await
            .expect("open database")
    }
}

/// Drops the triggers that keep the ledger append-only, as someone with the database (and
/// not the signing key) could.
pub async fn drop_ledger_triggers(conn: &mut sqlx::AnyConnection) {
    for trigger in ["ledger_entry_no_update", "ledger_entry_no_delete"] {
        let sql = if on_postgres() {
            format!("DROP TRIGGER {trigger} ON ledger_entry")
        } else {
            format!("DROP TRIGGER {trigger}")
        };
        sqlx::query(&sql).execute(&mut *conn).await.unwrap();
    }
}

/// How long a server process keeps a listing another process may change.
pub const LISTING_MAX_AGE_MS: u64 = 100;

/// A `server serve` process of the real binary, killed when dropped.
pub struct ServerProcess {
    pub child: tokio::process::Child,
    pub address: String,
}

/// Starts `server serve` on a free port with the fixture data under `root` and the database
/// at `database_url`, and waits until it listens. Processes started on one `root` share its
/// ledger signing key, as servers behind one load balancer share theirs.
pub async fn start_process(root: &Path, database_url: &str) -> ServerProcess {
    start_process_with(root, database_url, &[]).await
}

/// [`start_process`] with more flags.
pub async fn start_process_with(root: &Path, database_url: &str, more: &[&str]) -> ServerProcess {
    use tokio::io::AsyncBufReadExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["serve", "--addr", "127.0.0.1:0", "--mode", "api"])
        .args(more)
        // Every client here is 127.0.0.1.
        .args(["--limits-scale", "100000"])
        .arg("--database-url")
        .arg(database_url)
        .arg("--dist")
        .arg(root.join("dist"))
        .arg("--data")
        .arg(root.join("data"))
        .arg("--ledger-key-file")
        .arg(root.join("keys/ledger-signing.key"))
        .env("RUST_LOG", "warn,server=info")
        // Another process's writes show here within this time.
        .env("PORTAL_LISTING_MAX_AGE_MS", LISTING_MAX_AGE_MS.to_string())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("cannot start the server binary");
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let address = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some((_, rest)) = line.split_once("addr=") {
                if line.contains("listening") {
                    return rest.split_whitespace().next().unwrap().to_owned();
                }
            }
        }
        panic!("the server exited before listening")
    })
    .await
    .expect("the server did not start listening");
    // Keep reading, or the server would block on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    ServerProcess {
        child,
        address: format!("http://{address}"),
    }
}

impl ServerProcess {
    /// The helpers of [`TestApp`], sent to this process.
    pub fn app(&self, database_url: &str) -> TestApp {
        TestApp {
            address: self.address.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            dir: tempfile::tempdir().expect("temp dir"),
            database_url: database_url.to_owned(),
            _database: None,
            stop: None,
            server: None,
        }
    }

    /// SIGKILL, with whatever is in flight.
    pub async fn kill(&mut self) {
        self.child.start_kill().unwrap();
        self.child.wait().await.unwrap();
    }
}

fn init_logs() {
    if std::env::var("TEST_LOG").is_ok() {
        server::telemetry::init(Some("debug,sqlx=warn"));
    }
}

/// A small dist/: the app shell with an inline module script, a hashed script, a config.
pub fn write_dist(root: &Path) -> PathBuf {
    let dist = root.join("dist");
    std::fs::create_dir_all(dist.join("img")).unwrap();
    std::fs::create_dir_all(dist.join("data")).unwrap();
    let padding = "<p>陈家沟 Chenjiagou, birthplace of Chen-style tai chi.</p>".repeat(20);
    std::fs::write(
        dist.join("index.html"),
        format!(
            "<!doctype html><html><head><link rel=\"modulepreload\" href=\"/portal-0123456789abcdef_bg.wasm\">\
             <script type=\"module\">{INLINE_SCRIPT}</script></head><body>{padding}</body></html>"
        ),
    )
    .unwrap();
    std::fs::write(
        dist.join("portal-0123456789abcdef.js"),
        "export default function init() {}\n".repeat(40),
    )
    .unwrap();
    std::fs::write(
        dist.join("config.json"),
        json!({ "mode": "static", "visitor_centre": { "phone": "0391-8888888", "hours": { "zh": "每天", "en": "Daily" } } })
            .to_string(),
    )
    .unwrap();
    std::fs::write(
        dist.join("img/hall.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    std::fs::write(dist.join("data/schools.json"), "[]").unwrap();
    dist
}

fn text(en: &str) -> Value {
    json!({ "zh": format!("{en}（中文）"), "en": en })
}

fn location(x: u16) -> Value {
    json!({ "address": text("Chenjiagou village"), "x": x, "y": 300, "lat": 34.9, "lng": 113.1, "walk_minutes": 5 })
}

fn contact() -> Value {
    json!({ "phone": "0391-6110001", "wechat": "cjg_host", "hours": text("Daily 8:00–20:00") })
}

fn operator() -> Value {
    json!({ "name": text("Chen family"), "poverty_alleviation": true, "supports": text("A village family") })
}

fn policy(free_until_days: u16) -> Value {
    json!({ "free_until_days": free_until_days, "late_refund_percent": 50, "note": text("Free until a week before") })
}

fn session(id: &str, start_in_days: i64, capacity: u32, booked: u32) -> Value {
    json!({ "id": id, "start": days_from_today(start_in_days), "capacity": capacity, "booked": booked })
}

/// Sessions and rooms the tests book: names say what each is for.
pub const SCHOOL: &str = "chen-family-hall";
pub const PROGRAM: &str = "week";
pub const SESSION_OPEN: &str = "s-open";
pub const SESSION_RACE: &str = "s-race";
pub const SESSION_SOON: &str = "s-soon";
pub const SESSION_STARTED: &str = "s-started";
pub const SESSION_STREAM: &str = "s-stream";
pub const LODGING: &str = "yam-field-homestay";
pub const ROOM: &str = "double";
pub const PRODUCT: &str = "iron-stick-yam";
pub const SKU: &str = "YAM-2KG";
pub const SKU_SOLD_OUT: &str = "YAM-5KG";
pub const PROJECT: &str = "old-hall-roof";
pub const PRICE_PER_PERSON: i64 = 280_000;

/// The fixture catalog, as JSON collections.
pub fn fixture_collections() -> serde_json::Map<String, Value> {
    let schools = json!([{
        "slug": SCHOOL, "kind": "family_hall", "name": text("Chen Family Hall"), "summary": text("A family hall"),
        "story": text("Four generations"), "lineage": text("Old frame"), "founded": 1985, "english_instruction": true,
        "teachers": [{ "name": text("Chen Li"), "title": text("Master"), "bio": text("Taught since 1990") }],
        "programs": [
            { "id": PROGRAM, "name": text("One week"), "description": text("A week of training"), "days": 7,
              "level": "all_levels", "price_per_person": PRICE_PER_PERSON, "includes_board": true, "includes_lodging": true,
              // By date, as the store lists them.
              "sessions": [
                  session(SESSION_STARTED, -1, 12, 2),
                  session(SESSION_SOON, 3, 12, 0),
                  session(SESSION_OPEN, 30, 20, 5),
                  session(SESSION_RACE, 40, 30, 0),
                  session(SESSION_STREAM, 50, 100_000, 0),
              ] },
            { "id": "taster", "name": text("Taster day"), "description": text("One day"), "days": 1,
              "level": "beginner", "price_per_person": 32_000, "includes_board": false, "includes_lodging": false,
              "sessions": [ session("t-1", 10, 20, 0) ] }
        ],
        "location": location(200), "contact": contact(), "cancellation": policy(7), "operator": operator(),
        "image": "img/hall.svg", "featured": true
    }]);
    let lodgings = json!([{
        "slug": LODGING, "name": text("Yam Field Homestay"), "summary": text("Rooms by the fields"), "story": text("A farm family"),
        "amenities": ["wifi", "hot_water"], "house_rules": [text("Quiet after 22:00")],
        "rooms": [
            { "id": ROOM, "name": text("Double room"), "beds": text("1 double bed"), "base_guests": 2, "max_guests": 3,
              "nightly": 18_000, "extra_person": 5_000 },
            { "id": "single", "name": text("Single room"), "beds": text("1 single bed"), "base_guests": 1, "max_guests": 1,
              "nightly": 9_000, "extra_person": 0 }
        ],
        "location": location(400), "contact": contact(), "cancellation": policy(3), "operator": operator(),
        "image": "img/hall.svg"
    }]);
    let products = json!([{
        "slug": PRODUCT, "category": "yam_and_herbs", "name": text("Iron-stick yam"), "summary": text("Huai yam"),
        "description": text("Grown in Wen County"), "origin": text("Wen County, Henan"), "producer": operator(),
        "contact": contact(),
        "variants": [
            { "sku": SKU, "label": text("2 kg box"), "price": 12_800, "stock": 25 },
            { "sku": SKU_SOLD_OUT, "label": text("5 kg box"), "price": 29_800, "stock": 0 }
        ],
        "batch": "b-2026", "image": "img/hall.svg"
    }]);
    let stage = |kind: &str, day: i64| json!({ "stage": kind, "date": days_from_today(day), "place": text("East field"), "who": text("Yam co-op"), "note": text("Done") });
    let batches = json!([{
        "id": "b-2026", "product": PRODUCT, "name": text("Autumn harvest"),
        "stages": [stage("planting", -200), stage("harvest", -30), stage("packaging", -20)]
    }]);
    let attractions = json!([{
        "slug": "ancestral-hall", "name": text("Ancestral Hall"), "summary": text("Where it began"),
        "description": text("The Chen ancestral hall"), "hours": text("8:00–17:30"), "ticket": 4_000,
        "location": location(500), "image": "img/hall.svg"
    }]);
    let events = json!([{
        "slug": "push-hands-festival", "name": text("Push hands festival"), "summary": text("Open contest"),
        "start": days_from_today(60), "end": days_from_today(62), "place": text("East Ditch"), "attraction": "ancestral-hall"
    }]);
    let projects = json!([{
        "slug": PROJECT, "name": text("Old hall roof"), "summary": text("Mend the roof"), "description": text("New tiles"),
        "goal": 10_000_000, "raised": 0, "pledged": 100_000, "donors": 0,
        "budget": [{ "item": text("Tiles"), "cost": 10_000_000 }], "operator": operator(),
        "transfer": { "bank": text("Wen County Rural Bank"), "account_name": text("Chenjiagou village committee"),
                      "account_number": "6228 4800 1234 5678" },
        "image": "img/hall.svg"
    }]);
    let mut map = serde_json::Map::new();
    for (name, value) in [
        ("schools", schools),
        ("lodgings", lodgings),
        ("products", products),
        ("batches", batches),
        ("attractions", attractions),
        ("events", events),
        ("projects", projects),
        ("ledger", json!([])),
    ] {
        map.insert(name.to_owned(), value);
    }
    map
}

/// The fixture catalog, typed and validated.
pub fn fixture_catalog() -> Catalog {
    let catalog: Catalog = serde_json::from_value(Value::Object(fixture_collections()))
        .expect("fixture matches the model");
    catalog.validate().expect("fixture is consistent");
    catalog
}

/// Writes the fixture as `data/*.json` under `root`.
pub fn write_fixture_data(root: &Path) -> PathBuf {
    fixture_catalog();
    write_data(root, fixture_collections())
}

/// Writes `collections` as `data/*.json` under `root`.
pub fn write_data(root: &Path, collections: serde_json::Map<String, Value>) -> PathBuf {
    let data = root.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for (name, value) in collections {
        std::fs::write(
            data.join(format!("{name}.json")),
            serde_json::to_string_pretty(&value).unwrap(),
        )
        .unwrap();
    }
    data
}

/// A booking of `party` places in `session`.
pub fn session_booking(session: &str, party: u32) -> Value {
    json!({
        "kind": "school", "school": SCHOOL, "session": session, "party": party,
        "contact": { "name": "Li Wei", "phone": "138 0013 8000", "email": "li.wei@example.com", "wechat": "liwei_88" },
        "note": "Two of us are vegetarian"
    })
}

/// A booking of the double room from `from` days ahead for `nights` nights.
pub fn room_booking(from: i64, nights: i64, guests: u32) -> Value {
    json!({
        "kind": "lodging", "lodging": LODGING, "room": ROOM,
        "check_in": days_from_today(from), "check_out": days_from_today(from + nights), "guests": guests,
        "contact": { "name": "Anna", "phone": "+49 170 1234567" }
    })
}

pub fn order(lines: &[(&str, u32)]) -> Value {
    json!({
        "lines": lines.iter().map(|(sku, q)| json!({ "sku": sku, "quantity": q })).collect::<Vec<_>>(),
        "delivery": { "method": "pickup" },
        "contact": { "name": "王芳", "phone": "13900000000" }
    })
}

pub fn donation(amount: i64) -> Value {
    json!({ "project": PROJECT, "amount": amount, "display_name": "A friend from Wenxian", "message": "加油" })
}

/// Asserts the error body's shape and code, and returns its field errors.
pub async fn error_of(
    res: reqwest::Response,
    status: u16,
    code: &str,
) -> serde_json::Map<String, Value> {
    assert_eq!(res.status().as_u16(), status, "status");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "error bodies are JSON"
    );
    let body: Value = res.json().await.expect("error body is JSON");
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    body["errors"]
        .as_object()
        .expect("errors is an object")
        .clone()
}

/// The password every test operator has.
pub const PASSWORD: &str = "tai chi every morning";

/// Its argon2id hash, computed once per test binary (hashing is deliberately slow).
fn password_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| server::dashboard::hash_password(PASSWORD).expect("hashing"))
        .clone()
}

/// A logged-in operator: their session cookie goes with every request.
pub struct OpsSession {
    pub cookie: String,
    pub username: String,
}

impl TestApp {
    /// Adds an operator owning `listings` (`schools/…`), with [`PASSWORD`].
    pub async fn add_operator(&self, username: &str, role: &str, listings: &[&str]) {
        use model::staff::{OwnedListing, Role};
        let store = server::store::open(&self.database_url, server::store::Synchronous::Full)
            .await
            .expect("open store");
        store
            .create_operator(server::store::NewOperator {
                username: username.to_owned(),
                display_name: format!("{username} (test)"),
                role: Role::parse(role).expect("role"),
                password_hash: password_hash(),
                listings: listings
                    .iter()
                    .map(|l| {
                        let (collection, slug) = l.split_once('/').expect("COLLECTION/SLUG");
                        OwnedListing {
                            collection: collection.to_owned(),
                            slug: slug.to_owned(),
                        }
                    })
                    .collect(),
                by: None,
            })
            .await
            .expect("add operator");
    }

    /// POSTs a login; the raw answer.
    pub async fn login_raw(&self, username: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/ops/login"))
            .json(&json!({ "username": username, "password": password }))
            .send()
            .await
            .expect("POST failed")
    }

    /// Logs in with [`PASSWORD`] and keeps the session cookie.
    pub async fn login(&self, username: &str) -> OpsSession {
        let res = self.login_raw(username, PASSWORD).await;
        assert_eq!(res.status(), 200, "login {username}");
        let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
        let cookie = set_cookie.split(';').next().unwrap().to_owned();
        OpsSession {
            cookie,
            username: username.to_owned(),
        }
    }

    /// An operator request with `session`'s cookie (or none), and a JSON body if given.
    pub async fn ops(
        &self,
        session: Option<&OpsSession>,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let is_post = method == reqwest::Method::POST;
        let mut req = self.client.request(method, self.url(path));
        if is_post {
            req = req.header("Idempotency-Key", unique_key());
        }
        if let Some(s) = session {
            req = req.header("Cookie", &s.cookie);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        req.send().await.expect("request failed")
    }

    /// An operator request that must answer 200 or 201; its JSON.
    pub async fn ops_ok(
        &self,
        session: &OpsSession,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Value {
        let res = self.ops(Some(session), method, path, body).await;
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        assert!(
            status == 200 || status == 201,
            "{method} {path} as {}: {status} {text}",
            session.username
        );
        serde_json::from_str(&text).expect("JSON")
    }

    /// The actions of the audit log `session` may read, newest first (`session.move` …).
    pub async fn audit_actions(&self, session: &OpsSession) -> Vec<String> {
        let audit = self.ops_ok(session, "GET", "/api/v1/ops/audit", None).await;
        audit
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["action"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Books `party` places in `session`; the answer (reference, PIN …).
    pub async fn book_session(&self, session: &str, party: u32) -> Value {
        let res = self
            .post(
                "/api/v1/bookings",
                &unique_key(),
                &session_booking(session, party),
            )
            .await;
        assert_eq!(res.status(), 201);
        res.json().await.unwrap()
    }

    /// Places an order; the answer.
    pub async fn place_order(&self, lines: &[(&str, u32)]) -> Value {
        let res = self
            .post("/api/v1/orders", &unique_key(), &order(lines))
            .await;
        assert_eq!(res.status(), 201);
        res.json().await.unwrap()
    }

    /// Pledges `amount` fen to the fixture project; the answer.
    pub async fn pledge(&self, amount: i64) -> Value {
        let res = self
            .post("/api/v1/donations", &unique_key(), &donation(amount))
            .await;
        assert_eq!(res.status(), 201);
        res.json().await.unwrap()
    }
}
