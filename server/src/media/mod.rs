//! Photos: uploads checked and made into resized copies (`process`), kept in a media store
//! behind a small trait (a folder under `var/` by default), and served at `/media/{name}`
//! with a one-year immutable cache, since every name holds the content's hash.
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub mod process;
pub mod sample;

/// Where the copies of photos are kept. Names are `model::photo::copy_name`s; a copy, once
/// written, never changes, so several servers may share one store.
#[async_trait]
pub trait MediaStore: Send + Sync {
    /// Keeps `bytes` under `name`; readers never see half a file.
    async fn put(&self, name: &str, bytes: Vec<u8>) -> io::Result<()>;
    /// The copy called `name`, if kept.
    async fn get(&self, name: &str) -> io::Result<Option<Vec<u8>>>;
    /// True when a copy called `name` is kept.
    async fn has(&self, name: &str) -> io::Result<bool>;
}

pub type DynMedia = Arc<dyn MediaStore>;

/// Where photos are kept: `explicit`, else `media/` beside a SQLite file, else `var/media`.
pub fn media_dir(database_url: &str, explicit: Option<PathBuf>) -> PathBuf {
    explicit.unwrap_or_else(|| {
        database_url
            .strip_prefix("sqlite://")
            .map(|path| path.split('?').next().unwrap_or(path))
            .and_then(|path| Path::new(path).parent().map(|p| p.join("media")))
            .unwrap_or_else(|| PathBuf::from("var/media"))
    })
}

/// A folder of copies: `var/media` by default. On several servers, a shared volume mounted
/// at the same path serves them all (see the README).
pub struct FolderMedia {
    dir: PathBuf,
}

impl FolderMedia {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FolderMedia { dir: dir.into() }
    }

    fn path(&self, name: &str) -> io::Result<PathBuf> {
        if model::photo::is_copy_name(name) {
            Ok(self.dir.join(name))
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a copy name",
            ))
        }
    }
}

#[async_trait]
impl MediaStore for FolderMedia {
    async fn put(&self, name: &str, bytes: Vec<u8>) -> io::Result<()> {
        let path = self.path(name)?;
        tokio::fs::create_dir_all(&self.dir).await?;
        // Written aside and renamed: a reader on another server sees all of it or nothing.
        let part = self
            .dir
            .join(format!(".{name}.{}.part", std::process::id()));
        tokio::fs::write(&part, bytes).await?;
        tokio::fs::rename(&part, &path).await
    }

    async fn get(&self, name: &str) -> io::Result<Option<Vec<u8>>> {
        match tokio::fs::read(self.path(name)?).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn has(&self, name: &str) -> io::Result<bool> {
        tokio::fs::try_exists(self.path(name)?).await
    }
}

/// Keeps every copy of a processed upload that the store does not hold yet: the same photo
/// uploaded twice, to one listing or two, is stored once.
pub async fn keep(media: &dyn MediaStore, processed: process::Processed) -> io::Result<()> {
    for (name, bytes) in processed.copies {
        if !media.has(&name).await? {
            media.put(&name, bytes).await?;
        }
    }
    Ok(())
}

/// `GET /media/{name}`: a copy from the media store, or else one shipped with the front end
/// in `dist/media/` (the sample data's photos).
pub async fn serve(
    State(state): State<crate::AppState>,
    UrlPath(name): UrlPath<String>,
    req: Request,
) -> Response {
    if !model::photo::is_copy_name(&name) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match state.media.get(&name).await {
        Ok(Some(bytes)) => copy_response(&name, bytes),
        Ok(None) => crate::web::serve_static(State(state), req).await,
        Err(e) => {
            tracing::error!(error = %e, name, "media store unreadable");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

fn copy_response(name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type(name)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn content_type(name: &str) -> HeaderValue {
    if name.ends_with(".webp") {
        HeaderValue::from_static("image/webp")
    } else {
        HeaderValue::from_static("image/jpeg")
    }
}

/// Copies every copy of `photos` from the store (or `shipped`, the front end's own
/// `media/`) into `out`: what `server export` writes beside the JSON for a static host.
pub async fn export(
    media: &dyn MediaStore,
    shipped: &Path,
    photos: &[model::photo::Photo],
    out: &Path,
) -> anyhow::Result<usize> {
    use model::photo::{copy_name, CopyFormat};
    tokio::fs::create_dir_all(out).await?;
    let mut written = 0;
    for photo in photos {
        for width in photo.widths() {
            for format in [CopyFormat::Webp, CopyFormat::Jpeg] {
                let name = copy_name(&photo.id, width, format);
                let bytes = match media.get(&name).await? {
                    Some(bytes) => bytes,
                    None => tokio::fs::read(shipped.join(&name)).await.map_err(|e| {
                        anyhow::anyhow!("photo copy {name} is in neither store: {e}")
                    })?,
                };
                tokio::fs::write(out.join(&name), bytes).await?;
                written += 1;
            }
        }
    }
    Ok(written)
}
