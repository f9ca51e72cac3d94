//! The validation pass: one look over the assembled site and its page plan, before
//! anything is rendered. It finds addresses shared by two fiches or two published
//! files, cover images outside their bundle, the sections a variant expects, what
//! `fiches new` left to replace, terms outside a closed list or spelled several
//! ways, territories that name no place, and a network logo or podcast artwork that the site does not publish.

pub mod addresses;
pub mod events;
pub mod images;
pub mod network;
pub mod placeholders;
pub mod places;
pub mod podcast;
pub mod sections;
pub mod slugs;
pub mod terms;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::Origin;
use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::links::Links;
use crate::output::Asset;
use crate::paths::{self, Job};
use crate::site::Site;
use crate::sources::Sources;
use crate::theme::Theme;

/// What the validation pass looks at: the site assembled, its page plan, and the
/// files it publishes.
pub struct Assembled<'a> {
    pub site: &'a Site,
    /// Fiches whose front matter has errors: not published, their bodies read.
    pub invalid: &'a [Fiche],
    /// Drafts left out, whose addresses are taken all the same.
    pub drafts: &'a [Fiche],
    pub links: &'a Links,
    pub jobs: &'a [Job],
    /// `None` when the theme could not be loaded: what the site publishes is not
    /// known then, and the checks of its published files wait for a theme.
    pub theme: Option<&'a Theme>,
    /// The site's own files (bundles, photos in each size, `static/`), by address.
    pub assets: &'a [(String, Asset, Origin)],
    /// `fiches.toml`'s text, for the places of its values; the sizes of `static/`.
    pub sources: &'a Sources,
}

/// What the pass found.
pub struct Found {
    pub diagnostics: Vec<Diagnostic>,
    /// The diagnostics about terms, apart: `serve` works them out again whenever
    /// an edit changes terms.
    pub vocabulary: Vec<Diagnostic>,
}

/// Runs every check over the assembled site.
pub fn assembled(a: &Assembled) -> Found {
    let site = a.site;
    let cfg = &site.config;
    let mut diagnostics = Vec::new();
    let everyone = site.fiches.iter().chain(a.drafts).chain(a.invalid);
    slugs::check(everyone, cfg.language, &mut diagnostics);
    events::check(site, &mut diagnostics);
    // A fiche's own checks read every line of it: in parallel.
    let own: Vec<Vec<Diagnostic>> = (site.fiches.par_iter())
        .map(|f| fiche(cfg, a.links, f))
        .collect();
    diagnostics.extend(own.into_iter().flatten());
    for f in a.invalid {
        sections::check(cfg, f, &mut diagnostics);
    }
    if let Some(theme) = a.theme {
        published(a, theme, &mut diagnostics);
    }
    Found {
        diagnostics,
        vocabulary: vocabulary(cfg, &site.fiches),
    }
}

/// The checks of the terms across fiches (closed lists, spellings, territories that
/// name no place): what `serve` works out again whenever an edit changes terms.
pub fn vocabulary(cfg: &Config, fiches: &[Fiche]) -> Vec<Diagnostic> {
    let mut diags = terms::check(cfg, fiches);
    diags.extend(places::check(cfg, fiches));
    diags
}

/// The checks of one published fiche: its cover image, what `fiches new` left to
/// replace, and the sections its variant expects. `serve` runs them on each edit.
pub fn fiche(cfg: &Config, links: &Links, f: &Fiche) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    images::check(f, links, cfg.language, &mut diags);
    placeholders::check(cfg, f, &mut diags);
    sections::check(cfg, f, &mut diags);
    diags
}

/// The checks of what the site publishes: the network's logo and the podcast's
/// artwork are files of it, and every published file — each page of the plan, each
/// theme file, each file of the site — has an address of its own.
fn published(a: &Assembled, theme: &Theme, diags: &mut Vec<Diagnostic>) {
    let site = a.site;
    if let Ok(text) = &a.sources.config {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        network::logo(&site.config, a.links, text, diags);
        let (files, sizes) = (&a.links.root_files, &a.sources.static_sizes);
        podcast::artwork(site, files, sizes, text, diags);
    }
    let pages: Vec<(String, Origin)> = (a.jobs.iter())
        .map(|j| {
            let fiche = matches!(j, Job::Fiche(_));
            (j.file(site), Origin::Page { fiche })
        })
        .collect();
    let root = &a.sources.root;
    let theme_files = theme.assets.iter().map(|(dest, asset)| {
        let file = match asset {
            Asset::File(p) => Some(p.strip_prefix(root).unwrap_or(p).to_path_buf()),
            Asset::Embedded(_) => None,
        };
        (dest.as_str(), Origin::Theme(file))
    });
    let files: Vec<(&str, Origin)> = theme_files
        .chain(a.assets.iter().map(|(d, _, o)| (d.as_str(), o.clone())))
        .collect();
    let reserved: Vec<&str> = (site.config.search)
        .then_some(paths::SEARCH_INDEX_DIR)
        .into_iter()
        .collect();
    addresses::check(&files, &pages, &reserved, site.config.language, diags);
}
