//! What the village offers: schools, lodgings, products, attractions, events, projects.
//! These are the shapes of `public/data/*.json` and of the API's listing responses.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::text::Localized;

/// Who runs a listing and whom the money supports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Family, school or cooperative name.
    pub name: Localized,
    /// What kind of provider it is, so that a cooperative is not called a family.
    #[serde(default, skip_serializing_if = "ProviderKind::is_family")]
    pub kind: ProviderKind,
    /// A registered poverty-alleviation household or cooperative.
    pub poverty_alleviation: bool,
    /// One sentence on whom a booking or purchase supports.
    pub supports: Localized,
}

/// Who is behind a listing: the words "this family" fit only a family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    /// A household or family workshop (the default).
    #[default]
    Family,
    /// A cooperative of member households.
    Cooperative,
    /// A school, studio or workshop run as a business.
    Business,
    /// The village committee.
    Committee,
}

impl ProviderKind {
    /// True for the default, which the data files leave out.
    pub fn is_family(&self) -> bool {
        *self == ProviderKind::Family
    }
}

/// How to reach an operator directly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Phone number as dialled in China, digits and dashes only.
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wechat: Option<String>,
    /// When they answer.
    pub hours: Localized,
}

/// A point on the village map (SVG user units, see [`VILLAGE_MAP`]) and on the globe.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub address: Localized,
    /// Map pin, x in SVG units.
    pub x: u16,
    /// Map pin, y in SVG units.
    pub y: u16,
    pub lat: f64,
    pub lng: f64,
    /// Walking minutes to the East Ditch training ground and Ancestral Hall square.
    pub walk_minutes: u16,
}

/// The village map's SVG view box: pins must lie inside it.
pub const VILLAGE_MAP: MapBox = MapBox {
    width: 1000,
    height: 700,
};

/// Size of the SVG village map.
#[derive(Clone, Copy, Debug)]
pub struct MapBox {
    pub width: u16,
    pub height: u16,
}

impl MapBox {
    /// True when a pin at `loc` is drawn inside the map.
    pub fn contains(self, loc: &Location) -> bool {
        loc.x > 0 && loc.x < self.width && loc.y > 0 && loc.y < self.height
    }
}

/// Refund terms a booking is made under.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CancellationPolicy {
    /// Free cancellation until this many days before the start.
    pub free_until_days: u16,
    /// Percentage refunded after that (0–100).
    pub late_refund_percent: u8,
    pub note: Localized,
}

/// Who a programme suits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Beginner,
    Intermediate,
    Advanced,
    AllLevels,
}

/// A tai chi school or a family martial hall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SchoolKind {
    School,
    FamilyHall,
}

/// A tai chi school or family martial hall with its programmes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct School {
    pub slug: String,
    pub kind: SchoolKind,
    pub name: Localized,
    pub summary: Localized,
    pub story: Localized,
    /// Style and lineage, e.g. old frame (laojia) in the line of a named generation.
    pub lineage: Localized,
    pub founded: u16,
    pub english_instruction: bool,
    pub teachers: Vec<Teacher>,
    pub programs: Vec<Program>,
    pub location: Location,
    pub contact: Contact,
    pub cancellation: CancellationPolicy,
    /// Check-in and check-out times, or a course's first-day meeting time and place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival: Option<crate::arrival::Arrival>,
    /// Hours the operator has to confirm a requested booking before it expires and its
    /// places or nights are free again; [`crate::booking::DEFAULT_CONFIRM_HOURS`] when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_within_hours: Option<u16>,
    pub operator: Provider,
    /// Path of an SVG illustration under `public/`.
    pub image: String,
    /// Photos, the cover first; the illustration `image` stands in while there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photo::Photo>,
    #[serde(default)]
    pub featured: bool,
}

/// A teacher at a school.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Teacher {
    pub name: Localized,
    pub title: Localized,
    pub bio: Localized,
}

/// A course a school offers: a taster day, a week, a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// Unique within the school.
    pub id: String,
    pub name: Localized,
    pub description: Localized,
    pub days: u16,
    pub level: Level,
    pub price_per_person: Money,
    pub includes_board: bool,
    pub includes_lodging: bool,
    /// Dated sessions: one-off ones, and those the store made from `series`.
    #[serde(default)]
    pub sessions: Vec<Session>,
    /// Rules that keep adding sessions ahead (every Monday, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<crate::schedule::SessionSeries>,
    /// No longer offered: hidden from visitors, its bookings kept.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

impl Program {
    /// Price per person per day, for comparing programmes of different length.
    pub fn price_per_day(&self) -> Money {
        self.price_per_person.per(u32::from(self.days))
    }
}

/// One start date of a programme with its capacity in persons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Unique across all schools.
    pub id: String,
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub start: NaiveDate,
    /// Places, counted in persons.
    pub capacity: u32,
    /// Persons already booked.
    #[serde(default)]
    pub booked: u32,
}

impl Session {
    /// Places still free.
    pub fn places_left(&self) -> u32 {
        self.capacity.saturating_sub(self.booked)
    }
}

/// A family lodging with its rooms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Lodging {
    pub slug: String,
    pub name: Localized,
    pub summary: Localized,
    /// The host family's story.
    pub story: Localized,
    pub amenities: Vec<Amenity>,
    pub house_rules: Vec<Localized>,
    pub rooms: Vec<Room>,
    pub location: Location,
    pub contact: Contact,
    pub cancellation: CancellationPolicy,
    /// Check-in and check-out times, or a course's first-day meeting time and place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival: Option<crate::arrival::Arrival>,
    /// Hours the operator has to confirm a requested booking before it expires and its
    /// places or nights are free again; [`crate::booking::DEFAULT_CONFIRM_HOURS`] when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_within_hours: Option<u16>,
    pub operator: Provider,
    pub image: String,
    /// Photos, the cover first; the illustration `image` stands in while there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photo::Photo>,
    #[serde(default)]
    pub featured: bool,
}

impl Lodging {
    /// The lowest nightly price of any room.
    pub fn from_price(&self) -> Money {
        self.rooms
            .iter()
            .map(|r| r.nightly)
            .min()
            .unwrap_or_default()
    }

    /// The most guests any one room takes.
    pub fn max_guests(&self) -> u8 {
        self.rooms.iter().map(|r| r.max_guests).max().unwrap_or(0)
    }
}

/// Something a lodging offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Amenity {
    Wifi,
    HotWater,
    Heating,
    AirConditioning,
    Breakfast,
    HomeCooking,
    Laundry,
    Parking,
    Courtyard,
    PracticeSpace,
}

/// A room let by the night.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Room {
    /// Unique within the lodging.
    pub id: String,
    pub name: Localized,
    /// Beds, e.g. "1 double bed (1.8 m)".
    pub beds: Localized,
    /// Guests included in the nightly price.
    pub base_guests: u8,
    pub max_guests: u8,
    pub nightly: Money,
    /// Per extra guest above `base_guests`, per night.
    pub extra_person: Money,
    /// Photos of the room, the first shown on its card.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photo::Photo>,
}

/// A shop category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    TaiChiWear,
    Shoes,
    YamAndHerbs,
    Snacks,
}

impl Category {
    /// Every category, in shop order.
    pub const ALL: [Category; 4] = [
        Category::TaiChiWear,
        Category::Shoes,
        Category::YamAndHerbs,
        Category::Snacks,
    ];

    /// The stable name used in URLs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::TaiChiWear => "tai_chi_wear",
            Category::Shoes => "shoes",
            Category::YamAndHerbs => "yam_and_herbs",
            Category::Snacks => "snacks",
        }
    }

    /// Parses [`Category::as_str`].
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A local product with its variants.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub slug: String,
    pub category: Category,
    pub name: Localized,
    pub summary: Localized,
    pub description: Localized,
    /// Where it comes from, e.g. "Wen County, Henan".
    pub origin: Localized,
    pub producer: Provider,
    pub contact: Contact,
    pub variants: Vec<Variant>,
    /// For clothes and shoes: which size fits which body or foot, smallest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub size_chart: Vec<crate::sizing::SizeRow>,
    /// The traced batch now on sale, an id in `batches.json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
    pub image: String,
    /// Photos, the cover first; the illustration `image` stands in while there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photo::Photo>,
    #[serde(default)]
    pub featured: bool,
}

impl Product {
    /// The lowest variant price.
    pub fn from_price(&self) -> Money {
        self.variants
            .iter()
            .map(|v| v.price)
            .min()
            .unwrap_or_default()
    }

    /// Units in stock over all variants.
    pub fn total_stock(&self) -> u32 {
        self.variants.iter().map(|v| v.stock).sum()
    }
}

/// A size, colour or pack of a product, with its own price and stock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Unique across all products.
    pub sku: String,
    /// What the buyer picks, e.g. "L · white" or "2.5 kg gift box".
    pub label: Localized,
    /// For clothes and shoes: the size, one of two choices beside the colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<Localized>,
    /// For clothes and shoes: the colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<Localized>,
    pub price: Money,
    pub stock: u32,
    /// No longer sold: hidden from buyers; orders that hold it keep it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

/// How much of a variant is left, as shown to a buyer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StockState {
    InStock,
    Low,
    SoldOut,
}

impl Variant {
    /// Stock as a buyer sees it; five or fewer is "only a few left".
    pub fn stock_state(&self) -> StockState {
        match self.stock {
            0 => StockState::SoldOut,
            1..=5 => StockState::Low,
            _ => StockState::InStock,
        }
    }
}

/// A traced batch of farm goods, from planting to packaging.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub id: String,
    /// The product slug this batch is sold as.
    pub product: String,
    pub name: Localized,
    pub stages: Vec<TraceStage>,
}

impl Batch {
    /// When it was packed (or, before that, its latest stage): how a visitor tells batches
    /// apart, where the id is the village's own bookkeeping.
    pub fn packed_on(&self) -> Option<NaiveDate> {
        self.stages
            .iter()
            .find(|s| s.stage == StageKind::Packaging)
            .or_else(|| self.stages.iter().max_by_key(|s| s.date))
            .map(|s| s.date)
    }
}

/// One step in a batch's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TraceStage {
    pub stage: StageKind,
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub place: Localized,
    /// Who did it: a cooperative, a family, an inspector's office.
    pub who: Localized,
    pub note: Localized,
}

/// The stages of a traced batch, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    Planting,
    Growing,
    Harvest,
    Processing,
    Packaging,
    Inspection,
}

/// A place to see in and around the village.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Attraction {
    pub slug: String,
    pub name: Localized,
    pub summary: Localized,
    pub description: Localized,
    pub hours: Localized,
    /// Ticket price; `None` when entry is free.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<Money>,
    pub location: Location,
    pub image: String,
}

/// A dated event in the village.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub slug: String,
    pub name: Localized,
    pub summary: Localized,
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub start: NaiveDate,
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub end: NaiveDate,
    pub place: Localized,
    /// The attraction where it happens, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attraction: Option<String>,
}

/// A village project that takes donations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub slug: String,
    pub name: Localized,
    pub summary: Localized,
    pub description: Localized,
    pub goal: Money,
    /// Received, as the public ledger adds it up (`ledger::fill_projects`).
    pub raised: Money,
    /// Promised but not yet confirmed: pledges, not in the ledger until the money arrives.
    #[serde(default)]
    pub pledged: Money,
    /// Donations counted by the ledger.
    pub donors: u32,
    /// Paid out, as the public ledger adds it up.
    #[serde(default)]
    pub spent: Money,
    /// What the money buys, line by line.
    pub budget: Vec<BudgetLine>,
    pub operator: Provider,
    /// How to give by bank transfer when the portal cannot take a pledge.
    pub transfer: Transfer,
    pub image: String,
    /// Photos, the cover first; the illustration `image` stands in while there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photo::Photo>,
}

impl Project {
    /// Percentage of the goal raised, capped at 100.
    pub fn percent_raised(&self) -> u8 {
        percent_of(self.raised, self.goal)
    }
}

/// `part` as a percentage of `whole`, from 0 to 100; 0 when there is no whole.
pub fn percent_of(part: Money, whole: Money) -> u8 {
    if whole.0 <= 0 {
        return 0;
    }
    let pct = part.0.saturating_mul(100) / whole.0;
    pct.clamp(0, 100) as u8
}

/// One thing a project's money buys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    pub item: Localized,
    pub cost: Money,
}

/// Bank details for giving by transfer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    pub bank: Localized,
    pub account_name: Localized,
    pub account_number: String,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A project with nothing raised, for tests.
    pub(crate) fn project(slug: &str) -> Project {
        Project {
            slug: slug.into(),
            name: Localized::default(),
            summary: Localized::default(),
            description: Localized::default(),
            goal: Money::yuan(1000),
            raised: Money::default(),
            pledged: Money::default(),
            donors: 0,
            spent: Money::default(),
            budget: vec![],
            operator: Provider {
                name: Localized::default(),
                kind: ProviderKind::Committee,
                poverty_alleviation: false,
                supports: Localized::default(),
            },
            transfer: Transfer {
                bank: Localized::default(),
                account_name: Localized::default(),
                account_number: String::new(),
            },
            image: String::new(),
            photos: Vec::new(),
        }
    }

    #[test]
    fn percent_raised_is_capped_and_safe_for_zero_goal() {
        let mut p = Project {
            goal: Money::yuan(1000),
            raised: Money::yuan(250),
            ..project("p")
        };
        assert_eq!(p.percent_raised(), 25);
        p.raised = Money::yuan(5000);
        assert_eq!(p.percent_raised(), 100);
        p.goal = Money(0);
        assert_eq!(p.percent_raised(), 0);
    }

    #[test]
    fn stock_state_follows_units_left() {
        let v = |stock| Variant {
            sku: "s".into(),
            label: Localized::default(),
            size: None,
            colour: None,
            price: Money(100),
            stock,
            retired: false,
        };
        assert_eq!(v(0).stock_state(), StockState::SoldOut);
        assert_eq!(v(3).stock_state(), StockState::Low);
        assert_eq!(v(40).stock_state(), StockState::InStock);
    }
}
