//! The sample data in `public/data/` read through the model: it must parse, validate and keep
//! the promises the portal makes about it (counts, images, traced batches, filters).
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use model::catalog::DATA_FILES;
use model::filter::{LodgingFilter, SchoolFilter, Sort};
use model::{
    Attraction, Batch, Catalog, Category, Event, Lang, Localized, Location, Lodging, Money,
    Product, Project, School, Session, StageKind, StockState,
};
use serde::de::DeserializeOwned;

fn public_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../public")
}

fn data_dir() -> PathBuf {
    public_dir().join("data")
}

/// Parses one file as its own collection, so a mistake is reported with file, line and column.
fn check_typed(name: &str, text: &str) -> Result<usize, serde_json::Error> {
    fn count<T: DeserializeOwned>(text: &str) -> Result<usize, serde_json::Error> {
        serde_json::from_str::<Vec<T>>(text).map(|v| v.len())
    }
    match name {
        "schools" => count::<School>(text),
        "lodgings" => count::<Lodging>(text),
        "products" => count::<Product>(text),
        "batches" => count::<Batch>(text),
        "attractions" => count::<Attraction>(text),
        "events" => count::<Event>(text),
        "projects" => count::<Project>(text),
        "ledger" => count::<model::LedgerEntry>(text),
        other => panic!("DATA_FILES names {other:?}, which this test does not know"),
    }
}

/// Every file named in `DATA_FILES`, each as the catalog field of the same name.
fn load() -> Catalog {
    let mut fields = serde_json::Map::new();
    for name in DATA_FILES {
        let path = data_dir().join(format!("{name}.json"));
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        if let Err(e) = check_typed(name, &text) {
            panic!("{name}.json does not match the model: {e}");
        }
        fields.insert(
            name.to_string(),
            serde_json::from_str(&text).expect("checked above"),
        );
    }
    serde_json::from_value(serde_json::Value::Object(fields))
        .expect("the data files make a catalog")
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(load)
}

fn yuan(y: i64) -> Money {
    Money::yuan(y)
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// Every located listing, named.
fn locations(c: &Catalog) -> Vec<(String, &Location)> {
    let schools = c
        .schools
        .iter()
        .map(|s| (format!("school {}", s.slug), &s.location));
    let lodgings = c
        .lodgings
        .iter()
        .map(|l| (format!("lodging {}", l.slug), &l.location));
    let attractions = c
        .attractions
        .iter()
        .map(|a| (format!("attraction {}", a.slug), &a.location));
    schools.chain(lodgings).chain(attractions).collect()
}

#[test]
fn every_data_file_parses_into_a_catalog_that_validates() {
    if let Err(problems) = catalog().validate() {
        panic!("{problems}");
    }
}

#[test]
fn the_data_folder_holds_exactly_the_files_the_model_names() {
    let on_disk: BTreeSet<String> = fs::read_dir(data_dir())
        .expect("public/data exists")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let named: BTreeSet<String> = DATA_FILES.iter().map(|n| format!("{n}.json")).collect();
    assert_eq!(on_disk, named);
}

#[test]
fn the_catalog_has_enough_of_every_kind_of_listing() {
    let c = catalog();
    assert!(c.schools.len() >= 8, "{} schools", c.schools.len());
    assert_eq!(c.lodgings.len(), 10);
    assert!(c.products.len() >= 24, "{} products", c.products.len());
    assert!(c.batches.len() >= 4, "{} batches", c.batches.len());
    assert!(
        c.attractions.len() >= 6,
        "{} attractions",
        c.attractions.len()
    );
    assert!(c.events.len() >= 4, "{} events", c.events.len());
    assert_eq!(c.projects.len(), 3);
    for kind in [model::SchoolKind::School, model::SchoolKind::FamilyHall] {
        assert!(c.schools.iter().any(|s| s.kind == kind), "no {kind:?}");
    }
    for cat in Category::ALL {
        assert!(
            c.products.iter().filter(|p| p.category == cat).count() >= 4,
            "few {cat:?}"
        );
    }
    assert_eq!(c.schools.iter().filter(|s| s.featured).count(), 3);
    assert_eq!(c.lodgings.iter().filter(|l| l.featured).count(), 3);
    let featured_products = c.products.iter().filter(|p| p.featured).count();
    assert!(
        (3..=4).contains(&featured_products),
        "{featured_products} featured products"
    );
}

#[test]
fn several_listings_support_poverty_alleviation_households() {
    let c = catalog();
    assert!(
        c.schools
            .iter()
            .filter(|s| s.operator.poverty_alleviation)
            .count()
            >= 3
    );
    assert!(
        c.lodgings
            .iter()
            .filter(|l| l.operator.poverty_alleviation)
            .count()
            >= 3
    );
    assert!(
        c.products
            .iter()
            .filter(|p| p.producer.poverty_alleviation)
            .count()
            >= 3
    );
}

#[test]
fn schools_offer_two_to_four_programmes_with_dates_ahead_at_village_prices() {
    for s in &catalog().schools {
        assert!(
            (2..=4).contains(&s.programs.len()),
            "{}: {} programmes",
            s.slug,
            s.programs.len()
        );
        assert!(
            (1..=3).contains(&s.teachers.len()),
            "{}: {} teachers",
            s.slug,
            s.teachers.len()
        );
        for p in &s.programs {
            let what = format!("{} {}", s.slug, p.id);
            let per_day = p.price_per_day();
            assert!(
                per_day >= yuan(150) && per_day <= yuan(500),
                "{what}: {} a day",
                per_day.display()
            );
            assert!(!p.series.is_empty(), "{what}: no series");
            for series in &p.series {
                assert!(
                    (6..=30).contains(&series.capacity),
                    "{}: capacity {}",
                    series.id,
                    series.capacity
                );
                // Ongoing, so whatever the day the portal starts it offers dates ahead.
                assert_eq!(series.count, None, "{}", series.id);
                for today in [date("2026-12-01"), date("2031-07-15")] {
                    let ahead = series.sessions_ahead(today);
                    assert!(
                        ahead.len() >= 4 && ahead[0].start < today + chrono::Duration::days(28),
                        "{}: {} sessions ahead of {today}",
                        series.id,
                        ahead.len()
                    );
                }
            }
        }
    }
}

#[test]
fn one_variant_is_sold_out() {
    // Sessions come from series and start empty; tests fill them through the API.
    let c = catalog();
    let variants = c.products.iter().flat_map(|p| &p.variants);
    assert!(
        variants
            .clone()
            .any(|v| v.stock_state() == StockState::SoldOut),
        "no sold-out variant"
    );
    assert!(
        variants.clone().any(|v| v.stock_state() == StockState::Low),
        "no variant low on stock"
    );
    assert!(
        c.products.iter().any(|p| p.total_stock() == 0),
        "no product sold out in every variant"
    );
}

#[test]
fn lodgings_let_two_to_five_rooms_at_family_prices() {
    for l in &catalog().lodgings {
        assert!(
            (2..=5).contains(&l.rooms.len()),
            "{}: {} rooms",
            l.slug,
            l.rooms.len()
        );
        assert!(
            (2..=4).contains(&l.house_rules.len()),
            "{}: {} house rules",
            l.slug,
            l.house_rules.len()
        );
        assert!(
            (2..=25).contains(&l.location.walk_minutes),
            "{}: walk {}",
            l.slug,
            l.location.walk_minutes
        );
        let amenities: BTreeSet<String> = l.amenities.iter().map(|a| format!("{a:?}")).collect();
        assert_eq!(
            amenities.len(),
            l.amenities.len(),
            "{}: an amenity twice",
            l.slug
        );
        for r in &l.rooms {
            assert!(
                r.nightly >= yuan(80) && r.nightly <= yuan(380),
                "{} {}: nightly",
                l.slug,
                r.id
            );
            assert!(
                r.extra_person >= yuan(30) && r.extra_person <= yuan(80),
                "{} {}: extra",
                l.slug,
                r.id
            );
            assert!(r.base_guests <= r.max_guests, "{} {}: guests", l.slug, r.id);
        }
        assert!(
            l.house_rules.iter().all(|r| !r.has_blank()),
            "{}: a house rule in one language",
            l.slug
        );
    }
}

#[test]
fn every_image_path_exists_under_public() {
    let c = catalog();
    let images = c
        .schools
        .iter()
        .map(|s| (&s.slug, &s.image))
        .chain(c.lodgings.iter().map(|l| (&l.slug, &l.image)))
        .chain(c.products.iter().map(|p| (&p.slug, &p.image)))
        .chain(c.attractions.iter().map(|a| (&a.slug, &a.image)))
        .chain(c.projects.iter().map(|p| (&p.slug, &p.image)));
    for (slug, image) in images {
        assert!(
            image.starts_with("img/") && image.ends_with(".svg"),
            "{slug}: image {image:?}"
        );
        assert!(
            public_dir().join(image).is_file(),
            "{slug}: {image} is missing"
        );
    }
}

/// An illustration drawn by hand: small, self-contained, no words to translate.
fn assert_plain_svg(name: &str, view_box: &str, max_bytes: usize) {
    let path = public_dir().join("img").join(name);
    let svg = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(svg.len() < max_bytes, "{name}: {} bytes", svg.len());
    assert!(
        svg.contains(&format!("viewBox=\"{view_box}\"")),
        "{name}: view box"
    );
    for banned in [
        "<text",
        "href",
        "<image",
        "<script",
        "http://www.w3.org/1999/xlink",
    ] {
        assert!(!svg.contains(banned), "{name}: contains {banned}");
    }
}

#[test]
fn illustrations_are_small_self_contained_svgs_without_text() {
    let c = catalog();
    let mut names: BTreeSet<String> = c
        .schools
        .iter()
        .map(|s| &s.image)
        .chain(c.lodgings.iter().map(|l| &l.image))
        .chain(c.products.iter().map(|p| &p.image))
        .chain(c.attractions.iter().map(|a| &a.image))
        .chain(c.projects.iter().map(|p| &p.image))
        .map(|i| i.trim_start_matches("img/").to_string())
        .collect();
    for required in [
        "school",
        "hall",
        "lodging-1",
        "lodging-2",
        "lodging-3",
        "wear",
        "shoes",
        "yam",
        "herbs",
        "snacks",
        "attraction-hall",
        "attraction-museum",
        "attraction-ground",
        "project-roof",
        "project-children",
        "project-cold-store",
    ] {
        names.insert(format!("{required}.svg"));
    }
    for name in &names {
        assert_plain_svg(name, "0 0 400 240", 2560);
    }
    assert_plain_svg("village-map.svg", "0 0 1000 700", 6144);
}

#[test]
fn farm_goods_point_to_the_batch_traced_for_them() {
    let c = catalog();
    let farm = |p: &&Product| matches!(p.category, Category::YamAndHerbs | Category::Snacks);
    let traced: Vec<&Product> = c
        .products
        .iter()
        .filter(farm)
        .filter(|p| p.batch.is_some())
        .collect();
    assert!(traced.len() >= 4, "only {} traced products", traced.len());
    for p in traced {
        let id = p.batch.as_deref().expect("filtered");
        let batch = c.batches.iter().find(|b| b.id == id);
        let batch = batch.unwrap_or_else(|| panic!("{}: no batch {id}", p.slug));
        assert_eq!(
            batch.product, p.slug,
            "batch {id} is sold as another product"
        );
    }
    for b in &c.batches {
        let product = c.product(&b.product).expect("validated");
        assert!(
            farm(&product),
            "batch {} traces {}, which is not farm goods",
            b.id,
            b.product
        );
    }
}

#[test]
fn every_batch_traces_all_six_stages_in_order() {
    let all = [
        StageKind::Planting,
        StageKind::Growing,
        StageKind::Harvest,
        StageKind::Processing,
        StageKind::Packaging,
        StageKind::Inspection,
    ];
    for b in &catalog().batches {
        let stages: Vec<StageKind> = b.stages.iter().map(|s| s.stage).collect();
        assert_eq!(stages, all, "batch {}", b.id);
        assert!(
            b.stages.windows(2).all(|w| w[0].date <= w[1].date),
            "batch {}: dates out of order",
            b.id
        );
        assert!(b
            .stages
            .iter()
            .all(|s| !s.place.has_blank() && !s.who.has_blank() && !s.note.has_blank()));
    }
}

#[test]
fn map_pins_agree_with_the_coordinates_around_the_village() {
    let locs = locations(catalog());
    for (what, l) in &locs {
        assert!((34.93..=34.95).contains(&l.lat), "{what}: lat {}", l.lat);
        assert!((113.05..=113.08).contains(&l.lng), "{what}: lng {}", l.lng);
        assert!(!l.address.has_blank(), "{what}: address in one language");
    }
    // x grows east with longitude, y grows south as latitude falls.
    for (a, la) in &locs {
        for (b, lb) in &locs {
            if la.x < lb.x {
                assert!(
                    la.lng < lb.lng,
                    "{a} is west of {b} on the map but not on the globe"
                );
            }
            if la.y < lb.y {
                assert!(
                    la.lat > lb.lat,
                    "{a} is north of {b} on the map but not on the globe"
                );
            }
        }
    }
}

#[test]
fn walks_grow_with_distance_from_the_ancestral_hall_and_east_ditch() {
    let c = catalog();
    let pin = |slug: &str| {
        let a = c.attractions.iter().find(|a| a.slug == slug);
        let l = &a.unwrap_or_else(|| panic!("no attraction {slug}")).location;
        (f64::from(l.x), f64::from(l.y))
    };
    let centres = [
        pin("chen-ancestral-hall"),
        pin("east-ditch-training-ground"),
    ];
    let distance = |l: &Location| {
        let (x, y) = (f64::from(l.x), f64::from(l.y));
        centres
            .iter()
            .map(|(cx, cy)| (x - cx).hypot(y - cy))
            .fold(f64::MAX, f64::min)
    };
    let mut listed: Vec<(f64, u16, String)> = locations(c)
        .into_iter()
        .filter(|(what, _)| !what.starts_with("attraction"))
        .map(|(what, l)| (distance(l), l.walk_minutes, what))
        .collect();
    listed.sort_by(|a, b| a.0.total_cmp(&b.0));
    for w in listed.windows(2) {
        assert!(
            w[0].1 <= w[1].1,
            "{} is nearer than {} but a longer walk",
            w[0].2,
            w[1].2
        );
    }
}

#[test]
fn contacts_use_only_example_numbers() {
    let c = catalog();
    let phones = c
        .schools
        .iter()
        .map(|s| &s.contact.phone)
        .chain(c.lodgings.iter().map(|l| &l.contact.phone))
        .chain(c.products.iter().map(|p| &p.contact.phone));
    for phone in phones {
        assert!(
            phone.starts_with("139-0000-0") || phone.starts_with("0391-600-0"),
            "{phone}"
        );
        assert!(
            phone.bytes().all(|b| b.is_ascii_digit() || b == b'-'),
            "{phone}"
        );
    }
    for p in &c.projects {
        assert!(
            p.transfer.account_number.contains("0000 0000"),
            "{}: a real-looking account",
            p.slug
        );
    }
}

#[test]
fn project_budgets_add_up_to_their_goals() {
    for p in &catalog().projects {
        let total: Money = p.budget.iter().map(|b| b.cost).sum();
        assert_eq!(total, p.goal, "{}", p.slug);
        assert!(
            p.raised <= p.goal && p.raised + p.pledged <= p.goal,
            "{}",
            p.slug
        );
        assert!(
            p.donors > 0 && !p.transfer.bank.has_blank() && !p.transfer.account_name.has_blank()
        );
        assert!(p
            .budget
            .iter()
            .all(|b| !b.item.has_blank() && b.cost > Money(0)));
    }
}

#[test]
fn events_fall_in_the_coming_season_and_name_real_attractions() {
    let c = catalog();
    for e in &c.events {
        assert!(
            e.start >= date("2026-12-01") && e.end <= date("2027-11-30"),
            "{}",
            e.slug
        );
    }
    assert!(c.events.iter().filter(|e| e.attraction.is_some()).count() >= 4);
    let free = c.attractions.iter().filter(|a| a.ticket.is_none()).count();
    assert!(
        free >= 1 && free < c.attractions.len(),
        "mix free and ticketed attractions"
    );
}

#[test]
fn the_english_filter_returns_only_schools_teaching_in_english() {
    let c = catalog();
    let filter = SchoolFilter {
        english: true,
        ..SchoolFilter::default()
    };
    let hits = filter.apply(&c.schools, Lang::En, date("2026-12-01"));
    assert!(!hits.is_empty());
    assert!(hits.len() < c.schools.len());
    assert!(hits.iter().all(|s| s.english_instruction));
    let english = c.schools.iter().filter(|s| s.english_instruction).count();
    assert_eq!(hits.len(), english);
}

#[test]
fn a_daily_budget_keeps_schools_with_a_cheap_enough_programme_cheapest_first() {
    let c = catalog();
    let max = yuan(220);
    let filter = SchoolFilter {
        max_per_day: Some(max),
        sort: Sort::PriceLow,
        ..SchoolFilter::default()
    };
    let hits = filter.apply(&c.schools, Lang::Zh, date("2026-12-01"));
    assert!(hits.len() >= 2, "{} hits", hits.len());
    assert!(hits.len() < c.schools.len());
    for s in &hits {
        assert!(
            s.programs.iter().any(|p| p.price_per_day() <= max),
            "{} is too dear",
            s.slug
        );
    }
    for s in c
        .schools
        .iter()
        .filter(|s| !hits.iter().any(|h| h.slug == s.slug))
    {
        assert!(
            s.programs.iter().all(|p| p.price_per_day() > max),
            "{} was left out",
            s.slug
        );
    }
    let prices: Vec<Money> = hits
        .iter()
        .map(|s| filter.best_per_day(s).expect("a hit"))
        .collect();
    assert!(
        prices.windows(2).all(|w| w[0] <= w[1]),
        "not cheapest first: {prices:?}"
    );
}

#[test]
fn the_board_and_lodging_filter_returns_schools_that_house_and_feed_students() {
    let c = catalog();
    let filter = SchoolFilter {
        board_lodging: true,
        ..SchoolFilter::default()
    };
    let hits = filter.apply(&c.schools, Lang::En, date("2026-12-01"));
    assert!(!hits.is_empty() && hits.len() < c.schools.len());
    for s in &hits {
        assert!(
            s.programs
                .iter()
                .any(|p| p.includes_board && p.includes_lodging),
            "{}",
            s.slug
        );
    }
    // Recommended order puts featured schools first.
    let first_plain = hits.iter().position(|s| !s.featured).unwrap_or(hits.len());
    assert!(hits[first_plain..].iter().all(|s| !s.featured));
}

#[test]
fn a_lodging_search_for_four_guests_returns_only_houses_with_a_room_for_four() {
    let c = catalog();
    let filter = LodgingFilter {
        guests: Some(4),
        ..LodgingFilter::default()
    };
    let hits = filter.apply(&c.lodgings, Lang::En);
    assert!(!hits.is_empty() && hits.len() < c.lodgings.len());
    for l in &hits {
        assert!(l.rooms.iter().any(|r| r.max_guests >= 4), "{}", l.slug);
    }
    let roomy = c.lodgings.iter().filter(|l| l.max_guests() >= 4).count();
    assert_eq!(hits.len(), roomy);
}

#[test]
fn a_short_walk_filter_keeps_lodgings_near_the_training_grounds() {
    let c = catalog();
    let filter = LodgingFilter {
        max_walk: Some(10),
        sort: Sort::PriceLow,
        ..LodgingFilter::default()
    };
    let hits = filter.apply(&c.lodgings, Lang::En);
    assert!(!hits.is_empty() && hits.len() < c.lodgings.len());
    assert!(hits.iter().all(|l| l.location.walk_minutes <= 10));
    let prices: Vec<Money> = hits.iter().map(|l| l.from_price()).collect();
    assert!(
        prices.windows(2).all(|w| w[0] <= w[1]),
        "not cheapest first: {prices:?}"
    );
}

#[test]
fn a_filter_that_matches_nothing_returns_an_empty_list() {
    let c = catalog();
    let schools = SchoolFilter {
        max_per_day: Some(Money(1)),
        ..SchoolFilter::default()
    };
    assert!(schools
        .apply(&c.schools, Lang::En, date("2026-12-01"))
        .is_empty());
    let lodgings = LodgingFilter {
        guests: Some(20),
        ..LodgingFilter::default()
    };
    assert!(lodgings.apply(&c.lodgings, Lang::Zh).is_empty());
}

#[test]
fn an_unknown_field_fails_to_parse_so_typos_cannot_hide_in_the_data() {
    let good = r#"{"id": "x-1", "start": "2027-01-01", "capacity": 8, "booked": 2}"#;
    let session: Session = serde_json::from_str(good).expect("a valid session");
    assert_eq!(session.places_left(), 6);
    let typo = r#"{"id": "x-1", "start": "2027-01-01", "capacity": 8, "bookd": 2}"#;
    let err = serde_json::from_str::<Session>(typo).expect_err("a misspelt field is refused");
    assert!(err.to_string().contains("bookd"), "{err}");
    let extra_language = r#"{"zh": "陈家沟", "en": "Chenjiagou", "fr": "Chenjiagou"}"#;
    assert!(serde_json::from_str::<model::Localized>(extra_language).is_err());
}

#[test]
fn a_school_with_every_session_full_ranks_below_the_open_ones_in_any_order() {
    let mut c = catalog().clone();
    let today = date("2026-12-01");
    // The sessions the series offer, as the store or the static site has them.
    model::schedule::expand_series(&mut c.schools, today);
    let featured = c
        .schools
        .iter()
        .position(|s| s.featured)
        .expect("a featured school");
    for p in &mut c.schools[featured].programs {
        for s in &mut p.sessions {
            s.booked = s.capacity;
        }
    }
    let full_slug = c.schools[featured].slug.clone();
    assert_eq!(c.schools[featured].next_open(today), None);
    for sort in Sort::ALL {
        let filter = SchoolFilter {
            sort,
            ..SchoolFilter::default()
        };
        let hits = filter.apply(&c.schools, Lang::En, today);
        assert_eq!(
            hits.last().map(|s| s.slug.as_str()),
            Some(full_slug.as_str()),
            "{sort:?}"
        );
        assert!(hits[..hits.len() - 1]
            .iter()
            .all(|s| s.next_open(today).is_some()));
    }
}

#[test]
fn every_project_figure_comes_from_the_sample_ledger() {
    let c = catalog();
    let head = model::ledger::verify_chain(&c.ledger).expect("the sample ledger is a sealed chain");
    assert_ne!(
        head,
        model::ledger::GENESIS_HASH,
        "the history is in the ledger"
    );
    let mut recomputed = c.projects.clone();
    model::ledger::fill_projects(&mut recomputed, &c.ledger);
    for (stated, ledger) in c.projects.iter().zip(&recomputed) {
        assert_eq!(
            (stated.raised, stated.donors, stated.spent),
            (ledger.raised, ledger.donors, ledger.spent),
            "{}",
            stated.slug
        );
        assert!(
            ledger.donors > 0 && ledger.spent <= ledger.raised,
            "{}",
            stated.slug
        );
    }
    // The history happened before the sample's today, in the order it was recorded.
    assert!(c
        .ledger
        .windows(2)
        .all(|w| w[0].recorded_at < w[1].recorded_at));
    assert!(c.ledger.iter().all(|e| e.date <= date("2026-12-01")));
}

/// The minutes a listing's own words give (English "five minutes' walk", Chinese "步行五分钟"),
/// if any.
fn minutes_in_text(text: &Localized) -> Vec<u16> {
    const EN: [&str; 20] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    const ZH: [char; 10] = ['一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];
    let mut found = Vec::new();
    let words: Vec<&str> = text.en.split_whitespace().collect();
    for w in words.windows(2) {
        if w[1].starts_with("minute") {
            let n = w[0].to_lowercase();
            if let Some(i) = EN.iter().position(|e| *e == n) {
                found.push(i as u16 + 1);
            } else if let Ok(n) = n.parse() {
                found.push(n);
            }
        }
    }
    let zh: Vec<char> = text.zh.chars().collect();
    for (i, _) in text.zh.match_indices("分钟") {
        let at = text.zh[..i].chars().count();
        let Some(j) = at.checked_sub(1) else { continue };
        if let Some(d) = ZH.iter().position(|c| *c == zh[j]) {
            // "十五" is fifteen, "五" five.
            let tens = if j > 0 && zh[j - 1] == '十' { 10 } else { 0 };
            found.push(tens + d as u16 + 1);
        }
    }
    found
}

#[test]
fn a_listings_walk_in_words_is_the_walk_its_card_shows() {
    let c = catalog();
    let texts = c
        .lodgings
        .iter()
        .map(|l| (&l.slug, l.location.walk_minutes, [&l.summary, &l.story]))
        .chain(
            c.schools
                .iter()
                .map(|s| (&s.slug, s.location.walk_minutes, [&s.summary, &s.story])),
        );
    let mut checked = 0;
    for (slug, walk, texts) in texts {
        for minutes in texts.into_iter().flat_map(minutes_in_text) {
            assert_eq!(minutes, walk, "{slug}: the text says {minutes} min");
            checked += 1;
        }
    }
    assert!(checked >= 2, "the check found the walks the texts give");
}

#[test]
fn the_address_picker_lists_wen_county_under_jiaozuo_in_henan() {
    let path = public_dir().join("regions/cn-areas.json");
    let text = fs::read_to_string(&path).expect("scripts/regions.mjs wrote the region list");
    let regions: model::region::Regions = serde_json::from_str(&text).expect("a region list");
    assert!(
        regions.source.starts_with("@vant/area-data "),
        "{}",
        regions.source
    );
    assert_eq!(regions.provinces().len(), 34);
    let label = |areas: Vec<&model::region::Area>, name: &str| {
        areas
            .into_iter()
            .find(|a| a.name() == name)
            .map(|a| a.label(model::Lang::En))
    };
    assert_eq!(
        label(regions.cities("河南省"), "焦作市").as_deref(),
        Some("Jiaozuo 焦作市")
    );
    assert_eq!(
        label(regions.districts("河南省", "焦作市"), "温县").as_deref(),
        Some("Wen County 温县")
    );
    assert!(label(regions.districts("北京市", "北京市"), "海淀区").is_some());
    // Every division has an English name, and every province is priced by its own
    // shipping zone, not by the fallback.
    let all = [&regions.provinces, &regions.cities, &regions.districts];
    for area in all.into_iter().flatten() {
        assert!(!area.2.is_empty(), "{} has no English name", area.1);
    }
    for p in regions.provinces() {
        assert!(
            model::shipping::knows(p.name()),
            "{} has no shipping zone",
            p.name()
        );
    }
}

#[test]
fn clothes_and_shoes_are_chosen_by_size_and_colour_with_a_size_chart() {
    let c = catalog();
    for p in c
        .products
        .iter()
        .filter(|p| matches!(p.category, Category::TaiChiWear | Category::Shoes))
    {
        assert!(p.has_size_or_colour(), "{}", p.slug);
        let sized = !p.sizes().is_empty();
        assert_eq!(
            sized,
            !p.size_chart.is_empty(),
            "{}: sizes and a chart go together",
            p.slug
        );
        assert!(p
            .size_chart
            .iter()
            .all(|row| p.sizes().contains(&&row.size)));
    }
    let cotton = c
        .products
        .iter()
        .find(|p| p.slug == "cotton-tai-chi-uniform")
        .unwrap();
    assert_eq!((cotton.sizes().len(), cotton.colours().len()), (5, 2));
    let fits = model::sizing::by_body(&cotton.size_chart, 170, 62).unwrap();
    assert_eq!(fits.size.en, "M");
    let shoes = c
        .products
        .iter()
        .find(|p| p.slug == "cloth-practice-shoes")
        .unwrap();
    assert_eq!(
        model::sizing::by_foot(&shoes.size_chart, 252)
            .unwrap()
            .size
            .en,
        "EU 41"
    );
}

#[test]
fn directions_lead_from_zhengzhou_and_jiaozuo_to_the_village_in_both_languages() {
    let path = public_dir().join("travel/directions.json");
    let text = fs::read_to_string(&path).expect("public/travel/directions.json");
    let d: model::travel::Directions = serde_json::from_str(&text).expect("directions");
    let starts: Vec<&str> = d
        .routes
        .iter()
        .map(|r| r.steps[0].from.en.as_str())
        .collect();
    assert!(
        starts.iter().any(|s| s.starts_with("Zhengzhou")),
        "{starts:?}"
    );
    assert!(
        starts.iter().any(|s| s.starts_with("Jiaozuo")),
        "{starts:?}"
    );
    for r in &d.routes {
        assert!(!r.title.has_blank(), "{}", r.title.en);
        assert!(
            r.steps.last().unwrap().to.zh.contains("陈家沟"),
            "{}",
            r.title.en
        );
        for pair in r.steps.windows(2) {
            assert!(
                pair[1]
                    .from
                    .en
                    .starts_with(pair[0].to.en.split(" (").next().unwrap()),
                "{}: a step starts where the one before ended",
                r.title.en
            );
        }
        for s in &r.steps {
            assert!(![&s.from, &s.to, &s.service, &s.times]
                .iter()
                .any(|t| t.has_blank()));
            assert!(s.minutes > 0 && s.minutes <= 180);
        }
        assert!(r.minutes() >= 60 && r.minutes() <= 180, "{}", r.title.en);
    }
    assert!(
        d.routes
            .iter()
            .flat_map(|r| &r.steps)
            .any(|s| s.check_locally),
        "unconfirmed timetables say so"
    );
}

/// A seller's new variant, checked against a real sample product.
mod new_variants {
    use super::*;
    use model::problem::Problem;
    use model::staff::VariantRequest;

    fn product(slug: &str) -> Product {
        catalog().product(slug).cloned().expect("sample product")
    }

    fn problem(errors: &model::problem::FieldErrors, field: &str) -> Option<Problem> {
        errors.get(field).and_then(|p| p.first().cloned())
    }

    #[test]
    fn a_uniform_gets_a_new_colour_by_size_and_colour_with_a_label_and_sku_made_for_it() {
        let silk = product("silk-tai-chi-uniform");
        let v = VariantRequest {
            size: Some(Localized::new("XXL", "XXL")),
            colour: Some(Localized::new(" 红色 ", "red")),
            price: yuan(880),
            stock: 3,
            ..Default::default()
        }
        .variant(&silk, None)
        .expect("valid");
        assert_eq!(v.label, Localized::new("XXL · 红色", "XXL · red"));
        assert_eq!(v.sku, "SILK-TAI-CHI-UNIFORM-XXL-RED");
        assert!(!v.retired);
    }

    #[test]
    fn a_size_and_colour_already_made_or_a_missing_colour_is_refused() {
        let silk = product("silk-tai-chi-uniform");
        let existing = silk.variants[0].clone();
        let again = VariantRequest {
            size: existing.size.clone(),
            colour: existing.colour.clone(),
            price: yuan(880),
            stock: 1,
            ..Default::default()
        };
        let errors = again.clone().variant(&silk, None).unwrap_err();
        assert_eq!(problem(&errors, "size"), Some(Problem::AlreadyExists {}));
        // Editing that same variant is no clash with itself.
        assert!(again.variant(&silk, Some(&existing.sku)).is_ok());
        let no_colour = VariantRequest {
            size: Some(Localized::new("XXXL", "XXXL")),
            price: yuan(880),
            ..Default::default()
        };
        let errors = no_colour.variant(&silk, None).unwrap_err();
        assert_eq!(problem(&errors, "colour.en"), Some(Problem::Required {}));
    }

    #[test]
    fn goods_without_sizes_need_a_label_in_both_languages_a_price_and_a_sane_stock() {
        let snack = catalog()
            .products
            .iter()
            .find(|p| !p.has_size_or_colour())
            .cloned()
            .expect("a product without sizes");
        let errors = VariantRequest {
            label: Some(Localized::new("", "Family pack")),
            price: Money(0),
            stock: model::staff::STOCK_MAX + 1,
            ..Default::default()
        }
        .variant(&snack, None)
        .unwrap_err();
        assert_eq!(problem(&errors, "label.zh"), Some(Problem::Required {}));
        assert!(matches!(
            problem(&errors, "price"),
            Some(Problem::AmountOutOfRange { .. })
        ));
        assert!(matches!(
            problem(&errors, "stock"),
            Some(Problem::OutOfRange { .. })
        ));
        let errors = VariantRequest {
            label: Some(Localized::new("x", "x")),
            size: Some(Localized::new("M", "M")),
            price: yuan(10),
            ..Default::default()
        }
        .variant(&snack, None)
        .unwrap_err();
        assert_eq!(problem(&errors, "size"), Some(Problem::NotForThisKind {}));
        let same_label = VariantRequest {
            label: Some(snack.variants[0].label.clone()),
            price: yuan(10),
            ..Default::default()
        };
        let errors = same_label.variant(&snack, None).unwrap_err();
        assert_eq!(problem(&errors, "label"), Some(Problem::AlreadyExists {}));
    }
}

/// A host's new or changed room, checked against a real sample lodging.
mod new_rooms {
    use super::*;
    use model::problem::Problem;
    use model::staff::RoomRequest;

    fn lodging() -> Lodging {
        catalog().lodgings[0].clone()
    }

    fn family_room() -> RoomRequest {
        RoomRequest {
            name: Localized::new("阁楼房", "Loft room"),
            beds: Localized::new("一张大床、两张单人床", "1 double and 2 single beds"),
            base_guests: 2,
            max_guests: 4,
            nightly: yuan(260),
            extra_person: yuan(40),
        }
    }

    #[test]
    fn a_room_is_added_under_an_id_made_from_its_name_and_edited_in_place() {
        let l = lodging();
        let room = family_room().room(&l, None).expect("valid");
        assert!(room.id.starts_with("loft-room"), "{}", room.id);
        assert!(l.rooms.iter().all(|r| r.id != room.id));
        let first = &l.rooms[0];
        let same_name = RoomRequest {
            name: first.name.clone(),
            ..family_room()
        };
        assert!(
            same_name.clone().room(&l, Some(&first.id)).is_ok(),
            "its own name"
        );
        let errors = same_name.room(&l, None).unwrap_err();
        assert_eq!(errors.get("name"), Some(&[Problem::AlreadyExists {}][..]));
    }

    #[test]
    fn no_room_without_beds_guests_or_a_price() {
        let errors = RoomRequest {
            beds: Localized::new("", ""),
            base_guests: 3,
            max_guests: 2,
            nightly: Money(0),
            extra_person: Money(-1),
            ..family_room()
        }
        .room(&lodging(), None)
        .unwrap_err();
        for field in [
            "beds.zh",
            "beds.en",
            "base_guests",
            "nightly",
            "extra_person",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
        let errors = RoomRequest {
            max_guests: 0,
            ..family_room()
        }
        .room(&lodging(), None)
        .unwrap_err();
        assert!(errors.get("max_guests").is_some());
    }
}

#[test]
fn every_section_shows_a_photo_and_every_copy_of_it_ships_in_public_media() {
    use model::photo::{copy_name, CopyFormat};
    let c = catalog();
    let sections = [
        ("schools", c.schools.iter().any(|l| !l.photos.is_empty())),
        ("lodgings", c.lodgings.iter().any(|l| !l.photos.is_empty())),
        ("products", c.products.iter().any(|l| !l.photos.is_empty())),
        ("projects", c.projects.iter().any(|l| !l.photos.is_empty())),
    ];
    for (section, has) in sections {
        assert!(has, "no {section} listing has a photo");
    }
    let media = data_dir().parent().expect("public/").join("media");
    let mut named = BTreeSet::new();
    for photo in c.photos() {
        assert!(
            !photo.alt.has_blank(),
            "photo {} has no alt text in both languages",
            photo.id
        );
        for width in photo.widths() {
            for format in [CopyFormat::Webp, CopyFormat::Jpeg] {
                named.insert(copy_name(&photo.id, width, format));
            }
        }
    }
    let on_disk: BTreeSet<String> = fs::read_dir(&media)
        .expect("public/media exists")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        on_disk, named,
        "public/media holds exactly the copies the data names"
    );
}

#[test]
fn every_ticket_says_when_to_arrive() {
    let c = catalog();
    for s in &c.schools {
        let a = s
            .arrival
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no first-day time", s.slug));
        assert!(a.meet.is_some(), "{}: no meeting place", s.slug);
    }
    for l in &c.lodgings {
        let a = l
            .arrival
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no check-in time", l.slug));
        let leave = a
            .leave_by
            .unwrap_or_else(|| panic!("{}: no check-out time", l.slug));
        // Check-out comes before the next guest's check-in on the same day.
        assert!(
            leave <= a.at,
            "{}: check-out {leave} after check-in {}",
            l.slug,
            a.at
        );
    }
}
