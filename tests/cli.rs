//! The real binary: exit codes, where it writes, what it prints.

mod common;

use std::process::Command;

use common::{Site, fiche};

fn fiches(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn ok_site() -> Site {
    Site::new(&[(
        "content/a.md",
        &fiche(
            "A",
            "2020-01-01",
            "factual",
            "",
            "## Contexte\n## Objectifs\n## Actions menées\n## Résultats",
        ),
    )])
}

#[test]
fn build_succeeds_with_exit_0_and_says_where() {
    let s = ok_site();
    let out = fiches(&["build", s.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Site construit : 1 fiche,"), "{err}");
    assert!(s.exists("fiches/a/index.html"));
}

#[test]
fn build_defaults_to_the_current_folder() {
    let s = ok_site();
    let out = Command::new(env!("CARGO_BIN_EXE_fiches"))
        .arg("build")
        .current_dir(s.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(s.exists("index.html"));
}

#[test]
fn output_folder_and_drafts_flags() {
    let s = ok_site();
    s.write(
        "content/b.md",
        fiche("B", "2020-01-01", "factual", "draft = true", "").as_bytes(),
    );
    let target = s.path().join("ailleurs");
    let out = fiches(&[
        "build",
        s.path().to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
        "--drafts",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(target.join("fiches/b/index.html").exists());
    assert!(!s.exists("index.html"));
}

#[test]
fn errors_exit_1_with_file_line_and_hint() {
    let s = ok_site();
    s.write("content/b.md", b"+++\ntitle = \"B\"\ntagz = 1\n+++\n");
    let out = fiches(&["build", s.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("erreur: champ inconnu `tagz` dans la fiche"),
        "{err}"
    );
    assert!(err.contains("--> content/b.md:3:1"), "{err}");
    assert!(err.contains("vouliez-vous dire `tags` ?"), "{err}");
    assert!(err.contains("erreurs"), "{err}");
    assert!(err.contains("la version précédente est intacte"), "{err}");
    assert!(!s.exists("index.html"));
}

#[test]
fn a_folder_that_is_not_a_site_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let out = fiches(&["build", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fiches init"));
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(fiches(&["build", "--nope"]).status.code(), Some(2));
    assert_eq!(fiches(&["publier"]).status.code(), Some(2));
    assert_eq!(fiches(&[]).status.code(), Some(2));
}
