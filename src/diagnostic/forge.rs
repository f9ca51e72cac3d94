//! Diagnostics as a forge shows them on a pull request, on the line of the proposed
//! file: GitHub's (and Forgejo's) workflow commands, GitLab's Code Quality report.
//! A forge names files from the repository's root, so each path is given under
//! `base`, the site's folder as the command was told it.

use std::path::{Component, Path, PathBuf};

use super::{Diagnostic, Severity, display_path};

/// The file's path from the repository root (`site/content/a.md`), `./` dropped.
fn repo_path(base: &Path, file: &Path) -> String {
    let joined: PathBuf = base
        .join(file)
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    display_path(&joined)
}

/// The text of a diagnostic on one line: message, then the hint.
fn text_of(d: &Diagnostic) -> String {
    match &d.hint {
        Some(hint) => format!("{}\n{hint}", d.message),
        None => d.message.clone(),
    }
}

/// GitHub's escaping of a workflow command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property (`file=…`) also escapes the separators `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command a line (`::error file=…,line=…,col=…::message`): GitHub
/// Actions and Forgejo Actions turn each into an annotation on that line.
pub fn render_github(diags: &[Diagnostic], base: &Path) -> String {
    let mut out = String::new();
    for d in diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = Vec::new();
        if let Some(file) = &d.file {
            props.push(format!("file={}", escape_property(&repo_path(base, file))));
            if d.line > 0 {
                props.push(format!("line={}", d.line));
                if d.column > 0 {
                    props.push(format!("col={}", d.column));
                }
            }
        }
        props.push("title=fiches check".to_string());
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&text_of(d))
        ));
    }
    out
}

/// GitLab's Code Quality report (a JSON array): each problem with a stable
/// fingerprint, so that a merge request shows what it adds and what it fixes.
pub fn render_gitlab(diags: &[Diagnostic], base: &Path) -> String {
    let list: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let path = d
                .file
                .as_deref()
                .map(|f| repo_path(base, f))
                .unwrap_or_else(|| repo_path(base, Path::new("fiches.toml")));
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Note => "info",
            };
            let text = text_of(d);
            let key = format!("{path}\u{0}{}\u{0}{}\u{0}{text}", d.line, d.column);
            serde_json::json!({
                "description": text,
                "check_name": "fiches-check",
                "fingerprint": format!("{:016x}", fingerprint(key.as_bytes())),
                "severity": severity,
                "location": {
                    "path": path,
                    "lines": { "begin": d.line.max(1) },
                },
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
}

/// Stable across runs and toolchains (unlike `DefaultHasher`).
fn fingerprint(bytes: &[u8]) -> u64 {
    crate::hash::fnv1a_64(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Diagnostic> {
        let mut located = Diagnostic::error("champ inconnu `tagz`, 100 % faux")
            .in_file("content/a: b.md")
            .hint("vouliez-vous dire `tags` ?");
        located.line = 7;
        located.column = 3;
        vec![
            located,
            Diagnostic::warning("sans adresse").in_file("fiches.toml"),
            Diagnostic::note("rien"),
        ]
    }

    #[test]
    fn github_commands_put_each_problem_on_its_line_escaped() {
        let out = render_github(&sample(), Path::new("./site"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[0],
            "::error file=site/content/a%3A b.md,line=7,col=3,title=fiches check::champ inconnu `tagz`, 100 %25 faux%0Avouliez-vous dire `tags` ?"
        );
        assert_eq!(
            lines[1],
            "::warning file=site/fiches.toml,title=fiches check::sans adresse"
        );
        assert_eq!(lines[2], "::notice title=fiches check::rien");
    }

    #[test]
    fn gitlab_report_is_code_quality_json_with_stable_distinct_fingerprints() {
        let out = render_gitlab(&sample(), Path::new("."));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let list = v.as_array().unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(list[0]["location"]["path"], "content/a: b.md");
        assert_eq!(list[0]["location"]["lines"]["begin"], 7);
        assert_eq!(list[0]["severity"], "major");
        assert_eq!(list[1]["location"]["lines"]["begin"], 1);
        assert_eq!(list[2]["location"]["path"], "fiches.toml");
        let prints: Vec<&str> = list
            .iter()
            .map(|d| d["fingerprint"].as_str().unwrap())
            .collect();
        assert_eq!(prints[0].len(), 16);
        assert!(prints[0] != prints[1] && prints[1] != prints[2]);
        assert_eq!(out, render_gitlab(&sample(), Path::new(".")));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Any message and file name, hostile Unicode included, gives one command line
        /// whose file and text read back as they were.
        #[test]
        fn any_text_is_one_command_that_reads_back(
            message in "[a-zé,:%\r\n\u{a0}\u{202f}\u{b}\u{0}\u{1F600}\u{1D41B}\u{5D0}]{0,40}",
            file in "[a-z,:%\u{a0}\u{1D41B}]{1,20}",
        ) {
            let mut d = Diagnostic::error(message.clone()).in_file(format!("content/{file}.md"));
            d.line = 3;
            d.column = 2;
            let out = render_github(&[d], Path::new("."));
            proptest::prop_assert_eq!(out.matches('\n').count(), 1);
            let line = out.trim_end_matches('\n');
            let unescape = |s: &str| {
                s.replace("%3A", ":").replace("%2C", ",").replace("%0A", "\n")
                    .replace("%0D", "\r").replace("%25", "%")
            };
            let (head, text) = line.split_once("::").and_then(|(_, r)| r.split_once("::")).unwrap();
            proptest::prop_assert_eq!(unescape(text), message);
            let file_prop = head.split(',').find_map(|p| p.strip_prefix("error file=").or(p.strip_prefix("file="))).unwrap();
            proptest::prop_assert_eq!(unescape(file_prop), format!("content/{file}.md"));
        }
    }
}
