//! The example site's audio interview, share links, badges and photos checked in a
//! real browser (`tests/browser/voices.mjs`): the player plays and its transcript
//! opens from the keyboard, "Copier le lien" and the badge buttons copy, the photo's
//! copy fits the screen, axe finds nothing, light and dark. `FICHES_SHOTS=DIR` also
//! writes screenshots at 1280 and 360 px there.

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn audio_share_badges_and_photos_work_in_a_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !common::browser_ready("voices browser checks", false) {
        return;
    }
    let (_tmp, out) = common::build_example();
    let mut cmd = Command::new("node");
    cmd.arg(root.join("tests/browser/voices.mjs"))
        .arg(&out)
        .arg("reseau")
        .arg("fiches/radio-du-marche/");
    if let Some(dir) = std::env::var_os("FICHES_SHOTS") {
        cmd.arg(dir);
    }
    let result = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("voices checks passed"), "{stdout}");
}
