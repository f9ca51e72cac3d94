//! `[variants.NAME]` and `[taxonomies.KIND]`: the variants a site adjusts or
//! declares, and its closed term lists.

use std::collections::{BTreeMap, HashSet};

use super::{TAXONOMIES, VARIANT_KEYS};
use crate::fields::{Local, Reader};
use crate::schema::{self, Field, Variant};
use crate::span::LocalSpan;

/// The fields a variant may list, made once for all the variants of a site.
pub(super) struct Allowed<'a> {
    /// Every field (for `required_fields`).
    known: Vec<&'a str>,
    known_set: HashSet<&'a str>,
    /// Fields only some variants carry (for `fields`): the built-in ones, and every
    /// declared one.
    specific: Vec<&'a str>,
    specific_set: HashSet<&'a str>,
    /// How many variants every site has, before those it declares.
    builtin: usize,
}

impl<'a> Allowed<'a> {
    pub(super) fn new(all_fields: &'a [Field], builtin: usize) -> Allowed<'a> {
        let known: Vec<&str> = all_fields.iter().map(|f| f.key.as_str()).collect();
        let specific: Vec<&str> = all_fields
            .iter()
            .filter(|f| !f.builtin || schema::SPECIFIC_FIELDS.contains(&f.key.as_str()))
            .map(|f| f.key.as_str())
            .collect();
        Allowed {
            known_set: known.iter().copied().collect(),
            specific_set: specific.iter().copied().collect(),
            known,
            specific,
            builtin,
        }
    }
}

/// `[variants.NAME]`: adjusts a built-in variant or declares a new one.
pub(super) fn read_variant(
    r: &mut Reader,
    name: &str,
    name_span: LocalSpan,
    value: &crate::fields::Value,
    allowed: &Allowed,
    variants: &mut Vec<Variant>,
) {
    let lang = r.lang;
    let place = lang.pick(
        format!("dans [variants.{name}]"),
        format!("in [variants.{name}]"),
    );
    let Some(t) = r.table(name, value) else {
        return;
    };
    if crate::slug::slugify(name) != name {
        r.error(
            name_span,
            lang.pick(
                format!(
                    "le nom de variante `{name}` doit s'écrire en minuscules sans accent ni espace"
                ),
                format!("the variant name `{name}` must be lowercase, without accents or spaces"),
            ),
            Some(lang.pick(
                format!("par exemple : [variants.{}]", crate::slug::slugify(name)),
                format!("for example: [variants.{}]", crate::slug::slugify(name)),
            )),
        );
        return;
    }
    // Names are keys of one table, each once: only a built-in variant can be met again.
    let builtin = variants.iter().take(allowed.builtin);
    let index = match builtin
        .enumerate()
        .find(|(_, v)| v.name == name)
        .map(|(i, _)| i)
    {
        Some(i) => i,
        None => {
            variants.push(Variant {
                name: name.to_string(),
                label: name.to_string(),
                label_set: false,
                fields: Vec::new(),
                required_fields: Vec::new(),
                required_sections: Vec::new(),
                recommended_sections: Vec::new(),
                template: "fiche.html".into(),
            });
            variants.len() - 1
        }
    };
    for (k, v) in t.iter() {
        let key: &str = k.get_ref();
        match key {
            "label" => {
                if let Some(s) = r.nonempty_string(key, v) {
                    variants[index].label = s;
                    variants[index].label_set = true;
                }
            }
            "template" => {
                if let Some(s) = r.nonempty_string(key, v) {
                    variants[index].template = s;
                }
            }
            "fields" => variants[index].fields = field_list(r, key, v, allowed),
            "required_fields" => variants[index].required_fields = field_list(r, key, v, allowed),
            "required_sections" => {
                variants[index].required_sections = r.string_list(key, v).unwrap_or_default()
            }
            "recommended_sections" => {
                variants[index].recommended_sections = r.string_list(key, v).unwrap_or_default()
            }
            other => r.unknown_key(k.local(), other, &VARIANT_KEYS, &place),
        }
    }
}

/// The fields a variant's `fields` (those it carries of its own) or
/// `required_fields` (any known one) names, each unknown one reported at its place.
fn field_list(
    r: &mut Reader,
    key: &str,
    v: &crate::fields::Value,
    allowed: &Allowed,
) -> Vec<String> {
    let (listed, set) = if key == "fields" {
        (&allowed.specific, &allowed.specific_set)
    } else {
        (&allowed.known, &allowed.known_set)
    };
    let lang = r.lang;
    let mut list = Vec::new();
    for field in r.string_list_spanned(key, v).unwrap_or_default() {
        if set.contains(field.as_str()) {
            list.push(field.value);
        } else {
            r.unknown_key(
                field.span,
                &field.value,
                listed,
                &lang.pick(format!("dans `{key}`"), format!("in `{key}`")),
            );
        }
    }
    list
}

/// `[taxonomies.KIND] terms = [...]`: a closed list of terms.
pub(super) fn read_vocabulary(
    r: &mut Reader,
    kind: &str,
    kind_span: LocalSpan,
    value: &crate::fields::Value,
    out: &mut BTreeMap<String, Vec<String>>,
) {
    let lang = r.lang;
    if !TAXONOMIES.contains(&kind) {
        r.unknown_key(
            kind_span,
            kind,
            &TAXONOMIES,
            &lang.pick("dans [taxonomies]", "in [taxonomies]"),
        );
        return;
    }
    let Some(t) = r.table(kind, value) else {
        return;
    };
    for (k, v) in t.iter() {
        match k.get_ref().as_ref() {
            "terms" => {
                let terms = r.string_list("terms", v).unwrap_or_default();
                out.insert(kind.to_string(), terms);
            }
            other => r.unknown_key(
                k.local(),
                other,
                &["terms"],
                &lang.pick(
                    format!("dans [taxonomies.{kind}]"),
                    format!("in [taxonomies.{kind}]"),
                ),
            ),
        }
    }
}
