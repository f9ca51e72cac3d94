//! Places a fiche's territory may name: the French départements and régions, the
//! Swiss cantons, the Belgian provinces and régions, each found by its name, its
//! other spellings or its code, folded as terms are (`Haute Savoie`, `haute-savoie`,
//! `74`, `Savoie (73)`, `Canton de Vaud`); and a fiche's coordinates.

mod belgium;
mod coordinates;
mod france;
pub mod shapes;
mod switzerland;

pub use coordinates::{Coordinates, CoordinatesError, parse_coordinates};

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::fields::Suggester;
use crate::lang::Lang;
use crate::slug::slugify;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Country {
    France,
    Switzerland,
    Belgium,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Departement,
    Region,
    Canton,
    Province,
}

/// One place of the table.
#[derive(Debug)]
pub struct Place {
    pub country: Country,
    pub kind: Kind,
    /// The INSEE code of a département (`74`, `2A`), a canton's two letters (`VD`),
    /// a Belgian province's ISO code without `BE-` (`WLG`), ours for a région (`ARA`).
    pub code: &'static str,
    /// Its name in French.
    pub name: &'static str,
    /// The code of the région a département or province is part of; empty otherwise.
    pub within: &'static str,
    /// Other spellings and languages.
    pub aliases: &'static [&'static str],
}

/// Below this Jaro-Winkler similarity, a territory is no typo of a place's name.
const CLOSE: f64 = 0.9;

/// A place, by its position in [`all`].
pub type PlaceId = usize;

/// Prefixes people write before a name (`Canton de Vaud`), as slugs, longest
/// first where one begins another.
const PREFIXES: [&str; 18] = [
    "canton-de-",
    "canton-du-",
    "canton-des-",
    "canton-d-",
    "kanton-",
    "cantone-di-",
    "cantone-del-",
    "cantone-",
    "departement-de-la-",
    "departement-de-l-",
    "departement-du-",
    "departement-des-",
    "departement-de-",
    "departement-d-",
    "province-de-",
    "province-du-",
    "province-d-",
    "region-",
];

struct Table {
    places: Vec<Place>,
    /// Every name, other spelling and code, by its slug.
    by_slug: HashMap<String, Vec<PlaceId>>,
    /// Codes alone, by their slug (`2a`, `vd`).
    by_code: HashMap<String, PlaceId>,
}

static TABLE: LazyLock<Table> = LazyLock::new(table);

fn places() -> Vec<Place> {
    let p = |country, kind, code, name, within, aliases| Place {
        country,
        kind,
        code,
        name,
        within,
        aliases,
    };
    let mut out = Vec::new();
    for (code, name, aliases) in france::REGIONS {
        out.push(p(Country::France, Kind::Region, code, name, "", aliases));
    }
    for (code, name, region, aliases) in france::DEPARTEMENTS {
        out.push(p(
            Country::France,
            Kind::Departement,
            code,
            name,
            region,
            aliases,
        ));
    }
    for (_, code, name, aliases) in switzerland::CANTONS {
        out.push(p(
            Country::Switzerland,
            Kind::Canton,
            code,
            name,
            "",
            aliases,
        ));
    }
    for (code, name, region, aliases) in belgium::PROVINCES {
        let kind = if region.is_empty() {
            Kind::Region
        } else {
            Kind::Province
        };
        out.push(p(Country::Belgium, kind, code, name, region, aliases));
    }
    out
}

fn table() -> Table {
    let places = places();
    let mut by_slug: HashMap<String, Vec<PlaceId>> = HashMap::new();
    let mut by_code = HashMap::new();
    for (id, place) in places.iter().enumerate() {
        let mut names: Vec<String> = std::iter::once(place.name)
            .chain(place.aliases.iter().copied())
            .map(slugify)
            .collect();
        // Régions' codes are ours: only départements, cantons and provinces are
        // known by theirs.
        if place.kind != Kind::Region {
            let code = slugify(place.code);
            by_code.insert(code.clone(), id);
            // `1` for `01`.
            if let Some(short) = code.strip_prefix('0') {
                by_code.insert(short.to_string(), id);
                names.push(short.to_string());
            }
            names.push(code);
        }
        for slug in names {
            let ids = by_slug.entry(slug).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    Table {
        places,
        by_slug,
        by_code,
    }
}

/// Every place of the table.
pub fn all() -> &'static [Place] {
    &TABLE.places
}

/// The name of place `id` in `lang`: its French name, or the one English gives it
/// where it differs (`French Guiana`).
pub fn name_in(id: PlaceId, lang: Lang) -> &'static str {
    let Some(p) = get(id) else { return "" };
    let english = (lang == Lang::En && p.country == Country::France)
        .then(|| france::ENGLISH.iter().find(|(code, _)| *code == p.code))
        .flatten();
    english.map_or(p.name, |(_, name)| name)
}

/// The place `id`.
pub fn get(id: PlaceId) -> Option<&'static Place> {
    TABLE.places.get(id)
}

/// The départements or provinces a région holds (none for any other place).
pub fn parts(id: PlaceId) -> Vec<PlaceId> {
    let Some(region) = get(id).filter(|p| p.kind == Kind::Region) else {
        return Vec::new();
    };
    (all().iter().enumerate())
        .filter(|(_, p)| p.country == region.country && p.within == region.code)
        .map(|(i, _)| i)
        .collect()
}

/// The approximate centre of a place: its own, or for a région the mean of its
/// parts' (each within some kilometres: see `data/centroids.txt`).
pub fn centre(id: PlaceId) -> Option<Coordinates> {
    let parts = parts(id);
    if parts.is_empty() {
        return get(id).and_then(|p| shapes::centre(p.code));
    }
    let centres: Vec<Coordinates> = (parts.iter())
        .filter_map(|&i| get(i).and_then(|p| shapes::centre(p.code)))
        .collect();
    let n = centres.len() as f64;
    (!centres.is_empty()).then(|| Coordinates {
        lat: centres.iter().map(|c| c.lat).sum::<f64>() / n,
        lon: centres.iter().map(|c| c.lon).sum::<f64>() / n,
    })
}

/// The places `text` may name: one, several when a name is shared (`Jura`, a
/// département and a canton), none when it names no place of the table.
pub fn candidates(text: &str) -> Vec<PlaceId> {
    let t = &*TABLE;
    let slug = slugify(text);
    if let Some(ids) = by_name(t, &slug) {
        return ids;
    }
    if let Some(id) = coded(t, text) {
        return vec![id];
    }
    Vec::new()
}

/// The place of a slug, as written or after a prefix (`canton-de-`).
fn by_name(t: &Table, slug: &str) -> Option<Vec<PlaceId>> {
    if let Some(ids) = t.by_slug.get(slug) {
        return Some(ids.clone());
    }
    PREFIXES
        .iter()
        .filter_map(|p| slug.strip_prefix(p))
        .find_map(|rest| t.by_slug.get(rest).cloned())
}

/// A name with its code: `Savoie (73)`, `Chambéry (73)`, `Lausanne (VD)`, `73 -
/// Savoie`, `73 Savoie`. The code places it, unless the name says another place.
fn coded(t: &Table, text: &str) -> Option<PlaceId> {
    let text = text.trim();
    let (code, rest) = if let Some(inner) = text.strip_suffix(')') {
        let (rest, code) = inner.rsplit_once('(')?;
        (code, rest)
    } else {
        let end = text
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(text.len());
        let (code, rest) = text.split_at(end);
        // A leading code is a number (`73`) or Corsica's (`2A`).
        if !code.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        (code, rest)
    };
    let id = *t.by_code.get(&slugify(code))?;
    match by_name(t, &slugify(rest)) {
        Some(named) if !named.contains(&id) => None,
        _ => Some(id),
    }
}

/// The country most of `placed` lie in (each a list of candidates; only those with
/// one count), France when none does: how a shared name (`Jura`) is read.
pub fn main_country<'a>(placed: impl IntoIterator<Item = &'a [PlaceId]>) -> Country {
    let mut counts: HashMap<Country, usize> = HashMap::new();
    for ids in placed {
        if let [id] = ids
            && let Some(p) = get(*id)
        {
            *counts.entry(p.country).or_default() += 1;
        }
    }
    let france = counts.get(&Country::France).copied().unwrap_or(0);
    counts
        .into_iter()
        .filter(|&(_, n)| n > france)
        .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))
        .map_or(Country::France, |(c, _)| c)
}

/// One of `ids`, in `country` when one is there, else the first.
pub fn pick(ids: &[PlaceId], country: Country) -> Option<PlaceId> {
    ids.iter()
        .copied()
        .find(|&id| get(id).is_some_and(|p| p.country == country))
        .or_else(|| ids.first().copied())
}

/// Suggests the name of a place for a territory that names none.
pub struct Nearest(Suggester);

impl Nearest {
    pub fn new() -> Self {
        let names = all()
            .iter()
            .flat_map(|p| std::iter::once(p.name).chain(p.aliases.iter().copied()));
        Nearest(Suggester::new(names))
    }

    /// The name, as the table writes it, of the place closest to `text`: closer
    /// than other names must be, as towns often look like a place's name
    /// (`Lausanne`, `Landes`) without being a typo of it.
    pub fn name(&self, text: &str) -> Option<&'static str> {
        let alias = self.0.suggest(text)?;
        let fold = |s: &str| deunicode::deunicode(s).to_lowercase();
        if strsim::jaro_winkler(&fold(text), &fold(alias)) < CLOSE {
            return None;
        }
        let ids = TABLE.by_slug.get(&slugify(alias))?;
        ids.first().and_then(|&id| get(id)).map(|p| p.name)
    }
}

impl Default for Nearest {
    fn default() -> Self {
        Nearest::new()
    }
}

#[cfg(test)]
mod tests;
