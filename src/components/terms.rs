//! What pressing a confirm button costs: said beside it, before the visitor commits.
use leptos::prelude::*;
use model::terms::{PayWhen, PaymentTerms};

use crate::format::use_lang;
use crate::i18n::*;

/// "Nothing is paid now. You pay ¥1,900 to your host, Chen family, on arrival, …"
#[component]
pub fn PayTerms(#[prop(into)] terms: Signal<PaymentTerms>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let text = move || {
        let t = terms.get();
        let price = if t.due.fen() > 0 {
            t.due.display()
        } else {
            t_string!(i18n, book.the_price).to_string()
        };
        let payee = t.payee.get(lang()).to_owned();
        match t.when {
            PayWhen::OnArrival => {
                t_string!(i18n, book.pay_stay, price = price, payee = payee).to_string()
            }
            PayWhen::OnFirstDay => {
                t_string!(i18n, book.pay_course, price = price, payee = payee).to_string()
            }
            PayWhen::SellerArranges => {
                t_string!(i18n, book.pay_order, price = price, payee = payee).to_string()
            }
            PayWhen::BankTransfer => {
                t_string!(i18n, book.pay_pledge, price = price, payee = payee).to_string()
            }
        }
    };
    view! { <p class="pay-terms">{text}</p> }
}
