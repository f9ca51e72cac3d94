//! The listed files of a site sorted by what they are: the fiches, the other files
//! of `content/` and of `static/`, and the templates and interface strings of the
//! site and of each theme, which are read here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Entry, Text, ThemeSources, is_markdown, read_text};
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

/// The files of a site by what they are, the templates read.
pub(super) struct Sorted {
    /// `content/**/*.md`, transcripts among them still.
    pub(super) fiches: Vec<PathBuf>,
    pub(super) content_files: Vec<PathBuf>,
    pub(super) static_files: Vec<PathBuf>,
    pub(super) templates: BTreeMap<String, Text>,
    pub(super) themes: BTreeMap<String, ThemeSources>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// Sorts the site's files by folder: the fiches, the other files of `content/`, those of `static/`, and the templates and interface
/// strings of the site and of each theme, read.
pub(super) fn sort_entries(
    root: &Path,
    lang: Lang,
    entries: Vec<Entry>,
    theme_names: Vec<String>,
) -> Sorted {
    let mut sorted = Sorted {
        fiches: Vec::new(),
        content_files: Vec::new(),
        static_files: Vec::new(),
        templates: BTreeMap::new(),
        themes: (theme_names.into_iter())
            .map(|n| (n, ThemeSources::default()))
            .collect(),
        diagnostics: Vec::new(),
    };
    for Entry { rel, .. } in entries {
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        match parts.first().map(String::as_str) {
            Some("content") if is_markdown(&rel) => sorted.fiches.push(rel),
            Some("content") => sorted.content_files.push(rel),
            Some("static") => sorted.static_files.push(rel),
            Some("templates") => match read_text(root, &rel, lang) {
                Ok(t) => {
                    sorted.templates.insert(parts[1..].join("/"), t);
                }
                Err(d) => sorted.diagnostics.push(d),
            },
            Some("themes") if parts.len() > 3 => theme_file(root, lang, &parts, rel, &mut sorted),
            _ => {}
        }
    }
    sorted
}

/// A file of `themes/NAME/`: a static file listed, a template or the interface
/// strings of a language read.
fn theme_file(root: &Path, lang: Lang, parts: &[String], rel: PathBuf, sorted: &mut Sorted) {
    let theme = sorted.themes.entry(parts[1].clone()).or_default();
    let inner = parts[3..].join("/");
    match parts[2].as_str() {
        "static" => theme.static_files.push(rel),
        "templates" => match read_text(root, &rel, lang) {
            Ok(t) => {
                theme.templates.insert(inner, t);
            }
            Err(d) => sorted.diagnostics.push(d),
        },
        "i18n" if parts.len() == 4 => {
            if let Some(code) = inner.strip_suffix(".toml")
                && let Ok(t) = read_text(root, &rel, lang)
            {
                theme.strings.insert(code.to_string(), t);
            }
        }
        _ => {}
    }
}
