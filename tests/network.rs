//! `[network]`: the signature of every fiche page, its Open Graph data, the badges
//! page with its SVG badges and snippets, and the errors of a wrong `[network]`.

mod common;

use common::{Site, fiche};

const CONFIG: &str = "title = \"Fiches du Chablais\"\nbase_url = \"https://exemple.org/chablais/\"\n\n\
                      [network]\nname = \"Léman & Solidaire\"\nurl = \"https://reseau.exemple.org/\"\nlogo = \"logo.png\"\n";

fn site(config: &str) -> Site {
    let s = Site::new(&[
        ("fiches.toml", config),
        (
            "content/a.md",
            &fiche("Le comptoir", "2024-01-01", "factual", "", "Texte."),
        ),
    ]);
    s.write("static/logo.png", b"\x89PNG\r\n\x1a\n");
    s
}

#[test]
fn every_fiche_page_is_signed_by_the_network() {
    let s = site(CONFIG);
    s.build_ok();
    let page = s.read("fiches/a/index.html");
    assert!(page.contains("<img class=\"network-signature__logo\" src=\"../../logo.png\" alt=\"\" width=\"40\" height=\"40\">"), "{page}");
    assert!(
        page.contains(
            "Une fiche du réseau <a href=\"https://reseau.exemple.org/\">Léman &amp; Solidaire</a>"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "<meta property=\"article:publisher\" content=\"https://reseau.exemple.org/\">"
        )
    );
    // Without a cover image, the logo is the link preview's image.
    assert!(page.contains(
        "<meta property=\"og:image\" content=\"https://exemple.org/chablais/logo.png\">"
    ));
    // The fiche's own badge, to paste elsewhere, with absolute addresses.
    assert!(page.contains("&lt;a href=&quot;https://exemple.org/chablais/fiches/a/&quot;&gt;&lt;img src=&quot;https://exemple.org/chablais/badge/fiche.svg&quot;"), "{page}");
    // The home page names the network too (issue 25, item 15), without a fiche's badge.
    let home = s.read("index.html");
    assert!(
        home.contains(
            "Un site du réseau <a href=\"https://reseau.exemple.org/\">Léman &amp; Solidaire</a>"
        ),
        "{home}"
    );
    assert!(home.contains("src=\"./logo.png\""), "{home}");
    assert!(!home.contains("fiche-badge-code"));
}

#[test]
fn badges_are_well_formed_svg_with_a_title_and_no_external_font() {
    let s = site(CONFIG);
    s.build_ok();
    for (file, words) in [
        ("badge/network.svg", "Membre du réseau Léman & Solidaire"),
        (
            "badge/fiche.svg",
            "Notre action est racontée sur Léman & Solidaire",
        ),
    ] {
        let svg = s.read(file);
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{file}: {e}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        let title = root.children().find(|c| c.has_tag_name("title")).unwrap();
        assert_eq!(title.text(), Some(words));
        assert!(
            !svg.contains("http://")
                || !svg
                    .replace("http://www.w3.org/2000/svg", "")
                    .contains("http")
        );
        assert!(!svg.contains("@font-face") && !svg.contains("<image"));
    }
    let page = s.read("badge/index.html");
    assert!(
        page.contains("<img src=\"network.svg\" alt=\"Membre du réseau Léman &amp; Solidaire\""),
        "{page}"
    );
    assert!(page.contains("<code id=\"badge-member-code\">&lt;a href=&quot;https://reseau.exemple.org/&quot;&gt;&lt;img src=&quot;https://exemple.org/chablais/badge/network.svg&quot;"), "{page}");
    assert!(page.contains("data-copy-from=\"badge-member-code\""));
    assert!(page.contains("data-copy-from=\"badge-fiche-code\""));
}

#[test]
fn no_network_no_signature_nor_badges() {
    let s = site("title = \"T\"\nbase_url = \"https://exemple.org/\"\n");
    s.build_ok();
    assert!(!s.exists("badge/index.html"));
    assert!(!s.read("fiches/a/index.html").contains("network-signature"));
}

#[test]
fn a_missing_logo_or_name_is_a_clear_error() {
    let s = site(&CONFIG.replace("logo.png", "logo-absent.png"));
    let r = fiches::check(s.path());
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert_eq!(
        d.message,
        "le logo du réseau `logo-absent.png` est introuvable"
    );
    assert_eq!(d.location(), "fiches.toml:7:8");
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .contains("static/logo-absent.png")
    );

    let s = site("title = \"T\"\n[network]\nurl = \"pas une adresse\"\nnom = \"x\"\n");
    let r = fiches::check(s.path());
    let messages: Vec<&str> = r
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages.contains(&"il manque `name` dans [network]"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"`url` du réseau doit être une adresse web complète"),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.contains("`nom`")), "{messages:?}");
}

#[test]
fn the_podcast_speaks_for_the_network_with_its_logo() {
    let s = site(CONFIG);
    s.write(
        "content/radio/index.md",
        fiche("Radio", "2024-02-01", "factual", "", "![Son](son.wav)").as_bytes(),
    );
    s.write("content/radio/son.wav", b"RIFF\0\0\0\0WAVE");
    s.write("content/radio/son.txt", b"Bonjour.");
    s.build_ok();
    let xml = s.read("podcast.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    let image = doc
        .descendants()
        .find(|n| n.has_tag_name((itunes, "image")))
        .expect("itunes:image");
    assert_eq!(
        image.attribute("href"),
        Some("https://exemple.org/chablais/logo.png")
    );
    let author = doc
        .descendants()
        .find(|n| n.has_tag_name((itunes, "author")))
        .unwrap();
    assert_eq!(author.text(), Some("Léman & Solidaire"));
}
