//! Text shown to users that comes from data, in both languages.
use serde::{Deserialize, Serialize};

/// A UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `zh` or `en` (a flag, a `?lang=`, the language cookie) as a language.
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A piece of listing text in Chinese and English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub zh: String,
    pub en: String,
}

impl Localized {
    /// Builds a text from both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// True when either language is blank: every text must exist in both.
    pub fn has_blank(&self) -> bool {
        self.zh.trim().is_empty() || self.en.trim().is_empty()
    }

    /// Case-insensitive match of `needle` in either language.
    pub fn contains(&self, needle: &str) -> bool {
        let needle = needle.to_lowercase();
        self.zh.contains(&needle) || self.en.to_lowercase().contains(&needle)
    }
}
