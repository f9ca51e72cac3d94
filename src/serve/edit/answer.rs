//! What the editor answers and shows: the errors `fiches check` finds in a save, each by the
//! front matter key of its line so the form shows it beside its field, or a refusal.

use serde_json::{Value, json};

use super::Answer;
use crate::diagnostic::Diagnostic;
use crate::escape::escape;
use crate::schema::Variant;

/// Each error of a fiche's text with the form's field it belongs to: the front matter
/// key of its line (or the `[[testimonies]]` it is in), the variant's section its line
/// is under, the rest of the text ("extra"), or "" for the file as a whole. Hints follow
/// their message.
pub(super) fn by_field(
    text: &str,
    diags: &[Diagnostic],
    variant: Option<&Variant>,
) -> Vec<(String, String)> {
    let fields = fields_by_line(text, variant);
    diags
        .iter()
        .map(|d| {
            let field = d
                .line
                .checked_sub(1)
                .and_then(|i| fields.get(i))
                .map_or(String::new(), |f| f.to_string());
            let mut message = d.message.clone();
            if let Some(h) = &d.hint {
                message.push_str(" — ");
                message.push_str(h);
            }
            (field, message)
        })
        .collect()
}

/// The field of each line of a fiche's text, read once from the top.
fn fields_by_line<'a>(text: &'a str, variant: Option<&'a Variant>) -> Vec<&'a str> {
    let sections: Vec<(String, &str)> = variant
        .map(|v| {
            v.required_sections
                .iter()
                .chain(&v.recommended_sections)
                .map(|s| (crate::slug::slugify(s), s.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut lines = text.lines();
    let opening = lines.next();
    out.push("");
    let mut table: Option<&str> = None;
    let mut closed = opening.is_none_or(|l| l.trim_end() != "+++");
    // Front matter: the key of each line, or its array of tables.
    if !closed {
        for line in lines.by_ref() {
            let t = line.trim();
            if t == "+++" {
                out.push("");
                closed = true;
                break;
            }
            if let Some(name) = t.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")) {
                table = Some(name.trim());
            }
            let key = match table {
                Some(name) => name,
                None => t
                    .split_once('=')
                    .map_or("", |(k, _)| k.trim().trim_matches(['"', '\''])),
            };
            out.push(key);
        }
    }
    // Body: the section each line is under, outside code blocks.
    let mut current = "extra";
    let mut fence: Option<&str> = None;
    for line in lines.filter(|_| closed) {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = trimmed.get(..3);
        } else if let Some(title) = line.strip_prefix("## ") {
            let key = crate::slug::slugify(title.trim());
            current = sections
                .iter()
                .find(|(k, _)| *k == key)
                .map_or("extra", |(_, s)| s);
        } else if line.starts_with("# ") {
            current = "extra";
        }
        out.push(current);
    }
    out
}

pub(super) fn errors(list: Vec<(String, String)>, conflict: Option<String>) -> Answer {
    let errors: Vec<Value> = list
        .into_iter()
        .map(|(field, message)| json!({ "field": field, "message": message }))
        .collect();
    let json = json!({ "ok": false, "errors": errors, "conflict": conflict });
    Answer::json(422, &json)
}

pub(super) fn refuse(status: u16, message: impl AsRef<str>) -> Answer {
    let message = message.as_ref();
    let json =
        json!({ "ok": false, "errors": [{ "field": "", "message": message }], "conflict": null });
    Answer::json(status, &json)
}

pub(super) fn text(status: u16, message: impl AsRef<str>) -> Answer {
    Answer::text(status, message.as_ref())
}

/// The bar `serve` puts at the top of its pages' content, in the page's flow and the
/// theme's colours (its `button` and `notice`): the link that opens the editor, and
/// where a page reached by a save says it was saved (`saved` and `draft` hold `{h}`
/// and `{m}`, the hour and minute, filled in by the page from what the form left in
/// the tab's session storage).
pub(super) fn bar(href: &str, label: &str, saved: &str, draft: &str) -> String {
    let (label, saved, draft) = (escape(label), escape(saved), escape(draft));
    format!(
        "<div class=\"fiches-serve-bar\" style=\"display:flex;flex-wrap:wrap;align-items:center;justify-content:flex-end;gap:.75rem 1rem;margin:0 0 1.5rem\">\
         <p id=\"fiches-saved\" role=\"status\" style=\"margin:0;flex:1 1 18rem\" data-saved=\"{saved}\" data-draft=\"{draft}\"></p>\
         <a href=\"{href}\" class=\"button fiches-serve-edit\">{label}</a></div>\n\
         <script>{SAVED_JS}</script>\n"
    )
}

/// Shows, once, on the page a save led to, when it was saved and as what.
const SAVED_JS: &str = "(function(){var s;try{s=JSON.parse(sessionStorage.getItem('fiches:saved'))}catch(e){}\
if(!s||s.url!==location.pathname||!(Date.now()-s.at<60000))return;\
var p=document.getElementById('fiches-saved'),d=new Date(s.at),m=String(d.getMinutes()).padStart(2,'0');\
p.textContent=(s.draft?p.dataset.draft:p.dataset.saved).replace('{h}',d.getHours()).replace('{m}',m);\
p.className='notice';p.style.margin='0'})();";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_belongs_to_its_field() {
        let v = super::super::values::tests::factual();
        let text = "+++\ntitle = \"a = b\"\n\"date\" = 2024-01-01\n\n[[testimonies]]\nname = \"N\"\n+++\nIntro.\n## contexte\nUn = deux\n```\n## Résultats\n```\n## Autre\nx\n## RESULTATS\ny\n";
        let fields = fields_by_line(text, Some(&v));
        assert_eq!(
            fields,
            [
                "",
                "title",
                "date",
                "",
                "testimonies",
                "testimonies",
                "",
                "extra",
                "Contexte",
                "Contexte",
                "Contexte",
                "Contexte",
                "Contexte",
                "extra",
                "extra",
                "Résultats",
                "Résultats"
            ]
        );
        let d = Diagnostic::error("lien cassé").hint("corrigez");
        let mut at = d.clone();
        at.line = 10;
        assert_eq!(
            by_field(text, &[at, d], Some(&v)),
            [
                ("Contexte".to_string(), "lien cassé — corrigez".to_string()),
                (String::new(), "lien cassé — corrigez".to_string())
            ]
        );
    }
}
