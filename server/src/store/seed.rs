//! Loading the listing snapshot (`public/data/*.json`) into a store, and writing it back out.
use std::path::Path;

use anyhow::Context;
use model::catalog::DATA_FILES;
use model::Catalog;
use serde::Serialize;

use super::{open, Store, Synchronous};

/// Reads and validates the seven snapshot files in `dir`.
pub fn load_snapshot(dir: &Path) -> anyhow::Result<Catalog> {
    let mut fields = serde_json::Map::new();
    for name in DATA_FILES {
        let path = dir.join(format!("{name}.json"));
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let value: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", path.display()))?;
        fields.insert(name.to_owned(), value);
    }
    let catalog: Catalog = serde_path_to_error::deserialize(serde_json::Value::Object(fields))
        .map_err(|e| {
            anyhow::anyhow!(
                "the snapshot in {} does not match the model at {}: {}",
                dir.display(),
                e.path(),
                e.inner()
            )
        })?;
    catalog.validate()?;
    Ok(catalog)
}

/// Seeds `store` from `dir` when it holds no listings yet. A missing snapshot leaves the store
/// empty (the server still serves the front end); an invalid one is an error.
pub async fn seed_if_empty(store: &dyn Store, dir: &Path) -> anyhow::Result<()> {
    if store.is_seeded().await? {
        return Ok(());
    }
    if !super::data_present(dir) {
        tracing::warn!(data = %dir.display(), "no listing snapshot to seed from: the database stays empty");
        return Ok(());
    }
    let catalog = load_snapshot(dir)?;
    match store.seed(&catalog).await {
        // Another server process starting at the same time seeded it first.
        Err(super::StoreError::Conflict(model::Problem::AlreadySeeded {})) => return Ok(()),
        other => other?,
    }
    tracing::info!(
        data = %dir.display(),
        schools = catalog.schools.len(),
        lodgings = catalog.lodgings.len(),
        products = catalog.products.len(),
        projects = catalog.projects.len(),
        "seeded the database"
    );
    Ok(())
}

/// Opens the store, with the server's ledger key set when it is still to be seeded, so that
/// the seeded history's head is signed as `serve` would sign it.
pub async fn open_signing(database_url: &str) -> anyhow::Result<super::DynStore> {
    let store = open(database_url, Synchronous::Full).await?;
    if !store.is_seeded().await? {
        let source = crate::ledger_key::LedgerKeySource::for_database(database_url, None);
        let signer = crate::ledger_key::LedgerSigner::load(&source)?;
        store.set_ledger_signer(std::sync::Arc::new(signer));
    }
    Ok(store)
}

/// `server seed`.
pub async fn seed_database(database_url: &str, dir: &Path) -> anyhow::Result<()> {
    let store = open_signing(database_url).await?;
    if store.is_seeded().await? {
        tracing::info!("the database already has listings; nothing to do");
        return Ok(());
    }
    anyhow::ensure!(super::data_present(dir), "no snapshot in {}", dir.display());
    seed_if_empty(store.as_ref(), dir).await
}

/// `server export`: writes the live listings into `out` in the shapes of `public/data/`.
pub async fn export_snapshot(
    database_url: &str,
    data: &Path,
    out: &Path,
) -> anyhow::Result<Catalog> {
    let store = open_signing(database_url).await?;
    seed_if_empty(store.as_ref(), data).await?;
    let catalog = super::catalog(store.as_ref()).await?;
    catalog
        .validate()
        .context("the live listings do not validate; nothing written")?;
    write_snapshot(&catalog, out)?;
    tracing::info!(out = %out.display(), "exported the listing snapshot");
    Ok(catalog)
}

/// Writes each collection of `catalog` as `out/<name>.json`, pretty-printed like the source.
pub fn write_snapshot(catalog: &Catalog, out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    write_file(out, "schools", &catalog.schools)?;
    write_file(out, "lodgings", &catalog.lodgings)?;
    write_file(out, "products", &catalog.products)?;
    write_file(out, "batches", &catalog.batches)?;
    write_file(out, "attractions", &catalog.attractions)?;
    write_file(out, "events", &catalog.events)?;
    write_file(out, "projects", &catalog.projects)?;
    write_file(out, "ledger", &catalog.ledger)?;
    Ok(())
}

fn write_file<T: Serialize>(out: &Path, name: &str, items: &[T]) -> anyhow::Result<()> {
    let path = out.join(format!("{name}.json"));
    let tmp = out.join(format!(".{name}.json.tmp"));
    let mut text = serde_json::to_string_pretty(items)?;
    text.push('\n');
    std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
