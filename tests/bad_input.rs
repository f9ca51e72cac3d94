//! The bad-input corpus: every folder under `tests/bad-input/` is a small site with one
//! mistake, and `expected.txt` pins what `fiches` must say about it (severity, place
//! and message, one per line). A site without `fiches.toml` gets a minimal French one
//! with a `base_url`.
//! `FICHES_BLESS=1 cargo test --test bad_input` rewrites the expectations; read the
//! diff before committing it.

mod common;

use std::path::Path;

use common::copy_dir;

fn describe(d: &fiches::Diagnostic) -> String {
    let sev = match d.severity {
        fiches::Severity::Error => "error",
        fiches::Severity::Warning => "warning",
        fiches::Severity::Note => "note",
    };
    format!("{sev} {}: {}", d.location(), d.message)
}

#[test]
fn every_case_reports_exactly_its_expected_diagnostics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input");
    let bless = std::env::var_os("FICHES_BLESS").is_some();
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_dir(&case, &site);
        std::fs::remove_file(site.join("expected.txt")).ok();
        if !site.join("fiches.toml").exists() {
            std::fs::write(
                site.join("fiches.toml"),
                "title = \"Corpus\"\nbase_url = \"https://exemple.org/\"\n",
            )
            .unwrap();
        }
        let report = fiches::build(&site, &fiches::BuildOptions::default());
        let got: String = report
            .diagnostics
            .iter()
            .map(|d| describe(d) + "\n")
            .collect();
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{got}",
                case.display()
            ));
        }
        let has_error = expected.lines().any(|l| l.starts_with("error"));
        assert_eq!(
            report.built.is_none(),
            has_error,
            "{}: a site with errors is never written",
            case.display()
        );
        assert_eq!(
            site.join("public").exists(),
            !has_error,
            "{}",
            case.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
