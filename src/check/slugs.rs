//! Two fiches cannot share an address.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::lang::Lang;
use crate::paths;

/// An error for each fiche whose address another fiche (earlier by path) has.
pub fn check<'a>(fiches: impl Iterator<Item = &'a Fiche>, lang: Lang, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Fiche> = HashMap::new();
    let mut sorted: Vec<&Fiche> = fiches.filter(|f| !f.slug.is_empty()).collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for f in sorted {
        if let Some(first) = seen.get(f.slug.as_str()) {
            let (a, b) = (
                crate::diagnostic::display_path(&first.path),
                crate::diagnostic::display_path(&f.path),
            );
            let mut d = Diagnostic::error(lang.pick(
                format!(
                    "deux fiches ont la même adresse `{}` : {a} et {b}",
                    paths::fiche_dir(&f.slug)
                ),
                format!(
                    "two sheets have the same address `{}`: {a} and {b}",
                    paths::fiche_dir(&f.slug)
                ),
            ))
            .in_file(&f.path)
            .hint(lang.pick(
                "renommez l'un des fichiers, ou donnez à l'une des fiches un `slug` différent",
                "rename one of the files, or give one of the sheets a different `slug`",
            ));
            if let Some(span) = f.slug_span {
                d = d.at(&f.text, span);
            }
            diags.push(d);
        } else {
            seen.insert(&f.slug, f);
        }
    }
}
