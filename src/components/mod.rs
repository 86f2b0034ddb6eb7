//! Pieces shared by several pages.
pub mod cancel_dialog;
pub mod card;
pub mod cart;
pub mod contact;
pub mod driver;
pub mod form;
pub mod icon;
pub mod layout;
pub mod map;
pub mod qr;
pub mod region;
pub mod saved;
pub mod status;
pub mod support;
pub mod terms;
pub mod title;
pub mod trips;
