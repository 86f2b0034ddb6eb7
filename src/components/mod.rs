//! Pieces shared by several pages.
pub mod card;
pub mod contact;
pub mod icon;
pub mod layout;
pub mod map;
pub mod saved;
pub mod status;
pub mod support;
