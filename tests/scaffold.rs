//! `fiches init` and `fiches new`, through the real binary in temp folders.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn fiches(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn no_errors(site: &Path) {
    let r = fiches::check(site);
    let errors: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn init_gives_a_site_that_builds_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let out = fiches(&["init", "mon-site"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let site = tmp.path().join("mon-site");
    for f in ["fiches.toml", ".gitignore", "content", "static"] {
        assert!(site.join(f).exists(), "{f}");
    }
    assert_eq!(
        std::fs::read_to_string(site.join(".gitignore")).unwrap(),
        "public/\n.public.fiches-*\n.fiches-cache/\n"
    );
    let toml = std::fs::read_to_string(site.join("fiches.toml")).unwrap();
    for key in [
        "title",
        "description",
        "base_url",
        "language",
        "theme",
        "feed_limit",
        "unsafe_html",
        "[variants.",
        "[taxonomies.",
    ] {
        assert!(toml.contains(key), "fiches.toml explains {key}");
    }
    let r = fiches::check(&site);
    let messages: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    // Only a note that sharing needs the site's address, said once, in plain words.
    assert!(
        r.diagnostics.iter().all(|d| d.is_note()),
        "a new site checks clean: {messages:?}"
    );
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("Partager"), "{messages:?}");
    // The setting it shows commented reads as it is once its # is removed.
    let on = toml.replace("# feed_limit = 20", "feed_limit = 20");
    assert_ne!(on, toml);
    std::fs::write(site.join("fiches.toml"), &on).unwrap();
    no_errors(&site);
    std::fs::write(site.join("fiches.toml"), &toml).unwrap();
    let out = fiches(&["build", "mon-site"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("warning") && !stderr(&out).contains("avertissement"),
        "a new site builds without a warning: {}",
        stderr(&out)
    );
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    // Nothing published reads as an instruction to the site's authors.
    for page in [
        "public/index.html",
        "public/fiches/le-cafe-des-parents/index.html",
        "public/fiches/comptoir-des-projets/index.html",
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        for instruction in [
            "Exemple de",
            "modifiez",
            "supprimez",
            "Votre territoire",
            "Votre structure",
        ] {
            assert!(
                !html.contains(instruction),
                "{page} publishes {instruction:?}"
            );
        }
    }
    assert!(home.contains("Fiche factuelle") && home.contains("Récit d’expérience"));
    assert!(
        site.join("public/fiches/le-cafe-des-parents/index.html")
            .exists()
    );
}

#[test]
fn init_refuses_a_site_or_files_it_would_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(fiches(&["init", "s"], tmp.path()).status.code(), Some(0));
    let toml = std::fs::read_to_string(tmp.path().join("s/fiches.toml")).unwrap();
    let again = fiches(&["init", "s"], tmp.path());
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("contient déjà un site"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("s/fiches.toml")).unwrap(),
        toml
    );

    std::fs::create_dir_all(tmp.path().join("t/content")).unwrap();
    std::fs::write(tmp.path().join("t/content/comptoir-des-projets.md"), "mine").unwrap();
    let out = fiches(&["init", "t"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("content/comptoir-des-projets.md"));
    assert!(
        !tmp.path().join("t/fiches.toml").exists(),
        "nothing written"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("t/content/comptoir-des-projets.md")).unwrap(),
        "mine"
    );
}

#[test]
fn new_creates_a_draft_scaffold_of_each_variant_that_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    fiches(&["init", "s"], tmp.path());
    let site = tmp.path().join("s");
    for (title, variant, file) in [
        (
            "L'été où tout a changé",
            "storytelling",
            "content/l-ete-ou-tout-a-change.md",
        ),
        (
            "Un café-débat à Genève",
            "factual",
            "content/un-cafe-debat-a-geneve.md",
        ),
    ] {
        let out = fiches(
            &["new", title, "--variant", variant, "--site", "s"],
            tmp.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stderr(&out).contains("fiches serve"));
        let text = std::fs::read_to_string(site.join(file)).unwrap();
        assert!(text.contains("draft = true"));
        assert!(text.contains(&format!("variant = \"{variant}\"")));
        assert!(text.contains(&format!("title = \"{title}\"")));
        let today = fiches::lang::Date::from_unix_days(
            (std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs()
                / 86_400) as i64,
        );
        assert!(text.contains(&format!("date = {}", today.iso())));
    }
    let story = std::fs::read_to_string(site.join("content/l-ete-ou-tout-a-change.md")).unwrap();
    assert!(
        story.contains("## Le récit")
            && story.contains("# [[testimonies]]")
            && !story.contains("budget")
    );
    let factual = std::fs::read_to_string(site.join("content/un-cafe-debat-a-geneve.md")).unwrap();
    for key in [
        "# period",
        "# audience",
        "# partners",
        "# budget",
        "# contact",
        "## Contexte",
        "## Résultats",
    ] {
        assert!(factual.contains(key), "{key}");
    }
    assert!(!factual.contains("testimonies"));
    // A fiche may name the event it came from; an event is told how to come.
    assert!(factual.contains("de l'agenda : l'adresse courte de sa page (le nom de son fichier sans « .md »).\n# event = \"\"\n"));
    let out = fiches(
        &[
            "new",
            "Soirée de rentrée",
            "--variant",
            "événement",
            "--site",
            "s",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let event = std::fs::read_to_string(site.join("content/soiree-de-rentree.md")).unwrap();
    assert!(event.contains("variant = \"event\"") && !event.contains("# event ="));
    assert!(
        event.contains("# Début : ")
            && event.contains("# Lieu : ")
            && event.contains("# Récurrence : ")
    );
    no_errors(&site);
}

#[test]
fn new_bundle_and_refusal_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    fiches(&["init", "s"], tmp.path());
    let out = fiches(
        &[
            "new",
            "Le Jardin",
            "--variant",
            "storytelling",
            "--site",
            "s",
            "--bundle",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let path = tmp.path().join("s/content/le-jardin/index.md");
    assert!(path.exists());
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("# image = ")
    );
    std::fs::write(&path, "mon texte").unwrap();
    for args in [vec!["--bundle"], vec![]] {
        let mut a = vec!["new", "Le jardin", "--variant", "factual", "--site", "s"];
        a.extend(args);
        let out = fiches(&a, tmp.path());
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("n'est pas remplacée"));
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mon texte");
}

#[test]
fn new_with_an_unknown_variant_lists_the_valid_ones() {
    let tmp = tempfile::tempdir().unwrap();
    fiches(&["init", "s"], tmp.path());
    let out = fiches(
        &["new", "X", "--variant", "roman", "--site", "s"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("factuelle (Fiche factuelle)") && err.contains("récit (Récit d’expérience)"),
        "{err}"
    );
}

#[test]
fn declared_variants_get_scaffolds_from_their_fields_and_sections() {
    let tmp = tempfile::tempdir().unwrap();
    fiches(&["init", "s"], tmp.path());
    let site = tmp.path().join("s");
    let mut toml = std::fs::read_to_string(site.join("fiches.toml")).unwrap();
    toml.push_str("\n[variants.job]\nlabel = \"Fiche métier\"\nrequired_fields = [\"organization\", \"contact\"]\nrequired_sections = [\"Missions\", \"Compétences\"]\nrecommended_sections = [\"Parcours\"]\n");
    std::fs::write(site.join("fiches.toml"), toml).unwrap();
    let out = fiches(
        &[
            "new",
            "Animatrice de réseau",
            "--variant",
            "job",
            "--site",
            "s",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(site.join("content/animatrice-de-reseau.md")).unwrap();
    assert!(text.contains("\norganization = \"À compléter\""), "{text}");
    assert!(text.contains("\ncontact = \"À compléter\""), "{text}");
    assert!(!text.contains("# budget"));
    for s in ["## Missions", "## Compétences", "## Parcours"] {
        assert!(text.contains(s));
    }
    no_errors(&site);
}

#[test]
fn an_english_site_has_no_french_left() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(
        fiches(&["init", "s", "--language", "en"], tmp.path())
            .status
            .code(),
        Some(0)
    );
    let site = tmp.path().join("s");
    let out = fiches(
        &["new", "Summer camp", "--variant", "factual", "--site", "s"],
        tmp.path(),
    );
    assert!(stderr(&out).contains("Sheet created"));
    let text = std::fs::read_to_string(site.join("content/summer-camp.md")).unwrap();
    assert!(text.contains("## Context") && text.contains("# The title"));
    let out = fiches(&["build", "s", "--drafts"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let french = [
        "Toutes les fiches",
        "Mots-clés",
        "Thèmes",
        "Publiée",
        "Fiche factuelle",
        "Récit",
        "Aller au contenu",
        "Navigation principale",
        "En bref",
        "Structure porteuse",
        "janvier",
        " mai ",
        "Lien vers",
        "Page introuvable",
    ];
    for (rel, bytes) in common::snapshot(&site.join("public")) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert!(html.contains("<html lang=\"en\">"));
        for w in french {
            assert!(!html.contains(w), "{rel} still says {w}");
        }
    }
}

#[test]
fn a_new_fiche_published_unfinished_is_an_error_at_each_placeholder() {
    let tmp = tempfile::tempdir().unwrap();
    fiches(&["init", "s"], tmp.path());
    let site = tmp.path().join("s");
    // French names of the variants are accepted.
    for (title, variant) in [
        ("Le récit", "récit"),
        ("Le recit 2", "recit"),
        ("Les faits", "factuelle"),
    ] {
        let out = fiches(
            &["new", title, "--variant", variant, "--site", "s"],
            tmp.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{variant}: {}", stderr(&out));
    }
    let path = site.join("content/les-faits.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("variant = \"factual\""));
    // As a draft, the scaffold is fine.
    no_errors(&site);
    std::fs::write(&path, text.replace("draft = true", "draft = false")).unwrap();
    let r = fiches::check(&site);
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
    let text = std::fs::read_to_string(&path).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let at = |needle: &str| {
        errors.iter().any(|d| {
            d.file.as_deref() == Some(std::path::Path::new("content/les-faits.md"))
                && d.line == line_of(needle)
        })
    };
    assert!(at("summary = \"À compléter"), "{errors:#?}");
    assert!(at("authors = [\"Prénom Nom\"]"), "{errors:#?}");
    assert!(at("<!-- Dans quelle situation"), "{errors:#?}");
    assert!(errors.iter().all(|d| {
        d.hint
            .as_deref()
            .is_some_and(|h| h.contains("draft = true"))
    }));
    // The other drafts stay drafts: only the published one is reported.
    assert!(
        errors
            .iter()
            .all(|d| d.file.as_deref() == Some(std::path::Path::new("content/les-faits.md")))
    );
}
