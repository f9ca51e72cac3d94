//! The site's settings, read from `fiches.toml`: typed, with defaults, every unknown
//! key reported with a suggestion and its position.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::fields::Reader;
use crate::lang::Lang;
use crate::variant::{self, Variant};

pub const FILE_NAME: &str = "fiches.toml";

const KEYS: [&str; 6] = [
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "markdown",
];
const MARKDOWN_KEYS: [&str; 1] = ["unsafe_html"];

#[derive(Clone, Debug)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL of the site, always ending with `/`.
    pub base_url: Option<String>,
    pub language: Lang,
    /// Name of a theme folder under `themes/`; `None` is the embedded default.
    pub theme: Option<String>,
    pub unsafe_html: bool,
    pub variants: Vec<Variant>,
}

impl Config {
    pub fn variant(&self, name: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.name == name)
    }

    /// The path part of `base_url` (`/reseau/`), or `/` without one.
    pub fn base_path(&self) -> &str {
        self.base_url
            .as_deref()
            .and_then(|u| u.find("://").map(|i| &u[i + 3..]))
            .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
            .unwrap_or("/")
    }
}

/// Reads `fiches.toml` from the text given. The language is read first so that every
/// other message can be in it.
pub fn parse(src: &str) -> (Option<Config>, Vec<Diagnostic>) {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let lang = sniff_language(src);
    let mut r = Reader::new(src, 0, Path::new(FILE_NAME), lang);
    let Some(table) = r.parse(src) else {
        return (None, r.diags);
    };
    let mut title = None;
    let mut cfg = Config {
        title: String::new(),
        description: String::new(),
        base_url: None,
        language: lang,
        theme: None,
        unsafe_html: false,
        variants: variant::builtin(lang),
    };
    for (key, value) in table.iter() {
        let span = key.span();
        match key.get_ref().as_ref() {
            "title" => title = r.nonempty_string("title", value),
            "description" => cfg.description = r.string("description", value).unwrap_or_default(),
            "base_url" => {
                if let Some(url) = r.string("base_url", value) {
                    cfg.base_url = check_base_url(&mut r, value.span(), url.trim());
                }
            }
            "language" => {} // read by sniff_language; checked below
            "theme" => cfg.theme = r.nonempty_string("theme", value),
            "markdown" => {
                let Some(t) = r.table("markdown", value) else {
                    continue;
                };
                for (k, v) in t.iter() {
                    match k.get_ref().as_ref() {
                        "unsafe_html" => {
                            cfg.unsafe_html = r.bool("unsafe_html", v).unwrap_or(false)
                        }
                        other => r.unknown_key(
                            k.span(),
                            other,
                            &MARKDOWN_KEYS,
                            &lang.pick("dans [markdown]", "in [markdown]"),
                        ),
                    }
                }
            }
            other => r.unknown_key(
                span,
                other,
                &KEYS,
                &lang.pick("dans fiches.toml", "in fiches.toml"),
            ),
        }
    }
    if let Some(v) = table.get("language") {
        let known = r.string("language", v);
        if known.as_deref().and_then(Lang::from_code).is_none() && known.is_some() {
            r.error(
                v.span(),
                lang.pick(
                    "langue inconnue : `language` vaut \"fr\" ou \"en\"",
                    "unknown language: `language` is \"fr\" or \"en\"",
                ),
                Some(lang.pick(
                    "par exemple : language = \"fr\"",
                    "for example: language = \"en\"",
                )),
            );
        }
    }
    match title {
        Some(t) => cfg.title = t,
        None if !table.contains_key("title") => {
            r.error(
                0..0,
                lang.pick(
                    "il manque le titre du site (`title`)",
                    "the site's title (`title`) is missing",
                ),
                Some(lang.pick(
                    "ajoutez par exemple : title = \"Fiches expérience du réseau\"",
                    "add for example: title = \"Our network's experience sheets\"",
                )),
            );
        }
        None => {}
    }
    let ok = !r.diags.iter().any(Diagnostic::is_error);
    (ok.then_some(cfg), r.diags)
}

/// The language decides the wording of every other diagnostic, so it is read before
/// the rest; an unreadable value falls back to French and is reported later.
fn sniff_language(src: &str) -> Lang {
    toml::de::DeTable::parse(src)
        .ok()
        .and_then(|t| match t.get_ref().get("language").map(|v| v.get_ref()) {
            Some(toml::de::DeValue::String(s)) => Lang::from_code(s),
            _ => None,
        })
        .unwrap_or_default()
}

fn check_base_url(r: &mut Reader, span: std::ops::Range<usize>, url: &str) -> Option<String> {
    let lang = r.lang;
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    let host = url
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""));
    if !scheme_ok || host.is_none_or(str::is_empty) || url.contains(char::is_whitespace) {
        r.error(
            span,
            lang.pick(
                "`base_url` doit être une adresse web complète",
                "`base_url` must be a full web address",
            ),
            Some(lang.pick(
                "par exemple : base_url = \"https://exemple.org/reseau/\"",
                "for example: base_url = \"https://example.org/network/\"",
            )),
        );
        return None;
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_defaults() {
        let (cfg, diags) = parse("title = \"Réseau\"\n");
        assert!(diags.is_empty());
        let cfg = cfg.unwrap();
        assert_eq!(cfg.language, Lang::Fr);
        assert_eq!(cfg.base_path(), "/");
        assert_eq!(cfg.variants.len(), 2);
    }

    #[test]
    fn base_url_keeps_its_sub_path() {
        let (cfg, _) = parse("title = \"R\"\nbase_url = \"https://ex.org/reseau\"\n");
        let cfg = cfg.unwrap();
        assert_eq!(cfg.base_url.as_deref(), Some("https://ex.org/reseau/"));
        assert_eq!(cfg.base_path(), "/reseau/");
    }

    #[test]
    fn unknown_key_is_suggested_in_the_site_language() {
        let (cfg, diags) = parse("language = \"en\"\ntitle = \"R\"\ntitel = \"x\"\n");
        assert!(cfg.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].message, "unknown field `titel` in fiches.toml");
        assert_eq!(diags[0].label.as_deref(), Some("did you mean `title`?"));
        assert_eq!((diags[0].line, diags[0].column), (3, 1));
    }

    #[test]
    fn bad_language_and_url_are_errors() {
        let (_, diags) = parse("title = \"R\"\nlanguage = \"de\"\nbase_url = \"exemple.org\"\n");
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(diags.iter().all(|d| d.is_error()));
    }
}
