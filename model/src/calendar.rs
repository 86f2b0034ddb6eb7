//! A booking as a calendar file (`.ics`, RFC 5545), for "add to calendar" on the ticket and
//! for the confirmation sent to the visitor. Written by the `icalendar` crate, which escapes
//! and folds the lines as the standard asks.
use chrono::Days;
use icalendar::{Calendar, Component, Event, EventLike};

use crate::booking::{BookedItem, Booking};
use crate::text::Lang;

/// The days a booking takes: a course's days, or a stay's nights up to the check-out day.
fn span(item: &BookedItem) -> (chrono::NaiveDate, chrono::NaiveDate) {
    match item {
        BookedItem::School { start, days, .. } => {
            (*start, *start + Days::new(u64::from((*days).max(1))))
        }
        BookedItem::Lodging {
            check_in,
            check_out,
            ..
        } => (*check_in, *check_out + Days::new(1)),
    }
}

/// The booking as one all-day event (ends exclusive), named after what was booked, with the
/// reference and the operator's phone in its description.
pub fn booking_ics(booking: &Booking, lang: Lang) -> String {
    let (start, end) = span(&booking.item);
    let (reference, phone) = match lang {
        Lang::Zh => ("预订号", "电话"),
        Lang::En => ("Reference", "Phone"),
    };
    let description = format!(
        "{reference}: {}\n{phone}: {}",
        booking.reference, booking.operator_contact.phone
    );
    let event = Event::new()
        .uid(&format!("{}@chenjiagou.portal", booking.reference))
        .timestamp(booking.created_at)
        .summary(booking.item.title().get(lang))
        .description(&description)
        .location(match lang {
            Lang::Zh => "河南省焦作市温县陈家沟",
            Lang::En => "Chenjiagou, Wen County, Jiaozuo, Henan",
        })
        .starts(start)
        .ends(end)
        .done();
    Calendar::new().push(event).done().to_string()
}

/// The file name offered for download: `CJG-ABCD-EFGH.ics`.
pub fn file_name(booking: &Booking) -> String {
    format!("{}.ics", booking.reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stay() -> Booking {
        let text = |s: &str| serde_json::json!({ "zh": s, "en": s });
        serde_json::from_value(serde_json::json!({
            "reference": "CJG-ABCD-EFGH", "status": "requested",
            "item": { "kind": "lodging", "lodging": "chen-family-courtyard", "lodging_name": text("Chen Family Courtyard"),
                      "room": "double", "room_name": text("Double room, big; quiet"), "check_in": "2026-12-10", "check_out": "2026-12-13",
                      "guests": 2, "quote": { "nights": 3, "guests": 2, "base_guests": 2, "extra_persons": 0,
                                               "nightly": 18000, "extra_person": 5000, "total": 54000 } },
            "price": 54000,
            "cancellation": { "free_until_days": 3, "late_refund_percent": 50, "note": text("") },
            "free_cancellation_until": "2026-12-07",
            "operator_contact": { "phone": "139-0000-0201", "hours": text("7–22") },
            "contact": { "name": "Lin", "phone": "13900000456" }, "note": "",
            "created_at": "2026-12-01T08:30:00Z"
        }))
        .unwrap()
    }

    #[test]
    fn a_stay_is_one_all_day_event_from_check_in_to_the_check_out_day() {
        let ics = booking_ics(&stay(), Lang::En);
        let lines: Vec<&str> = ics.split("\r\n").collect();
        for want in [
            "BEGIN:VCALENDAR",
            "BEGIN:VEVENT",
            "UID:CJG-ABCD-EFGH@chenjiagou.portal",
            "DTSTAMP:20261201T083000Z",
            "DTSTART;VALUE=DATE:20261210",
            "DTEND;VALUE=DATE:20261214",
            // Commas and semicolons are escaped, as RFC 5545 asks.
            "SUMMARY:Chen Family Courtyard · Double room\\, big\\; quiet",
            "END:VCALENDAR",
        ] {
            assert!(lines.contains(&want), "{want} missing from\n{ics}");
        }
        assert!(
            ics.contains("Reference: CJG-ABCD-EFGH\\nPhone: 139-0000-0201"),
            "{ics}"
        );
        assert!(booking_ics(&stay(), Lang::Zh).contains("LOCATION:河南省焦作市温县陈家沟"));
    }
}
