//! The feeds readers poll: `atom.xml` keeps the newest fiches only (`feed_limit`,
//! 20 unless set, 0 for all), `podcast.xml` every episode.

mod common;

use common::{Site, fiche};

/// `n` fiches, one a day from 2024-01-01 (fiche-01 the oldest), each with a sound.
fn site(n: usize, setting: &str) -> Site {
    let s = Site::new(&[(
        "fiches.toml",
        &format!("title = \"R\"\nbase_url = \"https://exemple.org/\"\n{setting}\n"),
    )]);
    for i in 1..=n {
        let date = format!("2024-01-{i:02}");
        let text = fiche(
            &format!("Fiche {i}"),
            &date,
            "factual",
            "",
            "![Son](son.wav)",
        );
        s.write(&format!("content/fiche-{i:02}/index.md"), text.as_bytes());
        s.write(
            &format!("content/fiche-{i:02}/son.wav"),
            b"RIFF\0\0\0\0WAVE",
        );
        s.write(&format!("content/fiche-{i:02}/son.txt"), b"Bonjour.");
    }
    s
}

/// The slugs of the Atom feed's entries, in order, and its `<updated>`.
fn atom(s: &Site) -> (Vec<String>, String) {
    let xml = s.read("atom.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let feed = doc.root_element();
    let updated = feed
        .children()
        .find(|n| n.has_tag_name("updated"))
        .and_then(|n| n.text())
        .unwrap()
        .to_string();
    let ids = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            let id = e.children().find(|n| n.has_tag_name("id")).unwrap();
            let id = id.text().unwrap();
            id.trim_start_matches("https://exemple.org/fiches/")
                .trim_end_matches('/')
                .to_string()
        })
        .collect();
    (ids, updated)
}

fn episodes(s: &Site) -> usize {
    let xml = s.read("podcast.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants().filter(|n| n.has_tag_name("item")).count()
}

fn newest(n: usize, of: usize) -> Vec<String> {
    (of + 1 - n..=of)
        .rev()
        .map(|i| format!("fiche-{i:02}"))
        .collect()
}

#[test]
fn the_atom_feed_keeps_the_twenty_newest_fiches_by_default() {
    let s = site(25, "");
    s.build_ok();
    let (ids, updated) = atom(&s);
    assert_eq!(ids, newest(20, 25));
    assert_eq!(updated, "2024-01-25T00:00:00Z");
    assert_eq!(episodes(&s), 25, "the podcast keeps every episode");
}

#[test]
fn feed_limit_sets_how_many_and_zero_keeps_all() {
    let s = site(5, "feed_limit = 2");
    s.build_ok();
    assert_eq!(atom(&s).0, newest(2, 5));
    assert_eq!(episodes(&s), 5);

    let s = site(25, "feed_limit = 0");
    s.build_ok();
    assert_eq!(atom(&s).0, newest(25, 25));

    // More than the site has: all of them.
    let s = site(3, "feed_limit = 10");
    s.build_ok();
    assert_eq!(atom(&s).0, newest(3, 3));
}

#[test]
fn a_negative_feed_limit_is_an_error_at_its_place() {
    let s = site(1, "feed_limit = -1");
    let r = fiches::check(s.path());
    let d = r.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(d.location(), "fiches.toml:3:14");
    assert_eq!(
        d.message,
        "`feed_limit` est le nombre de fiches du flux atom.xml : 0 ou plus"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("par exemple : feed_limit = 20 (0 : toutes les fiches)")
    );
}
