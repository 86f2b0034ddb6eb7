//! `/ops`: the operators' dashboard on a phone, one file per screen. Hosts start on today's
//! overview and answer requests; sellers mark orders paid and sent; village finance confirms
//! pledges and records spendings. Its own navigation replaces the visitor's tab bar, and its
//! code and stylesheet come only when an operator opens it.
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use model::staff::{OperatorProfile, Role};

use crate::api;
use crate::components::desk::role_label;
use crate::components::icon::{Icon, Svg};
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::text::tr;

mod accounts;
mod bookings;
mod editors;
mod ledger;
mod listings;
mod login;
mod orders;
pub(crate) mod photos;
mod range;
mod rooms;
mod schedule;
mod today;

use accounts::AccountsScreen;
use bookings::BookingsScreen;
use ledger::{ConfirmPledge, Spendings};
use listings::ListingsScreen;
use login::Login;
use orders::OrdersScreen;
use today::TodayScreen;

/// A screen of the dashboard, with its own URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Today,
    Bookings,
    Orders,
    Listings,
    Ledger,
    Accounts,
}

impl Section {
    const ALL: [Section; 6] = [
        Section::Today,
        Section::Bookings,
        Section::Orders,
        Section::Listings,
        Section::Ledger,
        Section::Accounts,
    ];

    fn path(self) -> &'static str {
        match self {
            Section::Today => "/ops",
            Section::Bookings => "/ops/bookings",
            Section::Orders => "/ops/orders",
            Section::Listings => "/ops/listings",
            Section::Ledger => "/ops/ledger",
            Section::Accounts => "/ops/accounts",
        }
    }

    /// Whether `role` works on this screen (an admin sees every screen but their own listings,
    /// which they have none of).
    fn open_to(self, role: Role) -> bool {
        match self {
            Section::Today | Section::Bookings => matches!(role, Role::Host | Role::Admin),
            Section::Orders => matches!(role, Role::Seller | Role::Admin),
            Section::Listings => matches!(role, Role::Host | Role::Seller),
            Section::Ledger => role.keeps_ledger(),
            Section::Accounts => role == Role::Admin,
        }
    }

    fn label(self, i18n: I18nContext<Locale>) -> &'static str {
        match self {
            Section::Today => t_string!(i18n, ops.nav_today),
            Section::Bookings => t_string!(i18n, ops.bookings),
            Section::Orders => t_string!(i18n, ops.orders),
            Section::Listings => t_string!(i18n, ops.my_listings),
            Section::Ledger => t_string!(i18n, ops.nav_ledger),
            Section::Accounts => t_string!(i18n, ops.accounts),
        }
    }

    fn icon(self) -> Icon {
        match self {
            Section::Today => Icon::Home,
            Section::Bookings => Icon::Ticket,
            Section::Orders => Icon::Bag,
            Section::Listings => Icon::Bed,
            Section::Ledger => Icon::Gift,
            Section::Accounts => Icon::Person,
        }
    }

    /// The screen `path` names, if `role` works on it; else the role's first screen.
    fn at(path: &str, role: Role) -> Section {
        let open = Section::ALL.into_iter().filter(|s| s.open_to(role));
        open.clone()
            .find(|s| s.path() == path.trim_end_matches('/'))
            .or_else(|| open.clone().next())
            .unwrap_or(Section::Ledger)
    }
}

/// The dashboard, or the login form when no operator is logged in.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = RwSignal::new(None::<OperatorProfile>);
    let checked = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        if let Ok(p) = api::dashboard::me().await {
            me.try_set(Some(p));
        }
        checked.try_set(true);
    });
    wear_the_desk();
    view! {
        <PageTitle text=tr!(i18n, ops.title)/>
        {move || match (checked.get(), me.get()) {
            (false, _) => view! { <p class="muted">"…"</p> }.into_any(),
            (true, None) => view! {
                <header class="page-head"><h1>{tr!(i18n, ops.title)}</h1></header>
                <Login me/>
            }.into_any(),
            (true, Some(p)) => view! { <Desk profile=p me/> }.into_any(),
        }}
    }
}

/// Loads the dashboard's stylesheet (kept out of the visitor's first download) and marks the
/// page as the dashboard while it is open, which hides the visitor's tab bar and icons.
fn wear_the_desk() {
    let Some(document) = window().document() else {
        return;
    };
    if document.get_element_by_id("ops-css").is_none() {
        if let (Ok(link), Ok(Some(head))) = (
            document.create_element("link"),
            document.query_selector("head"),
        ) {
            let _ = link.set_attribute("id", "ops-css");
            let _ = link.set_attribute("rel", "stylesheet");
            let _ = link.set_attribute("href", "/ops.css");
            let _ = head.append_child(&link);
        }
    }
    let root = document.document_element();
    if let Some(root) = &root {
        let _ = root.set_attribute("data-desk", "");
    }
    on_cleanup(move || {
        if let Some(root) = window().document().and_then(|d| d.document_element()) {
            let _ = root.remove_attribute("data-desk");
        }
    });
}

/// The logged-in dashboard: who is working, the screen the URL names, the screens' bar.
#[component]
fn Desk(profile: OperatorProfile, me: RwSignal<Option<OperatorProfile>>) -> impl IntoView {
    let i18n = use_i18n();
    let role = profile.role;
    let location = use_location();
    let section = Memo::new(move |_| Section::at(&location.pathname.get(), role));
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api::dashboard::logout().await;
            me.try_set(None);
        });
    };
    let name = profile.display_name.clone();
    crate::components::desk::listen_live();
    view! {
        <div class="ops-who">
            <span>{name} " · " {move || role_label(i18n, role)}</span>
            <button type="button" class="button small ghost" on:click=logout>{tr!(i18n, ops.logout)}</button>
        </div>
        <header class="page-head"><h1>{move || section.get().label(i18n)}</h1></header>
        {move || {
            let profile = profile.clone();
            match section.get() {
                Section::Today => view! { <TodayScreen profile/> }.into_any(),
                Section::Bookings => view! { <BookingsScreen/> }.into_any(),
                Section::Orders => view! { <OrdersScreen/> }.into_any(),
                Section::Listings => view! { <ListingsScreen profile/> }.into_any(),
                Section::Ledger => view! {
                    <ConfirmPledge/><Spendings/><photos::ProjectPhotos profile/>
                }.into_any(),
                Section::Accounts => view! { <AccountsScreen/> }.into_any(),
            }
        }}
        <DeskBar role/>
    }
}

/// The operator's screens, at the bottom of the phone where the visitor's tab bar would be.
#[component]
fn DeskBar(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    let open: Vec<Section> = Section::ALL
        .into_iter()
        .filter(|s| s.open_to(role))
        .collect();
    // One screen needs no bar.
    (open.len() > 1).then(|| {
        view! {
            <nav class="desk-bar" aria-label=tr!(i18n, ops.sections)>
                {open.into_iter().map(|s| view! {
                    <A href=s.path() exact=true>
                        <Svg icon=s.icon()/>
                        <span>{move || s.label(i18n)}</span>
                    </A>
                }).collect_view()}
            </nav>
        }
    })
}
