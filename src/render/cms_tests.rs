//! The CMS's configuration and page, as the schema and `[cms]` make them.

use super::*;
use crate::config::{DECAP_INTEGRITY, DECAP_URL, parse};
use crate::render::yaml::Yaml;
use crate::schema::FORM_FIELDS;

const SITE: &str = r#"title = "Réseau <Léman> & co"
base_url = "https://exemple.org/reseau/"
repository = "https://github.com/reseau/fiches"

[fields.public_age]
label = "Âge du public"
type = "choices"
values = ["enfants", "adultes"]
help = "Qui venait."

[fields.lieu]
label = "Lieu"
type = "choice"
values = ["ville", "campagne"]

[fields.site_web]
label = "Site"
type = "url"

[fields.courriel]
label = "Courriel"
type = "email"

[fields.participants]
label = "Participants"
type = "number"

[fields.fin]
label = "Fin"
type = "date"

[fields.recit_long]
label = "Récit long"
type = "long-text"

[fields.outils]
label = "Outils"
type = "list"

[fields.note]
label = "Note"
type = "text"

[variants.factual]
fields = ["period", "public_age", "lieu", "site_web", "courriel", "participants", "fin", "recit_long", "outils"]
required_fields = ["lieu"]

[variants.atelier]
label = "Atelier"
fields = ["note"]
required_sections = ["Déroulé"]

[taxonomies.themes]
terms = ["Santé", "Logement"]

[cms]
"#;

fn cfg(toml: &str) -> Config {
    let (cfg, diags) = parse(toml);
    cfg.unwrap_or_else(|| panic!("{diags:?}"))
}

fn tree(toml: &str) -> Yaml {
    config(&cfg(toml)).unwrap()
}

fn seq(y: &Yaml) -> &[Yaml] {
    match y {
        Yaml::Seq(items) => items,
        other => panic!("not a list: {other:?}"),
    }
}

fn s<'a>(y: &'a Yaml, key: &str) -> &'a str {
    y.get(key)
        .and_then(Yaml::as_str)
        .unwrap_or_else(|| panic!("no {key} in {y:?}"))
}

fn collection<'a>(root: &'a Yaml, name: &str) -> &'a Yaml {
    seq(root.get("collections").unwrap())
        .iter()
        .find(|c| s(c, "name") == name)
        .unwrap_or_else(|| panic!("no collection {name}"))
}

fn field<'a>(c: &'a Yaml, name: &str) -> &'a Yaml {
    seq(c.get("fields").unwrap())
        .iter()
        .find(|f| s(f, "name") == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

fn names(c: &Yaml) -> Vec<&str> {
    seq(c.get("fields").unwrap())
        .iter()
        .map(|f| s(f, "name"))
        .collect()
}

#[test]
fn one_collection_per_variant_filtered_on_it() {
    let root = tree(SITE);
    let names: Vec<&str> = seq(root.get("collections").unwrap())
        .iter()
        .map(|c| s(c, "name"))
        .collect();
    assert_eq!(names, ["factual", "storytelling", "event", "atelier"]);
    for name in names {
        let c = collection(&root, name);
        assert_eq!(s(c, "folder"), "content");
        assert_eq!(s(c, "format"), "toml-frontmatter");
        assert_eq!(s(c, "path"), "{{slug}}/index");
        assert_eq!(s(c, "media_folder"), "", "photos go with the fiche");
        let filter = c.get("filter").unwrap();
        assert_eq!((s(filter, "field"), s(filter, "value")), ("variant", name));
        let variant = field(c, "variant");
        assert_eq!(
            (s(variant, "widget"), s(variant, "default")),
            ("hidden", name)
        );
    }
    assert_eq!(s(collection(&root, "atelier"), "label"), "Atelier");
}

#[test]
fn a_variant_shows_its_fields_in_its_order() {
    let root = tree(SITE);
    let factual = names(collection(&root, "factual"));
    let mut expected = vec!["variant"];
    expected.extend(FORM_FIELDS);
    expected.extend([
        "period",
        "public_age",
        "lieu",
        "site_web",
        "courriel",
        "participants",
        "fin",
        "recit_long",
        "outils",
    ]);
    expected.extend(EDITOR_FIELDS);
    expected.push("body");
    assert_eq!(factual, expected);
    let story = names(collection(&root, "storytelling"));
    assert!(story.contains(&"testimonies") && !story.contains(&"period"));
    // A fiche names the event it came from; an event does not.
    assert!(story.contains(&"event"));
    let event = collection(&root, "event");
    assert!(!names(event).contains(&"event") && names(event).contains(&"start"));
    let came_from = field(collection(&root, "factual"), "event");
    assert_eq!(s(came_from, "widget"), "string");
    assert_eq!(s(came_from, "label"), "Événement d'origine");
    let atelier = names(collection(&root, "atelier"));
    assert!(atelier.contains(&"note") && !atelier.contains(&"lieu"));
}

#[test]
fn every_type_has_its_widget() {
    let root = tree(SITE);
    let c = collection(&root, "factual");
    let widget = |name: &str| s(field(c, name), "widget").to_string();
    assert_eq!(widget("title"), "string");
    assert_eq!(widget("summary"), "text");
    assert_eq!(widget("recit_long"), "text");
    assert_eq!(widget("authors"), "list");
    assert_eq!(widget("outils"), "list");
    assert_eq!(widget("image"), "image");
    assert_eq!(widget("draft"), "boolean");
    assert_eq!(widget("body"), "markdown");
    for date in ["date", "fin", "updated"] {
        let f = field(c, date);
        assert_eq!(s(f, "widget"), "datetime");
        assert_eq!(s(f, "format"), "YYYY-MM-DD", "what fiches reads");
        assert_eq!(f.get("time_format"), Some(&Yaml::Bool(false)));
    }
    for (name, pattern) in [("site_web", URL_PATTERN), ("courriel", EMAIL_PATTERN)] {
        let f = field(c, name);
        assert_eq!(s(f, "widget"), "string");
        assert_eq!(seq(f.get("pattern").unwrap())[0].as_str(), Some(pattern));
    }
    let n = field(c, "participants");
    assert_eq!((s(n, "widget"), s(n, "value_type")), ("number", "float"));
    let one = field(c, "lieu");
    assert_eq!(s(one, "widget"), "select");
    assert_eq!(
        one.get("options"),
        Some(&Yaml::Seq(vec![Yaml::str("ville"), Yaml::str("campagne")]))
    );
    assert_eq!(one.get("multiple"), None);
    let many = field(c, "public_age");
    assert_eq!(many.get("multiple"), Some(&Yaml::Bool(true)));
    // A closed term list is a choice among its terms.
    let themes = field(c, "themes");
    assert_eq!(s(themes, "widget"), "select");
    assert_eq!(
        themes.get("options"),
        Some(&Yaml::Seq(vec![Yaml::str("Santé"), Yaml::str("Logement")]))
    );
    assert_eq!(s(field(c, "tags"), "widget"), "list");
}

#[test]
fn testimonies_are_a_list_of_name_role_quote_and_consent() {
    let root = tree(SITE);
    let t = field(collection(&root, "storytelling"), "testimonies");
    assert_eq!(s(t, "widget"), "list");
    assert_eq!(
        t.get("default"),
        Some(&Yaml::Seq(vec![])),
        "no empty testimony to start with"
    );
    let parts = seq(t.get("fields").unwrap());
    let keys: Vec<&str> = parts.iter().map(|p| s(p, "name")).collect();
    assert_eq!(keys, ["name", "role", "quote", "consent"]);
    let widgets: Vec<&str> = parts.iter().map(|p| s(p, "widget")).collect();
    assert_eq!(widgets, ["string", "string", "text", "boolean"]);
    let optional: Vec<&str> = parts
        .iter()
        .filter(|p| p.get("required") == Some(&Yaml::Bool(false)))
        .map(|p| s(p, "name"))
        .collect();
    assert_eq!(optional, ["role"]);
}

#[test]
fn required_fields_are_required_and_help_is_a_hint() {
    let root = tree(SITE);
    let c = collection(&root, "factual");
    let required = |name: &str| field(c, name).get("required") != Some(&Yaml::Bool(false));
    for name in ["title", "date", "summary", "lieu"] {
        assert!(required(name), "{name}");
    }
    for name in [
        "authors",
        "collective",
        "period",
        "public_age",
        "image",
        "draft",
    ] {
        assert!(!required(name), "{name}");
    }
    assert_eq!(s(field(c, "public_age"), "hint"), "Qui venait.");
    assert_eq!(
        s(field(c, "title"), "hint"),
        "Le titre de la fiche : ce qui a été fait, en quelques mots."
    );
    assert_eq!(field(c, "site_web").get("hint"), None, "no help, no hint");
    // Not required in another variant.
    let atelier = collection(&root, "atelier");
    assert!(atelier.get("fields").is_some());
}

#[test]
fn the_body_starts_with_the_variants_sections() {
    let root = tree(SITE);
    let body = field(collection(&root, "atelier"), "body");
    assert!(
        s(body, "default").starts_with("## Déroulé\n\n<!-- "),
        "{body:?}"
    );
    let story = field(collection(&root, "storytelling"), "body");
    assert!(s(story, "default").contains("## Le récit\n"));
}

fn backend_of(repository: &str, cms: &str) -> (Yaml, Option<String>) {
    let root = tree(&format!(
        "title = \"R\"\nrepository = \"{repository}\"\n[cms]\n{cms}"
    ));
    (
        root.get("backend").unwrap().clone(),
        root.get("publish_mode")
            .and_then(Yaml::as_str)
            .map(String::from),
    )
}

#[test]
fn the_backend_comes_from_the_forge() {
    let workflow = Some("editorial_workflow".to_string());
    let (b, w) = backend_of("https://github.com/reseau/fiches/tree/prod/site", "");
    assert_eq!(
        (s(&b, "name"), s(&b, "repo"), s(&b, "branch")),
        ("github", "reseau/fiches", "prod")
    );
    assert_eq!((b.get("api_root"), &w), (None, &workflow));
    let (b, w) = backend_of("https://gitlab.com/groupe/sous/fiches", "");
    assert_eq!(
        (s(&b, "name"), s(&b, "repo")),
        ("gitlab", "groupe/sous/fiches")
    );
    assert_eq!((b.get("api_root"), &w), (None, &workflow));
    let (b, _) = backend_of("https://gitlab.exemple.org/r/f", "app_id = \"abc\"\n");
    assert_eq!(s(&b, "api_root"), "https://gitlab.exemple.org/api/v4");
    assert_eq!((s(&b, "auth_type"), s(&b, "app_id")), ("pkce", "abc"));
    // Codeberg (Forgejo): Decap's gitea backend, which has no editorial workflow.
    let (b, w) = backend_of("https://codeberg.org/reseau/fiches", "");
    assert_eq!((s(&b, "name"), s(&b, "repo")), ("gitea", "reseau/fiches"));
    assert_eq!(
        (s(&b, "api_root"), s(&b, "base_url")),
        ("https://codeberg.org/api/v1", "https://codeberg.org")
    );
    assert_eq!(w, None);
    let (b, w) = backend_of(
        "https://codeberg.org/reseau/fiches",
        "backend = \"forgejo\"\n",
    );
    assert_eq!((s(&b, "name"), w), ("forgejo", workflow.clone()));
    let (b, _) = backend_of("https://github.com/r/f", "app_id = \"abc\"\n");
    assert_eq!(
        (b.get("app_id"), b.get("auth_type")),
        (None, None),
        "GitHub signs in through auth_url"
    );
    let (b, w) = backend_of(
        "https://github.com/r/f",
        "branch = \"cms\"\neditorial_workflow = false\nauth_url = \"https://auth.exemple.org\"\n",
    );
    assert_eq!(
        (s(&b, "branch"), s(&b, "base_url"), w),
        ("cms", "https://auth.exemple.org", None)
    );
}

#[test]
fn the_sites_folder_in_the_repository_prefixes_its_paths() {
    let root = tree(
        "title = \"R\"\nrepository = \"https://github.com/r/f/tree/main/sites/reseau\"\n[cms]\n",
    );
    assert_eq!(s(&root, "media_folder"), "sites/reseau/static");
    assert_eq!(
        s(collection(&root, "factual"), "folder"),
        "sites/reseau/content"
    );
}

#[test]
fn the_page_loads_the_pinned_app_in_the_sites_language() {
    let page = admin_page(&cfg(SITE)).unwrap();
    assert!(page.contains("<html lang=\"fr\">"));
    assert!(page.contains("<title>Modifier les fiches — Réseau &lt;Léman&gt; &amp; co</title>"));
    assert!(page.contains(&format!(
        "<script src=\"{DECAP_URL}\" integrity=\"{DECAP_INTEGRITY}\" crossorigin=\"anonymous\">"
    )));
    assert!(
        page.contains(r#"CMS.init({ config: {"local_backend":true,"locale":"fr"} });"#),
        "{page}"
    );
    assert!(page.contains("name: \"preSave\""));
    let en = admin_page(&cfg(
        "language = \"en\"\ntitle = \"N\"\nrepository = \"https://github.com/r/f\"\n[cms]\napp_url = \"/cms/decap.js\"\n",
    ))
    .unwrap();
    assert!(en.contains("<html lang=\"en\">") && en.contains("Edit the sheets"));
    assert!(
        en.contains("<script src=\"/cms/decap.js\" crossorigin=\"anonymous\">"),
        "no hash given, none written"
    );
    assert!(en.contains("\"locale\":\"en\""));
    let yml = config_yml(&cfg(SITE)).unwrap();
    assert!(yml.starts_with("# Écrit par fiches"));
    assert!(config_yml(&cfg("title = \"R\"\n")).is_none());
}

/// The page escapes the site's title as every page does (one escape for the whole
/// program): quotes escaped, and the characters HTML reads as parse errors taken out.
#[test]
fn the_pages_title_is_escaped_as_every_page_escapes() {
    let page = admin_page(&cfg(
        "title = \"L'«\\\"atelier\\\"»\\u0001\\uFFFE <b>\"\nrepository = \"https://github.com/r/f\"\n[cms]\n",
    ))
    .unwrap();
    assert!(
        page.contains("<title>Modifier les fiches — L&#39;«&quot;atelier&quot;» &lt;b&gt;</title>"),
        "{page}"
    );
    assert!(!page.contains(['\u{1}', '\u{fffe}']));
}
