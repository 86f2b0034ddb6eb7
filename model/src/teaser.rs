//! What a featured card on the home page reads of a school, lodging, product or project:
//! only the fields a card shows, the rest of the JSON skipped, so the front end's featured
//! chunk stays small. Priced as the full listing types price themselves.
use chrono::NaiveDate;
use serde::Deserialize;

use crate::availability::next_open;
use crate::listing::Session;
use crate::money::Money;
use crate::text::Localized;

/// What a featured card shows of a school, lodging, product or project.
#[derive(Clone, Debug, Deserialize)]
pub struct Teaser {
    pub slug: String,
    pub name: Localized,
    pub summary: Localized,
    pub image: String,
    /// Only the cover is shown; the rest are read and dropped.
    #[serde(default)]
    pub photos: Vec<crate::photo::Photo>,
    /// Projects carry no flag: all of them are shown.
    #[serde(default)]
    pub featured: bool,
    /// The family, school or cooperative: `producer` for products, `operator` otherwise.
    #[serde(alias = "producer")]
    pub operator: Household,
    /// Programmes, rooms or variants: whatever carries the prices.
    #[serde(default, alias = "rooms", alias = "variants")]
    pub programs: Vec<Priced>,
    #[serde(default)]
    pub raised: Money,
    #[serde(default)]
    pub goal: Money,
    #[serde(default)]
    pub donors: u32,
}

/// Who runs the listing, as far as a card shows it.
#[derive(Clone, Debug, Deserialize)]
pub struct Household {
    pub name: Localized,
    #[serde(default)]
    pub kind: crate::listing::ProviderKind,
    pub poverty_alleviation: bool,
}

/// A programme (price per person over days), a room (nightly) or a variant (price, stock).
#[derive(Clone, Debug, Deserialize)]
pub struct Priced {
    #[serde(alias = "price_per_person", alias = "nightly")]
    pub price: Money,
    #[serde(default)]
    pub days: Option<u32>,
    #[serde(default)]
    pub stock: Option<u32>,
    /// A programme's name, quoted with its per-day price.
    #[serde(default)]
    pub name: Option<Localized>,
    #[serde(default)]
    pub includes_board: bool,
    #[serde(default)]
    pub includes_lodging: bool,
    /// A programme's sessions, for the card's next open date.
    #[serde(default)]
    pub sessions: Vec<Session>,
}

impl Teaser {
    /// The cheapest price: per day for a programme, per night for a room, per unit otherwise.
    pub fn lowest_price(&self) -> Money {
        self.cheapest().map(Priced::each).unwrap_or_default()
    }

    /// The programme, room or variant the lowest price is quoted for.
    pub fn cheapest(&self) -> Option<&Priced> {
        self.programs.iter().min_by_key(|p| p.each())
    }

    /// A school's next start date with a place left (`None` when all are full, and for
    /// other listings).
    pub fn next_open(&self, today: NaiveDate) -> Option<NaiveDate> {
        next_open(self.programs.iter().flat_map(|p| &p.sessions), today)
    }

    /// True when every variant is out of stock (never for schools and lodgings).
    pub fn sold_out(&self) -> bool {
        self.programs.iter().all(|p| p.stock == Some(0))
    }
}

impl Priced {
    /// Per day for a programme, per night for a room, per unit otherwise.
    pub fn each(&self) -> Money {
        self.days.map_or(self.price, |days| self.price.per(days))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Lodging, Product, School};

    fn both<T: serde::de::DeserializeOwned>(name: &str) -> Vec<(T, Teaser)> {
        let path = format!("{}/../public/data/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let full: Vec<T> = serde_json::from_str(&text).unwrap();
        let teasers: Vec<Teaser> = serde_json::from_str(&text).unwrap();
        full.into_iter().zip(teasers).collect()
    }

    #[test]
    fn a_teaser_prices_a_school_from_its_cheapest_programme_per_day() {
        for (school, teaser) in both::<School>("schools") {
            let per_day = school.programs.iter().map(|p| p.price_per_day()).min();
            assert_eq!(
                teaser.lowest_price(),
                per_day.unwrap_or_default(),
                "{}",
                school.slug
            );
            assert_eq!(teaser.featured, school.featured);
            let today = "2026-12-01".parse().unwrap();
            assert_eq!(
                teaser.next_open(today),
                school.next_open(today),
                "{}",
                school.slug
            );
        }
    }

    #[test]
    fn a_teaser_prices_rooms_and_variants_as_the_listing_pages_do() {
        for (lodging, teaser) in both::<Lodging>("lodgings") {
            assert_eq!(
                teaser.lowest_price(),
                lodging.from_price(),
                "{}",
                lodging.slug
            );
            assert_eq!(
                teaser.operator.poverty_alleviation,
                lodging.operator.poverty_alleviation
            );
        }
        for (product, teaser) in both::<Product>("products") {
            assert_eq!(
                teaser.lowest_price(),
                product.from_price(),
                "{}",
                product.slug
            );
            assert_eq!(
                teaser.sold_out(),
                product.total_stock() == 0,
                "{}",
                product.slug
            );
            assert_eq!(teaser.operator.name, product.producer.name);
        }
    }
}
