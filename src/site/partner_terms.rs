//! The partners' fiches joined to the site's term lists (`[[sources]]`): each
//! partner's term named as the site names its own ([`Pooled`]), under the site's
//! term of that name or under a term only partners use, so that a term's page and
//! the map show both, and a partner's `74` is the site's `Haute-Savoie`.

use std::collections::HashMap;
use std::sync::Arc;

use super::taxonomy::{PartnerRef, Term, preferred_spelling};
use super::{Pooled, Site, TaxonomyKind};
use crate::partners::{Partner, PartnerFiche};
use crate::slug::slugify;

/// The partners' fiches of one term so far: the names given to it, the fiches.
#[derive(Default)]
struct Acc {
    names: Vec<String>,
    refs: Vec<PartnerRef>,
}

impl Site {
    /// Takes in the partners' fiches: each of their tags, themes and territory joins
    /// the site's term of that name ([`Pooled::name`]), else a term only partners
    /// use, named by their most used spelling. A list the site closes
    /// (`vocabularies`) takes no term of the partners' own. Declared fields hold
    /// none: partners declare their own. Linear in the partners' terms.
    pub fn pool(&mut self, partners: Arc<Vec<Partner>>) {
        self.partners = partners;
        // Taken in anew: the site's own terms alone name the partners'.
        for tax in &mut self.taxonomies {
            tax.terms.retain(|t| !t.fiches.is_empty());
            tax.terms.iter_mut().for_each(|t| t.partners.clear());
        }
        if self.partners.iter().all(|p| p.fiches.is_empty()) {
            return;
        }
        let found: Vec<(TaxonomyKind, HashMap<String, Acc>)> = {
            let names = Pooled::new(self);
            TaxonomyKind::ALL
                .iter()
                .map(|&kind| (kind, self.gather(&names, kind)))
                .collect()
        };
        for (kind, by_slug) in found {
            let closed = self
                .config
                .vocabularies
                .contains_key(kind.key(&self.config));
            let partners = Arc::clone(&self.partners);
            let Ok(at) = self.kinds.binary_search(&kind) else {
                continue;
            };
            let tax = &mut self.taxonomies[at];
            // Added once every partners' term is placed: the site's are searched
            // by slug in their sorted list.
            let mut theirs: Vec<Term> = Vec::new();
            for (slug, mut acc) in by_slug {
                newest_first(&partners, &mut acc.refs);
                match tax.terms.binary_search_by(|t| t.slug.as_str().cmp(&slug)) {
                    Ok(i) => tax.terms[i].partners = acc.refs,
                    Err(_) if closed => {}
                    Err(_) => theirs.push(Term {
                        name: preferred_spelling(acc.names.iter().map(String::as_str)),
                        slug,
                        fiches: Vec::new(),
                        partners: acc.refs,
                    }),
                }
            }
            if !theirs.is_empty() {
                tax.terms.append(&mut theirs);
                tax.terms.sort_by(|a, b| a.slug.cmp(&b.slug));
            }
        }
    }

    /// Every partner fiche's terms of `kind` as the site names them, by slug; each
    /// written spelling named once.
    fn gather(&self, names: &Pooled, kind: TaxonomyKind) -> HashMap<String, Acc> {
        let mut named: HashMap<&str, (String, String)> = HashMap::new();
        let mut by_slug: HashMap<String, Acc> = HashMap::new();
        for (s, partner) in self.partners.iter().enumerate() {
            for (i, f) in partner.fiches.iter().enumerate() {
                let written: &[String] = match kind {
                    TaxonomyKind::Tags => &f.tags,
                    TaxonomyKind::Themes => &f.themes,
                    TaxonomyKind::Territories => f.territory.as_slice(),
                    TaxonomyKind::Field(_) => &[],
                };
                let me = PartnerRef {
                    source: u32::try_from(s).unwrap_or(u32::MAX),
                    fiche: u32::try_from(i).unwrap_or(u32::MAX),
                };
                for w in written {
                    let (slug, name) = named.entry(w.as_str()).or_insert_with(|| {
                        let name = names.name(kind, w).into_owned();
                        (slugify(&name), name)
                    });
                    if slug.is_empty() {
                        continue;
                    }
                    let acc = by_slug.entry(slug.clone()).or_default();
                    // A fiche that gives one term twice is listed once.
                    if acc.refs.last() != Some(&me) {
                        acc.refs.push(me);
                        acc.names.push(name.clone());
                    }
                }
            }
        }
        by_slug
    }

    /// What the partners' fiches give each term (its name, its partners' fiches),
    /// for the terms that have some: an edit of the site that changes it changes
    /// what partners' fiches are listed under, or their terms' names.
    pub fn pooling(&self) -> Vec<(TaxonomyKind, &str, &str, &[PartnerRef])> {
        let mut out = Vec::new();
        for tax in &self.taxonomies {
            for t in tax.terms.iter().filter(|t| !t.partners.is_empty()) {
                out.push((tax.kind, t.slug.as_str(), t.name.as_str(), &t.partners[..]));
            }
        }
        out
    }
}

/// Newest first; same date, by title (as the site's own fiches).
fn newest_first(partners: &[Partner], refs: &mut [PartnerRef]) {
    fn key(f: Option<&PartnerFiche>) -> (std::cmp::Reverse<Option<crate::lang::Date>>, &str) {
        (
            std::cmp::Reverse(f.map(|f| f.date)),
            f.map_or("", |f| f.title.as_str()),
        )
    }
    let fiche = |r: &PartnerRef| {
        let p = partners.get(r.source as usize)?;
        p.fiches.get(r.fiche as usize)
    };
    refs.sort_by(|a, b| key(fiche(a)).cmp(&key(fiche(b))));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fixture;
    use proptest::prelude::*;

    fn site() -> Site {
        let front = "title = \"F\"\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = \"S.\"\nauthors = [\"A\"]\nterritory = \"74\"\ntags = [\"Jardins\", \"Cuisine\"]";
        let fiches = vec![("f.md".to_string(), fixture::text(front, "Texte."))];
        fixture::site(&fixture::config(""), &fiches).0
    }

    fn partner(terms: &[(Vec<String>, Option<String>, u8)]) -> Partner {
        let mut fiches = crate::search::fixture::partner_corpus(terms.len(), 7);
        for (f, (tags, territory, day)) in fiches.iter_mut().zip(terms) {
            f.tags = tags.clone();
            f.themes = tags.iter().rev().cloned().collect();
            f.territory = territory.clone();
            f.date.day = 1 + day % 28;
        }
        Partner {
            name: "P".into(),
            site_url: None,
            fiches,
            fingerprint: 0,
        }
    }

    /// Text of every kind: no-break spaces, emoji, astral, right-to-left,
    /// controls, and the spellings of places and of the site's terms.
    fn hostile() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "jardins",
                "JARDINS",
                "74",
                "Haute Savoie",
                "Savoie (73)",
                "",
                " ",
                "!!!",
            ])
            .prop_map(String::from),
            prop::collection::vec(
                prop_oneof![
                    any::<char>(),
                    prop::sample::select(vec![
                        '\u{a0}', '\u{202f}', '😀', '𝔸', '\u{202e}', 'ש', '\u{0}', '\u{7}', 'é',
                        'E', ' ',
                    ]),
                ],
                0..12,
            )
            .prop_map(|c| c.into_iter().collect()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Whatever partners write: the terms stay sorted by slug, each once; each
        /// partner fiche is under one term for each term it gives that has a
        /// slug, newest first; no term is empty; pooling again changes nothing.
        #[test]
        fn partners_terms_join_the_lists_once_each(
            given in prop::collection::vec(
                (prop::collection::vec(hostile(), 0..4), prop::option::of(hostile()), any::<u8>()),
                0..12,
            )
        ) {
            let mut s = site();
            let partners = Arc::new(vec![partner(&given)]);
            s.pool(partners.clone());
            let once: Vec<_> = s.pooling().into_iter()
                .map(|(k, slug, name, refs)| (k, slug.to_string(), name.to_string(), refs.to_vec()))
                .collect();
            for tax in &s.taxonomies {
                prop_assert!(tax.terms.windows(2).all(|w| w[0].slug < w[1].slug));
                for t in &tax.terms {
                    prop_assert!(!t.fiches.is_empty() || !t.partners.is_empty());
                    let dates: Vec<_> = t.partners.iter()
                        .map(|r| partners[0].fiches[r.fiche as usize].date)
                        .collect();
                    prop_assert!(dates.windows(2).all(|w| w[0] >= w[1]));
                }
            }
            let tags = s.taxonomy(TaxonomyKind::Tags);
            let own = site();
            let names = Pooled::new(&own);
            for (i, f) in partners[0].fiches.iter().enumerate() {
                let under = tags.terms.iter()
                    .filter(|t| t.partners.iter().any(|r| r.fiche as usize == i))
                    .count();
                let mut slugs: Vec<String> = f.tags.iter()
                    .map(|t| slugify(&names.name(TaxonomyKind::Tags, t)))
                    .filter(|s| !s.is_empty())
                    .collect();
                slugs.sort();
                slugs.dedup();
                prop_assert_eq!(under, slugs.len());
            }
            s.pool(partners);
            let again: Vec<_> = s.pooling().into_iter()
                .map(|(k, slug, name, refs)| (k, slug.to_string(), name.to_string(), refs.to_vec()))
                .collect();
            prop_assert_eq!(once, again);
        }
    }
}
