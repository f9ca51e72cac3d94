//! Nothing is ever lost: a build never touches the sources, whatever links say; it
//! publishes the whole new site or nothing, even when killed or run twice at once;
//! and it never reads or publishes a file from outside the site.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

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
    Site::owned(&files)
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

/// The points of publishing where a build is killed (`FICHES_TEST_STOP_AT`, debug
/// builds), in the order a build reaches them, and whether the new site is the
/// output by then.
const KILL_POINTS: [(&str, bool); 9] = [
    ("publish:leftover", false),
    ("publish:opened", false),
    ("publish:placing", false),
    ("publish:carried", false),
    ("publish:pruning", false),
    ("publish:recorded", false),
    ("publish:flushed", false),
    ("publish:swapped", true),
    ("publish:kept", true),
];

#[test]
fn a_build_killed_at_each_step_leaves_the_old_or_the_new_site() {
    use std::os::unix::process::ExitStatusExt;
    let s = corpus(40);
    let (first, last) = ("content/f001.md", "content/f040.md");
    let a = std::fs::read(s.path().join(first)).unwrap();
    let gone = std::fs::read(s.path().join(last)).unwrap();
    // Version A has every fiche; B and C rename the first and remove the last, so
    // that a build of C over the tree of A (kept after B's build) has pages to
    // remove as well as to write.
    let set = |version: char| match version {
        'A' => {
            s.rewrite(first, &a);
            s.write(last, &gone);
        }
        v => {
            let title = format!("Version {v}");
            s.rewrite(
                first,
                fiche(&title, "2024-02-01", "factual", "", "Autre.").as_bytes(),
            );
            std::fs::remove_file(s.path().join(last)).ok();
        }
    };
    let expected = |version: char| {
        set(version);
        built(&s)
    };
    let (site_b, site_c) = (expected('B'), expected('C'));
    assert_ne!(site_b, site_c);
    let build = |stop_at: Option<&str>| {
        let mut cmd = bin();
        cmd.arg("build")
            .arg(s.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(point) = stop_at {
            cmd.env("FICHES_TEST_STOP_AT", point);
        }
        cmd.status().unwrap()
    };
    for (point, published) in KILL_POINTS {
        // The output is B, the kept tree A.
        for version in ['A', 'B'] {
            set(version);
            assert!(build(None).success(), "{point}: build of {version}");
        }
        assert_eq!(site_files(&s.out()), site_b, "{point}");
        set('C');
        if point == "publish:leftover" {
            // What a build killed while deleting it left: part of a tree.
            s.write(
                ".public.fiches-new-4294967295-0/fiches/f002/index.html",
                b"moitie",
            );
        }
        let killed = build(Some(point));
        assert_eq!(killed.signal(), Some(6), "{point} is reached: {killed:?}");
        let now = site_files(&s.out());
        let want = if published { &site_c } else { &site_b };
        assert!(
            now == *want,
            "killed at {point}, the output is not the {} site whole",
            if published { "new" } else { "old" }
        );
        // The next build clears what the killed one left beside the output and
        // publishes the whole new site.
        assert!(build(None).success(), "after {point}");
        assert_eq!(site_files(&s.out()), site_c, "after {point}");
        assert!(
            leftovers(s.path()).is_empty(),
            "after {point}: {:?}",
            leftovers(s.path())
        );
    }
}
