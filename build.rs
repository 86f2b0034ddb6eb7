//! Generates the `i18n` module from `locales/{zh,en}/<namespace>.json` (leptos_i18n).
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("i18n");
    // One namespace per page family, so each page's strings live in one small file.
    let cfg = Config::new("zh")?
        .add_locale("en")?
        .add_namespaces([
            "common", "home", "schools", "stay", "shop", "visit", "donate", "book", "ops",
            "schedule",
        ])?
        // Lets `t_string!` interpolate, for attributes and computed strings.
        .parse_options(ParseOptions::new().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
