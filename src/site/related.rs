//! Related fiches: for each fiche, the few others that share the most of its themes
//! and tags, then the most recent. Each fiche only looks at its terms' fiches nearest
//! in time, so the cost follows the size of the terms, not the square of the site.

use super::taxonomy::{Taxonomy, TaxonomyKind};
use crate::fiche::Fiche;

/// How many related fiches a fiche page links to.
pub const RELATED: usize = 5;

/// How many fiches of each of its terms, around it in time, a fiche is compared with.
const WINDOW: usize = 400;

/// For each fiche, its tags and themes as (taxonomy, term index).
fn terms_by_fiche(n: usize, taxonomies: &[Taxonomy]) -> Vec<Vec<(usize, usize)>> {
    let mut terms_of: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (t, tax) in taxonomies.iter().enumerate() {
        // Related fiches share themes and tags; places and a site's own fields do not count.
        if !matches!(tax.kind, TaxonomyKind::Tags | TaxonomyKind::Themes) {
            continue;
        }
        for (i, term) in tax.terms.iter().enumerate() {
            for &f in &term.fiches {
                terms_of[f].push((t, i));
            }
        }
    }
    terms_of
}

/// Scratch space for ranking related fiches: a score per fiche, and which ones were
/// touched, so that each ranking costs the size of the fiche's terms, not the site.
struct Scores {
    score: Vec<u32>,
    touched: Vec<usize>,
}

impl Scores {
    fn new(n: usize) -> Scores {
        Scores {
            score: vec![0; n],
            touched: Vec::new(),
        }
    }
}

/// Each fiche's rank by date (most recent first), then slug: how ties between
/// equally related fiches are broken, so that a new title never reorders them.
fn tie_ranks(fiches: &[Fiche]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..fiches.len()).collect();
    order.sort_by(|&a, &b| {
        fiches[b]
            .date
            .cmp(&fiches[a].date)
            .then_with(|| fiches[a].slug.cmp(&fiches[b].slug))
    });
    let mut rank = vec![0; fiches.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}

/// The related fiches of fiche `me`: most shared terms first (themes count twice).
fn related_of(
    me: usize,
    n: &Neighbours,
    taxonomies: &[Taxonomy],
    scratch: &mut Scores,
) -> Vec<usize> {
    let tie = &n.tie;
    for &(t, i) in &n.terms_of[me] {
        let weight = if taxonomies[t].kind == TaxonomyKind::Themes {
            2
        } else {
            1
        };
        // Only the fiches of the term nearest in time are candidates: on a large site a
        // term holds thousands of fiches, and looking at all of them for every fiche
        // would grow with the square of the site.
        let list = &n.by_tie[t][i];
        let at = list
            .binary_search_by_key(&tie[me], |&f| tie[f])
            .unwrap_or_else(|at| at);
        let window = &list[at.saturating_sub(WINDOW / 2)..(at + WINDOW / 2).min(list.len())];
        for &other in window {
            if other != me {
                if scratch.score[other] == 0 {
                    scratch.touched.push(other);
                }
                scratch.score[other] += weight;
            }
        }
    }
    // The best few, kept sorted: higher score first, then the better tie rank.
    let better = |a: (u32, u32), b: (u32, u32)| a.0 > b.0 || (a.0 == b.0 && a.1 < b.1);
    let mut best: Vec<(u32, u32, usize)> = Vec::with_capacity(RELATED + 1);
    for &f in &scratch.touched {
        let key = (scratch.score[f], tie[f]);
        if best.len() == RELATED && !better(key, (best[RELATED - 1].0, best[RELATED - 1].1)) {
            continue;
        }
        let at = best
            .iter()
            .position(|b| better(key, (b.0, b.1)))
            .unwrap_or(best.len());
        best.insert(at, (key.0, key.1, f));
        best.truncate(RELATED);
    }
    for &f in &scratch.touched {
        scratch.score[f] = 0;
    }
    scratch.touched.clear();
    best.into_iter().map(|(_, _, f)| f).collect()
}

/// Fiches sharing the most themes (worth two) and tags (worth one), then the most
/// recent. Each fiche only looks at the fiches of its own terms, so the cost follows
/// the size of the terms, not the square of the site.
pub(super) fn related(fiches: &[Fiche], taxonomies: &[Taxonomy]) -> Vec<Vec<usize>> {
    let n = Neighbours::new(fiches, taxonomies);
    related_of_all(&(0..fiches.len()).collect::<Vec<_>>(), &n, taxonomies)
}

pub(super) fn related_of_all(
    which: &[usize],
    n: &Neighbours,
    taxonomies: &[Taxonomy],
) -> Vec<Vec<usize>> {
    use rayon::prelude::*;
    which
        .par_iter()
        .map_init(
            || Scores::new(n.tie.len()),
            |scratch, &me| related_of(me, n, taxonomies, scratch),
        )
        .collect()
}

/// Who is near whom: each fiche's terms, its rank in time, and each term's fiches in
/// that order.
pub(super) struct Neighbours {
    pub(super) terms_of: Vec<Vec<(usize, usize)>>,
    pub(super) tie: Vec<u32>,
    by_tie: Vec<Vec<Vec<usize>>>,
}

impl Neighbours {
    pub(super) fn new(fiches: &[Fiche], taxonomies: &[Taxonomy]) -> Neighbours {
        let tie = tie_ranks(fiches);
        let by_tie = taxonomies
            .iter()
            .map(|tax| {
                tax.terms
                    .iter()
                    .map(|term| {
                        let mut list = term.fiches.clone();
                        list.sort_unstable_by_key(|&f| tie[f]);
                        list
                    })
                    .collect()
            })
            .collect();
        Neighbours {
            terms_of: terms_by_fiche(fiches.len(), taxonomies),
            tie,
            by_tie,
        }
    }
}
