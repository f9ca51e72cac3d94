//! Nothing is ever lost: a build never touches the sources, whatever links say; it
//! publishes the whole new site or nothing, even when killed or run twice at once;
//! and it never reads or publishes a file from outside the site.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Site, fiche, snapshot};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fiches"))
}

/// A site of `n` factual fiches sharing a few tags.
fn corpus(n: usize) -> Site {
    let files: Vec<(String, String)> = (1..=n)
        .map(|i| {
            (
                format!("content/f{i:03}.md"),
                fiche(
                    &format!("Fiche {i}"),
                    &format!("2024-01-{:02}", i % 28 + 1),
                    "factual",
                    &format!("tags = [\"t{}\", \"commun\"]", i % 7),
                    &"Un paragraphe de texte. ".repeat(40),
                ),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    Site::new(&refs)
}

/// Every file of an output but its marker (which records the sources' dates).
fn site_files(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut s = snapshot(out);
    s.retain(|(p, _)| p != fiches::output::MARKER);
    s
}

/// The site built by the library into a fresh folder: what any build must leave.
fn built(s: &Site) -> Vec<(String, Vec<u8>)> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let r = fiches::build(
        s.path(),
        &fiches::BuildOptions {
            output: Some(out.clone()),
            ..Default::default()
        },
    );
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    site_files(&out)
}

/// The names in `dir` that a build left beside its output.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".fiches-new") || n.contains(".fiches-old"))
        .collect()
}

#[test]
fn an_output_that_is_the_site_through_a_link_is_refused() {
    let s = corpus(2);
    let tmp = tempfile::tempdir().unwrap();
    let link = tmp.path().join("out");
    std::os::unix::fs::symlink(s.path(), &link).unwrap();
    let before = snapshot(s.path());
    let r = fiches::build(
        s.path(),
        &fiches::BuildOptions {
            output: Some(link.clone()),
            force: true,
            replace_output: true,
            ..Default::default()
        },
    );
    assert!(r.has_errors() && r.built.is_none());
    assert_eq!(snapshot(s.path()), before, "the sources are untouched");

    // The site reached through a linked parent, the output its real parent.
    let real = tmp.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let site = real.join("site");
    std::fs::rename(s.path(), &site).unwrap();
    let via = tmp.path().join("via");
    std::os::unix::fs::symlink(&real, &via).unwrap();
    let r = fiches::build(
        &via.join("site"),
        &fiches::BuildOptions {
            output: Some(real.clone()),
            force: true,
            replace_output: true,
            ..Default::default()
        },
    );
    assert!(r.has_errors() && r.built.is_none());
    assert_eq!(snapshot(&site), before);
    std::fs::rename(&site, s.path()).unwrap();
}

#[test]
fn links_leaving_the_site_are_neither_read_nor_published() {
    let s = corpus(1);
    let secret_dir = tempfile::tempdir().unwrap();
    let secret = secret_dir.path().join("secret.txt");
    std::fs::write(&secret, "mot de passe du coffre\n").unwrap();
    s.write(
        "content/b/index.md",
        fiche("B", "2024-01-01", "factual", "", "[notes](notes.txt)").as_bytes(),
    );
    std::os::unix::fs::symlink(&secret, s.path().join("content/b/notes.txt")).unwrap();
    std::os::unix::fs::symlink(&secret, s.path().join("content/hote.md")).unwrap();
    // A link that stays inside the site is fine.
    s.write("static/logo.txt", b"logo");
    std::os::unix::fs::symlink(&secret, s.path().join("static/secret.txt")).unwrap();
    std::os::unix::fs::symlink(
        s.path().join("static/logo.txt"),
        s.path().join("content/b/logo.txt"),
    )
    .unwrap();
    let r = s.build();
    assert!(r.built.is_none(), "the site is not written");
    let named: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.location())
        .collect();
    for link in [
        "content/b/notes.txt",
        "content/hote.md",
        "static/secret.txt",
    ] {
        assert!(
            named.iter().any(|n| n.starts_with(link)),
            "{link} is named: {named:?}"
        );
    }
    assert!(!named.iter().any(|n| n.contains("logo")), "{named:?}");
    for d in &r.diagnostics {
        let shown = format!("{} {:?} {:?}", d.message, d.hint, d.source_line());
        assert!(
            !shown.contains("coffre"),
            "the secret is not shown: {shown}"
        );
    }
    assert!(!s.out().exists());
}

#[test]
fn two_builds_at_once_both_finish_and_leave_the_whole_site() {
    let s = corpus(60);
    for round in 0..3 {
        // Each round changes a source, so neither build finds nothing to do.
        s.write(
            "content/f001.md",
            fiche(
                "Fiche 1",
                "2024-01-02",
                "factual",
                "",
                &format!("Tour {round}."),
            )
            .as_bytes(),
        );
        let expected = built(&s);
        let spawn = || {
            bin()
                .arg("build")
                .arg(s.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        };
        let (mut a, mut b) = (spawn(), spawn());
        assert!(a.wait().unwrap().success());
        assert!(b.wait().unwrap().success());
        assert_eq!(site_files(&s.out()), expected, "round {round}");
        assert!(leftovers(s.path()).is_empty());
    }
}

#[test]
fn a_build_killed_at_any_point_leaves_the_old_or_the_new_site() {
    let s = corpus(120);
    let first = "content/f001.md";
    let last = "content/f120.md";
    let a = std::fs::read(s.path().join(first)).unwrap();
    let gone = std::fs::read(s.path().join(last)).unwrap();
    let b = fiche("Un autre titre", "2024-02-01", "factual", "", "Autre.").into_bytes();
    // Version A has every fiche; version B renames the first and removes the last.
    let set = |version_b: bool| {
        if version_b {
            s.write(first, &b);
            std::fs::remove_file(s.path().join(last)).ok();
        } else {
            s.write(first, &a);
            s.write(last, &gone);
        }
    };
    let expected = |version_b: bool| {
        set(version_b);
        built(&s)
    };
    let (site_a, site_b) = (expected(false), expected(true));
    assert_ne!(site_a, site_b);

    set(false);
    let start = Instant::now();
    assert!(bin().arg("build").arg(s.path()).status().unwrap().success());
    let full = start.elapsed().max(Duration::from_millis(50));
    let mut current = site_files(&s.out());
    assert_eq!(current, site_a);

    // A small generator, seeded from the clock: each run kills at other points.
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..12 {
        let to_b = current == site_a;
        set(to_b);
        let mut child = bin()
            .arg("build")
            .arg(s.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Mostly late in the build, where the output is written.
        let wait = full.as_micros() as u64 * (40 + next() % 80) / 100;
        std::thread::sleep(Duration::from_micros(wait));
        let _ = child.kill();
        let _ = child.wait();
        let now = site_files(&s.out());
        let new = if to_b { &site_b } else { &site_a };
        assert!(
            now == current || now == *new,
            "round {round}: killed after {wait} µs, the output is neither the old site nor the new one"
        );
        current = now;
    }
    // The next build clears what killed builds left beside the output, and brings the
    // staging tree they left half updated to the whole new site.
    let to_b = current == site_a;
    set(to_b);
    assert!(bin().arg("build").arg(s.path()).status().unwrap().success());
    assert!(leftovers(s.path()).is_empty(), "{:?}", leftovers(s.path()));
    assert!(site_files(&s.out()) == if to_b { site_b } else { site_a });
}
