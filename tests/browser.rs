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
    common::passes(
        Command::new("node")
            .arg(root.join("tests/browser/check.mjs"))
            .arg(&out)
            .arg("reseau")
            .env("SEARCH_SPEC", spec),
        "browser checks passed",
        "",
    );
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
    common::passes(
        Command::new("node")
            .arg(root.join("tests/browser/pages.mjs"))
            .arg(&out),
        "page checks passed",
        "",
    );
}

/// A new site, as `fiches init` writes it in French and in English, reads as well as the
/// example (`tests/browser/pages.mjs`): its example fiches' table fits a phone's screen.
#[test]
fn a_new_site_reads_well_from_the_disk_on_screen_and_on_paper() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !common::browser_ready("page checks", false) {
        return;
    }
    for lang in [fiches::Lang::Fr, fiches::Lang::En] {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        fiches::init(&site, lang).unwrap();
        let report = fiches::build(&site, &fiches::BuildOptions::default());
        assert!(report.built.is_some(), "{:?}", report.diagnostics);
        common::passes(
            Command::new("node")
                .arg(root.join("tests/browser/pages.mjs"))
                .arg(site.join("public"))
                .env("PUBLIC_BASE", ""),
            "page checks passed",
            &format!("{lang:?}: "),
        );
    }
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
    common::passes(
        Command::new("node")
            .arg(root.join("tests/browser/agenda.mjs"))
            .arg(&out),
        "agenda checks passed",
        "",
    );
}

/// The search's « Événements » filter at 360 px, from the disk
/// (`tests/browser/agenda_search.mjs`): under a set clock, `?when=upcoming` (where the
/// agenda leads past its hundred dates) and `?when=past` list the events the reader's
/// clock says, and nothing else.
#[test]
fn the_search_tells_upcoming_from_past_events_by_the_readers_clock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !common::browser_ready("agenda search checks", false) {
        return;
    }
    let (_tmp, out) = common::build_example();
    common::passes(
        Command::new("node")
            .arg(root.join("tests/browser/agenda_search.mjs"))
            .arg(&out),
        "agenda search checks passed",
        "",
    );
}

/// The names of the map's overseas insets read at 360 and 1280 px: each shown once,
/// at least 11 px high, inside the map, none over another
/// (`tests/browser/map_insets.mjs`), five insets beside a few départements.
#[test]
fn the_maps_inset_names_read_on_a_phone_and_a_wide_screen() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !common::browser_ready("map inset checks", false) {
        return;
    }
    let places = [
        "Haute-Savoie",
        "Savoie",
        "Rhône",
        "Guadeloupe",
        "Martinique",
        "Guyane",
        "La Réunion",
        "Mayotte",
    ];
    let fiches: Vec<(String, String)> = (places.iter().enumerate())
        .map(|(i, t)| {
            let front = format!("territory = \"{t}\"");
            let text = common::fiche(
                &format!("Fiche {i}"),
                "2024-01-01",
                "factual",
                &front,
                "Texte.",
            );
            (format!("content/f{i}.md"), text)
        })
        .collect();
    let mut files = vec![("fiches.toml", "title = \"Réseau\"\nlanguage = \"fr\"\n")];
    files.extend(fiches.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let site = common::Site::new(&files);
    site.build_ok();
    common::passes(
        Command::new("node")
            .arg(root.join("tests/browser/map_insets.mjs"))
            .arg(site.out().join("carte/index.html"))
            .arg("5"),
        "map inset checks passed",
        "",
    );
}

/// A search finds the site's fiches and its partner's together, each with its
/// source, and filters by source (`tests/browser/partners.mjs`): the example's
/// partner read from the disk, then served over HTTP by a server on 127.0.0.1;
/// each built site searched over HTTP and from the disk.
#[test]
fn one_search_finds_local_and_partner_fiches_with_their_source() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !common::browser_ready("partner search checks", false) {
        return;
    }
    let (_tmp, from_disk) = common::build_example();
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&root.join("content-example"), &site);
    let config = std::fs::read_to_string(site.join("fiches.toml")).unwrap();
    let url = serve_file(root.join("exemple-partenaire/fiches.json"));
    let config = config.replace("../exemple-partenaire/fiches.json", &url);
    assert!(
        config.contains(&url),
        "the example names its partner's file"
    );
    std::fs::write(site.join("fiches.toml"), config).unwrap();
    let over_http = tmp.path().join("public");
    let report = fiches::build(
        &site,
        &fiches::BuildOptions {
            output: Some(over_http.clone()),
            ..Default::default()
        },
    );
    assert!(report.built.is_some(), "{:?}", report.diagnostics);
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.message.contains("partenaire")),
        "{:?}",
        report.diagnostics
    );
    for out in [&from_disk, &over_http] {
        let result = Command::new("node")
            .arg(root.join("tests/browser/partners.mjs"))
            .arg(out)
            .args([
                "café",
                "Alpes Solidaires",
                "https://exemple.org/alpes-solidaires/",
            ])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&result.stdout);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(result.status.success(), "{stdout}\n{stderr}");
        assert!(stdout.contains("partner search checks passed"), "{stdout}");
    }
}

/// A server on 127.0.0.1 answering every request with the file at `path`, for as
/// long as the test runs; its address.
fn serve_file(path: std::path::PathBuf) -> String {
    use std::io::{BufRead, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let body = std::fs::read(path).unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            // The request's head, up to its empty line.
            let mut reader = std::io::BufReader::new(&stream);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    format!("http://127.0.0.1:{port}/fiches.json")
}
