//! Pieces the operators' screens share: words for roles, statuses and stages in the
//! operator's language, the booking card with its actions, and loading a list that refreshes
//! itself. Used only by `pages/dashboard/`, so it travels in the dashboard's own download.
use std::future::Future;

use leptos::prelude::*;
use leptos_i18n::I18nContext;
use model::booking::{BookedItem, BookingStatus};
use model::ledger::SpendingStage;
use model::order::OrderStatus;
use model::staff::{BookingRecord, Role};

use crate::api::{self, SubmitError};
use crate::components::form::{Field, FieldError};
use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::problem::describe;
use crate::text::{local, tr, tr_count};

/// How often a dashboard list looks for new requests.
pub const POLL_MS: u32 = 15_000;

/// A role in the operator's language.
pub fn role_label(i18n: I18nContext<Locale>, role: Role) -> &'static str {
    match role {
        Role::Host => t_string!(i18n, ops.role_host),
        Role::Seller => t_string!(i18n, ops.role_seller),
        Role::Finance => t_string!(i18n, ops.role_finance),
        Role::Admin => t_string!(i18n, ops.role_admin),
    }
}

/// A booking's status in the operator's language.
pub fn booking_status_label(i18n: I18nContext<Locale>, status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Requested => t_string!(i18n, book.status_requested),
        BookingStatus::Confirmed => t_string!(i18n, book.status_confirmed),
        BookingStatus::Cancelled => t_string!(i18n, book.status_cancelled),
        BookingStatus::Expired => t_string!(i18n, book.status_expired),
    }
}

/// An order's status in the operator's language.
pub fn order_status_label(i18n: I18nContext<Locale>, status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Placed => t_string!(i18n, book.status_placed),
        OrderStatus::Cancelled => t_string!(i18n, book.status_cancelled),
    }
}

/// A spending's stage in the operator's language.
pub fn spending_stage_label(i18n: I18nContext<Locale>, stage: SpendingStage) -> &'static str {
    match stage {
        SpendingStage::Pending => t_string!(i18n, ops.stage_pending),
        SpendingStage::Approved => t_string!(i18n, ops.stage_approved),
        SpendingStage::Paid => t_string!(i18n, ops.stage_paid),
    }
}

/// A status badge, coloured by the stable name and worded by `label`.
#[component]
pub fn StatusTag(
    /// The stable name (`requested`, `placed`, `pending` …), for the colour.
    name: &'static str,
    label: Signal<&'static str>,
) -> impl IntoView {
    view! { <span class=format!("badge status {name}")>{label}</span> }
}

/// Counts the notices the live stream brought: every [`polled`] list below loads again
/// when it changes.
#[derive(Clone, Copy)]
pub struct Live(pub RwSignal<u64>);

/// Opens the operator's live stream (`/ops/live`) for as long as the dashboard is open and
/// provides its [`Live`] count. The browser reconnects a dropped stream by itself.
pub fn listen_live() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let tick = RwSignal::new(0_u64);
    provide_context(Live(tick));
    let source = StoredValue::new_local(None::<web_sys::EventTarget>);
    leptos::task::spawn_local(async move {
        let Ok(url) = crate::api::dashboard::live_url().await else {
            return;
        };
        let Some(es) = open_event_source(&url) else {
            return;
        };
        let on_notice = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
            tick.try_update(|n| *n += 1);
        });
        let _ = es.add_event_listener_with_callback("notice", on_notice.as_ref().unchecked_ref());
        on_notice.forget();
        if source.try_set_value(Some(es.clone())).is_some() {
            // The dashboard was closed while the address was being read.
            close_event_source(&es);
        }
    });
    on_cleanup(move || {
        if let Some(Some(es)) = source.try_get_value() {
            close_event_source(&es);
        }
    });
}

/// `new EventSource(url, { withCredentials: true })`, reached through `Reflect`: web-sys's
/// `EventSource` bindings would sit in the JS glue every first visit loads, for the dashboard.
fn open_event_source(url: &str) -> Option<web_sys::EventTarget> {
    use js_sys::Reflect;
    use wasm_bindgen::JsCast;
    let class = Reflect::get(&window(), &"EventSource".into()).ok()?;
    let init = js_sys::Object::new();
    Reflect::set(&init, &"withCredentials".into(), &true.into()).ok()?;
    let args = js_sys::Array::of2(&url.into(), &init);
    let source = Reflect::construct(class.dyn_ref::<js_sys::Function>()?, &args).ok()?;
    Some(source.unchecked_into())
}

fn close_event_source(source: &web_sys::EventTarget) {
    use wasm_bindgen::JsCast;
    if let Ok(close) = js_sys::Reflect::get(source, &"close".into()) {
        if let Some(close) = close.dyn_ref::<js_sys::Function>() {
            let _ = close.call0(source);
        }
    }
}

/// A value loaded by `load` now and every [`POLL_MS`], so new requests appear without a
/// reload, and the callback that loads it again. An answer that comes after a newer load was
/// started is dropped, so a quick change of filter never shows an older list; an answer equal
/// to the one shown changes nothing, so a reason being typed under it is not wiped.
pub fn polled<T, F, Fut>(load: F) -> (RwSignal<Option<Result<T, SubmitError>>>, Callback<()>)
where
    T: PartialEq + Send + Sync + 'static,
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T, SubmitError>> + 'static,
{
    let value = RwSignal::new(None);
    let started = StoredValue::new(0_u64);
    let reload = Callback::new(move |_| {
        started.update_value(|n| *n += 1);
        let mine = started.get_value();
        let answer = load();
        leptos::task::spawn_local(async move {
            let answer = answer.await;
            let fresh = started.try_get_value() == Some(mine);
            if fresh && value.try_with_untracked(|v| v.as_ref() != Some(&answer)) == Some(true) {
                value.try_set(Some(answer));
            }
        });
    });
    reload.run(());
    // A notice on the live stream loads it again at once; the polling below stays for
    // when the stream is down.
    if let Some(Live(tick)) = use_context::<Live>() {
        Effect::new(move |seen: Option<u64>| {
            let now = tick.get();
            if seen.is_some_and(|seen| seen != now) {
                reload.run(());
            }
            now
        });
    }
    let handle = set_interval_with_handle(
        move || {
            reload.try_run(());
        },
        std::time::Duration::from_millis(POLL_MS.into()),
    );
    on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });
    (value, reload)
}

/// Runs an operator's action, shows why it was refused if it was, and reloads what it changed.
pub fn act(
    work: impl Future<Output = Result<(), SubmitError>> + 'static,
    reload: Callback<()>,
    problem: RwSignal<Option<String>>,
    i18n: I18nContext<Locale>,
) {
    leptos::task::spawn_local(async move {
        let answer = work.await;
        problem.try_set(answer.err().map(|e| describe(&e, i18n)));
        reload.try_run(());
    });
}

/// A loaded list: loading, an error, `empty`'s words, or one view per item.
pub fn list_of<T: Clone + Send + Sync + 'static>(
    list: RwSignal<Option<Result<Vec<T>, SubmitError>>>,
    empty: Signal<String>,
    item: impl Fn(T) -> AnyView + Send + Sync + Clone + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match list.get() {
        None => view! { <p class="muted">"…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="notice error">{describe(&e, i18n)}</p> }.into_any(),
        Some(Ok(items)) if items.is_empty() => view! { <p class="muted">{empty}</p> }.into_any(),
        Some(Ok(items)) => {
            let item = item.clone();
            view! { <ul class="ops-list">{items.into_iter().map(item).collect_view()}</ul> }
                .into_any()
        }
    }
}

/// What was booked, for whom and when, as a card's lines.
struct Booked {
    place: model::Localized,
    part: model::Localized,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    persons: u32,
}

fn booked(item: &BookedItem) -> Booked {
    match item {
        BookedItem::School {
            school_name,
            program_name,
            start,
            party,
            ..
        } => Booked {
            place: school_name.clone(),
            part: program_name.clone(),
            from: *start,
            to: *start,
            persons: *party,
        },
        BookedItem::Lodging {
            lodging_name,
            room_name,
            check_in,
            check_out,
            guests,
            ..
        } => Booked {
            place: lodging_name.clone(),
            part: room_name.clone(),
            from: *check_in,
            to: *check_out,
            persons: *guests,
        },
    }
}

/// One booking with the visitor's contact and what the host can do with it now: confirm or
/// decline a request (with a reason the visitor reads), mark a confirmed one paid.
#[component]
pub fn BookingCard(
    record: BookingRecord,
    reload: Callback<()>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let b = record.booking;
    let reference = b.reference.to_string();
    let status = b.status;
    let what = booked(&b.item);
    let (from, to) = (what.from, what.to);
    let reason = RwSignal::new(String::new());
    let declining = RwSignal::new(false);
    let (r1, r2, r3) = (reference.clone(), reference.clone(), reference.clone());
    let tel = format!("tel:{}", b.contact.phone.replace([' ', '-'], ""));
    let wechat = b.contact.wechat.clone();
    let confirm = move |_| {
        let r = r1.clone();
        act(
            async move { api::dashboard::confirm_booking(&r).await },
            reload,
            problem,
            i18n,
        )
    };
    let mark_paid = move |_| {
        let r = r2.clone();
        act(
            async move { api::dashboard::mark_booking_paid(&r).await },
            reload,
            problem,
            i18n,
        )
    };
    view! {
        <li class="ops-item" data-reference=reference.clone()>
            <div class="entry-head">
                <strong class="mono">{reference.clone()}</strong>
                <StatusTag name=status.as_str() label=Signal::derive(move || booking_status_label(i18n, status))/>
                <span class="price">{b.price.display()}</span>
            </div>
            <p>{local(what.place)} " · " {local(what.part)}</p>
            <p class="muted">{move || format::date_range(from, to, lang())} " · " {tr_count!(i18n, what.persons, book.one_person, book.party_n)}</p>
            <p>{b.contact.name.clone()} " · " <a href=tel>{b.contact.phone.clone()}</a>
                {wechat.map(|w| view! { " · " {tr!(i18n, common.wechat)} " " {w} })}</p>
            {(!b.note.is_empty()).then(|| view! { <p class="muted">"“" {b.note.clone()} "”"</p> })}
            {record.decline_reason.map(|r| view! { <p class="muted">{tr!(i18n, ops.declined_because)} " " {r}</p> })}
            {record.paid_at.is_some().then(|| view! { <p class="badge support">{tr!(i18n, ops.paid)}</p> })}
            <div class="actions wrap">
                {(status == BookingStatus::Requested).then(|| view! {
                    <button type="button" class="button small primary" on:click=confirm>{tr!(i18n, ops.confirm)}</button>
                    <button type="button" class="button small" on:click=move |_| declining.set(true)>{tr!(i18n, ops.decline)}</button>
                })}
                {(status == BookingStatus::Confirmed && record.paid_at.is_none()).then(|| view! {
                    <button type="button" class="button small" on:click=mark_paid>{tr!(i18n, ops.mark_paid)}</button>
                })}
            </div>
            <Show when=move || declining.get()>
                {
                    let r3 = r3.clone();
                    let decline = move |_| {
                        let (r, why) = (r3.clone(), reason.get());
                        act(async move { api::dashboard::decline_booking(&r, why).await }, reload, problem, i18n)
                    };
                    view! {
                        <Field label=tr!(i18n, ops.decline_reason) value=reason error=FieldError::plain(Signal::derive(|| None))/>
                        <button type="button" class="button small" on:click=decline>{tr!(i18n, ops.send_decline)}</button>
                    }
                }
            </Show>
        </li>
    }
}
