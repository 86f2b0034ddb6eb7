//! What posting an order from Chenjiagou (Wen County, Jiaozuo, Henan) costs and how long it
//! takes, by the province (and, for Jiaozuo, the city) it goes to. Fees are per parcel, as the
//! village's courier charges them; the days are an estimate, not a promise.
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// How far a parcel goes, as the courier prices it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// Jiaozuo city, Wen County's own: the local courier.
    Local,
    /// The rest of Henan.
    Henan,
    /// The provinces around Henan.
    Neighbour,
    /// The rest of mainland China.
    Mainland,
    /// Far west and north: Xinjiang, Tibet, Qinghai, Gansu, Ningxia, Inner Mongolia.
    Remote,
    /// Hong Kong, Macao and Taiwan: customs on the way.
    Outside,
}

/// A parcel's fee and its estimated days on the way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShippingQuote {
    pub zone: Zone,
    pub fee: Money,
    /// Fewest and most days on the way, usually; an estimate.
    pub days: (u8, u8),
}

/// Province-level divisions: the short Chinese name, the English name, the zone.
const PROVINCES: [(&str, &str, Zone); 34] = [
    ("河南", "Henan", Zone::Henan),
    ("河北", "Hebei", Zone::Neighbour),
    ("山西", "Shanxi", Zone::Neighbour),
    ("山东", "Shandong", Zone::Neighbour),
    ("安徽", "Anhui", Zone::Neighbour),
    ("湖北", "Hubei", Zone::Neighbour),
    ("陕西", "Shaanxi", Zone::Neighbour),
    ("北京", "Beijing", Zone::Mainland),
    ("天津", "Tianjin", Zone::Mainland),
    ("上海", "Shanghai", Zone::Mainland),
    ("重庆", "Chongqing", Zone::Mainland),
    ("江苏", "Jiangsu", Zone::Mainland),
    ("浙江", "Zhejiang", Zone::Mainland),
    ("江西", "Jiangxi", Zone::Mainland),
    ("福建", "Fujian", Zone::Mainland),
    ("湖南", "Hunan", Zone::Mainland),
    ("广东", "Guangdong", Zone::Mainland),
    ("广西", "Guangxi", Zone::Mainland),
    ("海南", "Hainan", Zone::Mainland),
    ("四川", "Sichuan", Zone::Mainland),
    ("贵州", "Guizhou", Zone::Mainland),
    ("云南", "Yunnan", Zone::Mainland),
    ("辽宁", "Liaoning", Zone::Mainland),
    ("吉林", "Jilin", Zone::Mainland),
    ("黑龙江", "Heilongjiang", Zone::Mainland),
    ("内蒙古", "Inner Mongolia", Zone::Remote),
    ("甘肃", "Gansu", Zone::Remote),
    ("宁夏", "Ningxia", Zone::Remote),
    ("青海", "Qinghai", Zone::Remote),
    ("西藏", "Tibet", Zone::Remote),
    ("新疆", "Xinjiang", Zone::Remote),
    ("香港", "Hong Kong", Zone::Outside),
    ("澳门", "Macao", Zone::Outside),
    ("台湾", "Taiwan", Zone::Outside),
];

/// The zone of a province named in Chinese ("河南省", "河南") or English ("Henan").
fn province_zone(province: &str) -> Option<Zone> {
    let p = province.trim();
    PROVINCES
        .iter()
        .find(|(zh, en, _)| {
            p.starts_with(zh)
                || p.get(..en.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(en))
        })
        .map(|(_, _, zone)| *zone)
}

/// True when `province` names a province this table prices itself.
pub fn knows(province: &str) -> bool {
    province_zone(province).is_some()
}

/// The zone of an address's province (and city, for the local courier). A province this
/// does not know is priced as the rest of the mainland.
pub fn zone_of(province: &str, city: &str) -> Zone {
    let found = province_zone(province).unwrap_or(Zone::Mainland);
    let city = city.trim();
    let jiaozuo = city.starts_with("焦作")
        || city
            .get(..7)
            .is_some_and(|head| head.eq_ignore_ascii_case("jiaozuo"));
    if found == Zone::Henan && jiaozuo {
        Zone::Local
    } else {
        found
    }
}

impl Zone {
    /// The fee and days for a parcel to this zone.
    pub fn quote(self) -> ShippingQuote {
        let (yuan, days) = match self {
            Zone::Local => (0, (1, 1)),
            Zone::Henan => (6, (1, 2)),
            Zone::Neighbour => (10, (2, 3)),
            Zone::Mainland => (12, (3, 5)),
            Zone::Remote => (22, (5, 8)),
            Zone::Outside => (60, (5, 10)),
        };
        ShippingQuote {
            zone: self,
            fee: Money::yuan(yuan),
            days,
        }
    }
}

/// The fee and estimated days for posting to `province`, `city`.
pub fn quote(province: &str, city: &str) -> ShippingQuote {
    zone_of(province, city).quote()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_grow_with_distance_from_wen_county() {
        let fee = |p: &str, c: &str| quote(p, c).fee;
        assert_eq!(fee("河南省", "焦作市"), Money(0));
        assert_eq!(fee("河南省", "郑州市"), Money::yuan(6));
        assert_eq!(fee("湖北省", "武汉市"), Money::yuan(10));
        assert_eq!(fee("广东省", "广州市"), Money::yuan(12));
        assert_eq!(fee("新疆维吾尔自治区", "乌鲁木齐市"), Money::yuan(22));
        assert_eq!(fee("香港特别行政区", "香港"), Money::yuan(60));
        let order = [
            quote("河南省", "焦作市"),
            quote("河南省", "洛阳市"),
            quote("山东省", "济南市"),
            quote("上海市", "上海市"),
            quote("西藏自治区", "拉萨市"),
        ];
        assert!(order
            .windows(2)
            .all(|w| w[0].fee < w[1].fee && w[0].days.1 <= w[1].days.1));
    }

    #[test]
    fn provinces_are_known_in_chinese_and_english_and_unknown_ones_cost_the_mainland_fee() {
        assert_eq!(zone_of("henan", "Jiaozuo"), Zone::Local);
        assert_eq!(zone_of(" Shaanxi ", "Xi'an"), Zone::Neighbour);
        assert_eq!(zone_of("Shanxi", "Taiyuan"), Zone::Neighbour);
        assert_eq!(zone_of("内蒙古自治区", "呼和浩特市"), Zone::Remote);
        assert_eq!(zone_of("Atlantis", ""), Zone::Mainland);
        assert_eq!(zone_of("", ""), Zone::Mainland);
        // Jiaozuo is local only in Henan.
        assert_eq!(zone_of("广东省", "焦作"), Zone::Mainland);
    }
}
