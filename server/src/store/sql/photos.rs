//! A listing's photos in its document: added after an upload, put in a new order (the first
//! is the cover), given alt text, taken off. The rules are `model::photo`'s; the copies
//! themselves live in the media store, not here.
use futures_util::future::BoxFuture;
use model::photo::{self, Photo};
use serde_json::Value;
use sqlx::AnyConnection;

use super::dashboard::{audit, own_doc, write_doc};
use super::Job;
use crate::store::{Actor, PhotoChange, StoreError, StoreResult};

/// Reads (`change` absent) or changes the photos of one of the actor's listings.
#[derive(Clone)]
pub(super) struct ListingPhotos {
    pub actor: Actor,
    pub collection: String,
    pub slug: String,
    pub change: Option<PhotoChange>,
}

fn photos_of(doc: &Value) -> StoreResult<Vec<Photo>> {
    match doc.get("photos") {
        Some(photos) => Ok(serde_json::from_value(photos.clone())?),
        None => Ok(Vec::new()),
    }
}

impl Job for ListingPhotos {
    type Output = Vec<Photo>;

    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Vec<Photo>>> {
        Box::pin(async move {
            let (collection, slug) = (&self.collection, &self.slug);
            let mut doc: Value = own_doc(conn, &self.actor, collection, slug, "listing").await?;
            let current = photos_of(&doc)?;
            let Some(change) = self.change else {
                return Ok(current);
            };
            let (action, photos) = match change {
                PhotoChange::Add(new) => ("photo.add", photo::add(&current, new)),
                PhotoChange::Arrange(places) => {
                    ("photo.arrange", photo::arrange(&current, &places))
                }
            };
            let photos = photos.map_err(StoreError::Invalid)?;
            if photos == current {
                return Ok(photos);
            }
            let (before, after) = (
                serde_json::to_value(&current)?,
                serde_json::to_value(&photos)?,
            );
            doc["photos"] = after.clone();
            write_doc(conn, collection, slug, doc.to_string()).await?;
            let target = format!("{collection}/{slug}/photos");
            audit(
                conn,
                &self.actor,
                action,
                &target,
                Some(&before),
                Some(&after),
            )
            .await?;
            Ok(photos)
        })
    }
}
