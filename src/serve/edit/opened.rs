//! The fiche the form opens on: read from its file as it is on the disk now (not from
//! the site shown, which is the last one that built), or refused with what to fix
//! when the form could not keep what the file says.

use std::path::Path;

use super::Answer;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path};
use crate::escape::escape_text;
use crate::fiche::Fiche;
use crate::lang::Lang;

/// The fiche in `bytes`, the file of the site's fiche `shown`; its errors when the form
/// cannot open it. A missing field (reported at the opening `+++`) is for the form to
/// fill; a value it cannot read would be lost at the first save, so it is refused.
pub(super) fn read(bytes: &[u8], shown: &Fiche, cfg: &Config) -> Result<Fiche, Vec<Diagnostic>> {
    let path = shown.path.as_path();
    let text = crate::sources::decode(bytes, path, cfg.language).map_err(|d| vec![d])?;
    let slug = crate::content::default_slug(path).1;
    let (fiche, diags) = crate::fiche::parse(text, path, &slug, shown.bundle.clone(), cfg);
    let blocking: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.is_error() && (fiche.is_none() || d.line != 1))
        .collect();
    match fiche {
        Some(f) if blocking.is_empty() => Ok(f),
        _ => Err(blocking),
    }
}

/// The page that says why the form does not open, and what to do.
pub(super) fn refused(path: &Path, diags: &[Diagnostic], lang: Lang) -> Answer {
    let file = display_path(path);
    let title = lang.pick(
        "Cette fiche ne peut pas s'ouvrir dans le formulaire",
        "This sheet cannot be opened in the form",
    );
    let note = lang.pick(
        format!("Son fichier, {file}, contient des erreurs que le formulaire ne saurait pas garder telles quelles : rien n'a été modifié. Corrigez-les dans un éditeur de texte, puis rechargez cette page."),
        format!("Its file, {file}, has errors the form could not keep as they are: nothing was changed. Fix them in a text editor, then reload this page."),
    );
    let mut items = String::new();
    for d in diags {
        items.push_str(&format!(
            "<li><code>{}</code>{}{}",
            escape_text(&d.location()),
            lang.pick(" : ", ": "),
            escape_text(&d.message)
        ));
        if let Some(line) = d.source_line() {
            items.push_str(&format!("<pre>{}</pre>", escape_text(line)));
        }
        if let Some(hint) = &d.hint {
            items.push_str(&format!("<p>{}</p>", escape_text(hint)));
        }
        items.push_str("</li>\n");
    }
    let page = format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body style=\"font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem\">\n<h1>{}</h1>\n<p>{}</p>\n<ul>\n{items}</ul>\n</body></html>\n",
        lang.code(),
        escape_text(&title),
        escape_text(&title),
        escape_text(&note)
    );
    Answer::html(422, page.into_bytes())
}
