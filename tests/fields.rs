//! Fields a site declares in `fiches.toml` (`[fields.NAME]`) are read, checked,
//! shown in the "En bref" box, exported in `fiches.json` and described in its JSON
//! Schema, and scaffolded by `fiches new`.

mod common;

use common::{Site, fiche};

const CONFIG: &str = r#"title = "Réseau test"
base_url = "https://exemple.org/reseau/"

[fields.competences]
label = "Compétences mobilisées"
type = "choices"
help = "Les savoir-faire que l'action a demandés."
values = ["Médiation", "Animation", "Accompagnement"]
filter = true

[fields.methode]
label = "Méthode"
type = "long-text"

[fields.financement]
label = "Financement"
type = "choice"
values = ["Public", "Privé", "Mixte"]

[fields.site_web]
label = "Site web"
type = "url"

[fields.participants]
label = "Participants"
type = "number"

[fields.bilan]
label = "Date du bilan"
type = "date"

[variants.job]
label = "Fiche métier"
fields = ["contact", "competences", "methode", "financement", "site_web", "participants", "bilan"]
required_fields = ["competences", "financement"]
"#;

fn site() -> Site {
    let extra = r#"competences = ["Médiation", "Animation"]
methode = "Des permanences, puis des ateliers."
financement = "Mixte"
site_web = "https://exemple.org/mediation"
participants = 42
bilan = 2024-06-30"#;
    Site::new(&[
        ("fiches.toml", CONFIG),
        (
            "content/mediatrice.md",
            &fiche(
                "Médiatrice de quartier",
                "2024-03-14",
                "job",
                extra,
                "Corps.",
            ),
        ),
    ])
}

#[test]
fn declared_fields_are_shown_with_their_labels() {
    let s = site();
    s.build_ok();
    let page = s.read("fiches/mediatrice/index.html");
    let facts = &page[page.find("class=\"facts\"").expect("the En bref box")..];
    for shown in [
        "<dt>Compétences mobilisées</dt><dd><ul><li><a href=\"../../competences/mediation/\">Médiation</a></li><li><a href=\"../../competences/animation/\">Animation</a></li></ul>",
        "<dt>Méthode</dt><dd>Des permanences, puis des ateliers.</dd>",
        "<dt>Financement</dt><dd>Mixte</dd>",
        "<a href=\"https://exemple.org/mediation\">https://exemple.org/mediation</a>",
        "<dt>Participants</dt><dd>42</dd>",
        "<dt>Date du bilan</dt><dd>30 juin 2024</dd>",
    ] {
        assert!(facts.contains(shown), "{shown} in {facts}");
    }
    // In the order the variant lists them, not alphabetical.
    let at = |label: &str| facts.find(&format!("<dt>{label}</dt>")).unwrap();
    assert!(at("Compétences mobilisées") < at("Méthode"));
    assert!(at("Méthode") < at("Financement"));
    assert!(at("Participants") < at("Date du bilan"));
}

#[test]
fn declared_fields_are_exported_and_described() {
    let s = site();
    s.build_ok();
    let data: serde_json::Value = serde_json::from_str(&s.read("fiches.json")).unwrap();
    let fields = &data["fiches"][0]["fields"];
    assert_eq!(
        fields["competences"],
        serde_json::json!(["Médiation", "Animation"])
    );
    assert_eq!(fields["participants"], serde_json::json!(42));
    assert_eq!(fields["bilan"], "2024-06-30");
    let schema: serde_json::Value = serde_json::from_str(&s.read("fiches.schema.json")).unwrap();
    let props = &schema["$defs"]["fiche"]["properties"]["fields"]["properties"];
    assert_eq!(
        props["competences"]["items"]["enum"],
        serde_json::json!(["Médiation", "Animation", "Accompagnement"])
    );
    assert_eq!(props["financement"]["title"], "Financement");
    assert_eq!(props["site_web"]["format"], "uri");
    assert_eq!(props["participants"]["type"], "number");
    // The built-in fields are described in the same words as the form's.
    let builtin = &schema["$defs"]["fiche"]["properties"];
    assert_eq!(builtin["summary"]["title"], "Résumé");
    assert_eq!(builtin["organization"]["title"], "Structure porteuse");
}

#[test]
fn a_new_fiche_of_a_variant_with_declared_fields_passes_check() {
    let s = Site::new(&[("fiches.toml", CONFIG)]);
    let today = fiches::lang::Date::parse_iso("2024-05-01").unwrap();
    let made = fiches::new_fiche(s.path(), "Un métier", "job", false, today);
    let rel = made.unwrap_or_else(|f| panic!("{:?}", f.diagnostics)).path;
    let text = std::fs::read_to_string(s.path().join(&rel)).unwrap();
    // Required fields are filled with accepted values, the others explained.
    assert!(text.contains("competences = [\"Médiation\"]"), "{text}");
    assert!(text.contains("financement = \"Public\""), "{text}");
    assert!(
        text.contains("# site_web = \"https://exemple.org/\""),
        "{text}"
    );
    assert!(text.contains("Les savoir-faire que l'action a demandés."));
    let report = fiches::check(s.path());
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_filterable_field_has_its_index_pages() {
    let s = site();
    s.build_ok();
    let index = s.read("competences/index.html");
    assert!(index.contains("<h1>Compétences mobilisées</h1>"), "{index}");
    assert!(index.contains("competences/mediation/"));
    let term = s.read("competences/mediation/index.html");
    assert!(
        term.contains("Compétences mobilisées\u{a0}: Médiation"),
        "{term}"
    );
    assert!(term.contains("Médiatrice de quartier"));
    assert!(
        !s.exists("competences/accompagnement/index.html"),
        "no page for a value no fiche has"
    );
    assert!(s.read("sitemap.xml").contains("competences/animation/"));
    // A field that is not filterable has no pages.
    assert!(!s.exists("financement/index.html"));
}

#[test]
fn the_contribution_page_is_linked_from_every_page_unless_turned_off() {
    let s = site();
    s.build_ok();
    assert!(s.exists("proposer/index.html"));
    assert!(s.read("index.html").contains("href=\"./proposer/\""));
    assert!(
        s.read("fiches/mediatrice/index.html")
            .contains("href=\"../../proposer/\"")
    );
    let form = s.read("proposer/index.html");
    assert!(form.contains("id=\"fiches-form-data\""));
    assert!(
        form.contains("\"competences\""),
        "the form knows the site's fields"
    );

    let english = Site::new(&[(
        "fiches.toml",
        "title = \"Network\"\nlanguage = \"en\"\nbase_url = \"https://example.org/\"\n",
    )]);
    english.build_ok();
    assert!(english.exists("contribute/index.html"));

    s.write(
        "fiches.toml",
        format!("contribute = false\n{CONFIG}").as_bytes(),
    );
    s.build_ok();
    assert!(!s.exists("proposer/index.html"));
    assert!(!s.read("index.html").contains("proposer/"));
}

#[test]
fn values_outside_a_long_choice_list_get_one_close_suggestion_and_a_short_hint() {
    let values: Vec<String> = (0..1_000).map(|i| format!("\"quartier {i:04}\"")).collect();
    let config = format!(
        "title = \"T\"\n[fields.quartier]\ntype = \"choice\"\nvalues = [{}]\n\
         [fields.quartiers]\ntype = \"choices\"\nvalues = [{}]\n\
         [variants.factual]\nfields = [\"quartier\", \"quartiers\"]\n",
        values.join(", "),
        values.join(", ")
    );
    let mut files = vec![("fiches.toml".to_string(), config)];
    for i in 0..40 {
        files.push((
            format!("content/f{i}.md"),
            fiche(
                &format!("F{i}"),
                "2024-01-01",
                "factual",
                "quartier = \"quartier 0421x\"\nquartiers = [\"Jardin partagé\"]",
                "## Contexte\n## Objectifs\n## Actions menées\n## Résultats",
            ),
        ));
    }
    let s = Site::owned(&files);
    let r = fiches::check(s.path());
    let unknown: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("valeur inconnue"))
        .collect();
    assert_eq!(unknown.len(), 80, "{:#?}", r.diagnostics);
    for d in &unknown {
        let hint = d.hint.as_deref().unwrap_or("");
        assert!(hint.ends_with(" et 970 autres"), "{hint}");
        assert!(hint.len() < 600, "{}", hint.len());
        if d.message.contains("0421x") {
            assert_eq!(
                d.label.as_deref(),
                Some("vouliez-vous dire « quartier 0421 » ?")
            );
        } else {
            assert_eq!(d.label, None, "nothing close: {:?}", d.label);
        }
    }
}
