//! Listing filters and sorts, shared by the front end (URL query) and the API.
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use crate::availability::bookable_first;
use crate::listing::{Lodging, Program, School};
use crate::money::Money;

/// Programme length bands a visitor chooses from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Length {
    /// One or two days.
    Taster,
    /// Three to fourteen days.
    Week,
    /// Fifteen days or more.
    Month,
}

impl Length {
    /// Every band, shortest first.
    pub const ALL: [Length; 3] = [Length::Taster, Length::Week, Length::Month];

    /// True when a programme of `days` falls in this band.
    pub fn fits(self, days: u16) -> bool {
        match self {
            Length::Taster => days <= 2,
            Length::Week => (3..=14).contains(&days),
            Length::Month => days >= 15,
        }
    }

    /// The stable name used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Length::Taster => "taster",
            Length::Week => "week",
            Length::Month => "month",
        }
    }

    /// Parses [`Length::as_str`].
    pub fn parse(s: &str) -> Option<Length> {
        Length::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// How a list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Recommended,
    PriceLow,
    PriceHigh,
    Name,
}

impl Sort {
    /// Every order, default first.
    pub const ALL: [Sort; 4] = [
        Sort::Recommended,
        Sort::PriceLow,
        Sort::PriceHigh,
        Sort::Name,
    ];

    /// The stable name used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Recommended => "recommended",
            Sort::PriceLow => "price_low",
            Sort::PriceHigh => "price_high",
            Sort::Name => "name",
        }
    }

    /// Parses [`Sort::as_str`]; unknown names fall back to the default.
    pub fn parse(s: &str) -> Sort {
        Sort::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .unwrap_or_default()
    }
}

/// What a visitor narrows the school list by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchoolFilter {
    pub length: Option<Length>,
    /// Highest acceptable price per person per day.
    pub max_per_day: Option<Money>,
    pub english: bool,
    /// Board and lodging both included.
    pub board_lodging: bool,
    pub sort: Sort,
}

impl SchoolFilter {
    /// True when the visitor has narrowed the list at all (sorting does not count).
    pub fn is_active(&self) -> bool {
        self.length.is_some() || self.max_per_day.is_some() || self.english || self.board_lodging
    }

    /// The programme with the cheapest per-day price among those that pass the filter: the
    /// one a card's "from" price is quoted for, and named after.
    pub fn best_program<'a>(&self, school: &'a School) -> Option<&'a Program> {
        school
            .programs
            .iter()
            .filter(|p| self.length.is_none_or(|l| l.fits(p.days)))
            .filter(|p| !self.board_lodging || (p.includes_board && p.includes_lodging))
            .filter(|p| self.max_per_day.is_none_or(|max| p.price_per_day() <= max))
            .min_by_key(|p| p.price_per_day())
    }

    /// The cheapest per-day price among the school's programmes that pass the filter.
    pub fn best_per_day(&self, school: &School) -> Option<Money> {
        self.best_program(school).map(Program::price_per_day)
    }

    /// The schools that match, in the chosen order, those with a session open on `today`
    /// before the full ones.
    pub fn apply<'a>(
        &self,
        schools: &'a [School],
        lang: crate::Lang,
        today: NaiveDate,
    ) -> Vec<&'a School> {
        let mut hits: Vec<(&School, Money)> = schools
            .iter()
            .filter(|s| !self.english || s.english_instruction)
            .filter_map(|s| self.best_per_day(s).map(|price| (s, price)))
            .collect();
        match self.sort {
            Sort::Recommended => hits.sort_by_key(|(s, _)| !s.featured),
            Sort::PriceLow => hits.sort_by_key(|(_, price)| *price),
            Sort::PriceHigh => hits.sort_by_key(|(_, price)| std::cmp::Reverse(*price)),
            Sort::Name => hits.sort_by(|(a, _), (b, _)| a.name.get(lang).cmp(b.name.get(lang))),
        }
        bookable_first(&mut hits, |(s, _)| s.next_open(today).is_some());
        hits.into_iter().map(|(s, _)| s).collect()
    }
}

/// What a visitor narrows the lodging list by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LodgingFilter {
    /// Guests who must fit in one room.
    pub guests: Option<u8>,
    /// Highest acceptable nightly price.
    pub max_nightly: Option<Money>,
    /// Longest acceptable walk to the training grounds, minutes.
    pub max_walk: Option<u16>,
    pub sort: Sort,
}

impl LodgingFilter {
    /// True when the visitor has narrowed the list at all.
    pub fn is_active(&self) -> bool {
        self.guests.is_some() || self.max_nightly.is_some() || self.max_walk.is_some()
    }

    /// The cheapest nightly price of a room that passes the filter.
    pub fn best_nightly(&self, lodging: &Lodging) -> Option<Money> {
        if self
            .max_walk
            .is_some_and(|max| lodging.location.walk_minutes > max)
        {
            return None;
        }
        lodging
            .rooms
            .iter()
            .filter(|r| self.guests.is_none_or(|g| r.max_guests >= g))
            .map(|r| r.nightly)
            .filter(|price| self.max_nightly.is_none_or(|max| *price <= max))
            .min()
    }

    /// The lodgings that match, in the chosen order.
    pub fn apply<'a>(&self, lodgings: &'a [Lodging], lang: crate::Lang) -> Vec<&'a Lodging> {
        let mut hits: Vec<(&Lodging, Money)> = lodgings
            .iter()
            .filter_map(|l| self.best_nightly(l).map(|price| (l, price)))
            .collect();
        match self.sort {
            Sort::Recommended => hits.sort_by_key(|(l, _)| (!l.featured, l.location.walk_minutes)),
            Sort::PriceLow => hits.sort_by_key(|(_, price)| *price),
            Sort::PriceHigh => hits.sort_by_key(|(_, price)| std::cmp::Reverse(*price)),
            Sort::Name => hits.sort_by(|(a, _), (b, _)| a.name.get(lang).cmp(b.name.get(lang))),
        }
        hits.into_iter().map(|(l, _)| l).collect()
    }
}
