//! Public pages as HTML before any script runs: the app shell with the page's own title,
//! description, canonical and language links, Open Graph tags (the cover photo as the
//! preview image), schema.org JSON-LD, and its content (heading, summary, price from, cover,
//! whom it supports, contact; a list's cards as links). A shared link's preview, a search
//! engine and a slow phone read this; the WASM then draws the page over it. Rendered from the
//! live listings in API mode, written as files by `server export` for a static host.
use maud::{html, Markup, PreEscaped};
use model::photo::{CopyFormat, Photo};
use model::{Lang, Localized, Money};
use serde_json::{json, Value};

/// What one public URL shows before the app runs.
pub struct Page {
    pub title: String,
    pub description: String,
    /// The site-root path this page is canonically at.
    pub path: String,
    /// The preview image's site-root path (a photo's JPEG copy, or none).
    pub image: Option<String>,
    pub og_type: &'static str,
    pub json_ld: Option<Value>,
    pub body: Markup,
}

/// The listings pages are made from.
pub struct Listings<'a> {
    pub schools: &'a [model::School],
    pub lodgings: &'a [model::Lodging],
    pub products: &'a [model::Product],
    pub projects: &'a [model::Project],
}

/// The app's own UI strings (`locales/`), so a page drawn here says what the app then draws.
macro_rules! locale_files {
    ($($name:literal),*) => {
        [$(
            ($name, Lang::Zh, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../locales/zh/", $name, ".json"))),
            ($name, Lang::En, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../locales/en/", $name, ".json"))),
        )*]
    };
}

fn strings() -> &'static std::collections::HashMap<(Lang, String), String> {
    static STRINGS: std::sync::OnceLock<std::collections::HashMap<(Lang, String), String>> =
        std::sync::OnceLock::new();
    STRINGS.get_or_init(|| {
        let mut all = std::collections::HashMap::new();
        for (file, lang, text) in
            locale_files!("common", "home", "schools", "stay", "shop", "donate", "book")
        {
            let map: serde_json::Map<String, Value> =
                serde_json::from_str(text).unwrap_or_default();
            for (key, value) in map {
                if let Value::String(v) = value {
                    all.insert((lang, format!("{file}.{key}")), v);
                }
            }
        }
        all
    })
}

/// The UI string `key` (`file.key`) in `lang` with each `{{ name }}` filled in.
fn ui(lang: Lang, key: &str, params: &[(&str, String)]) -> String {
    let mut text = strings()
        .get(&(lang, key.to_owned()))
        .cloned()
        .unwrap_or_default();
    for (name, value) in params {
        text = text.replace(&format!("{{{{ {name} }}}}"), value);
    }
    text
}

fn word(lang: Lang, key: &str) -> String {
    let key = match key {
        "tagline" => "home.hero_title",
        "schools" => "schools.title",
        "stay" => "stay.title",
        "shop" => "shop.title",
        "donate" => "donate.title",
        "book" => "book.book_now",
        "buy" => "book.add_to_cart",
        "give" => "donate.give",
        "contact" => "common.contact_title",
        "supports" => "common.supports_title",
        "wechat" => "common.wechat",
        other => other,
    };
    ui(lang, key, &[])
}

/// The site's name, in both languages whatever the page's.
const BRAND: &str = "陈家沟 Chenjiagou";

/// The page at `path` in `lang`, when it is one of those drawn before the app.
pub fn page_for(listings: &Listings, path: &str, lang: Lang) -> Option<Page> {
    let path = path.trim_end_matches('/');
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [] => Some(home(lang)),
        ["schools"] => Some(list(
            lang,
            "schools",
            listings.schools.iter().map(|s| card_of_school(s, lang)),
        )),
        ["stay"] => Some(list(
            lang,
            "stay",
            listings.lodgings.iter().map(|l| card_of_lodging(l, lang)),
        )),
        ["shop"] => Some(list(
            lang,
            "shop",
            listings.products.iter().map(|p| card_of_product(p, lang)),
        )),
        ["donate"] => Some(list(
            lang,
            "donate",
            listings.projects.iter().map(|p| card_of_project(p, lang)),
        )),
        ["schools", slug] => listings
            .schools
            .iter()
            .find(|s| s.slug == *slug)
            .map(|s| school(s, lang)),
        ["stay", slug] => listings
            .lodgings
            .iter()
            .find(|l| l.slug == *slug)
            .map(|l| lodging(l, lang)),
        ["shop", slug] => listings
            .products
            .iter()
            .find(|p| p.slug == *slug)
            .map(|p| product(p, lang)),
        ["donate", slug] => listings
            .projects
            .iter()
            .find(|p| p.slug == *slug)
            .map(|p| project(p, lang)),
        _ => None,
    }
}

/// Every URL `page_for` draws: the sitemap's list.
pub fn paths(listings: &Listings) -> Vec<String> {
    let mut paths: Vec<String> = ["/", "/schools", "/stay", "/shop", "/donate"]
        .map(String::from)
        .into();
    paths.extend(
        listings
            .schools
            .iter()
            .map(|s| format!("/schools/{}", s.slug)),
    );
    paths.extend(
        listings
            .lodgings
            .iter()
            .map(|l| format!("/stay/{}", l.slug)),
    );
    paths.extend(
        listings
            .products
            .iter()
            .map(|p| format!("/shop/{}", p.slug)),
    );
    paths.extend(
        listings
            .projects
            .iter()
            .map(|p| format!("/donate/{}", p.slug)),
    );
    paths
}

fn home(lang: Lang) -> Page {
    let sections = ["schools", "stay", "shop", "donate"];
    Page {
        title: BRAND.to_owned(),
        description: ui(lang, "home.hero_text", &[]),
        path: "/".to_owned(),
        image: None,
        og_type: "website",
        json_ld: Some(json!({
            "@context": "https://schema.org", "@type": "TouristDestination",
            "name": BRAND, "description": word(lang, "tagline"),
        })),
        body: html! {
            section.hero {
                h1 { (word(lang, "tagline")) }
                p { (ui(lang, "home.hero_text", &[])) }
            }
            ul.prerendered-links {
                @for s in sections { li { a href={ "/" (s) } { (word(lang, s)) } } }
            }
        },
    }
}

/// A card of a list: where it leads, its name, one line, its price.
struct Card {
    href: String,
    name: String,
    line: String,
    price: String,
    cover: Option<Photo>,
    image: String,
}

fn list(lang: Lang, section: &'static str, cards: impl Iterator<Item = Card>) -> Page {
    let cards: Vec<Card> = cards.collect();
    let title = word(lang, section);
    Page {
        title: format!("{title} · {BRAND}"),
        description: cards
            .iter()
            .take(5)
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(" · "),
        path: format!("/{section}"),
        image: cards
            .iter()
            .find_map(|c| c.cover.as_ref())
            .map(preview_image),
        og_type: "website",
        json_ld: Some(json!({
            "@context": "https://schema.org", "@type": "ItemList",
            "itemListElement": cards.iter().enumerate().map(|(i, c)| json!({
                "@type": "ListItem", "position": i + 1, "url": c.href, "name": c.name,
            })).collect::<Vec<_>>(),
        })),
        body: html! {
            header.page-head { h1 { (title) } }
            div.card-list {
                @for (i, c) in cards.iter().enumerate() {
                    article.card {
                        a.card-link href=(c.href) {
                            (picture(c.cover.as_ref(), &c.image, lang, i == 0, "(min-width: 48rem) 22rem, 100vw", ""))
                            div.card-body {
                                h3 { (c.name) }
                                p.card-line { (c.line) }
                                div.card-meta { span.price { (c.price) } }
                            }
                        }
                    }
                }
            }
        },
    }
}

fn card_of_school(s: &model::School, lang: Lang) -> Card {
    let live = s.programs.iter().filter(|p| !p.retired);
    let per_day = live.map(|p| p.price_per_day()).min().unwrap_or_default();
    Card {
        href: format!("/schools/{}", s.slug),
        name: s.name.get(lang).to_owned(),
        line: s.summary.get(lang).to_owned(),
        price: ui(
            lang,
            "schools.from_per_day_of",
            &[("price", per_day.display()), ("programme", String::new())],
        )
        .trim_end_matches([' ', '·'])
        .to_owned(),
        cover: s.photos.first().cloned(),
        image: s.image.clone(),
    }
}

fn card_of_lodging(l: &model::Lodging, lang: Lang) -> Card {
    Card {
        href: format!("/stay/{}", l.slug),
        name: l.name.get(lang).to_owned(),
        line: l.summary.get(lang).to_owned(),
        price: ui(
            lang,
            "stay.from_nightly",
            &[("price", l.from_price().display())],
        ),
        cover: l.photos.first().cloned(),
        image: l.image.clone(),
    }
}

fn card_of_product(p: &model::Product, lang: Lang) -> Card {
    Card {
        href: format!("/shop/{}", p.slug),
        name: p.name.get(lang).to_owned(),
        line: p.producer.name.get(lang).to_owned(),
        price: ui(
            lang,
            "shop.from_price",
            &[("price", p.from_price().display())],
        ),
        cover: p.photos.first().cloned(),
        image: p.image.clone(),
    }
}

fn card_of_project(p: &model::Project, lang: Lang) -> Card {
    Card {
        href: format!("/donate/{}", p.slug),
        name: p.name.get(lang).to_owned(),
        line: p.summary.get(lang).to_owned(),
        price: raised_text(lang, p.raised, p.goal),
        cover: p.photos.first().cloned(),
        image: p.image.clone(),
    }
}

fn raised_text(lang: Lang, raised: Money, goal: Money) -> String {
    let params = [("raised", raised.display()), ("goal", goal.display())];
    ui(lang, "donate.raised_of", &params)
}

/// The preview image of a photo: its largest JPEG copy (every chat app reads JPEG).
fn preview_image(photo: &Photo) -> String {
    photo.src(1280, CopyFormat::Jpeg)
}

/// A photo as the app draws it (WebP with a JPEG fallback, width and height given), or the
/// drawing while there is none.
fn picture(
    photo: Option<&Photo>,
    image: &str,
    lang: Lang,
    eager: bool,
    sizes: &str,
    class: &str,
) -> Markup {
    let loading = if eager { "eager" } else { "lazy" };
    match photo {
        Some(p) => html! {
            picture {
                source type="image/webp" srcset=(p.srcset(CopyFormat::Webp)) sizes=(sizes);
                img class=(class) src=(p.src(640, CopyFormat::Jpeg)) srcset=(p.srcset(CopyFormat::Jpeg)) sizes=(sizes)
                    width=(p.width) height=(p.height) alt=(p.alt.get(lang)) loading=(loading) decoding="async";
            }
        },
        None => html! {
            img class=(class) src={ "/" (image) } alt="" width="400" height="240" loading=(loading);
        },
    }
}

/// What every detail page shows: the cover, the name, the summary, the price, whom it
/// supports, the contact and the way on.
struct Detail<'a> {
    lang: Lang,
    path: String,
    name: &'a Localized,
    summary: &'a Localized,
    photos: &'a [Photo],
    image: &'a str,
    price: String,
    supports: &'a Localized,
    phone: Option<&'a str>,
    wechat: Option<&'a str>,
    action: (String, &'static str),
    json_ld: Value,
    og_type: &'static str,
}

fn detail(d: Detail) -> Page {
    let lang = d.lang;
    let name = d.name.get(lang);
    Page {
        title: format!("{name} · {BRAND}"),
        description: d.summary.get(lang).to_owned(),
        path: d.path,
        image: d.photos.first().map(preview_image),
        og_type: d.og_type,
        json_ld: Some(d.json_ld),
        body: html! {
            article.detail {
                (picture(d.photos.first(), d.image, lang, true, "(min-width: 48rem) 44rem, 100vw", "hero-img"))
                header.detail-head {
                    h1 { (name) }
                    p.lead { (d.summary.get(lang)) }
                }
                p.price { (d.price) }
                p { strong { (word(lang, "supports")) ": " } (d.supports.get(lang)) }
                @if let Some(phone) = d.phone {
                    p {
                        (word(lang, "contact")) ": "
                        a href={ "tel:" (phone) } { (phone) }
                        @if let Some(w) = d.wechat { " · " (word(lang, "wechat")) " " (w) }
                    }
                }
                p { a.button.primary href=(d.action.0) { (word(lang, d.action.1)) } }
            }
        },
    }
}

fn school(s: &model::School, lang: Lang) -> Page {
    let card = card_of_school(s, lang);
    let offers: Vec<Value> = s
        .programs
        .iter()
        .filter(|p| !p.retired)
        .map(|p| {
            json!({
                "@type": "Offer", "price": p.price_per_person.yuan_text(), "priceCurrency": "CNY",
                "itemOffered": { "@type": "Course", "name": p.name.get(lang),
                    "description": p.description.get(lang),
                    "provider": { "@type": "EducationalOrganization", "name": s.name.get(lang) } },
            })
        })
        .collect();
    detail(Detail {
        lang,
        path: card.href.clone(),
        name: &s.name,
        summary: &s.summary,
        photos: &s.photos,
        image: &s.image,
        price: card.price,
        supports: &s.operator.supports,
        phone: Some(&s.contact.phone),
        wechat: s.contact.wechat.as_deref(),
        action: (format!("{}/book", card.href), "book"),
        json_ld: json!({
            "@context": "https://schema.org", "@type": ["EducationalOrganization", "SportsActivityLocation"],
            "name": s.name.get(lang), "description": s.summary.get(lang),
            "telephone": s.contact.phone, "address": s.location.address.get(lang),
            "geo": { "@type": "GeoCoordinates", "latitude": s.location.lat, "longitude": s.location.lng },
            "foundingDate": s.founded.to_string(), "makesOffer": offers,
        }),
        og_type: "place",
    })
}

fn lodging(l: &model::Lodging, lang: Lang) -> Page {
    let card = card_of_lodging(l, lang);
    let highest = l.rooms.iter().map(|r| r.nightly).max().unwrap_or_default();
    detail(Detail {
        lang,
        path: card.href.clone(),
        name: &l.name,
        summary: &l.summary,
        photos: &l.photos,
        image: &l.image,
        price: card.price,
        supports: &l.operator.supports,
        phone: Some(&l.contact.phone),
        wechat: l.contact.wechat.as_deref(),
        action: (format!("{}/book", card.href), "book"),
        json_ld: json!({
            "@context": "https://schema.org", "@type": "LodgingBusiness",
            "name": l.name.get(lang), "description": l.summary.get(lang),
            "telephone": l.contact.phone, "address": l.location.address.get(lang),
            "geo": { "@type": "GeoCoordinates", "latitude": l.location.lat, "longitude": l.location.lng },
            "priceRange": format!("{}–{}", l.from_price().display(), highest.display()),
            "currenciesAccepted": "CNY",
        }),
        og_type: "place",
    })
}

fn product(p: &model::Product, lang: Lang) -> Page {
    let card = card_of_product(p, lang);
    let offers: Vec<Value> = p
        .variants
        .iter()
        .filter(|v| !v.retired)
        .map(|v| {
            let stock = if v.stock > 0 { "InStock" } else { "OutOfStock" };
            json!({ "@type": "Offer", "sku": v.sku, "name": v.label.get(lang),
                "price": v.price.yuan_text(), "priceCurrency": "CNY",
                "availability": format!("https://schema.org/{stock}") })
        })
        .collect();
    detail(Detail {
        lang,
        path: card.href.clone(),
        name: &p.name,
        summary: &p.summary,
        photos: &p.photos,
        image: &p.image,
        price: card.price,
        supports: &p.producer.supports,
        phone: None,
        wechat: None,
        action: (card.href.clone(), "buy"),
        json_ld: json!({
            "@context": "https://schema.org", "@type": "Product",
            "name": p.name.get(lang), "description": p.summary.get(lang),
            "brand": { "@type": "Brand", "name": p.producer.name.get(lang) }, "offers": offers,
        }),
        og_type: "product",
    })
}

fn project(p: &model::Project, lang: Lang) -> Page {
    let card = card_of_project(p, lang);
    detail(Detail {
        lang,
        path: card.href.clone(),
        name: &p.name,
        summary: &p.summary,
        photos: &p.photos,
        image: &p.image,
        price: card.price,
        supports: &p.operator.supports,
        phone: None,
        wechat: None,
        action: (card.href.clone(), "give"),
        json_ld: json!({
            "@context": "https://schema.org", "@type": "Project",
            "name": p.name.get(lang), "description": p.summary.get(lang),
        }),
        og_type: "website",
    })
}

/// `shell` (the app's index.html) with `page`'s head and content, for the site at `origin`.
pub fn render(shell: &str, page: &Page, lang: Lang, origin: &str) -> String {
    let url = format!("{origin}{}", page.path);
    let locale = match lang {
        Lang::Zh => "zh_CN",
        Lang::En => "en_US",
    };
    let ld = page
        .json_ld
        .as_ref()
        .map(|v| v.to_string().replace("</", "<\\/"));
    let head = html! {
        title { (page.title) }
        meta name="description" content=(page.description);
        link rel="canonical" href=(url);
        link rel="alternate" hreflang="zh" href={ (url) "?lang=zh" };
        link rel="alternate" hreflang="en" href={ (url) "?lang=en" };
        link rel="alternate" hreflang="x-default" href=(url);
        meta property="og:site_name" content=(BRAND);
        meta property="og:title" content=(page.title);
        meta property="og:description" content=(page.description);
        meta property="og:type" content=(page.og_type);
        meta property="og:url" content=(url);
        meta property="og:locale" content=(locale);
        @if let Some(image) = &page.image {
            meta property="og:image" content={ (origin) (image) };
            meta name="twitter:card" content="summary_large_image";
        }
        @if let Some(ld) = ld {
            script type="application/ld+json" { (PreEscaped(ld)) }
        }
    };
    let html_lang = match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    let mut out = strip_tag(shell, "<meta name=\"description\"");
    if let (Some(open), Some(close)) = (out.find("<title>"), out.find("</title>")) {
        out.replace_range(open..close + "</title>".len(), "");
    }
    if let Some(at) = out.find("</head>") {
        out.insert_str(at, &head.into_string());
    }
    out = out.replacen(
        "<html lang=\"zh\">",
        &format!("<html lang=\"{html_lang}\">"),
        1,
    );
    let body = format!(
        "<main class=\"page\">{}</main>",
        page.body.clone().into_string()
    );
    let main_open = "<main class=\"page\" aria-busy=\"true\">";
    match (out.find(main_open), out.find("</main>")) {
        (Some(start), Some(end)) if end > start => {
            out.replace_range(start..end + "</main>".len(), &body);
        }
        // A shell without the skeleton: the content goes first in the body.
        _ => {
            if let Some(at) = out.find("<body>") {
                out.insert_str(at + "<body>".len(), &body);
            }
        }
    }
    out
}

/// `text` without the first tag that starts with `start` (up to its `>`).
fn strip_tag(text: &str, start: &str) -> String {
    match text.find(start) {
        Some(at) => match text[at..].find('>') {
            Some(len) => format!("{}{}", &text[..at], &text[at + len + 1..]),
            None => text.to_owned(),
        },
        None => text.to_owned(),
    }
}

/// `sitemap.xml` for `paths` at `origin`, each in both languages.
pub fn sitemap(paths: &[String], origin: &str) -> String {
    let urls = html! {
        @for p in paths {
            url {
                loc { (origin) (p) }
                (PreEscaped(format!(
                    r#"<xhtml:link rel="alternate" hreflang="zh" href="{origin}{p}?lang=zh"/><xhtml:link rel="alternate" hreflang="en" href="{origin}{p}?lang=en"/>"#
                )))
            }
        }
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">{}</urlset>\n",
        urls.into_string()
    )
}

/// `robots.txt`: everything public may be read; operators' and visitors' own pages not.
pub fn robots(origin: &str) -> String {
    format!("User-agent: *\nAllow: /\nDisallow: /ops\nDisallow: /trips\nDisallow: /cart\nSitemap: {origin}/sitemap.xml\n")
}

/// Writes every page of `catalog` (in Chinese, the language of most shared links; the app
/// then switches to the reader's), `sitemap.xml` and `robots.txt` into `dir`, for a static
/// host that answers `/stay/<slug>` from `stay/<slug>.html`; how many pages.
pub fn write_site(
    catalog: &model::Catalog,
    shell: &str,
    origin: &str,
    dir: &std::path::Path,
) -> std::io::Result<usize> {
    let all = Listings {
        schools: &catalog.schools,
        lodgings: &catalog.lodgings,
        products: &catalog.products,
        projects: &catalog.projects,
    };
    let paths = paths(&all);
    let mut written = 0;
    for path in paths.iter().filter(|p| p.as_str() != "/") {
        let Some(page) = page_for(&all, path, Lang::Zh) else {
            continue;
        };
        let file = dir.join(format!("{}.html", path.trim_start_matches('/')));
        if let Some(folder) = file.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(file, render(shell, &page, Lang::Zh, origin))?;
        written += 1;
    }
    std::fs::write(dir.join("sitemap.xml"), sitemap(&paths, origin))?;
    std::fs::write(dir.join("robots.txt"), robots(origin))?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_a_page_uses_is_in_the_apps_strings_in_both_languages() {
        let keys = [
            "tagline",
            "schools",
            "stay",
            "shop",
            "donate",
            "book",
            "buy",
            "give",
            "contact",
            "supports",
            "wechat",
            "home.hero_text",
            "schools.from_per_day_of",
            "stay.from_nightly",
            "shop.from_price",
            "donate.raised_of",
        ];
        for lang in [Lang::Zh, Lang::En] {
            for key in keys {
                assert!(!word(lang, key).is_empty(), "{key} has no {lang:?} text");
            }
        }
        let price = ui(
            Lang::En,
            "stay.from_nightly",
            &[("price", Money::yuan(160).display())],
        );
        assert_eq!(price, "from ¥160/night");
    }
}
