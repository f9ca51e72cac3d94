//! Checks the terms fiches use: closed lists declared in `fiches.toml`
//! (`[taxonomies.themes] terms = [...]`), and one term written several ways.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::fiche::Fiche;
use crate::fields::Suggester;
use crate::site::TaxonomyKind;
use crate::site::taxonomy::preferred_spelling;
use crate::slug::slugify;
use crate::span::{FileSpan, Spanned};

/// Closed lists show every allowed term in the hint up to this many.
const LIST_IN_HINT: usize = 15;

/// One use of a term: the fiche (its index), the spelling, where it is written.
type Use<'a> = (usize, &'a str, FileSpan);

/// How many other fiches to fix a spelling warning names before counting the rest.
const OTHERS_NAMED: usize = 3;

pub fn check(cfg: &Config, fiches: &[Fiche]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // Each fiche's lines are indexed at its first diagnostic, for all kinds of terms.
    let indexes: Vec<OnceCell<LineIndex>> = fiches.iter().map(|_| OnceCell::new()).collect();
    let at = |i: usize, d: Diagnostic, span: FileSpan| {
        let f = &fiches[i];
        d.in_file(&f.path)
            .at_in(indexes[i].get_or_init(|| LineIndex::new(&f.text)), span)
    };
    let kinds = TaxonomyKind::of(cfg);
    for (&kind, uses) in kinds.iter().zip(written(&kinds, fiches)) {
        check_kind(cfg, fiches, kind, uses, &at, &mut diags);
    }
    diags
}

/// Every term written in `fiches`, for each of `kinds`: the fiche (its index) and
/// the term. One reading of the fiches: a fiche costs what it holds, not one look
/// per declared field.
fn written<'a>(
    kinds: &[TaxonomyKind],
    fiches: &'a [Fiche],
) -> Vec<Vec<(usize, &'a Spanned<String>)>> {
    let builtin: Vec<usize> = (0..kinds.len())
        .filter(|&t| !matches!(kinds[t], TaxonomyKind::Field(_)))
        .collect();
    let declared: HashMap<&str, usize> = kinds
        .iter()
        .enumerate()
        .filter_map(|(t, k)| matches!(k, TaxonomyKind::Field(_)).then_some((k.key(), t)))
        .collect();
    let mut out: Vec<Vec<_>> = kinds.iter().map(|_| Vec::new()).collect();
    for (i, f) in fiches.iter().enumerate() {
        let fields = f.extra.keys().filter_map(|k| declared.get(k.as_str()));
        for &t in builtin.iter().chain(fields) {
            if let (Some(kind), Some(list)) = (kinds.get(t), out.get_mut(t)) {
                list.extend(kind.terms_of(f).iter().map(|term| (i, term)));
            }
        }
    }
    out
}

fn check_kind(
    cfg: &Config,
    fiches: &[Fiche],
    kind: TaxonomyKind,
    written: Vec<(usize, &Spanned<String>)>,
    at: &dyn Fn(usize, Diagnostic, FileSpan) -> Diagnostic,
    diags: &mut Vec<Diagnostic>,
) {
    let lang = cfg.language;
    let key = kind.key();
    let allowed: &[String] = cfg
        .vocabularies
        .get(key)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let closed: Option<HashMap<String, &str>> = cfg
        .vocabularies
        .get(key)
        .map(|list| list.iter().map(|t| (slugify(t), t.as_str())).collect());
    let what = |lang: crate::Lang| match kind {
        TaxonomyKind::Tags => lang.pick("mot-clé", "tag"),
        TaxonomyKind::Themes => lang.pick("thème", "theme"),
        TaxonomyKind::Territories => lang.pick("territoire", "area"),
        TaxonomyKind::Field(_) => lang.pick("terme", "term"),
    };
    // The closest allowed term, worked out once per unknown term however many fiches
    // use it, from the list indexed once (only if a term is outside it); nothing when
    // no term is close.
    let index: OnceCell<Suggester> = OnceCell::new();
    let mut suggestions: HashMap<String, Option<String>> = HashMap::new();
    let mut suggest = |name: &str, slug: &str| -> Option<String> {
        suggestions
            .entry(slug.to_string())
            .or_insert_with(|| {
                let best = index
                    .get_or_init(|| Suggester::new(allowed.iter().map(String::as_str)))
                    .suggest(name)?;
                Some(lang.pick(
                    format!("vouliez-vous dire « {best} » ?"),
                    format!("did you mean \"{best}\"?"),
                ))
            })
            .clone()
    };

    // Every use of every term, by slug.
    let mut uses: HashMap<String, Vec<Use>> = HashMap::new();
    for (i, term) in written {
        let (name, span) = (term.as_str(), term.span);
        let slug = slugify(name);
        if let Some(closed) = &closed
            && !closed.contains_key(&slug)
        {
            let mut d = at(
                i,
                Diagnostic::error(lang.pick(
                    format!(
                        "le {} « {name} » n'est pas dans la liste du site",
                        what(lang)
                    ),
                    format!("the {} \"{name}\" is not in the site's list", what(lang)),
                )),
                span,
            );
            if let Some(label) = suggest(name, &slug) {
                d = d.label(label);
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
        uses.entry(slug).or_default().push((i, name, span));
    }

    // One warning per term written several ways, however many fiches write it: at
    // one of the fiches to fix, with how many fiches use each spelling.
    let mut slugs: Vec<&String> = uses.keys().collect();
    slugs.sort();
    for slug in slugs {
        let list = &uses[slug];
        let canonical = match closed.as_ref().and_then(|c| c.get(slug)) {
            Some(c) => c.to_string(),
            None => preferred_spelling(list.iter().map(|(_, n, _)| *n)),
        };
        // A fiche writes a term once (repeats are dropped as it is read), so uses
        // count fiches.
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (_, n, _) in list {
            *counts.entry(n).or_default() += 1;
        }
        let mut to_fix: Vec<&Use> = list.iter().filter(|(_, n, _)| *n != canonical).collect();
        if to_fix.is_empty() {
            continue;
        }
        // At the fiche that brought the other spelling in: the oldest one using it.
        to_fix.sort_by(|a, b| {
            let key = |u: &Use| (fiches[u.0].date, &fiches[u.0].path, u.2.start());
            key(a).cmp(&key(b))
        });
        let (first, name, span) = to_fix[0];
        let in_list = closed.is_some();
        let mut spellings: Vec<(&str, usize)> = counts
            .into_iter()
            .filter(|(n, _)| !in_list || *n != canonical)
            .collect();
        spellings.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let shown = |lang: crate::Lang| {
            spellings
                .iter()
                .map(|(s, n)| {
                    lang.pick(
                        format!("« {s} » ({})", lang.count(*n, "fiche", "fiches")),
                        format!("\"{s}\" ({})", lang.count(*n, "fiche", "fiches")),
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let message = if in_list {
            let head = lang.pick(
                format!(
                    "le {} « {name} » s'écrit « {canonical} » dans la liste du site",
                    what(lang)
                ),
                format!(
                    "the {} \"{name}\" is written \"{canonical}\" in the site's list",
                    what(lang)
                ),
            );
            if to_fix.len() > 1 {
                head + &lang.pick(
                    format!(" ; écritures à corriger : {}", shown(lang)),
                    format!("; spellings to fix: {}", shown(lang)),
                )
            } else {
                head
            }
        } else {
            lang.pick(
                format!(
                    "le {} « {name} » s'écrit de plusieurs façons sur le site : {}",
                    what(lang),
                    shown(lang)
                ),
                format!(
                    "the {} \"{name}\" is spelled several ways on the site: {}",
                    what(lang),
                    shown(lang)
                ),
            )
        };
        let mut hint = lang.pick(
            format!(
                "ces écritures ne font qu'un seul {} ; choisissez-en une et gardez-la partout",
                what(lang)
            ),
            format!(
                "these spellings make one single {}; pick one and use it everywhere",
                what(lang)
            ),
        );
        if to_fix.len() > 1 {
            let mut others: Vec<String> = to_fix[1..]
                .iter()
                .take(OTHERS_NAMED)
                .map(|u| crate::diagnostic::display_path(&fiches[u.0].path))
                .collect();
            let rest = to_fix.len() - 1 - others.len();
            if rest > 0 {
                others.push(lang.pick(
                    lang.count(rest, "autre", "autres"),
                    lang.count(rest, "other", "others"),
                ));
            }
            hint += &lang.pick(
                format!(" (à reprendre aussi : {})", others.join(", ")),
                format!(" (also to change: {})", others.join(", ")),
            );
        }
        diags.push(
            at(*first, Diagnostic::warning(message), *span)
                .label(lang.pick(
                    format!("écrit ailleurs « {canonical} »"),
                    format!("written \"{canonical}\" elsewhere"),
                ))
                .hint(hint),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fiche(i: usize, tag: &str) -> Fiche {
        let text = format!("+++\ntags = [\"{tag}\"]\n+++\n");
        let start = text.find('"').unwrap_or(0);
        Fiche {
            path: format!("content/f{i:05}.md").into(),
            tags: vec![Spanned::new(
                tag.to_string(),
                FileSpan::new(start, start + tag.len() + 2),
            )],
            text,
            ..Fiche::default()
        }
    }

    fn config(toml: &str) -> Config {
        crate::config::parse(toml).0.unwrap()
    }

    #[test]
    fn one_warning_per_term_however_many_fiches_spell_it_otherwise() {
        // 10 000 fiches, one term in ten spellings (one of them trimmed into another).
        let spellings = [
            "Réseau", "réseau", "RÉSEAU", "reseau", "Reseau", "RESEAU", "Réseau ", "réseau!",
            "Réseau.", "réSeau",
        ];
        let fiches: Vec<Fiche> = (0..10_000)
            .map(|i| fiche(i, spellings[i % 10].trim()))
            .collect();
        let diags = check(&config("title = \"t\""), &fiches);
        assert_eq!(diags.len(), 1, "{diags:#?}");
        let d = &diags[0];
        assert_eq!(d.location(), "content/f00001.md:2:9");
        assert_eq!(
            d.message,
            "le mot-clé « réseau » s'écrit de plusieurs façons sur le site : \
             « Réseau » (2\u{a0}000 fiches), « RESEAU » (1\u{a0}000 fiches), \
             « Reseau » (1\u{a0}000 fiches), « RÉSEAU » (1\u{a0}000 fiches), \
             « Réseau. » (1\u{a0}000 fiches), « reseau » (1\u{a0}000 fiches), \
             « réSeau » (1\u{a0}000 fiches), « réseau » (1\u{a0}000 fiches), \
             « réseau! » (1\u{a0}000 fiches)"
        );
        let hint = d.hint.as_deref().unwrap_or("");
        assert!(
            hint.ends_with(
                "(à reprendre aussi : content/f00002.md, content/f00003.md, \
                 content/f00004.md, 7\u{a0}996 autres)"
            ),
            "{hint}"
        );
    }

    #[test]
    fn a_closed_list_gets_one_warning_per_term_listing_the_spellings_to_fix() {
        let cfg = config(
            "title = \"t\"\nlanguage = \"en\"\n[taxonomies.tags]\nterms = [\"Travail en réseau\"]\n",
        );
        let fiches = vec![
            fiche(0, "Travail en réseau"),
            fiche(1, "travail en réseau"),
            fiche(2, "TRAVAIL EN RÉSEAU"),
            fiche(3, "travail en réseau"),
        ];
        let diags = check(&cfg, &fiches);
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert_eq!(diags[0].location(), "content/f00001.md:2:9");
        assert_eq!(
            diags[0].message,
            "the tag \"travail en réseau\" is written \"Travail en réseau\" in the site's list; \
             spellings to fix: \"travail en réseau\" (2 fiches), \"TRAVAIL EN RÉSEAU\" (1 fiche)"
        );
        assert!(
            diags[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .ends_with("(also to change: content/f00002.md, content/f00003.md)")
        );
    }

    #[test]
    fn unknown_terms_are_errors_at_each_use_with_one_suggestion_worked_out() {
        let cfg = config("title = \"t\"\n[taxonomies.tags]\nterms = [\"Accueil\", \"Réseau\"]\n");
        let fiches: Vec<Fiche> = (0..3).map(|i| fiche(i, "acceuil")).collect();
        let diags = check(&cfg, &fiches);
        assert_eq!(diags.len(), 3);
        assert!(
            diags
                .iter()
                .all(|d| d.is_error()
                    && d.label.as_deref() == Some("vouliez-vous dire « Accueil » ?"))
        );
    }

    #[test]
    fn a_term_far_from_every_term_of_a_long_list_gets_no_suggestion() {
        let list: Vec<String> = (0..1_000).map(|i| format!("\"quartier {i:04}\"")).collect();
        let cfg = config(&format!(
            "title = \"t\"\n[taxonomies.tags]\nterms = [{}]\n",
            list.join(", ")
        ));
        let fiches = vec![fiche(0, "Jardin partagé"), fiche(1, "quartier 0421x")];
        let diags = check(&cfg, &fiches);
        assert_eq!(diags.len(), 2, "{diags:#?}");
        assert_eq!(diags[0].label, None, "nothing close: no suggestion");
        assert_eq!(
            diags[1].label.as_deref(),
            Some("vouliez-vous dire « quartier 0421 » ?")
        );
    }
}
