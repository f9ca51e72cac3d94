//! The values of a fiche's fields, each read as its type says: the fields of a
//! variant, those a site declares, testimonies and their consent, terms.

use std::collections::HashSet;

use super::{Fiche, Testimony};
use crate::fields::{Local, Reader, Value};
use crate::places::{Coordinates, CoordinatesError, parse_coordinates};
use crate::schema::{Field, FieldType, FieldValue, TESTIMONY_KEYS, is_email, is_url};
use crate::slug::slugify;
use crate::span::Spanned;

pub(super) fn read_testimonies(r: &mut Reader, k: &str, value: &Value, f: &mut Fiche) {
    for item in r.tables(k, value) {
        if let Some(t) = testimony(r, item) {
            f.testimonies.push(t);
        }
    }
}

/// The texts of a list, without their places (the built-in fields keep none).
fn values(list: Vec<Spanned<String>>) -> Vec<String> {
    list.into_iter().map(|s| s.value).collect()
}

/// Puts a value where the fiche keeps it: a built-in field in its typed place, a
/// declared one by its key.
pub(super) fn assign(f: &mut Fiche, key: &str, v: FieldValue) {
    use FieldValue::{Date, List, Text};
    match (key, v) {
        ("title", Text(t)) => f.title = t.value,
        ("date", Date(d)) => f.date = Some(d),
        ("updated", Date(d)) => f.updated = Some(d),
        ("authors", List(l)) => f.authors = values(l),
        ("collective", Text(t)) => f.collective = Some(t.value),
        ("organization", Text(t)) => f.organization = Some(t.value),
        ("commune", Text(t)) => f.commune = Some(t.value),
        ("image_alt", Text(t)) => f.image_alt = Some(t.value),
        ("period", Text(t)) => f.period = Some(t.value),
        ("budget", Text(t)) => f.budget = Some(t.value),
        ("contact", Text(t)) => f.contact = Some(t.value),
        ("audience", List(l)) => f.audience = values(l),
        ("partners", List(l)) => f.partners = values(l),
        (k, v) => {
            f.extra.insert(k.to_string(), v);
        }
    }
}

/// `coordinates = "45.5646, 5.9178"`: latitude then longitude, or an error at its
/// place that shows how to write them.
pub(super) fn read_coordinates(r: &mut Reader, value: &Value) -> Option<Coordinates> {
    let lang = r.lang;
    let text = r.nonempty_string("coordinates", value)?;
    match parse_coordinates(&text) {
        Ok(c) => Some(c),
        Err(e) => {
            let message = match e {
                CoordinatesError::Shape => lang.pick(
                    format!("`coordinates` : \"{text}\" n'est pas une latitude et une longitude"),
                    format!("`coordinates`: \"{text}\" is not a latitude and a longitude"),
                ),
                CoordinatesError::Range => lang.pick(
                    format!("`coordinates` : \"{text}\" sort de la Terre (latitude entre -90 et 90, longitude entre -180 et 180)"),
                    format!("`coordinates`: \"{text}\" is off the Earth (latitude between -90 and 90, longitude between -180 and 180)"),
                ),
            };
            let hint = lang.pick(
                "écrivez la latitude puis la longitude en degrés décimaux, comme une carte les donne : coordinates = \"45.5646, 5.9178\"",
                "write the latitude then the longitude in decimal degrees, as a map gives them: coordinates = \"45.5646, 5.9178\"",
            );
            r.error(value.local(), message, Some(hint));
            None
        }
    }
}

/// A field's value, read as its type in the schema says.
pub(super) fn read_value(r: &mut Reader, field: &Field, value: &Value) -> Option<FieldValue> {
    let lang = r.lang;
    let k = field.key.as_str();
    let place = lang.pick(
        format!("pour `{k}` (liste du site)"),
        format!("for `{k}` (the site's list)"),
    );
    let allowed: Vec<&str> = field.values.iter().map(String::as_str).collect();
    match field.kind {
        FieldType::List | FieldType::Choices => {
            let items = r.string_list_spanned(k, value)?;
            let mut ok = true;
            if field.kind == FieldType::Choices {
                for item in &items {
                    if !allowed.contains(&item.as_str()) {
                        ok = false;
                        let best = field
                            .suggestions
                            .closest(item.as_str(), allowed.iter().copied());
                        r.unknown_value_near(item.span, item.as_str(), &allowed, &place, best);
                    }
                }
            }
            let items: Vec<Spanned<String>> = items
                .into_iter()
                .filter(|s| !s.value.trim().is_empty())
                .collect();
            (ok && !items.is_empty()).then_some(FieldValue::List(items))
        }
        FieldType::Date => r.date(k, value).map(FieldValue::Date),
        FieldType::Number => r.number(k, value).map(FieldValue::Number),
        _ => {
            let text = r.nonempty_string(k, value)?;
            let bad = |r: &mut Reader, fr: &str, en: &str, example: &str| {
                r.error(
                    value.local(),
                    lang.pick(format!("`{k}` {fr}"), format!("`{k}` {en}")),
                    Some(lang.pick(
                        format!("par exemple : {k} = \"{example}\""),
                        format!("for example: {k} = \"{example}\""),
                    )),
                );
                None
            };
            match field.kind {
                FieldType::Url if !is_url(&text) => bad(
                    r,
                    "doit être une adresse web complète",
                    "must be a full web address",
                    "https://exemple.org/page",
                ),
                FieldType::Email if !is_email(&text) => bad(
                    r,
                    "doit être une adresse e-mail",
                    "must be an e-mail address",
                    "contact@exemple.org",
                ),
                FieldType::Choice if !allowed.contains(&text.as_str()) => {
                    let best = field.suggestions.closest(&text, allowed.iter().copied());
                    r.unknown_value_near(value.local(), &text, &allowed, &place, best);
                    None
                }
                _ => Some(FieldValue::Text(Spanned::new(
                    text,
                    r.in_file(value.local()),
                ))),
            }
        }
    }
}

fn testimony(r: &mut Reader, item: &Value) -> Option<Testimony> {
    let lang = r.lang;
    let toml::de::DeValue::Table(t) = item.get_ref() else {
        return None;
    };
    let (mut name, mut role, mut quote, mut consent) = (None, None, None, None);
    for (key, value) in t.iter() {
        let k: &str = key.get_ref();
        match k {
            "name" => name = r.nonempty_string(k, value),
            "role" => role = r.nonempty_string(k, value),
            "quote" => quote = r.nonempty_string(k, value),
            "consent" => consent = Some((r.bool(k, value), value.local())),
            _ => r.unknown_key(
                key.local(),
                k,
                &TESTIMONY_KEYS,
                &lang.pick("dans un témoignage", "in a testimony"),
            ),
        }
    }
    let mut ok = true;
    for (missing, key) in [
        (name.is_none() && !t.contains_key("name"), "name"),
        (quote.is_none() && !t.contains_key("quote"), "quote"),
    ] {
        if missing {
            ok = false;
            r.error(
                item.local(),
                lang.pick(
                    format!("il manque `{key}` dans ce témoignage"),
                    format!("this testimony has no `{key}`"),
                ),
                Some(lang.pick(
                    "un témoignage a un `name`, une `quote` (à la première personne) et `consent = true`",
                    "a testimony has a `name`, a `quote` (in the first person) and `consent = true`",
                )),
            );
        }
    }
    let consent_hint = lang.pick(
        "une parole à la première personne n'est publiée qu'avec l'accord de la personne : \
         une fois cet accord obtenu, écrivez consent = true",
        "a first-person quote is published only with the person's agreement: once you have \
         it, write consent = true",
    );
    match consent {
        Some((Some(true), _)) => {}
        Some((Some(false), span)) => {
            ok = false;
            r.error(
                span,
                lang.pick(
                    "ce témoignage n'a pas le consentement de la personne (`consent = false`)",
                    "this testimony lacks the person's consent (`consent = false`)",
                ),
                Some(consent_hint),
            );
        }
        Some((None, _)) => ok = false,
        None => {
            ok = false;
            r.error(
                item.local(),
                lang.pick(
                    "ce témoignage ne dit pas si la personne a donné son accord (`consent`)",
                    "this testimony does not say whether the person agreed (`consent`)",
                ),
                Some(consent_hint),
            );
        }
    }
    Some(Testimony {
        name: name?,
        role,
        quote: quote?,
    })
    .filter(|_| ok)
}

/// Tags, themes and the like: texts that must give a usable slug, at most `max` of
/// them. Returns the terms (repeats dropped), each with where it is written.
pub(super) fn terms(
    r: &mut Reader,
    key: &toml::Spanned<std::borrow::Cow<str>>,
    value: &Value,
    max: usize,
) -> Vec<Spanned<String>> {
    let lang = r.lang;
    let k: &str = key.get_ref();
    let list = r.string_list_spanned(k, value).unwrap_or_default();
    let mut out: Vec<Spanned<String>> = Vec::new();
    // Each term is slugified once and looked up: comparing every term with every
    // other made a list of 10 000 tags take seconds.
    let mut seen: HashSet<String> = HashSet::with_capacity(list.len());
    for term in list {
        let slug = slugify(term.as_str());
        if slug.is_empty() {
            let (span, term) = (term.span, term.value);
            r.error(
                span,
                lang.pick(
                    format!("le terme \"{term}\" de `{k}` ne contient ni lettre ni chiffre"),
                    format!("the term \"{term}\" in `{k}` holds no letter or digit"),
                ),
                Some(lang.pick(
                    "utilisez un mot, par exemple \"accueil\"",
                    "use a word, for example \"welcome\"",
                )),
            );
        } else if seen.insert(slug) {
            out.push(term);
        }
    }
    if out.len() > max {
        let n = out.len();
        let (message, hint) = if k == "themes" {
            (
                lang.pick(
                    format!("la fiche a {} (`themes`) : {max} au plus", lang.count(n, "thème", "thèmes")),
                    format!("the sheet has {} (`themes`): {max} at most", lang.count(n, "theme", "themes")),
                ),
                lang.pick(
                    "les thèmes sont les grands sujets du site : gardez ceux dont la fiche parle vraiment, et mettez les autres mots en `tags`",
                    "themes are the site's main subjects: keep those the sheet is really about, and put other words in `tags`",
                ),
            )
        } else {
            (
                lang.pick(
                    format!("la fiche a {} (`{k}`) : {max} au plus", lang.count(n, "mot-clé", "mots-clés")),
                    format!("the sheet has {} (`{k}`): {max} at most", lang.count(n, "tag", "tags")),
                ),
                lang.pick(
                    "un mot-clé sert à relier des fiches entre elles : gardez ceux qui aident vraiment à retrouver celle-ci",
                    "a tag links sheets together: keep those that really help find this one",
                ),
            )
        };
        r.error(key.local(), message, Some(hint));
        // The fiche is not published; the terms kept only bound what is still done with it.
        out.truncate(max);
    }
    out
}
