//! Money as integer fen (CNY minor units); never floats.
use serde::{Deserialize, Serialize};
use std::ops::{Add, Mul};

/// An amount in fen (1 yuan = 100 fen).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    /// An amount of whole yuan.
    pub const fn yuan(yuan: i64) -> Self {
        Money(yuan * 100)
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Formats for display: `¥1,280`, or `¥12.50` when there are fen.
    pub fn display(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let yuan = group_thousands(abs / 100);
        match abs % 100 {
            0 => format!("{sign}¥{yuan}"),
            fen => format!("{sign}¥{yuan}.{fen:02}"),
        }
    }

    /// Yuan as typed (`100`, `88.5`) to fen; anything else is zero, which validation refuses.
    pub fn parse_yuan(text: &str) -> Money {
        let text = text.trim();
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        let (Ok(whole), true) = (
            whole.parse::<i64>(),
            frac.len() <= 2 && frac.chars().all(|c| c.is_ascii_digit()),
        ) else {
            return Money(0);
        };
        let fen = format!("{frac:0<2}").parse::<i64>().unwrap_or(0);
        Money(whole.saturating_mul(100).saturating_add(fen))
    }

    /// The amount as a form field holds it, read back by [`Money::parse_yuan`]: `880`, `88.50`.
    pub fn yuan_text(self) -> String {
        match self.0 % 100 {
            0 => (self.0 / 100).to_string(),
            _ => format!("{}.{:02}", self.0 / 100, (self.0 % 100).abs()),
        }
    }

    /// The amount divided over `parts`, rounded half up to whole fen (for per-day prices):
    /// ¥1,446.67 a day for ¥4,340 over 3 days, not ¥1,446.66.
    pub fn per(self, parts: u32) -> Money {
        let parts = i64::from(parts.max(1));
        let half = parts / 2;
        if self.0 >= 0 {
            Money((self.0 + half) / parts)
        } else {
            Money((self.0 - half) / parts)
        }
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl Mul<i64> for Money {
    type Output = Money;
    fn mul(self, rhs: i64) -> Money {
        Money(self.0 * rhs)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_in_a_form_field_reads_back_as_itself() {
        for fen in [0, 5, 100, 8850, 88000, 123_456] {
            let m = Money(fen);
            assert_eq!(Money::parse_yuan(&m.yuan_text()), m, "{}", m.yuan_text());
        }
        assert_eq!(Money(8850).yuan_text(), "88.50");
        assert_eq!(Money(88000).yuan_text(), "880");
    }

    #[test]
    fn whole_yuan_show_without_fen_and_with_grouping() {
        assert_eq!(Money::yuan(1280).display(), "¥1,280");
        assert_eq!(Money::yuan(1_000_000).display(), "¥1,000,000");
        assert_eq!(Money(1250).display(), "¥12.50");
        assert_eq!(Money(5).display(), "¥0.05");
        assert_eq!(Money(-300).display(), "-¥3");
    }

    #[test]
    fn per_day_price_rounds_half_up_and_never_divides_by_zero() {
        assert_eq!(Money::yuan(700).per(7), Money::yuan(100));
        assert_eq!(Money(1000).per(3), Money(333));
        assert_eq!(Money(434_000).per(3), Money(144_667));
        assert_eq!(Money(5).per(2), Money(3));
        assert_eq!(Money(-5).per(2), Money(-3));
        assert_eq!(Money(1000).per(0), Money(1000));
    }

    #[test]
    fn typed_yuan_become_fen_and_nonsense_becomes_zero() {
        assert_eq!(Money::parse_yuan("100"), Money(10000));
        assert_eq!(Money::parse_yuan(" 88.5 "), Money(8850));
        assert_eq!(Money::parse_yuan("0.05"), Money(5));
        assert_eq!(Money::parse_yuan("1.234"), Money(0));
        assert_eq!(Money::parse_yuan("abc"), Money(0));
        assert_eq!(Money::parse_yuan(""), Money(0));
    }

    #[test]
    fn money_serialises_as_plain_integer_fen() {
        assert_eq!(serde_json::to_string(&Money(12345)).unwrap(), "12345");
    }
}
