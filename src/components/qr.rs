//! QR codes drawn in the browser from the ticket's own text.
use leptos::prelude::*;
use qrcode::render::svg;
use qrcode::QrCode;

/// A QR code of `text` as an SVG image.
#[component]
pub fn Qr(#[prop(into)] text: String, #[prop(into)] label: Signal<String>) -> impl IntoView {
    // The SVG is generated here from our own reference text, never from server HTML.
    let svg = QrCode::new(text.as_bytes())
        .map(|code| {
            code.render::<svg::Color>()
                .min_dimensions(180, 180)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default();
    view! { <div class="qr" role="img" aria-label=label inner_html=svg></div> }
}
