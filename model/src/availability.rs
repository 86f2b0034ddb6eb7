//! Whether a listing can be booked, as a list card says it: the next open session of a school,
//! the next free night of a lodging, or full; and a lodging's best room for a searched stay.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::booking::{quote_stay, Stay, StayQuote};
use crate::listing::{Lodging, School, Session};
use crate::text::Localized;

/// How far ahead a list card looks for a lodging's next free night.
pub const LOOKAHEAD_NIGHTS: u32 = 60;

impl Session {
    /// Can be booked on `today` by a party of `party`: not started, with room for them.
    pub fn is_bookable(&self, today: NaiveDate, party: u32) -> bool {
        self.start > today && self.places_left() >= party.max(1)
    }
}

/// The first start date among `sessions` a single person can still book on `today`.
pub fn next_open<'a>(
    sessions: impl IntoIterator<Item = &'a Session>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    sessions
        .into_iter()
        .filter(|s| s.is_bookable(today, 1))
        .map(|s| s.start)
        .min()
}

impl School {
    /// The next start date of any programme with a place left; `None` when all are full.
    pub fn next_open(&self, today: NaiveDate) -> Option<NaiveDate> {
        next_open(self.programs.iter().flat_map(|p| &p.sessions), today)
    }
}

/// Orders `items` so that those that can be booked come first, keeping the order within each
/// group (a full listing sinks below the open ones, whatever the sort).
pub fn bookable_first<T>(items: &mut [T], is_open: impl Fn(&T) -> bool) {
    items.sort_by_key(|item| !is_open(item));
}

/// How many listings "see similar" offers in place of a full one.
pub const SIMILAR_MAX: usize = 4;

/// "See similar" for a full listing: up to [`SIMILAR_MAX`] of `items` that can be booked, the
/// least unlike it first (ties keep the list's order).
pub fn similar<T>(
    items: Vec<T>,
    is_open: impl Fn(&T) -> bool,
    unlike: impl Fn(&T) -> i64,
) -> Vec<T> {
    let mut open: Vec<T> = items.into_iter().filter(|item| is_open(item)).collect();
    open.sort_by_key(|item| unlike(item));
    open.truncate(SIMILAR_MAX);
    open
}

/// One minute more walk weighs as much as ¥10 a night more, in fen.
const WALK_MINUTE_FEN: i64 = 1_000;
/// A school of the other kind (school or family hall) is less alike than any price gap.
const OTHER_KIND_FEN: i64 = 100_000_000;

impl School {
    /// How unlike `other` this school is: the other kind counts most, then the gap between
    /// their cheapest prices per day (in fen).
    pub fn unlike(&self, other: &School) -> i64 {
        let cheapest = |s: &School| s.programs.iter().map(|p| p.price_per_day().0).min();
        let gap = match (cheapest(self), cheapest(other)) {
            (Some(a), Some(b)) => (a - b).abs(),
            _ => OTHER_KIND_FEN,
        };
        gap + if self.kind == other.kind {
            0
        } else {
            OTHER_KIND_FEN
        }
    }
}

impl Lodging {
    /// How unlike `other` this lodging is: the gap between their lowest nightly prices, plus
    /// the gap in walking time to the training grounds.
    pub fn unlike(&self, other: &Lodging) -> i64 {
        let price = (self.from_price().0 - other.from_price().0).abs();
        let walk = i64::from(
            self.location
                .walk_minutes
                .abs_diff(other.location.walk_minutes),
        );
        price + walk * WALK_MINUTE_FEN
    }
}

/// A room of a lodging free for a whole stay, with its price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoomOffer {
    pub room: String,
    pub name: Localized,
    pub quote: StayQuote,
}

/// What a lodging's list card shows: its next free night and, for a searched stay, the
/// cheapest room free for all of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LodgingOffer {
    pub lodging: String,
    /// The first night from the search's check-in (or today) on which a room that takes the
    /// guests is free, within [`LOOKAHEAD_NIGHTS`]; `None` when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_free_night: Option<NaiveDate>,
    /// For a searched stay: the cheapest room that takes the guests and is free every night.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<RoomOffer>,
}

/// A night taken in a room of a lodging: (lodging slug, room id, night).
pub type TakenNight = (String, String, NaiveDate);

/// Every lodging's offer for `stay` (or, with none, from `today` on) for `guests` in one
/// room, given the nights already taken.
pub fn lodging_offers(
    lodgings: &[Lodging],
    stay: Option<Stay>,
    guests: u32,
    today: NaiveDate,
    taken: &[TakenNight],
) -> Vec<LodgingOffer> {
    lodgings
        .iter()
        .map(|l| lodging_offer(l, stay, guests, today, taken))
        .collect()
}

fn lodging_offer(
    lodging: &Lodging,
    stay: Option<Stay>,
    guests: u32,
    today: NaiveDate,
    taken: &[TakenNight],
) -> LodgingOffer {
    let is_taken = |room: &str, night: NaiveDate| {
        taken
            .iter()
            .any(|(l, r, n)| *l == lodging.slug && r == room && *n == night)
    };
    let fitting: Vec<_> = lodging
        .rooms
        .iter()
        .filter(|r| guests >= 1 && guests <= u32::from(r.max_guests))
        .collect();
    let from = stay.map_or(today, |s| s.check_in);
    let next_free_night = from
        .iter_days()
        .take(LOOKAHEAD_NIGHTS as usize)
        .find(|night| fitting.iter().any(|r| !is_taken(&r.id, *night)));
    let best = stay.and_then(|stay| {
        fitting
            .iter()
            .filter(|r| stay.each_night().all(|night| !is_taken(&r.id, night)))
            .map(|r| RoomOffer {
                room: r.id.clone(),
                name: r.name.clone(),
                quote: quote_stay(r, stay.nights(), guests),
            })
            .min_by_key(|o| o.quote.total)
    });
    LodgingOffer {
        lodging: lodging.slug.clone(),
        next_free_night,
        best,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Money, Room};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn session(start: &str, capacity: u32, booked: u32) -> Session {
        Session {
            id: format!("s-{start}"),
            start: day(start),
            capacity,
            booked,
        }
    }

    #[test]
    fn the_next_open_session_skips_full_and_started_ones() {
        let today = day("2026-12-01");
        let sessions = [
            session("2026-11-20", 10, 0),
            session("2026-12-01", 10, 0),
            session("2026-12-07", 10, 10),
            session("2026-12-21", 10, 9),
            session("2026-12-14", 10, 3),
        ];
        assert_eq!(next_open(&sessions, today), Some(day("2026-12-14")));
        assert_eq!(next_open(&sessions[..3], today), None);
        assert!(!sessions[3].is_bookable(today, 2));
        assert!(sessions[3].is_bookable(today, 1));
    }

    #[test]
    fn full_listings_sink_below_open_ones_keeping_their_order() {
        let mut items = [("a", false), ("b", true), ("c", false), ("d", true)];
        bookable_first(&mut items, |(_, open)| *open);
        let names: Vec<_> = items.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["b", "d", "a", "c"]);
    }

    fn room(id: &str, max: u8, nightly: i64) -> Room {
        Room {
            id: id.into(),
            name: Localized::new(id, id),
            beds: Localized::default(),
            base_guests: 1,
            max_guests: max,
            nightly: Money::yuan(nightly),
            extra_person: Money::yuan(40),
            photos: Vec::new(),
        }
    }

    fn lodging(rooms: Vec<Room>) -> Lodging {
        let text = |s: &str| serde_json::json!({ "zh": s, "en": s });
        let mut l: Lodging = serde_json::from_value(serde_json::json!({
            "slug": "yam-field-homestay", "name": text("Yam Field"), "summary": text("s"), "story": text("s"),
            "amenities": [], "house_rules": [], "rooms": [],
            "location": { "address": text("a"), "x": 1, "y": 1, "lat": 34.9, "lng": 113.1, "walk_minutes": 5 },
            "contact": { "phone": "0391-1", "hours": text("h") },
            "cancellation": { "free_until_days": 7, "late_refund_percent": 50, "note": text("") },
            "operator": { "name": text("o"), "poverty_alleviation": false, "supports": text("s") },
            "image": "img/x.svg"
        }))
        .unwrap();
        l.rooms = rooms;
        l
    }

    #[test]
    fn similar_offers_open_listings_nearest_in_price_and_walk() {
        let at = |slug: &str, nightly: i64, walk: u16| {
            let mut l = lodging(vec![room("r", 2, nightly)]);
            l.slug = slug.into();
            l.location.walk_minutes = walk;
            l
        };
        let full = at("full", 150, 5);
        let list = vec![
            at("dear", 400, 5),
            at("near-price", 160, 5),
            at("far-walk", 150, 25),
            at("also-full", 150, 5),
            at("cheap", 100, 5),
            at("same", 150, 6),
            full.clone(),
        ];
        let open = |l: &Lodging| !["full", "also-full"].contains(&l.slug.as_str());
        let like: Vec<String> = similar(list, open, |l| l.unlike(&full))
            .into_iter()
            .map(|l| l.slug)
            .collect();
        // ¥10 a night and a minute of walk weigh alike (a tie keeps list order); "dear" is
        // fifth, past SIMILAR_MAX.
        assert_eq!(like, ["near-price", "same", "cheap", "far-walk"]);
    }

    fn taken(room: &str, night: &str) -> TakenNight {
        ("yam-field-homestay".into(), room.into(), day(night))
    }

    #[test]
    fn a_stay_is_offered_in_the_cheapest_room_free_every_night() {
        let l = lodging(vec![room("cheap", 2, 120), room("dear", 3, 200)]);
        let stay = Stay {
            check_in: day("2026-12-10"),
            check_out: day("2026-12-13"),
        };
        let today = day("2026-12-01");
        let free = lodging_offers(std::slice::from_ref(&l), Some(stay), 2, today, &[]);
        let best = free[0].best.as_ref().unwrap();
        assert_eq!(
            (best.room.as_str(), best.quote.total),
            ("cheap", Money::yuan(3 * 120 + 3 * 40))
        );
        // One night of the cheap room taken: the dearer room, for all three nights.
        let one_taken = [taken("cheap", "2026-12-12"), taken("dear", "2026-12-13")];
        let offer = &lodging_offers(std::slice::from_ref(&l), Some(stay), 2, today, &one_taken)[0];
        assert_eq!(offer.best.as_ref().unwrap().room, "dear");
        assert_eq!(offer.next_free_night, Some(day("2026-12-10")));
        // Too many guests for any room: nothing offered, no night free.
        let crowd = &lodging_offers(std::slice::from_ref(&l), Some(stay), 4, today, &[])[0];
        assert_eq!((crowd.best.as_ref(), crowd.next_free_night), (None, None));
    }

    #[test]
    fn the_next_free_night_is_the_first_with_any_fitting_room_free() {
        let l = lodging(vec![room("only", 2, 150)]);
        let today = day("2026-12-01");
        let nights = [taken("only", "2026-12-01"), taken("only", "2026-12-02")];
        let offer = &lodging_offers(std::slice::from_ref(&l), None, 1, today, &nights)[0];
        assert_eq!(offer.next_free_night, Some(day("2026-12-03")));
        assert_eq!(offer.best, None);
        let all: Vec<TakenNight> = today
            .iter_days()
            .take(LOOKAHEAD_NIGHTS as usize)
            .map(|n| ("yam-field-homestay".into(), "only".into(), n))
            .collect();
        let full = &lodging_offers(std::slice::from_ref(&l), None, 1, today, &all)[0];
        assert_eq!(full.next_free_night, None);
    }
}
