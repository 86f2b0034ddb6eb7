//! Public pages as HTML before any script: what a shared link's preview, a search engine and
//! a phone without JavaScript read, fetched with no browser at all.
use serde_json::Value;

use crate::helpers::*;

async fn page(app: &TestApp, path: &str, lang: Option<&str>) -> String {
    let mut req = app.client.get(app.url(path));
    if let Some(lang) = lang {
        req = req.header("Accept-Language", lang);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("text/html"), "{path}: {kind}");
    res.text().await.unwrap()
}

/// The `content` of `<meta property="{name}" content="…">`.
fn meta<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let pattern = format!("property=\"{name}\" content=\"");
    let at = html.find(&pattern)?;
    let rest = &html[at + pattern.len()..];
    rest.split('"').next()
}

fn json_ld(html: &str) -> Value {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("JSON-LD") + open.len();
    let end = html[start..].find("</script>").unwrap() + start;
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[tokio::test]
async fn a_shared_lodging_link_previews_its_name_summary_and_cover_photo_in_the_readers_language() {
    let app = spawn_app().await;
    let path = format!("/stay/{LODGING}");
    let lodging = app.get_json(&format!("/api/v1/lodgings/{LODGING}")).await;
    let (zh, en) = (
        lodging["name"]["zh"].as_str().unwrap(),
        lodging["name"]["en"].as_str().unwrap(),
    );

    let html = page(&app, &path, None).await;
    assert!(
        html.contains(&format!("<title>{zh} · 陈家沟 Chenjiagou</title>")),
        "{html}"
    );
    assert!(html.contains(&format!("<h1>{zh}</h1>")));
    assert!(html.contains("<html lang=\"zh\">") || !html.contains("<html lang="));
    assert_eq!(
        meta(&html, "og:title"),
        Some(format!("{zh} · 陈家沟 Chenjiagou").as_str())
    );
    assert_eq!(meta(&html, "og:url"), Some(app.url(&path).as_str()));
    assert!(html.contains(&format!(
        "hreflang=\"en\" href=\"{}?lang=en\"",
        app.url(&path)
    )));
    assert_eq!(
        meta(&html, "og:image"),
        None,
        "no photo yet: no preview image"
    );
    let ld = json_ld(&html);
    assert_eq!(ld["@type"], "LodgingBusiness");
    assert_eq!(ld["name"], zh);

    // The host adds a photo: the preview image is its JPEG copy, at an absolute URL that answers.
    app.add_operator("pages.host", "host", &[&format!("lodgings/{LODGING}")])
        .await;
    let host = app.login("pages.host").await;
    let jpeg = {
        let img = image::RgbImage::from_fn(800, 600, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 60])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    };
    let res = app
        .client
        .post(app.url(&format!("/api/v1/ops/listings/lodgings/{LODGING}/photos")))
        .header("Cookie", &host.cookie)
        .body(jpeg)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let photos: Value = res.json().await.unwrap();
    let id = photos[0]["id"].as_str().unwrap();

    let html = page(&app, &path, Some("en-GB,en;q=0.9")).await;
    assert!(
        html.contains(&format!("<h1>{en}</h1>")),
        "English for an English browser"
    );
    let image = meta(&html, "og:image").expect("a preview image").to_owned();
    assert_eq!(image, app.url(&format!("/media/{id}-800.jpg")));
    let res = app.client.get(&image).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert!(
        html.contains(&format!("srcset=\"/media/{id}-320.webp 320w")),
        "the cover on the page"
    );

    // The language asked for in the link wins over the browser's.
    let html = page(&app, &format!("{path}?lang=zh"), Some("en")).await;
    assert!(html.contains(&format!("<h1>{zh}</h1>")));
}

#[tokio::test]
async fn every_url_in_the_sitemap_answers_html_with_its_own_title_preview_tags_and_heading() {
    let app = spawn_app().await;
    let robots = app.get("/robots.txt").await.text().await.unwrap();
    assert!(
        robots.contains(&format!("Sitemap: {}", app.url("/sitemap.xml"))),
        "{robots}"
    );
    assert!(robots.contains("Disallow: /ops"));
    let sitemap = app.get("/sitemap.xml").await.text().await.unwrap();
    let urls: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    for listing in [
        format!("/schools/{SCHOOL}"),
        format!("/stay/{LODGING}"),
        format!("/shop/{PRODUCT}"),
        format!("/donate/{PROJECT}"),
    ] {
        assert!(
            urls.contains(&app.url(&listing).as_str()),
            "{listing} not in {sitemap}"
        );
    }
    let mut titles = std::collections::BTreeSet::new();
    for url in &urls {
        let path = url.strip_prefix(&app.address).unwrap();
        let html = page(&app, path, Some("en")).await;
        let title = html
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap()
            .to_owned();
        assert!(title.ends_with("陈家沟 Chenjiagou"), "{path}: {title}");
        assert_eq!(meta(&html, "og:title"), Some(title.as_str()), "{path}");
        assert!(
            meta(&html, "og:description").is_some_and(|d| !d.is_empty()),
            "{path}"
        );
        assert_eq!(meta(&html, "og:url"), Some(*url));
        assert!(html.contains("<h1>"), "{path} has no heading");
        json_ld(&html);
        titles.insert(title);
    }
    assert_eq!(titles.len(), urls.len(), "each page its own title");
}
