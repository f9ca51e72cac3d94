//! A site built in memory, kept between builds: `build` writes it once, `serve` keeps
//! it and updates only what an edit touches (an edited fiche re-renders its page and
//! the lists it appears in; anything else rebuilds the whole site in memory).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{self, Diagnostic};
use crate::fiche::{self, Fiche};
use crate::lang::Lang;
use crate::load;
use crate::markdown::{Links, Markdown};
use crate::output::Generated;
use crate::render::{self, Job, Page};
use crate::site::{Site, TaxonomyKind};
use crate::theme::{self, Source};
use crate::vocabulary;

pub struct Project {
    pub site_dir: PathBuf,
    pub drafts: bool,
    pub site: Site,
    pub theme: theme::Theme,
    links: Links,
    /// HTML of each fiche's body, by slug.
    bodies: HashMap<String, String>,
    pub generated: Generated,
    /// Position of each page in `generated.pages`, by path.
    index: HashMap<String, usize>,
    /// Warnings of the last build, but those about terms.
    warnings: Vec<Diagnostic>,
    /// Warnings about terms, recomputed whenever terms change.
    vocabulary: Vec<Diagnostic>,
    /// Whether the outputs made of every fiche (feed, sitemap, export) are behind
    /// the latest edits; `serve` renders them again when they are asked for.
    pub whole_site_stale: bool,
}

/// Options that differ between `build` and `serve`.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub drafts: bool,
    /// `serve` replaces the site's address with its own, so that absolute links
    /// (the 404 page, canonical URLs) point to the local server.
    pub base_url: Option<String>,
}

/// What an update did.
pub enum Update {
    /// The pages rewritten, by path.
    Pages(Vec<String>),
    /// The edit has errors; the project is unchanged.
    Failed(Vec<Diagnostic>),
    /// The edit needs a full rebuild.
    NeedsFull,
}

impl Project {
    /// Reads, validates and renders the whole site. `Err` holds every diagnostic when
    /// at least one is an error; `Ok` keeps the warnings in [`Project::warnings`].
    pub fn build(site_dir: &Path, opts: &Options) -> (Lang, Result<Project, Vec<Diagnostic>>) {
        let (cfg, mut diags) = load::config(site_dir);
        let Some(mut cfg) = cfg else {
            return (Lang::Fr, Err(diags));
        };
        if let Some(url) = &opts.base_url {
            cfg.base_url = Some(url.clone());
        }
        let lang = cfg.language;
        if cfg.base_url.is_none() {
            diags.push(
                Diagnostic::warning(lang.pick(
                    "sans `base_url`, le flux Atom, le plan du site (sitemap.xml, robots.txt) et l'export fiches.json ne sont pas produits : ils ont besoin de l'adresse publique du site",
                    "without `base_url`, the Atom feed, the sitemap (sitemap.xml, robots.txt) and the fiches.json export are left out: they need the site's public address",
                ))
                .in_file(crate::config::FILE_NAME)
                .hint(lang.pick(
                    "ajoutez par exemple : base_url = \"https://exemple.org/fiches/\"",
                    "add for example: base_url = \"https://example.org/sheets/\"",
                )),
            );
        }
        let (loaded, mut d) = load::content(site_dir, &cfg, opts.drafts);
        diags.append(&mut d);
        let vocab = vocabulary::check(&cfg, &loaded.fiches);
        let mut needed: Vec<&str> = render::TEMPLATES.to_vec();
        needed.extend(cfg.variants.iter().map(|v| v.template.as_str()));
        needed.sort();
        needed.dedup();
        let (theme, mut d) = theme::load(site_dir, &cfg, &needed);
        diags.append(&mut d);
        let Some(theme) = theme else {
            diags.extend(vocab);
            diagnostic::sort(&mut diags);
            return (lang, Err(diags));
        };
        theme.name_variants(&mut cfg.variants);
        let mut loaded = loaded;
        loaded.links.root_files.extend(theme.assets.keys().cloned());
        let site = Site::new(cfg, loaded.fiches);
        let (bodies, mut d) = render::bodies(&site, &loaded.links, &loaded.invalid);
        diags.append(&mut d);
        if diags.iter().chain(&vocab).any(Diagnostic::is_error) {
            diags.extend(vocab);
            diagnostic::sort(&mut diags);
            return (lang, Err(diags));
        }
        let (pages, mut d) = render::pages(&site, &theme, &render::all_jobs(&site), &bodies);
        diags.append(&mut d);

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
        if diags.iter().chain(&vocab).any(Diagnostic::is_error) {
            diags.extend(vocab);
            diagnostic::sort(&mut diags);
            return (lang, Err(diags));
        }
        let bodies = site
            .fiches
            .iter()
            .map(|f| f.slug.clone())
            .zip(bodies)
            .collect();
        let index = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.clone(), i))
            .collect();
        let project = Project {
            site_dir: site_dir.to_path_buf(),
            drafts: opts.drafts,
            site,
            theme,
            links: loaded.links,
            bodies,
            generated: Generated {
                pages,
                assets: assets.into_iter().collect(),
            },
            index,
            warnings: diags,
            vocabulary: vocab,
            whole_site_stale: false,
        };
        (lang, Ok(project))
    }

    fn reindex(&mut self) {
        self.index = self
            .generated
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.clone(), i))
            .collect();
    }

    /// Each fiche's related fiches, by slug.
    fn related_slugs(&self) -> HashMap<String, Vec<String>> {
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

    /// Whether replacing fiches by `edits` would change how one of their terms is
    /// spelled on the site (the most used spelling wins, unless a closed list fixes it).
    fn spelling_flips(&self, edits: &[(usize, Fiche, String)]) -> bool {
        let replaced: HashMap<usize, &Fiche> = edits.iter().map(|(pos, f, _)| (*pos, f)).collect();
        for kind in TaxonomyKind::ALL {
            if self.site.config.vocabularies.contains_key(kind.key()) {
                continue;
            }
            let tax = self.site.taxonomy(kind);
            let mut slugs: HashSet<String> = HashSet::new();
            for (pos, new, _) in edits {
                for t in kind
                    .terms_of(&self.site.fiches[*pos])
                    .iter()
                    .chain(kind.terms_of(new))
                {
                    slugs.insert(crate::slug::slugify(t));
                }
            }
            for slug in slugs {
                let current = tax.terms.iter().find(|t| t.slug == slug);
                // Every fiche that has or will have the term, once.
                let mut ids: Vec<usize> = current.map(|t| t.fiches.clone()).unwrap_or_default();
                ids.extend(replaced.keys().copied());
                ids.sort_unstable();
                ids.dedup();
                let mut spellings: Vec<&str> = Vec::new();
                for i in ids {
                    let f = replaced.get(&i).copied().unwrap_or(&self.site.fiches[i]);
                    if let Some(name) = kind
                        .terms_of(f)
                        .iter()
                        .find(|n| crate::slug::slugify(n) == slug)
                    {
                        spellings.push(name);
                    }
                }
                let after = vocabulary::preferred_spelling(spellings.into_iter());
                if current.is_some_and(|t| t.name != after) {
                    return true;
                }
            }
        }
        false
    }

    /// Renders `jobs` with the bodies in the site's current order.
    fn render(&self, jobs: &[Job]) -> (Vec<Page>, Vec<Diagnostic>) {
        let needs_all = jobs.iter().any(render::is_whole_site);
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

    /// Renders the feed, the sitemap and the export again after edits.
    pub fn refresh_whole_site(&mut self) {
        if !self.whole_site_stale {
            return;
        }
        let jobs: Vec<Job> = render::all_jobs(&self.site)
            .into_iter()
            .filter(render::is_whole_site)
            .collect();
        let (pages, _) = self.render(&jobs);
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

    pub fn asset(&self, path: &str) -> Option<&Source> {
        self.generated
            .assets
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| &self.generated.assets[i].1)
    }

    /// Applies edits of existing, published fiches (paths relative to the site folder)
    /// without rebuilding the rest. Anything else is [`Update::NeedsFull`].
    pub fn update_fiches(&mut self, paths: &[PathBuf]) -> Update {
        let cfg = &self.site.config;
        let lang = cfg.language;
        let md = Markdown::new(cfg.unsafe_html, lang);
        let mut edits = Vec::new();
        let mut fresh_warnings: Vec<Diagnostic> = Vec::new();
        for rel in paths {
            let Some(pos) = self.site.fiches.iter().position(|f| &f.path == rel) else {
                return Update::NeedsFull;
            };
            let Ok(bytes) = std::fs::read(self.site_dir.join(rel)) else {
                return Update::NeedsFull;
            };
            let text = match fiche::decode(&bytes, rel, lang) {
                Ok(t) => t,
                Err(d) => return Update::Failed(vec![d]),
            };
            let old = &self.site.fiches[pos];
            let (new, mut diags) = fiche::parse(
                text,
                rel,
                &load::default_slug(rel).1,
                old.bundle.clone(),
                cfg,
            );
            let Some(new) = new else {
                return Update::Failed(diags);
            };
            // A new address, publication state or cover image touches other fiches'
            // links or the published files: rebuild everything.
            if new.slug != old.slug || new.draft != old.draft || new.image != old.image {
                return Update::NeedsFull;
            }
            let (html, mut d) = render::body(&self.site, &md, &self.links, &new);
            diags.append(&mut d);
            if diags.iter().any(Diagnostic::is_error) {
                diagnostic::sort(&mut diags);
                return Update::Failed(diags);
            }
            fresh_warnings.append(&mut diags);
            edits.push((pos, new, html));
        }
        // Terms outside a closed list can only come from the edited fiches.
        let edited_fiches: Vec<Fiche> = edits.iter().map(|(_, f, _)| f.clone()).collect();
        let mut closed = vocabulary::check(&self.site.config, &edited_fiches);
        closed.retain(Diagnostic::is_error);
        if !closed.is_empty() {
            diagnostic::sort(&mut closed);
            return Update::Failed(closed);
        }

        // Three depths of change: the body only (its page), what lists show but not
        // the terms (its page, the list pages around it, the pages that show it as
        // related), or the terms (every list it was or is in, related fiches anew).
        let terms_changed = edits.iter().any(|(pos, new, _)| {
            let old = &self.site.fiches[*pos];
            TaxonomyKind::ALL
                .iter()
                .any(|k| k.terms_of(old) != k.terms_of(new))
        });
        let cards_changed = edits
            .iter()
            .any(|(pos, new, _)| !same_card(&self.site.fiches[*pos], new));
        let dates_changed = edits
            .iter()
            .any(|(pos, new, _)| self.site.fiches[*pos].date != new.date);
        let lists_changed = terms_changed;
        // A term shown with another spelling after the edit appears on pages this
        // update does not know about: everything is rendered again. Checked before
        // anything changes, so the project stays whole if the full rebuild fails.
        if terms_changed && self.spelling_flips(&edits) {
            return Update::NeedsFull;
        }
        let mut touched_terms: HashSet<(TaxonomyKind, String)> = HashSet::new();
        if terms_changed {
            for (pos, new, _) in &edits {
                let old = &self.site.fiches[*pos];
                for kind in TaxonomyKind::ALL {
                    for t in kind.terms_of(old).iter().chain(kind.terms_of(new)) {
                        touched_terms.insert((kind, crate::slug::slugify(t)));
                    }
                }
            }
        }
        let edited: HashSet<String> = edits.iter().map(|(_, f, _)| f.slug.clone()).collect();
        // The edited fiches' own warnings replace those of their previous version.
        self.warnings
            .retain(|d| !d.file.as_ref().is_some_and(|f| paths.contains(f)));
        self.warnings.append(&mut fresh_warnings);
        let related_before = if terms_changed {
            self.related_slugs()
        } else {
            HashMap::new()
        };
        let old_positions: Vec<usize> = edits.iter().map(|(pos, _, _)| *pos).collect();
        for (pos, new, html) in edits {
            self.bodies.insert(new.slug.clone(), html);
            self.site.fiches[pos] = new;
        }
        self.whole_site_stale = true;
        let mut jobs: Vec<Job> = Vec::new();
        if cards_changed && !terms_changed {
            // Where each edited fiche was and is, in every list it belongs to.
            let in_terms = |site: &Site, i: usize| -> Vec<(TaxonomyKind, usize, usize)> {
                let mut out = Vec::new();
                for kind in TaxonomyKind::ALL {
                    for name in kind.terms_of(&site.fiches[i]) {
                        let tax = site.taxonomy(kind);
                        if let Some(t) = tax
                            .terms
                            .iter()
                            .position(|t| t.slug == crate::slug::slugify(name))
                            && let Ok(at) = tax.terms[t].fiches.binary_search(&i)
                        {
                            out.push((kind, t, at));
                        }
                    }
                }
                out
            };
            let before: Vec<_> = old_positions
                .iter()
                .map(|&p| in_terms(&self.site, p))
                .collect();
            let related_before = self.site.related.clone();
            let new_of = self.site.resort(&old_positions, dates_changed);
            let per = self.site.config.paginate;
            let page_of = |at: usize| at.checked_div(per).map_or(1, |p| p + 1);
            for (k, &old) in old_positions.iter().enumerate() {
                let new = new_of[old];
                for n in page_of(old.min(new))..=page_of(old.max(new)) {
                    jobs.push(Job::Home(n));
                }
                for (&(kind, t, was), &(_, _, is)) in
                    before[k].iter().zip(in_terms(&self.site, new).iter())
                {
                    for n in page_of(was.min(is))..=page_of(was.max(is)) {
                        jobs.push(Job::Term(kind, t, n));
                    }
                }
            }
            // Pages showing an edited fiche among their related ones, and those whose
            // related fiches were ranked again.
            let moved: HashSet<usize> = old_positions.iter().map(|&p| new_of[p]).collect();
            let mut before_now = vec![Vec::new(); related_before.len()];
            for (old, list) in related_before.into_iter().enumerate() {
                before_now[new_of[old]] = list.into_iter().map(|j| new_of[j]).collect::<Vec<_>>();
            }
            for (i, related) in self.site.related.iter().enumerate() {
                let reranked = before_now[i] != *related;
                if reranked || related.iter().any(|j| moved.contains(j)) {
                    jobs.push(Job::Fiche(i));
                }
            }
        }
        if lists_changed {
            // Terms moved: rebuild the lists and the related fiches.
            let fiches = std::mem::take(&mut self.site.fiches);
            let config = self.site.config.clone();
            self.site = Site::new(config, fiches);
            self.vocabulary = vocabulary::check(&self.site.config, &self.site.fiches);
            jobs.extend(render::home_jobs(&self.site));
            if self.site.config.search {
                jobs.push(Job::Search);
            }
            for kind in TaxonomyKind::ALL {
                jobs.push(Job::Taxonomy(kind));
                for (i, term) in self.site.taxonomy(kind).terms.iter().enumerate() {
                    if touched_terms.contains(&(kind, term.slug.clone())) {
                        jobs.extend(render::term_jobs(&self.site, kind, i));
                    }
                }
            }
            // Fiche pages whose related list changed, or that show an edited fiche in it.
            let related_after = self.related_slugs();
            for (i, f) in self.site.fiches.iter().enumerate() {
                let after = &related_after[&f.slug];
                if related_before.get(&f.slug) != Some(after)
                    || after.iter().any(|s| edited.contains(s))
                {
                    jobs.push(Job::Fiche(i));
                }
            }
        }
        for (i, f) in self.site.fiches.iter().enumerate() {
            if edited.contains(&f.slug) {
                jobs.push(Job::Fiche(i));
            }
        }
        jobs.sort_unstable();
        jobs.dedup();
        let (pages, diags) = self.render(&jobs);
        if diags.iter().any(Diagnostic::is_error) {
            return Update::Failed(diags);
        }
        // The lists of touched terms are replaced whole: a term may have lost pages,
        // or be gone.
        let mut changed: Vec<String> = Vec::new();
        if lists_changed {
            let prefixes: Vec<String> = touched_terms
                .iter()
                .map(|(k, slug)| format!("{}/{slug}/", k.key()))
                .collect();
            let before = self.generated.pages.len();
            self.generated.pages.retain(|p| {
                let stale = prefixes.iter().any(|pre| p.path.starts_with(pre.as_str()));
                if stale {
                    changed.push(p.path.clone());
                }
                !stale
            });
            if self.generated.pages.len() != before {
                self.reindex();
            }
        }
        for page in pages {
            changed.push(page.path.clone());
            match self.index.get(&page.path) {
                Some(&i) => self.generated.pages[i] = page,
                None => {
                    self.index
                        .insert(page.path.clone(), self.generated.pages.len());
                    self.generated.pages.push(page);
                }
            }
        }
        changed.sort();
        changed.dedup();
        Update::Pages(changed)
    }
}

/// Whether everything lists show of a fiche is unchanged.
fn same_card(a: &Fiche, b: &Fiche) -> bool {
    a.title == b.title
        && a.date == b.date
        && a.summary == b.summary
        && a.variant == b.variant
        && a.tags == b.tags
        && a.themes == b.themes
        && a.territory == b.territory
        && a.organization == b.organization
        && a.authors == b.authors
        && a.collective == b.collective
        && a.image_alt == b.image_alt
}
