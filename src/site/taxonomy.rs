//! Taxonomies: the term lists (tags, themes, territories) that index fiches, and the
//! one rule that names a term — its slug, and the spelling shown when several fold
//! together.

use std::collections::{HashMap, HashSet};

use super::Site;

use crate::config::Config;
use crate::fiche::Fiche;
use crate::schema::FieldValue;
use crate::slug::slugify;
use crate::span::Spanned;

/// The term lists a fiche can be indexed by: the built-in ones, and each field a site
/// declares with `filter = true`, by its place in [`Config::fields`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaxonomyKind {
    Tags,
    Themes,
    Territories,
    Field(usize),
}

impl TaxonomyKind {
    pub const ALL: [TaxonomyKind; 3] = [
        TaxonomyKind::Tags,
        TaxonomyKind::Themes,
        TaxonomyKind::Territories,
    ];

    /// Every term list of a site: the built-in ones, then each field it declares
    /// with `filter = true`, by its place in [`Config::fields`] (so in order).
    pub fn of(config: &Config) -> Vec<TaxonomyKind> {
        let mut kinds = TaxonomyKind::ALL.to_vec();
        kinds.extend(
            (config.fields.iter().enumerate())
                .filter(|(_, f)| !f.builtin && f.filter)
                .map(|(at, _)| TaxonomyKind::Field(at)),
        );
        kinds
    }

    /// The front matter key, which is also the folder of its pages: a declared
    /// field's, as `cfg` names it.
    pub fn key(self, cfg: &Config) -> &str {
        match self {
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Themes => "themes",
            TaxonomyKind::Territories => "territories",
            TaxonomyKind::Field(at) => cfg.fields.get(at).map_or("", |f| f.key.as_str()),
        }
    }

    /// The name of the search page's filter by this list (`?tag=…`): a declared
    /// field's is its key.
    pub fn filter_key(self, cfg: &Config) -> &str {
        match self {
            TaxonomyKind::Tags => "tag",
            TaxonomyKind::Themes => "theme",
            TaxonomyKind::Territories => "territory",
            TaxonomyKind::Field(_) => self.key(cfg),
        }
    }

    /// The terms `f` is indexed by in this list, each with where it is written
    /// (`cfg` names a declared field).
    pub fn terms_of<'f>(self, cfg: &Config, f: &'f Fiche) -> &'f [Spanned<String>] {
        match self {
            TaxonomyKind::Tags => &f.tags,
            TaxonomyKind::Themes => &f.themes,
            TaxonomyKind::Territories => f.territory.as_slice(),
            TaxonomyKind::Field(_) => match f.extra.get(self.key(cfg)) {
                Some(FieldValue::List(l)) => l,
                Some(FieldValue::Text(t)) => std::slice::from_ref(t),
                _ => &[],
            },
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
    /// The partners' fiches under this term, newest first (see [`Site::pool`]);
    /// a term only partners use has no fiche of the site.
    pub partners: Vec<PartnerRef>,
}

/// A partner's fiche: its partner's place in [`Site::partners`], its place in the
/// partner's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartnerRef {
    pub source: u32,
    pub fiche: u32,
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

/// The term list of each of `kinds`, in one reading of the fiches: a fiche costs
/// what it holds, not one look per declared field.
pub(crate) fn taxonomies(kinds: &[TaxonomyKind], fiches: &[Fiche], cfg: &Config) -> Vec<Taxonomy> {
    let mut by_kind: Vec<HashMap<String, Acc>> = kinds.iter().map(|_| HashMap::new()).collect();
    let fields: HashMap<&str, usize> = kinds
        .iter()
        .enumerate()
        .filter_map(|(t, k)| matches!(k, TaxonomyKind::Field(_)).then_some((k.key(cfg), t)))
        .collect();
    let builtin: Vec<(usize, TaxonomyKind)> = kinds
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, k)| !matches!(k, TaxonomyKind::Field(_)))
        .collect();
    for (i, f) in fiches.iter().enumerate() {
        let declared = f
            .extra
            .keys()
            .filter_map(|k| fields.get(k.as_str()).copied());
        for t in builtin.iter().map(|&(t, _)| t).chain(declared) {
            if let (Some(&kind), Some(by_slug)) = (kinds.get(t), by_kind.get_mut(t)) {
                add(by_slug, i, kind.terms_of(cfg, f));
            }
        }
    }
    kinds
        .iter()
        .zip(by_kind)
        .map(|(&kind, by_slug)| finish(kind, by_slug, cfg.vocabularies.get(kind.key(cfg))))
        .collect()
}

/// The spellings and fiches of one term so far.
struct Acc<'a> {
    spellings: Vec<&'a str>,
    fiches: Vec<usize>,
}

fn add<'a>(by_slug: &mut HashMap<String, Acc<'a>>, i: usize, names: &'a [Spanned<String>]) {
    for name in names {
        let acc = by_slug
            .entry(slugify(name.as_str()))
            .or_insert_with(|| Acc {
                spellings: Vec::new(),
                fiches: Vec::new(),
            });
        acc.spellings.push(name.as_str());
        if acc.fiches.last() != Some(&i) {
            acc.fiches.push(i);
        }
    }
}

/// Terms fold by slug; the name shown is the closed list's spelling when there is
/// one, else the most used spelling.
fn finish(
    kind: TaxonomyKind,
    by_slug: HashMap<String, Acc>,
    closed: Option<&Vec<String>>,
) -> Taxonomy {
    let canonical: HashMap<String, &String> = closed
        .into_iter()
        .flatten()
        .map(|t| (slugify(t), t))
        .collect();
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
                partners: Vec::new(),
            }
        })
        .collect();
    terms.sort_by(|a, b| a.slug.cmp(&b.slug));
    Taxonomy { kind, terms }
}

/// Whether replacing fiches by `edits` would change how one of their terms is
/// spelled on the site (the most used spelling wins, unless a closed list fixes it).
pub fn spelling_flips(site: &Site, edits: &[(usize, &Fiche)]) -> bool {
    let replaced: HashMap<usize, &Fiche> = edits.iter().map(|&(pos, f)| (pos, f)).collect();
    for &kind in &site.kinds {
        let cfg = &site.config;
        if cfg.vocabularies.contains_key(kind.key(cfg)) {
            continue;
        }
        let tax = site.taxonomy(kind);
        let mut slugs: HashSet<String> = HashSet::new();
        for &(pos, new) in edits {
            for t in kind
                .terms_of(cfg, &site.fiches[pos])
                .iter()
                .chain(kind.terms_of(cfg, new))
            {
                slugs.insert(slugify(t.as_str()));
            }
        }
        for slug in slugs {
            let current = tax.terms.iter().find(|t| t.slug == slug);
            // Every fiche that has or will have the term, once.
            let mut ids: Vec<usize> = current.map(|t| t.fiches.clone()).unwrap_or_default();
            ids.extend(replaced.keys().copied());
            ids.sort_unstable();
            ids.dedup();
            let mut spellings: Vec<&str> = Vec::new();
            for i in ids {
                let f = replaced.get(&i).copied().unwrap_or(&site.fiches[i]);
                if let Some(name) = kind
                    .terms_of(cfg, f)
                    .iter()
                    .find(|n| slugify(n.as_str()) == slug)
                {
                    spellings.push(name.as_str());
                }
            }
            let after = preferred_spelling(spellings.into_iter());
            if current.is_some_and(|t| t.name != after) {
                return true;
            }
        }
    }
    false
}

/// The most used spelling; on a tie, the one that keeps the most accents and the
/// fewest capitals after the first letter (`Réseau` rather than `RÉSEAU` or
/// `reseau`), then the first in alphabetical order.
pub fn preferred_spelling<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for n in names {
        *counts.entry(n).or_default() += 1;
    }
    let key = |n: &str, count: usize| {
        let accents = n.chars().filter(|c| !c.is_ascii()).count();
        let shouting = n.chars().skip(1).filter(|c| c.is_uppercase()).count();
        (count, accents, std::cmp::Reverse(shouting))
    };
    counts
        .into_iter()
        .max_by(|a, b| key(a.0, a.1).cmp(&key(b.0, b.1)).then_with(|| b.0.cmp(a.0)))
        .map(|(n, _)| n.to_string())
        .unwrap_or_default()
}
