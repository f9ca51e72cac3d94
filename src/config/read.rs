//! `fiches.toml` read whole: its language made sure of, the declared fields first
//! (variants carry them), then each top-level key at its place, then what needs
//! several keys together (the CMS and its repository, the title).

use std::collections::BTreeMap;
use std::path::Path;

use super::{
    Config, FILE_NAME, KEYS, MARKDOWN_KEYS, check_base_url, cms, contribute, count, fields, index,
    network, partners, podcast, read_variant, read_vocabulary, variants,
};
use crate::diagnostic::Diagnostic;
use crate::fields::{Local, Reader, Value};
use crate::lang::Lang;
use crate::schema;
use crate::span::{LocalSpan, Origin};

/// [`super::parse`], the language of its messages already read from the text by
/// the tolerant scan ([`super::written_language`], as `sources` does once for a
/// run): the one the file says, else the user's when it cannot be read far enough
/// to say (see [`super::Written`]). Also returns the language of the messages,
/// which the full parse makes sure of. The file is parsed once.
pub fn parse_with(src: &str, said: Lang) -> (Option<Config>, Vec<Diagnostic>, Lang) {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut r = Reader::new(src, Origin::WHOLE, Path::new(FILE_NAME), said);
    let Some(table) = r.parse(src) else {
        return (None, r.diags, said);
    };
    // Read whole, the file says its language for sure (the scan is only tolerant).
    let lang = match table.get("language").map(|v| v.get_ref()) {
        Some(toml::de::DeValue::String(s)) => Lang::from_code(s).unwrap_or_default(),
        _ => Lang::Fr,
    };
    r.lang = lang;
    let mut cfg = defaults(lang);
    // Variants may carry declared fields: those are read first.
    if let Some(v) = table.get("fields") {
        let declared = fields::read(&mut r, v, &cfg.fields);
        cfg.fields.extend(declared);
    }
    let mut title = None;
    for (key, value) in table.iter() {
        match key.get_ref().as_ref() {
            "title" => title = r.nonempty_string("title", value),
            other => read_key(&mut r, &mut cfg, other, key.local(), value),
        }
    }
    if let Some(c) = &cfg.cms {
        cms::check(&mut r, c, cfg.repository.is_some());
    }
    if let Some(v) = table.get("language") {
        check_language(&mut r, v);
    }
    match title {
        Some(t) => cfg.title = t,
        None if !table.contains_key("title") => no_title(&mut r),
        None => {}
    }
    partners::not_named_as_the_site(&mut r, &cfg);
    cfg.index = index::Index::new(&cfg.fields, &cfg.variants);
    let ok = !r.diags.iter().any(Diagnostic::is_error);
    let mut diags = r.diags;
    crate::diagnostic::sort(&mut diags);
    (ok.then_some(cfg), diags, lang)
}

/// The settings of a site whose `fiches.toml` says nothing but its language.
fn defaults(lang: Lang) -> Config {
    Config {
        title: String::new(),
        description: String::new(),
        license: None,
        base_url: None,
        language: lang,
        theme: None,
        unsafe_html: false,
        variants: schema::builtin(lang),
        fields: schema::all_builtin_fields(lang),
        vocabularies: BTreeMap::new(),
        paginate: 20,
        feed_limit: 20,
        search: true,
        contribute: true,
        contribute_email: None,
        repository: None,
        network: None,
        podcast: podcast::Podcast::default(),
        index: index::Index::default(),
        cms: None,
        partners: Vec::new(),
        timezone: crate::agenda::DEFAULT_ZONE.to_string(),
        today: None,
    }
}

/// One top-level key of `fiches.toml` (but `title`, whose absence is said after)
/// read into `cfg`, or reported at its place when it is none of [`KEYS`].
fn read_key(r: &mut Reader, cfg: &mut Config, key: &str, span: LocalSpan, value: &Value) {
    let lang = r.lang;
    match key {
        "fields" => {}
        "description" => cfg.description = r.string("description", value).unwrap_or_default(),
        "license" => cfg.license = r.nonempty_string("license", value),
        "base_url" => {
            if let Some(url) = r.string("base_url", value) {
                cfg.base_url = check_base_url(r, value.local(), url.trim());
            }
        }
        "language" => {} // read first, to word everything else; checked after
        "theme" => cfg.theme = r.nonempty_string("theme", value),
        "timezone" => {
            if let Some(name) = r.nonempty_string("timezone", value) {
                match crate::agenda::zone(&name) {
                    Some(_) => cfg.timezone = name,
                    None => crate::agenda::read::unknown_zone(r, value.local(), &name),
                }
            }
        }
        "search" => cfg.search = r.bool("search", value).unwrap_or(true),
        "contribute" => cfg.contribute = r.bool("contribute", value).unwrap_or(true),
        "contribute_email" => cfg.contribute_email = contribute_email(r, value),
        "repository" => cfg.repository = contribute::repository(r, value),
        "network" => cfg.network = network::read(r, value),
        "podcast" => cfg.podcast = podcast::read(r, value),
        "cms" => cfg.cms = cms::read(r, value),
        "sources" => cfg.partners = partners::read(r, value),
        "paginate" => {
            let example = lang.pick(
                "par exemple : paginate = 20 (0 : une seule page)",
                "for example: paginate = 20 (0: a single page)",
            );
            let what = lang.pick(
                "le nombre de fiches par page",
                "the number of sheets per page",
            );
            cfg.paginate = count(r, "paginate", value, &what, &example).unwrap_or(20);
        }
        "feed_limit" => {
            let example = lang.pick(
                "par exemple : feed_limit = 20 (0 : toutes les fiches)",
                "for example: feed_limit = 20 (0: every sheet)",
            );
            let what = lang.pick(
                "le nombre de fiches du flux atom.xml",
                "the number of sheets in the atom.xml feed",
            );
            cfg.feed_limit = count(r, "feed_limit", value, &what, &example).unwrap_or(20);
        }
        "markdown" => markdown(r, value, cfg),
        "variants" => read_variants(r, value, cfg),
        "taxonomies" => {
            let Some(t) = r.table("taxonomies", value) else {
                return;
            };
            for (kind, v) in t.iter() {
                read_vocabulary(r, kind.get_ref(), kind.local(), v, &mut cfg.vocabularies);
            }
        }
        other => r.unknown_key(
            span,
            other,
            &KEYS,
            &lang.pick("dans fiches.toml", "in fiches.toml"),
        ),
    }
}

/// `contribute_email`, when it is an e-mail address.
fn contribute_email(r: &mut Reader, value: &Value) -> Option<String> {
    let lang = r.lang;
    let email = r.nonempty_string("contribute_email", value);
    if email.as_deref().is_some_and(|e| !schema::is_email(e)) {
        r.error(
            value.local(),
            lang.pick(
                "`contribute_email` doit être une adresse e-mail",
                "`contribute_email` must be an e-mail address",
            ),
            Some(lang.pick(
                "par exemple : contribute_email = \"redaction@exemple.org\"",
                "for example: contribute_email = \"editors@example.org\"",
            )),
        );
        return None;
    }
    email
}

/// `[markdown]`: whether fiches may hold raw HTML.
fn markdown(r: &mut Reader, value: &Value, cfg: &mut Config) {
    let lang = r.lang;
    let Some(t) = r.table("markdown", value) else {
        return;
    };
    for (k, v) in t.iter() {
        match k.get_ref().as_ref() {
            "unsafe_html" => cfg.unsafe_html = r.bool("unsafe_html", v).unwrap_or(false),
            other => r.unknown_key(
                k.local(),
                other,
                &MARKDOWN_KEYS,
                &lang.pick("dans [markdown]", "in [markdown]"),
            ),
        }
    }
}

/// `[variants.NAME]`: each variant the site adjusts or adds.
fn read_variants(r: &mut Reader, value: &Value, cfg: &mut Config) {
    let Some(t) = r.table("variants", value) else {
        return;
    };
    let allowed = variants::Allowed::new(&cfg.fields, schema::builtin(r.lang).len());
    for (name, v) in t.iter() {
        read_variant(
            r,
            name.get_ref(),
            name.local(),
            v,
            &allowed,
            &mut cfg.variants,
        );
    }
}

/// An error when `language` is a string that names no known language (another
/// value's type was said as it was read).
fn check_language(r: &mut Reader, v: &Value) {
    let lang = r.lang;
    let known = r.string("language", v);
    if known.as_deref().and_then(Lang::from_code).is_none() && known.is_some() {
        r.error(
            v.local(),
            lang.pick(
                "langue inconnue : `language` vaut \"fr\" ou \"en\"",
                "unknown language: `language` is \"fr\" or \"en\"",
            ),
            Some(lang.pick(
                "par exemple : language = \"fr\"",
                "for example: language = \"en\"",
            )),
        );
    }
}

/// The error of a `fiches.toml` without a title.
fn no_title(r: &mut Reader) {
    let lang = r.lang;
    r.error(
        LocalSpan::default(),
        lang.pick(
            "il manque le titre du site (`title`)",
            "the site's title (`title`) is missing",
        ),
        Some(lang.pick(
            "ajoutez par exemple : title = \"Fiches expérience du réseau\"",
            "add for example: title = \"Our network's experience sheets\"",
        )),
    );
}
