//! Partners' fiches in the site's lists (`[[sources]]`): under each term's page,
//! merged by the site's spelling and the places table (`74` is `Haute-Savoie`),
//! marked « publiée par » and linking to the partner; counted on the taxonomy pages
//! and the map; a term's page bounded whatever their number. `serve`'s edits that
//! change how partners' terms are named rebuild everything.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use common::{Site, fiche};
use fiches::project::incremental::Update;
use fiches::project::{Options, Project};
use fiches::sources::Sources;
use serde_json::json;

/// One partner fiche: its number, tags, themes, territory, day of May 2024.
type Given<'a> = (usize, &'a [&'a str], &'a [&'a str], &'a str, u8);

fn partner_json(fiches: &[Given]) -> String {
    let fiches: Vec<_> = fiches
        .iter()
        .map(|&(i, tags, themes, territory, day)| {
            json!({
                "slug": format!("atelier-{i}"),
                "url": format!("https://alpin.example/fiches/atelier-{i}/"),
                "title": format!("Atelier alpin {i}"),
                "date": format!("2024-05-{day:02}"),
                "variant": "factual",
                "summary": "Un atelier.",
                "authors": ["Léa"],
                "tags": tags,
                "themes": themes,
                "territory": territory,
                "body_html": "<p>Texte</p>",
                "body_text": "Texte.",
            })
        })
        .collect();
    json!({
        "version": 1,
        "site": {"title": "Réseau Alpin", "url": "https://alpin.example/", "language": "fr"},
        "fiches": fiches,
    })
    .to_string()
}

/// A site of two fiches (`Haute-Savoie` written `74`, tag `Réparation`, theme
/// `Lien social`) pooling the partner `fiches` from the disk; `toml` added.
fn site(fiches: &[Given], toml: &str) -> Site {
    let config = format!(
        "title = \"Réseau Léman\"\nbase_url = \"https://leman.example/\"\n{toml}\n[[sources]]\nname = \"Réseau Alpin\"\nurl = \"alpin/fiches.json\"\n"
    );
    let partner = partner_json(fiches);
    let one = fiche(
        "Jardin local",
        "2024-01-10",
        "factual",
        "territory = \"74\"\ntags = [\"Réparation\"]\nthemes = [\"Lien social\"]",
        "Un jardin.",
    );
    let two = fiche(
        "Repair café",
        "2024-02-10",
        "factual",
        "territory = \"74\"\ntags = [\"Réparation\", \"Vélo\"]",
        "Un café.",
    );
    Site::new(&[
        ("fiches.toml", config.as_str()),
        ("content/jardin.md", one.as_str()),
        ("content/cafe.md", two.as_str()),
        ("alpin/fiches.json", partner.as_str()),
    ])
}

#[test]
fn partner_fiches_are_listed_under_the_sites_terms_and_counted_on_the_map() {
    let s = site(
        &[
            (
                0,
                &["réparation", "Cuisine"],
                &["lien social"],
                "Haute-Savoie",
                2,
            ),
            (1, &["REPARATION", "cuisine"], &[], "74", 9),
            (2, &["cuisine"], &[], "Savoie (73)", 4),
        ],
        "",
    );
    s.build_ok();
    // The site's territory `74` and the partners' `Haute-Savoie` and `74`: one page.
    let hs = s.read("territories/74/index.html");
    assert!(hs.contains("4 fiches, dont 2 de partenaires"), "{hs}");
    assert_eq!(hs.matches("publiée par Réseau Alpin").count(), 2);
    assert!(hs.contains("href=\"https://alpin.example/fiches/atelier-1/\""));
    // Newest first.
    let (a1, a0) = (
        hs.find("atelier-1/").unwrap(),
        hs.find("atelier-0/").unwrap(),
    );
    assert!(a1 < a0, "the 9 May before the 2 May");
    assert!(!s.exists("territories/haute-savoie/index.html"));
    // Tags under the site's spelling; a tag only partners use has its page, under
    // its most used spelling, and no empty list of the site's.
    let rep = s.read("tags/reparation/index.html");
    assert!(rep.contains("Réparation") && rep.contains("4 fiches, dont 2 de partenaires"));
    let cuisine = s.read("tags/cuisine/index.html");
    assert!(cuisine.contains(": cuisine</h1>"), "{cuisine}");
    assert!(cuisine.contains("3 fiches de partenaires"));
    assert!(!cuisine.contains("class=\"empty\""));
    let tags = s.read("tags/index.html");
    assert!(tags.contains("3 fiches de partenaires") && tags.contains("1 fiche</span>"));
    // A place only a partner names is a territory of its own, drawn on the map.
    assert!(
        s.read("territories/savoie/index.html")
            .contains("1 fiche de partenaire")
    );
    let map = s.read("carte/index.html");
    assert!(
        map.contains("aria-label=\"74 : 4 fiches, dont 2 de partenaires\""),
        "{map}"
    );
    assert!(map.contains("aria-label=\"Savoie : 1 fiche de partenaire\""));
    assert!(
        map.contains("<td class=\"map-table__count\">4</td><td class=\"map-table__count\">2</td>")
    );
    // The home page presents the network's own themes; its count stays its own.
    let home = s.read("index.html");
    assert!(home.contains("2 fiches · 1 thème"), "{home}");
    // Nothing of a partner is published as the site's.
    assert!(!s.exists("fiches/atelier-0/index.html"));
    assert!(!s.read("fiches.json").contains("atelier-0"));
}

#[test]
fn a_terms_page_shows_the_newest_partner_fiches_and_sends_to_the_search_for_the_rest() {
    let many: Vec<Given> = (0..40)
        .map(|i| (i, &["réparation"][..], &[][..], "74", (i % 28 + 1) as u8))
        .collect();
    let s = site(&many, "paginate = 1");
    s.build_ok();
    let first = s.read("tags/reparation/index.html");
    assert_eq!(first.matches("publiée par Réseau Alpin").count(), 12);
    assert!(first.contains("Et 28 autres fiches de partenaires."));
    assert!(
        first.contains("href=\"../../search/?tag=R%C3%A9paration\""),
        "{first}"
    );
    // The site's own list goes on page after page; no page holds partners' again.
    let second = s.read("tags/reparation/page/2/index.html");
    assert!(!second.contains("publiée par"));
    assert!(!s.exists("tags/reparation/page/3/index.html"));
}

#[test]
fn a_closed_list_takes_no_term_of_the_partners_own() {
    let s = site(
        &[(0, &["réparation", "Cuisine"], &[], "74", 2)],
        "[taxonomies.tags]\nterms = [\"Réparation\", \"Vélo\"]",
    );
    s.build_ok();
    assert!(!s.exists("tags/cuisine/index.html"));
    assert!(
        s.read("tags/reparation/index.html")
            .contains("publiée par Réseau Alpin")
    );
}

fn options(s: &Site) -> Options {
    let text = std::fs::read_to_string(s.path().join("fiches.toml")).unwrap();
    let sources = fiches::partners::sources_of(&text);
    let how = fiches::partners::Fetch {
        network: false,
        keep: false,
        ..Default::default()
    };
    let (found, warnings) =
        fiches::partners::gather(s.path(), &sources, &text, fiches::Lang::Fr, how);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(found.len(), 1);
    Options {
        partners: Arc::new(found),
        ..Default::default()
    }
}

fn build(s: &Site) -> Project {
    Project::assemble(Sources::read(s.path()), &options(s))
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics))
}

fn pages(p: &Project) -> std::collections::BTreeMap<String, Vec<u8>> {
    (p.generated.pages.iter())
        .map(|pg| (pg.path.clone(), pg.bytes.clone()))
        .collect()
}

/// `serve`'s update after `edit` of `content/cafe.md`.
fn edit(s: &Site, live: &mut Project, edit: impl Fn(String) -> String) -> Update {
    let rel = PathBuf::from("content/cafe.md");
    let text = std::fs::read_to_string(s.path().join(&rel)).unwrap();
    let edited = edit(text.clone());
    assert_ne!(edited, text);
    s.rewrite("content/cafe.md", edited.as_bytes());
    live.update_fiches(&[(rel, edited.into_bytes())])
}

const POOLED: &[Given] = &[
    (0, &["réparation", "cuisine"], &[], "Haute-Savoie", 2),
    (1, &["vélo"], &[], "74", 9),
];

#[test]
fn an_edit_that_keeps_the_partners_terms_is_applied_in_place_as_a_full_build() {
    let s = site(POOLED, "");
    let mut live = build(&s);
    let up = edit(&s, &mut live, |t| {
        t.replace("\"Vélo\"]", "\"Vélo\", \"Atelier\"]")
    });
    assert!(matches!(up, Update::Pages(_)));
    live.refresh_whole_site();
    assert_eq!(pages(&live), pages(&build(&s)));
}

#[test]
fn an_edit_that_names_partners_terms_anew_rebuilds_everything() {
    // The partners' `cuisine` only they use becomes the site's `Cuisine`: their
    // fiches' term is spelled anew, in the search too.
    let s = site(POOLED, "");
    let mut live = build(&s);
    let before = pages(&live);
    let up = edit(&s, &mut live, |t| {
        t.replace("\"Vélo\"]", "\"Vélo\", \"Cuisine\"]")
    });
    assert!(matches!(up, Update::NeedsFull));
    assert_eq!(before, pages(&live), "left whole for the full rebuild");
    // The site writes Haute-Savoie `74` twice and `Haute-Savoie` once: the partners'
    // fiches of that place are under the most used, `74`, until an edit makes
    // `Haute-Savoie` the most used (no term gone, no spelling changed).
    let s = site(POOLED, "");
    let third = fiche(
        "Troisième",
        "2024-03-10",
        "factual",
        "territory = \"Haute-Savoie\"",
        "Un texte.",
    );
    s.write("content/trois.md", third.as_bytes());
    let mut live = build(&s);
    assert!(
        live.site
            .taxonomy(fiches::site::TaxonomyKind::Territories)
            .terms
            .iter()
            .any(|t| t.slug == "74" && t.partners.len() == 2)
    );
    let before = pages(&live);
    let up = edit(&s, &mut live, |t| t.replace("\"74\"", "\"Haute-Savoie\""));
    assert!(matches!(up, Update::NeedsFull));
    assert_eq!(before, pages(&live), "left whole for the full rebuild");
    let fresh = build(&s);
    let hs = fresh.site.taxonomy(fiches::site::TaxonomyKind::Territories);
    assert!(
        hs.terms
            .iter()
            .any(|t| t.slug == "haute-savoie" && t.partners.len() == 2)
    );
}
