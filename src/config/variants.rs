//! `[variants.NAME]` and `[taxonomies.KIND]`: the variants a site adjusts or
//! declares, and its closed term lists.

use std::collections::BTreeMap;

use super::{TAXONOMIES, VARIANT_KEYS};
use crate::fields::Reader;
use crate::schema::{self, Field, Variant};

/// `[variants.NAME]`: adjusts a built-in variant or declares a new one.
pub(super) fn read_variant(
    r: &mut Reader,
    name: &str,
    name_span: std::ops::Range<usize>,
    value: &crate::fields::Value,
    all_fields: &[Field],
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
    let index = match variants.iter().position(|v| v.name == name) {
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
    let known: Vec<&str> = all_fields.iter().map(|f| f.key.as_str()).collect();
    // Fields only some variants carry: the built-in ones, and every declared one.
    let specific: Vec<&str> = all_fields
        .iter()
        .filter(|f| !f.builtin || schema::SPECIFIC_FIELDS.contains(&f.key.as_str()))
        .map(|f| f.key.as_str())
        .collect();
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
            "fields" | "required_fields" => {
                let allowed: &[&str] = if key == "fields" { &specific } else { &known };
                let mut list = Vec::new();
                for (field, span) in r.string_list_spanned(key, v).unwrap_or_default() {
                    if allowed.contains(&field.as_str()) {
                        list.push(field);
                    } else {
                        r.unknown_key(
                            span.start - r.offset..span.end - r.offset,
                            &field,
                            allowed,
                            &lang.pick(format!("dans `{key}`"), format!("in `{key}`")),
                        );
                    }
                }
                if key == "fields" {
                    variants[index].fields = list;
                } else {
                    variants[index].required_fields = list;
                }
            }
            "required_sections" => {
                variants[index].required_sections = r.string_list(key, v).unwrap_or_default()
            }
            "recommended_sections" => {
                variants[index].recommended_sections = r.string_list(key, v).unwrap_or_default()
            }
            other => r.unknown_key(k.span(), other, &VARIANT_KEYS, &place),
        }
    }
}

/// `[taxonomies.KIND] terms = [...]`: a closed list of terms.
pub(super) fn read_vocabulary(
    r: &mut Reader,
    kind: &str,
    kind_span: std::ops::Range<usize>,
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
                k.span(),
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
