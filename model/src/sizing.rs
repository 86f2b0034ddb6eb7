//! Sizes and colours of clothes and shoes: two choices instead of one chip per combination,
//! and a size chart that turns height and weight (or foot length) into a size.
use serde::{Deserialize, Serialize};

use crate::listing::{Product, Variant};
use crate::text::Localized;

/// One size of a chart: the body or foot it fits, each as `[min, max]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SizeRow {
    /// A size the product's variants have.
    pub size: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height_cm: Option<[u16; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_kg: Option<[u16; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foot_mm: Option<[u16; 2]>,
}

/// The smallest size of `chart` (smallest first) whose height and weight both reach the
/// buyer's: someone tall for their weight, or heavy for their height, takes the larger size.
/// `None` when the buyer is beyond the largest size.
pub fn by_body(chart: &[SizeRow], height_cm: u16, weight_kg: u16) -> Option<&SizeRow> {
    chart
        .iter()
        .find(|row| match (row.height_cm, row.weight_kg) {
            (Some([_, h]), Some([_, w])) => height_cm <= h && weight_kg <= w,
            _ => false,
        })
}

/// The smallest shoe size whose foot length reaches the buyer's.
pub fn by_foot(chart: &[SizeRow], foot_mm: u16) -> Option<&SizeRow> {
    chart
        .iter()
        .find(|row| row.foot_mm.is_some_and(|[_, max]| foot_mm <= max))
}

fn distinct<'a>(values: impl Iterator<Item = Option<&'a Localized>>) -> Vec<&'a Localized> {
    let mut out: Vec<&Localized> = Vec::new();
    for v in values.flatten() {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

impl Product {
    /// The sizes its variants come in, in the data's order.
    pub fn sizes(&self) -> Vec<&Localized> {
        distinct(self.variants.iter().map(|v| v.size.as_ref()))
    }

    /// The colours its variants come in, in the data's order.
    pub fn colours(&self) -> Vec<&Localized> {
        distinct(self.variants.iter().map(|v| v.colour.as_ref()))
    }

    /// The variant of this size and colour (either `None` when the product has none).
    pub fn variant_of(
        &self,
        size: Option<&Localized>,
        colour: Option<&Localized>,
    ) -> Option<usize> {
        self.variants
            .iter()
            .position(|v| v.size.as_ref() == size && v.colour.as_ref() == colour)
    }

    /// True when the buyer chooses a size and/or a colour rather than one variant by label.
    pub fn has_size_or_colour(&self) -> bool {
        self.variants
            .iter()
            .any(|v| v.size.is_some() || v.colour.is_some())
    }
}

/// What is wrong with a product's sizes, colours and chart, for the catalogue check.
pub fn problems(p: &Product) -> Vec<String> {
    let mut out = Vec::new();
    if p.has_size_or_colour() {
        let shape = |v: &Variant| (v.size.is_some(), v.colour.is_some());
        if p.variants.iter().any(|v| shape(v) != shape(&p.variants[0])) {
            out.push(format!(
                "product {}: some variants lack a size or colour",
                p.slug
            ));
        }
        for (i, v) in p.variants.iter().enumerate() {
            if p.variant_of(v.size.as_ref(), v.colour.as_ref()) != Some(i) {
                out.push(format!(
                    "product {}: {} repeats a size and colour",
                    p.slug, v.sku
                ));
            }
        }
    }
    let sizes = p.sizes();
    for row in &p.size_chart {
        if !sizes.contains(&&row.size) {
            out.push(format!(
                "product {}: the size chart's {} is not sold",
                p.slug, row.size.en
            ));
        }
        let ranges = [row.height_cm, row.weight_kg, row.foot_mm];
        if ranges.iter().flatten().any(|[lo, hi]| lo >= hi) || ranges.iter().all(Option::is_none) {
            out.push(format!(
                "product {}: size {} has no sensible range",
                p.slug, row.size.en
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(size: &str, h: [u16; 2], w: [u16; 2]) -> SizeRow {
        SizeRow {
            size: Localized::new(size, size),
            height_cm: Some(h),
            weight_kg: Some(w),
            foot_mm: None,
        }
    }

    fn chart() -> Vec<SizeRow> {
        vec![
            row("S", [155, 165], [45, 55]),
            row("M", [165, 172], [55, 65]),
            row("L", [172, 178], [65, 75]),
        ]
    }

    #[test]
    fn the_size_fits_both_height_and_weight() {
        let c = chart();
        let size = |h, w| by_body(&c, h, w).map(|r| r.size.en.as_str());
        assert_eq!(size(168, 60), Some("M"));
        assert_eq!(
            size(168, 70),
            Some("L"),
            "heavy for the height: the larger size"
        );
        assert_eq!(
            size(176, 50),
            Some("L"),
            "tall for the weight: the larger size"
        );
        assert_eq!(
            size(150, 40),
            Some("S"),
            "smaller than the smallest: the smallest"
        );
        assert_eq!(size(190, 70), None, "beyond the largest");
    }

    #[test]
    fn a_shoe_size_fits_the_foot_length() {
        let shoes: Vec<SizeRow> = [(40, [245, 250]), (41, [250, 255])]
            .into_iter()
            .map(|(n, mm)| SizeRow {
                size: Localized::new(format!("{n}码"), format!("EU {n}")),
                height_cm: None,
                weight_kg: None,
                foot_mm: Some(mm),
            })
            .collect();
        assert_eq!(by_foot(&shoes, 248).unwrap().size.en, "EU 40");
        assert_eq!(by_foot(&shoes, 251).unwrap().size.en, "EU 41");
        assert!(by_foot(&shoes, 262).is_none());
        assert!(
            by_body(&shoes, 170, 60).is_none(),
            "a shoe chart has no body sizes"
        );
    }
}
