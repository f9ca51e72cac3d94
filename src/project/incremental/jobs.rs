//! Which pages an edit touches, by how deep it goes: the pages to render again.

use std::collections::{HashMap, HashSet};

use crate::paths::{self, Job};
use crate::project::Project;
use crate::site::{Site, TaxonomyKind};
use crate::slug::slugify;

impl Project {
    /// The pages to render after terms changed: lists, the touched terms' pages, and
    /// the fiche pages whose related fiches changed or show an edited fiche.
    pub(super) fn list_jobs(
        &self,
        touched_terms: &HashSet<(TaxonomyKind, String)>,
        related_before: &HashMap<String, Vec<String>>,
        edited: &HashSet<String>,
    ) -> Vec<Job> {
        let mut jobs = paths::home_jobs(&self.site);
        if self.site.config.search {
            jobs.push(Job::Search);
        }
        // The form suggests the terms in use.
        if self.site.config.contribute {
            jobs.push(Job::Contribute);
        }
        // The map counts the fiches of each territory.
        if crate::map::has_map(&self.site) {
            jobs.push(Job::Map);
        }
        for &kind in &self.site.kinds {
            jobs.push(Job::Taxonomy(kind));
            for (i, term) in self.site.taxonomy(kind).terms.iter().enumerate() {
                if touched_terms.contains(&(kind, term.slug.clone())) {
                    jobs.extend(paths::term_jobs(&self.site, kind, i));
                }
            }
        }
        let related_after = self.related_slugs();
        for (i, f) in self.site.fiches.iter().enumerate() {
            let after = &related_after[&f.slug];
            if related_before.get(&f.slug) != Some(after)
                || after.iter().any(|s| edited.contains(s))
            {
                jobs.push(Job::Fiche(i));
            }
        }
        jobs
    }

    /// Puts the fiches back in order after edits of what lists show (terms unchanged);
    /// the pages to render: the list pages each edited fiche left or joined, the pages
    /// that show it among their related fiches or whose related ones were ranked anew.
    pub(super) fn card_jobs(
        &mut self,
        old_positions: &[usize],
        dates_changed: bool,
        related_before: &[Vec<usize>],
    ) -> Vec<Job> {
        let before: Vec<_> = old_positions
            .iter()
            .map(|&p| in_terms(&self.site, p))
            .collect();
        let new_of = self.site.resort(old_positions, dates_changed);
        let per = self.site.config.paginate;
        let page_of = |at: usize| at.checked_div(per).map_or(1, |p| p + 1);
        // The home page's first page shows the featured fiches, wherever they are.
        let mut jobs = vec![Job::Home(1)];
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
        let moved: HashSet<usize> = old_positions.iter().map(|&p| new_of[p]).collect();
        let mut before_now = vec![Vec::new(); related_before.len()];
        for (old, list) in related_before.iter().enumerate() {
            before_now[new_of[old]] = list.iter().map(|&j| new_of[j]).collect::<Vec<_>>();
        }
        for (i, related) in self.site.related.iter().enumerate() {
            if before_now[i] != *related || related.iter().any(|j| moved.contains(j)) {
                jobs.push(Job::Fiche(i));
            }
        }
        jobs
    }
}

/// Where fiche `i` is in every list it belongs to: (kind, term, place).
pub(super) fn in_terms(site: &Site, i: usize) -> Vec<(TaxonomyKind, usize, usize)> {
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
}
