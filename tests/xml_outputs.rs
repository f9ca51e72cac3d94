//! Every XML output (Atom, podcast, sitemap, badges) stays well-formed, and no page
//! holds a character XML 1.0 forbids, whatever the authors typed: Word's manual line
//! break (U+000B, which the contribution form writes as `\u000B`), U+0000, U+FFFE.

mod common;

use common::Site;

/// Hostile characters as TOML escapes them, and one raw in the body.
const H: &str = "\\u000B\\u0000\\uFFFE\\u000C\\u001F\\u007F\\u0085";

fn hostile() -> Site {
    let config = format!(
        "title = \"Réseau{H} test\"\ndescription = \"Des{H} actions\"\n\
         base_url = \"https://exemple.org/reseau/\"\n\n\
         [network]\nname = \"Léman{H} & Solidaire\"\nurl = \"https://reseau.exemple.org/\"\n\n\
         [podcast]\nauthor = \"Radio{H}\"\n"
    );
    let fiche = format!(
        "+++\ntitle = \"Ligne{H}suivante <b>\"\ndate = 2024-03-01\nvariant = \"factual\"\n\
         summary = \"Résumé{H} & co\"\nauthors = [\"Aï{H}cha\", \"Zoé\"]\ncollective = \"Col{H}lectif\"\n\
         tags = [\"jar{H}din\", \"été\"]\nthemes = [\"Sol{H}idarité\"]\n+++\n\
         Un corps avec\u{b}un saut, \u{0} un nul, \u{fffe} et \u{7} une cloche.\n\n![Son](son.wav)\n"
    );
    let s = Site::new(&[("fiches.toml", &config), ("content/radio/index.md", &fiche)]);
    s.write("content/radio/son.wav", b"RIFF\0\0\0\0WAVE");
    s
}

fn unfit(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

#[test]
fn feeds_sitemap_and_badges_parse_on_hostile_input() {
    let s = hostile();
    s.build_ok();
    for file in [
        "atom.xml",
        "podcast.xml",
        "sitemap.xml",
        "badge/network.svg",
        "badge/fiche.svg",
    ] {
        let xml = s.read(file);
        if let Err(e) = roxmltree::Document::parse(&xml) {
            panic!("{file} is not XML: {e}\n{xml}");
        }
    }
    // The words stay apart where the line broke, and markup stays text.
    let atom = s.read("atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let entry = doc.descendants().find(|n| n.has_tag_name("entry")).unwrap();
    let title = entry.children().find(|n| n.has_tag_name("title")).unwrap();
    let title = title.text().unwrap();
    assert_eq!(title, "Ligne   suivante <b>");
    let categories: Vec<&str> = entry
        .children()
        .filter(|n| n.has_tag_name("category"))
        .filter_map(|n| n.attribute("term"))
        .collect();
    assert_eq!(categories.len(), 3, "{categories:?}");
    let svg = s.read("badge/network.svg");
    assert!(svg.contains("Léman    &amp; Solidaire"), "{svg}");
}

#[test]
fn no_page_holds_a_character_xml_forbids() {
    let s = hostile();
    s.build_ok();
    let mut seen = 0;
    for (path, bytes) in common::snapshot(&s.out()) {
        let is_text = [".html", ".xml", ".svg"].iter().any(|e| path.ends_with(e));
        if !is_text {
            continue;
        }
        seen += 1;
        let text = String::from_utf8(bytes).unwrap();
        if let Some(c) = text.chars().find(|c| unfit(*c)) {
            panic!("{path} holds {c:?}");
        }
    }
    assert!(seen > 10, "{seen} pages");
    let page = s.read("fiches/radio/index.html");
    assert!(page.contains("Un corps avec un saut,"), "{page}");
}

#[test]
fn check_names_the_invisible_character_where_it_is() {
    let s = hostile();
    let r = fiches::check(s.path());
    let found = |location: &str| {
        r.diagnostics
            .iter()
            .find(|d| d.location() == location)
            .unwrap_or_else(|| panic!("nothing at {location}: {:#?}", r.diagnostics))
    };
    let title = found("content/radio/index.md:2:9");
    assert_eq!(title.severity, fiches::Severity::Warning);
    assert_eq!(
        title.message,
        "`title` contient un saut de ligne forcé (U+000B, Maj+Entrée dans Word) : il devient une espace dans les pages et les flux"
    );
    assert!(title.hint.as_deref().unwrap().contains("Ctrl+Maj+V"));
    // Each item of a list, and the site's own settings.
    assert!(
        found("content/radio/index.md:8:9")
            .message
            .starts_with("`tags` contient")
    );
    assert!(
        found("fiches.toml:6:8")
            .message
            .starts_with("`name` contient")
    );
    assert!(!r.has_errors());
    assert_eq!(
        found("content/radio/index.md:5:11").message,
        "`summary` contient un saut de ligne forcé (U+000B, Maj+Entrée dans Word) : il devient une espace dans les pages et les flux"
    );

    for (language, expected) in [
        (
            "en",
            "`title` holds an invisible character (U+0000): it is left out of pages and feeds",
        ),
        (
            "fr",
            "`title` contient un caractère invisible (U+0000) : il est retiré des pages et des flux",
        ),
    ] {
        let config = format!("title = \"T\"\nlanguage = \"{language}\"\n");
        let s = Site::new(&[
            ("fiches.toml", config.as_str()),
            (
                "content/a.md",
                "+++\ntitle = \"A\\u0000b\"\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = \"S\"\nauthors = [\"X\"]\n+++\nText.\n",
            ),
        ]);
        let r = fiches::check(s.path());
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.location() == "content/a.md:2:9")
            .unwrap();
        assert_eq!(d.message, expected);
    }
}

/// `s` as a TOML basic string, every character but plain ASCII escaped.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            ' ' | '!' | '#'..='[' | ']'..='~' => out.push(c),
            c if u32::from(c) <= 0xffff => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08X}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Whatever a title, a summary, an author, a tag or the network's name holds,
    /// the feed, the sitemap and the badges parse.
    #[test]
    fn any_text_keeps_the_xml_outputs_well_formed(text in "\\PC{0,12}[\\x00-\\x1f\\u{fffe}\\u{ffff}\\u{85}]{1,3}\\PC{0,12}") {
        let t = toml_string(&format!("a{text}"));
        let config = format!(
            "title = {t}\nbase_url = \"https://e.org/\"\n[network]\nname = {t}\nurl = \"https://r.org/\"\n"
        );
        let fiche = format!(
            "+++\ntitle = {t}\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = {t}\nauthors = [{t}]\ntags = [{t}]\n+++\nTexte {text}.\n"
        );
        let sources = fiches::sources::Sources::in_memory(
            &config,
            vec![(std::path::PathBuf::from("content/a.md"), fiche.into_bytes())],
        );
        let p = fiches::project::Project::assemble(sources, &Default::default());
        let p = match p {
            Ok(p) => p,
            Err(f) => panic!("{:#?}", f.diagnostics),
        };
        for file in ["atom.xml", "sitemap.xml", "badge/network.svg", "badge/fiche.svg"] {
            let page = p.page(file).unwrap();
            let xml = std::str::from_utf8(&page.bytes).unwrap();
            proptest::prop_assert!(roxmltree::Document::parse(xml).is_ok(), "{file}: {xml}");
        }
        let markup = |p: &&fiches::output::Page| [".html", ".xml", ".svg"].iter().any(|e| p.path.ends_with(e));
        for page in p.generated.pages.iter().filter(markup) {
            let text = String::from_utf8_lossy(&page.bytes);
            proptest::prop_assert!(!text.chars().any(unfit), "{}", page.path);
        }
    }
}
