//! The site's settings, read from `fiches.toml`: typed, with defaults, every unknown
//! key reported with a suggestion and its position.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::schema::{Field, Variant};
use crate::span::FileSpan;
pub use contribute::Forge;

pub const FILE_NAME: &str = "fiches.toml";

mod cms;
mod contribute;
mod fields;
mod index;
mod language;
mod network;
mod partners;
mod podcast;
mod read;
mod values;
mod variants;

pub use cms::{BACKENDS, Cms, DECAP_INTEGRITY, DECAP_URL, DECAP_VERSION};
pub use index::VariantId;
pub use language::{Written, written_language};
pub use network::Network;
pub use partners::PartnerSource;
pub use podcast::Podcast;
pub use read::parse_with;
pub use values::normal_base_url;
use values::{check_base_url, count};

use variants::{read_variant, read_vocabulary};

const KEYS: [&str; 21] = [
    "title",
    "license",
    "timezone",
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
    "sources",
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
    /// The licence of the site's fiches (`license = "CC BY-SA 4.0"`): shown in the
    /// footer and carried by `fiches.json` and `feed.json`, as pooling needs one.
    pub license: Option<String>,
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
    /// The partner sites whose fiches are pooled with the site's own (`[[sources]]`).
    pub partners: Vec<PartnerSource>,
    /// The time zone of the site's events (`Europe/Paris` unless `timezone` says).
    pub timezone: String,
    /// The day of the build, which `build` and `serve` give (never `fiches.toml`):
    /// what the agenda calls upcoming. Unknown, every event is upcoming.
    pub today: Option<jiff::civil::Date>,
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
        self.fields.get(self.field_place(key)?)
    }

    /// The place of the field `key` in [`Config::fields`].
    pub fn field_place(&self, key: &str) -> Option<usize> {
        let i = self.index.field(key)?;
        self.fields
            .get(i)
            .is_some_and(|f| f.key == key)
            .then_some(i)
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
    let (cfg, diags, _) = parse_with(src, sniff_language(src));
    (cfg, diags)
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
        assert_eq!(cfg.variants.len(), 3);
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
