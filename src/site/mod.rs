//! The site as readers will see it: fiches in reading order and the taxonomies (tags,
//! themes) that index them. Pure: built from loaded values, no I/O.

mod partner_terms;
mod pooled;
mod related;
pub mod taxonomy;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::fiche::Fiche;
use crate::media::Media;
pub use pooled::{Pooled, names_place_better};
pub use related::RELATED;
use related::{Neighbours, related, related_of_all};
use taxonomy::taxonomies;
pub use taxonomy::{PartnerRef, Taxonomy, TaxonomyKind, Term};

#[derive(Clone)]
pub struct Site {
    pub config: Config,
    /// Newest first; same date: by title.
    pub fiches: Vec<Fiche>,
    /// Every term list of the site: the built-in ones, then the declared fields
    /// with `filter = true`, in the order of [`Config::fields`] (so sorted).
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
    /// The partner sites whose fiches are pooled with these (`[[sources]]`), as
    /// they were read: listed and searched with the site's, never published as its.
    pub partners: std::sync::Arc<Vec<crate::partners::Partner>>,
}

impl Site {
    pub fn new(config: Config, mut fiches: Vec<Fiche>) -> Site {
        fiches.sort_by_cached_key(reading_order);
        let kinds = TaxonomyKind::of(&config);
        let taxonomies = taxonomies(&kinds, &fiches, &config);
        let related = related(&fiches, &taxonomies);
        Site {
            config,
            fiches,
            kinds,
            taxonomies,
            related,
            media: BTreeMap::new(),
            photos: std::collections::HashMap::new(),
            partners: std::sync::Arc::default(),
        }
    }

    /// The term list of the declared field `key`, when it has `filter = true`.
    pub fn field_kind(&self, key: &str) -> Option<TaxonomyKind> {
        let kind = TaxonomyKind::Field(self.config.field_place(key)?);
        self.kinds.binary_search(&kind).is_ok().then_some(kind)
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

    /// The term list of `kind`, one of [`Site::kinds`]: only `Site::new` makes the
    /// kinds of declared fields, from the site's own settings, so another is a bug.
    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        match self.kinds.binary_search(&kind) {
            Ok(at) => &self.taxonomies[at],
            Err(_) => unreachable!("{kind:?} is not a term list of this site"),
        }
    }
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
    use crate::schema::FieldValue;
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
    fn each_declared_filter_field_has_its_own_term_list() {
        let toml = "title = \"t\"\n\
            [fields.skills]\nlabel = \"S\"\ntype = \"list\"\nfilter = true\n\
            [fields.note]\nlabel = \"N\"\ntype = \"text\"\n\
            [fields.quartier]\nlabel = \"P\"\ntype = \"text\"\nfilter = true\n";
        let (cfg, diags) = crate::config::parse(toml);
        let cfg = cfg.unwrap_or_else(|| panic!("{diags:?}"));
        let mut a = fiche("a", 2, &[]);
        a.extra.insert(
            "skills".into(),
            FieldValue::List(vec![term("Écoute"), term("Budget")]),
        );
        a.extra
            .insert("quartier".into(), FieldValue::Text(term("Lyon")));
        a.extra.insert("note".into(), FieldValue::Text(term("x")));
        let s = Site::new(cfg, vec![a]);
        let names = |key: &str| -> Vec<String> {
            let kind = s.field_kind(key).unwrap_or_else(|| panic!("{key}"));
            assert_eq!(kind.key(&s.config), key);
            s.taxonomy(kind)
                .terms
                .iter()
                .map(|t| t.name.clone())
                .collect()
        };
        assert_eq!(names("skills"), ["Budget", "Écoute"]);
        assert_eq!(names("quartier"), ["Lyon"]);
        // Not a term list: no filter, or no such field.
        assert_eq!(s.field_kind("note"), None);
        assert_eq!(s.field_kind("nowhere"), None);
        assert_eq!(s.kinds.len(), TaxonomyKind::ALL.len() + 2);
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
