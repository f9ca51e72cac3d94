//! What a save asks for, read from its request: the values, sections and keys of
//! the form, where it writes, and the file's new text they make.

use std::path::PathBuf;

use serde_json::{Map, Value};

use super::answer::{errors, refuse};
use super::{Answer, relink, values, write};
use crate::config::Config;
use crate::lang::Lang;
use crate::schema::Variant;

/// What a save asks for, read from its request.
pub(super) struct Form<'c> {
    pub(super) req: Map<String, Value>,
    pub(super) values: Map<String, Value>,
    pub(super) variant: &'c Variant,
    pub(super) sections: Vec<(String, String)>,
    pub(super) extra: String,
    /// The keys the form shows for this variant: what it may set or clear.
    pub(super) keys: Vec<&'c str>,
}

/// Where a save writes.
pub(super) struct Destination {
    pub(super) rel: String,
    pub(super) full: PathBuf,
    /// The file's text now, for an edited fiche.
    pub(super) current: Option<String>,
    /// The file a fiche leaves when a cover photo moves it into a folder of its own.
    pub(super) gone: Option<String>,
    /// How the file writes its text (a new fiche is written plainly).
    pub(super) style: write::Style,
}

impl Destination {
    pub(super) fn is_new(&self) -> bool {
        self.current.is_none() || self.gone.is_some()
    }
}

/// The values, sections and keys of a save, or the answer that refuses them.
pub(super) fn read_form(req: Map<String, Value>, cfg: &Config) -> Result<Form<'_>, Answer> {
    let lang = cfg.language;
    let values = req
        .get("values")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let variant_name = values.get("variant").and_then(Value::as_str).unwrap_or("");
    let Some(variant) = cfg.variant(variant_name) else {
        return Err(errors(
            vec![(
                "variant".into(),
                lang.pick("Choisissez un type de fiche.", "Choose a kind of sheet."),
            )],
            None,
        ));
    };
    let sections: Vec<(String, String)> = req
        .get("sections")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    Some((
                        s.get("title")?.as_str()?.to_string(),
                        lf(s.get("text")?.as_str()?),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let extra = lf(req.get("extra").and_then(Value::as_str).unwrap_or(""));
    let mut keys: Vec<&str> = vec!["variant"];
    keys.extend(crate::schema::FORM_FIELDS);
    for f in &cfg.fields {
        if variant.has_field(&f.key) && !keys.contains(&f.key.as_str()) {
            keys.push(&f.key);
        }
    }
    let mut values = values;
    publication(&req, &mut values, &mut keys);
    let wrong = write::untyped(&keys, &values, cfg);
    if !wrong.is_empty() {
        let says = lang.pick(
            "Cette valeur ne peut pas être enregistrée telle quelle : une date s'écrit comme 2024-03-14, un nombre avec des chiffres.",
            "This value cannot be saved as it is: a date is written like 2024-03-14, a number with digits.",
        );
        return Err(errors(
            wrong
                .iter()
                .map(|k| (k.to_string(), says.to_string()))
                .collect(),
            None,
        ));
    }
    Ok(Form {
        req,
        values,
        variant,
        sections,
        extra,
        keys,
    })
}

/// The form's choices that are not fields: published or a draft (`draft`, a `false`
/// taking the key out), and the day of an update (`updated`, the author's today).
fn publication(req: &Map<String, Value>, values: &mut Map<String, Value>, keys: &mut Vec<&str>) {
    if let Some(draft) = req.get("draft").and_then(Value::as_bool) {
        let value = if draft {
            Value::Bool(true)
        } else {
            Value::Null
        };
        values.insert("draft".into(), value);
        keys.push("draft");
    }
    if let Some(day) = req.get("updated").and_then(Value::as_str) {
        values.insert("updated".into(), Value::String(day.to_string()));
        keys.push("updated");
    }
}

/// The file's new text: an edited fiche keeps its own order, a new one is laid out
/// by the form.
pub(super) fn compose(
    dest: &Destination,
    form: &Form,
    cfg: &Config,
    lang: Lang,
) -> Result<String, Answer> {
    let (sections, extra) = (&form.sections, &form.extra);
    let mut body = dest
        .current
        .as_deref()
        .and_then(|now| {
            let (_, start) = crate::fiche::split(now).ok()?;
            values::in_place(now.get(start..)?, Some(form.variant), sections, extra)
        })
        .unwrap_or_else(|| values::join(sections, extra));
    if dest.gone.is_some() {
        body = relink::one_folder_down(&body);
    }
    match &dest.current {
        Some(now) => write::edit(now, &form.keys, &form.values, &body, cfg).map_err(|_| {
            refuse(422, lang.pick("Les informations de ce fichier sont illisibles : corrigez-le dans un éditeur de texte.", "This file's details cannot be read: fix it in a text editor."))
        }),
        None => Ok(write::create(&form.keys, &form.values, &body, cfg)),
    }
}

/// A text with its line ends as the build reads them (`\n`), so that what is written is
/// what the rebuilt site holds.
pub(super) fn lf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}
