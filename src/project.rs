//! The pure assembly of a site: from the [`Sources`] in memory to a [`Project`] — the
//! configuration, the fiches, the site, the theme and every page rendered. `build`,
//! `check`, `serve` and the fuzz entry all run [`Project::assemble`]; `serve` keeps
//! the project and updates it after an edit (see `serve::incremental`).

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
use crate::search;
use crate::site::Site;
use crate::sources::Sources;
use crate::theme;

mod addresses;
use addresses::addresses;

pub struct Project {
    pub site: Site,
    pub theme: theme::Theme,
    pub(crate) links: Links,
    /// HTML of each fiche's body, by slug.
    pub(crate) bodies: HashMap<String, String>,
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
    /// The search index's files, when [`Options::search_index`] asked for them.
    pub search_files: Vec<Page>,
    /// `fiches.json`, left out of the pages [`Project::assemble_into`] handed over:
    /// the caller writes it with [`Project::write_data`].
    pub data_left: Option<&'static str>,
}

/// Where [`Project::assemble_into`] hands the pages as they are rendered.
pub type PageSink<'s> = dyn FnMut(&[Page]) -> Result<(), Diagnostic> + 's;

/// Pages rendered at once before they are handed to the sink: enough to keep both
/// cores busy, few enough that they weigh little.
const SLICE: usize = 256;

/// Options that differ between `build` and `serve`.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub drafts: bool,
    /// `serve` replaces the site's address with its own, so that absolute links
    /// (the 404 page, canonical URLs) point to the local server.
    pub base_url: Option<String>,
    /// The site's address when `fiches.toml` gives none (`fiches build --base-url`:
    /// a forge's CI knows where its pages are published).
    pub default_base_url: Option<String>,
    /// Makes the search index (when the site has search) while the pages are
    /// rendered and written: its work fills the time a core would wait.
    pub search_index: bool,
    /// The user's language, for the messages about a `fiches.toml` that cannot be
    /// read far enough to say the site's (see [`config::Written`]).
    pub locale: Lang,
}

impl Project {
    /// The HTML of each fiche's body, by slug.
    pub fn bodies(&self) -> &HashMap<String, String> {
        &self.bodies
    }

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
        mut sink: Option<&mut PageSink<'_>>,
    ) -> Result<Project, Failure> {
        let mut diags = std::mem::take(&mut sources.diagnostics);
        let (cfg, mut d, lang) = match &sources.config {
            Ok(text) => config::parse_in(text, opts.locale),
            Err(e) => (None, e.clone(), opts.locale),
        };
        diags.append(&mut d);
        let Some(mut cfg) = cfg else {
            diagnostic::sort(&mut diags);
            return Err(Failure {
                lang,
                diagnostics: diags,
            });
        };
        if let Some(url) = &opts.base_url {
            cfg.base_url = Some(url.clone());
        }
        if cfg.base_url.is_none() {
            cfg.base_url.clone_from(&opts.default_base_url);
        }
        let lang = cfg.language;
        // No warning without `base_url`: a site read from a USB key or a folder has
        // no address, and `fiches init` explains what the address adds.
        let (loaded, mut d) = content::read(&mut sources, &cfg, opts.drafts);
        diags.append(&mut d);
        let vocab = check::terms::check(&cfg, &loaded.fiches);
        let mut needed: Vec<&str> = render::TEMPLATES.to_vec();
        needed.extend(cfg.variants.iter().map(|v| v.template.as_str()));
        needed.sort();
        needed.dedup();
        let (theme, mut d) = theme::load(&sources, &cfg, &needed);
        diags.append(&mut d);
        let Some(theme) = theme else {
            return Err(failed(lang, diags, vocab));
        };
        theme.name_variants(&mut cfg.variants);
        let mut loaded = loaded;
        loaded.links.root_files.extend(theme.assets.keys().cloned());
        if let Ok(text) = &sources.config {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            check::network::logo(&cfg, &loaded.links, text, &mut diags);
        }
        let mut site = Site::new(cfg, loaded.fiches);
        site.media = loaded.media;
        site.photos = loaded.links.photos.clone();
        if let Ok(text) = &sources.config {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            let (files, sizes) = (&loaded.links.root_files, &sources.static_sizes);
            check::podcast::artwork(&site, files, sizes, text, &mut diags);
        }
        let (bodies, mut d) = render::bodies(&site, &loaded.links, &loaded.invalid);
        diags.append(&mut d);
        let jobs = paths::all_jobs(&site);
        // Before anything is rendered or written: every address has one source.
        addresses(
            &site,
            &jobs,
            &theme,
            &loaded.assets,
            &sources.root,
            &mut diags,
        );
        if diags.iter().chain(&vocab).any(Diagnostic::is_error) {
            return Err(failed(lang, diags, vocab));
        }
        // Handed over to a sink (build, check), the project is not kept to be edited:
        // past this point nothing reads a fiche's text.
        if sink.is_some() {
            site.fiches.iter_mut().for_each(Fiche::forget_text);
        }
        let mut jobs = jobs;
        // `fiches.json` weighs as much as every fiche's text: handed over, it is left
        // to the caller, which writes it piece by piece (see `write_data`).
        let data_left = (sink.is_some() && jobs.contains(&Job::Data)).then_some(paths::DATA_FILE);
        jobs.retain(|j| data_left.is_none() || *j != Job::Data);
        let renderer = render::Renderer::new(&site, &theme, &jobs, &bodies);
        let dates = theme.dates();
        let mut search_files = Vec::new();
        let pages = rayon::in_place_scope(|scope| {
            if opts.search_index && site.config.search {
                let files = &mut search_files;
                let (site, dates, bodies) = (&site, &dates, &bodies);
                scope.spawn(move |_| *files = search::build(site, dates, bodies));
            }
            render_all(&renderer, &jobs, sink.as_mut(), &mut diags)
        });
        drop(renderer);

        // Theme files first, then the site's static/ and bundle files, which replace
        // them (any other clash was an error above).
        let mut assets: BTreeMap<String, Asset> = theme.assets.clone();
        for (dest, asset, _) in loaded.assets {
            assets.insert(dest, asset);
        }
        let assets: Vec<(String, Asset)> = assets.into_iter().collect();
        if diags.iter().chain(&vocab).any(Diagnostic::is_error) {
            return Err(failed(lang, diags, vocab));
        }
        let bodies = site
            .fiches
            .iter()
            .map(|f| f.slug.clone())
            .zip(bodies)
            .collect();
        let mut project = Project {
            site,
            theme,
            links: loaded.links,
            bodies,
            generated: Generated { pages, assets },
            index: HashMap::new(),
            warnings: diags,
            vocabulary: vocab,
            whole_site_stale: false,
            skipped_drafts: loaded.skipped_drafts,
            draft_slugs: loaded.draft_slugs,
            search_files,
            data_left,
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
        let bodies: Vec<&str> = self
            .site
            .fiches
            .iter()
            .map(|f| self.body(&f.slug))
            .collect();
        crate::export::write_data(&self.site, &bodies, out)
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

    /// Renders `jobs` with the bodies in the site's current order.
    pub(crate) fn render(&self, jobs: &[Job]) -> (Vec<Page>, Vec<Diagnostic>) {
        let needs_all = jobs.iter().any(Job::is_whole_site);
        let bodies: Vec<String> = self
            .site
            .fiches
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if needs_all || jobs.contains(&Job::Fiche(i)) {
                    self.bodies.get(&f.slug).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .collect();
        render::pages(&self.site, &self.theme, jobs, &bodies)
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

    /// The HTML of a published fiche's body.
    pub fn body(&self, slug: &str) -> &str {
        self.bodies.get(slug).map_or("", String::as_str)
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

/// Every diagnostic of a failed assembly, sorted.
fn failed(lang: Lang, mut diagnostics: Vec<Diagnostic>, vocab: Vec<Diagnostic>) -> Failure {
    diagnostics.extend(vocab);
    diagnostic::sort(&mut diagnostics);
    Failure { lang, diagnostics }
}

/// Renders every page of `jobs`: kept (no sink), or handed to `sink` slice by slice.
/// After an error the sink is not called again.
fn render_all(
    renderer: &render::Renderer,
    jobs: &[paths::Job],
    sink: Option<&mut &mut PageSink<'_>>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    match sink {
        None => {
            let (pages, mut d) = renderer.render(jobs);
            diags.append(&mut d);
            pages
        }
        Some(sink) => {
            let mut failed = false;
            for slice in jobs.chunks(SLICE) {
                let (pages, mut d) = renderer.render(slice);
                failed |= !d.is_empty();
                diags.append(&mut d);
                if !failed && let Err(d) = sink(&pages) {
                    diags.push(d);
                    failed = true;
                }
            }
            Vec::new()
        }
    }
}
