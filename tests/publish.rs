//! What a published site gives readers and other sites: term pages for territories,
//! pagination, related fiches, the Atom feed, the sitemap, the JSON export, link
//! previews.

mod common;

use common::{Site, fiche};

fn numbered(n: usize, paginate: Option<usize>) -> Site {
    let mut files: Vec<(String, String)> = Vec::new();
    let mut toml = String::from("title = \"Réseau\"\nbase_url = \"https://exemple.org/reseau/\"\n");
    if let Some(p) = paginate {
        toml.push_str(&format!("paginate = {p}\n"));
    }
    files.push(("fiches.toml".into(), toml));
    for i in 1..=n {
        let extra = format!(
            "tags = [\"commun\"]\nterritory = \"Lyon\"\nthemes = [\"Thème {}\"]",
            i % 2
        );
        files.push((
            format!("content/f{i:02}.md"),
            fiche(
                &format!("Fiche {i:02}"),
                &format!("2024-01-{i:02}"),
                "factual",
                &extra,
                "",
            ),
        ));
    }
    Site::owned(&files)
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

#[test]
fn pagination_edges() {
    // (fiches, paginate) -> pages of the home list
    for (n, per, pages) in [
        (3, Some(0), 1),
        (1, Some(2), 1),
        (4, Some(2), 2),
        (5, Some(2), 3),
        (25, None, 2),
        (20, None, 1),
    ] {
        let s = numbered(n, per);
        s.build_ok();
        let home = s.read("index.html");
        let shown = per.map_or(20, |p| if p == 0 { n } else { p }).min(n);
        assert_eq!(
            count(&home, "class=\"card card--"),
            shown,
            "{n} fiches by {per:?}"
        );
        for p in 2..=pages {
            assert!(
                s.exists(&format!("page/{p}/index.html")),
                "{n} by {per:?}: page {p}"
            );
        }
        assert!(
            !s.exists(&format!("page/{}/index.html", pages + 1)),
            "{n} by {per:?}: no extra page"
        );
        assert!(!s.exists("page/1"), "page 1 is the list itself");
        // The term page of a tag every fiche has is cut the same way.
        assert_eq!(s.exists("tags/commun/page/2/index.html"), pages >= 2);
        if pages >= 2 {
            assert!(home.contains("rel=\"next\" href=\"./page/2/\""));
            assert!(!home.contains("rel=\"prev\""));
            let last = s.read(&format!("page/{pages}/index.html"));
            assert!(!last.contains("rel=\"next\""));
            let prev = if pages == 2 {
                "../../".to_string()
            } else {
                format!("../../page/{}/", pages - 1)
            };
            assert!(
                last.contains(&format!("rel=\"prev\" href=\"{prev}\"")),
                "{last}"
            );
            assert!(last.contains(&format!("Page {pages} sur {pages}")));
            assert!(
                last.contains(&format!("{n} fiches")),
                "the total is shown on every page"
            );
        } else {
            assert!(!home.contains("class=\"pagination\""));
        }
    }
}

#[test]
fn pagination_with_zero_one_exactly_n_and_n_plus_one_fiches() {
    // paginate = 3: 0 and 1 fiche make one page, 3 (exactly N) one, 4 (N + 1) two.
    for (n, pages) in [(0, 1), (1, 1), (3, 1), (4, 2)] {
        let s = numbered(n, Some(3));
        s.build_ok();
        let home = s.read("index.html");
        assert_eq!(count(&home, "class=\"card card--"), n.min(3), "{n} fiches");
        assert_eq!(s.exists("page/2/index.html"), pages == 2, "{n} fiches");
        assert!(!s.exists("page/3/index.html"));
        if n == 0 {
            assert!(home.contains("Aucune fiche publiée pour le moment."));
            assert!(!s.exists("tags/commun"), "no term without fiches");
        }
        if pages == 2 {
            assert_eq!(
                count(&s.read("page/2/index.html"), "class=\"card card--"),
                1
            );
            assert!(s.exists("tags/commun/page/2/index.html"));
        }
    }
}

#[test]
fn every_fiche_is_on_exactly_one_page_newest_first() {
    let s = numbered(5, Some(2));
    s.build_ok();
    let all: String = ["index.html", "page/2/index.html", "page/3/index.html"]
        .iter()
        .map(|p| s.read(p))
        .collect();
    let order: Vec<usize> = (1..=5)
        .rev()
        .map(|i| all.find(&format!(">Fiche {i:02}<")).unwrap())
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "newest first across pages"
    );
}

#[test]
fn territories_have_their_pages() {
    let s = numbered(3, None);
    s.build_ok();
    assert!(
        s.read("territories/index.html")
            .contains(">Lyon</a> <span class=\"terms__count\">3 fiches</span>")
    );
    assert!(
        s.read("territories/lyon/index.html")
            .contains("Territoire\u{a0}: Lyon")
    );
    assert!(
        s.read("fiches/f01/index.html")
            .contains("href=\"../../territories/lyon/\"")
    );
    assert!(s.read("index.html").contains(">Territoires</a>"));
}

#[test]
fn related_fiches_are_listed_on_each_fiche() {
    let s = Site::new(&[
        (
            "content/a.md",
            &fiche(
                "A",
                "2024-01-05",
                "factual",
                "tags = [\"x\", \"y\"]\nthemes = [\"T\"]",
                "",
            ),
        ),
        (
            "content/b.md",
            &fiche(
                "B",
                "2024-01-04",
                "factual",
                "tags = [\"x\"]\nthemes = [\"T\"]",
                "",
            ),
        ),
        (
            "content/c.md",
            &fiche("C", "2024-01-03", "factual", "tags = [\"x\", \"y\"]", ""),
        ),
        (
            "content/d.md",
            &fiche("D", "2024-01-02", "factual", "tags = [\"z\"]", ""),
        ),
    ]);
    s.build_ok();
    let a = s.read("fiches/a/index.html");
    let related = &a[a.find("id=\"fiches:related\"").expect("a related section")..];
    let b = related.find("href=\"../../fiches/b/\"").unwrap();
    let c = related.find("href=\"../../fiches/c/\"").unwrap();
    assert!(b < c, "a shared theme weighs more than a shared tag");
    assert!(!related.contains("fiches/d/"), "nothing in common");
    assert!(
        !s.read("fiches/d/index.html").contains("fiches:related"),
        "no section when nothing is related"
    );
}

#[test]
fn atom_feed_parses_and_lists_every_fiche_newest_first() {
    let s = Site::new(&[
        (
            "content/a.md",
            &fiche(
                "Ancienne & <fiche>",
                "2023-01-01",
                "factual",
                "tags = [\"accueil\"]",
                "Voir [b](b.md).",
            ),
        ),
        (
            "content/b.md",
            &fiche(
                "Récente",
                "2024-06-01",
                "storytelling",
                "collective = \"Les Voisins\"\nupdated = 2024-07-01",
                "## Le récit\n\nTexte *riche*.",
            ),
        ),
        (
            "content/brouillon.md",
            &fiche("Brouillon", "2025-01-01", "factual", "draft = true", ""),
        ),
    ]);
    s.build_ok();
    let xml = s.read("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.tag_name().name() == name)
            .map(|c| c.text().unwrap_or("").to_string())
    };
    assert_eq!(
        child(feed, "updated").as_deref(),
        Some("2024-07-01T00:00:00Z")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert_eq!(entries.len(), 2, "drafts are not published");
    assert_eq!(child(entries[0], "title").as_deref(), Some("Récente"));
    assert_eq!(
        child(entries[1], "title").as_deref(),
        Some("Ancienne & <fiche>")
    );
    assert_eq!(
        child(entries[0], "id").as_deref(),
        Some("https://exemple.org/reseau/fiches/b/")
    );
    let link = entries[0]
        .children()
        .find(|c| c.tag_name().name() == "link")
        .unwrap();
    assert_eq!(
        link.attribute("href"),
        Some("https://exemple.org/reseau/fiches/b/")
    );
    let authors: Vec<String> = entries[0]
        .children()
        .filter(|c| c.tag_name().name() == "author")
        .filter_map(|a| child(a, "name"))
        .collect();
    assert_eq!(
        authors,
        ["Aïcha", "Les Voisins"],
        "a collective is an author"
    );
    assert_eq!(
        child(entries[0], "updated").as_deref(),
        Some("2024-07-01T00:00:00Z")
    );
    let content = entries[0]
        .children()
        .find(|c| c.tag_name().name() == "content")
        .unwrap();
    assert_eq!(content.attribute("type"), Some("html"));
    assert!(content.text().unwrap().contains("<em>riche</em>"));
    assert_eq!(
        child(entries[1], "summary").as_deref(),
        Some("Résumé de Ancienne & <fiche>.")
    );
    let cats: Vec<_> = entries[1]
        .children()
        .filter(|c| c.tag_name().name() == "category")
        .filter_map(|c| c.attribute("term"))
        .collect();
    assert_eq!(cats, ["accueil"]);
    assert!(
        s.read("index.html")
            .contains("<link rel=\"alternate\" type=\"application/atom+xml\"")
    );
    assert!(
        s.read("fiches/a/index.html")
            .contains("href=\"https://exemple.org/reseau/atom.xml\""),
        "linked from every page"
    );
}

#[test]
fn sitemap_and_robots() {
    let s = numbered(3, Some(2));
    s.build_ok();
    let xml = s.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .filter_map(|n| n.text())
        .collect();
    for expected in [
        "https://exemple.org/reseau/",
        "https://exemple.org/reseau/page/2/",
        "https://exemple.org/reseau/fiches/f01/",
        "https://exemple.org/reseau/tags/",
        "https://exemple.org/reseau/tags/commun/",
        "https://exemple.org/reseau/tags/commun/page/2/",
        "https://exemple.org/reseau/territories/lyon/",
    ] {
        assert!(locs.contains(&expected), "{expected} missing from {locs:?}");
    }
    assert!(!locs.iter().any(|l| l.contains("404")));
    assert!(xml.contains(
        "<loc>https://exemple.org/reseau/fiches/f01/</loc><lastmod>2024-01-01</lastmod>"
    ));
    assert_eq!(
        s.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://exemple.org/reseau/sitemap.xml\n"
    );
}

#[test]
fn json_export_has_every_field_and_matches_its_schema() {
    let story = "collective = \"Les Voisins\"\nterritory = \"Genève\"\nthemes = [\"Pouvoir d'agir\"]\n\n[[testimonies]]\nname = \"Nadia\"\nrole = \"habitante\"\nquote = \"Je suis venue.\"\nconsent = true";
    let s = Site::new(&[
        (
            "content/jardin/index.md",
            &fiche(
                "Le jardin",
                "2024-05-01",
                "storytelling",
                &format!("image = \"photo.png\"\nimage_alt = \"Des bacs\"\n{story}"),
                "## Le récit\n\nUn **jardin** &amp; des voisins.",
            ),
        ),
        (
            "content/b.md",
            &fiche(
                "B",
                "2023-01-01",
                "factual",
                "organization = \"Asso\"\npartners = [\"Mairie\"]\nbudget = \"0 €\"",
                "",
            ),
        ),
    ]);
    s.write("content/jardin/photo.png", &common::png(32, 24));
    s.build_ok();
    let data: serde_json::Value = serde_json::from_str(&s.read("fiches.json")).unwrap();
    assert_eq!(data["version"], 1);
    assert_eq!(data["site"]["url"], "https://exemple.org/reseau/");
    assert_eq!(data["site"]["language"], "fr");
    assert_eq!(
        data["$schema"],
        "https://exemple.org/reseau/fiches.schema.json"
    );
    let fiches = data["fiches"].as_array().unwrap();
    assert_eq!(fiches.len(), 2);
    let j = &fiches[0];
    assert_eq!(j["slug"], "jardin");
    assert_eq!(j["url"], "https://exemple.org/reseau/fiches/jardin/");
    assert_eq!(j["date"], "2024-05-01");
    assert_eq!(j["variant"], "storytelling");
    assert_eq!(j["variant_label"], "Récit d’expérience");
    assert_eq!(j["collective"], "Les Voisins");
    assert_eq!(j["authors"][0], "Aïcha");
    assert_eq!(j["territory"], "Genève");
    assert_eq!(j["themes"][0], "Pouvoir d'agir");
    assert_eq!(
        j["image"],
        "https://exemple.org/reseau/fiches/jardin/photo.png"
    );
    assert_eq!(j["image_alt"], "Des bacs");
    assert_eq!(j["testimonies"][0]["quote"], "Je suis venue.");
    assert!(
        j["body_html"]
            .as_str()
            .unwrap()
            .contains("<strong>jardin</strong>")
    );
    assert_eq!(j["body_text"], "Le récit\nUn jardin & des voisins.");
    assert_eq!(fiches[1]["organization"], "Asso");
    assert_eq!(fiches[1]["partners"][0], "Mairie");
    // Every field the schema requires is there, and the schema is published beside it.
    let schema: serde_json::Value = serde_json::from_str(&s.read("fiches.schema.json")).unwrap();
    for key in schema["$defs"]["fiche"]["required"].as_array().unwrap() {
        for f in fiches {
            assert!(f.get(key.as_str().unwrap()).is_some(), "{key} missing");
        }
    }
    for key in schema["$defs"]["fiche"]["properties"]
        .as_object()
        .unwrap()
        .keys()
    {
        assert!(j.get(key).is_some(), "{key} is described but not exported");
    }
    for key in j.as_object().unwrap().keys() {
        assert!(
            schema["$defs"]["fiche"]["properties"].get(key).is_some(),
            "{key} is exported but not described"
        );
    }
}

#[test]
fn without_base_url_feeds_are_left_out_without_a_warning() {
    let s = Site::new(&[
        ("fiches.toml", "title = \"R\"\n"),
        ("content/a.md", &fiche("A", "2024-01-01", "factual", "", "")),
    ]);
    let r = s.build_ok();
    let w: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("base_url"))
        .collect();
    // A site read from the disk needs no address: fiches.toml explains what it adds.
    assert!(w.is_empty(), "{w:?}");
    assert!(
        !s.read("index.html").contains("atom.xml"),
        "no feed link without a feed"
    );
    for f in ["atom.xml", "sitemap.xml", "robots.txt", "fiches.json"] {
        assert!(!s.exists(f), "{f}");
    }
    assert!(!s.read("index.html").contains("og:url"));
}

#[test]
fn link_previews_and_canonical_urls() {
    let s = Site::new(&[(
        "content/jardin/index.md",
        &fiche(
            "Le jardin",
            "2024-05-01",
            "storytelling",
            "image = \"photo.png\"\nimage_alt = \"Des bacs\"",
            "",
        ),
    )]);
    s.write("content/jardin/photo.png", &common::png(32, 24));
    s.build_ok();
    let page = s.read("fiches/jardin/index.html");
    for tag in [
        "<html lang=\"fr\">",
        "<title>Le jardin · Réseau test</title>",
        "<meta name=\"description\" content=\"Résumé de Le jardin.\">",
        "<link rel=\"canonical\" href=\"https://exemple.org/reseau/fiches/jardin/\">",
        "<meta property=\"og:title\" content=\"Le jardin\">",
        "<meta property=\"og:description\" content=\"Résumé de Le jardin.\">",
        "<meta property=\"og:url\" content=\"https://exemple.org/reseau/fiches/jardin/\">",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:image\" content=\"https://exemple.org/reseau/fiches/jardin/photo.png\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "<p class=\"print-only\">Fiche en ligne\u{a0}: https://exemple.org/reseau/fiches/jardin/</p>",
    ] {
        assert!(page.contains(tag), "missing {tag}");
    }
    let home = s.read("index.html");
    assert!(home.contains("<meta property=\"og:type\" content=\"website\">"));
    assert!(home.contains("<link rel=\"canonical\" href=\"https://exemple.org/reseau/\">"));
    assert!(home.contains("<meta name=\"twitter:card\" content=\"summary\">"));
}
