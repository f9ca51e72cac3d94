//! What the index reads of one fiche: its words by field (title, summary, the
//! names around it, the text), the text excerpts are cut from, and what a result
//! shows (title, type, date, summary) and is filtered by.

use super::words::{Analyzer, Cache, tokens};
use crate::export::html_to_text;
use crate::fiche::Fiche;
use crate::site::{Site, TaxonomyKind};
use crate::theme::DateFormat;

/// The fields a word is counted in, each with its weight in the ranking.
pub const FIELDS: usize = 4;
/// Title, summary, names (authors, organization, terms), text.
pub const WEIGHTS: [f32; FIELDS] = [10.0, 3.0, 2.0, 1.0];

/// No offset: the word is not in the excerpt text (title or names only).
pub const NO_OFFSET: u32 = u32::MAX;

/// One word of a fiche: how often in each field, and where it first appears in
/// the excerpt text.
#[derive(Clone, Copy, Debug)]
pub struct Count {
    pub tf: [u8; FIELDS],
    pub offset: u32,
}

/// What a result shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub slug: String,
    pub title: String,
    /// Index of the fiche's variant in the site's variants.
    pub variant: usize,
    pub date: String,
    pub summary: String,
}

/// A fiche as the index reads it.
pub struct Doc {
    pub card: Card,
    /// Words in each field.
    pub lens: [u32; FIELDS],
    /// Stem (its number in the index's dictionary) → counts, in no order.
    pub words: Vec<(u32, Count)>,
    /// Folded word as written → its stem, when they differ.
    pub surfaces: Vec<(u32, u32)>,
    /// (filter key, value) pairs.
    pub filters: Vec<(String, String)>,
}

/// A result's summary is clamped to a few lines on the page: no need to ship more.
const SUMMARY_CHARS: usize = 240;

/// The text excerpts are cut from: summary, testimonies, body.
pub fn excerpt_text(f: &Fiche, body_html: &str) -> String {
    let mut text = f.summary.clone();
    for t in &f.testimonies {
        text.push('\n');
        text.push_str(&t.quote);
    }
    text.push('\n');
    text.push_str(&html_to_text(body_html));
    text
}

/// The filters of `f`: variant, year, themes, tags, territory and the declared
/// fields with `filter = true`, by their key.
pub fn filters(site: &Site, f: &Fiche) -> Vec<(String, String)> {
    let mut out = own_filters(&site.config, f);
    for &kind in &site.kinds {
        let tax = site.taxonomy(kind);
        for t in kind.terms_of(f).iter().filter_map(|t| tax.find(t.as_str())) {
            out.push((filter_key(kind).to_string(), t.name.clone()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// [`filters`] of every fiche of `site`, by position, read from the term lists
/// (no term named again for each fiche: that is what a build does).
pub fn all_filters(site: &Site) -> Vec<Vec<(String, String)>> {
    let mut out: Vec<Vec<(String, String)>> = site
        .fiches
        .iter()
        .map(|f| own_filters(&site.config, f))
        .collect();
    for (&kind, tax) in site.kinds.iter().zip(&site.taxonomies) {
        for t in &tax.terms {
            for &i in &t.fiches {
                if let Some(list) = out.get_mut(i) {
                    list.push((filter_key(kind).to_string(), t.name.clone()));
                }
            }
        }
    }
    for list in &mut out {
        list.sort();
        list.dedup();
    }
    out
}

/// The filters a fiche has of itself: its variant and its year.
fn own_filters(cfg: &crate::config::Config, f: &Fiche) -> Vec<(String, String)> {
    let name = f.variant_in(cfg).map_or("", |v| v.name.as_str());
    let mut out = vec![("variant".to_string(), name.to_string())];
    if let Some(d) = f.date {
        out.push(("year".to_string(), d.year.to_string()));
    }
    out
}

/// The key of a term list in the search page's address (`?theme=…`).
pub fn filter_key(kind: TaxonomyKind) -> &'static str {
    match kind {
        TaxonomyKind::Tags => "tag",
        TaxonomyKind::Themes => "theme",
        TaxonomyKind::Territories => "territory",
        TaxonomyKind::Field(key) => key,
    }
}

/// Reads fiche `f` of `site`.
/// What reading a fiche needs of its site: the same for every fiche.
pub struct Reader<'a> {
    pub dates: &'a DateFormat,
    pub analyzer: &'a Analyzer,
}

pub fn read(
    reader: &Reader,
    cache: &mut Cache,
    intern: &mut dyn FnMut(String) -> u32,
    f: &Fiche,
    text: &str,
    filters: Vec<(String, String)>,
) -> Doc {
    let Reader {
        dates, analyzer, ..
    } = *reader;
    let mut scratch = std::mem::take(&mut cache.scratch);
    scratch.next();
    let mut counts: Vec<(u32, Count)> = Vec::new();
    let mut surfaces: Vec<(u32, u32)> = Vec::new();
    let mut lens = [0; FIELDS];
    let mut doc = Doc {
        card: Card {
            slug: f.slug.clone(),
            title: crate::cut::clamp(&f.title, crate::fiche::TITLE_MAX),
            variant: f.variant.map_or(0, |v| v.index()),
            date: f.date.map(|d| dates.long(d)).unwrap_or_default(),
            summary: crate::cut::clamp(&f.summary, SUMMARY_CHARS),
        },
        lens: [0; FIELDS],
        words: Vec::new(),
        surfaces: Vec::new(),
        filters,
    };
    let mut add = |field: usize, text: &str, base: Option<usize>| {
        for (at, w) in tokens(text) {
            let Some((surface, stem)) = analyzer.cached(cache, intern, w) else {
                continue;
            };
            lens[field] += 1;
            let offset = base.map_or(NO_OFFSET, |b| u32::try_from(b + at).unwrap_or(NO_OFFSET));
            let at = scratch.place(stem, counts.len()).unwrap_or_else(|| {
                let fresh = Count {
                    tf: [0; FIELDS],
                    offset: NO_OFFSET,
                };
                counts.push((stem, fresh));
                counts.len() - 1
            });
            let count = &mut counts[at].1;
            count.tf[field] = count.tf[field].saturating_add(1);
            if count.offset == NO_OFFSET {
                count.offset = offset;
            }
            if surface != stem && scratch.first_sight(surface) {
                surfaces.push((surface, stem));
            }
        }
    };
    add(0, &f.title, None);
    // `text` is `excerpt_text`, which starts with the summary: offsets are into it.
    let summary_end = f.summary.len();
    add(1, &text[..summary_end], Some(0));
    add(3, &text[summary_end..], Some(summary_end));
    let names = f
        .authors
        .iter()
        .chain(&f.collective)
        .chain(&f.organization)
        .chain(f.testimonies.iter().map(|t| &t.name));
    for name in names {
        add(2, name, None);
    }
    // The terms of every kind, as named on the site (not the variant, not the year).
    let terms: Vec<String> = doc
        .filters
        .iter()
        .filter(|(k, _)| k != "variant" && k != "year")
        .map(|(_, v)| v.clone())
        .collect();
    for value in &terms {
        add(2, value, None);
    }
    doc.lens = lens;
    doc.words = counts;
    doc.surfaces = surfaces;
    cache.scratch = scratch;
    doc
}
