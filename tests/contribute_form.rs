//! The contribution form ("Proposer une fiche") filled in a real browser (headless
//! Chromium through playwright-core): see `tests/browser/contribute.mjs`. The fiches
//! it downloads are put in the site's `content/`, and `fiches check` must find no
//! error in them; built with the drafts, each gets its page.
//! Needs what `tests/browser.rs` needs (`npm ci --prefix tests/browser`, Chromium);
//! where it is missing the test says so and stops, unless `FICHES_BROWSER_TESTS=1`
//! demands it (CI sets it).

mod common;

use std::path::Path;
use std::process::Command;

use common::{Site, browser_ready, fiche};

const CONFIG: &str = r#"title = "Réseau test"
base_url = "https://exemple.org/reseau/"
contribute_email = "redaction@exemple.org"
repository = "https://github.com/reseau/fiches"

[fields.competences]
label = "Compétences mobilisées"
type = "choices"
help = "Les savoir-faire que l'action a demandés."
values = ["Médiation", "Animation", "Accompagnement"]

[fields.financement]
label = "Financement"
type = "choice"
values = ["Public", "Privé", "Mixte"]

[fields.site_web]
label = "Site web"
type = "url"

[fields.participants]
label = "Participants"
type = "number"

[variants.job]
label = "Fiche métier"
fields = ["contact", "competences", "financement", "site_web", "participants"]
required_fields = ["competences"]
required_sections = ["Missions"]

[taxonomies.themes]
terms = ["Participation des habitants", "Travail en réseau"]
"#;

fn errors(report: &fiches::Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {} ({:?})", d.location(), d.message, d.hint))
        .collect()
}

#[test]
fn fiches_written_with_the_form_pass_the_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !browser_ready("contribution form checks", false) {
        return;
    }
    let site = Site::new(&[
        ("fiches.toml", CONFIG),
        (
            "content/comptoir.md",
            &fiche(
                "Un comptoir des projets",
                "2024-03-14",
                "factual",
                "tags = [\"quartier\", \"réseautage\"]\nthemes = [\"Travail en réseau\"]\nterritory = \"Chambéry\"",
                "## Contexte\n\nDu café.",
            ),
        ),
        (
            "content/jardin.md",
            &fiche(
                "Un jardin",
                "2023-06-10",
                "storytelling",
                "tags = [\"quartier\", \"jardin\"]\nthemes = [\"Participation des habitants\"]",
                "## Le récit\n\nDes graines.",
            ),
        ),
    ]);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let downloads = tmp.path().join("downloads");
    let report = fiches::build(
        site.path(),
        &fiches::BuildOptions {
            output: Some(out.clone()),
            ..Default::default()
        },
    );
    assert!(report.built.is_some(), "{:?}", errors(&report));

    let result = Command::new("node")
        .arg(root.join("tests/browser/contribute.mjs"))
        .arg(&out)
        .arg("reseau")
        .arg(&downloads)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("contribute checks passed"), "{stdout}");

    // The downloaded fiches, as an editor would put them in the site.
    let mut written = Vec::new();
    for entry in std::fs::read_dir(&downloads).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\ndraft = true\n"), "{name} is not a draft");
        site.write(&format!("content/{name}"), text.as_bytes());
        written.push(name);
    }
    written.sort();
    assert_eq!(written.len(), 4, "one fiche per variant: {written:?}");

    let check = fiches::check(site.path());
    assert!(
        errors(&check).is_empty(),
        "fiches check finds errors in what the form wrote: {:#?}",
        errors(&check)
    );

    let report = site.build_with(fiches::BuildOptions {
        drafts: true,
        ..Default::default()
    });
    assert!(report.built.is_some(), "{:?}", errors(&report));
    for name in &written {
        let slug = name.trim_end_matches(".md");
        assert!(
            site.exists(&format!("fiches/{slug}/index.html")),
            "no page for {name}"
        );
    }
    let job = site.read("fiches/mediatrice-de-quartier-un-metier-de-liens/index.html");
    assert!(job.contains("Compétences mobilisées"), "{job}");
}

/// The English form says an event's end before its start in English, at the end's
/// field and in the summary, from the disk at 360 px (`tests/browser/contribute_en.mjs`).
#[test]
fn the_english_form_says_an_event_ends_after_it_starts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !browser_ready("English contribution form checks", false) {
        return;
    }
    let site = Site::new(&[
        (
            "fiches.toml",
            "title = \"Test network\"\nlanguage = \"en\"\n",
        ),
        (
            "content/garden.md",
            &fiche(
                "A garden",
                "2023-06-10",
                "factual",
                "",
                "## Context\n\nSeeds.",
            ),
        ),
    ]);
    site.build_ok();
    let result = Command::new("node")
        .arg(root.join("tests/browser/contribute_en.mjs"))
        .arg(site.out())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("english contribute checks passed"),
        "{stdout}"
    );
}
