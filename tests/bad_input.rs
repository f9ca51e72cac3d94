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

/// The word an English text uses for a fiche, outside what it quotes: a command
/// (`fiches check`), a file or folder (`fiches.toml`, `fiches/jardin/`), the program
/// itself (« which fiches makes »), or an author's own words between quotes.
fn fiche_words(text: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '`' | '"' => {
                quoted = !quoted;
                plain.push(' ');
            }
            '«' | '“' => {
                quoted = true;
                plain.push(' ');
            }
            '»' | '”' => {
                quoted = false;
                plain.push(' ');
            }
            c if quoted => plain.push(if c.is_whitespace() { c } else { ' ' }),
            c => plain.push(c),
        }
    }
    let program = [
        "fiches makes",
        "fiches did not",
        "fiches writes",
        "fiches leaves",
        "fiches cannot",
        "fiches prepares",
        "with fiches",
        "of fiches while",
    ];
    for p in program {
        plain = plain.replace(p, " ");
    }
    plain
        .split(|c: char| !(c.is_alphanumeric() || c == '/' || c == '.' || c == '-'))
        .map(|w| w.trim_end_matches(['.', '-']))
        .filter(|w| matches!(w.to_lowercase().as_str(), "fiche" | "fiches"))
        .map(str::to_string)
        .collect()
}

/// An English site says "sheet", the README's English word, never "fiche": every case
/// of the corpus, its site made English, reports its diagnostics (messages and hints)
/// without the French word.
#[test]
fn english_messages_say_sheet_not_fiche() {
    assert_eq!(
        fiche_words("a fiche, the `fiches check` command"),
        ["fiche"]
    );
    assert!(fiche_words("see fiches/jardin/ and fiches.toml, « la fiche »").is_empty());
    assert_eq!(
        fiche_words("the fiche's folder. Every Fiche."),
        ["fiche", "Fiche"]
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    let mut sheets = 0;
    for case in cases {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_dir(&case, &site);
        let config = std::fs::read_to_string(site.join("fiches.toml"))
            .unwrap_or_else(|_| "title = \"Corpus\"\nbase_url = \"https://exemple.org/\"\n".into());
        let config: String = config
            .lines()
            .filter(|l| !l.trim_start().starts_with("language"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(
            site.join("fiches.toml"),
            format!("language = \"en\"\n{config}"),
        )
        .unwrap();
        let report = fiches::build(&site, &fiches::BuildOptions::default());
        for d in &report.diagnostics {
            for text in [Some(&d.message), d.hint.as_ref()].into_iter().flatten() {
                sheets += text.matches("sheet").count();
                if !fiche_words(text).is_empty() {
                    failures.push(format!("{}: {text}", case.display()));
                }
            }
        }
    }
    assert!(
        sheets > 10,
        "the corpus speaks of sheets {sheets} times only"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The English interface strings of the default theme say "sheet" too.
#[test]
fn the_english_theme_says_sheet_not_fiche() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let en = std::fs::read_to_string(root.join("themes/default/i18n/en.toml")).unwrap();
    let table: toml::Table = en.parse().unwrap();
    let mut failures = Vec::new();
    for (key, value) in &table {
        let Some(text) = value.as_str() else { continue };
        if !fiche_words(text).is_empty() {
            failures.push(format!("{key} = {text:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(table["search_many"].as_str().unwrap().contains("sheets"));
}
