//! `serve` updates the site in memory after an edit instead of rebuilding it; the
//! result must be exactly what a full build of the edited files gives.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{Site, fiche};
use fiches::project::incremental::Update;
use fiches::project::{Options, Project};
use fiches::sources::Sources;

fn site() -> Site {
    let mut files: Vec<(String, String)> = vec![(
        "fiches.toml".into(),
        "title = \"R\"\nbase_url = \"https://exemple.org/\"\npaginate = 2\n".into(),
    )];
    let tags = ["accueil", "jeunesse", "quartier", "logement"];
    for i in 1..=9 {
        let extra = format!(
            "tags = [\"{}\", \"{}\"]\nthemes = [\"Thème {}\"]\nterritory = \"Ville {}\"",
            tags[i % 4],
            tags[(i + 1) % 4],
            i % 3,
            i % 2
        );
        let day = if i % 3 == 0 { 5 } else { i };
        files.push((
            format!("content/f{i}.md"),
            fiche(
                &format!("Fiche {i}"),
                &format!("2024-02-{day:02}"),
                "factual",
                &extra,
                &format!("Corps {i}. [Voisine](f{}.md)", i % 9 + 1),
            ),
        ));
    }
    Site::owned(&files)
}

fn pages(p: &Project) -> BTreeMap<String, Vec<u8>> {
    p.generated
        .pages
        .iter()
        .map(|pg| (pg.path.clone(), pg.bytes.clone()))
        .collect()
}

fn build(s: &Site) -> Project {
    Project::assemble(Sources::read(s.path()), &Options::default())
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics))
}

/// What `serve` does after a save: reads the saved files and updates the project.
fn update(live: &mut Project, s: &Site, paths: &[PathBuf]) -> Update {
    let files: Vec<(PathBuf, Vec<u8>)> = paths
        .iter()
        .map(|p| {
            (
                p.clone(),
                std::fs::read(s.path().join(p)).unwrap_or_default(),
            )
        })
        .collect();
    live.update_fiches(&files)
}

/// Applies `edit` to f`n`.md, updates in place, and compares with a full build.
fn same_as_full_build(n: usize, edit: impl Fn(String) -> String) {
    let s = site();
    let mut live = build(&s);
    let rel = PathBuf::from(format!("content/f{n}.md"));
    let text = std::fs::read_to_string(s.path().join(&rel)).unwrap();
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit changes the file");
    std::fs::write(s.path().join(&rel), edited).unwrap();
    match update(&mut live, &s, &[rel]) {
        Update::Pages(changed) => assert!(!changed.is_empty()),
        Update::Failed(d) => panic!("{d:?}"),
        Update::NeedsFull => panic!("an edit of an existing fiche is applied in place"),
    }
    live.refresh_whole_site();
    let fresh = build(&s);
    let (a, b) = (pages(&live), pages(&fresh));
    let only_live: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_fresh: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_live.is_empty() && only_fresh.is_empty(),
        "pages differ: {only_live:?} / {only_fresh:?}"
    );
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs from a full build");
    }
    assert_eq!(live.warnings(), fresh.warnings());
}

#[test]
fn body_edit() {
    same_as_full_build(4, |t| {
        t.replace("Corps 4.", "Corps 4, réécrit avec **soin**.")
    });
}

#[test]
fn title_edit_moves_the_fiche_among_same_date_fiches() {
    same_as_full_build(3, |t| {
        t.replace("title = \"Fiche 3\"", "title = \"Zébulon\"")
    });
}

#[test]
fn summary_edit_reaches_lists_and_related() {
    same_as_full_build(5, |t| {
        t.replace(
            "summary = \"Résumé de Fiche 5.\"",
            "summary = \"Un autre résumé.\"",
        )
    });
}

#[test]
fn date_edit_moves_across_pages() {
    same_as_full_build(1, |t| t.replace("date = 2024-02-01", "date = 2024-03-30"));
}

#[test]
fn tag_edit_creates_and_removes_terms() {
    same_as_full_build(2, |t| {
        t.replace(
            "tags = [\"quartier\", \"logement\"]",
            "tags = [\"nouveauté\"]",
        )
    });
}

#[test]
fn territory_and_theme_edit() {
    same_as_full_build(6, |t| {
        t.replace("territory = \"Ville 0\"", "territory = \"Lyon\"")
            .replace("Thème 0", "Thème 7")
    });
}

#[test]
fn a_broken_edit_changes_nothing() {
    let s = site();
    let mut live = build(&s);
    let before = pages(&live);
    std::fs::write(s.path().join("content/f1.md"), "+++\ntitle = 1\n+++\n").unwrap();
    assert!(matches!(
        update(&mut live, &s, &[PathBuf::from("content/f1.md")]),
        Update::Failed(_)
    ));
    assert_eq!(before, pages(&live));
}

#[test]
fn new_address_or_new_file_asks_for_a_full_rebuild() {
    let s = site();
    let mut live = build(&s);
    let rel = PathBuf::from("content/f1.md");
    let text = std::fs::read_to_string(s.path().join(&rel)).unwrap();
    std::fs::write(
        s.path().join(&rel),
        text.replacen("title =", "slug = \"ailleurs\"\ntitle =", 1),
    )
    .unwrap();
    assert!(matches!(
        update(&mut live, &s, std::slice::from_ref(&rel)),
        Update::NeedsFull
    ));
    s.write(
        "content/nouvelle.md",
        fiche("N", "2024-01-01", "factual", "", "").as_bytes(),
    );
    assert!(matches!(
        update(&mut live, &s, &[PathBuf::from("content/nouvelle.md")]),
        Update::NeedsFull
    ));
}

#[test]
fn a_term_outside_a_closed_list_fails_as_in_a_full_build() {
    let s = site();
    let toml = std::fs::read_to_string(s.path().join("fiches.toml")).unwrap();
    std::fs::write(
        s.path().join("fiches.toml"),
        format!("{toml}\n[taxonomies.themes]\nterms = [\"Thème 0\", \"Thème 1\", \"Thème 2\"]\n"),
    )
    .unwrap();
    let mut live = build(&s);
    let rel = PathBuf::from("content/f4.md");
    let text = std::fs::read_to_string(s.path().join(&rel)).unwrap();
    std::fs::write(
        s.path().join(&rel),
        text.replace("Thème 1", "Thème interdit"),
    )
    .unwrap();
    match update(&mut live, &s, &[rel]) {
        Update::Failed(d) => assert!(
            d[0].message.contains("n'est pas dans la liste du site"),
            "{d:?}"
        ),
        _ => panic!("a closed list is enforced in place too"),
    }
    let full = Project::assemble(Sources::read(s.path()), &Options::default());
    assert!(full.is_err());
}

#[test]
fn a_term_shown_with_a_new_spelling_rebuilds_everything() {
    let s = site();
    // "accueil" is written by f3, f4, f7 and f8; when f4 and f8 switch to "Accueil",
    // the tie goes to "Accueil", now the spelling shown on every page with the tag.
    let mut live = build(&s);
    for n in [4, 8] {
        let rel = format!("content/f{n}.md");
        let text = std::fs::read_to_string(s.path().join(&rel)).unwrap();
        std::fs::write(
            s.path().join(&rel),
            text.replace("\"accueil\"", "\"Accueil\""),
        )
        .unwrap();
    }
    let paths = vec![
        PathBuf::from("content/f4.md"),
        PathBuf::from("content/f8.md"),
    ];
    let before = pages(&live);
    assert!(matches!(update(&mut live, &s, &paths), Update::NeedsFull));
    assert_eq!(
        before,
        pages(&live),
        "the project is left whole for the full rebuild"
    );
    // A new spelling that does not change the one shown is applied in place, and
    // still matches a full build.
    let mut live = build(&s);
    let rel = PathBuf::from("content/f3.md");
    let text = std::fs::read_to_string(s.path().join(&rel)).unwrap();
    std::fs::write(
        s.path().join(&rel),
        text.replace("\"accueil\"", "\"ACCUEIL\""),
    )
    .unwrap();
    assert!(matches!(
        update(&mut live, &s, std::slice::from_ref(&rel)),
        Update::Pages(_)
    ));
    live.refresh_whole_site();
    assert_eq!(pages(&live), pages(&build(&s)));
    assert_eq!(live.warnings(), build(&s).warnings());
}

#[test]
fn the_warnings_of_an_edited_fiche_are_its_new_ones() {
    let s = site();
    let mut live = build(&s);
    let rel = PathBuf::from("content/f5.md");
    let text = std::fs::read_to_string(s.path().join(&rel)).unwrap();
    let long = "Une phrase bien trop longue pour un résumé. ".repeat(10);
    std::fs::write(
        s.path().join(&rel),
        text.replace("Résumé de Fiche 5.", &long),
    )
    .unwrap();
    assert!(matches!(
        update(&mut live, &s, std::slice::from_ref(&rel)),
        Update::Pages(_)
    ));
    let fresh = build(&s);
    assert_eq!(live.warnings(), fresh.warnings());
    assert!(
        live.warnings()
            .iter()
            .any(|d| d.file.as_ref() == Some(&rel) && d.message.contains("résumé"))
    );
    std::fs::write(s.path().join(&rel), text).unwrap();
    assert!(matches!(
        update(&mut live, &s, std::slice::from_ref(&rel)),
        Update::Pages(_)
    ));
    assert!(
        !live
            .warnings()
            .iter()
            .any(|d| d.file.as_ref() == Some(&rel) && d.message.contains("résumé"))
    );
}

#[test]
fn featuring_a_fiche_far_down_the_list_reaches_the_home_page() {
    // Fiche 1 is the oldest: on the last page of the home list, first once featured.
    same_as_full_build(1, |t| {
        t.replace("authors = [", "featured = true\nauthors = [")
    });
}

#[test]
fn a_featured_fiche_edited_far_down_the_list_is_updated_on_the_home_page() {
    let s = site();
    let rel = "content/f1.md";
    let text = std::fs::read_to_string(s.path().join(rel)).unwrap();
    std::fs::write(
        s.path().join(rel),
        text.replace("authors = [", "featured = true\nauthors = ["),
    )
    .unwrap();
    let mut live = build(&s);
    let text = std::fs::read_to_string(s.path().join(rel)).unwrap();
    std::fs::write(s.path().join(rel), text.replace("Fiche 1\"", "Fiche une\"")).unwrap();
    assert!(matches!(
        update(&mut live, &s, &[PathBuf::from(rel)]),
        Update::Pages(_)
    ));
    let fresh = build(&s);
    assert_eq!(pages(&live)["index.html"], pages(&fresh)["index.html"]);
    assert!(String::from_utf8_lossy(&pages(&live)["index.html"]).contains("Fiche une"));
}

/// An edit of a fiche's text.
type Edit = fn(String) -> String;

/// Issue 28, item 10: an update is all or nothing. A page of the edit that fails to
/// render (here a site's template that fails on a word) leaves the project as it
/// was: its pages, and the outputs made of every fiche rendered after, which used to
/// show the rejected edit. For each depth of edit: the body, what lists show, terms.
#[test]
fn an_edit_whose_pages_fail_to_render_leaves_everything_as_it_was() {
    let edits: [(&str, Edit); 4] = [
        ("body", |t| t.replace("Corps 4.", "Corps 4. BOUM")),
        ("title", |t| t.replace("Fiche 4", "BOUM 4")),
        ("date", |t| {
            t.replace("2024-02-04", "2023-01-01")
                .replace("Corps 4.", "Corps 4. BOUM")
        }),
        ("tags", |t| {
            t.replace("tags = [\"accueil\"", "tags = [\"BOUM\", \"accueil\"")
        }),
    ];
    for (what, edit) in edits {
        let s = site();
        s.write(
            "templates/factual.html",
            b"{% extends \"fiche.html\" %}{% block main %}{% if \"BOUM\" in content or \"BOUM\" in fiche.title or \"BOUM\" in fiche.tags|join(\",\") %}{{ no_such_function() }}{% endif %}{{ super() }}{% endblock %}",
        );
        let mut live = build(&s);
        let rel = PathBuf::from("content/f4.md");
        let text = std::fs::read_to_string(s.path().join(&rel)).unwrap();
        let edited = edit(text.clone());
        assert_ne!(edited, text, "{what}");
        std::fs::write(s.path().join(&rel), &edited).unwrap();
        let before = pages(&live);
        let warnings = live.warnings();
        let order: Vec<String> = live.site.fiches.iter().map(|f| f.slug.clone()).collect();
        let failed = update(&mut live, &s, &[rel]);
        assert!(matches!(failed, Update::Failed(_)), "{what}");
        same_pages(&before, &pages(&live), what);
        live.refresh_whole_site();
        for out in ["atom.xml", "fiches.json", "sitemap.xml"] {
            assert!(
                before.get(out) == live.page(out).map(|p| &p.bytes),
                "{what}: {out} shows the rejected edit"
            );
        }
        same_pages(&before, &pages(&live), what);
        assert_eq!(warnings, live.warnings(), "{what}");
        let now: Vec<String> = live.site.fiches.iter().map(|f| f.slug.clone()).collect();
        assert_eq!(order, now, "{what}");
        let f4 = live.site.fiches.iter().find(|f| f.slug == "f4").unwrap();
        assert!(!f4.html.contains("BOUM"), "{what}");
        // And the next good edit is applied as if the broken one never was.
        std::fs::write(
            s.path().join("content/f4.md"),
            text.replace("Corps 4.", "Corps revu."),
        )
        .unwrap();
        let good = update(&mut live, &s, &[PathBuf::from("content/f4.md")]);
        assert!(matches!(good, Update::Pages(_)), "{what}");
        live.refresh_whole_site();
        let fresh = build(&s);
        same_pages(&pages(&live), &pages(&fresh), what);
    }
}

/// An edit of a fiche's terms made the site anew without its audio and video files
/// and its photos' sizes: the pages rendered then lost their players.
#[test]
fn a_term_edit_keeps_the_players_and_photo_sizes() {
    let radio = |tags: &str| {
        fiche(
            "Radio",
            "2024-06-01",
            "factual",
            &format!("tags = [{tags}]"),
            "## Contexte\n\n![Entretien](entretien.wav)\n\n![Une vue](vue.png)\n",
        )
    };
    let s = Site::new(&[
        ("content/radio/index.md", &radio("\"accueil\"")),
        (
            "content/deux.md",
            &fiche(
                "Deux",
                "2023-01-01",
                "factual",
                "tags = [\"accueil\"]",
                "Texte.",
            ),
        ),
    ]);
    let data: u32 = 800;
    let mut wav = b"RIFF".to_vec();
    wav.extend((36 + data).to_le_bytes());
    wav.extend(b"WAVEfmt ");
    wav.extend(16u32.to_le_bytes());
    wav.extend([1, 0, 1, 0]);
    wav.extend(8000u32.to_le_bytes());
    wav.extend(8000u32.to_le_bytes());
    wav.extend([1, 0, 8, 0]);
    wav.extend(b"data");
    wav.extend(data.to_le_bytes());
    wav.resize(wav.len() + data as usize, 128);
    s.write("content/radio/entretien.wav", &wav);
    s.write("content/radio/vue.png", &common::png(40, 30));
    let mut live = build(&s);
    let rel = PathBuf::from("content/radio/index.md");
    s.write(
        "content/radio/index.md",
        radio("\"accueil\", \"radio\"").as_bytes(),
    );
    assert!(matches!(update(&mut live, &s, &[rel]), Update::Pages(_)));
    live.refresh_whole_site();
    let fresh = build(&s);
    let page = "fiches/radio/index.html";
    let html = String::from_utf8_lossy(&pages(&live)[page]).into_owned();
    assert!(html.contains("<audio"), "{html}");
    same_pages(&pages(&live), &pages(&fresh), "tags");
}

/// Fails naming the first page that differs, rather than printing every byte.
fn same_pages(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let paths = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(a), paths(b), "{what}");
    for (path, bytes) in a {
        assert!(bytes == &b[path], "{what}: {path} differs");
    }
}

#[test]
fn an_edit_gets_the_checks_of_a_full_build_of_its_fiche() {
    // What `fiches new` leaves to replace is an error of the full build: an edit that
    // leaves it in fails in place too, instead of waiting for the next full build.
    let s = site();
    let mut live = build(&s);
    let before = pages(&live);
    let rel = PathBuf::from("content/f2.md");
    let text = std::fs::read_to_string(s.path().join(&rel)).unwrap();
    std::fs::write(
        s.path().join(&rel),
        text.replace("Résumé de Fiche 2.", "À compléter"),
    )
    .unwrap();
    let full = Project::assemble(Sources::read(s.path()), &Options::default());
    let Err(full) = full else {
        panic!("the full build refuses the placeholder");
    };
    match update(&mut live, &s, std::slice::from_ref(&rel)) {
        Update::Failed(d) => {
            let of_the_fiche: Vec<_> = (full.diagnostics.into_iter())
                .filter(|d| d.file.as_ref() == Some(&rel))
                .collect();
            assert_eq!(d, of_the_fiche);
            assert!(
                d.iter()
                    .any(|d| d.is_error() && d.message.contains("À compléter"))
            );
        }
        _ => panic!("the placeholder is refused in place too"),
    }
    assert_eq!(before, pages(&live));
}
