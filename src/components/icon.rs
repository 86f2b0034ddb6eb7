//! Inline SVG icons: a few paths, no icon font to download.
use leptos::prelude::*;

/// Which icon to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Home,
    Train,
    Bed,
    Bag,
    Map,
    Gift,
    Heart,
    HeartFilled,
    Phone,
    Copy,
    Share,
    Check,
    Globe,
    Ticket,
    Person,
}

fn path(icon: Icon) -> &'static str {
    match icon {
        Icon::Home => "M3 11l9-8 9 8M5 10v10h5v-6h4v6h5V10",
        Icon::Train => "M12 3a9 9 0 1 0 0 18a4.5 4.5 0 0 1 0-9a4.5 4.5 0 0 0 0-9zM12 7.5v.01M12 16.5v.01",
        Icon::Bed => "M3 19V6M3 14h18v5M21 14v-3a3 3 0 0 0-3-3h-7v6M7 11.5v.01",
        Icon::Bag => "M5 8h14l-1 12H6zM9 8V6a3 3 0 0 1 6 0v2",
        Icon::Map => "M9 4L3 6v14l6-2 6 2 6-2V4l-6 2zM9 4v14M15 6v14",
        Icon::Gift => "M4 11h16v9H4zM3 7h18v4H3zM12 7v13M12 7c-2-4-6-4-6-1s6 1 6 1c2-4 6-4 6-1s-6 1-6 1",
        Icon::Heart | Icon::HeartFilled => "M12 20s-7-4.4-9-9a4.8 4.8 0 0 1 9-3a4.8 4.8 0 0 1 9 3c-2 4.6-9 9-9 9z",
        Icon::Phone => "M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z",
        Icon::Copy => "M8 8h12v12H8zM4 16V4h12",
        Icon::Share => "M12 3v12M7 8l5-5 5 5M5 13v7h14v-7",
        Icon::Check => "M4 12l5 5L20 6",
        Icon::Ticket => "M4 7h16v3a2 2 0 0 0 0 4v3H4v-3a2 2 0 0 0 0-4zM14 7v10",
        Icon::Person => "M12 12a4 4 0 1 0 0-8a4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
        Icon::Globe => "M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18zM3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18",
    }
}

/// An icon at the current text size, hidden from screen readers.
#[component]
pub fn Svg(icon: Icon) -> impl IntoView {
    let fill = if icon == Icon::HeartFilled {
        "currentColor"
    } else {
        "none"
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill=fill stroke="currentColor"
            stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
            <path d=path(icon)></path>
        </svg>
    }
}
