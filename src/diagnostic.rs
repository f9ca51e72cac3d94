//! One diagnostic type for the whole program: what is wrong, where (file, line,
//! column, the line itself) and how to fix it. The library only builds them; the
//! binary decides how to print them.

use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

use crate::lang::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// The line a diagnostic points into, kept so it can be shown without rereading the file.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Excerpt {
    text: String,
    /// Byte range of the culprit inside `text`.
    span: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site folder when the problem is in a file.
    pub file: Option<PathBuf>,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based, counted in characters; 0 when the problem is about the whole file.
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// Short text printed under the caret.
    pub label: Option<String>,
    excerpt: Option<Excerpt>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            label: None,
            excerpt: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Points the diagnostic at a byte range of `source` (the whole file's text).
    /// Out-of-range or mid-character offsets are clamped rather than trusted.
    pub fn at(mut self, source: &str, span: Range<usize>) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let text = source[line_start..line_end].trim_end_matches('\r');
        self.line = source[..start].matches('\n').count() + 1;
        self.column = source[line_start..start].chars().count() + 1;
        let local_start = (start - line_start).min(text.len());
        let local_end = (end.min(line_end) - line_start).clamp(local_start, text.len());
        self.excerpt = Some(Excerpt {
            text: text.to_string(),
            span: local_start..local_end,
        });
        self
    }

    /// Points at a 1-based line and column of `source`.
    pub fn at_line(self, source: &str, line: usize, column: usize) -> Self {
        self.at_lines(source, (line, column), (line, column))
    }

    /// Points at the characters from `start` to `end` included, as 1-based (line, column).
    pub fn at_lines(self, source: &str, start: (usize, usize), end: (usize, usize)) -> Self {
        let a = char_offset_to_byte(source, line_offset(source, start.0), start.1);
        let b = char_offset_to_byte(source, line_offset(source, end.0), end.1 + 1);
        self.at(source, a..b.max(a))
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The line shown under the message, if any (used by tests and by the serve overlay).
    pub fn source_line(&self) -> Option<&str> {
        self.excerpt.as_ref().map(|e| e.text.as_str())
    }

    /// `content/x.md:4:1`, or just the file, or nothing.
    pub fn location(&self) -> String {
        match (&self.file, self.line) {
            (None, _) => String::new(),
            (Some(f), 0) => display_path(f),
            (Some(f), l) => format!("{}:{}:{}", display_path(f), l, self.column),
        }
    }
}

/// Paths are shown with `/` on every platform so messages read the same everywhere.
pub fn display_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte offset of the start of 1-based `line`, or the end of `source` past its last line.
fn line_offset(source: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    source
        .match_indices('\n')
        .nth(line - 2)
        .map_or(source.len(), |(i, _)| i + 1)
}

fn char_offset_to_byte(source: &str, line_start: usize, column: usize) -> usize {
    source[line_start..]
        .char_indices()
        .take_while(|&(_, c)| c != '\n')
        .nth(column.saturating_sub(1))
        .map_or_else(
            || {
                source[line_start..]
                    .find('\n')
                    .map_or(source.len(), |i| line_start + i)
            },
            |(i, _)| line_start + i,
        )
}

/// Sorts by file, then line, then column, errors before warnings (the order authors
/// read in), and drops repeats of the same message at the same place.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
    diags.dedup_by(|a, b| a.location() == b.location() && a.message == b.message);
}

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
        };
        let location = d.location();
        let file = d.file.as_deref().map(display_path).unwrap_or_default();
        let mut group = Group::with_title(level.primary_title(d.message.as_str()));
        match &d.excerpt {
            Some(ex) => {
                let mut ann = AnnotationKind::Primary.span(ex.span.clone());
                if let Some(label) = &d.label {
                    ann = ann.label(label.as_str());
                }
                group = group.element(
                    Snippet::source(ex.text.as_str())
                        .line_start(d.line)
                        .path(file.as_str())
                        .annotation(ann),
                );
            }
            None if !location.is_empty() => {
                group = group.element(Origin::path(location.as_str()));
            }
            None => {}
        }
        if let Some(hint) = &d.hint {
            group = group.element(
                Level::HELP
                    .with_name(Some(lang.pick("conseil", "help")))
                    .message(hint.as_str()),
            );
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
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

/// `2 erreurs, 1 avertissement dans 3 fiches` / `2 errors, 1 warning in 3 files`.
pub fn summary(diags: &[Diagnostic], lang: Lang) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let mut files: Vec<_> = diags.iter().filter_map(|d| d.file.as_ref()).collect();
    files.sort();
    files.dedup();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n > 1 { many } else { one });
    let counts = match lang {
        Lang::Fr => format!(
            "{}, {}",
            plural(errors, "erreur", "erreurs"),
            plural(warnings, "avertissement", "avertissements")
        ),
        Lang::En => format!(
            "{}, {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        ),
    };
    match (files.len(), lang) {
        (0, _) => counts,
        (n, Lang::Fr) => format!("{counts} dans {}", plural(n, "fichier", "fichiers")),
        (n, Lang::En) => format!("{counts} in {}", plural(n, "file", "files")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_is_counted_in_characters() {
        let src = "+++\ntitle = \"Été\"\ntagz = 1\n+++\n";
        let start = src.find("tagz").unwrap();
        let d = Diagnostic::error("x").at(src, start..start + 4);
        assert_eq!((d.line, d.column), (3, 1));
        let e = src.find("\"Été").unwrap() + 4;
        let d = Diagnostic::error("x").at(src, e..e + 1);
        assert_eq!((d.line, d.column), (2, 12));
        assert_eq!(d.source_line(), Some("title = \"Été\""));
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let src = "é\n";
        let d = Diagnostic::error("x").at(src, 1..99);
        assert_eq!(d.line, 1);
        let d = Diagnostic::error("x").at_line(src, 40, 3);
        assert!(d.line >= 1);
    }

    #[test]
    fn rendering_shows_path_line_and_hint() {
        let src = "+++\ntagz = [\"a\"]\n+++\n";
        let d = Diagnostic::error("champ inconnu `tagz`")
            .in_file("content/a.md")
            .at(src, 4..8)
            .label("vouliez-vous dire `tags` ?")
            .hint("les champs possibles sont ...");
        let out = render_human(&[d], Lang::Fr, false);
        assert!(out.contains("erreur: champ inconnu `tagz`"), "{out}");
        assert!(out.contains("content/a.md:2:1"), "{out}");
        assert!(out.contains("tagz = [\"a\"]"), "{out}");
        assert!(out.contains("^^^^ vouliez-vous dire `tags` ?"), "{out}");
        assert!(out.contains("conseil: les champs possibles"), "{out}");
    }

    #[test]
    fn summary_counts_errors_warnings_and_files() {
        let d = vec![
            Diagnostic::error("a").in_file("x.md"),
            Diagnostic::error("b").in_file("y.md"),
            Diagnostic::warning("c").in_file("y.md"),
        ];
        assert_eq!(
            summary(&d, Lang::Fr),
            "2 erreurs, 1 avertissement dans 2 fichiers"
        );
        assert_eq!(summary(&d, Lang::En), "2 errors, 1 warning in 2 files");
    }
}
