//! Listings as served: built from the store, serialised once, kept until a write changes them.
//!
//! Listing reads are most of the traffic and change only when a booking, order or pledge moves
//! a live figure; the handler that made that write invalidates the collection. The cache is per
//! process, so with several server processes on one database a copy also expires after
//! `max_age` (1 s on PostgreSQL by default, `PORTAL_LISTING_MAX_AGE_MS`): a figure another
//! process changed shows within that time. Only what is shown can be that late: every booking,
//! order and pledge is checked against the database itself.
use std::collections::HashMap;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::http::HeaderValue;
use bytes::Bytes;
use model::{Attraction, Batch, Event, Lodging, Product, Project, School};
use serde::Serialize;

use crate::store::{DynStore, StoreError, StoreResult};

/// A listing found by its slug (or id for batches).
pub trait Keyed {
    fn key(&self) -> &str;
}

macro_rules! keyed_by {
    ($field:ident: $($t:ty),*) => {
        $(impl Keyed for $t {
            fn key(&self) -> &str {
                &self.$field
            }
        })*
    };
}
keyed_by!(slug: School, Lodging, Product, Attraction, Event, Project);
keyed_by!(id: Batch);

/// One collection, typed and as JSON.
#[derive(Debug)]
pub struct Snapshot<T> {
    pub items: Vec<T>,
    /// The whole collection as a JSON array.
    pub json: Bytes,
    pub etag: HeaderValue,
    index: HashMap<String, usize>,
    item_json: Vec<(Bytes, HeaderValue)>,
}

impl<T: Keyed + Serialize> Snapshot<T> {
    fn build(items: Vec<T>) -> Result<Self, serde_json::Error> {
        let mut item_json = Vec::with_capacity(items.len());
        let mut all = Vec::with_capacity(items.len() * 2048);
        all.push(b'[');
        for (i, item) in items.iter().enumerate() {
            let one = serde_json::to_vec(item)?;
            if i > 0 {
                all.push(b',');
            }
            all.extend_from_slice(&one);
            let etag = etag_of(&one);
            item_json.push((Bytes::from(one), etag));
        }
        all.push(b']');
        let index = items
            .iter()
            .enumerate()
            .map(|(i, t)| (t.key().to_owned(), i))
            .collect();
        Ok(Snapshot {
            etag: etag_of(&all),
            json: Bytes::from(all),
            items,
            index,
            item_json,
        })
    }

    /// The listing with `key`.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.index.get(key).map(|&i| &self.items[i])
    }

    /// The listing with `key` as JSON, with its ETag.
    pub fn json_of(&self, key: &str) -> Option<(Bytes, HeaderValue)> {
        self.index.get(key).map(|&i| self.item_json[i].clone())
    }
}

/// A weak ETag from a fast hash: enough to tell a phone its copy is current.
fn etag_of(bytes: &[u8]) -> HeaderValue {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    HeaderValue::from_str(&format!("W/\"{:016x}\"", h.finish()))
        .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""))
}

struct Slot<T> {
    current: RwLock<Option<(Arc<Snapshot<T>>, Instant)>>,
    generation: AtomicU64,
    loading: tokio::sync::Mutex<()>,
    max_age: Option<Duration>,
}

impl<T: Keyed + Serialize> Slot<T> {
    fn new(max_age: Option<Duration>) -> Self {
        Slot {
            current: RwLock::new(None),
            generation: AtomicU64::new(0),
            loading: tokio::sync::Mutex::new(()),
            max_age,
        }
    }

    fn peek(&self) -> Option<Arc<Snapshot<T>>> {
        let current = self.current.read().ok()?;
        let (snapshot, loaded) = current.as_ref()?;
        match self.max_age {
            Some(max) if loaded.elapsed() > max => None,
            _ => Some(snapshot.clone()),
        }
    }

    async fn get<F>(&self, load: F) -> StoreResult<Arc<Snapshot<T>>>
    where
        F: Future<Output = StoreResult<Vec<T>>>,
    {
        if let Some(hit) = self.peek() {
            return Ok(hit);
        }
        // One load at a time; those who waited find it done.
        let _loading = self.loading.lock().await;
        if let Some(hit) = self.peek() {
            return Ok(hit);
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let snapshot = Arc::new(Snapshot::build(load.await?).map_err(StoreError::from)?);
        // A write that landed while loading may not be in this snapshot: answer with it, but
        // do not keep it.
        if self.generation.load(Ordering::SeqCst) == generation {
            if let Ok(mut current) = self.current.write() {
                *current = Some((snapshot.clone(), Instant::now()));
            }
        }
        Ok(snapshot)
    }

    fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut current) = self.current.write() {
            *current = None;
        }
    }
}

/// Which collection a write changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collection {
    Schools,
    Lodgings,
    Products,
    Batches,
    Projects,
}

/// The cached listings of every collection.
pub struct Listings {
    store: DynStore,
    schools: Slot<School>,
    lodgings: Slot<Lodging>,
    products: Slot<Product>,
    batches: Slot<Batch>,
    attractions: Slot<Attraction>,
    events: Slot<Event>,
    projects: Slot<Project>,
}

impl Listings {
    /// `max_age`: how long a copy is kept when other processes may write (None: until this
    /// process writes).
    pub fn new(store: DynStore, max_age: Option<Duration>) -> Self {
        Listings {
            store,
            schools: Slot::new(max_age),
            lodgings: Slot::new(max_age),
            products: Slot::new(max_age),
            batches: Slot::new(max_age),
            attractions: Slot::new(max_age),
            events: Slot::new(max_age),
            projects: Slot::new(max_age),
        }
    }

    /// How long a copy is kept for `database_url`: `PORTAL_LISTING_MAX_AGE_MS` if set, 1 s on
    /// PostgreSQL (several processes), and until the next write on SQLite (one process).
    pub fn max_age_for(database_url: &str) -> Option<Duration> {
        match std::env::var("PORTAL_LISTING_MAX_AGE_MS").map(|v| v.parse::<u64>()) {
            Ok(Ok(ms)) => Some(Duration::from_millis(ms)),
            _ if crate::store::is_postgres(database_url) => Some(Duration::from_secs(1)),
            _ => None,
        }
    }

    pub async fn schools(&self) -> StoreResult<Arc<Snapshot<School>>> {
        self.schools.get(self.store.schools()).await
    }

    pub async fn lodgings(&self) -> StoreResult<Arc<Snapshot<Lodging>>> {
        self.lodgings.get(self.store.lodgings()).await
    }

    pub async fn products(&self) -> StoreResult<Arc<Snapshot<Product>>> {
        self.products.get(self.store.products()).await
    }

    pub async fn batches(&self) -> StoreResult<Arc<Snapshot<Batch>>> {
        self.batches.get(self.store.batches()).await
    }

    pub async fn attractions(&self) -> StoreResult<Arc<Snapshot<Attraction>>> {
        self.attractions.get(self.store.attractions()).await
    }

    pub async fn events(&self) -> StoreResult<Arc<Snapshot<Event>>> {
        self.events.get(self.store.events()).await
    }

    pub async fn projects(&self) -> StoreResult<Arc<Snapshot<Project>>> {
        self.projects.get(self.store.projects()).await
    }

    /// Drops the cached copy of `collection` after a write changed its live figures.
    pub fn invalidate(&self, collection: Collection) {
        match collection {
            Collection::Schools => self.schools.invalidate(),
            Collection::Lodgings => self.lodgings.invalidate(),
            Collection::Products => self.products.invalidate(),
            Collection::Batches => self.batches.invalidate(),
            Collection::Projects => self.projects.invalidate(),
        }
    }
}
