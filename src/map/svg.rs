//! A country's map as an inline SVG: the areas a site uses, each shaded by its
//! number of fiches and a link to its territory page named with its count, over
//! the outline of the areas around them. No script, no request: it prints, and it
//! reads from `file://`.

use std::collections::HashSet;
use std::fmt::Write;

use super::Area;
use crate::escape::escape;
use crate::lang::Lang;
use crate::places::shapes::{ATTRIBUTION, OVERSEAS_ATTRIBUTION, Outlines, Shape, insets, outlines};
use crate::places::{self, Country, Kind};

/// Fills of the five classes of counts, light to dark: the areas' dark outline sets
/// each apart from the grey land around.
pub const PALETTE: [&str; 5] = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
const LAND: &str = "#f0f0f0";
const LAND_EDGE: &str = "#a0a0a0";
const EDGE: &str = "#1d2b3a";

/// The class of a count among counts up to `max`: the darkest past half of `max`,
/// one lighter for each halving, so that a site of 5 fiches and one of 10,000 both
/// use the scale.
pub fn class(count: usize, max: usize) -> usize {
    let last = PALETTE.len() - 1;
    let halvings = (0..last)
        .take_while(|&k| count.saturating_mul(2 << k) <= max)
        .count();
    last - halvings
}

/// The classes that counts up to `max` fill, with the least and most fiches each
/// holds: `(class, least, most)`, light to dark.
pub fn classes(max: usize) -> Vec<(usize, usize, usize)> {
    let last = PALETTE.len() - 1;
    (0..=last)
        .filter_map(|c| {
            let k = last - c;
            let most = max >> k;
            let least = if c == 0 { 1 } else { (max >> (k + 1)) + 1 };
            (least <= most).then_some((c, least, most))
        })
        .collect()
}

/// One country's map.
pub struct Drawn {
    pub country: Country,
    pub svg: String,
    /// The sources of the outlines it draws, to cite.
    pub sources: Vec<&'static str>,
}

/// The map of `country`'s areas among `areas`, when `fiches` has its outlines and
/// one of them is drawn; `link` gives an area's address and its name with its
/// count, `title` names the map, `lang` the insets.
pub fn draw(
    areas: &[Area],
    country: Country,
    link: impl Fn(&Area) -> (String, String),
    (title, lang): (&str, Lang),
) -> Option<Drawn> {
    let outlines = outlines(country)?;
    let mut drawn: Vec<(&Area, Vec<&Shape>, bool)> = areas
        .iter()
        .filter_map(|a| {
            let p = places::get(a.place).filter(|p| p.country == country)?;
            let shapes = shapes_of(outlines, a);
            (!shapes.is_empty()).then_some((a, shapes, p.kind == Kind::Region))
        })
        .collect();
    let max = areas.iter().map(|a| a.count).max().unwrap_or(1);
    let overseas = overseas(areas, country);
    let metro = view_box(drawn.iter().flat_map(|(_, s, _)| s.iter().copied()));
    if metro.is_none() && overseas.is_empty() {
        return None;
    }
    let (view, row, narrow) = layout(metro, overseas.len());
    // Régions under their départements; the larger counts on top of the smaller.
    drawn.sort_by_key(|(a, _, region)| (!region, a.count));
    let mut svg = String::new();
    let [x, y, w, h] = view;
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map__svg\" viewBox=\"{x} {y} {w} {h}\" role=\"group\" aria-label=\"{}\">",
        escape(title)
    );
    if let Some(metro) = metro {
        let own: HashSet<&str> = (drawn.iter()).flat_map(|(a, _, _)| codes_of(a)).collect();
        land(&mut svg, outlines, metro, &own);
    }
    for (area, shapes, _) in drawn {
        let d: String = shapes.iter().map(|s| s.d).collect();
        area_link(&mut svg, area, &d, max, &link);
    }
    let has_insets = !overseas.is_empty();
    if has_insets && metro.is_some() {
        // The row of insets hides the land the metropolitan map lets overflow.
        let band = y + h - row[1];
        let _ = write!(
            svg,
            "<rect class=\"map__band\" x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{band}\" fill=\"#fff\"/>",
            row[1]
        );
    }
    let n = overseas.len();
    for (i, (area, shape)) in overseas.into_iter().enumerate() {
        inset(&mut svg, row, i, (area, shape), max, &link);
        let name = places::name_in(area.place, lang);
        inset_names(&mut svg, row, (i, n, narrow), name);
    }
    svg.push_str("</svg>");
    let mut sources = Vec::new();
    if metro.is_some() {
        sources.extend(
            ATTRIBUTION
                .iter()
                .filter(|(c, _)| *c == country)
                .map(|a| a.1),
        );
    }
    if has_insets {
        sources.push(OVERSEAS_ATTRIBUTION);
    }
    Some(Drawn {
        country,
        svg,
        sources,
    })
}

/// One area, shaded by its count, as a link named with it.
fn area_link(
    svg: &mut String,
    area: &Area,
    d: &str,
    max: usize,
    link: &impl Fn(&Area) -> (String, String),
) {
    let (href, label) = link(area);
    let (href, label) = (escape(&href), escape(&label));
    let fill = PALETTE[class(area.count, max)];
    let _ = write!(
        svg,
        "<a href=\"{href}\" aria-label=\"{label}\"><path class=\"map__area\" fill=\"{fill}\" stroke=\"{EDGE}\" d=\"{d}\"><title>{label}</title></path></a>"
    );
}

/// The overseas départements among `areas` (France's only), in the data's order.
fn overseas(areas: &[Area], country: Country) -> Vec<(&Area, &'static Shape)> {
    if country != Country::France {
        return Vec::new();
    }
    let mut out: Vec<(&Area, &Shape)> = (areas.iter())
        .filter_map(|a| {
            let p = places::get(a.place).filter(|p| p.country == country)?;
            Some((a, insets().by_code.get(p.code)?))
        })
        .collect();
    out.sort_by_key(|(a, _)| places::get(a.place).map(|p| p.code));
    out
}

/// Where the insets go: a row of squares under the metropolitan map (`metro`, its
/// view box), each a quarter of its size or so, so that they read at any zoom. The
/// whole view box; the row's left, top, square side and gap; the size of the
/// names a narrow map gives them ([`inset_names`]).
fn layout(metro: Option<[i32; 4]>, n: usize) -> ([i32; 4], [i32; 4], i32) {
    let Some([x, y, w, h]) = metro else {
        let (side, gap) = (400, 40);
        let width = n as i32 * (side + gap) + gap;
        let narrow = narrow_size(width);
        let height = side + below(side, narrow, n) + 2 * gap;
        return ([0, 0, width, height], [gap, gap, side, gap], narrow);
    };
    if n == 0 {
        return ([x, y, w, h], [x, y, 0, 0], 0);
    }
    let side = (w.max(h) / 4).clamp(250, 600);
    let gap = side / 10;
    // The narrower of the map and the row is centred under or above the other: a
    // few départements above five insets would otherwise sit in a corner.
    let row_width = n as i32 * (side + gap) + gap;
    let width = row_width.max(w);
    let left = x - (width - w) / 2;
    let row = [left + (width - row_width) / 2 + gap, y + h, side, gap];
    let narrow = narrow_size(width);
    let height = h + side + below(side, narrow, n) + gap;
    ([left, y, width, height], row, narrow)
}

/// The size of the insets' names on a narrow map, in the map's units: 12 px when
/// the whole map is drawn 320 px wide, a phone's width.
fn narrow_size(width: i32) -> i32 {
    width * 12 / 320
}

/// The room under the insets for their names: one line of the wide names, or
/// two of the narrow ones (every other name a line lower, so that long names do
/// not run into each other).
fn below(side: i32, narrow: i32, n: usize) -> i32 {
    let lines = if n > 2 { 2 } else { 1 };
    (side / 4).max(narrow * (lines * 6 + 2) / 5)
}

/// The `i`th overseas département in its framed square of the row.
fn inset(
    svg: &mut String,
    [left, top, side, gap]: [i32; 4],
    i: usize,
    (area, shape): (&Area, &Shape),
    max: usize,
    link: &impl Fn(&Area) -> (String, String),
) {
    let extent = insets().extent.0.max(1);
    let x = left + i as i32 * (side + gap);
    let scale = f64::from(side) / f64::from(extent);
    let _ = write!(
        svg,
        "<g transform=\"translate({x} {top}) scale({scale:.3})\"><rect class=\"map__inset\" width=\"{extent}\" height=\"{extent}\" fill=\"none\" stroke=\"{LAND_EDGE}\" vector-effect=\"non-scaling-stroke\"/>"
    );
    area_link(svg, area, shape.d, max, link);
    svg.push_str("</g>");
}

/// The name under the `i`th inset, twice: sized for a wide map, and for a narrow
/// one (`narrow`, larger in the map's units, every other one a line lower when
/// more than two, the
/// first and last of `n` held by their outer edge so that they stay in the map),
/// hidden until the theme's style shows it in place of the other when the map is
/// drawn narrow. Hidden from screen readers: the area's link says its name.
fn inset_names(
    svg: &mut String,
    [left, top, side, gap]: [i32; 4],
    (i, n, narrow): (usize, usize, i32),
    name: &str,
) {
    let x = left + i as i32 * (side + gap) + side / 2;
    let name = escape(name);
    let _ = write!(
        svg,
        "<text class=\"map__name\" x=\"{x}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"{EDGE}\" aria-hidden=\"true\">{name}</text>",
        top + side + side / 6,
        side / 8,
    );
    // Two names, held by their outer edges, never meet: more take two lines.
    let line = if n > 2 && i % 2 == 1 {
        narrow * 6 / 5
    } else {
        0
    };
    let (x, anchor) = match i {
        0 if n > 1 => (x - side / 2, "start"),
        _ if n > 1 && i + 1 == n => (x + side / 2, "end"),
        _ => (x, "middle"),
    };
    let _ = write!(
        svg,
        "<text class=\"map__name-narrow\" x=\"{x}\" y=\"{}\" font-size=\"{narrow}\" text-anchor=\"{anchor}\" fill=\"{EDGE}\" display=\"none\" aria-hidden=\"true\">{name}</text>",
        top + side + narrow * 6 / 5 + line,
    );
}

/// The outlines of an area: its own, or a région's départements or provinces.
fn shapes_of<'o>(outlines: &'o Outlines, a: &Area) -> Vec<&'o Shape> {
    (codes_of(a).into_iter())
        .filter_map(|c| outlines.by_code.get(c))
        .collect()
}

/// The codes of the outlines of an area: its own, or a région's parts'.
fn codes_of(a: &Area) -> Vec<&'static str> {
    let parts = places::parts(a.place);
    let ids = if parts.is_empty() {
        vec![a.place]
    } else {
        parts
    };
    ids.into_iter()
        .filter_map(places::get)
        .map(|p| p.code)
        .collect()
}

/// The box around `shapes`, with a margin that shows what lies around them.
fn view_box<'s>(shapes: impl Iterator<Item = &'s Shape>) -> Option<[i32; 4]> {
    let mut b: Option<[i32; 4]> = None;
    for s in shapes {
        let [l, t, r, bo] = s.bbox;
        b = Some(match b {
            None => s.bbox,
            Some([l0, t0, r0, b0]) => [l0.min(l), t0.min(t), r0.max(r), b0.max(bo)],
        });
    }
    let [l, t, r, bo] = b?;
    let pad = (r - l).max(bo - t) / 12 + 20;
    Some([l - pad, t - pad, r - l + 2 * pad, bo - t + 2 * pad])
}

/// Every other area of the country that shows in `view`, in one grey path: the
/// land around the site's areas, for reading where they lie (`own`, the areas
/// drawn, are left out: drawn twice, they would double the map's weight).
fn land(svg: &mut String, outlines: &Outlines, [x, y, w, h]: [i32; 4], own: &HashSet<&str>) {
    let d: String = (outlines.codes.iter())
        .filter(|c| !own.contains(*c))
        .filter_map(|c| outlines.by_code.get(c))
        .filter(|s| {
            let [l, t, r, b] = s.bbox;
            l < x + w && r > x && t < y + h && b > y
        })
        .map(|s| s.d)
        .collect();
    if !d.is_empty() {
        let _ = write!(
            svg,
            "<path class=\"map__land\" fill=\"{LAND}\" stroke=\"{LAND_EDGE}\" aria-hidden=\"true\" d=\"{d}\"/>"
        );
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn area(name: &str, count: usize) -> Area {
        Area {
            place: places::candidates(name)[0],
            term: 0,
            count,
            partners: 0,
        }
    }

    proptest! {
        /// Whatever a territory's name holds (markup, quotes, controls, astral,
        /// right-to-left), the map is well-formed XML and says the name as written,
        /// the characters XML forbids aside.
        #[test]
        fn any_name_makes_a_well_formed_map(
            name in prop::collection::vec(
                prop_oneof![any::<char>(), prop::sample::select(vec![
                    '<', '&', '"', '\'', '\u{a0}', '\u{202e}', 'ﬁ', '😀', '\u{0}', '\u{1b}',
                ])],
                0..30,
            ).prop_map(|c| c.into_iter().collect::<String>()),
        ) {
            let areas = [area("Haute-Savoie", 3), area("Vaud", 1)];
            let drawn = draw(&areas, Country::France, |_| (format!("t/{name}/"), name.clone()), (&name, Lang::Fr))
                .expect("Haute-Savoie is drawn");
            let doc = roxmltree::Document::parse(&drawn.svg);
            prop_assert!(doc.is_ok(), "{:?}", doc.err());
            let doc = doc.unwrap();
            let link = doc.descendants().find(|n| n.has_tag_name("a")).unwrap();
            // XML reads a line end as one, and any of tab, CR, LF in an attribute as a space.
            let fit: String = (name.chars())
                .map(|c| if crate::escape::unfit(c) { crate::escape::replacement(c).to_string() } else { c.to_string() })
                .collect();
            let expected: String = (fit.replace("\r\n", "\n").chars())
                .map(|c| if matches!(c, '\t' | '\r' | '\n') { ' ' } else { c })
                .collect();
            prop_assert_eq!(link.attribute("aria-label"), Some(expected.as_str()));
            prop_assert_eq!(doc.descendants().filter(|n| n.has_tag_name("a")).count(), 1);
        }
    }

    /// The heaviest French map: every département, the five insets among them,
    /// 10,000 fiches. It stays within a few kilobytes of the mainland's outlines.
    #[test]
    fn the_whole_of_france_with_its_insets_stays_small() {
        let areas: Vec<Area> = (places::all().iter().enumerate())
            .filter(|(_, p)| p.country == Country::France && p.kind == Kind::Departement)
            .map(|(i, _)| Area {
                place: places::candidates(places::all()[i].name)[0],
                term: 0,
                count: 100,
                partners: 0,
            })
            .collect();
        assert_eq!(areas.len(), 101);
        let link = |a: &Area| {
            (
                format!("../territories/t{}/", a.place),
                "Lieu : 100 fiches".into(),
            )
        };
        let drawn = draw(&areas, Country::France, link, ("France", Lang::Fr)).unwrap();
        assert_eq!(drawn.svg.matches("class=\"map__inset\"").count(), 5);
        assert_eq!(drawn.svg.matches("<a href").count(), 101);
        assert!(drawn.svg.len() < 70_000, "{} bytes", drawn.svg.len());
        assert!(roxmltree::Document::parse(&drawn.svg).is_ok());
    }

    #[test]
    fn classes_halve_from_the_largest_count() {
        assert_eq!(class(5, 5), 4);
        assert_eq!(class(3, 5), 4);
        assert_eq!(class(2, 5), 3);
        assert_eq!(class(1, 5), 2);
        assert_eq!(class(100, 100), 4);
        assert_eq!(class(1, 10_000), 0);
        assert_eq!(class(700, 10_000), 1);
        assert_eq!(classes(5), vec![(2, 1, 1), (3, 2, 2), (4, 3, 5)]);
        assert_eq!(classes(1), vec![(4, 1, 1)]);
        // Every count from 1 to max falls in the class whose range holds it.
        for max in [1, 2, 7, 16, 33, 10_000] {
            let ranges = classes(max);
            for count in 1..=max {
                let c = class(count, max);
                let (_, least, most) = ranges.iter().find(|r| r.0 == c).unwrap();
                assert!((*least..=*most).contains(&count), "{count} of {max}: {c}");
            }
        }
    }
}
