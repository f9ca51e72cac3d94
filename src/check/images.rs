//! A cover image is a file kept with its fiche.

use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::lang::Lang;
use crate::links::Links;

/// An error when the fiche's cover image is not a file of its bundle.
pub fn check(f: &Fiche, links: &Links, lang: Lang, diags: &mut Vec<Diagnostic>) {
    let Some(image) = &f.image else { return };
    let err = |msg: String, hint: String| {
        Diagnostic::error(msg)
            .in_file(&f.path)
            .at(&f.text, f.image_span.clone())
            .hint(hint)
    };
    let Some(bundle) = &f.bundle else {
        diags.push(err(
            lang.pick(
                "une image de couverture se range avec la fiche, dans son dossier",
                "a cover image is kept with the fiche, in its folder",
            ),
            lang.pick(
                "créez un dossier au nom de la fiche, déplacez-y la fiche sous le nom index.md et l'image à côté",
                "create a folder named after the fiche, move the fiche into it as index.md and the image beside it",
            ),
        ));
        return;
    };
    let found =
        crate::links::normalise(&bundle.join(image)).is_some_and(|p| links.assets.contains_key(&p));
    if !found {
        diags.push(err(
            lang.pick(
                format!("l'image `{image}` est introuvable dans le dossier de la fiche"),
                format!("the image `{image}` is not in the fiche's folder"),
            ),
            lang.pick(
                format!(
                    "placez le fichier dans {} ou corrigez son nom",
                    crate::diagnostic::display_path(bundle)
                ),
                format!(
                    "put the file in {} or fix its name",
                    crate::diagnostic::display_path(bundle)
                ),
            ),
        ));
    }
}
