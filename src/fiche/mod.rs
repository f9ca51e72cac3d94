//! A fiche: its front matter split from its Markdown body, read into typed fields
//! with every mistake reported at its place in the file.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

mod front_matter;
mod values;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::fields::Reader;
use crate::lang::Date;
use crate::schema::FieldValue;
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
    /// Span of the `slug` value, or of the opening `+++`, for duplicate-slug errors.
    pub slug_span: Range<usize>,
    pub title: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub variant: String,
    pub summary: String,
    pub authors: Vec<String>,
    pub collective: Option<String>,
    pub tags: Vec<String>,
    /// Where each tag is written in `text`.
    pub tag_spans: Vec<Range<usize>>,
    pub themes: Vec<String>,
    pub theme_spans: Vec<Range<usize>>,
    pub territory: Option<String>,
    pub territory_span: Range<usize>,
    pub organization: Option<String>,
    pub image: Option<String>,
    pub image_span: Range<usize>,
    pub image_alt: Option<String>,
    pub draft: bool,
    pub period: Option<String>,
    pub audience: Vec<String>,
    pub partners: Vec<String>,
    pub budget: Option<String>,
    pub contact: Option<String>,
    pub testimonies: Vec<Testimony>,
    /// Values of the fields the site declares, by key.
    pub extra: BTreeMap<String, FieldValue>,
}

impl Fiche {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// 1-based line of the first body line in the file.
    pub fn body_line(&self) -> usize {
        self.text[..self.body_start].matches('\n').count() + 1
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
    let (toml_range, body_start) = match split(&text) {
        Ok(r) => r,
        Err(e) => {
            let (msg, hint) = match e {
                SplitError::NoOpening => (
                    lang.pick(
                        "la fiche doit commencer par une ligne `+++`",
                        "a fiche must start with a `+++` line",
                    ),
                    lang.pick(
                        "mettez en tête les informations de la fiche entre deux lignes `+++`, \
                         par exemple :\n+++\ntitle = \"...\"\ndate = 2024-03-14\n...\n+++",
                        "put the fiche's details first, between two `+++` lines, for \
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
                .at(&text, 0..end)
                .hint(hint);
            return (None, vec![d]);
        }
    };
    let mut r = Reader::new(&text, toml_range.start, path, lang);
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
pub(super) const OPENING: Range<usize> = 0..3;
