//! Status changes of bookings, orders, pledges, spendings and ledger corrections: what each
//! action does from each status, and what it refuses. Pure, so every store persists the same
//! decisions; a store only writes what [`Transition::To`] says, in one transaction.
use serde::{Deserialize, Serialize};

use crate::booking::BookingStatus;
use crate::donation::DonationStatus;
use crate::ledger::SpendingStage;
use crate::order::OrderStatus;
use crate::problem::Problem;

/// What an action does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition<S> {
    /// Already done (a retry, a second tap): nothing is written.
    Unchanged,
    /// The new state to write.
    To(S),
}

/// Why an action is refused. Each has a stable [`Refusal::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The booking was cancelled or declined.
    BookingCancelled,
    /// Nobody confirmed the booking in time; its places are free again.
    BookingExpired,
    /// A confirmed booking is not declined: the operator calls the visitor instead.
    BookingConfirmed,
    /// Payment is recorded only for a confirmed booking.
    NotConfirmed,
    /// The session or stay has started: the visitor cancels with the operator directly.
    AlreadyStarted,
    OrderCancelled,
    /// The shop has handed the order over.
    AlreadyFulfilled,
    /// The village has received the pledge.
    PledgeConfirmed,
    /// The visitor withdrew the pledge.
    PledgeWithdrawn,
    /// A spending starts pending; no action moves it back there.
    NotAStep,
    /// The spending is not at the stage this action starts from.
    WrongStage {
        stage: SpendingStage,
        expected: SpendingStage,
    },
    /// The one who recorded a spending or proposed a correction may not approve it.
    SecondApproverRequired,
    CorrectionApproved,
}

impl Refusal {
    /// The stable code clients switch on: the code of its [`Problem`].
    pub fn code(self) -> &'static str {
        Problem::from(self).code()
    }
}

// ---- Bookings ---------------------------------------------------------------------------------

/// What can happen to a booking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookingAction {
    /// The operator confirms a request.
    Confirm,
    /// The operator declines a request: refunded in full, places freed.
    Decline,
    /// The operator records the visitor's payment.
    MarkPaid,
    /// The visitor cancels with reference and PIN; `started` when the session or stay has begun.
    CancelByVisitor { started: bool },
    /// Nobody confirmed in time.
    Expire,
    /// The host cancels the session or closes the stay: refunded in full, the reason shown.
    CancelByHost,
}

/// A booking's status and whether its payment is recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookingState {
    pub status: BookingStatus,
    pub paid: bool,
}

impl BookingState {
    /// What `action` does to this booking.
    pub fn apply(self, action: BookingAction) -> Result<Transition<BookingState>, Refusal> {
        use BookingAction as A;
        use BookingStatus as S;
        let to = |status| Ok(Transition::To(BookingState { status, ..self }));
        match (action, self.status) {
            (A::Expire, S::Requested) => to(S::Expired),
            (A::Expire, _) => Ok(Transition::Unchanged),
            (A::CancelByVisitor { .. }, S::Cancelled | S::Expired) => Ok(Transition::Unchanged),
            (A::CancelByVisitor { started: true }, _) => Err(Refusal::AlreadyStarted),
            (A::CancelByVisitor { started: false }, _) => to(S::Cancelled),
            (A::CancelByHost, S::Cancelled | S::Expired) => Ok(Transition::Unchanged),
            (A::CancelByHost, S::Requested | S::Confirmed) => to(S::Cancelled),
            (_, S::Cancelled) => Err(Refusal::BookingCancelled),
            (_, S::Expired) => Err(Refusal::BookingExpired),
            (A::Confirm, S::Requested) => to(S::Confirmed),
            (A::Confirm, S::Confirmed) => Ok(Transition::Unchanged),
            (A::Decline, S::Requested) => to(S::Cancelled),
            (A::Decline, S::Confirmed) => Err(Refusal::BookingConfirmed),
            (A::MarkPaid, S::Requested) => Err(Refusal::NotConfirmed),
            (A::MarkPaid, S::Confirmed) if self.paid => Ok(Transition::Unchanged),
            (A::MarkPaid, S::Confirmed) => Ok(Transition::To(BookingState { paid: true, ..self })),
        }
    }
}

// ---- Orders -----------------------------------------------------------------------------------

/// What can happen to an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderAction {
    /// The seller records the buyer's payment.
    MarkPaid,
    /// The seller hands the order over or posts it.
    Fulfil,
    /// The buyer cancels with reference and PIN: the stock goes back.
    CancelByVisitor,
}

/// An order's status and what its seller has recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderState {
    pub status: OrderStatus,
    pub paid: bool,
    pub fulfilled: bool,
}

impl OrderState {
    /// What `action` does to this order.
    pub fn apply(self, action: OrderAction) -> Result<Transition<OrderState>, Refusal> {
        let to = |next| Ok(Transition::To(next));
        match (action, self.status) {
            (OrderAction::CancelByVisitor, OrderStatus::Cancelled) => Ok(Transition::Unchanged),
            (_, OrderStatus::Cancelled) => Err(Refusal::OrderCancelled),
            (OrderAction::CancelByVisitor, _) if self.fulfilled => Err(Refusal::AlreadyFulfilled),
            (OrderAction::CancelByVisitor, _) => to(OrderState {
                status: OrderStatus::Cancelled,
                ..self
            }),
            (OrderAction::MarkPaid, _) if self.paid => Ok(Transition::Unchanged),
            (OrderAction::MarkPaid, _) => to(OrderState { paid: true, ..self }),
            (OrderAction::Fulfil, _) if self.fulfilled => Ok(Transition::Unchanged),
            (OrderAction::Fulfil, _) => to(OrderState {
                fulfilled: true,
                ..self
            }),
        }
    }
}

// ---- Pledges ----------------------------------------------------------------------------------

/// What can happen to a pledge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PledgeAction {
    /// Village finance confirms the money arrived: it moves from pledged to raised.
    Confirm,
    /// The donor withdraws with reference and PIN.
    Withdraw,
}

impl DonationStatus {
    /// What `action` does to a pledge in this status. Confirming twice is refused rather than
    /// ignored: it would be a second ledger entry.
    pub fn apply(self, action: PledgeAction) -> Result<Transition<DonationStatus>, Refusal> {
        use DonationStatus as S;
        match (action, self) {
            (PledgeAction::Confirm, S::Pledged) => Ok(Transition::To(S::Confirmed)),
            (PledgeAction::Confirm, S::Confirmed) => Err(Refusal::PledgeConfirmed),
            (PledgeAction::Confirm, S::Cancelled) => Err(Refusal::PledgeWithdrawn),
            (PledgeAction::Withdraw, S::Pledged) => Ok(Transition::To(S::Cancelled)),
            (PledgeAction::Withdraw, S::Confirmed) => Err(Refusal::PledgeConfirmed),
            (PledgeAction::Withdraw, S::Cancelled) => Ok(Transition::Unchanged),
        }
    }
}

// ---- Spendings and corrections -----------------------------------------------------------------

/// What can happen to a spending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpendingAction {
    /// A second person approves it; `by_recorder` when the approver is who recorded it.
    Approve { by_recorder: bool },
    /// The money is paid out.
    Pay,
}

impl SpendingAction {
    /// The action that moves a spending to `stage`, given whether the actor recorded it.
    pub fn toward(stage: SpendingStage, by_recorder: bool) -> Result<SpendingAction, Refusal> {
        match stage {
            SpendingStage::Approved => Ok(SpendingAction::Approve { by_recorder }),
            SpendingStage::Paid => Ok(SpendingAction::Pay),
            SpendingStage::Pending => Err(Refusal::NotAStep),
        }
    }
}

impl SpendingStage {
    /// What `action` does to a spending at this stage. Every step is a ledger entry, so a
    /// repeated step is refused, not ignored.
    pub fn apply(self, action: SpendingAction) -> Result<Transition<SpendingStage>, Refusal> {
        use SpendingStage as S;
        let (expected, next) = match action {
            SpendingAction::Approve { .. } => (S::Pending, S::Approved),
            SpendingAction::Pay => (S::Approved, S::Paid),
        };
        if self != expected {
            return Err(Refusal::WrongStage {
                stage: self,
                expected,
            });
        }
        if action == (SpendingAction::Approve { by_recorder: true }) {
            return Err(Refusal::SecondApproverRequired);
        }
        Ok(Transition::To(next))
    }
}

/// Where a proposed correction of a ledger entry stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorrectionStatus {
    Pending,
    /// Its entry is in the ledger.
    Approved,
}

impl CorrectionStatus {
    /// The stable name stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            CorrectionStatus::Pending => "pending",
            CorrectionStatus::Approved => "approved",
        }
    }

    /// Parses [`CorrectionStatus::as_str`].
    pub fn parse(s: &str) -> Option<CorrectionStatus> {
        [CorrectionStatus::Pending, CorrectionStatus::Approved]
            .into_iter()
            .find(|c| c.as_str() == s)
    }

    /// Approval by a second person; `by_proposer` when the approver proposed it.
    pub fn approve(self, by_proposer: bool) -> Result<Transition<CorrectionStatus>, Refusal> {
        match self {
            CorrectionStatus::Approved => Err(Refusal::CorrectionApproved),
            CorrectionStatus::Pending if by_proposer => Err(Refusal::SecondApproverRequired),
            CorrectionStatus::Pending => Ok(Transition::To(CorrectionStatus::Approved)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BookingStatus::{Cancelled, Confirmed, Expired, Requested};

    fn booking(status: BookingStatus, paid: bool) -> BookingState {
        BookingState { status, paid }
    }

    fn to(status: BookingStatus, paid: bool) -> Result<Transition<BookingState>, Refusal> {
        Ok(Transition::To(booking(status, paid)))
    }

    #[test]
    fn every_booking_action_from_every_status() {
        use BookingAction as A;
        let same = Ok(Transition::Unchanged);
        let late = A::CancelByVisitor { started: true };
        let early = A::CancelByVisitor { started: false };
        #[rustfmt::skip]
        let table = [
            (Requested, false, A::Confirm, to(Confirmed, false)),
            (Requested, false, A::Decline, to(Cancelled, false)),
            (Requested, false, A::MarkPaid, Err(Refusal::NotConfirmed)),
            (Requested, false, early, to(Cancelled, false)),
            (Requested, false, late, Err(Refusal::AlreadyStarted)),
            (Requested, false, A::Expire, to(Expired, false)),
            (Confirmed, false, A::Confirm, same),
            (Confirmed, false, A::Decline, Err(Refusal::BookingConfirmed)),
            (Confirmed, false, A::MarkPaid, to(Confirmed, true)),
            (Confirmed, true, A::MarkPaid, same),
            (Confirmed, true, early, to(Cancelled, true)),
            (Confirmed, false, late, Err(Refusal::AlreadyStarted)),
            (Confirmed, false, A::Expire, same),
            (Cancelled, false, A::Confirm, Err(Refusal::BookingCancelled)),
            (Cancelled, false, A::Decline, Err(Refusal::BookingCancelled)),
            (Cancelled, false, A::MarkPaid, Err(Refusal::BookingCancelled)),
            (Cancelled, false, early, same),
            (Cancelled, false, late, same),
            (Cancelled, false, A::Expire, same),
            (Expired, false, A::Confirm, Err(Refusal::BookingExpired)),
            (Expired, false, A::Decline, Err(Refusal::BookingExpired)),
            (Expired, false, A::MarkPaid, Err(Refusal::BookingExpired)),
            (Expired, false, early, same),
            (Expired, false, late, same),
            (Expired, false, A::Expire, same),
            (Requested, false, A::CancelByHost, to(Cancelled, false)),
            (Confirmed, true, A::CancelByHost, to(Cancelled, true)),
            (Cancelled, false, A::CancelByHost, same),
            (Expired, false, A::CancelByHost, same),
        ];
        for (status, paid, action, expected) in table {
            assert_eq!(
                booking(status, paid).apply(action),
                expected,
                "{action:?} from {status:?} (paid: {paid})"
            );
        }
    }

    #[test]
    fn a_booking_leaves_its_places_only_by_cancel_decline_or_expiry() {
        use BookingAction as A;
        let actions = [
            A::Confirm,
            A::Decline,
            A::MarkPaid,
            A::CancelByVisitor { started: false },
            A::Expire,
            A::CancelByHost,
        ];
        for status in [Requested, Confirmed, Cancelled, Expired] {
            for action in actions {
                if let Ok(Transition::To(next)) = booking(status, false).apply(action) {
                    let frees = status.holds_places() && !next.status.holds_places();
                    let frees_expected = !matches!(action, A::Confirm | A::MarkPaid);
                    assert_eq!(frees, frees_expected, "{action:?} from {status:?}");
                }
            }
        }
    }

    #[test]
    fn every_order_action_from_every_status() {
        use OrderAction as A;
        let order = |status, paid, fulfilled| OrderState {
            status,
            paid,
            fulfilled,
        };
        let placed = order(OrderStatus::Placed, false, false);
        let paid = order(OrderStatus::Placed, true, false);
        let handed = order(OrderStatus::Placed, true, true);
        let cancelled = order(OrderStatus::Cancelled, false, false);
        let same = Ok(Transition::Unchanged);
        #[rustfmt::skip]
        let table = [
            (placed, A::MarkPaid, Ok(Transition::To(paid))),
            (placed, A::Fulfil, Ok(Transition::To(order(OrderStatus::Placed, false, true)))),
            (placed, A::CancelByVisitor, Ok(Transition::To(cancelled))),
            (paid, A::MarkPaid, same),
            (paid, A::Fulfil, Ok(Transition::To(handed))),
            (paid, A::CancelByVisitor, Ok(Transition::To(order(OrderStatus::Cancelled, true, false)))),
            (handed, A::MarkPaid, same),
            (handed, A::Fulfil, same),
            (handed, A::CancelByVisitor, Err(Refusal::AlreadyFulfilled)),
            (cancelled, A::MarkPaid, Err(Refusal::OrderCancelled)),
            (cancelled, A::Fulfil, Err(Refusal::OrderCancelled)),
            (cancelled, A::CancelByVisitor, same),
        ];
        for (state, action, expected) in table {
            assert_eq!(state.apply(action), expected, "{action:?} from {state:?}");
        }
    }

    #[test]
    fn every_pledge_action_from_every_status() {
        use DonationStatus as S;
        #[rustfmt::skip]
        let table = [
            (S::Pledged, PledgeAction::Confirm, Ok(Transition::To(S::Confirmed))),
            (S::Pledged, PledgeAction::Withdraw, Ok(Transition::To(S::Cancelled))),
            (S::Confirmed, PledgeAction::Confirm, Err(Refusal::PledgeConfirmed)),
            (S::Confirmed, PledgeAction::Withdraw, Err(Refusal::PledgeConfirmed)),
            (S::Cancelled, PledgeAction::Confirm, Err(Refusal::PledgeWithdrawn)),
            (S::Cancelled, PledgeAction::Withdraw, Ok(Transition::Unchanged)),
        ];
        for (status, action, expected) in table {
            assert_eq!(status.apply(action), expected, "{action:?} from {status:?}");
        }
    }

    #[test]
    fn every_spending_action_from_every_stage() {
        use SpendingStage as S;
        let other = SpendingAction::Approve { by_recorder: false };
        let self_ = SpendingAction::Approve { by_recorder: true };
        let wrong = |stage, expected| Err(Refusal::WrongStage { stage, expected });
        #[rustfmt::skip]
        let table = [
            (S::Pending, other, Ok(Transition::To(S::Approved))),
            (S::Pending, self_, Err(Refusal::SecondApproverRequired)),
            (S::Pending, SpendingAction::Pay, wrong(S::Pending, S::Approved)),
            (S::Approved, other, wrong(S::Approved, S::Pending)),
            (S::Approved, self_, wrong(S::Approved, S::Pending)),
            (S::Approved, SpendingAction::Pay, Ok(Transition::To(S::Paid))),
            (S::Paid, other, wrong(S::Paid, S::Pending)),
            (S::Paid, self_, wrong(S::Paid, S::Pending)),
            (S::Paid, SpendingAction::Pay, wrong(S::Paid, S::Approved)),
        ];
        for (stage, action, expected) in table {
            assert_eq!(stage.apply(action), expected, "{action:?} from {stage:?}");
        }
        assert_eq!(
            SpendingAction::toward(S::Pending, false),
            Err(Refusal::NotAStep)
        );
        assert_eq!(
            SpendingAction::toward(S::Paid, true),
            Ok(SpendingAction::Pay)
        );
    }

    #[test]
    fn a_correction_is_approved_once_by_a_second_person() {
        use CorrectionStatus as C;
        assert_eq!(C::Pending.approve(false), Ok(Transition::To(C::Approved)));
        assert_eq!(
            C::Pending.approve(true),
            Err(Refusal::SecondApproverRequired)
        );
        assert_eq!(C::Approved.approve(false), Err(Refusal::CorrectionApproved));
        assert_eq!(C::Approved.approve(true), Err(Refusal::CorrectionApproved));
        assert_eq!(C::parse(C::Approved.as_str()), Some(C::Approved));
    }
}
