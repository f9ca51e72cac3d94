//! What a forge shows on a pull request: `fiches check --format github` and
//! `--format gitlab`, run on every site of the bad-input corpus, give one annotation
//! per diagnostic, on the right file (from the repository's root), line and column.

use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// Each corpus case as a site in `repo/site/`, with what the library finds in it.
fn cases(repo: &Path) -> Vec<(String, Vec<fiches::Diagnostic>)> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input");
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let site = repo.join(&name).join("site");
            copy_dir(&corpus.join(&name), &site);
            std::fs::remove_file(site.join("expected.txt")).ok();
            if !site.join("fiches.toml").exists() {
                std::fs::write(
                    site.join("fiches.toml"),
                    "title = \"Corpus\"\nbase_url = \"https://exemple.org/\"\n",
                )
                .unwrap();
            }
            let diags = fiches::check(&site).diagnostics;
            (name, diags)
        })
        .collect()
}

fn check(repo: &Path, case: &str, format: &str) -> (String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args(["check", "site", "--format", format])
        .current_dir(repo.join(case))
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code() == Some(1),
    )
}

/// `file=…,line=…,col=…` of a workflow command, unescaped.
fn place(command: &str) -> (Option<String>, usize, usize) {
    let props = command
        .split_once(' ')
        .and_then(|(_, rest)| rest.split_once("::"))
        .map(|(p, _)| p)
        .unwrap_or("");
    let mut file = None;
    let (mut line, mut col) = (0, 0);
    for prop in props.split(',') {
        match prop.split_once('=') {
            Some(("file", f)) => {
                file = Some(
                    f.replace("%3A", ":")
                        .replace("%2C", ",")
                        .replace("%0A", "\n")
                        .replace("%0D", "\r")
                        .replace("%25", "%"),
                )
            }
            Some(("line", l)) => line = l.parse().unwrap(),
            Some(("col", c)) => col = c.parse().unwrap(),
            _ => {}
        }
    }
    (file, line, col)
}

#[test]
fn github_annotations_match_the_diagnostics_of_every_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let mut annotated = 0;
    for (case, diags) in cases(tmp.path()) {
        let (out, failed) = check(tmp.path(), &case, "github");
        assert_eq!(failed, diags.iter().any(|d| d.is_error()), "{case}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), diags.len(), "{case}: one line each\n{out}");
        for (line, d) in lines.iter().zip(&diags) {
            let kind = match d.severity {
                fiches::Severity::Error => "::error ",
                fiches::Severity::Warning => "::warning ",
                fiches::Severity::Note => "::notice ",
            };
            assert!(line.starts_with(kind), "{case}: {line}");
            let (file, l, c) = place(line);
            let want = d
                .file
                .as_ref()
                .map(|f| format!("site/{}", fiches::diagnostic::display_path(f)));
            assert_eq!(file, want, "{case}: {line}");
            assert_eq!((l, c), (d.line, d.column), "{case}: {line}");
            assert!(!line[2..].contains('\n'));
            annotated += usize::from(d.line > 0);
        }
    }
    assert!(annotated >= 20, "only {annotated} annotations on a line");
}

#[test]
fn gitlab_code_quality_reports_match_the_diagnostics_of_every_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    for (case, diags) in cases(tmp.path()) {
        let (out, _) = check(tmp.path(), &case, "gitlab");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        let list = report.as_array().unwrap();
        assert_eq!(list.len(), diags.len(), "{case}");
        let mut prints = std::collections::HashSet::new();
        for (entry, d) in list.iter().zip(&diags) {
            let path = d
                .file
                .as_ref()
                .map(|f| fiches::diagnostic::display_path(f))
                .unwrap_or_else(|| "fiches.toml".into());
            assert_eq!(entry["location"]["path"], format!("site/{path}"), "{case}");
            assert_eq!(entry["location"]["lines"]["begin"], d.line.max(1), "{case}");
            assert!(entry["description"].as_str().unwrap().contains(&d.message));
            prints.insert(entry["fingerprint"].as_str().unwrap().to_string());
        }
        assert_eq!(prints.len(), list.len(), "{case}: fingerprints are unique");
    }
}
