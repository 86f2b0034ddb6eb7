//! The router: every screen is a shareable URL.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute};

use crate::components::cart::provide_cart;
use crate::components::layout::{TabBar, TopBar};
use crate::components::saved::provide_saved;
use crate::components::status::NotFound;
use crate::components::trips::{provide_trips, use_trips};
use crate::i18n::*;
use crate::pages::{
    book, cart, donate, home, ledger, ops, saved, schools, shop, stay, trips, visit,
};

/// The whole portal.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_saved();
    provide_cart();
    provide_trips();
    keep_tickets_offline();
    view! {
        <I18nContextProvider>
            <RememberLanguage/>
            <DefaultTitle/>
            <Router>
                <TopBar/>
                <main id="main" class="page">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=home::HomePage/>
                        <Route path=path!("/*any") view={Lazy::<SectionsRoute>::new()}/>
                    </Routes>
                </main>
                <TabBar/>
            </Router>
        </I18nContextProvider>
    }
}

/// With tickets on this phone, fetches the code of My trips and its ticket pages in the
/// background, so that they open with no signal even if not opened since the booking.
fn keep_tickets_offline() {
    let trips = use_trips();
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || trips.is_empty() {
            return done.unwrap_or(false);
        }
        leptos::task::spawn_local(async {
            SectionsRoute::preload().await;
            TripsRoutes::preload().await;
        });
        true
    });
}

/// Every screen but home. The route table itself is lazy: its matching code stays out of the
/// first download (see README Performance). Screens are split in families, one WASM split point
/// each: a school's list, page and booking form come together. Fewer split points make far
/// fewer shared chunks (wasm-split-cli cuts one per set of users), so a screen fetches a few
/// larger files rather than dozens of small ones, and the next step of a booking fetches none.
#[component]
fn Sections() -> impl IntoView {
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/schools") view={Lazy::<SchoolsRoutes>::new()}/>
            <Route path=path!("/schools/:slug") view={Lazy::<SchoolsRoutes>::new()}/>
            <Route path=path!("/schools/:slug/book") view={Lazy::<SchoolsRoutes>::new()}/>
            <Route path=path!("/stay") view={Lazy::<StayRoutes>::new()}/>
            <Route path=path!("/stay/:slug") view={Lazy::<StayRoutes>::new()}/>
            <Route path=path!("/stay/:slug/book") view={Lazy::<StayRoutes>::new()}/>
            <Route path=path!("/shop") view={Lazy::<ShopRoutes>::new()}/>
            <Route path=path!("/shop/:slug") view={Lazy::<ShopRoutes>::new()}/>
            <Route path=path!("/trace/:batch") view={Lazy::<ShopRoutes>::new()}/>
            <Route path=path!("/cart") view={Lazy::<ShopRoutes>::new()}/>
            <Route path=path!("/donate") view={Lazy::<DonateRoutes>::new()}/>
            <Route path=path!("/donate/:slug") view={Lazy::<DonateRoutes>::new()}/>
            <Route path=path!("/ledger") view={Lazy::<DonateRoutes>::new()}/>
            <Route path=path!("/trips") view={Lazy::<TripsRoutes>::new()}/>
            <Route path=path!("/trips/find") view={Lazy::<TripsRoutes>::new()}/>
            <Route path=path!("/trips/:reference") view={Lazy::<TripsRoutes>::new()}/>
            <Route path=path!("/visit") view={Lazy::<VisitRoute>::new()}/>
            <Route path=path!("/saved") view={Lazy::<SavedRoute>::new()}/>
            <Route path=path!("/ops") view={Lazy::<OpsRoute>::new()}/>
        </Routes>
    }
}

#[component]
fn SchoolsScreens() -> impl IntoView {
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/schools") view=schools::SchoolsPage/>
            <Route path=path!("/schools/:slug") view=schools::SchoolPage/>
            <Route path=path!("/schools/:slug/book") view=book::BookSchoolPage/>
        </Routes>
    }
}

#[component]
fn StayScreens() -> impl IntoView {
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/stay") view=stay::StayPage/>
            <Route path=path!("/stay/:slug") view=stay::LodgingPage/>
            <Route path=path!("/stay/:slug/book") view=book::BookLodgingPage/>
        </Routes>
    }
}

#[component]
fn ShopScreens() -> impl IntoView {
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/shop") view=shop::ShopPage/>
            <Route path=path!("/shop/:slug") view=shop::ProductPage/>
            <Route path=path!("/trace/:batch") view=shop::TracePage/>
            <Route path=path!("/cart") view=cart::CartPage/>
        </Routes>
    }
}

#[component]
fn DonateScreens() -> impl IntoView {
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/donate") view=donate::DonatePage/>
            <Route path=path!("/donate/:slug") view=donate::ProjectPage/>
            <Route path=path!("/ledger") view=ledger::LedgerPage/>
        </Routes>
    }
}

#[component]
fn TripsScreens() -> impl IntoView {
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/trips") view=trips::TripsPage/>
            <Route path=path!("/trips/find") view=trips::FindTripPage/>
            <Route path=path!("/trips/:reference") view=trips::TicketPage/>
        </Routes>
    }
}

/// A route whose code is split out of the first download and fetched when first opened
/// (Leptos lazy routes; `scripts/build-wasm` splits the WASM at these points).
macro_rules! lazy_page {
    ($($route:ident => $page:path,)*) => {$(
        #[derive(Debug)]
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    )*};
}

lazy_page! {
    SectionsRoute => Sections,
    SchoolsRoutes => SchoolsScreens,
    StayRoutes => StayScreens,
    ShopRoutes => ShopScreens,
    DonateRoutes => DonateScreens,
    TripsRoutes => TripsScreens,
    VisitRoute => visit::VisitPage,
    SavedRoute => saved::SavedPage,
    OpsRoute => ops::OpsPage,
}

/// Restores the language chosen on an earlier visit and remembers every new choice for a
/// year, in the `i18n_pref_locale` cookie (leptos_i18n's name). Written by hand: the crate's
/// cookie feature pulls leptos-use, `cookie` and `time` into the first download.
#[component]
fn RememberLanguage() -> impl IntoView {
    const COOKIE: &str = "i18n_pref_locale";
    const YEAR_SECONDS: u32 = 365 * 24 * 60 * 60;
    let i18n = use_i18n();
    // An effect, not setup code: leptos_i18n first applies the browser's language in an
    // effect of its own, which runs before this one.
    Effect::new(move |restored: Option<()>| {
        let current = i18n.get_locale();
        if restored.is_none() {
            let saved = crate::storage::cookie(COOKIE).and_then(|v| v.parse::<Locale>().ok());
            if let Some(saved) = saved.filter(|s| *s != current) {
                i18n.set_locale(saved);
                return;
            }
        }
        crate::storage::set_cookie(COOKIE, current.as_str(), YEAR_SECONDS);
    });
}

/// The title pattern: "<page> · 陈家沟 Chenjiagou".
#[component]
fn DefaultTitle() -> impl IntoView {
    let i18n = use_i18n();
    view! { <Title formatter=move |text: String| {
        let brand = t_string!(i18n, common.brand);
        if text.is_empty() { brand.to_string() } else { format!("{text} · {brand}") }
    }/> }
}
