//! The router: every screen is a shareable URL.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::cart::provide_cart;
use crate::components::layout::{TabBar, TopBar};
use crate::components::saved::provide_saved;
use crate::components::status::NotFound;
use crate::components::trips::provide_trips;
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
    view! {
        <I18nContextProvider cookie_options=language_cookie()>
            <DefaultTitle/>
            <Router>
                <TopBar/>
                <main id="main" class="page">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=home::HomePage/>
                        <Route path=path!("/schools") view=schools::SchoolsPage/>
                        <Route path=path!("/schools/:slug") view=schools::SchoolPage/>
                        <Route path=path!("/stay") view=stay::StayPage/>
                        <Route path=path!("/stay/:slug") view=stay::LodgingPage/>
                        <Route path=path!("/shop") view=shop::ShopPage/>
                        <Route path=path!("/shop/:slug") view=shop::ProductPage/>
                        <Route path=path!("/trace/:batch") view=shop::TracePage/>
                        <Route path=path!("/visit") view=visit::VisitPage/>
                        <Route path=path!("/donate") view=donate::DonatePage/>
                        <Route path=path!("/donate/:slug") view=donate::ProjectPage/>
                        <Route path=path!("/ledger") view=ledger::LedgerPage/>
                        <Route path=path!("/ops") view=ops::OpsPage/>
                        <Route path=path!("/saved") view=saved::SavedPage/>
                        <Route path=path!("/schools/:slug/book") view=book::BookSchoolPage/>
                        <Route path=path!("/stay/:slug/book") view=book::BookLodgingPage/>
                        <Route path=path!("/cart") view=cart::CartPage/>
                        <Route path=path!("/trips") view=trips::TripsPage/>
                        <Route path=path!("/trips/find") view=trips::FindTripPage/>
                        <Route path=path!("/trips/:reference") view=trips::TicketPage/>
                    </Routes>
                </main>
                <TabBar/>
            </Router>
        </I18nContextProvider>
    }
}

/// Remember the chosen language for a year, not just for this browser session.
fn language_cookie() -> leptos_i18n::context::CookieOptions<Locale> {
    const YEAR_MS: i64 = 365 * 24 * 60 * 60 * 1000;
    leptos_i18n::context::CookieOptions::<Locale>::default()
        .max_age(YEAR_MS)
        .path("/".to_owned())
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
