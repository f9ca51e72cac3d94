//! After an edit of existing fiches, only the pages the edit touches are rendered
//! again (`serve` on the last good [`Project`] it keeps, `build` on a project
//! assembled without pages): the fiche's own page, the lists it
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
use crate::site::TaxonomyKind;
use crate::site::taxonomy::spelling_flips;
use crate::slug::slugify;
use crate::sources;

mod day;
mod jobs;
mod undo;

use undo::Earlier;

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
    /// touch rendered again. All or nothing: when a page fails to render, the project
    /// is left as it was, and so is every page made from it later.
    pub fn apply_edits(&mut self, edits: Edits, files: &[(PathBuf, Vec<u8>)]) -> Update {
        let Edits { list, warnings } = edits;
        let depth = self.depth_of(&list);
        // A term shown with another spelling after the edit appears on pages this
        // update does not know about: everything is rendered again.
        let replaced: Vec<(usize, &Fiche)> = list.iter().map(|(pos, f)| (*pos, f)).collect();
        if depth.terms && spelling_flips(&self.site, &replaced) {
            return Update::NeedsFull;
        }
        if self.events_come_or_go(&list) {
            return Update::NeedsFull;
        }
        let touched_terms = if depth.terms {
            self.touched_terms(&list)
        } else {
            HashSet::new()
        };
        let edited: HashSet<String> = list.iter().map(|(_, f)| f.slug.clone()).collect();
        let related_before = if depth.terms {
            self.related_slugs()
        } else {
            HashMap::new()
        };
        let mut undo = self.put_in_place(list, warnings, files);
        let mut jobs: Vec<Job> = Vec::new();
        if depth.terms {
            let (earlier, vocabulary) = self.remake_site();
            // Partners' fiches listed under other terms, or their terms named anew,
            // touch pages and search entries of fiches that were not edited.
            let pooling_moved = earlier.pooling() != self.site.pooling();
            undo.site = Some(Earlier::Remade(Box::new(earlier)));
            undo.vocabulary = Some(vocabulary);
            if pooling_moved {
                self.restore(undo);
                return Update::NeedsFull;
            }
            jobs.extend(self.list_jobs(&touched_terms, &related_before, &edited));
        } else if depth.cards {
            let taxonomies = self.site.taxonomies.clone();
            let related = self.site.related.clone();
            jobs.extend(self.card_jobs(&undo.positions(), depth.dates, &related));
            undo.site = Some(Earlier::Sorted {
                taxonomies,
                related,
            });
        }
        // Warnings about terms are placed by line: an edit that moved an edited
        // fiche's lines without changing its terms moves them too.
        if !depth.terms && self.vocabulary.iter().any(|d| in_files(d, files)) {
            let fresh = check::vocabulary(&self.site.config, &self.site.fiches);
            undo.vocabulary = Some(std::mem::replace(&mut self.vocabulary, fresh));
        }
        for (i, f) in self.site.fiches.iter().enumerate() {
            if edited.contains(&f.slug) {
                jobs.push(Job::Fiche(i));
                if f.event.is_some() {
                    // The home page shows the next events.
                    jobs.extend([Job::EventIcs(i), Job::Home(1)]);
                }
            }
        }
        jobs.sort_unstable();
        jobs.dedup();
        let (pages, diags) = self.render(&jobs);
        if diags.iter().any(Diagnostic::is_error) {
            self.restore(undo);
            return Update::Failed(diags);
        }
        Update::Pages(self.commit(pages, depth.terms.then_some(&touched_terms)))
    }

    /// Whether an edited fiche becomes an event or stops being one: that adds or
    /// takes away a file of the plan (its `.ics`), perhaps the agenda itself.
    /// So does a link to an event changed: the event's page says what it gave.
    fn events_come_or_go(&self, list: &[(usize, Fiche)]) -> bool {
        (list.iter()).any(|(pos, f)| {
            let old = &self.site.fiches[*pos];
            old.event.is_some() != f.event.is_some() || old.came_from != f.came_from
        })
    }

    /// How deep an edit goes: the body only (its page), what lists show but not the
    /// terms (its page, the list pages around it, the pages that show it as related),
    /// or the terms (every list it was or is in, related fiches anew).
    fn depth_of(&self, list: &[(usize, Fiche)]) -> Depth {
        let old = |pos: usize| &self.site.fiches[pos];
        let cfg = &self.site.config;
        Depth {
            terms: list.iter().any(|(pos, new)| {
                self.site
                    .kinds
                    .iter()
                    .any(|k| k.terms_of(cfg, old(*pos)) != k.terms_of(cfg, new))
            }),
            cards: list.iter().any(|(pos, new)| !same_card(old(*pos), new)),
            dates: list.iter().any(|(pos, new)| old(*pos).date != new.date),
        }
    }

    /// The terms the edited fiches had or have, by kind and address.
    fn touched_terms(&self, list: &[(usize, Fiche)]) -> HashSet<(TaxonomyKind, String)> {
        let mut touched = HashSet::new();
        let cfg = &self.site.config;
        for (pos, new) in list {
            let old = &self.site.fiches[*pos];
            for &kind in &self.site.kinds {
                for t in kind
                    .terms_of(cfg, old)
                    .iter()
                    .chain(kind.terms_of(cfg, new))
                {
                    touched.insert((kind, slugify(t.as_str())));
                }
            }
        }
        touched
    }

    /// Puts the rendered pages in place; the lists of touched terms are replaced
    /// whole (a term may have lost pages, or be gone). Returns the paths changed.
    fn commit(
        &mut self,
        pages: Vec<crate::output::Page>,
        touched_terms: Option<&HashSet<(TaxonomyKind, String)>>,
    ) -> Vec<String> {
        let mut changed: Vec<String> = Vec::new();
        if let Some(touched) = touched_terms {
            let prefixes: Vec<String> = touched
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
        changed
    }
}

/// Whether `d` is about one of `files`.
fn in_files(d: &Diagnostic, files: &[(PathBuf, Vec<u8>)]) -> bool {
    d.file
        .as_ref()
        .is_some_and(|f| files.iter().any(|(p, _)| p == f))
}

/// How far an edit reaches (see [`Project::depth_of`]).
struct Depth {
    terms: bool,
    cards: bool,
    dates: bool,
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
