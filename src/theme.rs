//! The template set: the site's `templates/` first, then the chosen theme, then the
//! default theme embedded in the binary, file by file. Also the theme's interface
//! strings (`i18n/LANG.toml`) and static files. Works on the sources in memory.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use minijinja::Environment;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::embedded;
use crate::escape;
use crate::fields::Reader;
use crate::lang::Lang;
use crate::output::Asset;
use crate::sources::{Sources, Text, ThemeSources, slash_path};

/// A date in words (`1er mars 2024`), as the theme's strings say.
#[derive(Clone, Debug)]
pub struct DateFormat {
    months: Vec<String>,
    format: String,
    first_day: Option<String>,
}

impl DateFormat {
    pub fn long(&self, date: crate::lang::Date) -> String {
        let month = self
            .months
            .get(usize::from(date.month.clamp(1, 12)) - 1)
            .map_or("", String::as_str);
        let day = match &self.first_day {
            Some(first) if date.day == 1 => first.clone(),
            _ => date.day.to_string(),
        };
        self.format
            .replace("{day}", &day)
            .replace("{month}", month)
            .replace("{year}", &date.year.to_string())
    }
}

pub struct Theme {
    pub env: Environment<'static>,
    /// Interface strings (`t.key` in templates).
    pub strings: BTreeMap<String, String>,
    /// Static files, by output path.
    pub assets: BTreeMap<String, Asset>,
    templates: Arc<Templates>,
}

/// The templates a site can use, in the order they are looked up: the site's
/// `templates/`, the chosen theme's, then the embedded default theme's.
struct Templates {
    site: BTreeMap<String, Text>,
    /// The chosen theme's name and templates.
    theme: Option<(String, BTreeMap<String, Text>)>,
}

impl Templates {
    /// Where a template comes from, as shown to authors, and its bytes; `None` if
    /// nowhere.
    fn locate(&self, name: &str) -> Option<(String, &[u8])> {
        if !is_safe_name(name) {
            return None;
        }
        if let Some(t) = self.site.get(name) {
            return Some((format!("templates/{name}"), &t.bytes));
        }
        if let Some((theme, templates)) = &self.theme
            && let Some(t) = templates.get(name)
        {
            return Some((format!("themes/{theme}/templates/{name}"), &t.bytes));
        }
        let key = format!("templates/{name}");
        embedded::file(&key).map(|b| (format!("(fiches) themes/default/{key}"), b))
    }
}

/// Template names are plain relative paths; anything else could read outside the site.
fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && name
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// Prepares the template set and checks that every template in `needed` compiles.
pub fn load(sources: &Sources, cfg: &Config, needed: &[&str]) -> (Option<Theme>, Vec<Diagnostic>) {
    let lang = cfg.language;
    let mut diags = Vec::new();
    let theme = match &cfg.theme {
        Some(name) => match sources.themes.get(name) {
            Some(files) => Some((name.as_str(), files)),
            None => {
                diags.push(
                    Diagnostic::error(lang.pick(
                        format!("le thème « {name} » est introuvable (dossier themes/{name}/)"),
                        format!("the theme \"{name}\" cannot be found (folder themes/{name}/)"),
                    ))
                    .in_file(crate::config::FILE_NAME)
                    .hint(lang.pick(
                        "retirez la ligne `theme` pour utiliser le thème par défaut",
                        "remove the `theme` line to use the default theme",
                    )),
                );
                return (None, diags);
            }
        },
        None => None,
    };
    let templates = Arc::new(Templates {
        site: sources.templates.clone(),
        theme: theme.map(|(name, files)| (name.to_string(), files.templates.clone())),
    });

    let env = environment(&templates);
    let strings = interface_strings(theme, lang, &mut diags);
    let mut assets = BTreeMap::new();
    for (rel, bytes) in embedded::FILES {
        if let Some(out) = rel.strip_prefix("static/") {
            assets.insert(out.to_string(), Asset::Embedded(bytes));
        }
    }
    if let Some((name, files)) = theme {
        let dir = Path::new("themes").join(name).join("static");
        for f in &files.static_files {
            let out = slash_path(f.strip_prefix(&dir).unwrap_or(f));
            assets.insert(out, Asset::File(sources.root.join(f)));
        }
    }
    let theme = Theme {
        env,
        strings,
        assets,
        templates,
    };
    for name in needed {
        if theme.templates.locate(name).is_none() {
            diags.push(missing_template(cfg, name, lang));
        } else if let Err(e) = theme.env.get_template(name) {
            diags.push(theme.template_error(&e, lang));
        }
    }
    let ok = !diags.iter().any(Diagnostic::is_error);
    (ok.then_some(theme), diags)
}

/// The template environment: templates found by `templates` (site, then theme, then
/// embedded), our formatter and `tojson`.
fn environment(templates: &Arc<Templates>) -> Environment<'static> {
    let mut env = Environment::new();
    let loader = templates.clone();
    env.set_loader(move |name| {
        let Some((shown, bytes)) = loader.locate(name) else {
            return Ok(None);
        };
        String::from_utf8(bytes.to_vec()).map(Some).map_err(|_| {
            minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("{shown}: not UTF-8"),
            )
        })
    });

    env.set_formatter(formatter);
    // JSON a template puts in a `<script>` element holds no line separator either.
    env.add_filter("tojson", tojson);
    env
}

/// The error of a template a variant names that no folder holds.
fn missing_template(cfg: &Config, name: &str, lang: Lang) -> Diagnostic {
    let users: Vec<&str> = cfg
        .variants
        .iter()
        .filter(|v| v.template == *name)
        .map(|v| v.name.as_str())
        .collect();
    Diagnostic::error(lang.pick(
            format!("le modèle de page « {name} » est introuvable (variante {})", users.join(", ")),
            format!("the template \"{name}\" cannot be found (variant {})", users.join(", ")),
        ))
        .in_file(crate::config::FILE_NAME)
        .hint(lang.pick(
            format!("créez templates/{name}, ou retirez la ligne `template` pour utiliser le modèle commun des fiches"),
            format!("create templates/{name}, or remove the `template` line to use the common sheet template"),
        ))
}

impl Theme {
    /// A date as readers see it, from the interface strings `months` (twelve names,
    /// comma-separated), `date_format` (`{day} {month} {year}`) and `first_day` (how
    /// the 1st is written, `1er` in French). The embedded strings always have them;
    /// a theme may only reword them.
    pub fn long_date(&self, date: crate::lang::Date) -> String {
        self.dates().long(date)
    }

    /// How this theme writes a date in words, apart from the theme.
    pub fn dates(&self) -> DateFormat {
        let text = |key: &str| self.strings.get(key).cloned();
        DateFormat {
            months: text("months")
                .map(|m| m.split(',').map(|s| s.trim().to_string()).collect())
                .unwrap_or_default(),
            format: text("date_format").unwrap_or_else(|| "{day} {month} {year}".into()),
            first_day: text("first_day"),
        }
    }

    /// Variants whose label `fiches.toml` does not give are named by the theme's
    /// interface strings (`variant_factual`), so every word readers see comes from it.
    pub fn name_variants(&self, variants: &mut [crate::schema::Variant]) {
        for v in variants.iter_mut().filter(|v| !v.label_set) {
            if let Some(label) = self.strings.get(&format!("variant_{}", v.name)) {
                v.label = label.clone();
            }
        }
    }

    /// Turns a template error into a diagnostic pointing at the template file and line.
    pub fn template_error(&self, e: &minijinja::Error, lang: Lang) -> Diagnostic {
        // An error inside an included template is wrapped; the innermost one says where.
        let mut e = e;
        while let Some(inner) =
            std::error::Error::source(e).and_then(|s| s.downcast_ref::<minijinja::Error>())
        {
            e = inner;
        }
        let name = e.name().unwrap_or("");
        let located = self.templates.locate(name);
        let mut d = Diagnostic::error(lang.pick(
            format!(
                "erreur dans le modèle de page « {name} » : {}",
                e.detail().unwrap_or(&e.kind().to_string())
            ),
            format!(
                "error in the template \"{name}\": {}",
                e.detail().unwrap_or(&e.kind().to_string())
            ),
        ))
        .hint(lang.pick(
            "corrigez ce modèle, ou supprimez-le de templates/ pour revenir à celui du thème",
            "fix this template, or remove it from templates/ to fall back to the theme's",
        ));
        if let Some((shown, bytes)) = located {
            d = d.in_file(shown.clone());
            if let Some(line) = e.line() {
                d = d.at_line(&String::from_utf8_lossy(bytes), line, 1);
            }
        } else if e.kind() == minijinja::ErrorKind::TemplateNotFound {
            d.message = lang.pick(
                format!(
                    "modèle de page introuvable : {}",
                    e.detail().unwrap_or(name)
                ),
                format!("template not found: {}", e.detail().unwrap_or(name)),
            );
        }
        d
    }
}

/// Prints a value into a page or a feed through [`escape::write`]: what HTML and XML
/// need escaped and no more (minijinja's default also escapes `/`, which makes every
/// URL unreadable), and never a character XML 1.0 forbids, even in a value marked
/// safe (a fiche's HTML) or in a block without escaping. Prints nothing for a missing
/// or `none` value. XML templates are escaped as HTML is (by their extension).
fn formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    if value.is_undefined() || value.is_none() {
        return Ok(());
    }
    let markup = match state.auto_escape() {
        minijinja::AutoEscape::Html => !value.is_safe(),
        minijinja::AutoEscape::None => false,
        // JSON escapes control characters itself.
        _ => return minijinja::escape_formatter(out, state, value),
    };
    match value.as_str() {
        Some(text) => escape::write(out, text, markup),
        None => escape::write(out, &value.to_string(), markup),
    }
    .map_err(minijinja::Error::from)
}

/// The embedded strings, overlaid by the theme's own for the same language.
fn interface_strings(
    theme: Option<(&str, &ThemeSources)>,
    lang: Lang,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let rel = format!("i18n/{}.toml", lang.code());
    let mut strings = BTreeMap::new();
    if let Some(bytes) = embedded::file(&rel) {
        read_strings(
            &String::from_utf8_lossy(bytes),
            Path::new(&rel),
            lang,
            &mut strings,
            diags,
        );
    }
    if let Some((_, files)) = theme
        && let Some(text) = files.strings.get(lang.code())
    {
        match std::str::from_utf8(&text.bytes) {
            Ok(s) => read_strings(s, &text.rel, lang, &mut strings, diags),
            Err(_) => diags.push(
                Diagnostic::error(lang.pick(
                    "ce fichier n'est pas enregistré en UTF-8",
                    "this file is not saved as UTF-8",
                ))
                .in_file(&text.rel),
            ),
        }
    }
    strings
}

fn read_strings(
    text: &str,
    shown: &Path,
    lang: Lang,
    out: &mut BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut r = Reader::new(text, crate::span::Origin::WHOLE, shown, lang);
    if let Some(table) = r.parse(text) {
        for (k, v) in table.iter() {
            if let Some(s) = r.string(k.get_ref(), v) {
                out.insert(k.get_ref().to_string(), s);
            }
        }
    }
    diags.append(&mut r.diags);
}

/// minijinja's `tojson` (which writes `<`, `>`, `&` and `'` as escapes), made fit for a
/// `<script>` element as every JSON of the site ([`crate::escape::script_json`]).
fn tojson(
    value: &minijinja::Value,
    indent: Option<minijinja::Value>,
    args: minijinja::value::Kwargs,
) -> Result<minijinja::Value, minijinja::Error> {
    let json = minijinja::filters::tojson(value, indent, args)?;
    Ok(minijinja::Value::from_safe_string(
        crate::escape::script_json(&json.to_string()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names_cannot_escape() {
        assert!(is_safe_name("fiche.html"));
        assert!(is_safe_name("partials/card.html"));
        assert!(!is_safe_name("../secret"));
        assert!(!is_safe_name("/etc/passwd"));
        assert!(!is_safe_name("a//b"));
        assert!(!is_safe_name("a\\..\\b"));
    }

    #[test]
    fn whatever_a_template_prints_loses_what_xml_forbids() {
        let mut env = Environment::new();
        env.set_formatter(formatter);
        let source =
            "{{ a }}|{{ a|safe }}|{% autoescape false %}{{ a }}{% endautoescape %}|{{ n }}{{ x }}";
        for name in ["t.xml", "t.html", "t.txt"] {
            env.add_template_owned(name.to_string(), source.to_string())
                .unwrap();
            let out = env
                .get_template(name)
                .unwrap()
                .render(minijinja::context! { a => "<a\u{b}\u{0}\u{fffe}>", n => 3, x => () })
                .unwrap();
            let expected = if name == "t.txt" {
                "<a >|<a >|<a >|3"
            } else {
                "&lt;a &gt;|<a >|<a >|3"
            };
            assert_eq!(out, expected, "{name}");
        }
    }

    #[test]
    fn long_dates_in_both_languages() {
        use crate::lang::Date;
        let theme = |lang: Lang| {
            let toml = format!("title = \"t\"\nlanguage = \"{}\"", lang.code());
            let (cfg, _) = crate::config::parse(&toml);
            load(&Sources::in_memory("", Vec::new()), &cfg.unwrap(), &[])
                .0
                .unwrap()
        };
        let (fr, en) = (theme(Lang::Fr), theme(Lang::En));
        let d = Date::parse_iso("2018-01-15").unwrap();
        assert_eq!(fr.long_date(d), "15 janvier 2018");
        assert_eq!(en.long_date(d), "15 January 2018");
        let first = Date::parse_iso("2020-03-01").unwrap();
        assert_eq!(fr.long_date(first), "1er mars 2020");
        assert_eq!(en.long_date(first), "1 March 2020");
        assert_eq!(
            fr.long_date(Date::parse_iso("2023-08-09").unwrap()),
            "9 août 2023"
        );
        assert_eq!(
            en.long_date(Date::parse_iso("2023-12-31").unwrap()),
            "31 December 2023"
        );
    }

    #[test]
    fn both_languages_have_the_same_interface_strings() {
        let mut diags = Vec::new();
        let fr = interface_strings(None, Lang::Fr, &mut diags);
        let en = interface_strings(None, Lang::En, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(!fr.is_empty());
        let fr_keys: Vec<_> = fr.keys().collect();
        let en_keys: Vec<_> = en.keys().collect();
        assert_eq!(fr_keys, en_keys);
    }

    /// The French strings are typeset at the source, since the form and the search
    /// show them from a script, which the pass over a page leaves: no straight
    /// apostrophe, and no line break inside « voulez-vous » (a verb and its pronoun
    /// joined by a non-breaking hyphen, U+2011).
    #[test]
    fn french_strings_are_typeset() {
        let mut diags = Vec::new();
        let fr = interface_strings(None, Lang::Fr, &mut diags);
        let pronouns = [
            "vous", "nous", "le", "la", "les", "en", "y", "moi", "toi", "lui", "leur", "il",
            "elle", "on",
        ];
        for (key, text) in &fr {
            assert!(
                !text.contains('\''),
                "{key}: a straight apostrophe in {text:?}"
            );
            for (at, _) in text.match_indices('-') {
                let before = text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphabetic);
                let word: String = text[at + 1..]
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                assert!(
                    !(before && pronouns.contains(&word.as_str())),
                    "{key}: « -{word} » may break from its verb in {text:?}"
                );
            }
        }
    }
}
