//! One diagnostic type for the whole program: what is wrong, where (file, line,
//! column, the line itself) and how to fix it. The library only builds them; the
//! binary decides how to print them.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::lang::Lang;
use crate::span::FileSpan;

mod forge;
mod group;
mod lines;
mod print;
mod shell;
mod terminal;

use crate::cut::floor as floor_char_boundary;
pub use forge::{render_github, render_gitlab};
pub use group::render_grouped;
pub use lines::LineIndex;
pub use print::{from_json, render_json};
pub use shell::shell_word;
pub use terminal::{render_human, shown, typeset};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Something worth knowing, not to fix: never counted as a problem.
    Note,
}

/// The line a diagnostic points into, kept so it can be shown without rereading the file.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Excerpt {
    text: String,
    /// Byte range of the culprit inside `text`.
    span: Range<usize>,
    /// `text` is a window of a longer line.
    cut: bool,
}

/// A run stopped by errors: every diagnostic, and the language to print them in.
#[derive(Clone, Debug)]
pub struct Failure {
    pub lang: Lang,
    pub diagnostics: Vec<Diagnostic>,
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

    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
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
    /// Out-of-range or mid-character offsets are clamped rather than trusted. This
    /// reads the whole text once: to place many diagnostics in one file, build a
    /// [`LineIndex`] once and use [`Diagnostic::at_in`].
    pub fn at(self, source: &str, span: FileSpan) -> Self {
        self.at_in(&LineIndex::new(source), span)
    }

    /// Like [`Diagnostic::at`], with the file's lines already indexed: a binary search
    /// and a scan bounded by [`BLOCK`] and [`EXCERPT_CHARS`], whatever the file.
    pub fn at_in(mut self, index: &LineIndex, span: FileSpan) -> Self {
        let source = index.src;
        let start = floor_char_boundary(source, span.start().min(source.len()));
        let end = floor_char_boundary(source, span.end().clamp(start, source.len()));
        let line = index.line_of(start);
        let line_start = index.starts[line];
        let mut line_end = index.line_end(line);
        while line_end > line_start && source.as_bytes()[line_end - 1] == b'\r' {
            line_end -= 1;
        }
        self.line = line + 1;
        self.column = index.chars_to(start) - index.chars_to(line_start) + 1;
        self.excerpt = Some(Excerpt::around(source, line_start..line_end, start..end));
        self
    }

    /// Points at a 1-based line and column of `source`.
    pub fn at_line(self, source: &str, line: usize, column: usize) -> Self {
        self.at_lines(source, (line, column), (line, column))
    }

    /// Points at the characters from `start` to `end` included, as 1-based (line, column).
    pub fn at_lines(self, source: &str, start: (usize, usize), end: (usize, usize)) -> Self {
        let index = LineIndex::new(source);
        let a = index.char_offset(start.0, start.1);
        let b = index.char_offset(end.0, end.1 + 1);
        self.at_in(&index, FileSpan::new(a, b))
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_note(&self) -> bool {
        self.severity == Severity::Note
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
    let mut out = String::new();
    for c in path.components() {
        match c {
            // The root is itself a `/`: joining it with `/` would double it (`//tmp`).
            Component::RootDir => out.push('/'),
            c => {
                if !out.is_empty() && !out.ends_with('/') && !matches!(c, Component::Prefix(_)) {
                    out.push('/');
                }
                out.push_str(&c.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

/// How much of a long line is shown around the culprit: about a terminal's width.
const EXCERPT_CHARS: usize = 120;
/// How much of that comes before the culprit.
const EXCERPT_BEFORE: usize = 40;
const ELLIPSIS: &str = "…";

impl Excerpt {
    /// The line `line` of `source`, cut to [`EXCERPT_CHARS`] around `span` when longer,
    /// with `…` where it was cut: a diagnostic never copies a whole long line.
    fn around(source: &str, line: Range<usize>, span: Range<usize>) -> Excerpt {
        let text = &source[line.clone()];
        let s = span.start.saturating_sub(line.start).min(text.len());
        let e = span
            .end
            .min(line.end)
            .saturating_sub(line.start)
            .clamp(s, text.len());
        if text.len() <= EXCERPT_CHARS {
            return Excerpt {
                text: text.to_string(),
                span: s..e,
                cut: false,
            };
        }
        let (from, taken) = text[..s]
            .char_indices()
            .rev()
            .take(EXCERPT_BEFORE)
            .fold((s, 0), |(_, n), (i, _)| (i, n + 1));
        let to = text[s..]
            .char_indices()
            .nth(EXCERPT_CHARS - taken)
            .map_or(text.len(), |(i, _)| s + i);
        let prefix = if from > 0 { ELLIPSIS } else { "" };
        let suffix = if to < text.len() { ELLIPSIS } else { "" };
        let shift = prefix.len();
        Excerpt {
            text: format!("{prefix}{}{suffix}", &text[from..to]),
            span: s - from + shift..e.min(to) - from + shift,
            cut: from > 0 || to < text.len(),
        }
    }
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

/// `2 erreurs, 1 avertissement dans 3 fichiers` / `2 errors, 1 warning in 3 files`.
pub fn summary(diags: &[Diagnostic], lang: Lang) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let mut files: Vec<_> = diags
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .filter_map(|d| d.file.as_ref())
        .collect();
    files.sort();
    files.dedup();
    let counts = lang.pick(
        format!(
            "{}, {}",
            lang.count(errors, "erreur", "erreurs"),
            lang.count(warnings, "avertissement", "avertissements")
        ),
        format!(
            "{}, {}",
            lang.count(errors, "error", "errors"),
            lang.count(warnings, "warning", "warnings")
        ),
    );
    match files.len() {
        0 => counts,
        n => lang.pick(
            format!("{counts} dans {}", lang.count(n, "fichier", "fichiers")),
            format!("{counts} in {}", lang.count(n, "file", "files")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_is_counted_in_characters() {
        let src = "+++\ntitle = \"Été\"\ntagz = 1\n+++\n";
        let start = src.find("tagz").unwrap();
        let d = Diagnostic::error("x").at(src, FileSpan::new(start, start + 4));
        assert_eq!((d.line, d.column), (3, 1));
        let e = src.find("\"Été").unwrap() + 4;
        let d = Diagnostic::error("x").at(src, FileSpan::new(e, e + 1));
        assert_eq!((d.line, d.column), (2, 12));
        assert_eq!(d.source_line(), Some("title = \"Été\""));
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let src = "é\n";
        let d = Diagnostic::error("x").at(src, FileSpan::new(1, 99));
        assert_eq!(d.line, 1);
        let d = Diagnostic::error("x").at_line(src, 40, 3);
        assert!(d.line >= 1);
    }

    /// Line and column found by reading the text from its start, as the index must agree.
    fn naive(src: &str, at: usize) -> (usize, usize) {
        let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
        (
            src[..at].matches('\n').count() + 1,
            src[line_start..at].chars().count() + 1,
        )
    }

    #[test]
    fn line_index_agrees_with_reading_from_the_start() {
        // Lines longer than a block, multi-byte characters across block boundaries.
        let mut src = String::new();
        for i in 0..40 {
            src.push_str(&"é€a𐀀".repeat(i * 37));
            src.push('\n');
        }
        let index = LineIndex::new(&src);
        let boundaries: Vec<usize> = (0..=src.len())
            .filter(|&i| src.is_char_boundary(i))
            .step_by(7)
            .collect();
        for &at in &boundaries {
            let d = Diagnostic::error("x").at_in(&index, FileSpan::new(at, at));
            assert_eq!((d.line, d.column), naive(&src, at), "at byte {at}");
            // And back: the column of a line gives the same byte.
            assert_eq!(index.char_offset(d.line, d.column), at, "at byte {at}");
        }
        assert_eq!(index.char_offset(99, 1), src.len());
        let line2_end = src[1..].find('\n').unwrap() + 1;
        assert_eq!(index.char_offset(2, 999), line2_end);
    }

    #[test]
    fn long_lines_are_shown_cut_around_the_culprit() {
        let line = format!("{}[lien](manque.md){}", "x".repeat(5000), "é".repeat(5000));
        let src = format!("+++\n+++\n{line}\nfin\n");
        let at = src.find("[lien]").unwrap();
        let d = Diagnostic::error("x").at(&src, FileSpan::new(at, at + 17));
        assert_eq!((d.line, d.column), (3, 5001));
        let shown = d.source_line().unwrap();
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().count(), EXCERPT_CHARS + 2);
        let ex = d.excerpt.as_ref().unwrap();
        assert_eq!(&shown[ex.span.clone()], "[lien](manque.md)");
        let d = d.in_file("a.md").hint("un conseil");
        let out = render_human(std::slice::from_ref(&d), Lang::Fr, false);
        assert!(out.lines().all(|l| l.chars().count() < 140), "{out}");
        assert!(out.contains("  conseil\u{a0}: un conseil"), "{out}");
        // Laid out as any other diagnostic: the file's line and column, the window, carets.
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "a.md, ligne 3, colonne 5001\u{a0}:", "{out}");
        assert!(lines[2].starts_with("    …"), "{out}");
        assert_eq!(
            lines[3],
            format!("    {}{}", " ".repeat(41), "^".repeat(17)),
            "{out}"
        );
        let colored = render_human(&[d], Lang::Fr, true);
        assert_eq!(colored.lines().count(), out.lines().count(), "{colored}");
        // A culprit at the very start or end of a long line is cut on one side only.
        let d = Diagnostic::error("x").at(&src, FileSpan::new(8, 9));
        let shown = d.source_line().unwrap();
        assert!(shown.starts_with('x') && shown.ends_with('…'), "{shown}");
        let end = src.find("\nfin").unwrap();
        let d = Diagnostic::error("x").at(&src, FileSpan::new(end - 2, end));
        assert!(d.source_line().unwrap().starts_with('…'));
        assert!(d.source_line().unwrap().ends_with('é'));
    }

    #[test]
    fn many_diagnostics_on_one_long_line_copy_a_window_each() {
        // 1 000 culprits on a line of a million characters: each diagnostic keeps a
        // window of the line, not the line.
        let src = format!("{}\n", "[l](x.md) ".repeat(100_000));
        let index = LineIndex::new(&src);
        let diags: Vec<Diagnostic> = (0..1000)
            .map(|i| {
                let at = i * 1000;
                Diagnostic::error("x").at_in(&index, FileSpan::new(at, at + 9))
            })
            .collect();
        assert!(
            diags
                .iter()
                .all(|d| d.source_line().unwrap().len() < 4 * EXCERPT_CHARS)
        );
        assert_eq!(diags[999].column, 999_001);
    }

    #[test]
    fn absolute_paths_are_shown_with_one_leading_slash() {
        assert_eq!(display_path(Path::new("/tmp/out/x")), "/tmp/out/x");
        assert_eq!(display_path(Path::new("content/a.md")), "content/a.md");
    }

    #[test]
    fn summary_agrees_in_number() {
        let mut d = vec![Diagnostic::warning("w"); 2001];
        assert_eq!(summary(&d, Lang::Fr), "0 erreur, 2\u{a0}001 avertissements");
        assert_eq!(summary(&d, Lang::En), "0 errors, 2,001 warnings");
        d.truncate(1);
        d.push(Diagnostic::error("e").in_file("a.md"));
        assert_eq!(
            summary(&d, Lang::Fr),
            "1 erreur, 1 avertissement dans 1 fichier"
        );
        assert_eq!(summary(&d, Lang::En), "1 error, 1 warning in 1 file");
        // A note is not a problem: neither counted nor its file.
        d.push(Diagnostic::note("n").in_file("fiches.toml"));
        assert!(d[2].is_note() && !d[2].is_error());
        assert_eq!(summary(&d, Lang::En), "1 error, 1 warning in 1 file");
        let json = render_json(&d[2..]);
        assert!(json.contains("\"severity\": \"note\""), "{json}");
        assert!(from_json(&json).is_some_and(|back| back[0].is_note()));
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
