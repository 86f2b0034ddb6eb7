//! `/config.json`: tells the front end whether an API is behind it.
use serde::{Deserialize, Serialize};

use crate::listing::Contact;

/// Where listings come from and whether the portal can take bookings itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SiteMode {
    /// Listings from `data/*.json`; writes become "contact the host".
    Static,
    /// Listings and writes through `/api/v1`.
    Api,
}

/// The front end's run-time configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteConfig {
    pub mode: SiteMode,
    /// Base URL of the API, e.g. `/api/v1`, in API mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_base: Option<String>,
    /// The village visitor centre, for questions no listing answers.
    pub visitor_centre: Contact,
}
