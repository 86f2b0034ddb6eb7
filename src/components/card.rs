//! A listing in a list: picture, name, one line, price, badges, heart.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::saved::HeartButton;

/// A tappable card linking to a listing's page.
#[component]
pub fn ListingCard(
    #[prop(into)] href: String,
    #[prop(into)] image: String,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] line: Signal<String>,
    #[prop(into)] price: Signal<String>,
    /// Key for the heart, e.g. `school:slug`; no heart when empty.
    #[prop(into, optional)]
    save_key: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let image = format!("/{image}");
    view! {
        <article class="card">
            <A href=href attr:class="card-link">
                <img src=image alt="" loading="lazy" width="400" height="240"/>
                <div class="card-body">
                    <h3>{title}</h3>
                    <p class="card-line">{line}</p>
                    <div class="card-meta">
                        <span class="price">{price}</span>
                        {children.map(|c| c())}
                    </div>
                </div>
            </A>
            {(!save_key.is_empty()).then(|| view! { <HeartButton key=save_key/> })}
        </article>
    }
}
