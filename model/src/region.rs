//! China's provinces, cities and districts for the address picker, as
//! `public/regions/cn-areas.json` lists them (GB/T 2260 codes: a city shares its province's
//! first two digits, a district its city's first four).
use serde::Deserialize;

use crate::Lang;

/// One division: its code, its Chinese name (what an address writes and a courier reads) and
/// an English name for a visitor who reads no Chinese.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Area(pub String, pub String, #[serde(default)] pub String);

impl Area {
    pub fn name(&self) -> &str {
        &self.1
    }

    /// How the picker shows it: the Chinese name, with the English one first in English
    /// ("Wen County 温县"), so that the choice can be matched to the sign and the courier's slip.
    pub fn label(&self, lang: Lang) -> String {
        match lang {
            Lang::En if !self.2.is_empty() => format!("{} {}", self.2, self.1),
            _ => self.1.clone(),
        }
    }
}

/// Every province-, city- and district-level division.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Regions {
    /// Where the list comes from, with its version.
    pub source: String,
    pub provinces: Vec<Area>,
    pub cities: Vec<Area>,
    pub districts: Vec<Area>,
}

fn code_of<'a>(list: &'a [Area], name: &str) -> Option<&'a str> {
    list.iter().find(|a| a.1 == name).map(|a| a.0.as_str())
}

fn under<'a>(list: &'a [Area], prefix: Option<&str>) -> Vec<&'a Area> {
    match prefix {
        Some(prefix) => list.iter().filter(|a| a.0.starts_with(prefix)).collect(),
        None => Vec::new(),
    }
}

impl Regions {
    /// The provinces, in code order (north to south-west, as Chinese forms list them).
    pub fn provinces(&self) -> Vec<&Area> {
        self.provinces.iter().collect()
    }

    /// The cities of the province named `province`; none for a name it does not know.
    pub fn cities(&self, province: &str) -> Vec<&Area> {
        let code = code_of(&self.provinces, province);
        under(&self.cities, code.and_then(|c| c.get(..2)))
    }

    /// The districts (区/县) of `city` in `province`.
    pub fn districts(&self, province: &str, city: &str) -> Vec<&Area> {
        let province = code_of(&self.provinces, province).and_then(|c| c.get(..2));
        let city = self
            .cities
            .iter()
            .find(|a| a.1 == city && province.is_some_and(|p| a.0.starts_with(p)))
            .and_then(|a| a.0.get(..4));
        under(&self.districts, city)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(code: &str, name: &str) -> Area {
        Area(code.into(), name.into(), String::new())
    }

    fn names(areas: Vec<&Area>) -> Vec<&str> {
        areas.into_iter().map(Area::name).collect()
    }

    fn sample() -> Regions {
        Regions {
            source: "test".into(),
            provinces: vec![pair("410000", "河南省"), pair("420000", "湖北省")],
            cities: vec![
                pair("410100", "郑州市"),
                pair("410800", "焦作市"),
                pair("420100", "武汉市"),
            ],
            districts: vec![
                pair("410102", "中原区"),
                pair("410821", "修武县"),
                pair("410825", "温县"),
                pair("420102", "江岸区"),
            ],
        }
    }

    #[test]
    fn a_province_lists_its_own_cities_and_a_city_its_own_districts() {
        let r = sample();
        assert_eq!(names(r.provinces()), ["河南省", "湖北省"]);
        assert_eq!(names(r.cities("河南省")), ["郑州市", "焦作市"]);
        assert_eq!(names(r.districts("河南省", "焦作市")), ["修武县", "温县"]);
        assert_eq!(names(r.districts("湖北省", "武汉市")), ["江岸区"]);
    }

    #[test]
    fn english_shows_both_names_and_an_area_without_one_its_chinese() {
        let wen = Area("410825".into(), "温县".into(), "Wen County".into());
        assert_eq!(wen.label(Lang::En), "Wen County 温县");
        assert_eq!(wen.label(Lang::Zh), "温县");
        assert_eq!(pair("410825", "温县").label(Lang::En), "温县");
        let read: Area = serde_json::from_str(r#"["410825","温县"]"#).unwrap();
        assert_eq!(read.name(), "温县");
    }

    #[test]
    fn unknown_or_mismatched_names_list_nothing() {
        let r = sample();
        assert!(r.cities("Atlantis").is_empty());
        assert!(r.districts("湖北省", "焦作市").is_empty());
        assert!(r.districts("河南省", "").is_empty());
    }
}
