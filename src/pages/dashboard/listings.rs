//! `/ops`: the operators' dashboard on a phone. Hosts confirm, decline and mark bookings
//! paid; sellers mark orders paid and sent; village finance confirms pledges as received and
//! records, approves and pays spendings. New requests appear without a reload.
use crate::components::title::PageTitle;
use chrono::NaiveDate;
use leptos::prelude::*;
use model::booking::BookedItem;
use model::ledger::SpendingStage;
use model::staff::{
    BookingRecord, ConfirmPledgeRequest, DeclineRequest, LoginRequest, OperatorProfile,
    OrderRecord, Role, Spending, SpendingRequest,
};
use model::{Lodging, Money, Product, School, StageKind};

use crate::api::{self, SubmitError};
use crate::components::form::{Field, FieldError, Submission};
use crate::components::qr::Qr;
use crate::components::status::loaded;
use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::pages::shop::stage_label;
use crate::pages::trips::StatusBadge;
use crate::problem::describe;
use crate::text::{local, tr, tr_count};
use leptos_i18n::I18nContext;

/// How often the dashboard looks for new requests.
const POLL_MS: u32 = 15_000;

/// The dashboard, or the login form when no operator is logged in.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = RwSignal::new(None::<OperatorProfile>);
    let checked = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        if let Ok(p) = api::dashboard::get::<OperatorProfile>("/me").await {
            me.set(Some(p));
        }
        checked.set(true);
    });
    view! {
        <PageTitle text=tr!(i18n, ops.title)/>
        <header class="page-head"><h1>{tr!(i18n, ops.title)}</h1></header>
        {move || match (checked.get(), me.get()) {
            (false, _) => view! { <p class="muted">"…"</p> }.into_any(),
            (true, None) => view! { <Login me/> }.into_any(),
            (true, Some(p)) => view! { <Dashboard profile=p me/> }.into_any(),
        }}
    }
}

#[component]
fn Login(me: RwSignal<Option<OperatorProfile>>) -> impl IntoView {
    let i18n = use_i18n();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let failed = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let login = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        let req = LoginRequest {
            username: username.get(),
            password: password.get(),
        };
        leptos::task::spawn_local(async move {
            match api::dashboard::post::<_, OperatorProfile>("/login", &req).await {
                Ok(p) => {
                    password.set(String::new());
                    me.set(Some(p));
                }
                Err(SubmitError::Refused { status: 429, .. }) => {
                    failed.set(Some(t_string!(i18n, ops.too_many).to_string()))
                }
                Err(SubmitError::Refused { .. }) => {
                    failed.set(Some(t_string!(i18n, ops.wrong_login).to_string()))
                }
                Err(e) => failed.set(Some(describe(&e, i18n))),
            }
            pending.set(false);
        });
    };
    view! {
        <form class="book-form" on:submit=login>
            <p>{tr!(i18n, ops.login_intro)}</p>
            <Field label=tr!(i18n, ops.username) value=username error=FieldError::plain(Signal::derive(|| None)) autocomplete="username"/>
            <Field label=tr!(i18n, ops.password) value=password error=FieldError::plain(Signal::derive(move || failed.get())) kind="password" autocomplete="current-password"/>
            <button type="submit" class="button primary wide" disabled=move || pending.get()>{tr!(i18n, ops.login)}</button>
        </form>
    }
}

#[component]
fn Dashboard(profile: OperatorProfile, me: RwSignal<Option<OperatorProfile>>) -> impl IntoView {
    let i18n = use_i18n();
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api::dashboard::post::<_, serde_json::Value>("/logout", &serde_json::json!({}))
                .await;
            me.set(None);
        });
    };
    let role = profile.role;
    view! {
        <div class="ops-who">
            <span>{profile.display_name.clone()} " · " {move || match role {
                Role::Host => t_string!(i18n, ops.role_host).to_string(),
                Role::Seller => t_string!(i18n, ops.role_seller).to_string(),
                Role::Finance => t_string!(i18n, ops.role_finance).to_string(),
                Role::Admin => t_string!(i18n, ops.role_admin).to_string(),
            }}</span>
            <button type="button" class="button small ghost" on:click=logout>{tr!(i18n, ops.logout)}</button>
        </div>
        {matches!(role, Role::Host | Role::Admin).then(|| view! { <Bookings/> })}
        <MyListings profile=profile.clone()/>
        {matches!(role, Role::Seller | Role::Admin).then(|| view! { <Orders/> })}
        {role.keeps_ledger().then(|| view! { <ConfirmPledge/><Spendings/> })}
    }
}

/// Loads `path` now and every [`POLL_MS`], so new requests appear without a reload.
fn polled<T>(path: &'static str) -> (RwSignal<Option<Result<T, SubmitError>>>, Callback<()>)
where
    T: serde::de::DeserializeOwned + Send + Sync + 'static,
{
    let value = RwSignal::new(None);
    let reload = Callback::new(move |_| {
        leptos::task::spawn_local(async move {
            value.set(Some(api::dashboard::get::<T>(path).await));
        });
    });
    reload.run(());
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

/// A polled list: loading, an error, "none right now", or one item view per record.
fn list_of<T: Clone + Send + Sync + 'static>(
    list: RwSignal<Option<Result<Vec<T>, SubmitError>>>,
    item: impl Fn(T) -> AnyView + Send + Sync + Clone + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match list.get() {
        None => view! { <p class="muted">"…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="notice error">{describe(&e, i18n)}</p> }.into_any(),
        Some(Ok(items)) if items.is_empty() => {
            view! { <p class="muted">{tr!(i18n, ops.none)}</p> }.into_any()
        }
        Some(Ok(items)) => {
            let item = item.clone();
            view! { <ul class="ops-list">{items.into_iter().map(item).collect_view()}</ul> }
                .into_any()
        }
    }
}

/// Runs an operator action and reloads the list it changed.
fn act<B: serde::Serialize + 'static>(
    path: String,
    body: B,
    reload: Callback<()>,
    problem: RwSignal<Option<String>>,
    i18n: I18nContext<Locale>,
) {
    leptos::task::spawn_local(async move {
        match api::dashboard::post::<_, serde_json::Value>(&path, &body).await {
            Ok(_) => problem.set(None),
            Err(e) => problem.set(Some(describe(&e, i18n))),
        }
        reload.try_run(());
    });
}

#[component]
fn Bookings() -> impl IntoView {
    let i18n = use_i18n();
    let (list, reload) = polled::<Vec<BookingRecord>>("/bookings");
    let problem = RwSignal::new(None::<String>);
    view! {
        <section aria-labelledby="ops-bookings">
            <h2 id="ops-bookings">{tr!(i18n, ops.bookings)}</h2>
            {move || problem.get().map(|p| view! { <p class="notice error" role="alert">{p}</p> })}
            {list_of(list, move |b| view! { <BookingItem record=b reload problem/> }.into_any())}
        </section>
    }
}

#[component]
fn BookingItem(
    record: BookingRecord,
    reload: Callback<()>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let b = record.booking;
    let reference = b.reference.to_string();
    let status = b.status.as_str();
    let (place, part, when, persons) = match &b.item {
        BookedItem::School {
            school_name,
            program_name,
            start,
            party,
            ..
        } => (
            school_name.clone(),
            program_name.clone(),
            (*start, *start),
            *party,
        ),
        BookedItem::Lodging {
            lodging_name,
            room_name,
            check_in,
            check_out,
            guests,
            ..
        } => (
            lodging_name.clone(),
            room_name.clone(),
            (*check_in, *check_out),
            *guests,
        ),
    };
    let reason = RwSignal::new(String::new());
    let declining = RwSignal::new(false);
    let (r1, r2, r3) = (reference.clone(), reference.clone(), reference.clone());
    let tel = format!("tel:{}", b.contact.phone.replace([' ', '-'], ""));
    view! {
        <li class="ops-item" data-reference=reference.clone()>
            <div class="entry-head">
                <strong class="mono">{reference.clone()}</strong>
                <StatusBadge status/>
                <span class="price">{b.price.display()}</span>
            </div>
            <p>{local(place)} " · " {local(part)}</p>
            <p class="muted">{move || format::date_range(when.0, when.1, lang())} " · " {tr_count!(i18n, persons, book.one_person, book.party_n)}</p>
            <p>{b.contact.name.clone()} " · " <a href=tel>{b.contact.phone.clone()}</a>
                {b.contact.wechat.clone().map(|w| format!(" · WeChat {w}"))}</p>
            {(!b.note.is_empty()).then(|| view! { <p class="muted">"“" {b.note.clone()} "”"</p> })}
            {record.decline_reason.map(|r| view! { <p class="muted">{tr!(i18n, ops.declined_because)} " " {r}</p> })}
            {record.paid_at.is_some().then(|| view! { <p class="badge support">{tr!(i18n, ops.paid)}</p> })}
            <div class="actions wrap">
                {(status == "requested").then(|| view! {
                    <button type="button" class="button small primary" on:click=move |_| act(format!("/bookings/{r1}/confirm"), serde_json::json!({}), reload, problem, i18n)>{tr!(i18n, ops.confirm)}</button>
                    <button type="button" class="button small" on:click=move |_| declining.set(true)>{tr!(i18n, ops.decline)}</button>
                })}
                {(status == "confirmed" && record.paid_at.is_none()).then(|| view! {
                    <button type="button" class="button small" on:click=move |_| act(format!("/bookings/{r2}/paid"), serde_json::json!({}), reload, problem, i18n)>{tr!(i18n, ops.mark_paid)}</button>
                })}
            </div>
            <Show when=move || declining.get()>
                {
                    let r3 = r3.clone();
                    view! {
                        <Field label=tr!(i18n, ops.decline_reason) value=reason error=FieldError::plain(Signal::derive(|| None))/>
                        <button type="button" class="button small" on:click=move |_| act(format!("/bookings/{r3}/decline"), DeclineRequest { reason: reason.get() }, reload, problem, i18n)>{tr!(i18n, ops.send_decline)}</button>
                    }
                }
            </Show>
        </li>
    }
}

#[component]
fn Orders() -> impl IntoView {
    let i18n = use_i18n();
    let (list, reload) = polled::<Vec<OrderRecord>>("/orders");
    let problem = RwSignal::new(None::<String>);
    view! {
        <section aria-labelledby="ops-orders">
            <h2 id="ops-orders">{tr!(i18n, ops.orders)}</h2>
            {move || problem.get().map(|p| view! { <p class="notice error" role="alert">{p}</p> })}
            {list_of(list, move |o: OrderRecord| {
                            let reference = o.order.reference.to_string();
                            let (r1, r2) = (reference.clone(), reference.clone());
                            let lines = o.order.lines.iter().map(|l| format!("{} {} × {}", l.name.zh, l.label.zh, l.quantity)).collect::<Vec<_>>().join("; ");
                            view! {
                                <li class="ops-item">
                                    <div class="entry-head">
                                        <strong class="mono">{reference}</strong>
                                        <span class="badge">{o.order.status.as_str()}</span>
                                        <span class="price">{o.order.total.display()}</span>
                                    </div>
                                    <p>{lines}</p>
                                    <p>{o.order.contact.name.clone()} " · " {o.order.contact.phone.clone()}</p>
                                    <div class="actions wrap">
                                        {o.paid_at.is_none().then(|| view! { <button type="button" class="button small" on:click=move |_| act(format!("/orders/{r1}/paid"), serde_json::json!({}), reload, problem, i18n)>{tr!(i18n, ops.mark_paid)}</button> })}
                                        {o.fulfilled_at.is_none().then(|| view! { <button type="button" class="button small" on:click=move |_| act(format!("/orders/{r2}/fulfilled"), serde_json::json!({}), reload, problem, i18n)>{tr!(i18n, ops.mark_sent)}</button> })}
                                    </div>
                                </li>
                            }
                        }.into_any())}
        </section>
    }
}

/// Finance types the reference the donor quoted in the transfer, and confirms it arrived.
#[component]
fn ConfirmPledge() -> impl IntoView {
    let i18n = use_i18n();
    let reference = RwSignal::new(String::new());
    let channel = RwSignal::new(String::from("bank transfer"));
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
        let path = format!("/pledges/{}/confirm", reference.get().trim().to_uppercase());
        leptos::task::spawn_local(async move {
            let answer = api::dashboard::post::<_, serde_json::Value>(&path, &req).await;
            result.set(Some(answer.map(|_| ()).map_err(|e| describe(&e, i18n))));
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
fn Spendings() -> impl IntoView {
    let i18n = use_i18n();
    let (list, reload) = polled::<Vec<Spending>>("/spendings");
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
            match api::dashboard::create::<_, Spending>("/spendings", &req, &key).await {
                Ok(_) => {
                    submission.done();
                    problem.set(None);
                }
                Err(e) => problem.set(Some(describe(&e, i18n))),
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
                        let id = s.id;
                        view! {
                            <li class="ops-item">
                                <div class="entry-head">
                                    <strong>{"#"}{id} " " {s.project.clone()}</strong>
                                    <span class="badge">{s.stage.as_str()}</span>
                                    <span class="price">{s.amount.display()}</span>
                                </div>
                                <p>{s.payee.clone()} " · " {s.purpose.clone()}</p>
                                <div class="actions wrap">
                                    {(s.stage == SpendingStage::Pending).then(|| view! { <button type="button" class="button small" on:click=move |_| act(format!("/spendings/{id}/approve"), serde_json::json!({}), reload, problem, i18n)>{tr!(i18n, ops.approve)}</button> })}
                                    {(s.stage == SpendingStage::Approved).then(|| view! { <button type="button" class="button small" on:click=move |_| act(format!("/spendings/{id}/pay"), serde_json::json!({}), reload, problem, i18n)>{tr!(i18n, ops.pay)}</button> })}
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

/// Saves one number with a PATCH and says whether it worked.
#[component]
fn NumberEditor(
    #[prop(into)] label: Signal<String>,
    initial: String,
    /// Builds the request path and body from the typed value, or `None` when it is not a number.
    save: Callback<String, Option<(String, serde_json::Value)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(initial);
    let state = RwSignal::new(None::<Result<(), String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((path, body)) = save.run(value.get()) else {
            state.set(Some(Err(t_string!(i18n, ops.not_a_number).to_string())));
            return;
        };
        leptos::task::spawn_local(async move {
            let answer = api::dashboard::patch::<_, serde_json::Value>(&path, &body).await;
            state.set(Some(answer.map(|_| ()).map_err(|e| describe(&e, i18n))));
        });
    };
    view! {
        <form class="inline-edit" on:submit=submit>
            <Field label value inputmode="decimal"
                error=FieldError::plain(Signal::derive(move || state.get().and_then(Result::err)))/>
            <button type="submit" class="button small">{tr!(i18n, ops.save)}</button>
            {move || matches!(state.get(), Some(Ok(()))).then(|| view! { <span class="saved" role="status">{tr!(i18n, ops.saved)}</span> })}
        </form>
    }
}

/// The operator's own listings: capacities, room prices, stock, batch stages and QR labels.
#[component]
fn MyListings(profile: OperatorProfile) -> impl IntoView {
    let i18n = use_i18n();
    let owns = move |collection: &str| -> Vec<String> {
        profile
            .listings
            .iter()
            .filter(|l| l.collection == collection)
            .map(|l| l.slug.clone())
            .collect()
    };
    let (schools, lodgings, products) = (owns("schools"), owns("lodgings"), owns("products"));
    if schools.is_empty() && lodgings.is_empty() && products.is_empty() {
        return None;
    }
    for name in ["schools", "lodgings", "products"] {
        api::forget(name);
    }
    let all = LocalResource::new(|| async {
        Ok::<_, api::ApiError>((
            api::schools().await?,
            api::lodgings().await?,
            api::products().await?,
        ))
    });
    Some(view! {
        <section aria-labelledby="ops-listings">
            <h2 id="ops-listings">{tr!(i18n, ops.my_listings)}</h2>
            {loaded(all, move |(all_schools, all_lodgings, all_products)| {
                let schools: Vec<School> = all_schools.into_iter().filter(|s| schools.contains(&s.slug)).collect();
                let lodgings: Vec<Lodging> = all_lodgings.into_iter().filter(|l| lodgings.contains(&l.slug)).collect();
                let products: Vec<Product> = all_products.into_iter().filter(|p| products.contains(&p.slug)).collect();
                view! {
                    {schools.into_iter().map(|s| view! { <SchoolEditor school=s/> }).collect_view()}
                    {lodgings.into_iter().map(|l| view! { <LodgingEditor lodging=l/> }).collect_view()}
                    {products.into_iter().map(|p| view! { <ProductEditor product=p/> }).collect_view()}
                }
            })}
        </section>
    })
}

#[component]
fn SchoolEditor(school: School) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let today = format::today();
    view! {
        <details class="ops-item">
            <summary><strong>{local(school.name.clone())}</strong></summary>
            <TextEditor collection="schools" slug=school.slug.clone() name=school.name.clone() summary=school.summary.clone() story=school.story.clone()/>
            <h3>{tr!(i18n, ops.capacity)}</h3>
            {school.programs.iter().flat_map(|p| p.sessions.iter().filter(|x| x.start >= today).map(move |x| (p.name.clone(), x.clone()))).map(|(name, x)| {
                let id = x.id.clone();
                let start = x.start;
                let label = Signal::derive(move || format!("{} · {}", name.get(lang()), format::date(start, lang())));
                view! {
                    <NumberEditor label initial=x.capacity.to_string()
                        save=Callback::new(move |v: String| v.trim().parse::<u32>().ok().map(|c| (format!("/sessions/{id}"), serde_json::json!({ "capacity": c }))))/>
                }
            }).collect_view()}
        </details>
    }
}

#[component]
fn LodgingEditor(lodging: Lodging) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let slug = lodging.slug.clone();
    view! {
        <details class="ops-item">
            <summary><strong>{local(lodging.name.clone())}</strong></summary>
            <TextEditor collection="lodgings" slug=lodging.slug.clone() name=lodging.name.clone() summary=lodging.summary.clone() story=lodging.story.clone()/>
            <h3>{tr!(i18n, ops.room_prices)}</h3>
            {lodging.rooms.iter().map(|r| {
                let path = format!("/lodgings/{slug}/rooms/{}", r.id);
                let name = r.name.clone();
                let label = Signal::derive(move || format!("{} · {}", name.get(lang()), t_string!(i18n, ops.nightly_yuan)));
                let extra_path = path.clone();
                let extra_name = r.name.clone();
                let extra_label = Signal::derive(move || format!("{} · {}", extra_name.get(lang()), t_string!(i18n, ops.extra_yuan)));
                view! {
                    <NumberEditor label initial=(r.nightly.0 / 100).to_string()
                        save=Callback::new(move |v: String| {
                            let fen = Money::parse_yuan(&v);
                            (fen.0 > 0).then(|| (path.clone(), serde_json::json!({ "nightly": fen })))
                        })/>
                    <NumberEditor label=extra_label initial=(r.extra_person.0 / 100).to_string()
                        save=Callback::new(move |v: String| {
                            let ok = v.trim() == "0" || Money::parse_yuan(&v).0 > 0;
                            ok.then(|| (extra_path.clone(), serde_json::json!({ "extra_person": Money::parse_yuan(&v) })))
                        })/>
                }
            }).collect_view()}
        </details>
    }
}

#[component]
fn ProductEditor(product: Product) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <details class="ops-item">
            <summary><strong>{local(product.name.clone())}</strong></summary>
            <TextEditor collection="products" slug=product.slug.clone() name=product.name.clone() summary=product.summary.clone() story=product.description.clone()/>
            <h3>{tr!(i18n, ops.stock)}</h3>
            {product.variants.iter().map(|v| {
                let sku = v.sku.clone();
                let label_text = v.label.clone();
                let label = Signal::derive(move || label_text.get(lang()).to_owned());
                view! {
                    <NumberEditor label initial=v.stock.to_string()
                        save=Callback::new(move |x: String| x.trim().parse::<u32>().ok().map(|n| (format!("/variants/{sku}"), serde_json::json!({ "stock": n }))))/>
                }
            }).collect_view()}
            {product.batch.clone().map(|batch| view! { <BatchTools batch/> })}
        </details>
    }
}

/// The stages of a batch, as the API names them.
const STAGES: [(&str, StageKind); 6] = [
    ("planting", StageKind::Planting),
    ("growing", StageKind::Growing),
    ("harvest", StageKind::Harvest),
    ("processing", StageKind::Processing),
    ("packaging", StageKind::Packaging),
    ("inspection", StageKind::Inspection),
];

/// Records the next stage of a traced batch, and shows the QR label for its package.
#[component]
fn BatchTools(batch: String) -> impl IntoView {
    let i18n = use_i18n();
    let stage = RwSignal::new(String::from("packaging"));
    let place = RwSignal::new(String::new());
    let who = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let state = RwSignal::new(None::<Result<(), String>>);
    let origin = window().location().origin().unwrap_or_default();
    let label_url = format!("{origin}/trace/{batch}");
    let path = format!("/batches/{batch}/stages");
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Operators type one text; it is stored in both languages until translated.
        let both = |s: String| serde_json::json!({ "zh": s, "en": s });
        let body = serde_json::json!({
            "stage": stage.get(), "date": format::today(), "place": both(place.get()),
            "who": both(who.get()), "note": both(note.get()),
        });
        let path = path.clone();
        leptos::task::spawn_local(async move {
            let answer = api::dashboard::post::<_, serde_json::Value>(&path, &body).await;
            state.set(Some(answer.map(|_| ()).map_err(|e| describe(&e, i18n))));
        });
    };
    view! {
        <h3>{tr!(i18n, ops.batch)} " " {batch.clone()}</h3>
        <form class="book-form" on:submit=add>
            <label class="form-field">
                <span class="form-label">{tr!(i18n, ops.stage)}</span>
                <select prop:value=move || stage.get() on:change:target=move |ev| stage.set(ev.target().value())>
                    {STAGES.into_iter().map(|(value, kind)| view! { <option value=value>{move || stage_label(i18n, kind)}</option> }).collect_view()}
                </select>
            </label>
            <Field label=tr!(i18n, ops.place) value=place error=FieldError::plain(Signal::derive(|| None))/>
            <Field label=tr!(i18n, ops.who) value=who error=FieldError::plain(Signal::derive(|| None))/>
            <Field label=tr!(i18n, ops.note) value=note error=FieldError::plain(Signal::derive(|| None))/>
            <button type="submit" class="button small">{tr!(i18n, ops.add_stage)}</button>
            {move || state.get().map(|r| match r {
                Ok(()) => view! { <span class="saved" role="status">{tr!(i18n, ops.saved)}</span> }.into_any(),
                Err(e) => view! { <span class="form-error" role="alert">{e}</span> }.into_any(),
            })}
        </form>
        <div class="qr-label">
            <Qr text=label_url.clone() label=tr!(i18n, ops.qr_label)/>
            <p class="mono small">{label_url}</p>
            <button type="button" class="button small ghost" on:click=|_| { let _ = window().print(); }>{tr!(i18n, ops.print)}</button>
        </div>
    }
}

/// Name, summary and story in both languages, saved together.
#[component]
fn TextEditor(
    collection: &'static str,
    slug: String,
    name: model::Localized,
    summary: model::Localized,
    story: model::Localized,
) -> impl IntoView {
    let i18n = use_i18n();
    let fields = [
        ("name", RwSignal::new(name.zh), RwSignal::new(name.en)),
        (
            "summary",
            RwSignal::new(summary.zh),
            RwSignal::new(summary.en),
        ),
        ("story", RwSignal::new(story.zh), RwSignal::new(story.en)),
    ];
    let state = RwSignal::new(None::<Result<(), String>>);
    let path = format!("/listings/{collection}/{slug}");
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut body = serde_json::Map::new();
        for (key, zh, en) in fields {
            body.insert(
                key.into(),
                serde_json::json!({ "zh": zh.get(), "en": en.get() }),
            );
        }
        let path = path.clone();
        leptos::task::spawn_local(async move {
            let answer = api::dashboard::patch::<_, serde_json::Value>(&path, &body).await;
            if answer.is_ok() {
                api::forget(collection);
            }
            state.set(Some(answer.map(|_| ()).map_err(|e| describe(&e, i18n))));
        });
    };
    let label = move |key: &str, lang: &str| match (key, lang) {
        ("name", "zh") => t_string!(i18n, ops.name_zh),
        ("name", _) => t_string!(i18n, ops.name_en),
        ("summary", "zh") => t_string!(i18n, ops.summary_zh),
        ("summary", _) => t_string!(i18n, ops.summary_en),
        (_, "zh") => t_string!(i18n, ops.story_zh),
        _ => t_string!(i18n, ops.story_en),
    };
    view! {
        <h3>{tr!(i18n, ops.texts)}</h3>
        <form class="book-form" on:submit=save>
            {fields.into_iter().map(|(key, zh, en)| {
                let rows = if key == "story" { "5" } else { "2" };
                view! {
                    <label class="form-field">
                        <span class="form-label">{move || label(key, "zh")}</span>
                        <textarea rows=rows prop:value=move || zh.get() on:input:target=move |ev| zh.set(ev.target().value())></textarea>
                    </label>
                    <label class="form-field">
                        <span class="form-label">{move || label(key, "en")}</span>
                        <textarea rows=rows prop:value=move || en.get() on:input:target=move |ev| en.set(ev.target().value())></textarea>
                    </label>
                }
            }).collect_view()}
            <button type="submit" class="button small">{tr!(i18n, ops.save_texts)}</button>
            {move || state.get().map(|r| match r {
                Ok(()) => view! { <span class="saved" role="status">{tr!(i18n, ops.saved)}</span> }.into_any(),
                Err(e) => view! { <span class="form-error" role="alert">{e}</span> }.into_any(),
            })}
        </form>
    }
}
