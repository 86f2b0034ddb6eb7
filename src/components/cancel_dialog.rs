//! Cancelling a booking, order or pledge: an in-page dialog that says, before the visitor
//! confirms, what cancelling now costs (from the model's cancellation rule).
use leptos::html::Dialog;
use leptos::prelude::*;
use model::booking::Booking;

use crate::api::TicketKind;
use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::text::tr;

/// What cancelling this booking now costs, in words: free, or the fee and why.
fn booking_cost(
    booking: &Booking,
    i18n: leptos_i18n::I18nContext<Locale>,
    lang: model::Lang,
) -> String {
    let policy = &booking.cancellation;
    let decision = policy.decide(booking.price, booking.item.start(), format::today());
    match decision.fee(booking.price) {
        Some(fee) if fee.fen() > 0 => t_string!(
            i18n,
            book.dialog_fee,
            fee = fee.display(),
            percent = policy.late_fee_percent(),
            price = booking.price.display(),
            date = format::date(booking.free_cancellation_until, lang)
        )
        .to_string(),
        _ => t_string!(i18n, book.dialog_free).to_string(),
    }
}

/// The cancel button and its dialog; `on_confirm` runs when the visitor confirms.
#[component]
pub fn CancelDialog(
    kind: TicketKind,
    /// The booking, for its fee; `None` for orders and pledges.
    booking: Option<Booking>,
    pending: Signal<bool>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let dialog = NodeRef::<Dialog>::new();
    let open = move |_| {
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close = move || {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    let label = move || match kind {
        TicketKind::Booking => t_string!(i18n, book.cancel_booking),
        TicketKind::Order => t_string!(i18n, book.cancel_order),
        TicketKind::Donation => t_string!(i18n, book.cancel_pledge),
    };
    let title = move || match kind {
        TicketKind::Booking => t_string!(i18n, book.dialog_booking),
        TicketKind::Order => t_string!(i18n, book.dialog_order),
        TicketKind::Donation => t_string!(i18n, book.dialog_pledge),
    };
    let text = move || match (&booking, kind) {
        (Some(b), _) => booking_cost(b, i18n, lang()),
        (None, TicketKind::Order) => t_string!(i18n, book.dialog_order_text).to_string(),
        (None, _) => t_string!(i18n, book.dialog_pledge_text).to_string(),
    };
    view! {
        <button type="button" class="button wide" disabled=move || pending.get() on:click=open>{label}</button>
        <dialog node_ref=dialog class="confirm" aria-labelledby="cancel-title">
            <h2 id="cancel-title">{title}</h2>
            <p>{text}</p>
            <div class="dialog-actions">
                <button type="button" class="button" on:click=move |_| close()>{tr!(i18n, book.keep_it)}</button>
                <button type="button" class="button primary" on:click=move |_| { close(); on_confirm.run(()); }>{label}</button>
            </div>
        </dialog>
    }
}
