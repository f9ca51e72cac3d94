//! The built example site checked in a real browser (headless Chromium through
//! playwright-core, axe-core, the Nu HTML checker): see `tests/browser/check.mjs`.
//! Needs `npm ci --prefix tests/browser`, Chromium and Java, which `.ci/run`
//! installs. Where they are missing the test says so and stops, unless
//! `FICHES_BROWSER_TESTS=1` demands it (CI sets it).

use std::path::Path;
use std::process::Command;

fn missing(root: &Path) -> Vec<&'static str> {
    let mut out = Vec::new();
    if !root
        .join("tests/browser/node_modules/playwright-core")
        .is_dir()
    {
        out.push("npm ci --prefix tests/browser");
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        out.push("apt-get install -y chromium");
    }
    if Command::new("java").arg("-version").output().is_err() {
        out.push("apt-get install -y default-jre-headless");
    }
    if Command::new("node").arg("--version").output().is_err() {
        out.push("Node.js");
    }
    out
}

#[test]
fn example_site_passes_the_browser_checks_under_a_sub_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let missing = missing(root);
    if !missing.is_empty() {
        let required = std::env::var_os("FICHES_BROWSER_TESTS").is_some();
        assert!(
            !required,
            "browser checks required but missing: {missing:?}"
        );
        eprintln!(
            "browser checks skipped; to run them: {}",
            missing.join(", ")
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let report = fiches::build(
        &root.join("content-example"),
        &fiches::BuildOptions {
            output: Some(out.clone()),
            ..Default::default()
        },
    );
    assert!(report.built.is_some(), "{:?}", report.diagnostics);
    let spec = r#"{"folded":"reseautage","prefix":"transfront","broad":"quartier"}"#;
    let result = Command::new("node")
        .arg(root.join("tests/browser/check.mjs"))
        .arg(&out)
        .arg("reseau")
        .env("SEARCH_SPEC", spec)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("browser checks passed"), "{stdout}");
}
