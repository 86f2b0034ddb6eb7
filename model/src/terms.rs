//! What a visitor pays, when, how and to whom, said beside the button that commits them; and
//! what cancelling costs when nothing has been paid yet. The portal takes no money itself:
//! bookings are paid to the host or school in person, orders as the seller arranges, pledges
//! by bank transfer.
use crate::booking::{BookingKind, CancelDecision};
use crate::listing::CancellationPolicy;
use crate::money::Money;
use crate::text::Localized;

/// When and how the money is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayWhen {
    /// To the host on arrival, in cash or by WeChat Pay.
    OnArrival,
    /// To the school on the first day, in cash or by WeChat Pay.
    OnFirstDay,
    /// The seller calls to arrange it: WeChat Pay or bank transfer, or in cash on pick-up.
    SellerArranges,
    /// By bank transfer to the project's account, after pledging.
    BankTransfer,
}

/// What committing costs now and later.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentTerms {
    /// Paid on pressing the button: always nothing, as the portal takes no money.
    pub paid_now: Money,
    /// Paid later, as [`PaymentTerms::when`] says.
    pub due: Money,
    /// Who receives it: the host family, school, seller or the project's account.
    pub payee: Localized,
    pub when: PayWhen,
}

impl PaymentTerms {
    /// A booking of `kind` costing `price`, paid to `operator` in person.
    pub fn booking(kind: BookingKind, price: Money, operator: &Localized) -> Self {
        PaymentTerms {
            paid_now: Money(0),
            due: price,
            payee: operator.clone(),
            when: match kind {
                BookingKind::Lodging => PayWhen::OnArrival,
                BookingKind::School => PayWhen::OnFirstDay,
            },
        }
    }

    /// An order totalling `total`, paid to the `sellers` as they arrange it.
    pub fn order(total: Money, sellers: &Localized) -> Self {
        PaymentTerms {
            paid_now: Money(0),
            due: total,
            payee: sellers.clone(),
            when: PayWhen::SellerArranges,
        }
    }

    /// A pledge of `amount`, transferred to the account named `account_name`.
    pub fn pledge(amount: Money, account_name: &Localized) -> Self {
        PaymentTerms {
            paid_now: Money(0),
            due: amount,
            payee: account_name.clone(),
            when: PayWhen::BankTransfer,
        }
    }
}

/// Several payees named together, each once, in the order given: "陈家、李家" / "Chen, Li".
pub fn payees<'a>(names: impl IntoIterator<Item = &'a Localized>) -> Localized {
    let mut unique: Vec<&Localized> = Vec::new();
    for name in names {
        if !unique.contains(&name) {
            unique.push(name);
        }
    }
    let join = |lang: crate::Lang, sep: &str| {
        unique
            .iter()
            .map(|n| n.get(lang))
            .collect::<Vec<_>>()
            .join(sep)
    };
    Localized::new(join(crate::Lang::Zh, "、"), join(crate::Lang::En, ", "))
}

impl CancellationPolicy {
    /// The share of the price a late cancellation costs (what is not refunded): 0–100.
    pub fn late_fee_percent(&self) -> u8 {
        100 - self.late_refund_percent.min(100)
    }
}

impl CancelDecision {
    /// What cancelling now costs a visitor who has paid nothing yet: the part of `price` the
    /// policy does not give back. `None` once the stay or course has started.
    pub fn fee(&self, price: Money) -> Option<Money> {
        match self {
            CancelDecision::Refund { amount, .. } => Some(Money(price.0 - amount.0)),
            CancelDecision::Started => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn nothing_is_paid_now_and_each_kind_is_paid_its_own_way() {
        let chen = Localized::new("陈家", "Chen family");
        let stay = PaymentTerms::booking(BookingKind::Lodging, Money::yuan(1900), &chen);
        assert_eq!((stay.paid_now, stay.due), (Money(0), Money::yuan(1900)));
        assert_eq!(
            (stay.when, stay.payee.en.as_str()),
            (PayWhen::OnArrival, "Chen family")
        );
        let course = PaymentTerms::booking(BookingKind::School, Money::yuan(2980), &chen);
        assert_eq!(course.when, PayWhen::OnFirstDay);
        let order = PaymentTerms::order(Money(12_345), &chen);
        assert_eq!(
            (order.paid_now, order.when),
            (Money(0), PayWhen::SellerArranges)
        );
        let pledge = PaymentTerms::pledge(Money::yuan(100), &chen);
        assert_eq!(
            (pledge.due, pledge.when),
            (Money::yuan(100), PayWhen::BankTransfer)
        );
    }

    #[test]
    fn several_sellers_are_named_once_each() {
        let chen = Localized::new("陈家鞋坊", "Chen shoe workshop");
        let yam = Localized::new("山药合作社", "Yam co-op");
        let named = payees([&chen, &yam, &chen]);
        assert_eq!(
            named,
            Localized::new("陈家鞋坊、山药合作社", "Chen shoe workshop, Yam co-op")
        );
    }

    #[test]
    fn a_late_cancellation_costs_what_the_policy_does_not_give_back() {
        let policy = CancellationPolicy {
            free_until_days: 3,
            late_refund_percent: 30,
            note: Localized::default(),
        };
        assert_eq!(policy.late_fee_percent(), 70);
        let start: NaiveDate = "2026-12-20".parse().unwrap();
        let price = Money::yuan(1900);
        let early = policy.decide(price, start, "2026-12-10".parse().unwrap());
        assert_eq!(early.fee(price), Some(Money(0)));
        let late = policy.decide(price, start, "2026-12-19".parse().unwrap());
        assert_eq!(late.fee(price), Some(Money::yuan(1330)));
        assert_eq!(policy.decide(price, start, start).fee(price), None);
        let odd = CancellationPolicy {
            late_refund_percent: 200,
            ..policy
        };
        assert_eq!(odd.late_fee_percent(), 0);
    }
}
