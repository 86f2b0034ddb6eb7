//! Tickets: every booking, order and pledge made on this phone, with its PIN, kept offline.
use leptos::prelude::*;
use model::reference::{Pin, Reference};
use serde::{Deserialize, Serialize};

use crate::api::TicketKind;
use crate::storage::persisted;

/// A booking, order or pledge as last seen, with the PIN that unlocks it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub kind: TicketKind,
    pub reference: String,
    pub pin: String,
    /// The record as the server last answered it (model `Booking`, `Order` or `Donation`).
    pub record: serde_json::Value,
}

/// The tickets provided to every page.
#[derive(Clone, Copy)]
pub struct Trips(RwSignal<Vec<Ticket>>);

impl Trips {
    /// All tickets, newest first.
    pub fn all(&self) -> Vec<Ticket> {
        self.0.with(|t| t.iter().rev().cloned().collect())
    }

    /// No ticket on this phone yet.
    pub fn is_empty(&self) -> bool {
        self.0.with(Vec::is_empty)
    }

    /// The ticket with `reference`.
    pub fn get(&self, reference: &str) -> Option<Ticket> {
        self.0
            .with(|t| t.iter().find(|t| t.reference == reference).cloned())
    }

    /// The ticket with `reference`, read without subscribing to changes.
    pub fn get_untracked(&self, reference: &str) -> Option<Ticket> {
        self.0
            .with_untracked(|t| t.iter().find(|t| t.reference == reference).cloned())
    }

    /// Keeps a ticket, replacing an older copy of the same reference.
    pub fn keep(&self, ticket: Ticket) {
        self.0.update(|all| {
            all.retain(|t| t.reference != ticket.reference);
            all.push(ticket);
        });
    }

    /// Removes a ticket from this phone (the record on the server stays as it is).
    pub fn forget(&self, reference: &str) {
        self.0
            .update(|all| all.retain(|t| t.reference != reference));
    }

    /// Keeps a record the server just created (with its PIN) and answers its ticket page.
    pub fn keep_new(
        &self,
        kind: TicketKind,
        reference: &Reference,
        pin: Option<&Pin>,
        record: &impl Serialize,
    ) -> String {
        let reference = reference.to_string();
        self.keep(Ticket {
            kind,
            reference: reference.clone(),
            pin: pin.map(|p| p.as_str().to_owned()).unwrap_or_default(),
            record: serde_json::to_value(record).unwrap_or_default(),
        });
        format!("/trips/{reference}?new=1")
    }

    /// Stores a fresher copy of a ticket's record; an unchanged record notifies no one.
    pub fn refresh(&self, reference: &str, record: serde_json::Value) {
        self.0.maybe_update(
            |all| match all.iter_mut().find(|t| t.reference == reference) {
                Some(t) if t.record != record => {
                    t.record = record;
                    true
                }
                _ => false,
            },
        );
    }
}

/// Loads the tickets from the phone.
pub fn provide_trips() {
    provide_context(Trips(persisted("cjg.trips")));
}

/// The tickets provided by [`provide_trips`].
pub fn use_trips() -> Trips {
    expect_context::<Trips>()
}
