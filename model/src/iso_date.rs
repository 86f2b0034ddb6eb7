//! `YYYY-MM-DD` dates in JSON, for `#[serde(with = "crate::iso_date")]`.
//!
//! Read by hand rather than through chrono's `FromStr`: chrono's general parser (RFC 2822,
//! time zones, week dates) would otherwise sit in the front end's first download just for the
//! event dates on the home page.
use chrono::NaiveDate;
use serde::{de, Deserialize, Deserializer, Serializer};

/// `2026-12-05` as a date; `None` for any other shape or an impossible day.
pub fn parse(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(number(&b[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&b[5..7])?, number(&b[8..10])?)
}

pub fn serialize<S: Serializer>(date: &NaiveDate, out: S) -> Result<S::Ok, S::Error> {
    out.collect_str(date)
}

pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<NaiveDate, D::Error> {
    let text = std::borrow::Cow::<'de, str>::deserialize(input)?;
    parse(&text)
        .ok_or_else(|| de::Error::custom(format!("invalid date {text:?}, expected YYYY-MM-DD")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_chrono_writes() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        assert_eq!(parse(&d.to_string()), Some(d));
        assert_eq!(parse("0999-01-09"), NaiveDate::from_ymd_opt(999, 1, 9));
    }

    #[test]
    fn refuses_other_shapes_and_impossible_days() {
        for bad in [
            "2026-2-28",
            "2026-02-30",
            "2026/02/28",
            "2026-02-28T00:00",
            "",
            "２０２６-02-28",
            "+202-02-28",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_json_date_round_trips_and_a_bad_one_says_what_is_expected() {
        #[derive(serde::Serialize, Deserialize, PartialEq, Debug)]
        struct Day(#[serde(with = "super")] NaiveDate);
        let day: Day = serde_json::from_str("\"2027-04-03\"").unwrap();
        assert_eq!(serde_json::to_string(&day).unwrap(), "\"2027-04-03\"");
        let err = serde_json::from_str::<Day>("\"3 Apr 2027\"").unwrap_err();
        assert!(err.to_string().contains("expected YYYY-MM-DD"), "{err}");
    }
}
