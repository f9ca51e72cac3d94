//! The contribution form's rules and model (`contribute-rules.js`,
//! `contribute-model.js`) under Node, on the form data of a built site: their unit
//! tests (`tests/browser/rules.mjs`), then the form's verdict on each case it writes
//! asked of `fiches check`: the form finds an error exactly where the check does,
//! and warns of a long title or summary exactly where the check does.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::{Site, fiche};

const CONFIG: &str = r#"title = "Réseau test"
base_url = "https://exemple.org/reseau/"

[fields.competences]
label = "Compétences mobilisées"
type = "choices"
values = ["Médiation", "Animation", "Accompagnement"]

[fields.financement]
label = "Financement"
type = "choice"
values = ["Public", "Privé", "Mixte"]

[fields.site_web]
label = "Site web"
type = "url"

[fields.courriel]
label = "Courriel"
type = "email"

[fields.participants]
label = "Participants"
type = "number"

[variants.job]
label = "Fiche métier"
fields = ["competences", "financement", "site_web", "courriel", "participants"]
required_fields = ["competences"]
required_sections = ["Missions"]

[taxonomies.themes]
terms = ["Participation des habitants", "Travail en réseau"]
"#;

/// Whether Node is here; CI (FICHES_BROWSER_TESTS=1) demands it.
fn node_ready() -> bool {
    if Command::new("node").arg("--version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("FICHES_BROWSER_TESTS").is_none(),
        "Node.js is required for the form's rules tests"
    );
    eprintln!("form rules tests skipped: Node.js is not installed");
    false
}

/// The JSON document the form's page embeds.
fn form_data(page: &str) -> String {
    let open = "id=\"fiches-form-data\">";
    let start = page.find(open).expect("the page has the form's data") + open.len();
    let end = start + page[start..].find("</script>").unwrap();
    page[start..end].to_string()
}

#[test]
fn the_forms_rules_agree_with_fiches_check() {
    if !node_ready() {
        return;
    }
    let site = Site::new(&[
        ("fiches.toml", CONFIG),
        (
            "content/comptoir.md",
            &fiche(
                "Un comptoir",
                "2024-03-14",
                "factual",
                "themes = [\"Travail en réseau\"]",
                "",
            ),
        ),
    ]);
    site.build_ok();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data.json");
    std::fs::write(&data, form_data(&site.read("proposer/index.html"))).unwrap();
    let cases_dir = tmp.path().join("cases");
    std::fs::create_dir(&cases_dir).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser/rules.mjs");
    let out = Command::new("node")
        .arg(script)
        .arg(&data)
        .arg(&cases_dir)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cases: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(cases.len() >= 20, "{cases:?}");

    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let text = std::fs::read(cases_dir.join(format!("{name}.md"))).unwrap();
        site.write(&format!("content/case-{name}.md"), &text);
    }
    let report = fiches::check(site.path());
    // Per file: (errors, warnings) of fiches check.
    let mut found: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for d in &report.diagnostics {
        let Some(file) = &d.file else { continue };
        let entry = found
            .entry(file.to_string_lossy().into_owned())
            .or_default();
        let line = format!("{}: {}", d.location(), d.message);
        if d.is_error() {
            entry.0.push(line);
        } else {
            entry.1.push(line);
        }
    }
    let mut wrong = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let (errors, warnings) = found
            .get(&format!("content/case-{name}.md"))
            .cloned()
            .unwrap_or_default();
        let form_errors = case["errors"].as_array().unwrap();
        let form_warnings = case["warnings"].as_array().unwrap();
        if form_errors.is_empty() != errors.is_empty() {
            wrong.push(format!("{name}: form {form_errors:?} / check {errors:?}"));
        }
        if form_warnings.is_empty() != warnings.is_empty() {
            wrong.push(format!(
                "{name}: form {form_warnings:?} / check {warnings:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Both verdicts happen: a test where everything passed, or everything failed,
    // would prove little.
    assert!(
        cases
            .iter()
            .any(|c| c["errors"].as_array().unwrap().is_empty())
    );
    assert!(
        cases
            .iter()
            .any(|c| !c["errors"].as_array().unwrap().is_empty())
    );
    assert!(
        cases
            .iter()
            .any(|c| !c["warnings"].as_array().unwrap().is_empty())
    );
}
