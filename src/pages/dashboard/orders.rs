//! A seller's orders: mark paid, mark handed over or posted.
use leptos::prelude::*;
use model::staff::OrderRecord;

use crate::api;
use crate::components::desk::{act, list_of, order_status_label, polled, StatusTag};
use crate::format::use_lang;
use crate::i18n::*;
use crate::text::tr;

/// The seller's orders, newest first.
#[component]
pub fn OrdersScreen() -> impl IntoView {
    let i18n = use_i18n();
    let (list, reload) = polled(api::dashboard::orders);
    let problem = RwSignal::new(None::<String>);
    view! {
        <section aria-labelledby="ops-orders">
            <h2 id="ops-orders">{tr!(i18n, ops.orders)}</h2>
            {move || problem.get().map(|p| view! { <p class="notice error" role="alert">{p}</p> })}
            {list_of(list, tr!(i18n, ops.none), move |o| view! { <OrderCard record=o reload problem/> }.into_any())}
        </section>
    }
}

#[component]
fn OrderCard(
    record: OrderRecord,
    reload: Callback<()>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let o = record.order;
    let reference = o.reference.to_string();
    let (r1, r2) = (reference.clone(), reference.clone());
    let status = o.status;
    let lines = o.lines.clone();
    let lines = move || {
        lines
            .iter()
            .map(|l| {
                format!(
                    "{} {} × {}",
                    l.name.get(lang()),
                    l.label.get(lang()),
                    l.quantity
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let paid = move |_| {
        let r = r1.clone();
        act(
            async move { api::dashboard::mark_order_paid(&r).await },
            reload,
            problem,
            i18n,
        )
    };
    let sent = move |_| {
        let r = r2.clone();
        act(
            async move { api::dashboard::mark_order_fulfilled(&r).await },
            reload,
            problem,
            i18n,
        )
    };
    view! {
        <li class="ops-item" data-reference=reference.clone()>
            <div class="entry-head">
                <strong class="mono">{reference.clone()}</strong>
                <StatusTag name=status.as_str() label=Signal::derive(move || order_status_label(i18n, status))/>
                <span class="price">{o.total.display()}</span>
            </div>
            <p>{lines}</p>
            <p>{o.contact.name.clone()} " · " {o.contact.phone.clone()}</p>
            {record.paid_at.is_some().then(|| view! { <p class="badge support">{tr!(i18n, ops.paid)}</p> })}
            <div class="actions wrap">
                {record.paid_at.is_none().then(|| view! { <button type="button" class="button small" on:click=paid>{tr!(i18n, ops.mark_paid)}</button> })}
                {record.fulfilled_at.is_none().then(|| view! { <button type="button" class="button small" on:click=sent>{tr!(i18n, ops.mark_sent)}</button> })}
            </div>
        </li>
    }
}
