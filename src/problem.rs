//! Problems from the server or the model worded in the visitor's language, from
//! `locales/{zh,en}/problem.json` (the same wordings the server's English messages use).
use std::collections::BTreeMap;

use leptos_i18n::I18nContext;
use model::{Lang, Problem};

use crate::api::SubmitError;
use crate::i18n::{t_string, Locale};

thread_local! {
    static ZH: BTreeMap<String, String> = table(include_str!("../locales/zh/problem.json"));
    static EN: BTreeMap<String, String> = table(include_str!("../locales/en/problem.json"));
}

fn table(json: &str) -> BTreeMap<String, String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// The language of the page.
pub fn lang_of(i18n: I18nContext<Locale>) -> Lang {
    match i18n.get_locale() {
        Locale::zh => Lang::Zh,
        Locale::en => Lang::En,
    }
}

/// One problem in `lang`.
pub fn word(problem: &Problem, lang: Lang) -> String {
    let template = |t: &BTreeMap<String, String>| t.get(problem.code()).cloned();
    let template = match lang {
        Lang::Zh => ZH.with(template),
        Lang::En => EN.with(template),
    };
    template.map_or_else(String::new, |t| problem.word(&t))
}

/// A field's problems from the server in `lang`. A server too old to send codes has only
/// English sentences: shown on English pages, and a general hint on Chinese ones.
pub fn field_text(error: &SubmitError, field: &str, lang: Lang) -> Option<String> {
    let SubmitError::Refused {
        problems, errors, ..
    } = error
    else {
        return None;
    };
    if let Some(coded) = problems.get(field) {
        let texts: Vec<String> = coded.iter().map(|p| word(p, lang)).collect();
        return Some(texts.join(" "));
    }
    let english = errors.get(field)?;
    Some(match lang {
        Lang::En => english.join("; "),
        Lang::Zh => word(
            &Problem::InvalidValue {
                detail: String::new(),
            },
            lang,
        ),
    })
}

/// What went wrong with sending, in the visitor's language.
pub fn describe(error: &SubmitError, i18n: I18nContext<Locale>) -> String {
    let lang = lang_of(i18n);
    match error {
        SubmitError::Network(_) => t_string!(i18n, book.err_network).to_string(),
        SubmitError::Refused {
            problem: Some(p), ..
        } => word(p, lang),
        SubmitError::Refused { message, .. } if lang == Lang::En => message.clone(),
        SubmitError::Refused { status: 422, .. } => word(&Problem::InvalidFields {}, lang),
        SubmitError::Refused { .. } | SubmitError::Decode(_) => word(&Problem::Internal {}, lang),
    }
}
