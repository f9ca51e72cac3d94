//! The pure assembly of a site: from the [`Sources`] in memory to a [`Project`] — the
//! configuration, the fiches, the site, the theme and every page rendered. `build`,
//! `check`, `serve` and the fuzz entry all run [`Project::assemble`]; `serve` keeps
//! the project and updates it after an edit, and an incremental build plans with the
//! same logic what an edit touches (see [`incremental`]).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::check;
use crate::config;
use crate::content;
use crate::diagnostic::{self, Diagnostic, Failure};
use crate::fiche::Fiche;
use crate::lang::Lang;
use crate::links::Links;
use crate::output::{Asset, Generated, Page};
use crate::paths::{self, Job};
use crate::render;
use crate::site::Site;
use crate::sources::Sources;
use crate::theme;

mod configure;
pub mod incremental;
mod options;
mod rendering;

pub use options::{Options, RecordsInto, SearchRecords};

use configure::configure;
use rendering::{Rendered, render_site};

pub struct Project {
    pub site: Site,
    pub theme: theme::Theme,
    pub(crate) links: Links,
    pub generated: Generated,
    /// Position of each page in `generated.pages`, by path.
    pub(crate) index: HashMap<String, usize>,
    /// Warnings of the last build, but those about terms.
    pub(crate) warnings: Vec<Diagnostic>,
    /// Warnings about terms, recomputed whenever terms change.
    pub(crate) vocabulary: Vec<Diagnostic>,
    /// Whether the outputs made of every fiche ([`Job::is_whole_site`]) are behind
    /// the latest edits; `serve` renders them again when one is asked for.
    pub whole_site_stale: bool,
    /// Drafts left out of this build: their files and titles.
    pub skipped_drafts: Vec<(PathBuf, String)>,
    /// The addresses of those drafts (the editor's new fiches may not take them).
    pub draft_slugs: Vec<String>,
    /// The search index's files, when [`Options::search_index`] asked for them and
    /// no sink took them ([`Project::assemble_into`] hands them over as pages).
    pub search_files: Vec<Page>,
    /// The search index's records of the fiches' words were written, whole and
    /// worth keeping, where [`Options::search_records`] said.
    pub search_records: bool,
    /// `fiches.json`, left out of the pages [`Project::assemble_into`] handed over:
    /// the caller writes it with [`Project::write_data`].
    pub data_left: Option<&'static str>,
}

/// Where [`Project::assemble_into`] hands the pages as they are rendered.
pub type PageSink<'s> = dyn FnMut(&[Page]) -> Result<(), Diagnostic> + 's;

/// Pages rendered at once before they are handed to the sink: enough to keep both
/// cores busy, few enough that they weigh little.
const SLICE: usize = 256;

impl Project {
    /// Validates and renders the whole site from its sources. `Err` holds every
    /// diagnostic when at least one is an error; `Ok` keeps the warnings in
    /// [`Project::warnings`].
    pub fn assemble(sources: Sources, opts: &Options) -> Result<Project, Failure> {
        Self::assemble_into(sources, opts, None)
    }

    /// [`Project::assemble`], handing the pages to `sink` slice by slice as they are
    /// rendered instead of keeping them (`generated.pages` stays empty): a build
    /// writes them at once, so that they are never all in memory. After an error,
    /// the sink is not called again; the error is among the diagnostics.
    pub fn assemble_into(
        mut sources: Sources,
        opts: &Options,
        sink: Option<&mut PageSink<'_>>,
    ) -> Result<Project, Failure> {
        let mut diags = std::mem::take(&mut sources.diagnostics);
        let mut cfg = configure(&sources, opts, &mut diags)?;
        let lang = cfg.language;
        let (mut loaded, mut d) = content::read(&mut sources, &cfg, opts.drafts);
        diags.append(&mut d);
        // With a sink (build, check), each body's Markdown goes once rendered.
        let forget = sink.is_some();
        let kept = &opts.kept_bodies;
        diags.append(&mut content::render_bodies(&cfg, &mut loaded, kept, forget));
        let (theme, mut d) = load_theme(&sources, &cfg);
        diags.append(&mut d);
        if let Some(theme) = &theme {
            theme.name_variants(&mut cfg.variants);
            loaded.links.root_files.extend(theme.assets.keys().cloned());
        }
        let mut site = Site::new(cfg, std::mem::take(&mut loaded.fiches));
        site.pool(opts.partners.clone());
        site.media = std::mem::take(&mut loaded.media);
        site.photos = loaded.links.photos.clone();
        let jobs = paths::all_jobs(&site);
        // Before anything is rendered or written: the one validation pass.
        let found = check::assembled(&check::Assembled {
            site: &site,
            invalid: &loaded.invalid,
            drafts: &loaded.drafts,
            links: &loaded.links,
            jobs: &jobs,
            theme: theme.as_ref(),
            assets: &loaded.assets,
            sources: &sources,
        });
        diags.extend(found.diagnostics);
        let vocab = found.vocabulary;
        let theme = theme.filter(|_| !diags.iter().chain(&vocab).any(Diagnostic::is_error));
        let Some(theme) = theme else {
            return Err(failed(lang, diags, vocab));
        };
        // Handed over to a sink (build, check), the project is not edited: past this
        // point nothing reads a fiche's text (`incremental` places warnings in it).
        if sink.is_some() {
            site.fiches.iter_mut().for_each(Fiche::forget_text);
        }
        let rendered = if opts.skip_pages {
            Rendered::default()
        } else {
            render_site(&site, &theme, jobs, opts, sink, &mut diags)
        };
        if diags.iter().chain(&vocab).any(Diagnostic::is_error) {
            return Err(failed(lang, diags, vocab));
        }
        let assets = published_assets(&theme, loaded.assets);
        let mut project = Project {
            site,
            theme,
            links: loaded.links,
            generated: Generated {
                pages: rendered.pages,
                assets,
            },
            index: HashMap::new(),
            warnings: diags,
            vocabulary: vocab,
            whole_site_stale: false,
            skipped_drafts: loaded.skipped_drafts,
            draft_slugs: loaded.draft_slugs,
            search_files: rendered.search_files,
            search_records: rendered.search_records,
            data_left: rendered.data_left,
        };
        project.reindex();
        Ok(project)
    }

    pub(crate) fn reindex(&mut self) {
        self.index = self
            .generated
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.clone(), i))
            .collect();
    }

    /// Writes `fiches.json` into `out` piece by piece (see [`Project::data_left`]).
    pub fn write_data(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        crate::export::write_data(&self.site, out)
    }

    /// [`Project::write_data`], copying the entries `previous` gives (see
    /// [`crate::export::write_data_reusing`]); where each entry lies.
    pub fn write_data_reusing(
        &self,
        out: &mut dyn std::io::Write,
        previous: Option<&mut dyn crate::export::PreviousData>,
    ) -> std::io::Result<crate::export::Entries> {
        crate::export::write_data_reusing(&self.site, out, previous)
    }

    /// Each fiche's related fiches, by slug.
    pub(crate) fn related_slugs(&self) -> HashMap<String, Vec<String>> {
        self.site
            .fiches
            .iter()
            .zip(&self.site.related)
            .map(|(f, r)| {
                (
                    f.slug.clone(),
                    r.iter()
                        .map(|&j| self.site.fiches[j].slug.clone())
                        .collect(),
                )
            })
            .collect()
    }

    /// Renders `jobs` of the site as it is now.
    pub(crate) fn render(&self, jobs: &[Job]) -> (Vec<Page>, Vec<Diagnostic>) {
        render::pages(&self.site, &self.theme, jobs)
    }

    /// Whether `file` is one of the outputs made of every fiche and is behind the
    /// latest edits: then [`Project::refresh_whole_site`] is due before it is served.
    pub fn is_stale(&self, file: &str) -> bool {
        self.whole_site_stale
            && paths::whole_site_jobs(&self.site)
                .iter()
                .any(|j| j.file(&self.site) == file)
    }

    /// Renders the outputs made of every fiche (feeds, sitemap, export, badges page)
    /// again after edits.
    pub fn refresh_whole_site(&mut self) {
        if self.whole_site_stale {
            let pages = self.render_whole_site();
            self.put_whole_site(pages);
        }
    }

    /// The outputs made of every fiche, rendered from the current state without
    /// changing it: `serve` renders them while it serves pages, then puts them in
    /// place with [`Project::put_whole_site`].
    pub fn render_whole_site(&self) -> Vec<Page> {
        self.render(&paths::whole_site_jobs(&self.site)).0
    }

    /// Puts in place the outputs [`Project::render_whole_site`] rendered.
    pub fn put_whole_site(&mut self, pages: Vec<Page>) {
        for page in pages {
            if let Some(&i) = self.index.get(&page.path) {
                self.generated.pages[i] = page;
            }
        }
        self.whole_site_stale = false;
    }

    /// Every warning of the current state, sorted.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .warnings
            .iter()
            .chain(&self.vocabulary)
            .cloned()
            .collect();
        diagnostic::sort(&mut all);
        all
    }

    pub fn page(&self, path: &str) -> Option<&Page> {
        self.index.get(path).map(|&i| &self.generated.pages[i])
    }

    pub fn asset(&self, path: &str) -> Option<&Asset> {
        self.generated
            .assets
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| &self.generated.assets[i].1)
    }
}

/// The theme, with every template the site's variants name.
fn load_theme(sources: &Sources, cfg: &config::Config) -> (Option<theme::Theme>, Vec<Diagnostic>) {
    let mut needed: Vec<&str> = render::TEMPLATES.to_vec();
    needed.extend(cfg.variants.iter().map(|v| v.template.as_str()));
    needed.sort();
    needed.dedup();
    theme::load(sources, cfg, &needed)
}

/// Theme files first, then the site's `static/` and bundle files, which replace
/// them (any other clash was an error of the validation pass).
fn published_assets(
    theme: &theme::Theme,
    site_files: Vec<(String, Asset, content::Origin)>,
) -> Vec<(String, Asset)> {
    let mut assets: BTreeMap<String, Asset> = theme.assets.clone();
    for (dest, asset, _) in site_files {
        assets.insert(dest, asset);
    }
    assets.into_iter().collect()
}

/// Every diagnostic of a failed assembly, sorted.
fn failed(lang: Lang, mut diagnostics: Vec<Diagnostic>, vocab: Vec<Diagnostic>) -> Failure {
    diagnostics.extend(vocab);
    diagnostic::sort(&mut diagnostics);
    Failure { lang, diagnostics }
}
