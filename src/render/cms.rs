//! The CMS at `admin/`, made from the schema: `config.yml` for Decap CMS (Sveltia CMS
//! loads the same file), one collection per variant with its fields in order, and the
//! page that loads the application.

use std::collections::{HashMap, HashSet};

use super::yaml::{Yaml, document};
use crate::config::{Cms, Config, Forge};
use crate::escape::escape;
use crate::lang::Lang;
use crate::schema::{
    Field, FieldType, REQUIRED_FIELDS, TESTIMONY_REQUIRED, Variant, sections_body, testimony_fields,
};

/// Fields of the schema the CMS shows after the variant's own: the cover photo, kept
/// with the fiche, and what an editor changes later. `slug` (changing it would break
/// links) and `featured` (the editors' choice) are left to the file, and kept as they are.
const EDITOR_FIELDS: [&str; 4] = ["image", "image_alt", "updated", "draft"];

/// The `date` widget's settings: what it writes is what `fiches` reads (`2026-12-07`,
/// a quoted text), with no time and no shift of time zone.
const STORED_DATE: &str = "YYYY-MM-DD";

/// `pattern` of the URL and e-mail fields, as `schema::is_url` and `is_email` judge.
const URL_PATTERN: &str = r"^https?://[^\s/?#]*\.[^\s/?#]*([/?#]\S*)?$";
const EMAIL_PATTERN: &str = r"^[^\s@]+@[^\s@.][^\s@]*\.[^\s@]*[^\s@.]$";

/// `admin/config.yml`; `None` without `[cms]` or a repository.
pub fn config_yml(cfg: &Config) -> Option<String> {
    let head = cfg.language.pick(
        "# Écrit par fiches à partir de fiches.toml ([cms]) : modifiez fiches.toml plutôt que ce fichier.\n",
        "# Written by fiches from fiches.toml ([cms]): edit fiches.toml rather than this file.\n",
    );
    Some(format!("{head}{}", document(&config(cfg)?)))
}

/// The configuration as a YAML tree.
fn config(cfg: &Config) -> Option<Yaml> {
    let cms = cfg.cms.as_ref()?;
    let forge = cfg.repository.as_ref()?;
    let (backend, workflow) = backend(cms, forge);
    let mut root = vec![("backend", backend)];
    if workflow {
        root.push(("publish_mode", Yaml::str("editorial_workflow")));
    }
    root.extend([
        // Files added outside a fiche (rare) go with the site's own files.
        ("media_folder", Yaml::str(format!("{}static", forge.folder))),
        ("public_folder", Yaml::str(cfg.base_path())),
        (
            "slug",
            Yaml::map([
                ("encoding", Yaml::str("ascii")),
                ("clean_accents", Yaml::Bool(true)),
            ]),
        ),
        // Sveltia CMS writes no empty optional field; Decap CMS is told by the page.
        (
            "output",
            Yaml::map([("omit_empty_optional_fields", Yaml::Bool(true))]),
        ),
    ]);
    if let Some(url) = &cfg.base_url {
        root.push(("site_url", Yaml::str(url.as_str())));
        root.push(("display_url", Yaml::str(url.as_str())));
    }
    // Fields by key, looked up once each: a site may declare thousands.
    let by_key: HashMap<&str, &Field> = cfg.fields.iter().map(|f| (f.key.as_str(), f)).collect();
    let collections = cfg
        .variants
        .iter()
        .map(|v| collection(cfg, &by_key, v, &forge.folder))
        .collect();
    root.push(("collections", Yaml::Seq(collections)));
    Some(Yaml::map(root))
}

/// The backend from the forge (or `[cms] backend`), and whether the editorial workflow
/// is on: asked for, and the backend has it (Decap's `gitea` has not).
fn backend(cms: &Cms, forge: &Forge) -> (Yaml, bool) {
    let name = cms.backend.unwrap_or(match forge.kind {
        "github" => "github",
        "gitlab" => "gitlab",
        _ => "gitea",
    });
    let rest = forge.url.strip_prefix("https://").unwrap_or(&forge.url);
    let (host, repo) = rest.split_once('/').unwrap_or((rest, ""));
    let branch = cms.branch.as_deref().unwrap_or(&forge.branch);
    let mut b = vec![
        ("name", Yaml::str(name)),
        ("repo", Yaml::str(repo)),
        ("branch", Yaml::str(branch)),
    ];
    let own_host = match name {
        "gitlab" if host != "gitlab.com" => Some("api/v4"),
        "gitea" | "forgejo" => Some("api/v1"),
        _ => None,
    };
    if let Some(api) = own_host {
        b.push(("api_root", Yaml::str(format!("https://{host}/{api}"))));
    }
    match (&cms.auth_url, own_host) {
        (Some(url), _) => b.push(("base_url", Yaml::str(url.as_str()))),
        (None, Some(_)) => b.push(("base_url", Yaml::str(format!("https://{host}")))),
        (None, None) => {}
    }
    // Sign-in with an application id alone (PKCE): GitLab's and Gitea's; GitHub's
    // needs a server (`auth_url`).
    if let Some(id) = cms.app_id.as_ref().filter(|_| name != "github") {
        if name == "gitlab" {
            b.push(("auth_type", Yaml::str("pkce")));
        }
        b.push(("app_id", Yaml::str(id.as_str())));
    }
    (Yaml::map(b), cms.editorial_workflow && name != "gitea")
}

/// One variant's fiches: the fiches folder filtered on `variant`, a new fiche in its
/// own folder with its photos.
fn collection(cfg: &Config, by_key: &HashMap<&str, &Field>, v: &Variant, folder: &str) -> Yaml {
    let lang = cfg.language;
    let mut fields = vec![Yaml::map([
        ("name", Yaml::str("variant")),
        ("widget", Yaml::str("hidden")),
        ("default", Yaml::str(v.name.as_str())),
    ])];
    let required: HashSet<&str> = REQUIRED_FIELDS
        .into_iter()
        .chain(v.required_fields.iter().map(String::as_str))
        .collect();
    for f in shown_fields(by_key, v) {
        fields.push(field(cfg, f, required.contains(f.key.as_str())));
    }
    fields.push(Yaml::map([
        ("name", Yaml::str("body")),
        (
            "label",
            Yaml::str(lang.pick("Texte de la fiche", "The sheet's text")),
        ),
        ("widget", Yaml::str("markdown")),
        ("default", Yaml::str(sections_body(v, lang).trim_start())),
        (
            "hint",
            Yaml::str(lang.pick(
                "Écrivez sous chaque titre, à la place de sa ligne d'aide (entre <!-- et -->).",
                "Write under each heading, in place of its line of guidance (between <!-- and -->).",
            )),
        ),
    ]));
    Yaml::map([
        ("name", Yaml::str(v.name.as_str())),
        ("label", Yaml::str(v.label.as_str())),
        ("label_singular", Yaml::str(v.label.as_str())),
        ("folder", Yaml::str(format!("{folder}content"))),
        ("create", Yaml::Bool(true)),
        ("extension", Yaml::str("md")),
        ("format", Yaml::str("toml-frontmatter")),
        ("path", Yaml::str("{{slug}}/index")),
        ("media_folder", Yaml::str("")),
        ("public_folder", Yaml::str("")),
        (
            "filter",
            Yaml::map([
                ("field", Yaml::str("variant")),
                ("value", Yaml::str(v.name.as_str())),
            ]),
        ),
        ("identifier_field", Yaml::str("title")),
        ("summary", Yaml::str("{{title}}")),
        (
            "sortable_fields",
            Yaml::Seq(vec![Yaml::str("date"), Yaml::str("title")]),
        ),
        ("fields", Yaml::Seq(fields)),
    ])
}

/// The fields a variant's form shows, in order: those of every fiche, the variant's own
/// (in the order its declaration lists them), then [`EDITOR_FIELDS`].
fn shown_fields<'a>(by_key: &HashMap<&str, &'a Field>, v: &'a Variant) -> Vec<&'a Field> {
    let mut seen = HashSet::new();
    let common: Vec<&'static str> = v.form_fields().collect();
    common
        .into_iter()
        .chain(v.fields.iter().map(String::as_str))
        .chain(v.required_fields.iter().map(String::as_str))
        .chain(EDITOR_FIELDS)
        .filter(|key| seen.insert(*key))
        .filter_map(|key| by_key.get(key).copied())
        .collect()
}

/// One field as a widget of its type.
/// The pattern a web address (`url`) or an e-mail address must match, with what the
/// editor is told when it does not.
fn pattern(url: bool, lang: crate::lang::Lang) -> Yaml {
    let (pattern, message) = if url {
        (
            URL_PATTERN,
            lang.pick(
                "une adresse web complète, par exemple https://exemple.org/page",
                "a full web address, for example https://example.org/page",
            ),
        )
    } else {
        (
            EMAIL_PATTERN,
            lang.pick(
                "une adresse e-mail, par exemple contact@exemple.org",
                "an e-mail address, for example contact@example.org",
            ),
        )
    };
    Yaml::Seq(vec![Yaml::str(pattern), Yaml::str(message)])
}

/// A date's widget: a day, shown in the site's language, stored as fiches reads it.
fn date(m: &mut Vec<(&str, Yaml)>, lang: Lang) {
    m.push(("widget", Yaml::str("datetime")));
    m.push(("format", Yaml::str(STORED_DATE)));
    m.push((
        "date_format",
        Yaml::str(lang.pick("DD/MM/YYYY", STORED_DATE)),
    ));
    m.push(("time_format", Yaml::Bool(false)));
    // A date read from a fiche is midnight UTC to the application: shown in
    // the editor's time zone, it would be the day before west of Greenwich.
    m.push(("picker_utc", Yaml::Bool(true)));
}

/// The testimonies' widget: a list of blocks, each with its own fields.
fn testimonies(cfg: &Config, m: &mut Vec<(&str, Yaml)>) {
    let lang = cfg.language;
    let parts = testimony_fields(lang)
        .iter()
        .map(|t| field(cfg, t, TESTIMONY_REQUIRED.contains(&t.key.as_str())))
        .collect();
    m.push(("widget", Yaml::str("list")));
    m.push((
        "label_singular",
        Yaml::str(lang.pick("Témoignage", "Testimony")),
    ));
    m.push(("summary", Yaml::str("{{fields.name}}")));
    // Else a new fiche starts with one empty testimony, which cannot be saved.
    m.push(("default", Yaml::Seq(Vec::new())));
    m.push(("fields", Yaml::Seq(parts)));
}

fn field(cfg: &Config, f: &Field, required: bool) -> Yaml {
    let lang = cfg.language;
    let mut m = vec![
        ("name", Yaml::str(f.key.as_str())),
        ("label", Yaml::str(f.label.as_str())),
    ];
    // A closed term list (`[taxonomies]`) is a choice among its terms.
    let taxonomy = match f.key.as_str() {
        "territory" => "territories",
        key => key,
    };
    let closed = cfg.vocabularies.get(taxonomy).filter(|_| f.builtin);
    let select = |m: &mut Vec<(&str, Yaml)>, values: &[String], multiple: bool| {
        m.push(("widget", Yaml::str("select")));
        m.push(("options", Yaml::strs(values)));
        if multiple {
            m.push(("multiple", Yaml::Bool(true)));
        }
    };
    match f.kind {
        // The cover photo is uploaded into the fiche's folder.
        FieldType::Text if f.key == "image" => {
            m.push(("widget", Yaml::str("image")));
            m.push(("choose_url", Yaml::Bool(false)));
        }
        FieldType::Text | FieldType::List if closed.is_some() => {
            let values = closed.map(Vec::as_slice).unwrap_or_default();
            select(&mut m, values, f.kind == FieldType::List);
        }
        FieldType::Text => m.push(("widget", Yaml::str("string"))),
        FieldType::LongText => m.push(("widget", Yaml::str("text"))),
        FieldType::List => m.push(("widget", Yaml::str("list"))),
        FieldType::Date => date(&mut m, lang),
        // An event's local time, written as TOML's local date-time.
        FieldType::DateTime => {
            m.push(("widget", Yaml::str("datetime")));
            m.push(("format", Yaml::str("YYYY-MM-DDTHH:mm:ss")));
        }
        FieldType::Url | FieldType::Email => {
            m.push(("widget", Yaml::str("string")));
            m.push(("pattern", pattern(f.kind == FieldType::Url, lang)));
        }
        FieldType::Number => {
            m.push(("widget", Yaml::str("number")));
            m.push(("value_type", Yaml::str("float")));
        }
        FieldType::Choice => select(&mut m, &f.values, false),
        FieldType::Choices => select(&mut m, &f.values, true),
        FieldType::Bool => {
            m.push(("widget", Yaml::str("boolean")));
            m.push(("default", Yaml::Bool(false)));
        }
        FieldType::Testimonies => testimonies(cfg, &mut m),
    }
    // Decap CMS takes every field as required unless told.
    if !required {
        m.push(("required", Yaml::Bool(false)));
    }
    if !f.help.is_empty() {
        m.push(("hint", Yaml::str(f.help.as_str())));
    }
    Yaml::map(m)
}

/// `admin/index.html`: loads the CMS application (the only page of the site that loads
/// anything from elsewhere), in the site's language. Before saving, it drops the fields
/// left empty, which Decap CMS would write as `""` or `[]` and `fiches check` refuses.
pub fn admin_page(cfg: &Config) -> Option<String> {
    let cms = cfg.cms.as_ref()?;
    let lang = cfg.language;
    let title = format!(
        "{} — {}",
        lang.pick("Modifier les fiches", "Edit the sheets"),
        cfg.title
    );
    let integrity = cms
        .app_integrity
        .as_deref()
        .map(|h| format!(" integrity=\"{}\"", escape(h)))
        .unwrap_or_default();
    let noscript = lang.pick(
        "Cette page a besoin de JavaScript pour modifier les fiches.",
        "This page needs JavaScript to edit the sheets.",
    );
    let init = serde_json::json!({ "locale": lang.code(), "local_backend": true });
    Some(format!(
        r#"<!doctype html>
<html lang="{code}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript><p>{noscript}</p></noscript>
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="{src}"{integrity} crossorigin="anonymous"></script>
<script>
(function () {{
  var CMS = window.CMS;
  if (!CMS) return;
  function isEmpty(v) {{
    return v === "" || v === null || (v && typeof v.toJS === "function" && v.size === 0);
  }}
  function clean(v) {{
    return v && typeof v.toJS === "function" ? v.map(clean).filter(function (x) {{ return !isEmpty(x); }}) : v;
  }}
  if (CMS.registerEventListener) {{
    CMS.registerEventListener({{ name: "preSave", handler: function (e) {{ return clean(e.entry.get("data")); }} }});
  }}
  CMS.init({{ config: {init} }});
}})();
</script>
</body>
</html>
"#,
        code = lang.code(),
        title = escape(&title),
        noscript = escape(&noscript),
        src = escape(&cms.app_url),
    ))
}

#[cfg(test)]
#[path = "cms_tests.rs"]
mod tests;
