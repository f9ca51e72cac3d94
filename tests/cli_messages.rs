//! The real binary's messages (issue 25, items 9–12): what a mistyped command gets
//! back, one language per run, French typography, repeated warnings grouped.

mod common;

use std::process::{Command, Output};

use common::{Site, fiche};

/// The binary run in `dir` with `LANG` set to `locale` (the other locale variables unset).
fn run(args: &[&str], locale: &str, dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", locale)
        .output()
        .unwrap()
}

fn fiches(args: &[&str], locale: &str) -> Output {
    run(args, locale, &std::env::temp_dir())
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

#[test]
fn an_option_without_its_value_is_named_with_an_example() {
    let out = fiches(&["build", "-o"], "fr_FR.UTF-8");
    assert_eq!(out.status.code(), Some(2));
    let e = text(&out);
    assert!(e.contains("il manque la valeur de --output"), "{e}");
    assert!(e.contains("-o public"), "{e}");
    assert!(
        !e.contains("ne convient pas") && !e.contains("--port"),
        "{e}"
    );
    let e = text(&fiches(&["build", "-o"], "en_US.UTF-8"));
    assert!(e.contains("--output <OUTPUT> needs a value"), "{e}");
    assert!(!e.contains("--port"), "{e}");
    // A value that does not fit an option other than --port: no word of --port either.
    let e = text(&fiches(&["check", "--format", "joli"], "fr_FR.UTF-8"));
    assert!(
        e.contains("«\u{a0}joli\u{a0}»") && !e.contains("--port"),
        "{e}"
    );
}

#[test]
fn help_is_a_word_people_write() {
    let out = fiches(&["help"], "fr_FR.UTF-8");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let h = text(&out);
    assert!(h.contains("Utilisation") && h.contains("build"), "{h}");
    assert!(!h.contains("n'est pas une commande"), "{h}");
    let out = fiches(&["help", "build"], "en_US.UTF-8");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out).contains("Include drafts"), "{}", text(&out));
}

#[test]
fn init_on_a_site_suggests_a_folder_that_is_free() {
    let tmp = tempfile::tempdir().unwrap();
    for name in ["mon-site", "mon-site-2"] {
        std::fs::create_dir(tmp.path().join(name)).unwrap();
        std::fs::write(tmp.path().join(name).join("fiches.toml"), "title = \"T\"\n").unwrap();
    }
    let out = run(&["init", "mon-site"], "fr_FR.UTF-8", tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out);
    assert!(e.contains("fiches init mon-site-3"), "{e}");
    assert!(!e.contains("fiches init mon-site\n"), "{e}");
    let out = run(&["init", "mon-site-2"], "fr_FR.UTF-8", tmp.path());
    assert!(
        text(&out).contains("fiches init mon-site-3"),
        "{}",
        text(&out)
    );
    // The suggestion is free: init there works.
    let out = run(&["init", "mon-site-3"], "fr_FR.UTF-8", tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn a_mistyped_variant_gets_the_close_name_in_the_site_s_language() {
    let s = Site::new(&[]);
    let site = s.path().to_str().unwrap();
    let out = fiches(
        &["new", "Titre", "--variant", "recti", "--site", site],
        "fr_FR",
    );
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out);
    assert!(e.contains("vouliez-vous dire «\u{a0}récit\u{a0}»"), "{e}");
    assert!(e.contains("factuelle (Fiche factuelle)"), "{e}");
    assert!(e.contains("récit (Récit d’expérience)"), "{e}");
    let en = Site::new(&[("fiches.toml", "title = \"T\"\nlanguage = \"en\"\n")]);
    let site = en.path().to_str().unwrap();
    let e = text(&fiches(
        &["new", "T", "--variant", "factal", "--site", site],
        "fr_FR",
    ));
    assert!(e.contains("did you mean \"factual\"?"), "{e}");
    assert!(!e.contains("factuelle"), "{e}");
    // Nothing close: the list only.
    let s = Site::new(&[("content/a.md", &fiche("A", "2020-01-01", "factual", "", ""))]);
    let site = s.path().to_str().unwrap();
    let e = text(&fiches(
        &["new", "T", "--variant", "zzz", "--site", site],
        "fr_FR",
    ));
    assert!(
        !e.contains("vouliez-vous dire") && e.contains("factuelle"),
        "{e}"
    );
}

#[test]
fn build_groups_a_warning_repeated_in_many_fiches_and_check_lists_them_all() {
    let files: Vec<(String, String)> = (0..12)
        .map(|i| {
            let f = fiche(&format!("F{i}"), "2020-01-01", "factual", "", "## Contexte");
            (format!("content/f{i:02}.md"), f)
        })
        .collect();
    let s = Site::owned(&files);
    let site = s.path().to_str().unwrap();
    let e = text(&fiches(&["build", site], "fr_FR"));
    let blocks = e.matches("parties conseillées absentes").count();
    assert_eq!(blocks, 1, "{e}");
    assert!(e.contains("12 fiches ont le même avertissement"), "{e}");
    assert!(
        e.contains("content/f00.md, content/f01.md, content/f02.md et 9 autres"),
        "{e}"
    );
    assert!(
        e.contains(&format!("`fiches check {site}` les liste toutes")),
        "{e}"
    );
    assert!(e.contains("12 avertissements dans 12 fichiers"), "{e}");
    let e = text(&fiches(&["check", site], "fr_FR"));
    assert_eq!(e.matches("parties conseillées absentes").count(), 12, "{e}");
    // Three alike are still told one by one.
    for i in 3..12 {
        std::fs::remove_file(s.path().join(format!("content/f{i:02}.md"))).unwrap();
    }
    let e = text(&fiches(&["build", site, "--force"], "en_US"));
    assert_eq!(e.matches("parties conseillées absentes").count(), 3, "{e}");
    assert!(!e.contains("same warning"), "{e}");
}
