//! What someone must be told of: a new booking request, order or pledge, and each change of
//! its status. Written to the outbox in the same transaction as the change, and worded here
//! once for every channel (a group robot, an e-mail, a JSON webhook).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::booking::{BookedItem, Booking};
use crate::dates::date;
use crate::donation::Donation;
use crate::order::Order;
use crate::text::{Lang, Localized};
use crate::Money;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeEvent {
    BookingRequested,
    BookingConfirmed,
    BookingDeclined,
    BookingCancelled,
    /// The host moved the session to another day.
    BookingMoved,
    BookingPaid,
    OrderPlaced,
    OrderPaid,
    OrderSent,
    OrderCancelled,
    PledgeMade,
    PledgeReceived,
    PledgeWithdrawn,
}

impl NoticeEvent {
    /// The stable name stored and sent.
    pub fn as_str(self) -> &'static str {
        use NoticeEvent::*;
        match self {
            BookingRequested => "booking_requested",
            BookingConfirmed => "booking_confirmed",
            BookingDeclined => "booking_declined",
            BookingCancelled => "booking_cancelled",
            BookingMoved => "booking_moved",
            BookingPaid => "booking_paid",
            OrderPlaced => "order_placed",
            OrderPaid => "order_paid",
            OrderSent => "order_sent",
            OrderCancelled => "order_cancelled",
            PledgeMade => "pledge_made",
            PledgeReceived => "pledge_received",
            PledgeWithdrawn => "pledge_withdrawn",
        }
    }

    fn head(self) -> Localized {
        use NoticeEvent::*;
        let (zh, en) = match self {
            BookingRequested => ("新预订", "New booking request"),
            BookingConfirmed => ("预订已确认", "Booking confirmed"),
            BookingDeclined => ("预订未被接受", "Booking declined"),
            BookingCancelled => ("预订已取消", "Booking cancelled"),
            BookingMoved => ("预订已改期", "Booking moved"),
            BookingPaid => ("预订已收款", "Booking paid"),
            OrderPlaced => ("新订单", "New order"),
            OrderPaid => ("订单已收款", "Order paid"),
            OrderSent => ("订单已发货", "Order sent"),
            OrderCancelled => ("订单已取消", "Order cancelled"),
            PledgeMade => ("新捐赠承诺", "New pledge"),
            PledgeReceived => ("捐款已到账", "Pledge received"),
            PledgeWithdrawn => ("捐赠承诺已撤回", "Pledge withdrawn"),
        };
        Localized::new(zh, en)
    }

    /// The same event as the visitor is told of it.
    fn visitor_head(self) -> Localized {
        use NoticeEvent::*;
        let (zh, en) = match self {
            BookingRequested => (
                "已收到你的预订申请，主人确认后会再通知你",
                "We have your booking request; you will hear again when it is confirmed",
            ),
            BookingConfirmed => ("你的预订已确认", "Your booking is confirmed"),
            BookingDeclined => (
                "很抱歉，你的预订未被接受",
                "Sorry, your booking was declined",
            ),
            BookingCancelled => ("你的预订已取消", "Your booking is cancelled"),
            BookingMoved => ("你的预订已改到新的日期", "Your booking has a new date"),
            BookingPaid | OrderPaid => ("已收到你的付款", "Your payment was received"),
            OrderPlaced => ("已收到你的订单", "We have your order"),
            OrderSent => ("你的订单已发出", "Your order is on its way"),
            OrderCancelled => ("你的订单已取消", "Your order is cancelled"),
            PledgeMade => ("感谢你的捐赠承诺", "Thank you for your pledge"),
            PledgeReceived => (
                "你的捐款已到账并记入公开账本",
                "Your gift has arrived and is in the public ledger",
            ),
            PledgeWithdrawn => ("你的捐赠承诺已撤回", "Your pledge is withdrawn"),
        };
        Localized::new(zh, en)
    }
}

/// The visitor's copy of a notice: to the e-mail they left, in the language they used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorCopy {
    pub email: String,
    pub lang: Lang,
    /// A booking's `.ics`, attached when it is requested or confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
}

/// One thing to tell, as kept in the outbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub event: NoticeEvent,
    /// The booking's, order's or pledge's reference: notices of one are delivered in order.
    pub reference: String,
    /// Who it concerns, as `collection/slug` (`schools/…`, `lodgings/…`, `projects/…`), or
    /// `products` for an order.
    pub listing: String,
    /// What it is about: the school and programme, the lodging and room, the order's first
    /// item, the project.
    pub about: Localized,
    /// A booking's first day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Persons booked, or items ordered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    pub amount: Money,
    /// Sent to the visitor too, when they left an e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor: Option<VisitorCopy>,
}

impl Notice {
    pub fn of_booking(event: NoticeEvent, booking: &Booking) -> Notice {
        let (listing, count) = match &booking.item {
            BookedItem::School { school, party, .. } => (format!("schools/{school}"), *party),
            BookedItem::Lodging {
                lodging, guests, ..
            } => (format!("lodgings/{lodging}"), *guests),
        };
        Notice {
            event,
            reference: booking.reference.to_string(),
            listing,
            about: booking.item.title(),
            date: Some(booking.item.start()),
            count: Some(count),
            amount: booking.price,
            visitor: VisitorCopy::for_contact(&booking.contact, |lang| {
                let attach = matches!(
                    event,
                    NoticeEvent::BookingRequested
                        | NoticeEvent::BookingConfirmed
                        | NoticeEvent::BookingMoved
                );
                attach.then(|| crate::calendar::booking_ics(booking, lang))
            }),
        }
    }

    pub fn of_order(event: NoticeEvent, order: &Order) -> Notice {
        let first = order.lines.first();
        let about = first.map_or_else(Localized::default, |l| l.name.clone());
        Notice {
            event,
            reference: order.reference.to_string(),
            listing: "products".into(),
            about,
            date: None,
            count: Some(order.lines.iter().map(|l| l.quantity).sum()),
            amount: order.total,
            visitor: VisitorCopy::for_contact(&order.contact, |_| None),
        }
    }

    pub fn of_pledge(event: NoticeEvent, pledge: &Donation) -> Notice {
        Notice {
            event,
            reference: pledge.reference.to_string(),
            listing: format!("projects/{}", pledge.project),
            about: pledge.project_name.clone(),
            date: None,
            count: None,
            amount: pledge.amount,
            visitor: None,
        }
    }

    /// What it is about, its day, persons or items, and amount: the host's line and the
    /// visitor's e-mail both give these.
    fn details(&self, lang: Lang) -> Vec<String> {
        let mut parts = vec![self.about.get(lang).to_owned()];
        parts.extend(self.date.map(|d| date(d, lang)));
        parts.extend(self.count.map(|n| self.counted(n, lang)));
        parts.push(self.amount.display());
        parts
    }

    /// One line: "新预订：陈家小院 · 大床房 · 2026年12月5日 · 2人 · ¥360 · CJG-…".
    pub fn text(&self, lang: Lang) -> String {
        let mut parts = self.details(lang);
        parts.push(self.reference.clone());
        let head = self.event.head();
        format!("{}{}{}", head.get(lang), colon(lang), parts.join(" · "))
    }

    /// The visitor's e-mail subject: "Your booking is confirmed: CJG-…".
    pub fn visitor_subject(&self, lang: Lang) -> String {
        let head = self.event.visitor_head();
        let short = head.get(lang).split(['，', ';']).next().unwrap_or_default();
        format!("{short}{}{}", colon(lang), self.reference)
    }

    /// The visitor's e-mail: what happened, what it is about, and the way back to the ticket
    /// (at `site`, when known). The PIN is never sent.
    pub fn visitor_body(&self, lang: Lang, site: Option<&str>) -> String {
        let (reference, ticket, pin) = match lang {
            Lang::Zh => ("编号", "查看", "打开时请输入预订时显示的PIN码；我们不会通过邮件发送PIN码。"),
            Lang::En => ("Reference", "Open it at", "Open it with the PIN you were shown when you booked; we never send the PIN by e-mail."),
        };
        let stop = if lang == Lang::Zh { "。" } else { "." };
        let mut lines = vec![
            format!("{}{stop}", self.event.visitor_head().get(lang)),
            String::new(),
        ];
        lines.extend(self.details(lang));
        lines.push(format!("{reference}{}{}", colon(lang), self.reference));
        if let Some(site) = site {
            lines.push(format!(
                "{ticket}{}{site}/trips/{}",
                colon(lang),
                self.reference
            ));
        }
        lines.push(pin.to_owned());
        lines.join("\n")
    }

    fn counted(&self, n: u32, lang: Lang) -> String {
        let order = self.listing == "products";
        match (lang, order) {
            (Lang::Zh, false) => format!("{n}人"),
            (Lang::Zh, true) => format!("{n}件"),
            (Lang::En, false) if n == 1 => "1 person".into(),
            (Lang::En, false) => format!("{n} persons"),
            (Lang::En, true) if n == 1 => "1 item".into(),
            (Lang::En, true) => format!("{n} items"),
        }
    }
}

fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

impl VisitorCopy {
    /// The copy for a visitor who left an e-mail, in the language they used (Chinese when
    /// unknown), with the calendar file `calendar` makes in that language.
    fn for_contact(
        contact: &crate::booking::VisitorContact,
        calendar: impl FnOnce(Lang) -> Option<String>,
    ) -> Option<VisitorCopy> {
        let email = contact.email.clone()?;
        let lang = contact.lang.unwrap_or(Lang::Zh);
        Some(VisitorCopy {
            email,
            lang,
            calendar: calendar(lang),
        })
    }
}

/// A notice the worker keeps failing to deliver, as the admin's dashboard lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FailingNotice {
    pub id: i64,
    pub notice: Notice,
    /// The line it says, in both languages.
    pub text: Localized,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(event: NoticeEvent, listing: &str, count: u32) -> Notice {
        Notice {
            event,
            reference: "CJG-ABCD-EFGH".into(),
            listing: listing.into(),
            about: Localized::new("陈家小院 · 大床房", "Chen Family Courtyard · Double room"),
            date: NaiveDate::from_ymd_opt(2026, 12, 5),
            count: Some(count),
            amount: Money::yuan(360),
            visitor: None,
        }
    }

    #[test]
    fn the_visitor_is_told_in_their_words_with_the_way_back_and_no_pin() {
        let n = notice(
            NoticeEvent::BookingConfirmed,
            "lodgings/chen-family-courtyard",
            2,
        );
        assert_eq!(
            n.visitor_subject(Lang::En),
            "Your booking is confirmed: CJG-ABCD-EFGH"
        );
        let body = n.visitor_body(Lang::En, Some("https://cjg.example"));
        assert!(body.starts_with("Your booking is confirmed.\n"), "{body}");
        assert!(
            body.contains("Open it at: https://cjg.example/trips/CJG-ABCD-EFGH"),
            "{body}"
        );
        let asked = notice(NoticeEvent::BookingRequested, "lodgings/x", 2);
        assert_eq!(
            asked.visitor_subject(Lang::Zh),
            "已收到你的预订申请：CJG-ABCD-EFGH"
        );
        assert!(asked.visitor_body(Lang::Zh, None).contains("PIN码"));
    }

    #[test]
    fn a_notice_reads_in_the_recipients_language() {
        let n = notice(
            NoticeEvent::BookingRequested,
            "lodgings/chen-family-courtyard",
            2,
        );
        assert_eq!(
            n.text(Lang::Zh),
            "新预订：陈家小院 · 大床房 · 2026年12月5日 · 2人 · ¥360 · CJG-ABCD-EFGH"
        );
        assert_eq!(
            n.text(Lang::En),
            "New booking request: Chen Family Courtyard · Double room · 5 Dec 2026 · 2 persons · ¥360 · CJG-ABCD-EFGH"
        );
        let order = notice(NoticeEvent::OrderPlaced, "products", 1);
        assert!(order.text(Lang::En).contains(" · 1 item · "));
        assert!(order.text(Lang::Zh).starts_with("新订单："));
    }

    #[test]
    fn stored_notices_read_back_the_same() {
        let n = notice(NoticeEvent::BookingDeclined, "schools/x", 3);
        let json = serde_json::to_string(&n).unwrap();
        assert!(json.contains(r#""event":"booking_declined""#));
        assert_eq!(serde_json::from_str::<Notice>(&json).unwrap(), n);
    }
}
