//! What the editor answers and shows: the errors `fiches check` finds in a save, each by the
//! front matter key of its line so the form shows it beside its field, or a refusal.

use std::path::Path;

use serde_json::{Value, json};

use super::Answer;
use crate::project::Project;

/// The errors `fiches check` would give for this text, by the key of their line.
pub(super) fn check(project: &Project, rel: &str, text: &str) -> Vec<(String, String)> {
    let cfg = &project.site.config;
    let path = Path::new(rel);
    let (f, mut diags) = crate::fiche::parse(
        text.to_string(),
        path,
        &crate::content::default_slug(path).1,
        None,
        cfg,
    );
    if let Some(f) = &f {
        crate::check::sections::check_sections(&project.site, f, &headings(f.body()), &mut diags);
    }
    let lines: Vec<&str> = text.lines().collect();
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let key = (d.line > 0)
                .then(|| key_at(&lines, d.line))
                .flatten()
                .unwrap_or_default();
            let mut message = d.message.clone();
            if let Some(h) = &d.hint {
                message.push_str(" — ");
                message.push_str(h);
            }
            (key, message)
        })
        .collect()
}

/// The `##` headings of a body, as the section check reads them.
fn headings(body: &str) -> Vec<String> {
    body.lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(|t| t.trim().to_string())
        .collect()
}

/// The front matter key written on line `line` (1-based), or the array of tables
/// (`testimonies`) it is in.
fn key_at(lines: &[&str], line: usize) -> Option<String> {
    let at = line.checked_sub(1)?;
    let here = lines.get(at)?.trim();
    for above in lines[..=at].iter().rev() {
        let a = above.trim();
        if a == "+++" {
            break;
        }
        if let Some(t) = a.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")) {
            return Some(t.trim().to_string());
        }
    }
    let (k, _) = here.split_once('=')?;
    Some(k.trim().to_string())
}

pub(super) fn errors(list: Vec<(String, String)>, conflict: Option<String>) -> Answer {
    let errors: Vec<Value> = list
        .into_iter()
        .map(|(field, message)| json!({ "field": field, "message": message }))
        .collect();
    let json = json!({ "ok": false, "errors": errors, "conflict": conflict });
    (422, "application/json", json.to_string().into_bytes())
}

pub(super) fn refuse(status: u16, message: impl AsRef<str>) -> Answer {
    let message = message.as_ref();
    let json =
        json!({ "ok": false, "errors": [{ "field": "", "message": message }], "conflict": null });
    (status, "application/json", json.to_string().into_bytes())
}

pub(super) fn text(status: u16, message: impl AsRef<str>) -> Answer {
    let message = message.as_ref();
    (
        status,
        "text/plain; charset=utf-8",
        message.as_bytes().to_vec(),
    )
}

/// The floating button `serve` puts on its pages to open the editor.
pub(super) fn link(href: &str, label: &str) -> String {
    format!(
        "<a href=\"{href}\" class=\"fiches-serve-edit\" style=\"position:fixed;right:1rem;bottom:1rem;z-index:99;padding:.6rem 1rem;border-radius:.4rem;background:#1d4ed8;color:#fff;font:600 1rem system-ui,sans-serif;text-decoration:none;box-shadow:0 2px 8px rgba(0,0,0,.3)\">{label}</a>\n"
    )
}
