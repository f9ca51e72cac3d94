//! A save checked before anything is written: `fiches check` itself (the library's
//! check, drafts included) run on the site as it is on the disk with the new text in
//! the place of its file. Its errors about that file go beside the form's fields;
//! errors the save would bring to other files (a link to a fiche it moves, an address
//! two fiches would share) come with their place; errors the site had already,
//! elsewhere, are not the save's to fix.

use std::collections::HashSet;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::schema::Variant;
use crate::sources::Text;

/// What a save would change: the file written, its text, and the file it replaces
/// when the fiche moves into a folder.
pub(super) struct Change<'a> {
    pub rel: &'a Path,
    pub text: &'a str,
    pub gone: Option<&'a Path>,
}

/// The errors `fiches check` finds with `change` made, each with the form's field it
/// belongs to ("" for the form as a whole).
pub(super) fn errors(
    site: &Path,
    change: &Change,
    variant: Option<&Variant>,
    lang: Lang,
) -> Vec<(String, String)> {
    // In the editor's language, for a `fiches.toml` that cannot say its own.
    let mut sources = crate::sources::scan_in(site, lang).load();
    sources
        .fiches
        .retain(|t| t.rel != change.rel && Some(t.rel.as_path()) != change.gone);
    let at = sources
        .fiches
        .partition_point(|t| t.rel.as_path() < change.rel);
    sources.fiches.insert(
        at,
        Text {
            rel: change.rel.to_path_buf(),
            bytes: change.text.as_bytes().to_vec(),
        },
    );
    let found: Vec<Diagnostic> = crate::commands::check_sources(sources)
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    let (own, others): (Vec<Diagnostic>, Vec<Diagnostic>) = found
        .into_iter()
        .partition(|d| d.file.as_deref() == Some(change.rel));
    let mut out = super::answer::by_field(change.text, &own, variant);
    if !others.is_empty() {
        // Only what this save brings: the same check on the site as it is.
        let before: HashSet<String> = crate::commands::check(site)
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(identity)
            .collect();
        for d in &others {
            let content = d.file.as_ref().is_some_and(|f| f.starts_with("content"));
            if !before.contains(&identity(d)) {
                out.push((String::new(), elsewhere(d, lang)));
            } else if !content {
                // The check stops early on such an error: it could not vouch for the save.
                let fix = lang.pick(
                    "Le site a une erreur hors des fiches : corrigez-la d'abord, l'enregistrement ne peut pas être vérifié sans cela. ",
                    "The site has an error outside the sheets: fix it first, the save cannot be checked until then. ",
                );
                out.push((String::new(), format!("{fix}{}", elsewhere(d, lang))));
            }
        }
    }
    out
}

/// A diagnostic told apart from others: its place and message.
fn identity(d: &Diagnostic) -> String {
    format!("{}\u{0}{}", d.location(), d.message)
}

/// An error in another file, with where it is.
fn elsewhere(d: &Diagnostic, lang: Lang) -> String {
    let mut message = match &d.file {
        Some(_) => format!("{}{}{}", d.location(), lang.pick(" : ", ": "), d.message),
        None => d.message.clone(),
    };
    if let Some(h) = &d.hint {
        message.push_str(" — ");
        message.push_str(h);
    }
    message
}
