//! A host's rooms in the store: the lodging's document keeps them; their nights are the
//! `room_night` table's, so a new room is free every night until booked or closed.
use futures_util::future::BoxFuture;
use model::staff::RoomRequest;
use model::{Lodging, Room};
use sqlx::AnyConnection;

use super::dashboard::{audit, own_doc, write_doc};
use super::{to_json, Job};
use crate::store::{Actor, StoreError, StoreResult};

/// A host adds a room to their lodging (`room` absent) or changes one of its rooms.
#[derive(Clone)]
pub(super) struct SaveRoom {
    pub actor: Actor,
    pub lodging: String,
    pub room: Option<String>,
    pub request: RoomRequest,
}

impl Job for SaveRoom {
    type Output = Room;

    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Room>> {
        Box::pin(async move {
            let mut lodging: Lodging =
                own_doc(conn, &self.actor, "lodgings", &self.lodging, "lodging").await?;
            let slot =
                match &self.room {
                    Some(id) => Some(lodging.rooms.iter().position(|r| &r.id == id).ok_or_else(
                        || StoreError::NotFound("no such room at this lodging".into()),
                    )?),
                    None => None,
                };
            let saved = self
                .request
                .clone()
                .room(&lodging, self.room.as_deref())
                .map_err(StoreError::Invalid)?;
            let before = match slot {
                Some(i) => Some(serde_json::to_value(std::mem::replace(
                    &mut lodging.rooms[i],
                    saved.clone(),
                ))?),
                None => {
                    lodging.rooms.push(saved.clone());
                    None
                }
            };
            write_doc(conn, "lodgings", &self.lodging, to_json(&lodging)?).await?;
            let action = if before.is_some() {
                "room.edit"
            } else {
                "room.create"
            };
            let target = format!("room/{}/{}", self.lodging, saved.id);
            let after = serde_json::to_value(&saved)?;
            audit(
                conn,
                &self.actor,
                action,
                &target,
                before.as_ref(),
                Some(&after),
            )
            .await?;
            Ok(saved)
        })
    }
}
