//! The files a build keeps beside its output for the next one (the state,
//! `.public.fiches-state`; the search records, `.public.fiches-search`; their `.tmp`
//! while they are written) met as a clumsy or hostile user leaves them: a folder or
//! a link in their place, another site's. Whatever is there, a build after an edit
//! writes what `--force` writes, never writes through a link, never panics.

mod common;

use common::{Site, fiche, snapshot};

const KEPT: [&str; 4] = [
    ".public.fiches-state",
    ".public.fiches-search",
    ".public.fiches-state.tmp",
    ".public.fiches-search.tmp",
];

fn site(words: &str) -> Site {
    let files: Vec<(String, String)> = (0..4)
        .map(|i| {
            let body = format!("Corps {i} : {words}.\n\n## Contexte\n\nÀ propos.");
            let text = fiche(
                &format!("Fiche {i}"),
                &format!("2024-03-0{}", i + 1),
                "factual",
                "tags = [\"accueil\"]",
                &body,
            );
            (format!("content/f{i}.md"), text)
        })
        .collect();
    Site::owned(&files)
}

/// Builds `s` into its output, then with `--force` elsewhere: both succeed and write
/// the same files, byte for byte.
fn same_as_full(s: &Site) -> fiches::Report {
    let full = tempfile::tempdir().unwrap();
    let full = full.path().join("full");
    let r = s.build_ok();
    let f = fiches::build(
        s.path(),
        &fiches::BuildOptions {
            output: Some(full.clone()),
            force: true,
            ..Default::default()
        },
    );
    assert!(f.built.is_some(), "{:?}", f.diagnostics);
    let (a, b) = (snapshot(&s.out()), snapshot(&full));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    for ((p, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{p} differs");
    }
    r
}

fn edit(s: &Site, i: usize, words: &str) {
    let rel = format!("content/f{i}.md");
    let text = std::fs::read_to_string(s.path().join(&rel)).unwrap();
    s.rewrite(&rel, format!("{text}\n{words}\n").as_bytes());
}

#[test]
fn a_folder_in_place_of_a_kept_file_still_gives_the_full_output() {
    for name in KEPT {
        let s = site("jardin");
        s.build_ok();
        let path = s.path().join(name);
        let _ = std::fs::remove_file(&path);
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("garde.txt"), "à moi").unwrap();
        for k in 0..3 {
            edit(&s, k, &format!("potager {k}"));
            let r = same_as_full(&s);
            let said = r.diagnostics.iter().any(|d| {
                !d.is_error() && d.file.as_deref() == Some(path.as_path()) && d.hint.is_some()
            });
            assert!(
                said,
                "{name}: the file not kept is said, with a hint: {:?}",
                r.diagnostics
            );
        }
        assert_eq!(
            std::fs::read_to_string(path.join("garde.txt")).unwrap(),
            "à moi",
            "{name}: what a user put there is left alone"
        );
    }
}

#[test]
fn a_link_in_place_of_a_kept_file_is_never_written_through() {
    for name in KEPT.into_iter().chain([".public.fiches-hashes.tmp"]) {
        let s = site("jardin");
        s.build_ok();
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("precieux.txt");
        std::fs::write(&target, "ne pas toucher").unwrap();
        let path = s.path().join(name);
        let _ = std::fs::remove_file(&path);
        std::os::unix::fs::symlink(&target, &path).unwrap();
        for k in 0..3 {
            edit(&s, k, &format!("potager {k}"));
            same_as_full(&s);
            assert_eq!(
                std::fs::read_to_string(&target).unwrap(),
                "ne pas toucher",
                "{name}: a build wrote through the link"
            );
        }
        // A link to nowhere.
        let _ = std::fs::remove_file(&path);
        std::os::unix::fs::symlink(elsewhere.path().join("absent"), &path).unwrap();
        edit(&s, 3, "encore");
        same_as_full(&s);
        assert!(!elsewhere.path().join("absent").exists(), "{name}");
    }
}

/// Another site's state and records, of the same `fiches.toml` (so of the same key),
/// put beside this site's output under the name of its tree, as a copy of a whole
/// folder could leave them: the build still writes what `--force` writes.
#[test]
fn another_sites_kept_files_named_for_this_tree_give_the_full_output() {
    let a = site("jardin partagé");
    let b = site("cuisine ouverte");
    a.build_ok();
    a.build_ok();
    b.build_ok();
    b.build_ok();
    let ino = |s: &Site| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(s.out()).unwrap().ino()
    };
    for name in &KEPT[..2] {
        let bytes = std::fs::read(a.path().join(name)).unwrap();
        let line = bytes.iter().position(|&c| c == b'\n').unwrap();
        let header = format!("fiches-state-tree {}", ino(&b));
        let foreign = [header.as_bytes(), &bytes[line..]].concat();
        std::fs::write(b.path().join(name), foreign).unwrap();
    }
    edit(&b, 1, "salade");
    same_as_full(&b);
    edit(&b, 2, "radis");
    same_as_full(&b);
}

/// Two builds of the same site at once, each after its own edit: both succeed and
/// what is published is what `--force` writes of the last sources.
#[test]
fn two_builds_at_once_publish_a_whole_site() {
    let s = site("jardin");
    s.build_ok();
    s.build_ok();
    for round in 0..3 {
        edit(&s, round, &format!("tour {round}"));
        std::thread::scope(|scope| {
            let one = scope.spawn(|| fiches::build(s.path(), &fiches::BuildOptions::default()));
            let two = scope.spawn(|| fiches::build(s.path(), &fiches::BuildOptions::default()));
            for r in [one.join().unwrap(), two.join().unwrap()] {
                assert!(r.built.is_some(), "{:?}", r.diagnostics);
            }
        });
        same_as_full(&s);
    }
}

/// `fiches::build` of `s` in a thread, awaited at most two minutes: a build blocked
/// for ever (a pipe opened for reading waits for a writer) fails the test instead of
/// hanging it.
fn build_or_blocked(s: &Site) -> fiches::Report {
    let (tx, rx) = std::sync::mpsc::channel();
    let dir = s.path().to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(fiches::build(&dir, &fiches::BuildOptions::default()));
    });
    rx.recv_timeout(std::time::Duration::from_secs(120))
        .expect("the build blocked")
}

fn mkfifo(path: &std::path::Path) {
    let _ = std::fs::remove_file(path);
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}

/// A pipe where fiches keeps a file beside the output (or as the lock, or as a
/// partner's file) never blocks the build: it is no file, and the site is what
/// `--force` writes. As `fiches.toml`, it is an error that says so.
#[test]
fn a_pipe_at_a_kept_name_never_blocks_the_build() {
    for name in [
        KEPT[0],
        KEPT[1],
        ".public.fiches-hashes",
        ".public.fiches-lock",
    ] {
        let s = site("jardin");
        s.build_ok();
        mkfifo(&s.path().join(name));
        edit(&s, 1, "potager");
        let r = build_or_blocked(&s);
        assert!(r.built.is_some(), "{name}: {:?}", r.diagnostics);
        same_as_full(&s);
    }
    let s = site("jardin");
    s.write(
        "fiches.toml",
        b"title = \"R\"\nbase_url = \"https://exemple.org/\"\n[[sources]]\nname = \"Alpin\"\nurl = \"alpin.json\"\n",
    );
    mkfifo(&s.path().join("alpin.json"));
    let r = build_or_blocked(&s);
    assert!(r.built.is_some(), "{:?}", r.diagnostics);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.message.contains("« Alpin »"))
    );
    mkfifo(&s.path().join("fiches.toml"));
    let r = build_or_blocked(&s);
    let said = r
        .diagnostics
        .iter()
        .any(|d| d.is_error() && d.message.contains("fiches.toml") && d.hint.is_some());
    assert!(r.built.is_none() && said, "{:?}", r.diagnostics);
}
