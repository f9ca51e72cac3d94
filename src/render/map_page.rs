//! The map page (`carte/`, `map/`): one inline SVG per country the site's
//! territories lie in, its legend, the table of the same data, and where the
//! boundaries come from.

use minijinja::Value;

use super::context::Ctx;
use crate::diagnostic::Diagnostic;
use crate::map::{self, Area};
use crate::output::Page;
use crate::paths;
use crate::places::{self, Country, Kind};
use crate::site::TaxonomyKind;

impl Ctx<'_> {
    pub(super) fn map_page(&self, path: String) -> Result<Page, Diagnostic> {
        let cfg = &self.site.config;
        let areas = map::areas(self.site);
        let terms = &self.site.taxonomy(TaxonomyKind::Territories).terms;
        let root = self.root(&path);
        let url = |a: &Area| {
            let slug = terms.get(a.term).map_or("", |t| t.slug.as_str());
            paths::term_dir(cfg, TaxonomyKind::Territories, slug)
        };
        let name = |a: &Area| terms.get(a.term).map_or("", |t| t.name.as_str());
        let label = |a: &Area| {
            let key = match a.count {
                _ if a.partners > 0 => "map_area_pooled",
                1 => "map_area_one",
                _ => "map_area_many",
            };
            let count = self.count_pooled(a.count - a.partners, a.partners);
            self.t(key)
                .replace("{name}", name(a))
                .replace("{count}", &count)
                .replace("{n}", &a.count.to_string())
        };
        let drawn: Vec<map::Drawn> = map::countries(&areas)
            .into_iter()
            .filter_map(|c| {
                let title = self
                    .t("map_svg_title")
                    .replace("{country}", &self.country(c));
                map::draw(
                    &areas,
                    c,
                    |a| (format!("{root}{}", url(a)), label(a)),
                    (&title, cfg.language),
                )
            })
            .collect();
        let max = areas.iter().map(|a| a.count).max().unwrap_or(1);
        let rows: Vec<Value> = areas
            .iter()
            .map(|a| {
                minijinja::context! {
                    name => name(a),
                    url => url(a),
                    count => a.count,
                    partners => a.partners,
                    place => self.place_text(a),
                    fill => map::PALETTE[map::class(a.count, max)],
                }
            })
            .collect();
        let title = self.t("map_title");
        let page = self.page("map", title, self.t("map_intro"), path.clone());
        self.emit(
            &paths::index_html(&path),
            "map.html",
            page,
            minijinja::context! { map => minijinja::context! {
                drawn => drawn.iter().map(|d| minijinja::context! {
                    country => self.country(d.country),
                    svg => Value::from_safe_string(d.svg.clone()),
                }).collect::<Vec<_>>(),
                legend => map::classes(max).into_iter().map(|(c, least, most)| minijinja::context! {
                    fill => map::PALETTE[c],
                    text => self.legend_text(least, most),
                }).collect::<Vec<_>>(),
                areas => rows,
                pooled => areas.iter().any(|a| a.partners > 0),
                sources => sources(&drawn),
            } },
        )
    }

    /// A count of fiches, the site's `own` and its partners': `3 fiches`,
    /// `12 fiches, dont 3 de partenaires`, `2 fiches de partenaires` (as the
    /// theme's `count_pooled` macro says it).
    fn count_pooled(&self, own: usize, partners: usize) -> String {
        let (key, n) = match (own, partners) {
            (1, 0) => ("count_one", own),
            (_, 0) => ("count_many", own),
            (0, 1) => ("partner_count_one", 1),
            (0, _) => ("partner_count_many", partners),
            (_, 1) => ("count_partners_one", own + 1),
            _ => ("count_partners_many", own + partners),
        };
        self.t(key)
            .replace("{n}", &n.to_string())
            .replace("{p}", &partners.to_string())
    }

    /// `1 fiche`, `3 fiches`, `4 à 7 fiches`.
    fn legend_text(&self, least: usize, most: usize) -> String {
        let key = match (least, most) {
            (1, 1) => "map_legend_one",
            (l, m) if l == m => "map_legend_n",
            _ => "map_legend_range",
        };
        self.t(key)
            .replace("{n}", &most.to_string())
            .replace("{least}", &least.to_string())
            .replace("{most}", &most.to_string())
    }

    fn country(&self, c: Country) -> String {
        self.t(match c {
            Country::France => "country_france",
            Country::Switzerland => "country_switzerland",
            Country::Belgium => "country_belgium",
        })
    }

    /// What the table says of an area's place: `Département 74, France`.
    fn place_text(&self, a: &Area) -> String {
        let Some(p) = places::get(a.place) else {
            return String::new();
        };
        let kind = self.t(match p.kind {
            Kind::Departement => "place_departement",
            Kind::Region => "place_region",
            Kind::Canton => "place_canton",
            Kind::Province => "place_province",
        });
        let code = if p.kind == Kind::Region { "" } else { p.code };
        let sep = if code.is_empty() { "" } else { " " };
        format!("{kind}{sep}{code}, {}", self.country(p.country))
    }
}

/// The sources of the outlines the maps draw, each once, in the maps' order.
fn sources(drawn: &[map::Drawn]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for s in drawn.iter().flat_map(|d| &d.sources) {
        if !out.contains(s) {
            out.push(s);
        }
    }
    out
}
