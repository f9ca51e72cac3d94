//! HTML pasted into a fiche's text, which is not published: the warning that says
//! so, with what to write instead for the tag at hand.

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

/// The warning for HTML written in a body, which is not published (without
/// `unsafe_html`), with what to write instead; `None` for a comment or a closing tag.
pub(super) fn pasted_html(literal: &str, lang: Lang) -> Option<Diagnostic> {
    let text = literal.trim_start();
    if text.starts_with("<!--") || text.starts_with("</") || text.is_empty() {
        return None;
    }
    let tag: String = text
        .get(1..)
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let (fr, en) = match tag.as_str() {
        "iframe" | "video" | "audio" | "embed" | "object" => (
            "pour une vidéo ou un son, mettez son adresse en lien sur sa propre ligne : [Voir la vidéo](https://…)",
            "for a video or a sound, link to its address on a line of its own: [Watch the video](https://…)",
        ),
        "script" | "style" => (
            "un script ou un style n'est jamais publié dans une fiche : retirez-le ; la mise en page vient du thème",
            "a script or a style is never published in a sheet: remove it; the layout comes from the theme",
        ),
        "br" => (
            "pour aller à la ligne, laissez une ligne vide entre deux paragraphes",
            "to start a new line, leave an empty line between two paragraphs",
        ),
        "img" => (
            "écrivez l'image en Markdown : ![description](image.jpg)",
            "write the image in Markdown: ![description](image.jpg)",
        ),
        "a" => (
            "écrivez le lien en Markdown : [texte](https://…)",
            "write the link in Markdown: [text](https://…)",
        ),
        _ => (
            "écrivez-le en Markdown (**gras**, *italique*, [lien](https://…), listes avec -) ; ou, si le réseau le décide, `unsafe_html = true` sous `[markdown]` dans fiches.toml",
            "write it in Markdown (**bold**, *italic*, [link](https://…), lists with -); or, if the network decides so, `unsafe_html = true` under `[markdown]` in fiches.toml",
        ),
    };
    Some(
        Diagnostic::warning(lang.pick(
            "ce HTML ne sera pas publié : fiches ne reprend pas le HTML écrit dans une fiche",
            "this HTML will not be published: fiches leaves out HTML written in a sheet",
        ))
        .hint(lang.pick(fr, en)),
    )
}
