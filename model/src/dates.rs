//! Dates written out for people, in either language.
use chrono::{Datelike, NaiveDate};

use crate::text::Lang;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2026年12月5日` or `5 Dec 2026`.
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
    }
}

/// A date range, shortened when both ends share a month.
pub fn date_range(start: NaiveDate, end: NaiveDate, lang: Lang) -> String {
    if start == end {
        return date(start, lang);
    }
    match lang {
        Lang::Zh => format!("{}–{}", date(start, lang), zh_tail(start, end)),
        Lang::En if start.year() == end.year() && start.month() == end.month() => format!(
            "{}–{} {} {}",
            start.day(),
            end.day(),
            MONTHS[end.month0() as usize],
            end.year()
        ),
        Lang::En => format!("{} – {}", date(start, lang), date(end, lang)),
    }
}

/// The weekday as a calendar's column head: `一` … `日`, or `Mo` … `Su`.
pub fn weekday_short(d: NaiveDate, lang: Lang) -> &'static str {
    let i = d.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::Zh => ["一", "二", "三", "四", "五", "六", "日"][i],
        Lang::En => ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"][i],
    }
}

/// The weekday in a date heading: `周二`, or `Tue`.
pub fn weekday(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("周{}", weekday_short(d, lang)),
        Lang::En => {
            let i = d.weekday().num_days_from_monday() as usize;
            ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i].to_owned()
        }
    }
}

fn zh_tail(start: NaiveDate, end: NaiveDate) -> String {
    if start.year() != end.year() {
        date(end, Lang::Zh)
    } else if start.month() != end.month() {
        format!("{}月{}日", end.month(), end.day())
    } else {
        format!("{}日", end.day())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_calendar_heads_its_columns_with_the_weekday_in_either_language() {
        // 1 December 2026 is a Tuesday.
        assert_eq!(weekday_short(d(2026, 12, 1), Lang::Zh), "二");
        assert_eq!(weekday_short(d(2026, 12, 1), Lang::En), "Tu");
        assert_eq!(weekday_short(d(2026, 12, 6), Lang::Zh), "日");
        assert_eq!(weekday(d(2026, 12, 1), Lang::Zh), "周二");
        assert_eq!(weekday(d(2026, 12, 6), Lang::En), "Sun");
    }

    #[test]
    fn dates_read_naturally_in_both_languages() {
        assert_eq!(date(d(2026, 12, 5), Lang::Zh), "2026年12月5日");
        assert_eq!(date(d(2026, 12, 5), Lang::En), "5 Dec 2026");
    }

    #[test]
    fn ranges_drop_the_repeated_month() {
        let (a, b) = (d(2027, 4, 3), d(2027, 4, 5));
        assert_eq!(date_range(a, b, Lang::En), "3–5 Apr 2027");
        assert_eq!(date_range(a, b, Lang::Zh), "2027年4月3日–5日");
        assert_eq!(
            date_range(a, d(2027, 5, 1), Lang::Zh),
            "2027年4月3日–5月1日"
        );
        assert_eq!(date_range(a, a, Lang::En), "3 Apr 2027");
    }
}
