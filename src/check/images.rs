//! A cover image is a file kept with its fiche, and a photo rather than a GIF.

use std::path::Path;

use crate::diagnostic::{Diagnostic, display_path};
use crate::fiche::Fiche;
use crate::lang::Lang;
use crate::links::{Links, normalise};
use crate::paths;

/// An error when the fiche's cover image is not a file of its bundle.
pub fn check(f: &Fiche, links: &Links, lang: Lang, diags: &mut Vec<Diagnostic>) {
    let Some(spanned) = &f.image else { return };
    let image = spanned.as_str();
    let err = |msg: String, hint: String| {
        Diagnostic::error(msg)
            .in_file(&f.path)
            .at(&f.text, spanned.span)
            .hint(hint)
    };
    let Some(bundle) = &f.bundle else {
        diags.push(err(
            lang.pick(
                "une image de couverture se range avec la fiche, dans son dossier",
                "a cover image is kept with the sheet, in its folder",
            ),
            lang.pick(
                "créez un dossier au nom de la fiche, déplacez-y la fiche sous le nom index.md et l'image à côté",
                "create a folder named after the sheet, move the sheet into it as index.md and the image beside it",
            ),
        ));
        return;
    };
    // Its own file, published with its page: not one of a folder above, nor one of
    // another bundle nested in its folder (published elsewhere).
    let found = normalise(Path::new(image)).is_some_and(|rel| {
        let href = paths::from_fiche_to(&f.slug, &display_path(&rel));
        links.assets.get(&bundle.join(&rel)) == Some(&href)
    });
    let elsewhere = normalise(&bundle.join(image)).is_some_and(|p| links.assets.contains_key(&p));
    if !found && elsewhere {
        diags.push(err(
            lang.pick(
                format!("l'image `{image}` appartient au dossier d'une autre fiche : elle est publiée avec celle-ci, pas avec cette fiche"),
                format!("the image `{image}` belongs to another sheet's folder: it is published with that one, not with this sheet"),
            ),
            lang.pick(
                format!("copiez l'image dans {}, à côté de la fiche", display_path(bundle)),
                format!("copy the image into {}, beside the sheet", display_path(bundle)),
            ),
        ));
    } else if !found {
        diags.push(err(
            lang.pick(
                format!("l'image `{image}` est introuvable dans le dossier de la fiche"),
                format!("the image `{image}` is not in the sheet's folder"),
            ),
            lang.pick(
                format!(
                    "placez le fichier dans {} ou corrigez son nom",
                    display_path(bundle)
                ),
                format!("put the file in {} or fix its name", display_path(bundle)),
            ),
        ));
    } else if let Some(gif) = gif(f, lang) {
        diags.push(gif);
    }
}

/// A warning when the cover image is a GIF: fiches publishes it as it is (its
/// metadata taken out), not as a photo, in smaller sizes with its place reserved; and
/// neither the contribution form nor the editor takes one.
fn gif(f: &Fiche, lang: Lang) -> Option<Diagnostic> {
    let spanned = f.image.as_ref()?;
    let image = spanned.as_str();
    let ext = Path::new(image).extension()?.to_str()?;
    if !ext.eq_ignore_ascii_case("gif") {
        return None;
    }
    let d = Diagnostic::warning(lang.pick(
        format!("l'image de couverture `{image}` est un GIF : elle est publiée telle quelle, sans les tailles réduites ni la place réservée d'une photo"),
        format!("the cover image `{image}` is a GIF: it is published as it is, without a photo's smaller sizes and reserved place"),
    ))
    .in_file(&f.path)
    .at(&f.text, spanned.span)
    .hint(lang.pick(
        "enregistrez-la en JPEG, PNG ou WebP, les formats de photo que fiches prépare (et que le formulaire accepte)",
        "save it as JPEG, PNG or WebP, the photo formats fiches prepares (and the form accepts)",
    ));
    Some(d)
}
