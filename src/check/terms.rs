//! Checks the terms fiches use: closed lists declared in `fiches.toml`
//! (`[taxonomies.themes] terms = [...]`), and one term written several ways.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::fiche::Fiche;
use crate::fields::Suggester;
use crate::lang::Lang;
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

/// Where a diagnostic about a fiche's term is: the fiche (its index), the span.
type At<'a> = dyn Fn(usize, Diagnostic, FileSpan) -> Diagnostic + 'a;

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
    for (&kind, written) in kinds.iter().zip(written(cfg, &kinds, fiches)) {
        let mut list = List::new(cfg, kind);
        let uses = list.uses(written, &at, &mut diags);
        // One warning per term written several ways, however many fiches write it.
        let mut slugs: Vec<&String> = uses.keys().collect();
        slugs.sort();
        for slug in slugs {
            diags.extend(list.spellings(fiches, slug, &uses[slug], &at));
        }
    }
    diags
}

/// Every term written in `fiches`, for each of `kinds`: the fiche (its index) and
/// the term. One reading of the fiches: a fiche costs what it holds, not one look
/// per declared field.
fn written<'a>(
    cfg: &Config,
    kinds: &[TaxonomyKind],
    fiches: &'a [Fiche],
) -> Vec<Vec<(usize, &'a Spanned<String>)>> {
    let builtin: Vec<usize> = (0..kinds.len())
        .filter(|&t| !matches!(kinds[t], TaxonomyKind::Field(_)))
        .collect();
    let declared: HashMap<&str, usize> = kinds
        .iter()
        .enumerate()
        .filter_map(|(t, k)| matches!(k, TaxonomyKind::Field(_)).then_some((k.key(cfg), t)))
        .collect();
    let mut out: Vec<Vec<_>> = kinds.iter().map(|_| Vec::new()).collect();
    for (i, f) in fiches.iter().enumerate() {
        let fields = f.extra.keys().filter_map(|k| declared.get(k.as_str()));
        for &t in builtin.iter().chain(fields) {
            if let (Some(kind), Some(list)) = (kinds.get(t), out.get_mut(t)) {
                list.extend(kind.terms_of(cfg, f).iter().map(|term| (i, term)));
            }
        }
    }
    out
}

/// One term list as the checks see it: the key, and the closed list of the terms
/// allowed when `fiches.toml` gives one.
struct List<'c> {
    cfg: &'c Config,
    kind: TaxonomyKind,
    allowed: &'c [String],
    /// Each allowed term, by slug.
    closed: Option<HashMap<String, &'c str>>,
    /// The allowed terms indexed for suggestions, once a term is outside them.
    index: OnceCell<Suggester>,
    /// The suggestion for each unknown term, by slug, worked out once however many
    /// fiches use it; nothing when no term is close.
    suggestions: HashMap<String, Option<String>>,
}

impl<'c> List<'c> {
    fn new(cfg: &'c Config, kind: TaxonomyKind) -> Self {
        let list = cfg.vocabularies.get(kind.key(cfg));
        List {
            cfg,
            kind,
            allowed: list.map(Vec::as_slice).unwrap_or_default(),
            closed: list.map(|list| list.iter().map(|t| (slugify(t), t.as_str())).collect()),
            index: OnceCell::new(),
            suggestions: HashMap::new(),
        }
    }

    /// What one term of the list is called in a message.
    fn what(&self, lang: Lang) -> String {
        match self.kind {
            TaxonomyKind::Tags => lang.pick("mot-clé", "tag"),
            TaxonomyKind::Themes => lang.pick("thème", "theme"),
            TaxonomyKind::Territories => lang.pick("territoire", "area"),
            TaxonomyKind::Field(_) => lang.pick("terme", "term"),
        }
    }

    /// Every use of every term `written` in this list, by slug; an error at each
    /// use of a term outside a closed list.
    fn uses<'f>(
        &mut self,
        written: Vec<(usize, &'f Spanned<String>)>,
        at: &At,
        diags: &mut Vec<Diagnostic>,
    ) -> HashMap<String, Vec<Use<'f>>> {
        let mut uses: HashMap<String, Vec<Use>> = HashMap::new();
        for (i, term) in written {
            let (name, span) = (term.as_str(), term.span);
            let slug = slugify(name);
            if let Some(closed) = &self.closed
                && !closed.contains_key(&slug)
            {
                let d = self.outside(name, &slug);
                diags.push(at(i, d, span));
                continue;
            }
            uses.entry(slug).or_default().push((i, name, span));
        }
        uses
    }

    /// The error of a term outside the closed list, with the closest allowed term
    /// when one is close, and the list when it is short.
    fn outside(&mut self, name: &str, slug: &str) -> Diagnostic {
        let lang = self.cfg.language;
        let what = self.what(lang);
        let mut d = Diagnostic::error(lang.pick(
            format!("le {what} « {name} » n'est pas dans la liste du site"),
            format!("the {what} \"{name}\" is not in the site's list"),
        ));
        if let Some(label) = self.suggest(name, slug) {
            d = d.label(label);
        }
        let key = self.kind.key(self.cfg);
        let hint = if self.allowed.len() <= LIST_IN_HINT {
            let list = (self.allowed.iter())
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
        d.hint(hint)
    }

    /// The closest allowed term to `name`, as a question.
    fn suggest(&mut self, name: &str, slug: &str) -> Option<String> {
        let (lang, allowed, index) = (self.cfg.language, self.allowed, &self.index);
        self.suggestions
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
    }

    /// The warning of a term written several ways (`list`, its uses), when some
    /// differ from the spelling shown: at one of the fiches to fix, with how many
    /// fiches use each spelling.
    fn spellings(&self, fiches: &[Fiche], slug: &str, list: &[Use], at: &At) -> Option<Diagnostic> {
        let lang = self.cfg.language;
        let canonical = match self.closed.as_ref().and_then(|c| c.get(slug)) {
            Some(c) => c.to_string(),
            None => preferred_spelling(list.iter().map(|(_, n, _)| *n)),
        };
        let mut to_fix: Vec<&Use> = list.iter().filter(|(_, n, _)| *n != canonical).collect();
        if to_fix.is_empty() {
            return None;
        }
        // At the fiche that brought the other spelling in: the oldest one using it.
        to_fix.sort_by(|a, b| {
            let key = |u: &Use| (fiches[u.0].date, &fiches[u.0].path, u.2.start());
            key(a).cmp(&key(b))
        });
        let (first, name, span) = to_fix[0];
        let message = self.spelling_message(name, &canonical, list, to_fix.len());
        let hint = self.spelling_hint(fiches, &to_fix);
        Some(
            at(*first, Diagnostic::warning(message), *span)
                .label(lang.pick(
                    format!("écrit ailleurs « {canonical} »"),
                    format!("written \"{canonical}\" elsewhere"),
                ))
                .hint(hint),
        )
    }

    /// What the warning of a term written several ways says: the spelling of the
    /// closed list, or every spelling with how many fiches use it.
    fn spelling_message(&self, name: &str, canonical: &str, list: &[Use], fixes: usize) -> String {
        let lang = self.cfg.language;
        let what = self.what(lang);
        // A fiche writes a term once (repeats are dropped as it is read), so uses
        // count fiches.
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (_, n, _) in list {
            *counts.entry(n).or_default() += 1;
        }
        let in_list = self.closed.is_some();
        let mut spellings: Vec<(&str, usize)> = counts
            .into_iter()
            .filter(|(n, _)| !in_list || *n != canonical)
            .collect();
        spellings.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let shown = spellings
            .iter()
            .map(|(s, n)| {
                lang.pick(
                    format!("« {s} » ({})", lang.count(*n, "fiche", "fiches")),
                    format!("\"{s}\" ({})", lang.count(*n, "sheet", "sheets")),
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        if !in_list {
            return lang.pick(
                format!("le {what} « {name} » s'écrit de plusieurs façons sur le site : {shown}"),
                format!("the {what} \"{name}\" is spelled several ways on the site: {shown}"),
            );
        }
        let head = lang.pick(
            format!("le {what} « {name} » s'écrit « {canonical} » dans la liste du site"),
            format!("the {what} \"{name}\" is written \"{canonical}\" in the site's list"),
        );
        if fixes > 1 {
            head + &lang.pick(
                format!(" ; écritures à corriger : {shown}"),
                format!("; spellings to fix: {shown}"),
            )
        } else {
            head
        }
    }

    /// The hint of the warning of a term written several ways: pick one spelling,
    /// and the other fiches to change (the first few named, the rest counted).
    fn spelling_hint(&self, fiches: &[Fiche], to_fix: &[&Use]) -> String {
        let lang = self.cfg.language;
        let what = self.what(lang);
        let mut hint = lang.pick(
            format!(
                "ces écritures ne font qu'un seul {what} ; choisissez-en une et gardez-la partout"
            ),
            format!("these spellings make one single {what}; pick one and use it everywhere"),
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
        hint
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
             spellings to fix: \"travail en réseau\" (2 sheets), \"TRAVAIL EN RÉSEAU\" (1 sheet)"
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
