//! `serve` keeps the last good [`Project`] and, after an edit of existing fiches,
//! renders again only the pages the edit touches: the fiche's own page, the lists it
//! is or was in, the pages that show it among their related fiches. Anything it
//! cannot plan is a full rebuild. Proven equal to a full build by `tests/incremental.rs`.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::check;
use crate::content;
use crate::diagnostic::{self, Diagnostic};
use crate::fiche::{self, Fiche};
use crate::markdown::Markdown;
use crate::paths::{self, Job};
use crate::project::Project;
use crate::site::taxonomy::spelling_flips;
use crate::site::{Site, TaxonomyKind};
use crate::slug::slugify;
use crate::sources;

/// What an update did.
pub enum Update {
    /// The pages rewritten, by path.
    Pages(Vec<String>),
    /// The edit has errors; the project is unchanged.
    Failed(Vec<Diagnostic>),
    /// The edit needs a full rebuild.
    NeedsFull,
}

/// Edited fiches parsed and rendered, ready to put in place.
pub struct Edits {
    /// Each edited fiche's position and its new version, its body rendered.
    list: Vec<(usize, Fiche)>,
    warnings: Vec<Diagnostic>,
}

impl Edits {
    /// The slugs of the edited fiches (an edit never changes one).
    pub fn slugs(&self) -> Vec<String> {
        self.list.iter().map(|(_, f)| f.slug.clone()).collect()
    }
}

impl Project {
    /// Applies edits of existing, published fiches (paths relative to the site folder,
    /// with their new bytes) without rebuilding the rest. Anything else is
    /// [`Update::NeedsFull`].
    pub fn update_fiches(&mut self, files: &[(PathBuf, Vec<u8>)]) -> Update {
        match self.prepare_edits(files) {
            Ok(edits) => self.apply_edits(edits, files),
            Err(outcome) => outcome,
        }
    }

    /// The costly half of an update, which only reads the project: the edited fiches
    /// parsed and their bodies rendered. `serve` runs it under a read lock, so a slow
    /// fiche never stops the site from being served.
    pub fn prepare_edits(&self, files: &[(PathBuf, Vec<u8>)]) -> Result<Edits, Update> {
        let cfg = &self.site.config;
        let lang = cfg.language;
        let md = Markdown::new(cfg.unsafe_html, lang);
        let mut edits = Vec::new();
        let mut fresh_warnings: Vec<Diagnostic> = Vec::new();
        for (rel, bytes) in files {
            let Some(pos) = self.site.fiches.iter().position(|f| &f.path == rel) else {
                return Err(Update::NeedsFull);
            };
            let text = match sources::decode(bytes, rel, lang) {
                Ok(t) => t,
                Err(d) => return Err(Update::Failed(vec![d])),
            };
            let old = &self.site.fiches[pos];
            let (new, mut diags) = fiche::parse(
                text,
                rel,
                &content::default_slug(rel).1,
                old.bundle.clone(),
                cfg,
            );
            let Some(mut new) = new else {
                return Err(Update::Failed(diags));
            };
            // A new address, publication state or cover image touches other fiches'
            // links or the published files: rebuild everything.
            if new.slug != old.slug || new.draft != old.draft || new.image != old.image {
                return Err(Update::NeedsFull);
            }
            diags.append(&mut content::render_body(&md, &self.links, &mut new));
            // The checks a full build runs on each fiche, on its new version.
            diags.append(&mut check::fiche(cfg, &self.links, &new));
            if diags.iter().any(Diagnostic::is_error) {
                diagnostic::sort(&mut diags);
                return Err(Update::Failed(diags));
            }
            fresh_warnings.append(&mut diags);
            edits.push((pos, new));
        }
        // Terms outside a closed list can only come from the edited fiches.
        let edited_fiches: Vec<Fiche> = edits.iter().map(|(_, f)| f.clone()).collect();
        let mut closed = check::terms::check(&self.site.config, &edited_fiches);
        closed.retain(Diagnostic::is_error);
        if !closed.is_empty() {
            diagnostic::sort(&mut closed);
            return Err(Update::Failed(closed));
        }
        Ok(Edits {
            list: edits,
            warnings: fresh_warnings,
        })
    }

    /// The quick half of an update: the prepared edits put in place and the pages they
    /// touch rendered again.
    pub fn apply_edits(&mut self, edits: Edits, files: &[(PathBuf, Vec<u8>)]) -> Update {
        let Edits {
            list: edits,
            warnings: mut fresh_warnings,
        } = edits;

        // Three depths of change: the body only (its page), what lists show but not
        // the terms (its page, the list pages around it, the pages that show it as
        // related), or the terms (every list it was or is in, related fiches anew).
        let terms_changed = edits.iter().any(|(pos, new)| {
            let old = &self.site.fiches[*pos];
            self.site
                .kinds
                .iter()
                .any(|k| k.terms_of(&self.site.config, old) != k.terms_of(&self.site.config, new))
        });
        let cards_changed = edits
            .iter()
            .any(|(pos, new)| !same_card(&self.site.fiches[*pos], new));
        let dates_changed = edits
            .iter()
            .any(|(pos, new)| self.site.fiches[*pos].date != new.date);
        let lists_changed = terms_changed;
        // A term shown with another spelling after the edit appears on pages this
        // update does not know about: everything is rendered again. Checked before
        // anything changes, so the project stays whole if the full rebuild fails.
        let replaced: Vec<(usize, &Fiche)> = edits.iter().map(|(pos, f)| (*pos, f)).collect();
        if terms_changed && spelling_flips(&self.site, &replaced) {
            return Update::NeedsFull;
        }
        let mut touched_terms: HashSet<(TaxonomyKind, String)> = HashSet::new();
        if terms_changed {
            for (pos, new) in &edits {
                let old = &self.site.fiches[*pos];
                for &kind in &self.site.kinds {
                    let cfg = &self.site.config;
                    for t in kind
                        .terms_of(cfg, old)
                        .iter()
                        .chain(kind.terms_of(cfg, new))
                    {
                        touched_terms.insert((kind, slugify(t.as_str())));
                    }
                }
            }
        }
        let edited: HashSet<String> = edits.iter().map(|(_, f)| f.slug.clone()).collect();
        // The edited fiches' own warnings replace those of their previous version.
        self.warnings.retain(|d| {
            !d.file
                .as_ref()
                .is_some_and(|f| files.iter().any(|(p, _)| p == f))
        });
        self.warnings.append(&mut fresh_warnings);
        let related_before = if terms_changed {
            self.related_slugs()
        } else {
            HashMap::new()
        };
        let old_positions: Vec<usize> = edits.iter().map(|(pos, _)| *pos).collect();
        for (pos, new) in edits {
            self.site.fiches[pos] = new;
        }
        self.whole_site_stale = true;
        let mut jobs: Vec<Job> = Vec::new();
        if cards_changed && !terms_changed {
            // Where each edited fiche was and is, in every list it belongs to.
            let in_terms = |site: &Site, i: usize| -> Vec<(TaxonomyKind, usize, usize)> {
                let mut out = Vec::new();
                for &kind in &site.kinds {
                    for name in kind.terms_of(&site.config, &site.fiches[i]) {
                        let tax = site.taxonomy(kind);
                        if let Some(t) = tax
                            .terms
                            .iter()
                            .position(|t| t.slug == slugify(name.as_str()))
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
            // The home page's first page shows the featured fiches, wherever they are.
            jobs.push(Job::Home(1));
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
            self.vocabulary = check::terms::check(&self.site.config, &self.site.fiches);
            jobs.extend(paths::home_jobs(&self.site));
            if self.site.config.search {
                jobs.push(Job::Search);
            }
            // The form suggests the terms in use.
            if self.site.config.contribute {
                jobs.push(Job::Contribute);
            }
            for &kind in &self.site.kinds {
                jobs.push(Job::Taxonomy(kind));
                for (i, term) in self.site.taxonomy(kind).terms.iter().enumerate() {
                    if touched_terms.contains(&(kind, term.slug.clone())) {
                        jobs.extend(paths::term_jobs(&self.site, kind, i));
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
                .map(|(k, slug)| paths::term_dir(&self.site.config, *k, slug))
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
        && a.image == b.image
        && a.draft == b.draft
        && a.featured == b.featured
}
