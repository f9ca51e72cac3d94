//! Taking back an edit whose pages could not be rendered: what [`Project::apply_edits`]
//! replaced, kept aside until the pages are in place.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::check;
use crate::diagnostic::{self, Diagnostic};
use crate::fiche::Fiche;
use crate::project::Project;
use crate::site::Site;

impl Project {
    /// Puts the edited fiches (their bodies with them) and their warnings in place;
    /// returns what they replaced.
    pub(super) fn put_in_place(
        &mut self,
        list: Vec<(usize, Fiche)>,
        mut warnings: Vec<Diagnostic>,
        files: &[(PathBuf, Vec<u8>)],
    ) -> Undo {
        // The edited fiches' own warnings replace those of their previous version.
        let (gone, kept): (Vec<Diagnostic>, Vec<Diagnostic>) = std::mem::take(&mut self.warnings)
            .into_iter()
            .partition(|d| {
                d.file
                    .as_ref()
                    .is_some_and(|f| files.iter().any(|(p, _)| p == f))
            });
        self.warnings = kept;
        let added = warnings.len();
        self.warnings.append(&mut warnings);
        let mut undo = Undo {
            fiches: Vec::new(),
            warnings: (gone, added),
            stale: self.whole_site_stale,
            site: None,
            vocabulary: None,
        };
        for (pos, new) in list {
            undo.fiches
                .push((pos, std::mem::replace(&mut self.site.fiches[pos], new)));
        }
        self.whole_site_stale = true;
        undo
    }

    /// The site made anew from its fiches after their terms changed; returns the
    /// previous one, without its fiches, and the previous warnings about terms.
    pub(super) fn remake_site(&mut self) -> (Site, Vec<Diagnostic>) {
        let fiches = std::mem::take(&mut self.site.fiches);
        let config = self.site.config.clone();
        let mut site = Site::new(config, fiches);
        site.pool(self.site.partners.clone());
        // What the sources gave beside the fiches stays.
        site.media = std::mem::take(&mut self.site.media);
        site.photos = std::mem::take(&mut self.site.photos);
        let vocabulary = check::vocabulary(&site.config, &site.fiches);
        let vocabulary = std::mem::replace(&mut self.vocabulary, vocabulary);
        (std::mem::replace(&mut self.site, site), vocabulary)
    }

    /// Takes back an edit whose pages could not be rendered: the fiches (their bodies
    /// with them) and warnings, their order, terms and related fiches as they were.
    pub(super) fn restore(&mut self, undo: Undo) {
        let Undo {
            fiches,
            warnings: (gone, added),
            stale,
            site,
            vocabulary,
        } = undo;
        let mut by_slug: HashMap<String, Fiche> = fiches
            .into_iter()
            .map(|(_, f)| (f.slug.clone(), f))
            .collect();
        let mut all = std::mem::take(&mut self.site.fiches);
        for f in &mut all {
            if let Some(old) = by_slug.remove(&f.slug) {
                *f = old;
            }
        }
        // The order of reading is total (it ends with the address): sorting the
        // previous versions again gives the previous order.
        all.sort_by_cached_key(crate::site::reading_order);
        match site {
            Some(Earlier::Remade(mut earlier)) => {
                earlier.media = std::mem::take(&mut self.site.media);
                earlier.photos = std::mem::take(&mut self.site.photos);
                self.site = *earlier;
            }
            Some(Earlier::Sorted {
                taxonomies,
                related,
            }) => {
                self.site.taxonomies = taxonomies;
                self.site.related = related;
            }
            None => {}
        }
        self.site.fiches = all;
        self.warnings
            .truncate(self.warnings.len().saturating_sub(added));
        self.warnings.extend(gone);
        diagnostic::sort(&mut self.warnings);
        if let Some(v) = vocabulary {
            self.vocabulary = v;
        }
        self.whole_site_stale = stale;
    }
}

/// What an edit replaced, to take it back.
pub(super) struct Undo {
    /// The previous versions of the edited fiches, by their position before the edit.
    pub(super) fiches: Vec<(usize, Fiche)>,
    /// The warnings the edit took out, and how many it added at the end.
    pub(super) warnings: (Vec<Diagnostic>, usize),
    pub(super) stale: bool,
    pub(super) site: Option<Earlier>,
    pub(super) vocabulary: Option<Vec<Diagnostic>>,
}

/// The site's order and lists before an edit.
pub(super) enum Earlier {
    /// Fiches sorted again: the term lists and related fiches as they were.
    Sorted {
        taxonomies: Vec<crate::site::Taxonomy>,
        related: Vec<Vec<usize>>,
    },
    /// The site made anew: the previous one, without its fiches.
    Remade(Box<Site>),
}

impl Undo {
    pub(super) fn positions(&self) -> Vec<usize> {
        self.fiches.iter().map(|(p, _)| *p).collect()
    }
}
