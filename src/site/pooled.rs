//! The terms of partners' fiches named as the site names its own: a partner's
//! `jardins` is the site's `Jardins`, and a partner's territory `74` the site's
//! `Haute-Savoie` when both name one place of the table. One rule for the search,
//! the term pages and the map, so that a reader meets one term, not two.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use super::{Site, TaxonomyKind, Term};
use crate::partners::PartnerFiche;
use crate::places::{self, Country, PlaceId};
use crate::slug::slugify;

/// Whether `candidate` names `place` better than `current`, two of the site's
/// territories that name it (`74` and `Haute-Savoie`): the one more of the site's
/// fiches use, then the one spelled as the places table names the place, then the
/// first by slug. Never the order the terms were met in, so that the map, the
/// partners' terms and the search agree whatever that order.
pub fn names_place_better(place: PlaceId, candidate: &Term, current: &Term) -> bool {
    let table = places::get(place).map(|p| slugify(p.name));
    let canonical = |t: &Term| table.as_deref() == Some(t.slug.as_str());
    (candidate.fiches.len().cmp(&current.fiches.len()))
        .then_with(|| canonical(candidate).cmp(&canonical(current)))
        .then_with(|| current.slug.cmp(&candidate.slug))
        == Ordering::Greater
}

/// The site's terms, read once, that partners' terms are named by.
pub struct Pooled<'s> {
    site: &'s Site,
    /// The place each territory of the site names, and the term naming it (the
    /// best one when several spellings name one place: [`names_place_better`]).
    territories: HashMap<PlaceId, usize>,
    /// The country a shared name (`Jura`) is read in: the site's.
    country: Country,
}

impl<'s> Pooled<'s> {
    pub fn new(site: &'s Site) -> Pooled<'s> {
        let terms = &site.taxonomy(TaxonomyKind::Territories).terms;
        let found: Vec<Vec<PlaceId>> = terms.iter().map(|t| places::candidates(&t.name)).collect();
        // The site's own terms say its country, not those only partners use.
        let own = (found.iter().zip(terms))
            .filter(|(_, t)| !t.fiches.is_empty())
            .map(|(ids, _)| ids.as_slice());
        let country = places::main_country(own);
        let mut territories: HashMap<PlaceId, usize> = HashMap::new();
        for (i, ids) in found.iter().enumerate() {
            let Some(place) = places::pick(ids, country) else {
                continue;
            };
            let best = territories.entry(place).or_insert(i);
            if names_place_better(place, &terms[i], &terms[*best]) {
                *best = i;
            }
        }
        Pooled {
            site,
            territories,
            country,
        }
    }

    /// The name under which the site lists a partner's term `name` of `kind`: the
    /// site's own term of that spelling (case, accents and punctuation folded);
    /// for a territory, the site's territory naming the same place, else the place's
    /// name in the table; else the term as the partner writes it.
    pub fn name<'a>(&self, kind: TaxonomyKind, name: &'a str) -> Cow<'a, str>
    where
        's: 'a,
    {
        let tax = self.site.taxonomy(kind);
        let own = |name: &'a str| {
            tax.find(name)
                .map_or(Cow::Borrowed(name), |t| Cow::Borrowed(t.name.as_str()))
        };
        if kind != TaxonomyKind::Territories {
            return own(name);
        }
        // The place first: the site's `74` and `Haute-Savoie` are one territory.
        let Some(place) = places::pick(&places::candidates(name), self.country) else {
            return own(name);
        };
        match self.territories.get(&place) {
            Some(&i) => Cow::Borrowed(tax.terms[i].name.as_str()),
            None => places::get(place).map_or(Cow::Borrowed(name), |p| Cow::Borrowed(p.name)),
        }
    }

    /// The terms of partner fiche `f` in the site's list `kind`, named as the site
    /// names them, each once. A declared field's list holds none: partners declare
    /// their own fields, which `fiches.json` does not say are the same.
    pub fn terms<'a>(&self, kind: TaxonomyKind, f: &'a PartnerFiche) -> Vec<Cow<'a, str>>
    where
        's: 'a,
    {
        let given: &[String] = match kind {
            TaxonomyKind::Tags => &f.tags,
            TaxonomyKind::Themes => &f.themes,
            TaxonomyKind::Territories => f.territory.as_slice(),
            TaxonomyKind::Field(_) => &[],
        };
        let mut out: Vec<Cow<'a, str>> = Vec::with_capacity(given.len());
        for t in given {
            let named = self.name(kind, t);
            if !out.contains(&named) {
                out.push(named);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fixture;

    fn site(territories: &[&str], tags: &[&str]) -> Site {
        let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        let fiches: Vec<(String, String)> = territories
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let front = format!(
                    "title = \"F{i}\"\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = \"S.\"\nauthors = [\"A\"]\nterritory = \"{t}\"\ntags = [{}]",
                    tags.join(", ")
                );
                (format!("f{i}.md"), fixture::text(&front, "Texte."))
            })
            .collect();
        fixture::site(&fixture::config(""), &fiches).0
    }

    #[test]
    fn a_partners_territory_takes_the_sites_best_spelling_of_its_place() {
        // A tie: one fiche each; the table's name, not « 74 », which sorts first.
        let p = site(&["74", "Haute-Savoie"], &[]);
        let pooled = Pooled::new(&p);
        assert_eq!(pooled.name(TaxonomyKind::Territories, "74"), "Haute-Savoie");
        assert_eq!(
            pooled.name(TaxonomyKind::Territories, "haute savoie"),
            "Haute-Savoie"
        );
        // The most used spelling first, even a code.
        let s = site(&["74", "Haute-Savoie", "74"], &[]);
        let pooled = Pooled::new(&s);
        assert_eq!(pooled.name(TaxonomyKind::Territories, "Haute-Savoie"), "74");
        // Neither the table's (« La Réunion »): the first by slug.
        let s = site(&["Réunion", "974"], &[]);
        let pooled = Pooled::new(&s);
        assert_eq!(pooled.name(TaxonomyKind::Territories, "La Réunion"), "974");
    }

    #[test]
    fn a_partner_term_takes_the_sites_spelling_and_a_territory_its_place() {
        let s = site(
            &["Haute-Savoie", "Haute-Savoie", "74", "Quartier Nord"],
            &["Jardins"],
        );
        let p = Pooled::new(&s);
        assert_eq!(p.name(TaxonomyKind::Tags, "jardins"), "Jardins");
        assert_eq!(p.name(TaxonomyKind::Tags, "JARDINS!"), "Jardins");
        assert_eq!(p.name(TaxonomyKind::Tags, "Cuisine"), "Cuisine");
        // « 74 » and « haute savoie » name the site's most used spelling of it.
        assert_eq!(p.name(TaxonomyKind::Territories, "74"), "Haute-Savoie");
        assert_eq!(
            p.name(TaxonomyKind::Territories, "haute savoie"),
            "Haute-Savoie"
        );
        assert_eq!(
            p.name(TaxonomyKind::Territories, "quartier nord"),
            "Quartier Nord"
        );
        // A place the site does not use: the table's name.
        assert_eq!(p.name(TaxonomyKind::Territories, "73"), "Savoie");
        assert_eq!(p.name(TaxonomyKind::Territories, "Ailleurs"), "Ailleurs");
        assert_eq!(p.name(TaxonomyKind::Territories, ""), "");
    }
}
