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
    book, cart, dashboard, donate, home, ledger, saved, schools, shop, stay, trips, visit,
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
                    <Sections/>
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
        leptos::task::spawn_local(TripsRoutes::preload());
        true
    });
}

/// Every screen, in one table. Home is in the first download; the other screens come in
/// families, one WASM split point each (a lazy route with its own inner table): a school's
/// list, page and booking form come together. wasm-split-cli cuts one shared chunk per set of
/// split points that use a function, so few split points mean a few larger files per screen,
/// not dozens of small ones, and the next step of a booking fetches no code.
///
/// Each family is mounted at its own top-level routes (`/schools/*any`, …). One catch-all
/// route for all families made leptos_router 0.8 lose a tap: a second navigation while the
/// first family's code was loading matched the same route, aborted the pending load and
/// left the old screen under the new URL. A different route per family cannot collide so.
macro_rules! screens {
    (
        families { $($route:ident at [$($mount:tt),+] => $family:ident { $($path:tt => $module:ident::$page:ident,)+ })* }
        alone { $($alone_path:tt => $alone_route:ident,)* }
    ) => {
        #[component]
        fn Sections() -> impl IntoView {
            view! {
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=home::HomePage/>
                    $($(<Route path=path!($mount) view={Lazy::<$route>::new()}/>)+)*
                    $(<Route path=path!($alone_path) view={Lazy::<$alone_route>::new()}/>)*
                </Routes>
            }
        }

        $(
            #[component]
            fn $family() -> impl IntoView {
                view! {
                    <Routes fallback=Astray>
                        $(<Route path=path!($path) view=$module::$page/>)+
                    </Routes>
                }
            }
        )*
    };
}

/// A family's fallback. leptos_router 0.8.17 can leave a family on screen under the next URL:
/// after quick taps on a slow phone, a family whose code arrived late stayed in place of home
/// (3 runs in 8 of the tab-tapping journey ended on "Page not found" at `/`). Home needs no
/// code to load, so it is drawn here; any other URL is "not found". A family being torn down
/// has no router or language above it any more and draws nothing (drawing there panics).
#[component]
fn Astray() -> impl IntoView {
    let torn_down = use_context::<leptos_router::location::BrowserUrl>().is_none()
        || use_context::<leptos_i18n::I18nContext<Locale>>().is_none();
    if torn_down {
        return ().into_any();
    }
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    if path == "/" {
        return view! { <home::HomePage/> }.into_any();
    }
    // Another family's URL under this family. Usually only for a moment, until the router
    // swaps families; when this family is still here after 2 s the router kept the wrong one,
    // and going there once more, through home (which needs no code), draws the right family.
    // A URL that comes back here within 5 s of that really is unknown.
    thread_local! {
        static RETRIED: std::cell::RefCell<(String, f64)> = const { std::cell::RefCell::new((String::new(), 0.0)) };
    }
    // leptos_router's search has no leading `?`.
    let search = location.search.get_untracked();
    let url = match search.is_empty() {
        true => path.clone(),
        false => format!("{path}?{search}"),
    };
    let retried_lately =
        RETRIED.with(|r| r.borrow().0 == url && js_sys::Date::now() - r.borrow().1 < 5000.0);
    if retried_lately {
        return view! { <NotFound/> }.into_any();
    }
    let here = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    on_cleanup({
        let here = here.clone();
        move || here.store(false, std::sync::atomic::Ordering::Relaxed)
    });
    let navigate = leptos_router::hooks::use_navigate();
    set_timeout(
        move || {
            let still = here.load(std::sync::atomic::Ordering::Relaxed);
            let current = window().location();
            let same = current.pathname().ok().as_deref() == Some(path.as_str());
            if !(still && same) {
                return;
            }
            RETRIED.with(|r| *r.borrow_mut() = (url.clone(), js_sys::Date::now()));
            let options = || leptos_router::NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            };
            navigate("/", options());
            request_animation_frame(move || navigate(&url, options()));
        },
        std::time::Duration::from_secs(2),
    );
    ().into_any()
}

screens! {
    families {
        SchoolsRoutes at ["/schools/*any"] => SchoolsScreens {
            "/schools" => schools::SchoolsPage,
            "/schools/:slug" => schools::SchoolPage,
            "/schools/:slug/book" => book::BookSchoolPage,
        }
        StayRoutes at ["/stay/*any"] => StayScreens {
            "/stay" => stay::StayPage,
            "/stay/:slug" => stay::LodgingPage,
            "/stay/:slug/book" => book::BookLodgingPage,
        }
        ShopRoutes at ["/shop/*any", "/trace/*any", "/cart"] => ShopScreens {
            "/shop" => shop::ShopPage,
            "/shop/:slug" => shop::ProductPage,
            "/trace/:batch" => shop::TracePage,
            "/cart" => cart::CartPage,
        }
        DonateRoutes at ["/donate/*any", "/ledger"] => DonateScreens {
            "/donate" => donate::DonatePage,
            "/donate/:slug" => donate::ProjectPage,
            "/ledger" => ledger::LedgerPage,
        }
        TripsRoutes at ["/trips/*any"] => TripsScreens {
            "/trips" => trips::TripsPage,
            "/trips/find" => trips::FindTripPage,
            "/trips/:reference" => trips::TicketPage,
        }
    }
    alone {
        "/visit" => VisitRoute,
        "/saved" => SavedRoute,
        "/ops/*any" => OpsRoute,
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
    SchoolsRoutes => SchoolsScreens,
    StayRoutes => StayScreens,
    ShopRoutes => ShopScreens,
    DonateRoutes => DonateScreens,
    TripsRoutes => TripsScreens,
    VisitRoute => visit::VisitPage,
    SavedRoute => saved::SavedPage,
    OpsRoute => dashboard::DashboardPage,
}

/// Takes the language a link asks for (`?lang=en`) or restores the one chosen on an earlier
/// visit, and remembers every new choice for a year, in the `i18n_pref_locale` cookie (leptos_i18n's name). Written by hand: the crate's
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
            // A link's `?lang=` (the pages' hreflang links) wins over an earlier choice.
            let search = window().location().search().unwrap_or_default();
            let asked = search
                .trim_start_matches('?')
                .split('&')
                .find_map(|kv| kv.strip_prefix("lang=").map(str::to_owned));
            let saved = asked
                .or_else(|| crate::storage::cookie(COOKIE))
                .and_then(|v| v.parse::<Locale>().ok());
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
