//! Every published file has an address of its own: two sources of one address (an
//! author's file and a photo's reduced copy, a file of `static/fiches/SLUG/` and one
//! of that fiche's folder) are an error naming both, from `check` and from `build`,
//! before anything is written. A file of `static/` replacing a theme's file is not a
//! clash: that is how a site changes its theme.

mod common;

use std::path::Path;

use common::{Site, fiche, png};

fn errors(r: &fiches::Report) -> Vec<String> {
    let mut e: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect();
    e.sort();
    e
}

fn garden() -> Site {
    let s = Site::new(&[(
        "content/jardin/index.md",
        &fiche(
            "Le jardin",
            "2024-05-01",
            "factual",
            "",
            "![Le jardin](jardin.png)\n\n![Plan](jardin-480w.png)\n",
        ),
    )]);
    // jardin.png is 1000 px wide: its 480 px copy is published as jardin-480w.png.
    s.write("content/jardin/jardin.png", &png(1000, 500));
    s.write("content/jardin/jardin-480w.png", &png(300, 300));
    s.write("content/jardin/plan.pdf", b"%PDF-1.4 fiche");
    s.write("static/fiches/jardin/plan.pdf", b"%PDF-1.4 static");
    s
}

#[test]
fn two_sources_of_one_address_are_an_error_naming_both() {
    let s = garden();
    let expected = [
        "content/jardin/jardin.png: deux fichiers seraient publiés à la même adresse `fiches/jardin/jardin-480w.png` : content/jardin/jardin-480w.png et la copie de 480 px de content/jardin/jardin.png ; l'un remplacerait l'autre",
        "static/fiches/jardin/plan.pdf: deux fichiers seraient publiés à la même adresse `fiches/jardin/plan.pdf` : content/jardin/plan.pdf et static/fiches/jardin/plan.pdf ; l'un remplacerait l'autre",
    ];
    assert_eq!(errors(&fiches::check(s.path())), expected);
    let r = s.build();
    assert!(r.built.is_none());
    assert_eq!(errors(&r), expected);
    assert!(!s.out().exists(), "nothing is written");
}

#[test]
fn a_file_of_static_replaces_the_theme_s_file() {
    let s = Site::new(&[(
        "content/a.md",
        &fiche("A", "2024-01-01", "factual", "", "Texte."),
    )]);
    s.write("static/style.css", b"body { color: teal }");
    s.build_ok();
    assert_eq!(s.read("style.css"), "body { color: teal }");
}

#[test]
fn pages_are_written_where_the_plan_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example");
    let sources = fiches::sources::Sources::read(&root);
    let opts = fiches::project::Options {
        drafts: true,
        ..Default::default()
    };
    let p = fiches::project::Project::assemble(sources, &opts).unwrap();
    let planned: Vec<String> = fiches::paths::all_jobs(&p.site)
        .iter()
        .map(|j| j.file(&p.site))
        .collect();
    let written: Vec<&str> = p.generated.pages.iter().map(|p| p.path.as_str()).collect();
    assert!(planned.len() > 50);
    assert_eq!(planned, written);
}

#[test]
fn addresses_that_differ_only_by_case_or_accent_encoding_are_one_address() {
    // On Windows and macOS (and in a zip opened there) these are one file each.
    let s = Site::new(&[(
        "content/cafe.md",
        &fiche("Le café", "2024-05-01", "factual", "", "Texte."),
    )]);
    s.write("static/Logo.png", b"");
    s.write("static/logo.png", b"");
    s.write("static/caf\u{e9}.txt", b"NFC");
    s.write("static/cafe\u{301}.txt", b"NFD");
    s.write("static/Fiches/cafe/index.html", b"<p>x</p>");
    let expected = [
        "static/Fiches/cafe/index.html: `fiches/cafe/index.html` et `Fiches/cafe/index.html` ne diffèrent que par les majuscules ou l'écriture des accents : sur Windows et macOS, c'est une seule adresse, et l'un remplacerait l'autre (la page `fiches/cafe/index.html`, que fiches produit ; static/Fiches/cafe/index.html)",
        "static/caf\u{e9}.txt: `cafe\u{301}.txt` et `caf\u{e9}.txt` ne diffèrent que par les majuscules ou l'écriture des accents : sur Windows et macOS, c'est une seule adresse, et l'un remplacerait l'autre (static/cafe\u{301}.txt ; static/caf\u{e9}.txt)",
        "static/logo.png: `Logo.png` et `logo.png` ne diffèrent que par les majuscules ou l'écriture des accents : sur Windows et macOS, c'est une seule adresse, et l'un remplacerait l'autre (static/Logo.png ; static/logo.png)",
    ];
    assert_eq!(errors(&fiches::check(s.path())), expected);
    let r = s.build();
    assert!(r.built.is_none());
    assert_eq!(errors(&r), expected);
}
