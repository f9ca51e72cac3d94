//! The map of a site's territories: which place each territory term names (read
//! in the site's main country when a name is shared), how many fiches each place
//! holds, and the inline SVG that draws them (`svg`), with only the areas the site
//! uses and their neighbours' outline.

mod svg;

pub use svg::{Drawn, PALETTE, class, classes, draw};

use std::collections::HashMap;

use crate::places::{self, Country, PlaceId};
use crate::site::{Site, TaxonomyKind, names_place_better};

/// One place of the map.
#[derive(Clone, Debug)]
pub struct Area {
    pub place: PlaceId,
    /// The territory term that names it (its index in the site's list): when
    /// several spellings name it, the most used, then the table's
    /// ([`names_place_better`]).
    pub term: usize,
    /// Its fiches, every spelling counted, its partners' with the site's.
    pub count: usize,
    /// Of which the partners' (`[[sources]]`).
    pub partners: usize,
}

/// The places the site's territories name, the most fiches first, then by name.
pub fn areas(site: &Site) -> Vec<Area> {
    let terms = &site.taxonomy(TaxonomyKind::Territories).terms;
    let (found, country) = placed(terms);
    let mut by_place: HashMap<PlaceId, Area> = HashMap::new();
    for (i, ids) in found.iter().enumerate() {
        let Some(place) = places::pick(ids, country) else {
            continue;
        };
        let own = terms[i].fiches.len();
        let area = by_place.entry(place).or_insert(Area {
            place,
            term: i,
            count: 0,
            partners: 0,
        });
        if names_place_better(place, &terms[i], &terms[area.term]) {
            area.term = i;
        }
        area.count += own + terms[i].partners.len();
        area.partners += terms[i].partners.len();
    }
    let mut out: Vec<Area> = by_place.into_values().collect();
    let name = |a: &Area| places::get(a.place).map_or("", |p| p.name);
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| name(a).cmp(name(b))));
    out
}

/// The place each territory term names, by the term's slug (read as [`areas`]
/// reads them).
pub fn places_by_slug(site: &Site) -> HashMap<&str, PlaceId> {
    let terms = &site.taxonomy(TaxonomyKind::Territories).terms;
    let (found, country) = placed(terms);
    (terms.iter().zip(&found))
        .filter_map(|(t, ids)| Some((t.slug.as_str(), places::pick(ids, country)?)))
        .collect()
}

/// The places each territory term may name, and the country a shared name is read
/// in: the one the site's own terms name most (not those only partners use).
fn placed(terms: &[crate::site::Term]) -> (Vec<Vec<PlaceId>>, Country) {
    let found: Vec<Vec<PlaceId>> = terms.iter().map(|t| places::candidates(&t.name)).collect();
    let own = (found.iter().zip(terms))
        .filter(|(_, t)| !t.fiches.is_empty())
        .map(|(ids, _)| ids.as_slice());
    let country = places::main_country(own);
    (found, country)
}

/// Whether the site has a map: one of its territories names a place.
pub fn has_map(site: &Site) -> bool {
    let terms = &site.taxonomy(TaxonomyKind::Territories).terms;
    terms
        .iter()
        .any(|t| !places::candidates(&t.name).is_empty())
}

/// Whether a fiche has a place: its territory names one, or it gives coordinates.
pub fn has_places(site: &Site) -> bool {
    has_map(site) || site.fiches.iter().any(|f| f.coordinates.is_some())
}

/// The countries of `areas`, in the order of their first area.
pub fn countries(areas: &[Area]) -> Vec<Country> {
    let mut out = Vec::new();
    for a in areas {
        if let Some(p) = places::get(a.place)
            && !out.contains(&p.country)
        {
            out.push(p.country);
        }
    }
    out
}
