//! A fiche: its front matter split from its Markdown body, read into typed fields
//! with every mistake reported at its place in the file.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The largest fiche, in bytes of text (see [`crate::sources::MAX_FICHE`]).
pub const MAX_BYTES: usize = crate::sources::MAX_FICHE;

/// Past these, a fiche's terms index nothing useful, and each term page listing the
/// fiche would repeat them all.
pub const MAX_TAGS: usize = 50;
pub const MAX_THEMES: usize = 20;

/// Longer summaries get cut by search engines and link previews, and by lists.
pub const SUMMARY_MAX: usize = 300;

/// Longest title lists and search results show, in characters: a title is read at
/// a glance, and each list and related-fiches page repeats it. Past it, a warning,
/// and lists cut it (the fiche's own page keeps it whole).
pub const TITLE_MAX: usize = 150;

mod front_matter;
mod values;

use crate::config::{Config, VariantId};
use crate::diagnostic::Diagnostic;
use crate::fields::Reader;
use crate::lang::Date;
use crate::places::Coordinates;
use crate::schema::{FieldValue, Variant};
use crate::span::{FileSpan, Origin, Spanned};
use front_matter::read_fields;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Testimony {
    pub name: String,
    pub role: Option<String>,
    pub quote: String,
}

#[derive(Clone, Debug, Default)]
pub struct Fiche {
    /// Path relative to the site folder, as shown in diagnostics.
    pub path: PathBuf,
    /// Folder of a bundle (`NAME/index.md`), whose other files are published with it.
    pub bundle: Option<PathBuf>,
    /// The file's text, BOM removed and line ends normalised; positions refer to it.
    pub text: String,
    /// Where the Markdown body starts in `text`.
    pub body_start: usize,
    pub slug: String,
    /// Where the `slug` value is written, when the fiche gives one.
    pub slug_span: Option<FileSpan>,
    pub title: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// Its variant, found once as it is read; `None` when it names none of the
    /// site's (then the fiche has an error and is never published).
    pub variant: Option<VariantId>,
    pub summary: String,
    pub authors: Vec<String>,
    pub collective: Option<String>,
    /// Terms, each with where it is written in `text`.
    pub tags: Vec<Spanned<String>>,
    pub themes: Vec<Spanned<String>>,
    pub territory: Option<Spanned<String>>,
    /// The town or village, shown with the territory (`commune`).
    pub commune: Option<String>,
    /// Where the action took place, latitude and longitude (`coordinates`).
    pub coordinates: Option<Coordinates>,
    pub organization: Option<String>,
    pub image: Option<Spanned<String>>,
    pub image_alt: Option<String>,
    pub draft: bool,
    /// `featured = true`: first on the home page.
    pub featured: bool,
    pub period: Option<String>,
    pub audience: Vec<String>,
    pub partners: Vec<String>,
    pub budget: Option<String>,
    pub contact: Option<String>,
    pub testimonies: Vec<Testimony>,
    /// What an `event` fiche says of its event: when, where, how to come.
    pub event: Option<crate::agenda::Event>,
    /// The slug of the event this fiche was written after (`event = "slug"`).
    pub came_from: Option<Spanned<String>>,
    /// Values of the fields the site declares, by key.
    pub extra: BTreeMap<String, FieldValue>,
    /// The body as HTML, once the assembly has rendered it (empty before): kept with
    /// its fiche, so that it follows the fiche wherever the site's order puts it.
    pub html: String,
    /// The `##` headings of the body, once rendered: what the sections its variant
    /// expects are checked against.
    pub sections: Vec<String>,
}

impl Fiche {
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or_default()
    }

    /// 1-based line of the first body line in the file.
    pub fn body_line(&self) -> usize {
        let front = self.text.get(..self.body_start).unwrap_or_default();
        front.matches('\n').count() + 1
    }

    /// Its variant in `cfg`, the configuration it was read with.
    pub fn variant_in<'c>(&self, cfg: &'c Config) -> Option<&'c Variant> {
        self.variant.and_then(|id| cfg.variant_at(id))
    }

    /// Lets go of the file's text once the body is rendered and every check that
    /// points into it has run: a build holds every fiche until the end, and the texts
    /// are as large as the site's sources.
    pub fn forget_text(&mut self) {
        self.text = String::new();
        self.body_start = 0;
    }

    /// Lets go of the body's Markdown once it is rendered, when nothing reads it again
    /// (a build, a check): the front matter stays, which the validation pass points
    /// into. A body holding an HTML comment stays whole: `check::placeholders` looks
    /// for the guidance lines `fiches new` writes as comments.
    pub fn forget_body(&mut self) {
        if memchr::memmem::find(self.body().as_bytes(), b"<!--").is_none() {
            self.text.truncate(self.body_start);
            self.text.shrink_to_fit();
        }
    }
}

/// Finds the TOML between the `+++` lines: returns its byte range and where the body
/// starts.
pub fn split(text: &str) -> Result<(Range<usize>, usize), SplitError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(SplitError::NoOpening);
    }
    let mut pos = first.len();
    for line in lines {
        if line.trim_end() == "+++" {
            return Ok((first.len()..pos, pos + line.len()));
        }
        pos += line.len();
    }
    Err(SplitError::NoClosing)
}

#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    NoOpening,
    NoClosing,
}

/// Reads a fiche from its decoded text. `default_slug` comes from the file or bundle
/// name. Returns the fiche whenever its front matter could be parsed, even with
/// errors in its fields, so that its body can still be checked; the caller publishes
/// it only when no diagnostic is an error.
pub fn parse(
    text: String,
    path: &Path,
    default_slug: &str,
    bundle: Option<PathBuf>,
    cfg: &Config,
) -> (Option<Fiche>, Vec<Diagnostic>) {
    let lang = cfg.language;
    if text.len() > MAX_BYTES {
        let d = crate::sources::fiche_too_large(path, text.len() as u64, lang);
        return (None, vec![d]);
    }
    let (toml_range, body_start) = match split(&text) {
        Ok(r) => r,
        Err(e) => {
            let (msg, hint) = match e {
                SplitError::NoOpening => (
                    lang.pick(
                        "la fiche doit commencer par une ligne `+++`",
                        "a sheet must start with a `+++` line",
                    ),
                    lang.pick(
                        "mettez en tête les informations de la fiche entre deux lignes `+++`, \
                         par exemple :\n+++\ntitle = \"...\"\ndate = 2024-03-14\n...\n+++",
                        "put the sheet's details first, between two `+++` lines, for \
                         example:\n+++\ntitle = \"...\"\ndate = 2024-03-14\n...\n+++",
                    ),
                ),
                SplitError::NoClosing => (
                    lang.pick(
                        "le bloc d'informations ouvert par `+++` n'est jamais fermé",
                        "the details block opened by `+++` is never closed",
                    ),
                    lang.pick(
                        "ajoutez une ligne `+++` seule après la dernière information, avant le texte",
                        "add a line holding only `+++` after the last detail, before the text",
                    ),
                ),
            };
            let end = text.find('\n').unwrap_or(text.len());
            let d = Diagnostic::error(msg)
                .in_file(path)
                .at(&text, FileSpan::new(0, end))
                .hint(hint);
            return (None, vec![d]);
        }
    };
    let mut r = Reader::new(&text, Origin::at(toml_range.start), path, lang);
    let Some(table) = r.parse(&text[toml_range.clone()]) else {
        return (None, r.diags);
    };
    let mut f = Fiche {
        path: path.to_path_buf(),
        bundle,
        slug: default_slug.to_string(),
        ..Fiche::default()
    };
    read_fields(&mut r, &table, &mut f, cfg);
    let diags = r.diags;
    f.body_start = body_start;
    f.text = text;
    (Some(f), diags)
}

/// The opening `+++`, where problems of the block as a whole are shown.
pub(super) const OPENING: FileSpan = FileSpan::new(0, 3);

#[cfg(test)]
mod event_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn read(front: &str, body: &str) -> (Option<Fiche>, Vec<Diagnostic>) {
        let (cfg, _) = crate::config::parse("title = \"t\"");
        let text = format!(
            "+++\ntitle = \"T\"\ndate = 2024-03-14\nvariant = \"factual\"\nsummary = \"S.\"\nauthors = [\"A\"]\n{front}+++\n{body}"
        );
        parse(text, Path::new("content/a.md"), "a", None, &cfg.unwrap())
    }

    #[test]
    fn repeated_terms_fold_to_their_first_spelling() {
        let (f, diags) = read(
            "tags = [\"Été\", \"autre\", \"ete\", \"ÉTÉ\", \"Autre\"]\n",
            "",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let f = f.unwrap();
        let tags: Vec<(&str, usize)> = f
            .tags
            .iter()
            .map(|t| (t.as_str(), t.span.start()))
            .collect();
        // Each where it is first written.
        assert_eq!(tags, [("Été", 93), ("autre", 102)]);
    }

    #[test]
    fn too_many_terms_are_an_error_at_the_key() {
        // Ten thousand distinct tags, each written twice: the repeats are dropped, the
        // count is of distinct terms, and only the limit is kept.
        let list: Vec<String> = (0..20_000)
            .map(|i| format!("\"Mot {}\"", i % 10_000))
            .collect();
        let themes: Vec<String> = (0..21).map(|i| format!("\"Thème {i}\"")).collect();
        let (f, diags) = read(
            &format!(
                "tags = [{}]\nthemes = [{}]\n",
                list.join(", "),
                themes.join(", ")
            ),
            "",
        );
        let f = f.unwrap();
        assert_eq!((f.tags.len(), f.themes.len()), (MAX_TAGS, MAX_THEMES));
        let got: Vec<_> = diags
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    7,
                    1,
                    "la fiche a 10\u{a0}000 mots-clés (`tags`) : 50 au plus"
                ),
                (8, 1, "la fiche a 21 thèmes (`themes`) : 20 au plus"),
            ]
        );
        assert!(diags.iter().all(Diagnostic::is_error));
        // At the limit, no error.
        let list: Vec<String> = (0..MAX_TAGS).map(|i| format!("\"Mot {i}\"")).collect();
        let (_, diags) = read(&format!("tags = [{}]\n", list.join(", ")), "");
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused_whole() {
        let front = "";
        let head = read(front, "").0.unwrap().text.len();
        let (f, diags) = read(front, &"x".repeat(MAX_BYTES - head));
        assert!(f.is_some() && diags.is_empty(), "{diags:?}");
        let (f, diags) = read(front, &"x".repeat(MAX_BYTES - head + 1));
        assert!(f.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].message,
            "ce fichier fait 1\u{a0}001 Ko : une fiche ne peut pas dépasser 1\u{a0}000 Ko"
        );
        assert_eq!(diags[0].location(), "content/a.md");
    }
}
