//! The site as readers will see it: fiches in reading order and the taxonomies (tags,
//! themes) that index them. Pure: built from loaded values, no I/O.

use std::collections::HashMap;

use crate::config::Config;
use crate::fiche::Fiche;
use crate::slug::slugify;
use crate::vocabulary::preferred_spelling;

/// The term lists a fiche can be indexed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaxonomyKind {
    Tags,
    Themes,
    Territories,
}

impl TaxonomyKind {
    pub const ALL: [TaxonomyKind; 3] = [
        TaxonomyKind::Tags,
        TaxonomyKind::Themes,
        TaxonomyKind::Territories,
    ];

    /// The front matter key, which is also the folder of its pages.
    pub fn key(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Themes => "themes",
            TaxonomyKind::Territories => "territories",
        }
    }

    pub fn terms_of(self, f: &Fiche) -> &[String] {
        match self {
            TaxonomyKind::Tags => &f.tags,
            TaxonomyKind::Themes => &f.themes,
            TaxonomyKind::Territories => f.territory.as_slice(),
        }
    }

    /// Where each of `terms_of(f)` is written in the fiche's file.
    pub fn spans_of(self, f: &Fiche) -> &[std::ops::Range<usize>] {
        match self {
            TaxonomyKind::Tags => &f.tag_spans,
            TaxonomyKind::Themes => &f.theme_spans,
            TaxonomyKind::Territories if f.territory.is_some() => {
                std::slice::from_ref(&f.territory_span)
            }
            TaxonomyKind::Territories => &[],
        }
    }
}

#[derive(Clone, Debug)]
pub struct Term {
    /// The spelling shown: the most used one among those that fold together.
    pub name: String,
    pub slug: String,
    /// Indices into [`Site::fiches`], in reading order.
    pub fiches: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct Taxonomy {
    pub kind: TaxonomyKind,
    /// Sorted by slug, which is alphabetical order ignoring case and accents.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    pub fn find(&self, name: &str) -> Option<&Term> {
        let slug = slugify(name);
        self.terms
            .binary_search_by(|t| t.slug.as_str().cmp(&slug))
            .ok()
            .map(|i| &self.terms[i])
    }
}

pub struct Site {
    pub config: Config,
    /// Newest first; same date: by title.
    pub fiches: Vec<Fiche>,
    pub taxonomies: Vec<Taxonomy>,
    /// For each fiche, up to [`RELATED`] others sharing themes and tags.
    pub related: Vec<Vec<usize>>,
}

/// How many related fiches a fiche page links to.
pub const RELATED: usize = 5;

/// How many fiches of each of its terms, around it in time, a fiche is compared with.
const WINDOW: usize = 400;

impl Site {
    pub fn new(config: Config, mut fiches: Vec<Fiche>) -> Site {
        fiches.sort_by_cached_key(reading_order);
        let taxonomies: Vec<Taxonomy> = TaxonomyKind::ALL
            .iter()
            .map(|&kind| taxonomy(kind, &fiches, config.vocabularies.get(kind.key())))
            .collect();
        let related = related(&fiches, &taxonomies);
        Site {
            config,
            fiches,
            taxonomies,
            related,
        }
    }

    /// Puts the fiches back in reading order after edits that kept every fiche's
    /// terms, carrying the term lists and related fiches along rather than computing
    /// them again. Returns each fiche's new position, by old position.
    pub fn resort(&mut self, moved: &[usize], dates_changed: bool) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.fiches.len()).collect();
        let keys: Vec<_> = self.fiches.iter().map(reading_order).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        let mut new_of = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_of[old] = new;
        }
        let mut slots: Vec<Option<Fiche>> = std::mem::take(&mut self.fiches)
            .into_iter()
            .map(Some)
            .collect();
        self.fiches = order.iter().filter_map(|&old| slots[old].take()).collect();
        for tax in &mut self.taxonomies {
            for term in &mut tax.terms {
                for i in &mut term.fiches {
                    *i = new_of[*i];
                }
                term.fiches.sort_unstable();
            }
        }
        let mut related = vec![Vec::new(); order.len()];
        for (old, list) in std::mem::take(&mut self.related).into_iter().enumerate() {
            related[new_of[old]] = list.into_iter().map(|j| new_of[j]).collect();
        }
        self.related = related;
        if !dates_changed {
            return new_of;
        }
        // Related fiches are chosen among the neighbours in time within each term, and
        // ties go to the most recent: when a date changed, those sharing a term with
        // that fiche are ranked again.
        let n = Neighbours::new(&self.fiches, &self.taxonomies);
        let mut again: Vec<usize> = Vec::new();
        for &old in moved {
            for &(t, i) in &n.terms_of[new_of[old]] {
                again.extend(&self.taxonomies[t].terms[i].fiches);
            }
        }
        again.sort_unstable();
        again.dedup();
        for (me, list) in again
            .iter()
            .zip(related_of_all(&again, &n, &self.taxonomies))
        {
            self.related[*me] = list;
        }
        new_of
    }

    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        // Built for every kind in `new`, in `ALL` order.
        &self.taxonomies[TaxonomyKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(0)]
    }
}

/// For each fiche, its tags and themes as (taxonomy, term index).
fn terms_by_fiche(n: usize, taxonomies: &[Taxonomy]) -> Vec<Vec<(usize, usize)>> {
    let mut terms_of: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (t, tax) in taxonomies.iter().enumerate() {
        if tax.kind == TaxonomyKind::Territories {
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

/// Newest first; same date: by title, ignoring case and accents.
fn reading_order(
    f: &Fiche,
) -> (
    std::cmp::Reverse<Option<crate::lang::Date>>,
    String,
    String,
    String,
) {
    (
        std::cmp::Reverse(f.date),
        crate::slug::fold(&f.title),
        f.title.clone(),
        f.slug.clone(),
    )
}

/// Fiches sharing the most themes (worth two) and tags (worth one), then the most
/// recent. Each fiche only looks at the fiches of its own terms, so the cost follows
/// the size of the terms, not the square of the site.
fn related(fiches: &[Fiche], taxonomies: &[Taxonomy]) -> Vec<Vec<usize>> {
    let n = Neighbours::new(fiches, taxonomies);
    related_of_all(&(0..fiches.len()).collect::<Vec<_>>(), &n, taxonomies)
}

fn related_of_all(which: &[usize], n: &Neighbours, taxonomies: &[Taxonomy]) -> Vec<Vec<usize>> {
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
struct Neighbours {
    terms_of: Vec<Vec<(usize, usize)>>,
    tie: Vec<u32>,
    by_tie: Vec<Vec<Vec<usize>>>,
}

impl Neighbours {
    fn new(fiches: &[Fiche], taxonomies: &[Taxonomy]) -> Neighbours {
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

/// Terms fold by slug; the name shown is the closed list's spelling when there is
/// one, else the most used spelling.
fn taxonomy(kind: TaxonomyKind, fiches: &[Fiche], closed: Option<&Vec<String>>) -> Taxonomy {
    struct Acc<'a> {
        spellings: Vec<&'a str>,
        fiches: Vec<usize>,
    }
    let canonical: HashMap<String, &String> = closed
        .into_iter()
        .flatten()
        .map(|t| (slugify(t), t))
        .collect();
    let mut by_slug: HashMap<String, Acc> = HashMap::new();
    for (i, f) in fiches.iter().enumerate() {
        for name in kind.terms_of(f) {
            let acc = by_slug.entry(slugify(name)).or_insert_with(|| Acc {
                spellings: Vec::new(),
                fiches: Vec::new(),
            });
            acc.spellings.push(name);
            if acc.fiches.last() != Some(&i) {
                acc.fiches.push(i);
            }
        }
    }
    let mut terms: Vec<Term> = by_slug
        .into_iter()
        .map(|(slug, acc)| {
            let name = match canonical.get(&slug) {
                Some(c) => c.to_string(),
                None => preferred_spelling(acc.spellings.into_iter()),
            };
            Term {
                name,
                slug,
                fiches: acc.fiches,
            }
        })
        .collect();
    terms.sort_by(|a, b| a.slug.cmp(&b.slug));
    Taxonomy { kind, terms }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Date;

    fn fiche(title: &str, day: u8, tags: &[&str]) -> Fiche {
        Fiche {
            title: title.into(),
            slug: slugify(title),
            date: Some(Date {
                year: 2024,
                month: 1,
                day,
            }),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            ..Fiche::default()
        }
    }

    fn site(fiches: Vec<Fiche>) -> Site {
        let (cfg, _) = crate::config::parse("title = \"t\"");
        Site::new(cfg.unwrap(), fiches)
    }

    #[test]
    fn newest_first_then_by_title() {
        let s = site(vec![
            fiche("Zèbre", 1, &[]),
            fiche("Été", 2, &[]),
            fiche("Abeille", 2, &[]),
        ]);
        let titles: Vec<_> = s.fiches.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(titles, ["Abeille", "Été", "Zèbre"]);
    }

    #[test]
    fn related_fiches_share_terms_then_are_recent() {
        let mut a = fiche("a", 9, &["x", "y"]);
        a.themes = vec!["T".into()];
        let mut b = fiche("b", 8, &["x"]);
        b.themes = vec!["T".into()];
        let c = fiche("c", 7, &["x", "y"]);
        let d = fiche("d", 6, &["x"]);
        let e = fiche("e", 5, &["z"]);
        let s = site(vec![a, b, c, d, e]);
        let names = |i: usize| {
            s.related[i]
                .iter()
                .map(|&j| s.fiches[j].title.as_str())
                .collect::<Vec<_>>()
        };
        // a: b shares a theme and a tag (3), c two tags (2), d one tag (1); e nothing.
        assert_eq!(names(0), ["b", "c", "d"]);
        // d: a, b and c share one tag each; the most recent first.
        assert_eq!(names(3), ["a", "b", "c"]);
        assert!(names(4).is_empty());
    }

    #[test]
    fn resort_carries_terms_and_related_along() {
        let mut s = site(vec![
            fiche("a", 3, &["x"]),
            fiche("b", 2, &["x"]),
            fiche("c", 1, &["x"]),
        ]);
        s.fiches[2].date = Some(Date {
            year: 2024,
            month: 1,
            day: 9,
        });
        let moved = s.resort(&[2], true);
        assert_eq!(moved, vec![1, 2, 0]);
        let titles: Vec<_> = s.fiches.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(titles, ["c", "a", "b"]);
        assert_eq!(
            s.taxonomy(TaxonomyKind::Tags).terms[0].fiches,
            vec![0, 1, 2]
        );
        let related_of_c: Vec<_> = s.related[0]
            .iter()
            .map(|&j| s.fiches[j].title.as_str())
            .collect();
        assert_eq!(related_of_c, ["a", "b"]);
    }

    #[test]
    fn at_most_five_related() {
        let s = site(
            (1..=9)
                .map(|d| fiche(&format!("f{d}"), d, &["commun"]))
                .collect(),
        );
        assert!(s.related.iter().all(|r| r.len() == RELATED));
        assert_eq!(s.related[0], vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn terms_fold_case_and_accents_and_keep_the_common_spelling() {
        let s = site(vec![
            fiche("a", 3, &["Réseautage", "accueil"]),
            fiche("b", 2, &["reseautage"]),
            fiche("c", 1, &["Réseautage"]),
        ]);
        let tags = s.taxonomy(TaxonomyKind::Tags);
        assert_eq!(tags.terms.len(), 2);
        let t = tags.find("RESEAUTAGE").unwrap();
        assert_eq!(t.name, "Réseautage");
        assert_eq!(t.slug, "reseautage");
        assert_eq!(t.fiches, vec![0, 1, 2]);
        assert_eq!(tags.terms[0].slug, "accueil");
    }
}
