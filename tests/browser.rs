//! The built example site checked in a real browser (headless Chromium through
//! playwright-core, axe-core, the Nu HTML checker): see `tests/browser/check.mjs`.
//! Needs `npm ci --prefix tests/browser`, Chromium and Java, which `.ci/run`
//! installs. Where they are missing the test says so and stops, unless
//! `FICHES_BROWSER_TESTS=1` demands it (CI sets it).

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn example_site_passes_the_browser_checks_under_a_sub_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !common::browser_ready("browser checks", true) {
        return;
    }
    let (_tmp, out) = common::build_example();
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

/// How the example site's pages read (`tests/browser/pages.mjs`): browsable from the
/// disk, clear space around the content, no image twice, a fiche printed on 1–2 pages.
#[test]
fn example_site_pages_read_well_from_the_disk_on_screen_and_on_paper() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !common::browser_ready("page checks", false) {
        return;
    }
    let (_tmp, out) = common::build_example();
    let result = Command::new("node")
        .arg(root.join("tests/browser/pages.mjs"))
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("page checks passed"), "{stdout}");
}

/// The agenda page at 360 px, from the disk (`tests/browser/agenda.mjs`): dates that
/// passed since the build move to the past under a set clock, the theme filter shows
/// its dates and counts them, nothing is wider than the screen.
#[test]
fn the_agenda_moves_passed_dates_and_filters_at_360_px() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !common::browser_ready("agenda checks", false) {
        return;
    }
    let (_tmp, out) = common::build_example();
    let result = Command::new("node")
        .arg(root.join("tests/browser/agenda.mjs"))
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("agenda checks passed"), "{stdout}");
}
