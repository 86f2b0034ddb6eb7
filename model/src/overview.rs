//! What a host sees first each morning (`GET /ops/overview`) and how the bookings list is
//! searched (`GET /ops/bookings?status=&q=`): the rules, so the server and the browser read a
//! search and lay out the night-by-room calendar the same way.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::booking::BookingStatus;
use crate::reference::{compact, Reference};
use crate::staff::BookingRecord;

/// Nights the overview's calendar shows, from today.
pub const CALENDAR_NIGHTS: u32 = 14;

/// Longest search text read, in characters (a name, a phone number or a reference).
pub const SEARCH_MAX: usize = 60;

/// The digits of a phone number as typed (`+86 138-0013-8000` → `8613800138000`): what is
/// stored beside a booking and compared when a host searches by phone.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// What a host typed in the bookings search, read every way it may be meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookingSearch {
    /// Part of a reference: the text compacted and upper-cased, without a leading `CJG` (a
    /// whole reference so read is its stored code).
    pub reference_part: String,
    /// Part of the visitor's name, lower-cased.
    pub name_part: String,
    /// Part of the visitor's phone number (its digits), when the text is only phone
    /// characters with at least three digits.
    pub phone_part: Option<String>,
}

impl BookingSearch {
    /// The search for `text`, or `None` when it is blank. Longer texts are cut at
    /// [`SEARCH_MAX`] characters.
    pub fn parse(text: &str) -> Option<BookingSearch> {
        let text: String = text.trim().chars().take(SEARCH_MAX).collect();
        if text.is_empty() {
            return None;
        }
        let compacted = compact(&text);
        let reference_part = compacted
            .strip_prefix("CJG")
            .filter(|rest| !rest.is_empty())
            .unwrap_or(&compacted)
            .to_owned();
        let phone_like = text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'));
        let digits = phone_digits(&text);
        Some(BookingSearch {
            reference_part,
            name_part: text.to_lowercase(),
            phone_part: (phone_like && digits.len() >= 3).then_some(digits),
        })
    }
}

/// A room night held by a booking (requested or confirmed), for the calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TakenNight {
    pub lodging: String,
    pub room: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub night: NaiveDate,
    pub reference: Reference,
    pub status: BookingStatus,
}

/// A session of one of the host's programmes with its places.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionPlaces {
    pub school: String,
    pub program: String,
    pub session: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub start: NaiveDate,
    pub capacity: u32,
    /// Persons holding places, requested or confirmed.
    pub booked: u32,
    /// Of those, persons whose request waits for the host's answer.
    pub requested: u32,
}

/// `GET /ops/overview`: what needs an answer, who comes and goes today, what is taken ahead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    /// The village's today (Asia/Shanghai), which every date below is counted from.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub today: NaiveDate,
    /// Requests waiting for the host's confirmation (upcoming, not yet expired).
    pub waiting: u32,
    /// Bookings starting today (session start or check-in), requested or confirmed.
    pub arrivals: Vec<BookingRecord>,
    /// Stays whose check-out is today.
    pub departures: Vec<BookingRecord>,
    /// Room nights held from today for [`CALENDAR_NIGHTS`] nights.
    pub nights: Vec<TakenNight>,
    /// Sessions starting from today, soonest first.
    pub sessions: Vec<SessionPlaces>,
}

/// One cell of the night-by-room calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NightCell {
    Free,
    /// Held by this booking, waiting for the host's answer.
    Requested(Reference),
    Confirmed(Reference),
}

/// The calendar of one lodging: for each of `rooms` (in order), one cell per night from
/// `from` for `nights` nights.
pub fn night_grid(
    lodging: &str,
    rooms: &[String],
    from: NaiveDate,
    nights: u32,
    taken: &[TakenNight],
) -> Vec<Vec<NightCell>> {
    rooms
        .iter()
        .map(|room| {
            from.iter_days()
                .take(nights as usize)
                .map(|night| {
                    taken
                        .iter()
                        .find(|t| t.lodging == lodging && &t.room == room && t.night == night)
                        .map_or(NightCell::Free, |t| match t.status {
                            BookingStatus::Confirmed => NightCell::Confirmed(t.reference.clone()),
                            _ => NightCell::Requested(t.reference.clone()),
                        })
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn reference() -> Reference {
        Reference::parse("CJG-7KQ4-M9TX").unwrap()
    }

    #[test]
    fn a_phone_is_compared_by_its_digits() {
        assert_eq!(phone_digits("+86 138-0013 8000"), "8613800138000");
        let search = BookingSearch::parse(" 138 0013 ").unwrap();
        assert_eq!(search.phone_part.as_deref(), Some("1380013"));
        // Two digits say too little to be a phone search.
        assert_eq!(BookingSearch::parse("13").unwrap().phone_part, None);
        assert_eq!(BookingSearch::parse("Li 138").unwrap().phone_part, None);
    }

    #[test]
    fn a_reference_is_read_with_or_without_its_prefix_and_dashes() {
        let whole = BookingSearch::parse("cjg-7kq4-m9tx").unwrap();
        assert_eq!(whole.reference_part, reference().code());
        assert_eq!(
            BookingSearch::parse("CJG 7KQ4").unwrap().reference_part,
            "7KQ4"
        );
        assert_eq!(
            BookingSearch::parse("m9 tx").unwrap().reference_part,
            "M9TX"
        );
    }

    #[test]
    fn a_name_is_compared_in_lower_case_and_a_blank_search_is_none() {
        assert_eq!(BookingSearch::parse("Anna").unwrap().name_part, "anna");
        assert_eq!(BookingSearch::parse("王芳").unwrap().name_part, "王芳");
        assert_eq!(BookingSearch::parse("  \t"), None);
        let long = "x".repeat(200);
        assert_eq!(
            BookingSearch::parse(&long).unwrap().name_part.len(),
            SEARCH_MAX
        );
    }

    #[test]
    fn the_calendar_marks_each_held_night_in_its_room_only() {
        let rooms = vec!["double".to_owned(), "single".to_owned()];
        let taken = [
            TakenNight {
                lodging: "yam-field".into(),
                room: "double".into(),
                night: day(2),
                reference: reference(),
                status: BookingStatus::Confirmed,
            },
            TakenNight {
                lodging: "yam-field".into(),
                room: "single".into(),
                night: day(3),
                reference: reference(),
                status: BookingStatus::Requested,
            },
            // Another lodging's room of the same name stays out.
            TakenNight {
                lodging: "other".into(),
                room: "double".into(),
                night: day(1),
                reference: reference(),
                status: BookingStatus::Confirmed,
            },
        ];
        let grid = night_grid("yam-field", &rooms, day(1), 3, &taken);
        assert_eq!(
            grid,
            vec![
                vec![
                    NightCell::Free,
                    NightCell::Confirmed(reference()),
                    NightCell::Free
                ],
                vec![
                    NightCell::Free,
                    NightCell::Free,
                    NightCell::Requested(reference())
                ],
            ]
        );
    }
}
