//! The partners' fiches as the home page shows them (`[[sources]]`): each partner
//! with its count and its latest fiches, « publiée par » it, linking to its own
//! pages — never pages of this site.

use serde::Serialize;

use super::context::Ctx;
use crate::partners::{Partner, PartnerFiche};
use crate::places;
use crate::site::{TaxonomyKind, Term};

/// The latest fiches of each partner shown on the home page.
const LATEST: usize = 3;

/// The partners' fiches shown on a term's first page, the newest.
pub(super) const TERM_PARTNERS: usize = 12;

#[derive(Serialize)]
pub(super) struct PartnerView<'a> {
    name: &'a str,
    url: Option<&'a str>,
    count: usize,
    latest: Vec<PartnerCard<'a>>,
}

#[derive(Serialize)]
pub(super) struct PartnerCard<'a> {
    url: &'a str,
    title: &'a str,
    summary: &'a str,
    date: String,
    date_display: String,
    territory: Option<std::borrow::Cow<'a, str>>,
    source: &'a str,
}

impl Ctx<'_> {
    /// Every partner that gave fiches, in `fiches.toml`'s order.
    pub(super) fn partner_views(&self) -> Vec<PartnerView<'_>> {
        let partners: &[Partner] = &self.site.partners;
        partners
            .iter()
            .filter(|p| !p.fiches.is_empty())
            .map(|p| PartnerView {
                name: &p.name,
                url: p.site_url.as_deref(),
                count: p.fiches.len(),
                latest: latest(&p.fiches)
                    .into_iter()
                    .map(|f| self.partner_card(p, f))
                    .collect(),
            })
            .collect()
    }

    /// The card of partner `p`'s fiche `f`: « publiée par » it, its link the
    /// partner's own page.
    fn partner_card<'p>(&self, p: &'p Partner, f: &'p PartnerFiche) -> PartnerCard<'p> {
        PartnerCard {
            url: &f.url,
            title: &f.title,
            summary: &f.summary,
            date: f.date.iso(),
            date_display: self.theme.long_date(f.date),
            territory: f.territory.as_deref().map(place_name),
            source: &p.name,
        }
    }

    /// The first [`TERM_PARTNERS`] partners' fiches of term `t` (newest first),
    /// and how many more it has: a term's page lists the site's fiches page after
    /// page, and the partners' newest on its first, so that no page grows with them.
    pub(super) fn term_partners(&self, t: &Term) -> (Vec<PartnerCard<'_>>, usize) {
        let partners: &[Partner] = &self.site.partners;
        let cards: Vec<PartnerCard> = (t.partners.iter().take(TERM_PARTNERS))
            .filter_map(|r| {
                let p = partners.get(r.source as usize)?;
                Some(self.partner_card(p, p.fiches.get(r.fiche as usize)?))
            })
            .collect();
        let more = t.partners.len().saturating_sub(cards.len());
        (cards, more)
    }

    /// The search page showing every fiche of a term, the site's and its
    /// partners' (`search/?tag=Jardins`), from the root.
    pub(super) fn term_search(&self, kind: TaxonomyKind, name: &str) -> String {
        let key = kind.filter_key(&self.site.config);
        let value = super::share::encode(name);
        format!("{}?{key}={value}", crate::paths::SEARCH_DIR)
    }

    /// The partners' fiches, all partners together.
    pub(super) fn partner_total(&self) -> usize {
        self.site.partners.iter().map(|p| p.fiches.len()).sum()
    }
}

/// A partner's territory by the name the places table gives it (`74` →
/// Haute-Savoie), as the site's own are merged; as written when it names no place.
fn place_name(text: &str) -> std::borrow::Cow<'_, str> {
    let ids = places::candidates(text);
    match places::pick(&ids, places::Country::France).and_then(places::get) {
        Some(place) => place.name.into(),
        None => text.into(),
    }
}

/// The [`LATEST`] newest, newest first (same date: by title), in one pass: a
/// partner's file says it is newest first, but nothing makes it so.
fn latest(fiches: &[PartnerFiche]) -> Vec<&PartnerFiche> {
    fn key(f: &PartnerFiche) -> (std::cmp::Reverse<crate::lang::Date>, &str) {
        (std::cmp::Reverse(f.date), &f.title)
    }
    let mut top: Vec<&PartnerFiche> = Vec::with_capacity(LATEST + 1);
    for f in fiches {
        let at = top.partition_point(|t| key(t) <= key(f));
        if at < LATEST {
            top.insert(at, f);
            top.truncate(LATEST);
        }
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Date;

    fn fiche(title: &str, day: u8) -> PartnerFiche {
        PartnerFiche {
            slug: "s".into(),
            url: "https://a.example/".into(),
            title: title.into(),
            date: Date {
                year: 2024,
                month: 1,
                day,
            },
            summary: String::new(),
            variant: "factual".into(),
            variant_label: None,
            authors: Vec::new(),
            tags: Vec::new(),
            themes: Vec::new(),
            territory: None,
            commune: None,
            coordinates: None,
            organization: None,
            text: String::new(),
        }
    }

    #[test]
    fn the_latest_are_the_newest_whatever_the_order_given() {
        let fiches = [
            fiche("a", 1),
            fiche("b", 9),
            fiche("c", 5),
            fiche("d", 9),
            fiche("e", 7),
        ];
        let titles: Vec<&str> = latest(&fiches).iter().map(|f| f.title.as_str()).collect();
        assert_eq!(titles, ["b", "d", "e"]);
        assert!(latest(&[]).is_empty());
    }

    #[test]
    fn a_territory_is_named_as_the_places_table_names_it() {
        assert_eq!(place_name("74"), "Haute-Savoie");
        assert_eq!(place_name("haute savoie"), "Haute-Savoie");
        assert_eq!(place_name("Quartier des Pâquis"), "Quartier des Pâquis");
        assert_eq!(place_name(""), "");
    }
}
