//! `fiches.geojson` (RFC 7946): one point for each published fiche that has a place,
//! for uMap or a GIS — its own `coordinates`, or else the approximate centre of the
//! département, région, canton or province its territory names, marked as such
//! (`located`: `coordinates` or `area`).

use serde_json::{Value, json};

use crate::fiche::Fiche;
use crate::places::{self, Coordinates, PlaceId};
use crate::site::Site;
use crate::slug::slugify;

/// The collection, fiches in the site's order (newest first).
pub fn geojson(site: &Site) -> String {
    let places = crate::map::places_by_slug(site);
    let base = site.config.base_url.as_deref().unwrap_or_default();
    let features: Vec<Value> = (site.fiches.iter())
        .filter_map(|f| {
            let place = f
                .territory
                .as_ref()
                .and_then(|t| places.get(slugify(t.as_str()).as_str()).copied());
            feature(site, f, place, base)
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features }).to_string()
}

fn feature(site: &Site, f: &Fiche, place: Option<PlaceId>, base: &str) -> Option<Value> {
    let (at, located) = match (f.coordinates, place.and_then(places::centre)) {
        (Some(c), _) => (c, "coordinates"),
        (None, Some(c)) => (c, "area"),
        (None, None) => return None,
    };
    let area = place.and_then(places::get);
    Some(json!({
        "type": "Feature",
        "id": f.slug,
        "geometry": { "type": "Point", "coordinates": position(at) },
        "properties": {
            "title": f.title,
            "url": format!("{base}{}", crate::paths::fiche_dir(&f.slug)),
            "date": f.date.map(|d| d.iso()),
            "summary": f.summary,
            "variant": f.variant_in(&site.config).map(|v| &v.name),
            "territory": f.territory.as_ref().map(|t| t.as_str()),
            "commune": f.commune,
            "place": area.map(|p| p.name),
            "place_code": area.map(|p| p.code),
            "located": located,
        },
    }))
}

/// Longitude then latitude, as RFC 7946 orders them, to six decimals (10 cm).
fn position(c: Coordinates) -> [f64; 2] {
    let round = |x: f64| (x * 1e6).round() / 1e6;
    [round(c.lon), round(c.lat)]
}
