//! Pieces shared by several pages.
pub mod card;
pub mod cart;
pub mod contact;
pub mod desk;
pub mod form;
pub mod icon;
pub mod layout;
pub mod map;
pub mod qr;
pub mod saved;
pub mod status;
pub mod support;
pub mod title;
pub mod trips;
