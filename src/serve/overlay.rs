//! The error overlay: a failed change's diagnostics in a box over the last good page.

use crate::diagnostic::Diagnostic;
use crate::escape::escape;

/// The diagnostics of a failed rebuild, in a box at the bottom of the last good page:
/// the page stays readable above it, and the box closes (it comes back with the next
/// failed change).
pub fn overlay(diags: &[Diagnostic], lang: crate::Lang) -> String {
    let title = lang.pick(
        "La dernière modification contient des erreurs",
        "The last change has errors",
    );
    let note = lang.pick(
        "Le site affiché est la dernière version correcte. Corrigez le fichier\u{a0}: cette page se mettra à jour seule.",
        "The site shown is the last correct version. Fix the file: this page will update by itself.",
    );
    let close = lang.pick("Fermer", "Close");
    let mut items = String::new();
    for d in diags.iter().filter(|d| d.is_error()) {
        items.push_str("<li style=\"margin:0 0 .75rem\">");
        items.push_str(&format!(
            "<strong>{}</strong>",
            escape(&capital(&d.message))
        ));
        // A diagnostic of no file (an internal error) has no place to show.
        let place = d.location();
        if !place.is_empty() {
            items.push_str(&format!("<br><code>{}</code>", escape(&place)));
        }
        if let Some(line) = d.source_line() {
            items.push_str(&format!("<pre style=\"margin:.4rem 0;padding:.4rem;background:#2b2b2b;color:#f1f1f1;overflow-x:auto;white-space:pre-wrap\">{}</pre>", escape(line)));
        }
        if let Some(hint) = &d.hint {
            items.push_str(&format!("<span>{}</span>", escape(&capital(hint))));
        }
        items.push_str("</li>");
    }
    format!(
        "<aside id=\"fiches-overlay\" aria-labelledby=\"fiches-overlay-title\" style=\"position:fixed;right:1rem;bottom:1rem;z-index:2147483647;\
         box-sizing:border-box;width:min(38rem,calc(100vw - 2rem));max-height:min(24rem,45vh);overflow:auto;\
         background:#fff;color:#1a1a1a;border:3px solid #b00020;border-radius:10px;padding:.9rem 1.1rem;\
         font:15px/1.45 system-ui,sans-serif;box-shadow:0 6px 24px rgba(0,0,0,.35)\"><div role=\"alert\">\
         <div style=\"display:flex;gap:1rem;align-items:flex-start;justify-content:space-between\">\
         <h2 id=\"fiches-overlay-title\" style=\"margin:0 0 .4rem;color:#b00020;font-size:1.1rem;line-height:1.3\">{}</h2>\
         <button type=\"button\" onclick=\"document.getElementById('fiches-overlay').remove()\" \
         style=\"flex:none;font:600 14px system-ui,sans-serif;padding:.3rem .7rem;border:2px solid #b00020;border-radius:6px;background:#fff;color:#b00020;cursor:pointer\">{}</button></div>\
         <p style=\"margin:0 0 .75rem\">{}</p>\
         <ol style=\"padding-left:1.25rem;margin:0\">{items}</ol></div></aside>\n",
        escape(&title),
        escape(&close),
        escape(&note)
    )
}

/// A message as a sentence: its first letter a capital (diagnostics start in lower
/// case, as a terminal writes them after "erreur :").
fn capital(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_escapes_what_authors_wrote() {
        let d = Diagnostic::error("champ <script>")
            .in_file("content/a.md")
            .at(
                "+++\ntitle = \"<b>\"\n+++\n",
                crate::span::FileSpan::new(4, 9),
            )
            .hint("x & y");
        let html = overlay(&[d], crate::Lang::Fr);
        assert!(html.contains("Champ &lt;script&gt;"), "a sentence: {html}");
        assert!(html.contains("title = &quot;&lt;b&gt;&quot;"));
        assert!(html.contains("content/a.md:2:1"));
        assert!(html.contains("X &amp; y"));
        assert!(html.contains(">Fermer</button>"), "the box closes");
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn a_diagnostic_of_no_file_shows_no_empty_place() {
        let html = overlay(&[Diagnostic::error("erreur interne")], crate::Lang::Fr);
        assert!(html.contains("Erreur interne"), "{html}");
        assert!(!html.contains("<code>"), "{html}");
    }
}
