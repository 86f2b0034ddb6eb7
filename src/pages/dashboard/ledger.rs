//! Village finance: confirm pledges as received, record, approve (a second person) and pay
//! spendings.
use chrono::NaiveDate;
use leptos::prelude::*;
use model::ledger::SpendingStage;
use model::staff::{ConfirmPledgeRequest, SpendingRequest};
use model::Money;

use crate::api;
use crate::components::desk::{act, polled, spending_stage_label, StatusTag};
use crate::components::form::{Field, FieldError, Submission};
use crate::format;
use crate::i18n::*;
use crate::problem::describe;
use crate::text::tr;

/// Finance types the reference the donor quoted in the transfer, and confirms it arrived.
#[component]
pub fn ConfirmPledge() -> impl IntoView {
    let i18n = use_i18n();
    let reference = RwSignal::new(String::new());
    // The channel is written to the public ledger: in the operator's language.
    let channel = RwSignal::new(t_string!(i18n, ops.bank_transfer).to_string());
    let date = RwSignal::new(format::today().to_string());
    let note = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<(), String>>);
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(day) = NaiveDate::parse_from_str(&date.get(), "%Y-%m-%d") else {
            result.set(Some(Err(t_string!(i18n, ops.bad_date).to_string())));
            return;
        };
        let req = ConfirmPledgeRequest {
            channel: channel.get(),
            date: day,
            note: note.get(),
        };
        let reference = reference.get().trim().to_uppercase();
        leptos::task::spawn_local(async move {
            let answer = api::dashboard::confirm_pledge(&reference, &req).await;
            result.try_set(Some(answer.map_err(|e| describe(&e, i18n))));
        });
    };
    view! {
        <section aria-labelledby="ops-pledge">
            <h2 id="ops-pledge">{tr!(i18n, ops.confirm_pledge)}</h2>
            <form class="book-form" on:submit=confirm>
                <Field label=tr!(i18n, ops.pledge_reference) value=reference error=FieldError::plain(Signal::derive(|| None)) autocomplete="off"/>
                <Field label=tr!(i18n, ops.channel) value=channel error=FieldError::plain(Signal::derive(|| None))/>
                <Field label=tr!(i18n, ops.received_on) value=date error=FieldError::plain(Signal::derive(|| None)) kind="date"/>
                <Field label=tr!(i18n, ops.note) value=note error=FieldError::plain(Signal::derive(|| None))/>
                <button type="submit" class="button primary wide">{tr!(i18n, ops.confirm_received)}</button>
            </form>
            {move || result.get().map(|r| match r {
                Ok(()) => view! { <p class="notice verified" role="status">{tr!(i18n, ops.pledge_confirmed)}</p> }.into_any(),
                Err(e) => view! { <p class="notice error" role="alert">{e}</p> }.into_any(),
            })}
        </section>
    }
}

/// Spendings: record one (pending), approve (a second person), pay.
#[component]
pub fn Spendings() -> impl IntoView {
    let i18n = use_i18n();
    let (list, reload) = polled(api::dashboard::spendings);
    let problem = RwSignal::new(None::<String>);
    let project = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let payee = RwSignal::new(String::new());
    let purpose = RwSignal::new(String::new());
    let receipt = RwSignal::new(String::new());
    let submission = Submission::new();
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = SpendingRequest {
            project: project.get().trim().to_owned(),
            amount: Money::parse_yuan(&amount.get()),
            payee: payee.get(),
            purpose: purpose.get(),
            date: format::today(),
            receipt_sha256: Some(receipt.get()).filter(|r| !r.trim().is_empty()),
            note: String::new(),
        };
        let key = submission.key_for(&req);
        leptos::task::spawn_local(async move {
            match api::dashboard::create_spending(&req, &key).await {
                Ok(_) => {
                    submission.done();
                    problem.try_set(None);
                }
                Err(e) => {
                    problem.try_set(Some(describe(&e, i18n)));
                }
            }
            reload.try_run(());
        });
    };
    view! {
        <section aria-labelledby="ops-spendings">
            <h2 id="ops-spendings">{tr!(i18n, ops.spendings)}</h2>
            {move || problem.get().map(|p| view! { <p class="notice error" role="alert">{p}</p> })}
            {move || list.get().and_then(Result::ok).map(|items| view! {
                <ul class="ops-list">
                    {items.into_iter().map(|s| {
                        let (id, stage) = (s.id, s.stage);
                        view! {
                            <li class="ops-item">
                                <div class="entry-head">
                                    <strong>{"#"}{id} " " {s.project.clone()}</strong>
                                    <StatusTag name=s.stage.as_str() label=Signal::derive(move || spending_stage_label(i18n, stage))/>
                                    <span class="price">{s.amount.display()}</span>
                                </div>
                                <p>{s.payee.clone()} " · " {s.purpose.clone()}</p>
                                <div class="actions wrap">
                                    {(s.stage == SpendingStage::Pending).then(|| view! { <button type="button" class="button small" on:click=move |_| act(api::dashboard::approve_spending(id), reload, problem, i18n)>{tr!(i18n, ops.approve)}</button> })}
                                    {(s.stage == SpendingStage::Approved).then(|| view! { <button type="button" class="button small" on:click=move |_| act(api::dashboard::pay_spending(id), reload, problem, i18n)>{tr!(i18n, ops.pay)}</button> })}
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <form class="book-form" on:submit=record>
                <h3>{tr!(i18n, ops.record_spending)}</h3>
                <Field label=tr!(i18n, ops.project_slug) value=project error=FieldError::plain(Signal::derive(|| None))/>
                <Field label=tr!(i18n, ops.amount_yuan) value=amount error=FieldError::plain(Signal::derive(|| None)) inputmode="decimal"/>
                <Field label=tr!(i18n, ops.payee) value=payee error=FieldError::plain(Signal::derive(|| None))/>
                <Field label=tr!(i18n, ops.purpose) value=purpose error=FieldError::plain(Signal::derive(|| None))/>
                <Field label=tr!(i18n, ops.receipt_hash) value=receipt error=FieldError::plain(Signal::derive(|| None))/>
                <button type="submit" class="button wide">{tr!(i18n, ops.record)}</button>
            </form>
        </section>
    }
}
