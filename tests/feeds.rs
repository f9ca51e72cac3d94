//! The feeds and files other programs read: `atom.xml` keeps the newest fiches only
//! (`feed_limit`, 20 unless set, 0 for all), `podcast.xml` every episode, the
//! sitemap is cut into files past 50,000 addresses, `fiches.json` is streamed.

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
    // Pages announce it for what it is.
    assert!(s.read("index.html").contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Les dernières fiches (flux Atom)\""
    ));
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

/// The `<loc>` of each `<url>` (or `<sitemap>` of an index) of a sitemap file.
fn locs(xml: &str, tag: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    root.children()
        .filter(|n| n.has_tag_name(tag))
        .map(|n| {
            let loc = n.children().find(|c| c.has_tag_name("loc")).unwrap();
            loc.text().unwrap().to_string()
        })
        .collect()
}

#[test]
fn a_sitemap_past_its_limit_becomes_an_index_of_files() {
    let mut files = Vec::new();
    for i in 1..=7 {
        let text = fiche(
            &format!("Fiche {i}"),
            &format!("2024-01-{i:02}"),
            "factual",
            "tags = [\"t\"]",
            "Texte.",
        );
        files.push((
            std::path::PathBuf::from(format!("content/f{i}.md")),
            text.into_bytes(),
        ));
    }
    let sources = fiches::sources::Sources::in_memory(
        "title = \"R\"\nbase_url = \"https://exemple.org/r/\"\n",
        files,
    );
    let p = fiches::project::Project::assemble(sources, &Default::default()).unwrap();
    let whole = fiches::render::sitemap_files(&p.site, &p.theme, 1000).unwrap();
    assert_eq!(whole.len(), 1);
    assert_eq!(whole[0].path, "sitemap.xml");
    let all = locs(std::str::from_utf8(&whole[0].bytes).unwrap(), "url");
    assert!(all.len() > 10, "{all:?}");
    // What a build writes: the same file.
    assert_eq!(
        p.page("sitemap.xml").map(|p| &p.bytes),
        Some(&whole[0].bytes)
    );
    assert!(p.page("sitemap-1.xml").is_none());

    let cut = fiches::render::sitemap_files(&p.site, &p.theme, 3).unwrap();
    let parts = all.len().div_ceil(3);
    assert_eq!(cut.len(), 1 + parts);
    assert_eq!(cut[0].path, "sitemap.xml");
    let index = locs(std::str::from_utf8(&cut[0].bytes).unwrap(), "sitemap");
    let expected: Vec<String> = (1..=parts)
        .map(|n| format!("https://exemple.org/r/sitemap-{n}.xml"))
        .collect();
    assert_eq!(index, expected);
    let mut again = Vec::new();
    for (n, page) in cut[1..].iter().enumerate() {
        assert_eq!(page.path, format!("sitemap-{}.xml", n + 1));
        let urls = locs(std::str::from_utf8(&page.bytes).unwrap(), "url");
        assert!(!urls.is_empty() && urls.len() <= 3, "{urls:?}");
        again.extend(urls);
    }
    assert_eq!(again, all, "every address once, in order");
    // robots.txt points at sitemap.xml either way.
    let robots = String::from_utf8(p.page("robots.txt").unwrap().bytes.clone()).unwrap();
    assert!(robots.ends_with("Sitemap: https://exemple.org/r/sitemap.xml\n"));
}

/// `fiches.json` is printed fiche by fiche, in parallel batches: the file is still one
/// document laid out as serde_json prints it whole (keys sorted, two spaces a level),
/// its fiches in reading order, with or without fiches, and whatever their text holds.
#[test]
fn fiches_json_is_one_pretty_document_whatever_the_batches() {
    let pretty = |bytes: &[u8]| {
        let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        serde_json::to_string_pretty(&value).unwrap()
    };
    let empty = Site::new(&[(
        "fiches.toml",
        "title = \"R\"\nbase_url = \"https://exemple.org/\"\n",
    )]);
    empty.build_ok();
    let bytes = std::fs::read(empty.out().join("fiches.json")).unwrap();
    assert_eq!(String::from_utf8(bytes.clone()).unwrap(), pretty(&bytes));
    assert!(
        String::from_utf8(bytes)
            .unwrap()
            .contains("\"fiches\": [],")
    );

    let s = site(2, "");
    // Past several batches, titles of every kind of character, a testimony.
    let odd = [
        "«\u{a0}Été\u{a0}»",
        "ﬁ 😀 𝐛",
        "עברית",
        "\\\"q\\\"",
        "a\\u2028b",
    ];
    for i in 0..300 {
        let title = format!("{} {i}", odd[i % odd.len()]);
        let extra = "collective = \"Voisins\"\n[[testimonies]]\nconsent = true\nname = \"Léa\"\nquote = \"Oui.\"";
        let text = fiche(
            &title,
            "2023-05-01",
            "storytelling",
            extra,
            "Texte\u{a0}: *oui*.\n\n> cité",
        );
        s.write(&format!("content/f{i:03}.md"), text.as_bytes());
    }
    s.build_ok();
    let bytes = std::fs::read(s.out().join("fiches.json")).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(text, pretty(&bytes), "laid out as one document");
    let data: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let fiches = data["fiches"].as_array().unwrap();
    assert_eq!(fiches.len(), 302);
    let p = fiches::project::Project::assemble(
        fiches::sources::Sources::read(s.path()),
        &Default::default(),
    )
    .unwrap();
    let slugs: Vec<&str> = fiches.iter().map(|f| f["slug"].as_str().unwrap()).collect();
    let order: Vec<&str> = p.site.fiches.iter().map(|f| f.slug.as_str()).collect();
    assert_eq!(slugs, order, "in reading order");
    let one = fiches.iter().find(|f| f["title"] == "ﬁ 😀 𝐛 1").unwrap();
    assert_eq!(one["collective"], "Voisins");
    assert_eq!(one["testimonies"][0]["quote"], "Oui.");
    assert!(
        one["body_text"]
            .as_str()
            .unwrap()
            .contains("Texte\u{a0}: oui.")
    );
}

#[test]
fn fiches_json_is_written_as_serve_holds_it_and_kept_when_unchanged() {
    let s = site(3, "");
    s.build_ok();
    let written = std::fs::read(s.out().join("fiches.json")).unwrap();
    let sources = fiches::sources::Sources::read(s.path());
    let p = fiches::project::Project::assemble(sources, &Default::default()).unwrap();
    assert_eq!(
        p.data_left, None,
        "kept with the pages when nothing is handed over"
    );
    let held = &p.page("fiches.json").unwrap().bytes;
    assert_eq!(&written, held, "streamed, byte for byte what serve holds");
    let data: serde_json::Value = serde_json::from_slice(&written).unwrap();
    assert_eq!(data["fiches"].as_array().unwrap().len(), 3);
    // The streamed file is counted: the next build finds nothing to do.
    assert!(s.build_ok().built.unwrap().unchanged);

    // Built again, unchanged: the same file, its date kept; changed: a new one.
    use std::os::unix::fs::MetadataExt;
    let inode = |s: &Site| {
        std::fs::metadata(s.out().join("fiches.json"))
            .unwrap()
            .ino()
    };
    let before = inode(&s);
    let again = fiches::BuildOptions {
        force: true,
        ..Default::default()
    };
    s.build_with(again.clone());
    assert_eq!(inode(&s), before);
    s.write(
        "content/fiche-01/index.md",
        fiche("Autre", "2024-01-01", "factual", "", "Changé.").as_bytes(),
    );
    s.build_with(again);
    assert_ne!(inode(&s), before);
    assert!(s.read("fiches.json").contains("Changé."));
}

#[test]
fn a_file_of_static_cannot_take_the_place_of_the_streamed_fiches_json() {
    let s = site(1, "");
    s.write("static/fiches.json", b"{}");
    let r = s.build();
    assert!(r.built.is_none());
    let d = r.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(
        d.message,
        "ce fichier serait publié en `fiches.json`, à la place de la page `fiches.json`, que fiches produit"
    );
}
