//! When and where a visitor arrives: a lodging's check-in and check-out times, a course's
//! first-day meeting time and place. The listing and the ticket both show it.
use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::text::Localized;

/// A time of day, written `HH:MM` (24-hour) in JSON and on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Clock {
    hour: u8,
    minute: u8,
}

impl Clock {
    pub fn new(hour: u8, minute: u8) -> Option<Clock> {
        (hour < 24 && minute < 60).then_some(Clock { hour, minute })
    }

    /// `14:00` (or `9:30`) as a time; `None` for any other shape.
    pub fn parse(text: &str) -> Option<Clock> {
        let (h, m) = text.trim().split_once(':')?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        let digits = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        Clock::new(digits(h)?, digits(m)?)
    }
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl Serialize for Clock {
    fn serialize<S: Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        out.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Clock {
    fn deserialize<D: Deserializer<'de>>(input: D) -> Result<Clock, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(input)?;
        Clock::parse(&text)
            .ok_or_else(|| de::Error::custom(format!("invalid time {text:?}, expected HH:MM")))
    }
}

/// When to come, and where to go first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Arrival {
    /// A stay: check-in from this time. A course: be there by this time on the first day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "14:00"))]
    pub at: Clock,
    /// A stay: check-out by this time on the last morning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "12:00"))]
    pub leave_by: Option<Clock>,
    /// Where to go on arrival when it is not the front door (the training ground, a gate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meet: Option<Localized>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_hh_mm() {
        assert_eq!(Clock::parse("14:00"), Clock::new(14, 0));
        assert_eq!(Clock::parse("8:30").unwrap().to_string(), "08:30");
        for bad in [
            "24:00", "12:60", "12", "12:5", "-1:00", "1200", "ab:cd", "123:00",
        ] {
            assert_eq!(Clock::parse(bad), None, "{bad}");
        }
        let arrival: Arrival =
            serde_json::from_str(r#"{"at":"14:00","leave_by":"12:00"}"#).unwrap();
        assert_eq!(arrival.leave_by, Clock::new(12, 0));
        assert_eq!(
            serde_json::to_string(&arrival).unwrap(),
            r#"{"at":"14:00","leave_by":"12:00"}"#
        );
        assert!(serde_json::from_str::<Arrival>(r#"{"at":"2pm"}"#).is_err());
    }
}
