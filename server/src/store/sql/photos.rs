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

/// Reads (`change` absent) or changes the photos of one of the actor's listings, or of one
/// room of their lodging.
#[derive(Clone)]
pub(super) struct ListingPhotos {
    pub actor: Actor,
    pub collection: String,
    pub slug: String,
    pub room: Option<String>,
    pub change: Option<PhotoChange>,
}

fn photos_of(holder: &Value) -> StoreResult<Vec<Photo>> {
    match holder.get("photos") {
        Some(photos) => Ok(serde_json::from_value(photos.clone())?),
        None => Ok(Vec::new()),
    }
}

/// What holds the photos: the listing's document, or one of its rooms.
fn holder<'a>(doc: &'a mut Value, room: Option<&str>) -> StoreResult<&'a mut Value> {
    let Some(room) = room else {
        return Ok(doc);
    };
    doc.get_mut("rooms")
        .and_then(Value::as_array_mut)
        .and_then(|rooms| rooms.iter_mut().find(|r| r["id"] == room))
        .ok_or_else(|| StoreError::NotFound("no such room at this lodging".into()))
}

impl Job for ListingPhotos {
    type Output = Vec<Photo>;

    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Vec<Photo>>> {
        Box::pin(async move {
            let (collection, slug) = (&self.collection, &self.slug);
            let mut doc: Value = own_doc(conn, &self.actor, collection, slug, "listing").await?;
            let current = photos_of(holder(&mut doc, self.room.as_deref())?)?;
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
            holder(&mut doc, self.room.as_deref())?["photos"] = after.clone();
            write_doc(conn, collection, slug, doc.to_string()).await?;
            let target = match &self.room {
                Some(room) => format!("{collection}/{slug}/rooms/{room}/photos"),
                None => format!("{collection}/{slug}/photos"),
            };
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
