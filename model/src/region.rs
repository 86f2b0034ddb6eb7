//! China's provinces, cities and districts for the address picker, as
//! `public/regions/cn-areas.json` lists them (GB/T 2260 codes: a city shares its province's
//! first two digits, a district its city's first four).
use serde::Deserialize;

/// Every province-, city- and district-level division, as (code, name).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Regions {
    /// Where the list comes from, with its version.
    pub source: String,
    pub provinces: Vec<(String, String)>,
    pub cities: Vec<(String, String)>,
    pub districts: Vec<(String, String)>,
}

fn code_of<'a>(list: &'a [(String, String)], name: &str) -> Option<&'a str> {
    list.iter()
        .find(|(_, n)| n == name)
        .map(|(code, _)| code.as_str())
}

fn names_under<'a>(list: &'a [(String, String)], prefix: Option<&str>) -> Vec<&'a str> {
    match prefix {
        Some(prefix) => list
            .iter()
            .filter(|(code, _)| code.starts_with(prefix))
            .map(|(_, name)| name.as_str())
            .collect(),
        None => Vec::new(),
    }
}

impl Regions {
    /// Province names, in code order (north to south-west, as Chinese forms list them).
    pub fn provinces(&self) -> Vec<&str> {
        self.provinces.iter().map(|(_, n)| n.as_str()).collect()
    }

    /// The cities of the province named `province`; none for a name it does not know.
    pub fn cities(&self, province: &str) -> Vec<&str> {
        let code = code_of(&self.provinces, province);
        names_under(&self.cities, code.and_then(|c| c.get(..2)))
    }

    /// The districts (区/县) of `city` in `province`.
    pub fn districts(&self, province: &str, city: &str) -> Vec<&str> {
        let province = code_of(&self.provinces, province).and_then(|c| c.get(..2));
        let city = self
            .cities
            .iter()
            .find(|(code, n)| n == city && province.is_some_and(|p| code.starts_with(p)))
            .and_then(|(code, _)| code.get(..4));
        names_under(&self.districts, city)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(code: &str, name: &str) -> (String, String) {
        (code.into(), name.into())
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
        assert_eq!(r.provinces(), ["河南省", "湖北省"]);
        assert_eq!(r.cities("河南省"), ["郑州市", "焦作市"]);
        assert_eq!(r.districts("河南省", "焦作市"), ["修武县", "温县"]);
        assert_eq!(r.districts("湖北省", "武汉市"), ["江岸区"]);
    }

    #[test]
    fn unknown_or_mismatched_names_list_nothing() {
        let r = sample();
        assert!(r.cities("Atlantis").is_empty());
        assert!(r.districts("湖北省", "焦作市").is_empty());
        assert!(r.districts("河南省", "").is_empty());
    }
}
