//! Checks the terms fiches use: closed lists declared in `fiches.toml`
//! (`[taxonomies.themes] terms = [...]`), and one term written several ways.

use std::collections::HashMap;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::fields::closest;
use crate::site::TaxonomyKind;
use crate::site::taxonomy::preferred_spelling;
use crate::slug::slugify;

/// Closed lists show every allowed term in the hint up to this many.
const LIST_IN_HINT: usize = 15;

/// One use of a term: the fiche, the spelling, where it is written.
type Use<'a> = (&'a Fiche, &'a str, std::ops::Range<usize>);

pub fn check(cfg: &Config, fiches: &[Fiche]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for kind in TaxonomyKind::ALL {
        check_kind(cfg, fiches, kind, &mut diags);
    }
    diags
}

fn check_kind(cfg: &Config, fiches: &[Fiche], kind: TaxonomyKind, diags: &mut Vec<Diagnostic>) {
    let lang = cfg.language;
    let key = kind.key();
    let closed: Option<HashMap<String, &str>> = cfg
        .vocabularies
        .get(key)
        .map(|list| list.iter().map(|t| (slugify(t), t.as_str())).collect());
    let what = |lang: crate::Lang| match kind {
        TaxonomyKind::Tags => lang.pick("mot-clé", "tag"),
        TaxonomyKind::Themes => lang.pick("thème", "theme"),
        TaxonomyKind::Territories => lang.pick("territoire", "area"),
    };

    // Every use of every term, by slug.
    let mut uses: HashMap<String, Vec<Use>> = HashMap::new();
    for f in fiches {
        let spans = kind.spans_of(f);
        for (name, span) in kind.terms_of(f).iter().zip(spans) {
            let slug = slugify(name);
            if let Some(closed) = &closed
                && !closed.contains_key(&slug)
            {
                let allowed = cfg
                    .vocabularies
                    .get(key)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let mut d = Diagnostic::error(lang.pick(
                    format!(
                        "le {} « {name} » n'est pas dans la liste du site",
                        what(lang)
                    ),
                    format!("the {} \"{name}\" is not in the site's list", what(lang)),
                ))
                .in_file(&f.path)
                .at(&f.text, span.clone());
                let folded = deunicode::deunicode(name);
                if let Some(best) = closest(&folded, allowed.iter().map(String::as_str)) {
                    d = d.label(lang.pick(
                        format!("vouliez-vous dire « {best} » ?"),
                        format!("did you mean \"{best}\"?"),
                    ));
                } else if let Some(best) = allowed.iter().max_by(|a, b| {
                    strsim::jaro_winkler(&slugify(a), &slug)
                        .total_cmp(&strsim::jaro_winkler(&slugify(b), &slug))
                }) {
                    d = d.label(lang.pick(
                        format!("le plus proche : « {best} »"),
                        format!("closest: \"{best}\""),
                    ));
                }
                let hint = if allowed.len() <= LIST_IN_HINT {
                    let list = allowed
                        .iter()
                        .map(|t| format!("« {t} »"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    lang.pick(
                        format!("termes possibles : {list}"),
                        format!("possible terms: {list}"),
                    )
                } else {
                    lang.pick(
                        format!("la liste est dans fiches.toml, [taxonomies.{key}] ; pour un terme nouveau, ajoutez-le d'abord à la liste"),
                        format!("the list is in fiches.toml, [taxonomies.{key}]; for a new term, add it to the list first"),
                    )
                };
                diags.push(d.hint(hint));
                continue;
            }
            uses.entry(slug)
                .or_default()
                .push((f, name.as_str(), span.clone()));
        }
    }

    let mut slugs: Vec<&String> = uses.keys().collect();
    slugs.sort();
    for slug in slugs {
        let list = &uses[slug];
        let canonical = match closed.as_ref().and_then(|c| c.get(slug)) {
            Some(c) => c.to_string(),
            None => preferred_spelling(list.iter().map(|(_, n, _)| *n)),
        };
        let mut spellings: Vec<&str> = list.iter().map(|(_, n, _)| *n).collect();
        spellings.sort();
        spellings.dedup();
        if spellings.len() < 2 && spellings.first() == Some(&canonical.as_str()) {
            continue;
        }
        let shown = spellings
            .iter()
            .map(|s| format!("« {s} »"))
            .collect::<Vec<_>>()
            .join(", ");
        let in_list = closed.is_some();
        for (f, name, span) in list.iter().filter(|(_, n, _)| *n != canonical) {
            let message = if in_list {
                lang.pick(
                    format!(
                        "le {} « {name} » s'écrit « {canonical} » dans la liste du site",
                        what(lang)
                    ),
                    format!(
                        "the {} \"{name}\" is written \"{canonical}\" in the site's list",
                        what(lang)
                    ),
                )
            } else {
                lang.pick(
                    format!(
                        "le {} « {name} » s'écrit de plusieurs façons sur le site : {shown}",
                        what(lang)
                    ),
                    format!(
                        "the {} \"{name}\" is spelled several ways on the site: {shown}",
                        what(lang)
                    ),
                )
            };
            diags.push(
                Diagnostic::warning(message)
                    .in_file(&f.path)
                    .at(&f.text, span.clone())
                    .label(lang.pick(format!("écrit ailleurs « {canonical} »"), format!("written \"{canonical}\" elsewhere")))
                    .hint(lang.pick(
                        format!("ces écritures ne font qu'un seul {} ; choisissez-en une et gardez-la partout", what(lang)),
                        format!("these spellings make one single {}; pick one and use it everywhere", what(lang)),
                    )),
            );
        }
    }
}
