//! The whole listing data set and the checks that hold it together.
use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::ledger::{mismatched_projects, verify_chain, LedgerEntry};
use crate::listing::*;

/// Every listing the portal shows, as loaded from `public/data/*.json` or the database.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub schools: Vec<School>,
    pub lodgings: Vec<Lodging>,
    pub products: Vec<Product>,
    pub batches: Vec<Batch>,
    pub attractions: Vec<Attraction>,
    pub events: Vec<Event>,
    pub projects: Vec<Project>,
    /// The donation ledger's history, sealed: seeded into the store's chain at first start,
    /// read as it is by a static copy of the site.
    #[serde(default)]
    pub ledger: Vec<LedgerEntry>,
}

/// The data files, each an array of one collection, named as the collection.
pub const DATA_FILES: [&str; 8] = [
    "schools",
    "lodgings",
    "products",
    "batches",
    "attractions",
    "events",
    "projects",
    "ledger",
];

/// What is wrong with a data set; each message names the listing.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("catalog is inconsistent:\n{}", .0.join("\n"))]
pub struct CatalogError(pub Vec<String>);

impl Catalog {
    /// Every photo of every school, lodging, product and project.
    pub fn photos(&self) -> Vec<crate::photo::Photo> {
        let schools = self.schools.iter().flat_map(|l| &l.photos);
        let lodgings = self.lodgings.iter().flat_map(|l| &l.photos);
        let products = self.products.iter().flat_map(|l| &l.photos);
        let projects = self.projects.iter().flat_map(|l| &l.photos);
        schools
            .chain(lodgings)
            .chain(products)
            .chain(projects)
            .cloned()
            .collect()
    }

    /// Checks slugs, cross-references, map pins, prices and bilingual text.
    pub fn validate(&self) -> Result<(), CatalogError> {
        let mut problems = Vec::new();
        let mut p = |msg: String| problems.push(msg);
        check_unique("school", self.schools.iter().map(|s| &s.slug), &mut p);
        check_unique("lodging", self.lodgings.iter().map(|s| &s.slug), &mut p);
        check_unique("product", self.products.iter().map(|s| &s.slug), &mut p);
        check_unique("batch", self.batches.iter().map(|s| &s.id), &mut p);
        check_unique(
            "attraction",
            self.attractions.iter().map(|s| &s.slug),
            &mut p,
        );
        check_unique("event", self.events.iter().map(|s| &s.slug), &mut p);
        check_unique("project", self.projects.iter().map(|s| &s.slug), &mut p);
        let sessions = self
            .schools
            .iter()
            .flat_map(|s| &s.programs)
            .flat_map(|p| &p.sessions);
        check_unique("session", sessions.map(|s| &s.id), &mut p);
        let series = self
            .schools
            .iter()
            .flat_map(|s| &s.programs)
            .flat_map(|p| &p.series);
        check_unique("session series", series.map(|s| &s.id), &mut p);
        let skus = self.products.iter().flat_map(|p| &p.variants);
        check_unique("variant sku", skus.map(|v| &v.sku), &mut p);
        self.check_schools(&mut p);
        self.check_lodgings(&mut p);
        self.check_products(&mut p);
        self.check_places(&mut p);
        self.check_ledger(&mut p);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(CatalogError(problems))
        }
    }

    fn check_schools(&self, p: &mut impl FnMut(String)) {
        for s in &self.schools {
            check_slug(&s.slug, p);
            check_pin("school", &s.slug, &s.location, p);
            if s.programs.is_empty() {
                p(format!("school {}: no programmes", s.slug));
            }
            check_unique(
                &format!("programme of {}", s.slug),
                s.programs.iter().map(|p| &p.id),
                p,
            );
            for prog in &s.programs {
                if prog.days == 0 || prog.price_per_person.0 <= 0 {
                    p(format!(
                        "school {} programme {}: days and price must be positive",
                        s.slug, prog.id
                    ));
                }
                for series in &prog.series {
                    if series.capacity == 0 || series.every_days == 0 || series.count == Some(0) {
                        p(format!(
                            "series {}: capacity, days between sessions and count must be positive",
                            series.id
                        ));
                    }
                }
                for sess in &prog.sessions {
                    if sess.booked > sess.capacity || sess.capacity == 0 {
                        p(format!(
                            "session {}: booked {} of {}",
                            sess.id, sess.booked, sess.capacity
                        ));
                    }
                }
            }
            check_text(
                &format!("school {}", s.slug),
                [&s.name, &s.summary, &s.story, &s.lineage],
                p,
            );
        }
    }

    fn check_lodgings(&self, p: &mut impl FnMut(String)) {
        for l in &self.lodgings {
            check_slug(&l.slug, p);
            check_pin("lodging", &l.slug, &l.location, p);
            if l.rooms.is_empty() {
                p(format!("lodging {}: no rooms", l.slug));
            }
            check_unique(
                &format!("room of {}", l.slug),
                l.rooms.iter().map(|r| &r.id),
                p,
            );
            for r in &l.rooms {
                if r.base_guests == 0 || r.base_guests > r.max_guests || r.nightly.0 <= 0 {
                    p(format!(
                        "lodging {} room {}: guests or price out of range",
                        l.slug, r.id
                    ));
                }
            }
            check_text(
                &format!("lodging {}", l.slug),
                [&l.name, &l.summary, &l.story, &l.location.address],
                p,
            );
        }
    }

    fn check_products(&self, p: &mut impl FnMut(String)) {
        let batches: HashSet<&str> = self.batches.iter().map(|b| b.id.as_str()).collect();
        for prod in &self.products {
            check_slug(&prod.slug, p);
            if prod.variants.is_empty() {
                p(format!("product {}: no variants", prod.slug));
            } else {
                crate::sizing::problems(prod).into_iter().for_each(&mut *p);
            }
            if prod.variants.iter().any(|v| v.price.0 <= 0) {
                p(format!("product {}: a variant has no price", prod.slug));
            }
            if let Some(batch) = &prod.batch {
                if !batches.contains(batch.as_str()) {
                    p(format!("product {}: unknown batch {batch}", prod.slug));
                }
            }
            check_text(
                &format!("product {}", prod.slug),
                [&prod.name, &prod.summary, &prod.description, &prod.origin],
                p,
            );
        }
        for b in &self.batches {
            if !self.products.iter().any(|prod| prod.slug == b.product) {
                p(format!("batch {}: unknown product {}", b.id, b.product));
            }
            let in_order = b
                .stages
                .windows(2)
                .all(|w| w[0].date <= w[1].date && w[0].stage <= w[1].stage);
            if b.stages.is_empty() || !in_order {
                p(format!("batch {}: stages missing or out of order", b.id));
            }
        }
    }

    fn check_places(&self, p: &mut impl FnMut(String)) {
        let attractions: HashSet<&str> = self.attractions.iter().map(|a| a.slug.as_str()).collect();
        for a in &self.attractions {
            check_slug(&a.slug, p);
            check_pin("attraction", &a.slug, &a.location, p);
            check_text(
                &format!("attraction {}", a.slug),
                [&a.name, &a.summary, &a.description, &a.hours],
                p,
            );
        }
        for e in &self.events {
            check_slug(&e.slug, p);
            if e.end < e.start {
                p(format!("event {}: ends before it starts", e.slug));
            }
            if let Some(a) = &e.attraction {
                if !attractions.contains(a.as_str()) {
                    p(format!("event {}: unknown attraction {a}", e.slug));
                }
            }
            check_text(
                &format!("event {}", e.slug),
                [&e.name, &e.summary, &e.place],
                p,
            );
        }
        for pr in &self.projects {
            check_slug(&pr.slug, p);
            if pr.goal.0 <= 0 || pr.raised.0 < 0 {
                p(format!("project {}: goal must be positive", pr.slug));
            }
            check_text(
                &format!("project {}", pr.slug),
                [&pr.name, &pr.summary, &pr.description],
                p,
            );
        }
    }

    /// The ledger is a sealed chain about known projects, and every project's figures are
    /// what it adds up to.
    fn check_ledger(&self, p: &mut impl FnMut(String)) {
        if let Err(e) = verify_chain(&self.ledger) {
            p(format!("ledger: {e}"));
        }
        let slugs: HashSet<&str> = self.projects.iter().map(|x| x.slug.as_str()).collect();
        for e in &self.ledger {
            if !slugs.contains(e.project.as_str()) {
                p(format!(
                    "ledger entry {}: unknown project {}",
                    e.seq, e.project
                ));
            }
        }
        for problem in mismatched_projects(&self.projects, &self.ledger) {
            p(problem);
        }
    }

    /// The school with `slug`.
    pub fn school(&self, slug: &str) -> Option<&School> {
        self.schools.iter().find(|s| s.slug == slug)
    }

    /// The lodging with `slug`.
    pub fn lodging(&self, slug: &str) -> Option<&Lodging> {
        self.lodgings.iter().find(|s| s.slug == slug)
    }

    /// The product with `slug`.
    pub fn product(&self, slug: &str) -> Option<&Product> {
        self.products.iter().find(|s| s.slug == slug)
    }
}

/// A slug is lower-case ASCII letters, digits and single dashes: safe in a URL as it is.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 64
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_slug(slug: &str, p: &mut impl FnMut(String)) {
    if !is_valid_slug(slug) {
        p(format!("slug {slug:?} is not lower-case-with-dashes"));
    }
}

fn check_unique<'a>(what: &str, ids: impl Iterator<Item = &'a String>, p: &mut impl FnMut(String)) {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            p(format!("{what} {id:?} appears twice"));
        }
    }
}

fn check_pin(what: &str, slug: &str, loc: &Location, p: &mut impl FnMut(String)) {
    if !VILLAGE_MAP.contains(loc) {
        p(format!(
            "{what} {slug}: map pin ({}, {}) is off the map",
            loc.x, loc.y
        ));
    }
    // Chenjiagou lies near 34.9°N 113.1°E; anything far off is a typo.
    if !(34.5..35.5).contains(&loc.lat) || !(112.5..113.5).contains(&loc.lng) {
        p(format!(
            "{what} {slug}: coordinates {},{} are not near the village",
            loc.lat, loc.lng
        ));
    }
}

fn check_text<'a>(
    what: &str,
    texts: impl IntoIterator<Item = &'a crate::Localized>,
    p: &mut impl FnMut(String),
) {
    if texts.into_iter().any(|t| t.has_blank()) {
        p(format!("{what}: text missing in one language"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_single_dashes() {
        assert!(is_valid_slug("chen-family-hall"));
        assert!(is_valid_slug("school7"));
        for bad in ["", "Chen", "a--b", "-a", "a-", "a b", "陈家", "a/b"] {
            assert!(!is_valid_slug(bad), "{bad:?} accepted");
        }
    }

    #[test]
    fn empty_catalog_is_consistent() {
        assert_eq!(Catalog::default().validate(), Ok(()));
    }
}
