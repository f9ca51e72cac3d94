//! The site's settings, read from `fiches.toml`: typed, with defaults, every unknown
//! key reported with a suggestion and its position.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::fields::{Local, Reader};
use crate::lang::Lang;
use crate::schema::{self, Field, Variant};
use crate::span::{FileSpan, LocalSpan, Origin};
pub use contribute::Forge;

pub const FILE_NAME: &str = "fiches.toml";

mod cms;
mod contribute;
mod fields;
mod index;
mod language;
mod network;
mod podcast;
mod values;
mod variants;

pub use cms::{BACKENDS, Cms, DECAP_INTEGRITY, DECAP_URL, DECAP_VERSION};
pub use index::VariantId;
pub use language::{Written, written_language};
pub use network::Network;
pub use podcast::Podcast;
pub use values::normal_base_url;
use values::{check_base_url, count};

use variants::{read_variant, read_vocabulary};

const KEYS: [&str; 18] = [
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "markdown",
    "fields",
    "variants",
    "taxonomies",
    "paginate",
    "feed_limit",
    "search",
    "contribute",
    "contribute_email",
    "repository",
    "network",
    "podcast",
    "cms",
];
const VARIANT_KEYS: [&str; 6] = [
    "label",
    "fields",
    "required_fields",
    "required_sections",
    "recommended_sections",
    "template",
];
/// Term lists a site may close.
pub const TAXONOMIES: [&str; 3] = ["tags", "themes", "territories"];
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
    /// Every field a fiche may hold: the built-in ones, then those the site declares.
    pub fields: Vec<Field>,
    /// Closed term lists, by taxonomy key (`themes`): terms outside are errors.
    pub vocabularies: BTreeMap<String, Vec<String>>,
    /// Fiches per page of a list; 0 keeps lists whole.
    pub paginate: usize,
    /// Entries of the Atom feed, the newest; 0 keeps every fiche. Readers poll the
    /// feed often and only want what is new: a feed of every fiche weighs as much as
    /// the site's whole text.
    pub feed_limit: usize,
    /// Whether to build the search page and index.
    pub search: bool,
    /// Whether to build the "Propose a fiche" page.
    pub contribute: bool,
    /// Where the contribution form e-mails a fiche.
    pub contribute_email: Option<String>,
    /// Where the contribution form proposes a fiche as a pull request.
    pub repository: Option<Forge>,
    /// The network the site belongs to: the fiches' signature and the badges.
    pub network: Option<Network>,
    /// What the podcast feed tells directories (artwork, owner, category).
    pub podcast: Podcast,
    /// Fields and variants by name, made once `fields` and `variants` are read.
    index: index::Index,
    /// The editing interface at `admin/`, when `[cms]` asks for it.
    pub cms: Option<Cms>,
}

impl Config {
    /// The podcast's artwork, with where `fiches.toml` names it: `[podcast] image`,
    /// else the network's logo.
    pub fn podcast_image(&self) -> Option<(&str, FileSpan)> {
        if let Some(image) = &self.podcast.image {
            return Some((image, self.podcast.image_span));
        }
        let network = self.network.as_ref()?;
        Some((network.logo.as_deref()?, network.logo_span))
    }

    pub fn variant(&self, name: &str) -> Option<&Variant> {
        self.variant_id(name).and_then(|id| self.variant_at(id))
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        let i = self.index.field(key)?;
        self.fields.get(i).filter(|f| f.key == key)
    }

    /// The fields the site declares in `fiches.toml`.
    pub fn declared_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| !f.builtin)
    }

    /// Every key a fiche's front matter may hold.
    pub fn field_keys(&self) -> Vec<&str> {
        self.fields.iter().map(|f| f.key.as_str()).collect()
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
    let (cfg, diags, _) = parse_in(src, Lang::Fr);
    (cfg, diags)
}

/// [`parse`], with the user's language (`locale`) for the messages about a file that
/// cannot be read far enough to say its own (see [`Written`]). Also returns the
/// language of the messages. The file is parsed once.
pub fn parse_in(src: &str, locale: Lang) -> (Option<Config>, Vec<Diagnostic>, Lang) {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut lang = written_language(src).or_locale(locale);
    let mut r = Reader::new(src, Origin::WHOLE, Path::new(FILE_NAME), lang);
    let Some(table) = r.parse(src) else {
        return (None, r.diags, lang);
    };
    // Read whole, the file says its language for sure (the scan is only tolerant).
    lang = match table.get("language").map(|v| v.get_ref()) {
        Some(toml::de::DeValue::String(s)) => Lang::from_code(s).unwrap_or_default(),
        _ => Lang::Fr,
    };
    r.lang = lang;
    let mut title = None;
    let mut cfg = Config {
        title: String::new(),
        description: String::new(),
        base_url: None,
        language: lang,
        theme: None,
        unsafe_html: false,
        variants: schema::builtin(lang),
        fields: schema::builtin_fields(lang),
        vocabularies: BTreeMap::new(),
        paginate: 20,
        feed_limit: 20,
        search: true,
        contribute: true,
        contribute_email: None,
        repository: None,
        network: None,
        podcast: Podcast::default(),
        index: index::Index::default(),
        cms: None,
    };
    // Variants may carry declared fields: those are read first.
    if let Some(v) = table.get("fields") {
        let declared = fields::read(&mut r, v, &cfg.fields);
        cfg.fields.extend(declared);
    }
    for (key, value) in table.iter() {
        let span = key.local();
        match key.get_ref().as_ref() {
            "fields" => {}
            "title" => title = r.nonempty_string("title", value),
            "description" => cfg.description = r.string("description", value).unwrap_or_default(),
            "base_url" => {
                if let Some(url) = r.string("base_url", value) {
                    cfg.base_url = check_base_url(&mut r, value.local(), url.trim());
                }
            }
            "language" => {} // read first, to word everything else; checked below
            "theme" => cfg.theme = r.nonempty_string("theme", value),
            "search" => cfg.search = r.bool("search", value).unwrap_or(true),
            "contribute" => cfg.contribute = r.bool("contribute", value).unwrap_or(true),
            "contribute_email" => {
                let email = r.nonempty_string("contribute_email", value);
                if email.as_deref().is_some_and(|e| !schema::is_email(e)) {
                    r.error(
                        value.local(),
                        lang.pick(
                            "`contribute_email` doit être une adresse e-mail",
                            "`contribute_email` must be an e-mail address",
                        ),
                        Some(lang.pick(
                            "par exemple : contribute_email = \"redaction@exemple.org\"",
                            "for example: contribute_email = \"editors@example.org\"",
                        )),
                    );
                } else {
                    cfg.contribute_email = email;
                }
            }
            "repository" => cfg.repository = contribute::repository(&mut r, value),
            "network" => cfg.network = network::read(&mut r, value),
            "podcast" => cfg.podcast = podcast::read(&mut r, value),
            "cms" => cfg.cms = cms::read(&mut r, value),
            "paginate" => {
                let example = lang.pick(
                    "par exemple : paginate = 20 (0 : une seule page)",
                    "for example: paginate = 20 (0: a single page)",
                );
                let what = lang.pick(
                    "le nombre de fiches par page",
                    "the number of fiches per page",
                );
                cfg.paginate = count(&mut r, "paginate", value, &what, &example).unwrap_or(20);
            }
            "feed_limit" => {
                let example = lang.pick(
                    "par exemple : feed_limit = 20 (0 : toutes les fiches)",
                    "for example: feed_limit = 20 (0: every fiche)",
                );
                let what = lang.pick(
                    "le nombre de fiches du flux atom.xml",
                    "the number of fiches in the atom.xml feed",
                );
                cfg.feed_limit = count(&mut r, "feed_limit", value, &what, &example).unwrap_or(20);
            }
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
                            k.local(),
                            other,
                            &MARKDOWN_KEYS,
                            &lang.pick("dans [markdown]", "in [markdown]"),
                        ),
                    }
                }
            }
            "variants" => {
                let Some(t) = r.table("variants", value) else {
                    continue;
                };
                let allowed = variants::Allowed::new(&cfg.fields, schema::builtin(lang).len());
                for (name, v) in t.iter() {
                    read_variant(
                        &mut r,
                        name.get_ref(),
                        name.local(),
                        v,
                        &allowed,
                        &mut cfg.variants,
                    );
                }
            }
            "taxonomies" => {
                let Some(t) = r.table("taxonomies", value) else {
                    continue;
                };
                for (kind, v) in t.iter() {
                    read_vocabulary(
                        &mut r,
                        kind.get_ref(),
                        kind.local(),
                        v,
                        &mut cfg.vocabularies,
                    );
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
    if let Some(c) = &cfg.cms {
        cms::check(&mut r, c, cfg.repository.is_some());
    }
    if let Some(v) = table.get("language") {
        let known = r.string("language", v);
        if known.as_deref().and_then(Lang::from_code).is_none() && known.is_some() {
            r.error(
                v.local(),
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
                LocalSpan::default(),
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
    cfg.index = index::Index::new(&cfg.fields, &cfg.variants);
    let ok = !r.diags.iter().any(Diagnostic::is_error);
    let mut diags = r.diags;
    crate::diagnostic::sort(&mut diags);
    (ok.then_some(cfg), diags, lang)
}

/// The language decides the wording of every other diagnostic, so it is read before
/// the rest, by a tolerant scan (no parse); French when it cannot be read.
pub fn sniff_language(src: &str) -> Lang {
    written_language(src).or_locale(Lang::Fr)
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
