//! `fiches build` on fixture sites: the pages and the parts of them that matter.

mod common;

use common::{Site, fiche, snapshot};

const FACTUAL_EXTRA: &str = r#"organization = "Association Passerelles"
territory = "Haute-Savoie"
period = "2023 – 2024"
audience = ["Travailleurs sociaux", "Habitants"]
partners = ["Centre social des Tilleuls"]
budget = "1 200 €"
contact = "contact@passerelles.example"
tags = ["Soirée-débat", "accueil"]
themes = ["Travail en réseau"]"#;

const STORY_EXTRA: &str = r#"collective = "Collectif des Buissons"
tags = ["soirée-débat"]
themes = ["Travail en réseau", "Pouvoir d'agir"]

[[testimonies]]
name = "Nadia"
role = "habitante du quartier"
quote = "Au début je venais pour le café."
consent = true

[[testimonies]]
name = "Léo"
quote = "Maintenant c'est moi qui ouvre la salle."
consent = true"#;

fn two_variants() -> Site {
    Site::new(&[
        (
            "content/comptoir.md",
            &fiche(
                "Le comptoir des projets",
                "2018-01-15",
                "factual",
                FACTUAL_EXTRA,
                "## Contexte\n\nVoir [le récit](recits/jardin.md#le-recit).\n",
            ),
        ),
        (
            "content/recits/jardin.md",
            &fiche(
                "Le jardin partagé",
                "2019-06-01",
                "storytelling",
                STORY_EXTRA,
                "## Le récit\n\nTout a commencé [au comptoir](../comptoir.md).\n",
            ),
        ),
    ])
}

#[test]
fn factual_page_has_its_fact_box() {
    let s = two_variants();
    s.build_ok();
    let page = s.read("fiches/comptoir/index.html");
    assert!(page.contains("<h1>Le comptoir des projets</h1>"));
    assert!(page.contains("Fiche factuelle"));
    for fact in [
        "<dt>Structure porteuse</dt><dd>Association Passerelles</dd>",
        "<dt>Territoire</dt><dd><a href=\"../../territories/haute-savoie/\">Haute-Savoie</a></dd>",
        "<dt>Période</dt><dd>2023 – 2024</dd>",
        "<li>Travailleurs sociaux</li><li>Habitants</li>",
        "<li>Centre social des Tilleuls</li>",
        "<dd>1 200 €</dd>",
        "<a href=\"mailto:contact@passerelles.example\">",
    ] {
        assert!(page.contains(fact), "missing {fact}");
    }
    assert!(page.contains("Par Aïcha"));
    assert!(page.contains("<time datetime=\"2018-01-15\">15 janvier 2018</time>"));
}

#[test]
fn storytelling_page_sets_testimonies_apart() {
    let s = two_variants();
    s.build_ok();
    let page = s.read("fiches/jardin/index.html");
    assert!(page.contains("Récit d’expérience"));
    assert!(page.contains("<blockquote><p>Au début je venais pour le café.</p></blockquote>"));
    assert!(page.contains("<span class=\"testimony__name\">Nadia</span>, <span class=\"testimony__role\">habitante du quartier</span>"));
    assert!(page.contains("<span class=\"testimony__name\">Léo</span></figcaption>"));
    assert!(page.contains("Par <span class=\"byline__collective\">Collectif des Buissons</span>"));
    assert!(
        !page.contains("<dt>Moyens</dt>"),
        "no factual fields on a story"
    );
    // The story is told first; the people's words follow it, then the facts.
    assert!(page.find("Tout a commencé").unwrap() < page.find("testimony__name").unwrap());
    if let Some(facts) = page.find("class=\"facts\"") {
        assert!(page.find("testimony__name").unwrap() < facts);
    }
}

#[test]
fn links_between_fiches_become_links_between_pages() {
    let s = two_variants();
    s.build_ok();
    assert!(
        s.read("fiches/comptoir/index.html")
            .contains("href=\"../jardin/#le-recit\"")
    );
    assert!(
        s.read("fiches/jardin/index.html")
            .contains("href=\"../comptoir/\"")
    );
}

#[test]
fn terms_fold_case_and_accents_and_count_fiches() {
    let s = two_variants();
    s.build_ok();
    let index = s.read("tags/index.html");
    assert!(index.contains("<a href=\"../tags/soiree-debat/\">Soirée-débat</a> <span class=\"terms__count\">2 fiches</span>"), "{index}");
    assert!(index.contains(
        "<a href=\"../tags/accueil/\">accueil</a> <span class=\"terms__count\">1 fiche</span>"
    ));
    let term = s.read("tags/soiree-debat/index.html");
    assert!(term.contains("Mot-clé\u{a0}: Soirée-débat"));
    assert!(term.contains("href=\"../../fiches/comptoir/\""));
    assert!(term.contains("href=\"../../fiches/jardin/\""));
    assert!(!s.exists("tags/soiree-debat-2"));
    let themes = s.read("themes/index.html");
    assert!(themes.contains("Travail en réseau</a> <span class=\"terms__count\">2 fiches</span>"));
    assert!(s.exists("themes/pouvoir-d-agir/index.html"));
    let fiche = s.read("fiches/jardin/index.html");
    assert!(fiche.contains("href=\"../../themes/pouvoir-d-agir/\""));
}

#[test]
fn home_lists_newest_first_then_by_title() {
    let s = Site::new(&[
        (
            "content/a.md",
            &fiche("Zoé au centre social", "2020-05-01", "factual", "", ""),
        ),
        (
            "content/b.md",
            &fiche("Été au quartier", "2020-05-01", "factual", "", ""),
        ),
        (
            "content/c.md",
            &fiche("Ancienne", "2019-01-01", "storytelling", "", ""),
        ),
        (
            "content/d.md",
            &fiche("Récente", "2024-01-01", "factual", "", ""),
        ),
    ]);
    s.build_ok();
    let home = s.read("index.html");
    let pos = |t: &str| home.find(t).unwrap_or_else(|| panic!("{t} missing"));
    assert!(pos("Récente") < pos("Été au quartier"));
    assert!(pos("Été au quartier") < pos("Zoé au centre social"));
    assert!(pos("Zoé au centre social") < pos("Ancienne"));
    assert!(home.contains("4 fiches"));
    assert!(home.contains("Résumé de Ancienne."));
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let s = Site::new(&[
        (
            "content/publiee.md",
            &fiche(
                "Publiée",
                "2020-05-01",
                "factual",
                "tags = [\"commun\"]",
                "",
            ),
        ),
        (
            "content/brouillon.md",
            &fiche(
                "Brouillon",
                "2021-05-01",
                "factual",
                "draft = true\ntags = [\"secret\"]",
                "",
            ),
        ),
    ]);
    s.build_ok();
    assert!(!s.exists("fiches/brouillon"));
    assert!(!s.read("index.html").contains("Brouillon"));
    assert!(!s.exists("tags/secret"));
    s.build_with(fiches::BuildOptions {
        drafts: true,
        ..Default::default()
    });
    assert!(s.exists("fiches/brouillon/index.html"));
    assert!(s.exists("tags/secret/index.html"));
}

#[test]
fn bundle_files_are_published_beside_the_page() {
    let s = Site::new(&[(
        "content/jardin/index.md",
        &fiche(
            "Jardin",
            "2020-05-01",
            "storytelling",
            "image = \"couverture.png\"\nimage_alt = \"Des bacs de légumes\"",
            "![Des bacs](couverture.png)\n\n[Le programme](docs/programme.txt)",
        ),
    )]);
    s.write("content/jardin/couverture.png", &common::png(40, 30));
    s.write("content/jardin/docs/programme.txt", b"programme");
    s.build_ok();
    // A photo is published re-encoded (see tests/photos.rs), with its size.
    assert_eq!(
        image::image_dimensions(s.out().join("fiches/jardin/couverture.png")).unwrap(),
        (40, 30)
    );
    assert_eq!(s.read("fiches/jardin/docs/programme.txt"), "programme");
    let page = s.read("fiches/jardin/index.html");
    assert!(
        page.contains(
            "<img src=\"../../fiches/jardin/couverture.png\" alt=\"Des bacs de légumes\" width=\"40\" height=\"30\" decoding=\"async\">"
        )
    );
    assert!(page.contains("href=\"../jardin/docs/programme.txt\""));
}

#[test]
fn slug_override_and_bundle_names_give_the_address() {
    let s = Site::new(&[
        (
            "content/Ma Fiche Été.md",
            &fiche("Une", "2020-05-01", "factual", "", ""),
        ),
        (
            "content/dossier/index.md",
            &fiche("Deux", "2020-05-01", "factual", "", ""),
        ),
        (
            "content/trois.md",
            &fiche(
                "Trois",
                "2020-05-01",
                "factual",
                "slug = \"Autre Adresse\"",
                "",
            ),
        ),
    ]);
    s.build_ok();
    assert!(s.exists("fiches/ma-fiche-ete/index.html"));
    assert!(s.exists("fiches/dossier/index.html"));
    assert!(s.exists("fiches/autre-adresse/index.html"));
}

#[test]
fn nothing_a_fiche_says_can_inject_markup() {
    let s = Site::new(&[(
        "content/x.md",
        &fiche(
            "<script>alert(1)</script>",
            "2020-05-01",
            "factual",
            "tags = [\"<b>gras</b>\"]\norganization = \"\\\"><img src=x onerror=alert(1)>\"",
            "Texte <script>alert(2)</script> et <iframe src=\"x\"></iframe>.",
        ),
    )]);
    s.build_ok();
    for page in [
        "fiches/x/index.html",
        "index.html",
        "tags/b-gras-b/index.html",
    ] {
        let html = s.read(page);
        // The theme's own scripts only: none written in the fiche.
        assert!(!html.contains("<script>alert"), "{page}");
        let theirs = html.match_indices("<script").filter(|(at, _)| {
            let rest = &html[*at..];
            !rest.starts_with("<script>\nif (location.protocol === \"file:\")")
                && !rest.starts_with(
                    "<script>{if (location.protocol === \"file:\" && location.hash === \"#fiches-search\"",
                )
                && !rest.starts_with("<script src=\"../../share.js\" defer></script>")
                && !rest.starts_with("<script type=\"application/ld+json\">")
        });
        assert_eq!(theirs.count(), 0, "{page}");
        // The page's JSON-LD holds the fiche's texts, with no markup left in them.
        for (at, _) in html.match_indices("<script type=\"application/ld+json\">") {
            let body = &html[at + 35..];
            let body = &body[..body.find("</script>").unwrap()];
            assert!(!body.contains('<') && !body.contains('>'), "{page}: {body}");
        }
        assert!(!html.contains("<b>gras"), "{page}");
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(!html.contains("<iframe"), "{page}");
    }
    assert!(
        s.read("fiches/x/index.html")
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
}

#[test]
fn raw_html_passes_only_when_the_site_allows_it() {
    let s = Site::new(&[
        (
            "fiches.toml",
            "title = \"R\"\n[markdown]\nunsafe_html = true\n",
        ),
        (
            "content/x.md",
            &fiche(
                "X",
                "2020-05-01",
                "factual",
                "",
                "Un <abbr title=\"Centre social\">CS</abbr>.",
            ),
        ),
    ]);
    s.build_ok();
    assert!(
        s.read("fiches/x/index.html")
            .contains("<abbr title=\"Centre social\">CS</abbr>")
    );
}

#[test]
fn markdown_extensions_are_on() {
    let body = "## Résultats\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] fait\n\n~~barré~~ https://exemple.org\n\nNote[^1].\n\n[^1]: La note.";
    let s = Site::new(&[(
        "content/x.md",
        &fiche("X", "2020-05-01", "factual", "", body),
    )]);
    s.build_ok();
    let page = s.read("fiches/x/index.html");
    assert!(page.contains("<table>"));
    assert!(
        page.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"Fait\" />")
    );
    assert!(page.contains("<del>barré</del>"));
    assert!(page.contains("<a href=\"https://exemple.org\">"));
    assert!(page.contains("class=\"footnotes\""));
    assert!(page.contains("<h2 id=\"résultats\">"));
    assert!(page.contains("aria-label=\"Lien vers la section 'Résultats'\""));
}

#[test]
fn english_site_has_english_dates_and_interface() {
    let s = Site::new(&[
        ("fiches.toml", "title = \"Network\"\nlanguage = \"en\"\n"),
        (
            "content/x.md",
            &fiche(
                "X",
                "2018-01-15",
                "factual",
                "organization = \"Org\"\ntags = [\"welcome\"]",
                "",
            ),
        ),
    ]);
    s.build_ok();
    let page = s.read("fiches/x/index.html");
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("15 January 2018"));
    assert!(page.contains("Factual sheet"));
    assert!(page.contains("Lead organisation"));
    for french in [
        "Publiée",
        "Mots-clés",
        "Aller au contenu",
        "Structure porteuse",
        "janvier",
    ] {
        assert!(!page.contains(french), "{french} left on an English page");
    }
    assert!(s.read("tags/index.html").contains("1 sheet"));
}

#[test]
fn internal_links_are_relative_and_404_uses_the_base_path() {
    let s = two_variants();
    s.write(
        "fiches.toml",
        b"title = \"R\"\nbase_url = \"https://exemple.org/reseau\"\n",
    );
    s.build_ok();
    for (rel, _) in snapshot(&s.out()) {
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let html = s.read(&rel);
        for attr in ["href=\"/", "src=\"/"] {
            assert!(!html.contains(attr), "{rel} has a root-absolute link");
        }
    }
    let nf = s.read("404.html");
    assert!(nf.contains("href=\"/reseau/style.css\""));
    assert!(nf.contains("href=\"/reseau/\""));
    assert!(
        s.read("fiches/comptoir/index.html").contains(
            "<link rel=\"canonical\" href=\"https://exemple.org/reseau/fiches/comptoir/\">"
        )
    );
}

#[test]
fn builds_are_deterministic() {
    let s = two_variants();
    s.build_ok();
    let first = snapshot(&s.out());
    s.build_ok();
    assert_eq!(first, snapshot(&s.out()));
}

#[test]
fn a_failed_build_keeps_the_previous_site_and_a_good_one_drops_stale_pages() {
    let s = two_variants();
    s.build_ok();
    let before = snapshot(&s.out());
    s.write("content/cassee.md", b"+++\ntitle = \n+++\n");
    let r = s.build();
    assert!(r.built.is_none());
    assert_eq!(before, snapshot(&s.out()), "previous output untouched");
    std::fs::remove_file(s.path().join("content/cassee.md")).unwrap();
    std::fs::remove_file(s.path().join("content/recits/jardin.md")).unwrap();
    std::fs::write(
        s.path().join("content/comptoir.md"),
        fiche("Le comptoir", "2018-01-15", "factual", "", ""),
    )
    .unwrap();
    s.build_ok();
    assert!(
        !s.exists("fiches/jardin"),
        "page of a removed fiche is gone"
    );
    assert!(!s.exists("tags/soiree-debat"));
}

#[test]
fn a_foreign_output_folder_is_refused_unless_its_replacement_is_asked() {
    let s = two_variants();
    s.write("public/travail.txt", b"precious");
    let r = s.build();
    assert!(r.built.is_none());
    assert_eq!(s.read("travail.txt"), "precious");
    // --force builds everything again; it no longer replaces a folder.
    let r = s.build_with(fiches::BuildOptions {
        force: true,
        ..Default::default()
    });
    assert!(r.built.is_none());
    assert_eq!(s.read("travail.txt"), "precious");
    let hint = r.diagnostics[0].hint.clone().unwrap_or_default();
    assert!(hint.contains("--replace-output"), "{hint}");
    s.build_with(fiches::BuildOptions {
        replace_output: true,
        ..Default::default()
    });
    assert!(!s.exists("travail.txt"));
    assert!(s.exists("index.html"));
}

#[test]
fn output_holding_the_sources_is_refused_even_with_force() {
    let s = two_variants();
    let r = s.build_with(fiches::BuildOptions {
        output: Some(s.path().to_path_buf()),
        force: true,
        replace_output: true,
        ..Default::default()
    });
    assert!(r.built.is_none());
    assert!(s.path().join("content/comptoir.md").exists());
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let s = two_variants();
    s.write(
        "templates/404.html",
        b"{% extends \"base.html\" %}{% block main %}<p>Perdu ?</p>{% endblock %}",
    );
    s.write("static/style.css", b"/* mon style */");
    s.write("static/docs/charte.pdf", b"%PDF");
    s.build_ok();
    // The site's own templates get French typography too.
    assert!(s.read("404.html").contains("<p>Perdu\u{a0}?</p>"));
    assert_eq!(s.read("style.css"), "/* mon style */");
    assert!(s.exists("docs/charte.pdf"));
    assert!(
        s.read("index.html").contains("Toutes les fiches"),
        "other templates still come from the theme"
    );
}

#[test]
fn a_theme_folder_replaces_templates_and_strings_file_by_file() {
    let s = two_variants();
    s.write("fiches.toml", b"title = \"R\"\ntheme = \"sobre\"\n");
    s.write(
        "themes/sobre/templates/term.html",
        b"<h1>{{ heading }}</h1>{% for f in fiches %}<p>{{ f.title }}</p>{% endfor %}",
    );
    s.write(
        "themes/sobre/i18n/fr.toml",
        b"nav_tags = \"\xc3\x89tiquettes\"\n",
    );
    s.write("themes/sobre/static/extra.css", b"p{}");
    s.build_ok();
    assert_eq!(
        s.read("tags/accueil/index.html"),
        "<h1>Mot-clé\u{a0}: accueil</h1><p>Le comptoir des projets</p>"
    );
    assert!(s.read("index.html").contains(">Étiquettes</a>"));
    assert!(s.exists("extra.css"));
    assert!(
        s.exists("style.css"),
        "the default stylesheet is still there"
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let text = format!(
        "\u{feff}{}",
        fiche(
            "Windows",
            "2020-05-01",
            "factual",
            "",
            "## Contexte\n\nLigne."
        )
    )
    .replace('\n', "\r\n");
    let s = Site::new(&[("content/w.md", &text)]);
    s.build_ok();
    let page = s.read("fiches/w/index.html");
    assert!(page.contains("<h1>Windows</h1>"));
    assert!(!page.contains('\r'));
}

#[test]
fn the_example_site_builds_cleanly() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let r = fiches::build(
        &root,
        &fiches::BuildOptions {
            output: Some(out.clone()),
            ..Default::default()
        },
    );
    let problems: Vec<String> = r
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let built = r.built.unwrap();
    assert!(built.fiches >= 12);
    let count = |dir: &str| {
        std::fs::read_dir(out.join(dir))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().is_dir())
            .count()
    };
    assert!(count("tags") >= 12);
    assert!(count("themes") >= 5);
    let pages = snapshot(&out);
    assert!(
        pages.iter().any(|(p, _)| p.ends_with(".png")),
        "the bundle's image is published"
    );
    let home = String::from_utf8(
        pages
            .iter()
            .find(|(p, _)| p == "index.html")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    assert!(home.contains("Fiche factuelle") && home.contains("Récit d’expérience"));
}

#[test]
fn an_unchanged_site_is_not_built_again_but_its_warnings_are_shown() {
    let s = Site::new(&[
        ("fiches.toml", "title = \"R\"\n"),
        ("content/a.md", &fiche("A", "2024-01-01", "factual", "", "")),
    ]);
    let first = s.build_ok();
    assert!(!first.built.as_ref().unwrap().unchanged);
    let warnings: Vec<String> = first
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert!(!warnings.is_empty());
    let again = s.build_ok();
    assert!(again.built.as_ref().unwrap().unchanged, "nothing to do");
    assert_eq!(again.built.as_ref().unwrap().fiches, 1);
    let replayed: Vec<String> = again
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        replayed, warnings,
        "the warnings of the last build are shown again"
    );

    s.rewrite(
        "content/a.md",
        fiche("A modifiée", "2024-01-01", "factual", "", "").as_bytes(),
    );
    let edited = s.build_ok();
    assert!(!edited.built.as_ref().unwrap().unchanged);
    assert!(s.read("fiches/a/index.html").contains("A modifiée"));
    let with_drafts = s.build_with(fiches::BuildOptions {
        drafts: true,
        ..Default::default()
    });
    assert!(
        !with_drafts.built.unwrap().unchanged,
        "other options, other build"
    );
    s.write("static/nouveau.txt", b"x");
    assert!(!s.build_ok().built.unwrap().unchanged, "a new file counts");
    assert!(s.exists("nouveau.txt"));
}

#[test]
fn a_damaged_output_or_force_builds_again() {
    let s = two_variants();
    s.build_ok();
    assert!(s.build_ok().built.unwrap().unchanged);
    std::fs::remove_file(s.out().join("index.html")).unwrap();
    let repaired = s.build_ok();
    assert!(
        !repaired.built.unwrap().unchanged,
        "a missing file is noticed"
    );
    assert!(s.exists("index.html"));
    let forced = s.build_with(fiches::BuildOptions {
        force: true,
        ..Default::default()
    });
    assert!(!forced.built.unwrap().unchanged, "--force always builds");
}

#[test]
fn headings_never_take_the_ids_of_the_theme() {
    // The theme's ids hold a `:`, which heading anchors never do.
    let s = Site::new(&[(
        "content/x.md",
        &fiche(
            "X",
            "2020-05-01",
            "factual",
            "organization = \"Asso\"",
            "## Contenu\n\nTexte.\n\n## Fiche facts\n\n## Fiches facts\n",
        ),
    )]);
    s.build_ok();
    let page = s.read("fiches/x/index.html");
    let ids: Vec<&str> = page
        .match_indices(" id=\"")
        .map(|(i, _)| &page[i + 5..i + 5 + page[i + 5..].find('"').unwrap()])
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "every id is unique: {ids:?}");
    assert!(page.contains("<main id=\"fiches:contenu\""));
    assert!(page.contains("href=\"#fiches:contenu\""));
}

#[test]
fn an_index_md_at_the_root_of_content_is_an_ordinary_fiche() {
    let s = Site::new(&[
        (
            "content/index.md",
            &fiche("Accueil du réseau", "2024-01-01", "factual", "", ""),
        ),
        (
            "content/autre.md",
            &fiche("Autre", "2024-01-02", "factual", "", "[Notes](notes.txt)"),
        ),
    ]);
    s.write("content/notes.txt", b"notes");
    let r = s.build();
    assert!(s.exists("fiches/index/index.html") || r.built.is_none());
    let notes = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("notes.txt"));
    assert!(
        notes.is_some_and(|d| d.message.contains("ne sera pas publié")),
        "loose files of content/ belong to no fiche: {:?}",
        r.diagnostics
    );
}

#[test]
fn a_theme_can_word_dates_its_own_way() {
    let s = Site::new(&[
        ("fiches.toml", "title = \"R\"\ntheme = \"court\"\n"),
        ("content/a.md", &fiche("A", "2018-01-01", "factual", "", "")),
    ]);
    s.write("themes/court/i18n/fr.toml", "months = \"janv., févr., mars, avr., mai, juin, juil., août, sept., oct., nov., déc.\"\ndate_format = \"{day} {month} {year}\"\n".as_bytes());
    s.build_ok();
    let page = s.read("fiches/a/index.html");
    assert!(
        page.contains(">1er janv. 2018</time>"),
        "the first of the month keeps its wording"
    );
}

#[test]
fn long_names_and_terms_make_pages_with_short_distinct_addresses() {
    // A 300-letter tag, another sharing its first 299 letters, a tag that
    // transliteration lengthens, and a file name of 200 letters: each gets a page.
    let long = "a".repeat(300);
    let near = format!("{}b", "a".repeat(299));
    let cjk = "北京".repeat(60);
    let s = Site::new(&[(
        &format!("content/{}.md", "é".repeat(100)),
        &fiche(
            "Noms longs",
            "2024-01-01",
            "storytelling",
            &format!("tags = [\"{long}\", \"{near}\", \"{cjk}\"]"),
            "",
        ),
    )]);
    s.build_ok();
    let dirs = |rel: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(s.out().join(rel))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.contains('.'))
            .collect();
        v.sort();
        v
    };
    let tags = dirs("tags");
    assert_eq!(tags.len(), 3, "{tags:?}");
    assert!(
        tags.iter().all(|t| t.len() <= fiches::slug::MAX_LEN),
        "{tags:?}"
    );
    let pages = dirs("fiches");
    assert_eq!(pages.len(), 1);
    assert!(pages[0].starts_with("eeee") && pages[0].len() <= fiches::slug::MAX_LEN);
    assert!(s.read("tags/index.html").contains(&long));
}

#[test]
fn cards_in_lists_show_the_first_tags_and_count_the_rest() {
    let tags: Vec<String> = (1..=12).map(|i| format!("\"mot {i:02}\"")).collect();
    let s = Site::new(&[(
        "content/a.md",
        &fiche(
            "Beaucoup de mots",
            "2024-01-01",
            "storytelling",
            &format!("tags = [{}]", tags.join(", ")),
            "",
        ),
    )]);
    s.build_ok();
    let chips = |html: &str| html.matches("class=\"chip\"").count();
    // Every list showing the card: the home page and each tag's page.
    for page in [
        "index.html",
        "tags/mot-01/index.html",
        "tags/mot-12/index.html",
    ] {
        let html = s.read(page);
        assert_eq!(chips(&html), 5, "{page}");
        assert!(
            html.contains("<li class=\"chips__more\">+ 7 autres</li>"),
            "{page}"
        );
    }
    // The fiche's own page and the feed keep them all.
    let page = s.read("fiches/a/index.html");
    assert!(page.contains("mot 12") && !page.contains("chips__more"));
    assert_eq!(
        s.read("atom.xml").matches("<category term=\"mot").count(),
        12
    );
}

#[test]
fn an_english_card_says_how_many_more_tags() {
    let s = Site::new(&[
        (
            "fiches.toml",
            "title = \"Network\"\nlanguage = \"en\"\nbase_url = \"https://example.org/\"\n",
        ),
        (
            "content/a.md",
            &fiche(
                "Six tags",
                "2024-01-01",
                "storytelling",
                "tags = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]",
                "",
            ),
        ),
    ]);
    s.build_ok();
    assert!(
        s.read("index.html")
            .contains("<li class=\"chips__more\">+ 1 more</li>")
    );
}

#[test]
fn the_home_page_presents_the_network() {
    let s = Site::new(&[
        (
            "fiches.toml",
            "title = \"Réseau\"\ndescription = \"Des actions racontées.\"\npaginate = 2\n",
        ),
        (
            "content/ancienne/index.md",
            &fiche(
                "Une ancienne fiche à la une",
                "2019-01-01",
                "storytelling",
                "featured = true\nthemes = [\"Jardins\"]\nimage = \"photo.png\"\nimage_alt = \"Des bacs\"",
                "",
            ),
        ),
        (
            "content/b.md",
            &fiche(
                "B",
                "2021-01-01",
                "factual",
                "themes = [\"Quartier\", \"Jardins\"]",
                "",
            ),
        ),
        (
            "content/c.md",
            &fiche("C", "2022-01-01", "factual", "themes = [\"Quartier\"]", ""),
        ),
        (
            "content/d.md",
            &fiche("D", "2023-01-01", "factual", "themes = [\"Jardins\"]", ""),
        ),
    ]);
    s.write("content/ancienne/photo.png", &common::png(40, 30));
    s.build_ok();
    let home = s.read("index.html");
    assert!(home.contains("<p class=\"hero__lead\">Des actions racontées.</p>"));
    assert!(home.contains(
        "<form class=\"hero__search\" role=\"search\" action=\"./search/\" method=\"get\">"
    ));
    assert!(home.contains("name=\"q\""));
    // Featured first, even though it is the oldest fiche, with its cover.
    let featured = home.find("fiches:featured").unwrap();
    let latest = home.find("fiches:latest").unwrap();
    let old = home.find("Une ancienne fiche à la une").unwrap();
    assert!(
        featured < old && old < latest,
        "the featured fiche comes first"
    );
    assert!(home.contains(
        "<img class=\"card__image\" src=\"./fiches/ancienne/photo.png\" alt=\"\" width=\"40\" height=\"30\" loading=\"lazy\" decoding=\"async\">"
    ));
    // Themes as entry points, the most used first, with their counts.
    let jardins = home.find("<span class=\"theme-tile__name\">Jardins</span> <span class=\"theme-tile__count\">3 fiches</span>");
    let quartier = home.find("<span class=\"theme-tile__name\">Quartier</span> <span class=\"theme-tile__count\">2 fiches</span>");
    assert!(jardins.unwrap() < quartier.unwrap());
    // The next pages of the list are plain lists.
    let page2 = s.read("page/2/index.html");
    assert!(!page2.contains("hero") && !page2.contains("theme-tile"));
}

#[test]
fn a_long_title_is_warned_about_and_cut_in_lists_but_whole_on_its_page() {
    // Issue 22: titles had no limit and each list and related-fiches page copied them.
    let long = "Le\u{a0}jardin partagé des Buissons\u{202f}! « Récit » ".repeat(2_000);
    let long = long.trim();
    let tags = "tags = [\"jardin\"]";
    let s = Site::new(&[
        (
            "content/long.md",
            &fiche(long, "2024-03-01", "factual", tags, "Un texte.\n"),
        ),
        (
            "content/court.md",
            &fiche(
                "Un titre court",
                "2024-03-02",
                "factual",
                tags,
                "Un texte.\n",
            ),
        ),
    ]);
    let r = s.build_ok();
    let warned: Vec<&fiches::diagnostic::Diagnostic> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("le titre (`title`) fait"))
        .collect();
    assert_eq!(warned.len(), 1, "{:?}", r.diagnostics);
    assert_eq!((warned[0].line, warned[0].column), (2, 9));
    // The fiche's own page keeps it whole; lists and the related fiche's page do not.
    // Whole, with French typography (no-break spaces inside « »).
    let shown = long.replace("« ", "«\u{a0}").replace(" »", "\u{a0}»");
    assert!(
        s.read("fiches/long/index.html")
            .contains(&format!("<h1>{shown}</h1>"))
    );
    for page in [
        "index.html",
        "tags/jardin/index.html",
        "fiches/court/index.html",
    ] {
        let html = s.read(page);
        assert!(html.len() < 40_000, "{page}: {} bytes", html.len());
        assert!(
            html.contains("Le\u{a0}jardin partagé des Buissons\u{202f}!"),
            "{page}"
        );
    }
    let group = s.read("search/data/d/0.js");
    assert!(group.len() < 4_000, "{} bytes", group.len());
}

/// macOS long wrote accents decomposed (NFD) in file names, and a zip made there
/// keeps them so; people type them composed (NFC), and the reverse happens too. A
/// link, an image and a cover named either way reach the file named the other way.
#[test]
fn an_accent_typed_one_way_reaches_a_file_named_the_other_way() {
    let (nfc, nfd) = ("caf\u{e9}", "cafe\u{301}");
    let s = Site::new(&[
        (
            &format!("content/{nfd}.md") as &str,
            &fiche("Le café", "2024-05-01", "factual", "", "Texte."),
        ),
        (
            &format!("content/jardin-{nfc}/index.md"),
            &fiche(
                "Le jardin",
                "2024-05-01",
                "factual",
                &format!("image = \"{nfd}.png\"\nimage_alt = \"Le café\""),
                &format!(
                    "[Le café](../{nfc}.md)\n\n![Le plan](plan-{nfd}.png)\n\n[Le programme](programme-{nfc}.txt)"
                ),
            ),
        ),
    ]);
    s.write(
        &format!("content/jardin-{nfc}/{nfc}.png"),
        &common::png(20, 10),
    );
    s.write(
        &format!("content/jardin-{nfc}/plan-{nfc}.png"),
        &common::png(20, 10),
    );
    s.write(
        &format!("content/jardin-{nfc}/programme-{nfd}.txt"),
        b"Samedi",
    );
    let r = s.build_ok();
    let errors: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let page = s.read("fiches/jardin-cafe/index.html");
    assert!(page.contains("href=\"../cafe/\""), "{page}");
    assert!(page.contains(&format!("plan-{nfc}.png")), "{page}");
    assert!(page.contains("programme-cafe%CC%81.txt"), "{page}");
    assert!(
        page.contains(&format!("jardin-cafe/{nfc}.png")),
        "the cover: {page}"
    );
}

/// A file of a bundle whose name holds `#`, `?` or `%` is linked at an address that
/// leads to it: the browser reads `#` as the start of a fragment, `?` as a query and
/// `%20` as a space, so these are written `%23`, `%3F` and `%25` in the link.
#[test]
fn a_bundle_file_named_with_url_characters_is_linked_where_it_is() {
    let names = ["a#b.pdf", "a?b.pdf", "100%.pdf", "a%20b.pdf", "a b.pdf"];
    let body: String = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let typed = n
                .replace('%', "%25")
                .replace('#', "%23")
                .replace('?', "%3F");
            format!("[Le document {i}](<{typed}>)\n\n")
        })
        .collect();
    let cover = "image = \"le #1 ?.png\"\nimage_alt = \"Le groupe\"";
    let s = Site::new(&[(
        "content/x/index.md",
        &fiche("X", "2024-05-01", "factual", cover, &body),
    )]);
    for n in names {
        s.write(&format!("content/x/{n}"), n.as_bytes());
    }
    s.write("content/x/le #1 ?.png", &common::png(20, 10));
    s.build_ok();
    let page = s.read("fiches/x/index.html");
    assert!(
        page.contains("fiches/x/le%20%231%20%3F.png\""),
        "the cover: {page}"
    );
    assert!(!page.contains("le #1"), "{page}");
    for (i, n) in names.iter().enumerate() {
        let link = format!(">Le document {i}</a>");
        let at = page.find(&link).unwrap_or_else(|| panic!("{link}: {page}"));
        let start = page[..at].rfind("href=\"").unwrap() + 6;
        let href = &page[start..at - 1];
        // What the browser asks the server for: the path before any `?` or `#`,
        // percent-decoded.
        let asked = href.split(['?', '#']).next().unwrap();
        let decoded = percent_decode(asked.strip_prefix("../x/").unwrap());
        assert_eq!(&decoded, n, "the link {href} leads to {decoded}");
        assert_eq!(s.read(&format!("fiches/x/{decoded}")), *n);
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Issue 25, items 13, 14, 15 and 19: the date named for what it is, a draft without
/// sharing, "Budget" beside the "Moyens" section, a home page that says each thing once,
/// and a menu that marks the section a term's page belongs to.
#[test]
fn pages_say_each_thing_once_and_for_what_it_is() {
    let s = Site::new(&[
        (
            "fiches.toml",
            "title = \"Réseau\"\nbase_url = \"https://exemple.org/\"\n[fields.competences]\nlabel = \"Compétences\"\ntype = \"list\"\nfilter = true\n[variants.factual]\nfields = [\"budget\", \"competences\"]\n[network]\nname = \"Le réseau\"\nurl = \"https://reseau.exemple.org/\"\n",
        ),
        (
            "content/a.md",
            &fiche(
                "Une fiche à la une",
                "2024-01-01",
                "factual",
                "featured = true\nbudget = \"1 200 €\"\ncompetences = [\"Écoute\"]\ntags = [\"jardin\"]\nupdated = 2024-06-01",
                "## Moyens\n\nUne salle.",
            ),
        ),
        (
            "content/b.md",
            &fiche("Une autre fiche", "2023-01-01", "factual", "", ""),
        ),
        (
            "content/c.md",
            &fiche("Un brouillon", "2023-02-01", "factual", "draft = true", ""),
        ),
    ]);
    s.build_with(fiches::BuildOptions {
        drafts: true,
        ..Default::default()
    });
    let home = s.read("index.html");
    assert_eq!(
        home.matches(">Une fiche à la une</a>").count(),
        1,
        "a featured fiche is not repeated in the latest: {home}"
    );
    assert!(home.contains(">Une autre fiche</a>"));
    assert_eq!(
        home[home.find("<body").unwrap()..]
            .matches(">Réseau<")
            .count(),
        1,
        "the title once: {home}"
    );
    assert!(
        home.contains("Un site du réseau <a href=\"https://reseau.exemple.org/\">Le réseau</a>")
    );
    assert!(
        s.read("tags/index.html")
            .contains("<a class=\"brand\" href=\"../\">Réseau</a>"),
        "other pages keep the site's name"
    );
    let page = s.read("fiches/a/index.html");
    assert!(
        page.contains("Date de l’action\u{a0}: <time datetime=\"2024-01-01\">"),
        "{page}"
    );
    assert!(page.contains("fiche mise à jour le <time datetime=\"2024-06-01\">"));
    assert!(!page.contains("Publiée le"));
    assert!(
        page.contains("<dt>Budget</dt>") && page.contains("<h2 id=\"moyens\">Moyens"),
        "{page}"
    );
    assert!(page.contains("class=\"share\"") && page.contains("fiche-badge-code"));
    let draft = s.read("fiches/c/index.html");
    assert!(draft.contains("draft-notice"));
    assert!(
        !draft.contains("class=\"share\"") && !draft.contains("fiche-badge-code"),
        "a draft is not shared: {draft}"
    );
    let term = s.read("competences/ecoute/index.html");
    assert!(
        term.contains("<a href=\"../../competences/\" aria-current=\"true\">Compétences</a>"),
        "{term}"
    );
    assert!(
        s.read("tags/jardin/index.html")
            .contains("<a href=\"../../tags/\" aria-current=\"true\">")
    );
    let list = s.read("competences/index.html");
    assert!(list.contains("<a href=\"../competences/\" aria-current=\"page\">Compétences</a>"));
    assert!(list.contains("<p class=\"lead\">Chaque entrée de «\u{a0}Compétences\u{a0}» mène aux fiches qui la citent.</p>"), "{list}");
}

/// French typography (no-break spaces, typographic apostrophes) reaches every text a
/// page shows of a fiche (its title, summary, testimonies), never its attributes, the feeds or `fiches.json`; an English site is
/// left as written.
#[test]
fn fiche_values_shown_as_text_get_french_typography() {
    let page = |lang: &str| {
        let site = Site::new(&[
            (
                "fiches.toml",
                &format!(
                    "title = \"Réseau\"\nlanguage = \"{lang}\"\nbase_url = \"https://exemple.org/\"\n"
                ),
            ),
            (
                "content/jardin.md",
                "+++\ntitle = \"Le jardin : « partagé » ?\"\ndate = 2024-03-14\nvariant = \"storytelling\"\nsummary = \"Un jardin ; des tomates !\"\nauthors = [\"Aïcha\"]\n\n[[testimonies]]\nname = \"Awa\"\nquote = \"C'est « top » !\"\nconsent = true\n+++\n\n## Le récit\n\nDu texte.\n",
            ),
        ]);
        site.build_ok();
        let read = |rel: &str| site.read(rel);
        (
            read("fiches/jardin/index.html"),
            read("index.html"),
            [read("atom.xml"), read("fiches.json"), read("feed.json")],
        )
    };
    let (fiche, home, machine) = page("fr");
    let title = "Le jardin\u{a0}: «\u{a0}partagé\u{a0}»\u{a0}?";
    assert!(fiche.contains(&format!("<h1>{title}</h1>")), "{fiche}");
    assert!(fiche.contains(&format!("<title>{title}")), "{fiche}");
    assert!(
        fiche.contains("Un jardin\u{a0}; des tomates\u{a0}!"),
        "{fiche}"
    );
    assert!(fiche.contains("C’est «\u{a0}top\u{a0}»\u{a0}!"), "{fiche}");
    assert!(home.contains(title), "{home}");
    // Attributes as written (scripts, JSON-LD among them, are the unit tests').
    assert!(
        fiche.contains("content=\"Le jardin : « partagé » ?\""),
        "{fiche}"
    );
    assert!(
        fiche.contains("content=\"Un jardin ; des tomates !\""),
        "{fiche}"
    );
    for file in &machine {
        assert!(file.contains("Le jardin : « partagé » ?"), "{file}");
        assert!(!file.contains("jardin\u{a0}:"), "{file}");
    }
    let (fiche, ..) = page("en");
    assert!(
        fiche.contains("<h1>Le jardin : « partagé » ?</h1>"),
        "{fiche}"
    );
    assert!(fiche.contains("C&#39;est « top » !"), "{fiche}");
}
