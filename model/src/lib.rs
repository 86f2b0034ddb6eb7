//! Shared types and rules of the Chenjiagou portal. Pure: no I/O, compiles to wasm32 and native.

pub mod availability;
pub mod booking;
pub mod cart;
pub mod catalog;
pub mod config;
pub mod dates;
pub mod donation;
pub mod filter;
pub mod iso_date;
pub mod ledger;
pub mod listing;
pub mod money;
pub mod order;
pub mod overview;
pub mod photo;
pub mod problem;
pub mod reference;
pub mod region;
pub mod schedule;
pub mod shipping;
pub mod sizing;
pub mod staff;
pub mod teaser;
pub mod terms;
pub mod text;
pub mod transition;
pub mod travel;

pub use catalog::{Catalog, CatalogError};
pub use config::{SiteConfig, SiteMode};
pub use ledger::{EntryKind, LedgerEntry, SpendingStage};
pub use listing::*;
pub use money::Money;
pub use problem::{FieldErrors, Problem};
pub use reference::{Pin, Reference};
pub use text::{Lang, Localized};
