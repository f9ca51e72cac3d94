//! The site as readers will see it: fiches in reading order and the taxonomies (tags,
//! themes) that index them. Pure: built from loaded values, no I/O.

use std::collections::HashMap;

use crate::config::Config;
use crate::fiche::Fiche;
use crate::slug::slugify;
use crate::vocabulary::preferred_spelling;

/// The term lists a fiche can be indexed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TaxonomyKind {
    Tags,
    Themes,
}

impl TaxonomyKind {
    pub const ALL: [TaxonomyKind; 2] = [TaxonomyKind::Tags, TaxonomyKind::Themes];

    /// The front matter key, which is also the folder of its pages.
    pub fn key(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Themes => "themes",
        }
    }

    pub fn terms_of(self, f: &Fiche) -> &[String] {
        match self {
            TaxonomyKind::Tags => &f.tags,
            TaxonomyKind::Themes => &f.themes,
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
}

impl Site {
    pub fn new(config: Config, mut fiches: Vec<Fiche>) -> Site {
        fiches.sort_by_cached_key(|f| {
            (
                std::cmp::Reverse(f.date),
                slugify(&f.title),
                f.title.clone(),
                f.slug.clone(),
            )
        });
        let taxonomies = TaxonomyKind::ALL
            .iter()
            .map(|&kind| taxonomy(kind, &fiches, config.vocabularies.get(kind.key())))
            .collect();
        Site {
            config,
            fiches,
            taxonomies,
        }
    }

    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        // Built for every kind in `new`, in `ALL` order.
        &self.taxonomies[TaxonomyKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(0)]
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
