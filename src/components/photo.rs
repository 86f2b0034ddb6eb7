//! A listing's picture: its photos in WebP with a JPEG fallback at the width the screen
//! needs, or its drawn illustration while it has none. Width and height are always given,
//! so nothing moves when the picture arrives.
use leptos::prelude::*;
use model::photo::{CopyFormat, Photo};

use crate::text::local;

/// How wide the picture is drawn: a list card (a phone's width, two columns on a large
/// screen) or a detail page's head.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Card,
    Hero,
}

impl Fit {
    fn sizes(self) -> &'static str {
        match self {
            Fit::Card => "(min-width: 48rem) 22rem, 100vw",
            Fit::Hero => "(min-width: 48rem) 44rem, 100vw",
        }
    }
}

/// One photo; `eager` for the first thing on screen, lazy below the fold.
#[component]
pub fn PhotoImg(
    photo: Photo,
    fit: Fit,
    #[prop(optional)] eager: bool,
    #[prop(into, optional)] class: String,
) -> impl IntoView {
    let sizes = fit.sizes();
    view! {
        <picture>
            <source type="image/webp" srcset=photo.srcset(CopyFormat::Webp) sizes=sizes/>
            <img class=class src=photo.src(640, CopyFormat::Jpeg) srcset=photo.srcset(CopyFormat::Jpeg)
                sizes=sizes width=photo.width height=photo.height alt=local(photo.alt.clone())
                loading=if eager { "eager" } else { "lazy" } decoding="async"
                fetchpriority=if eager { "high" } else { "auto" }/>
        </picture>
    }
}

/// A card's picture: the cover photo, else the drawing.
#[component]
pub fn CardPicture(cover: Option<Photo>, image: String) -> impl IntoView {
    match cover {
        Some(photo) => view! { <PhotoImg photo fit=Fit::Card/> }.into_any(),
        None => view! {
            <img src=format!("/{image}") alt="" loading="lazy" width="400" height="240"/>
        }
        .into_any(),
    }
}

/// A detail page's head: every photo in a row to swipe through (the cover first), else the
/// drawing.
#[component]
pub fn HeroPictures(photos: Vec<Photo>, image: String) -> impl IntoView {
    if photos.is_empty() {
        return view! {
            <img class="hero-img" src=format!("/{image}") alt="" width="400" height="240"/>
        }
        .into_any();
    }
    let many = photos.len() > 1;
    view! {
        <div class="hero-photos" class:many=many>
            {photos.into_iter().enumerate().map(|(i, photo)| view! {
                <PhotoImg photo fit=Fit::Hero eager={i == 0} class="hero-img"/>
            }).collect_view()}
        </div>
    }
    .into_any()
}
