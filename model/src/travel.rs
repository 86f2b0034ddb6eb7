//! How to reach Chenjiagou without a car, as `public/travel/directions.json` lists it: routes
//! from Zhengzhou and Jiaozuo, step by step, both languages. Timetables change: a step whose
//! times were not confirmed says so ("check locally").
use serde::{Deserialize, Serialize};

use crate::listing::Location;
use crate::money::Money;
use crate::text::Localized;

/// Every route to the village.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directions {
    pub routes: Vec<Route>,
}

/// One way from a city to the village gate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// e.g. "From Zhengzhou by intercity train".
    pub title: Localized,
    pub steps: Vec<Step>,
}

/// How a step travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Train,
    Bus,
    Taxi,
    Walk,
}

/// One leg: where from and to (with the Chinese names a ticket office or driver knows), the
/// service, how often and how long, and roughly what it costs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub mode: Mode,
    pub from: Localized,
    pub to: Localized,
    /// The line or service, e.g. "Zhengzhou–Jiaozuo intercity railway (郑焦城际)".
    pub service: Localized,
    /// How often and when, e.g. "about every 30–60 minutes, 6:30–21:30".
    pub times: Localized,
    /// Usual minutes on the way.
    pub minutes: u16,
    /// Usual fare per person (a taxi: per car).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fare: Option<Money>,
    /// True when the times are not confirmed: the page says "check locally".
    #[serde(default)]
    pub check_locally: bool,
}

impl Route {
    /// Usual minutes from the first step's start to the village, without waiting.
    pub fn minutes(&self) -> u16 {
        self.steps.iter().map(|s| s.minutes).sum()
    }
}

/// Wen County's place in the country, before a village address: what a taxi driver from
/// Zhengzhou or Jiaozuo needs to hear.
pub const COUNTY_ZH: &str = "河南省焦作市温县";

impl Location {
    /// The full Chinese address for a driver: province, city and county, then the village's
    /// own address (unless it already starts with them).
    pub fn full_address_zh(&self) -> String {
        let own = self.address.zh.trim();
        if own.starts_with("河南") || own.starts_with("焦作") || own.starts_with("温县") {
            own.to_owned()
        } else {
            format!("{COUNTY_ZH}{own}")
        }
    }

    /// Opens Amap (高德), the map app most phones in China have, at this place; on a phone
    /// without it the page opens in the browser.
    pub fn amap_url(&self, name: &str) -> String {
        format!(
            "https://uri.amap.com/marker?position={},{}&name={}&coordinate=wgs84&callnative=1",
            self.lng,
            self.lat,
            url_encode(name)
        )
    }

    /// Opens Apple Maps on an iPhone (the `geo:` scheme does nothing there).
    pub fn apple_maps_url(&self, name: &str) -> String {
        format!(
            "https://maps.apple.com/?q={}&ll={},{}",
            url_encode(name),
            self.lat,
            self.lng
        )
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986), for a query value.
fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(address: &str) -> Location {
        Location {
            address: Localized::new(address, "5 Ancestral Hall Lane"),
            x: 1,
            y: 1,
            lat: 34.93959,
            lng: 113.06995,
            walk_minutes: 2,
        }
    }

    #[test]
    fn a_drivers_address_names_province_city_and_county_once() {
        assert_eq!(
            location("陈家沟村祠堂巷5号").full_address_zh(),
            "河南省焦作市温县陈家沟村祠堂巷5号"
        );
        assert_eq!(
            location("温县陈家沟村").full_address_zh(),
            "温县陈家沟村",
            "already placed"
        );
    }

    #[test]
    fn map_links_carry_the_coordinates_and_an_encoded_name() {
        let l = location("陈家沟村祠堂巷5号");
        assert_eq!(
            l.amap_url("陈家沟 A&B"),
            "https://uri.amap.com/marker?position=113.06995,34.93959&name=%E9%99%88%E5%AE%B6%E6%B2%9F%20A%26B&coordinate=wgs84&callnative=1"
        );
        assert_eq!(
            l.apple_maps_url("Chen Hall"),
            "https://maps.apple.com/?q=Chen%20Hall&ll=34.93959,113.06995"
        );
    }
}
