//! `fiches`: a static site generator for experience sheets ("fiches expérience").
//!
//! The pipeline runs one way: `fiches.toml` → [`config::Config`]; `content/` →
//! [`fiche::Fiche`]s (read in parallel, every mistake collected) → [`site::Site`]
//! (order, taxonomies) → pages rendered in memory ([`render`]) → written by
//! [`output`], the only writer. The library never prints and never exits.

// Diagnostics are built on the cold path only; boxing them would buy nothing.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod diagnostic;
pub mod fiche;
pub mod fields;
pub mod lang;
pub mod load;
pub mod markdown;
pub mod output;
pub mod render;
pub mod site;
pub mod slug;
pub mod theme;
pub mod variant;
pub mod vocabulary;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Severity};
pub use lang::Lang;
use output::Generated;
use theme::Source;

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Output folder; `SITE/public` when `None`.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Replace a non-empty output folder that `fiches` did not write.
    pub force: bool,
}

/// What a run found and, when it wrote a site, what it wrote.
pub struct Report {
    /// Language of the site, for printing the diagnostics; French when unknown.
    pub lang: Lang,
    pub diagnostics: Vec<Diagnostic>,
    pub built: Option<Built>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

pub struct Built {
    pub fiches: usize,
    pub files: usize,
    pub output: PathBuf,
}

/// Reads, validates and renders the site into memory. Nothing is written.
pub fn generate(
    site_dir: &Path,
    drafts: bool,
) -> (Lang, Option<(Generated, usize)>, Vec<Diagnostic>) {
    let (cfg, mut diags) = load::config(site_dir);
    let Some(cfg) = cfg else {
        return (Lang::Fr, None, diags);
    };
    let lang = cfg.language;
    let (loaded, mut d) = load::content(site_dir, &cfg, drafts);
    diags.append(&mut d);
    diags.append(&mut vocabulary::check(&cfg, &loaded.fiches));
    let mut needed: Vec<&str> = render::TEMPLATES.to_vec();
    needed.extend(cfg.variants.iter().map(|v| v.template.as_str()));
    needed.sort();
    needed.dedup();
    let (theme, mut d) = theme::load(site_dir, &cfg, &needed);
    diags.append(&mut d);
    let Some(theme) = theme else {
        diagnostic::sort(&mut diags);
        return (lang, None, diags);
    };
    let site = site::Site::new(cfg, loaded.fiches);
    let (pages, mut d) = render::render(&site, &theme, &loaded.links, &loaded.invalid);
    diags.append(&mut d);
    diagnostic::sort(&mut diags);
    let failed = diags.iter().any(Diagnostic::is_error);
    let Some(pages) = pages.filter(|_| !failed) else {
        return (lang, None, diags);
    };

    // Theme files first, then the site's static/ and bundle files: later ones win.
    let mut assets: BTreeMap<String, Source> = theme.assets.clone();
    for a in loaded.assets {
        assets.insert(a.dest, Source::File(a.source));
    }
    for p in &pages {
        if let Some(Source::File(src)) = assets.remove(&p.path) {
            diags.push(
                Diagnostic::warning(lang.pick(
                    format!(
                        "ce fichier est ignoré : la page `{}` porte le même nom",
                        p.path
                    ),
                    format!(
                        "this file is ignored: the page `{}` has the same name",
                        p.path
                    ),
                ))
                .in_file(src.strip_prefix(site_dir).unwrap_or(&src)),
            );
        }
    }
    let generated = Generated {
        pages,
        assets: assets.into_iter().collect(),
    };
    (lang, Some((generated, site.fiches.len())), diags)
}

/// `fiches check`: every validation of a build, drafts included, without writing.
pub fn check(site_dir: &Path) -> Report {
    let (lang, _, diagnostics) = generate(site_dir, true);
    Report {
        lang,
        diagnostics,
        built: None,
    }
}

/// `fiches build`: generates the site, then writes it only if there was no error.
pub fn build(site_dir: &Path, opts: &BuildOptions) -> Report {
    let (lang, generated, mut diagnostics) = generate(site_dir, opts.drafts);
    let Some((generated, fiches)) = generated else {
        return Report {
            lang,
            diagnostics,
            built: None,
        };
    };
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| site_dir.join("public"));
    if let Some(d) = unsafe_output(site_dir, &output, lang) {
        diagnostics.push(d);
        return Report {
            lang,
            diagnostics,
            built: None,
        };
    }
    match output::write(&output, &generated, opts.force, lang) {
        Ok(files) => Report {
            lang,
            diagnostics,
            built: Some(Built {
                fiches,
                files,
                output,
            }),
        },
        Err(d) => {
            diagnostics.push(d);
            Report {
                lang,
                diagnostics,
                built: None,
            }
        }
    }
}

/// The output folder is replaced wholesale, so it must not hold the site's sources.
fn unsafe_output(site_dir: &Path, output: &Path, lang: Lang) -> Option<Diagnostic> {
    let abs = |p: &Path| std::path::absolute(p).ok().map(|p| lexical(&p));
    let (site, out) = (abs(site_dir)?, abs(output)?);
    let sources = ["content", "static", "templates", "themes"].map(|d| site.join(d));
    let bad = site.starts_with(&out) || sources.iter().any(|s| out.starts_with(s));
    bad.then(|| {
        Diagnostic::error(lang.pick(
            "le dossier de sortie contient les sources du site : il serait effacé",
            "the output folder holds the site's sources: they would be erased",
        ))
        .in_file(output)
        .hint(lang.pick(
            "choisissez un dossier à part, par exemple -o public",
            "choose a separate folder, for example -o public",
        ))
    })
}

/// Resolves `.` and `..` of an absolute path without touching the disk.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
