//! What `fiches new` writes for the author to replace — « À compléter », « Prénom Nom »,
//! the line of guidance under each section — left in a fiche about to be published.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::fiche::Fiche;
use crate::lang::Lang;
use crate::schema::section_guidance;
use crate::span::FileSpan;

/// Values the scaffold writes in the front matter, in both languages.
const VALUES: [&str; 8] = [
    "À compléter",
    "To be completed",
    "Prénom Nom",
    "First Last",
    "Nom du collectif",
    "Name of the group",
    "Ce que la personne dit, avec ses mots.",
    "What the person says, in their own words.",
];

/// Each placeholder of a published fiche (not a draft) is an error at its line.
pub fn check(cfg: &Config, f: &Fiche, diags: &mut Vec<Diagnostic>) {
    if f.draft {
        return;
    }
    let lang = cfg.language;
    // Built at the first placeholder only: most fiches have none.
    let index = std::cell::OnceCell::new();
    let index = || index.get_or_init(|| LineIndex::new(&f.text));
    let front = &f.text[..f.body_start];
    // Most fiches hold none: one search for each value over the whole front matter
    // (searchers made once) before any line is looked at.
    let mut offset = 0;
    let suspects = finders().iter().any(|v| v.find(front.as_bytes()).is_some());
    for line in front.split_inclusive('\n').filter(|_| suspects) {
        let start = offset;
        offset += line.len();
        if line.trim_start().starts_with('#') {
            continue;
        }
        for value in VALUES {
            if let Some(at) = line.find(value) {
                let at = start + at;
                diags.push(
                    Diagnostic::error(lang.pick(
                        format!("« {value} » est le texte d'exemple de `fiches new` : la fiche serait publiée avec ce texte"),
                        format!("\"{value}\" is the sample text of `fiches new`: the sheet would be published with it"),
                    ))
                    .in_file(&f.path)
                    .at_in(index(), FileSpan::new(at, at + value.len()))
                    .label(lang.pick("à remplacer", "to replace"))
                    .hint(keep_draft(lang, "remplacez-le par le vrai texte", "replace it with the real text")),
                );
            }
        }
    }
    offset = f.body_start;
    // Guidance lines are HTML comments: a body without one has none to find.
    if memchr::memmem::find(f.body().as_bytes(), b"<!--").is_none() {
        return;
    }
    let guidance = guidance(cfg, f);
    for line in f.body().split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let Some(inner) = line
            .trim()
            .strip_prefix("<!--")
            .and_then(|l| l.strip_suffix("-->"))
            .map(str::trim)
        else {
            continue;
        };
        if guidance.iter().any(|g| g == inner)
            || inner.starts_with("Écrivez ici la partie")
            || inner.starts_with("Write the \"")
        {
            let lead = line.len() - line.trim_start().len();
            diags.push(
                Diagnostic::error(lang.pick(
                    "la ligne d'aide de `fiches new` est encore là : cette partie n'a peut-être pas été écrite",
                    "the guidance line of `fiches new` is still here: this part may not have been written",
                ))
                .in_file(&f.path)
                .at_in(index(), FileSpan::new(start + lead, start + line.trim_end().len()))
                .hint(keep_draft(
                    lang,
                    "écrivez la partie sous son titre, puis supprimez cette ligne (ou supprimez la partie entière)",
                    "write the part under its heading, then delete this line (or delete the whole part)",
                )),
            );
        }
    }
}

/// A searcher for each of [`VALUES`], made once for the run.
fn finders() -> &'static [memchr::memmem::Finder<'static>] {
    static FINDERS: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::OnceLock::new();
    FINDERS.get_or_init(|| VALUES.iter().map(memchr::memmem::Finder::new).collect())
}

/// The guidance lines `fiches new` writes under the sections of the fiche's variant.
fn guidance(cfg: &Config, f: &Fiche) -> Vec<String> {
    let Some(v) = f.variant_in(cfg) else {
        return Vec::new();
    };
    v.required_sections
        .iter()
        .chain(&v.recommended_sections)
        .flat_map(|s| [section_guidance(s, Lang::Fr), section_guidance(s, Lang::En)])
        .collect()
}

fn keep_draft(lang: Lang, fr: &str, en: &str) -> String {
    lang.pick(
        format!("{fr} ; pour publier plus tard, gardez `draft = true`"),
        format!("{en}; to publish later, keep `draft = true`"),
    )
}
