//! The village admin's accounts: who may log in, as what, for which listings; a new account
//! or a reset gets a one-time password, shown here once; disabling ends the sessions at once.
use leptos::prelude::*;
use model::staff::{OneTimePassword, OperatorAccount, OperatorRequest, OwnedListing, Role};
use model::Localized;

use crate::api;
use crate::components::desk::role_label;
use crate::components::form::{Field, Problems, Submission};
use crate::i18n::*;
use crate::problem::describe;
use crate::text::{local, tr};

/// Every listing an account could be given: (collection, slug, name).
type Listing = (&'static str, String, Localized);

async fn all_listings() -> Result<Vec<Listing>, api::ApiError> {
    let mut all: Vec<Listing> = Vec::new();
    all.extend(
        api::schools()
            .await?
            .into_iter()
            .map(|s| ("schools", s.slug, s.name)),
    );
    all.extend(
        api::lodgings()
            .await?
            .into_iter()
            .map(|l| ("lodgings", l.slug, l.name)),
    );
    all.extend(
        api::products()
            .await?
            .into_iter()
            .map(|p| ("products", p.slug, p.name)),
    );
    Ok(all)
}

/// The accounts, and the form that adds one.
#[component]
pub fn AccountsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let accounts = RwSignal::new(Vec::<OperatorAccount>::new());
    let problem = RwSignal::new(None::<String>);
    let reload = move || {
        leptos::task::spawn_local(async move {
            match api::dashboard::operators().await {
                Ok(list) => {
                    accounts.try_set(list);
                }
                Err(e) => {
                    problem.try_set(Some(describe(&e, i18n)));
                }
            }
        });
    };
    reload();
    let listings = LocalResource::new(all_listings);
    // The one-time password just made, shown until the next one.
    let shown = RwSignal::new(None::<OneTimePassword>);
    view! {
        <section aria-label=tr!(i18n, ops.accounts)>
            {move || shown.get().map(|p| view! {
                <div class="notice ok one-time" role="status">
                    <p>{tr!(i18n, ops.password_once)} " " <strong>{p.username.clone()}</strong></p>
                    <p class="mono big">{p.password.clone()}</p>
                </div>
            })}
            {move || problem.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
            <ul class="ops-accounts">
                <For each=move || accounts.get() key=|a| (a.username.clone(), a.disabled) let:account>
                    <AccountRow account shown on_change=Callback::new(move |_| reload())/>
                </For>
            </ul>
            <Transition fallback=|| ()>
                {move || listings.get().and_then(Result::ok).map(|all| view! {
                    <NewAccount all shown on_made=Callback::new(move |_| reload())/>
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AccountRow(
    account: OperatorAccount,
    shown: RwSignal<Option<OneTimePassword>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let username = StoredValue::new(account.username.clone());
    let reset = move |_| {
        let name = username.get_value();
        leptos::task::spawn_local(async move {
            match api::dashboard::reset_password(&name).await {
                Ok(p) => {
                    shown.try_set(Some(p));
                    scroll_to_top();
                }
                Err(e) => {
                    problem.try_set(Some(describe(&e, i18n)));
                }
            }
        });
    };
    let disable = move |_| {
        let name = username.get_value();
        leptos::task::spawn_local(async move {
            match api::dashboard::disable_operator(&name).await {
                Ok(()) => on_change.run(()),
                Err(e) => {
                    problem.try_set(Some(describe(&e, i18n)));
                }
            }
        });
    };
    let role = account.role;
    let owns = account
        .listings
        .iter()
        .map(|l| format!("{}/{}", l.collection, l.slug))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <li class="ops-account" class:gone=account.disabled>
            <p><strong>{account.display_name.clone()}</strong> " · " {move || role_label(i18n, role)}</p>
            <p class="muted mono">{account.username.clone()}</p>
            {(!owns.is_empty()).then(|| view! { <p class="muted">{owns}</p> })}
            {if account.disabled {
                view! { <p class="badge">{tr!(i18n, ops.disabled)}</p> }.into_any()
            } else {
                view! {
                    <div class="ops-actions">
                        <button type="button" class="button small" on:click=reset>{tr!(i18n, ops.reset_password)}</button>
                        <button type="button" class="button small ghost" prop:hidden=move || confirming.get()
                            on:click=move |_| confirming.set(true)>{tr!(i18n, ops.disable)}</button>
                    </div>
                    {move || confirming.get().then(|| view! {
                        <p class="retire-ask" role="alert">{tr!(i18n, ops.disable_confirm)}</p>
                        <div class="ops-actions">
                            <button type="button" class="button small" on:click=disable>{tr!(i18n, ops.disable_yes)}</button>
                            <button type="button" class="button small ghost" on:click=move |_| confirming.set(false)>{tr!(i18n, ops.keep_account)}</button>
                        </div>
                    })}
                }.into_any()
            }}
            {move || problem.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </li>
    }
}

fn scroll_to_top() {
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

const ROLES: [Role; 4] = [Role::Host, Role::Seller, Role::Finance, Role::Admin];

#[component]
fn NewAccount(
    all: Vec<Listing>,
    shown: RwSignal<Option<OneTimePassword>>,
    on_made: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Host);
    let chosen = RwSignal::new(Vec::<OwnedListing>::new());
    let request = move || OperatorRequest {
        username: username.get(),
        display_name: display_name.get(),
        role: role.get(),
        listings: chosen.get(),
    };
    let problems = Problems::new(move || request().parse().err().unwrap_or_default());
    let submission = Submission::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !problems.ready_to_send(&submission) {
            return;
        }
        let body = request();
        submission.pending.set(true);
        leptos::task::spawn_local(async move {
            match api::dashboard::create_operator(&body).await {
                Ok(p) => {
                    shown.set(Some(p));
                    problems.shown.set(false);
                    username.set(String::new());
                    display_name.set(String::new());
                    chosen.set(Vec::new());
                    on_made.run(());
                    scroll_to_top();
                }
                Err(e) => problems.refused(e),
            }
            submission.pending.set(false);
        });
    };
    let all = StoredValue::new(all);
    view! {
        <details class="ops-new">
            <summary>{tr!(i18n, ops.new_account)}</summary>
            <form class="ops-schedule" on:submit=submit novalidate>
                <Field label=tr!(i18n, ops.username) value=username autocomplete="off" error=problems.for_field("username")/>
                <Field label=tr!(i18n, ops.display_name) value=display_name error=problems.for_field("display_name")/>
                <div class="form-field">
                    <label>
                        <span class="form-label">{tr!(i18n, ops.role)}</span>
                        <select on:change:target=move |ev| {
                            let picked = usize::try_from(ev.target().selected_index()).ok();
                            if let Some(r) = picked.and_then(|i| ROLES.get(i)) {
                                role.set(*r);
                                chosen.update(|c| c.retain(|l| r.may_own(&l.collection)));
                            }
                        }>
                            {ROLES.into_iter().map(|r| view! { <option>{move || role_label(i18n, r)}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
                <fieldset class="ops-listings-pick">
                    <legend>{tr!(i18n, ops.runs_listings)}</legend>
                    {move || {
                        let r = role.get();
                        all.get_value().into_iter().filter(|(c, _, _)| r.may_own(c)).map(|(collection, slug, name)| {
                            let listing = OwnedListing { collection: collection.to_owned(), slug };
                            let mine = listing.clone();
                            let checked = move || chosen.with(|c| c.contains(&mine));
                            view! {
                                <label class="check">
                                    <input type="checkbox" prop:checked=checked on:change:target=move |ev| {
                                        let on = ev.target().checked();
                                        let l = listing.clone();
                                        chosen.update(|c| {
                                            c.retain(|x| *x != l);
                                            if on { c.push(l); }
                                        });
                                    }/>
                                    {local(name)}
                                </label>
                            }
                        }).collect_view()
                    }}
                    <span class="form-error" role="alert">{move || problems.for_field("listings").text.get()}</span>
                </fieldset>
                <button type="submit" class="button" disabled=move || submission.pending.get()>{tr!(i18n, ops.create_account)}</button>
                {move || problems.server.get().filter(|e| !matches!(e, api::SubmitError::Refused { status: 422, .. })).map(|e| view! { <p class="notice error" role="alert">{describe(&e, i18n)}</p> })}
            </form>
        </details>
    }
}
