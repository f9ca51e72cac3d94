//! The site as readers will see it: fiches in reading order and the taxonomies (tags,
//! themes) that index them. Pure: built from loaded values, no I/O.

mod related;
pub mod taxonomy;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::fiche::Fiche;
use crate::media::Media;
pub use related::RELATED;
use related::{Neighbours, related, related_of_all};
use taxonomy::taxonomies;
pub use taxonomy::{Taxonomy, TaxonomyKind, Term};

#[derive(Clone)]
pub struct Site {
    pub config: Config,
    /// Newest first; same date: by title.
    pub fiches: Vec<Fiche>,
    /// Every term list of the site: the built-in ones, then the declared fields
    /// with `filter = true`.
    pub kinds: Vec<TaxonomyKind>,
    /// One per kind, in `kinds` order.
    pub taxonomies: Vec<Taxonomy>,
    /// For each fiche, up to [`related::RELATED`] others sharing themes and tags.
    pub related: Vec<Vec<usize>>,
    /// The audio and video files of each bundle, by the bundle's folder.
    pub media: BTreeMap<PathBuf, Vec<Media>>,
    /// The published sizes of each photo (width, height, address from a fiche's
    /// page), by its path in the sources.
    pub photos: std::collections::HashMap<PathBuf, Vec<(u32, u32, String)>>,
    /// The place in `kinds` of each declared field's term list, by key.
    field_kinds: std::collections::HashMap<&'static str, usize>,
}

impl Site {
    pub fn new(config: Config, mut fiches: Vec<Fiche>) -> Site {
        fiches.sort_by_cached_key(reading_order);
        let kinds = TaxonomyKind::of(&config);
        let taxonomies = taxonomies(&kinds, &fiches, &config.vocabularies);
        let related = related(&fiches, &taxonomies);
        let field_kinds = field_kinds(&kinds);
        Site {
            config,
            fiches,
            kinds,
            taxonomies,
            related,
            media: BTreeMap::new(),
            photos: std::collections::HashMap::new(),
            field_kinds,
        }
    }

    /// The term list of the declared field `key`, when it has `filter = true`.
    pub fn field_kind(&self, key: &str) -> Option<TaxonomyKind> {
        let &i = self.field_kinds.get(key)?;
        self.kinds.get(i).copied()
    }

    /// The audio and video files published with a fiche, by path.
    pub fn media_of(&self, f: &Fiche) -> &[Media] {
        f.bundle
            .as_ref()
            .and_then(|b| self.media.get(b))
            .map_or(&[], Vec::as_slice)
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
        // Built for every kind in `new`, in `kinds` order.
        let at = match kind {
            TaxonomyKind::Field(key) => self.field_kinds.get(key).copied(),
            builtin => TaxonomyKind::ALL.iter().position(|&k| k == builtin),
        };
        let at = at
            .filter(|&i| self.kinds.get(i) == Some(&kind))
            .unwrap_or(0);
        &self.taxonomies[at]
    }
}

/// The place in `kinds` of each declared field's kind, by key.
fn field_kinds(kinds: &[TaxonomyKind]) -> std::collections::HashMap<&'static str, usize> {
    kinds
        .iter()
        .enumerate()
        .filter_map(|(i, k)| match *k {
            TaxonomyKind::Field(key) => Some((key, i)),
            _ => None,
        })
        .collect()
}

/// Newest first; same date: by title, ignoring case and accents.
pub(crate) fn reading_order(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Date;
    use crate::slug::slugify;
    use crate::span::{FileSpan, Spanned};

    fn fiche(title: &str, day: u8, tags: &[&str]) -> Fiche {
        Fiche {
            title: title.into(),
            slug: slugify(title),
            date: Some(Date {
                year: 2024,
                month: 1,
                day,
            }),
            tags: tags.iter().map(|s| term(s)).collect(),
            ..Fiche::default()
        }
    }

    fn term(name: &str) -> Spanned<String> {
        Spanned::new(name.to_string(), FileSpan::default())
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
        a.themes = vec![term("T")];
        let mut b = fiche("b", 8, &["x"]);
        b.themes = vec![term("T")];
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
