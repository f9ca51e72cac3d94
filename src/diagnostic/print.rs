//! Diagnostics as people and programs read them: the rustc-like text with the line
//! and a caret, in the site's language, and JSON.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use std::path::PathBuf;

use super::{Diagnostic, Severity, display_path};
use crate::lang::Lang;

/// Renders diagnostics the way rustc does, with level names in the site's language.
pub fn render_human(diags: &[Diagnostic], lang: Lang, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => Level::ERROR.with_name(Some(lang.pick("erreur", "error"))),
            Severity::Warning => {
                Level::WARNING.with_name(Some(lang.pick("avertissement", "warning")))
            }
            Severity::Note => Level::NOTE.with_name(Some("note")),
        };
        let location = d.location();
        let file = d.file.as_deref().map(display_path).unwrap_or_default();
        let mut group = Group::with_title(level.clone().primary_title(d.message.as_str()));
        let mut rest = None;
        match &d.excerpt {
            Some(ex) => {
                let mut ann = AnnotationKind::Primary.span(ex.span.clone());
                if let Some(label) = &d.label {
                    ann = ann.label(label.as_str());
                }
                let snippet = Snippet::source(ex.text.as_str())
                    .line_start(d.line)
                    .annotation(ann);
                if ex.cut {
                    // A window of a long line: its columns are not the file's, so the
                    // place is given apart and the snippet follows without a path.
                    group = group.element(
                        Origin::path(file.as_str())
                            .line(d.line)
                            .char_column(d.column),
                    );
                    rest = Some(Group::with_level(level.clone()).element(snippet));
                } else {
                    group = group.element(snippet.path(file.as_str()));
                }
            }
            None if !location.is_empty() => {
                group = group.element(Origin::path(location.as_str()));
            }
            None => {}
        }
        if let Some(hint) = &d.hint {
            let help = Level::HELP
                .with_name(Some(lang.pick("conseil", "help")))
                .message(hint.as_str());
            match rest {
                Some(r) => rest = Some(r.element(help)),
                None => group = group.element(help),
            }
        }
        match rest {
            // The two groups each draw the bar between place and snippet: keep one.
            Some(rest) => out.push_str(&drop_doubled_bar(&renderer.render(&[group, rest]))),
            None => out.push_str(&renderer.render(&[group])),
        }
        out.push_str("\n\n");
    }
    out
}

/// `text` without the second of the first two identical lines holding only the gutter
/// bar (`  |`, colours aside).
fn drop_doubled_bar(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let is_bar = |l: &str| {
        let mut visible = String::new();
        let mut in_escape = false;
        for c in l.chars() {
            match c {
                '\u{1b}' => in_escape = true,
                'm' if in_escape => in_escape = false,
                _ if in_escape => {}
                c => visible.push(c),
            }
        }
        visible.trim() == "|"
    };
    let doubled = lines.windows(2).position(|w| w[0] == w[1] && is_bar(w[0]));
    lines
        .iter()
        .enumerate()
        .filter(|&(i, _)| Some(i) != doubled.map(|d| d + 1))
        .map(|(_, l)| *l)
        .collect::<Vec<_>>()
        .join("\n")
}

/// One JSON array of `{severity, file, line, column, message, hint}`, for editors and
/// CI. `file` uses `/`; `line` and `column` are 0 when the problem is about a whole file.
pub fn render_json(diags: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": d.severity,
                "file": d.file.as_deref().map(display_path),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
}

/// Reads back what [`render_json`] wrote (without the source line, which is not kept).
pub fn from_json(text: &str) -> Option<Vec<Diagnostic>> {
    let list: Vec<serde_json::Value> = serde_json::from_str(text).ok()?;
    list.iter()
        .map(|v| {
            let severity = match v["severity"].as_str()? {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "note" => Severity::Note,
                _ => return None,
            };
            Some(Diagnostic {
                severity,
                file: v["file"].as_str().map(PathBuf::from),
                line: v["line"].as_u64()? as usize,
                column: v["column"].as_u64()? as usize,
                message: v["message"].as_str()?.to_string(),
                hint: v["hint"].as_str().map(str::to_string),
                label: None,
                excerpt: None,
            })
        })
        .collect()
}
