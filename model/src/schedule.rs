//! Session series: a programme's start dates as a rule ("every Monday from 7 Dec, capacity
//! 16"), so dates keep coming without anyone typing them. The store turns a series into
//! sessions a horizon ahead; the static front end does the same from the JSON file.
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::listing::{School, Session};
use crate::problem::{FieldErrors, Problem};

/// How far ahead a series offers dates.
pub const HORIZON_DAYS: i64 = 119;
/// Sessions that started longer ago than this are no longer listed (those that just did are,
/// so a late booking hears that the session started, not that it does not exist).
pub const LISTED_AFTER_START_DAYS: i64 = 2;
/// Most days between two sessions of a series.
pub const EVERY_DAYS_MAX: u16 = 364;
/// Most sessions a series may have, and most places one may offer.
pub const COUNT_MAX: u32 = 520;
pub const CAPACITY_MAX: u32 = 10_000;

/// Sessions of one programme every `every_days` days from `first`, `count` times, or without
/// end when `count` is absent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SessionSeries {
    /// Unique across all schools; its sessions are `<id>-<yyyymmdd>`.
    pub id: String,
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub first: NaiveDate,
    /// 7 for weekly, 14 for every other week.
    pub every_days: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Places per session, counted in persons.
    pub capacity: u32,
}

impl SessionSeries {
    /// The id of the session starting on `start`.
    pub fn session_id(&self, start: NaiveDate) -> String {
        format!("{}-{}", self.id, start.format("%Y%m%d"))
    }

    /// Start dates from `from` to `until`, both inclusive.
    pub fn starts(&self, from: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
        let step = i64::from(self.every_days.max(1));
        let skipped = if from > self.first {
            ((from - self.first).num_days() + step - 1) / step
        } else {
            0
        };
        let last = self
            .count
            .map(|n| i64::from(n) - 1)
            .unwrap_or(i64::MAX / step - 1);
        (skipped..=last)
            .map(|k| self.first + Duration::days(k * step))
            .take_while(|d| *d <= until)
            .collect()
    }

    /// The sessions a visitor may see on `today`: from today to the horizon.
    pub fn sessions_ahead(&self, today: NaiveDate) -> Vec<Session> {
        self.starts(today, today + Duration::days(HORIZON_DAYS))
            .into_iter()
            .map(|start| Session {
                id: self.session_id(start),
                start,
                capacity: self.capacity,
                booked: 0,
            })
            .collect()
    }

    /// Checks a series an operator asks for: no date in the past, sane sizes.
    pub fn check(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.first <= today {
            errors.add("first", Problem::DatePassed {});
        }
        if self.every_days == 0 || self.every_days > EVERY_DAYS_MAX {
            errors.add(
                "every_days",
                Problem::OutOfRange {
                    min: 1,
                    max: u32::from(EVERY_DAYS_MAX),
                },
            );
        }
        if self.count.is_some_and(|n| n == 0 || n > COUNT_MAX) {
            errors.add(
                "count",
                Problem::OutOfRange {
                    min: 1,
                    max: COUNT_MAX,
                },
            );
        }
        if self.capacity == 0 || self.capacity > CAPACITY_MAX {
            errors.add(
                "capacity",
                Problem::OutOfRange {
                    min: 1,
                    max: CAPACITY_MAX,
                },
            );
        }
        errors.into_result(())
    }
}

/// Adds to every programme the sessions its series offer on `today` that it does not list yet
/// (what the static site does; the server keeps them in its store instead).
pub fn expand_series(schools: &mut [School], today: NaiveDate) {
    for program in schools.iter_mut().flat_map(|s| &mut s.programs) {
        let ahead: Vec<Session> = program
            .series
            .iter()
            .flat_map(|s| s.sessions_ahead(today))
            .filter(|s| !program.sessions.iter().any(|x| x.id == s.id))
            .collect();
        program.sessions.extend(ahead);
        program.sessions.sort_by_key(|s| s.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        crate::iso_date::parse(text).unwrap()
    }

    fn weekly(first: &str, count: Option<u32>) -> SessionSeries {
        SessionSeries {
            id: "gd-w".into(),
            first: date(first),
            every_days: 7,
            count,
            capacity: 16,
        }
    }

    #[test]
    fn a_weekly_series_gives_every_seventh_day_from_its_first() {
        let s = weekly("2026-12-07", Some(4));
        let starts = s.starts(date("2026-01-01"), date("2027-12-31"));
        assert_eq!(
            starts,
            ["2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28"].map(date)
        );
    }

    #[test]
    fn dates_before_the_asked_day_are_skipped_but_keep_the_rhythm() {
        let s = weekly("2026-12-07", None);
        let starts = s.starts(date("2026-12-15"), date("2026-12-31"));
        assert_eq!(starts, ["2026-12-21", "2026-12-28"].map(date));
        assert_eq!(
            s.starts(date("2026-12-14"), date("2026-12-14")),
            [date("2026-12-14")]
        );
    }

    #[test]
    fn a_counted_series_ends_after_its_count_even_when_started_late() {
        let s = weekly("2026-12-07", Some(3));
        assert_eq!(
            s.starts(date("2026-12-20"), date("2027-12-31")),
            [date("2026-12-21")]
        );
        assert!(s.starts(date("2026-12-22"), date("2027-12-31")).is_empty());
    }

    #[test]
    fn an_endless_series_offers_dates_ahead_whatever_the_day() {
        let s = weekly("2026-01-05", None);
        for today in ["2026-12-01", "2028-06-15", "2035-02-28"].map(date) {
            let ahead = s.sessions_ahead(today);
            assert_eq!(ahead.len(), 17, "on {today}");
            assert!(ahead[0].start >= today && ahead[0].start < today + Duration::days(7));
            assert_eq!(
                ahead[0].id,
                format!("gd-w-{}", ahead[0].start.format("%Y%m%d"))
            );
        }
    }

    #[test]
    fn a_series_in_the_past_or_of_zero_places_is_refused_field_by_field() {
        let mut s = weekly("2026-12-01", Some(0));
        s.capacity = 0;
        s.every_days = 0;
        let errors = s.check(date("2026-12-01")).unwrap_err();
        for field in ["first", "every_days", "count", "capacity"] {
            assert!(errors.fields().any(|f| f == field), "{field}: {errors:?}");
        }
        assert!(weekly("2026-12-07", Some(8))
            .check(date("2026-12-01"))
            .is_ok());
    }
}
