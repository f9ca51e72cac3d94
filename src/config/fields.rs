//! `[fields.NAME]`: the fields a site declares for its fiches, with their label,
//! type, help and closed list. Every mistake is a diagnostic at its place.

use crate::fields::{Local, Reader, Value};
use crate::schema::{Field, FieldType};
use crate::span::LocalSpan;
use toml::de::DeTable;

const FIELD_KEYS: [&str; 5] = ["label", "type", "help", "values", "filter"];

/// Names a field with `filter = true` cannot take: its pages would live beside the
/// site's own folders, and its search filter beside the built-in ones.
const RESERVED: [&str; 11] = [
    "fiches",
    "search",
    "year",
    "q",
    "proposer",
    "contribute",
    "page",
    "tag",
    "theme",
    "tags",
    "themes",
];

/// Reads the `[fields]` table; `builtin` are the fields every site has.
pub(super) fn read(r: &mut Reader, value: &Value, builtin: &[Field]) -> Vec<Field> {
    let mut out = Vec::new();
    let Some(t) = r.table("fields", value) else {
        return out;
    };
    for (name, v) in t.iter() {
        if let Some(f) = read_one(r, name.get_ref(), name.local(), v, builtin) {
            out.push(f);
        }
    }
    out
}

fn read_one(
    r: &mut Reader,
    name: &str,
    span: LocalSpan,
    value: &Value,
    builtin: &[Field],
) -> Option<Field> {
    let t = r.table(name, value)?;
    if !name_fits(r, name, span, builtin) {
        return None;
    }
    let read = read_keys(r, name, t);
    let mut field = read.field;
    let lang = r.lang;
    if field.filter && RESERVED.contains(&name) {
        r.error(
            span,
            lang.pick(
                format!(
                    "un champ filtrable ne peut pas s'appeler `{name}` : ce nom sert déjà au site"
                ),
                format!(
                    "a filterable field cannot be called `{name}`: the site already uses that name"
                ),
            ),
            Some(lang.pick("choisissez un autre nom", "choose another name")),
        );
        return None;
    }
    let Some(kind) = read.kind else {
        if !t.contains_key("type") {
            no_type(r, name, span);
        }
        return None;
    };
    field.kind = kind;
    let filterable = matches!(
        kind,
        FieldType::Text | FieldType::List | FieldType::Choice | FieldType::Choices
    );
    if field.filter && !filterable {
        r.error(
            read.filter_span.unwrap_or(span),
            lang.pick(
                "`filter` sert aux champs de textes courts ou de listes (text, list, choice, choices)",
                "`filter` is for fields of short texts or lists (text, list, choice, choices)",
            ),
            Some(lang.pick("retirez `filter = true`", "remove `filter = true`")),
        );
        return None;
    }
    values_fit(r, &field, read.values_span, span);
    Some(field)
}

/// Whether a declared field's name is well formed and not a built-in field's (an
/// error at the name when not).
fn name_fits(r: &mut Reader, name: &str, span: LocalSpan, builtin: &[Field]) -> bool {
    let lang = r.lang;
    let well_formed = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !well_formed {
        let fixed: String = crate::slug::slugify(name).replace('-', "_");
        r.error(
            span,
            lang.pick(
                format!("le nom de champ `{name}` s'écrit en minuscules, sans accent ni espace (lettres, chiffres, _)"),
                format!("the field name `{name}` is written lowercase, without accents or spaces (letters, digits, _)"),
            ),
            Some(lang.pick(
                format!("par exemple : [fields.{fixed}]"),
                format!("for example: [fields.{fixed}]"),
            )),
        );
        return false;
    }
    if builtin.iter().any(|f| f.key == name) {
        let (message, hint) = taken(name, lang);
        r.error(span, message, Some(hint));
        return false;
    }
    true
}

/// What to say of a declared field named as a built-in one: an event's field or
/// one that some variants carry is not « a field of every fiche ».
fn taken(name: &str, lang: crate::lang::Lang) -> (String, String) {
    let carry = lang.pick(
        format!("choisissez un autre nom ; pour qu'une variante le porte, ajoutez \"{name}\" à ses `fields`"),
        format!("choose another name; for a variant to carry it, add \"{name}\" to its `fields`"),
    );
    if crate::schema::EVENT_KEYS.contains(&name) {
        let message = lang.pick(
            format!("`{name}` est déjà un champ des événements (variante `event`)"),
            format!("`{name}` is already a field of events (the `event` variant)"),
        );
        let hint = lang.pick(
            format!("choisissez un autre nom, par exemple `{name}_action` : `{name}` sert aux fiches d'événement"),
            format!("choose another name, for example `{name}_action`: `{name}` serves the event sheets"),
        );
        return (message, hint);
    }
    if crate::schema::SPECIFIC_FIELDS.contains(&name) {
        let message = lang.pick(
            format!("`{name}` est déjà un champ que portent des variantes"),
            format!("`{name}` is already a field that variants carry"),
        );
        return (message, carry);
    }
    (
        lang.pick(
            format!("`{name}` est déjà un champ de toutes les fiches"),
            format!("`{name}` is already a field of every sheet"),
        ),
        lang.pick(
            "choisissez un autre nom ; pour l'exiger dans une variante, ajoutez-le à son `required_fields`",
            "choose another name; to require it in a variant, add it to its `required_fields`",
        ),
    )
}

/// A declared field as its keys say, before the checks of the whole.
struct Read {
    field: Field,
    kind: Option<FieldType>,
    values_span: Option<LocalSpan>,
    filter_span: Option<LocalSpan>,
}

/// The keys of `[fields.NAME]`, each read at its place; an unknown key or type is an
/// error there.
fn read_keys(r: &mut Reader, name: &str, t: &DeTable) -> Read {
    let lang = r.lang;
    let place = lang.pick(
        format!("dans [fields.{name}]"),
        format!("in [fields.{name}]"),
    );
    let mut field = Field {
        key: name.to_string(),
        label: name.to_string(),
        kind: FieldType::Text,
        help: String::new(),
        values: Vec::new(),
        filter: false,
        builtin: false,
        suggestions: crate::fields::Memo::default(),
    };
    let mut kind = None;
    let mut values_span = None;
    let mut filter_span = None;
    for (k, v) in t.iter() {
        let key: &str = k.get_ref();
        match key {
            "label" => field.label = r.nonempty_string(key, v).unwrap_or(field.label),
            "help" => field.help = r.string(key, v).unwrap_or_default(),
            "filter" => {
                field.filter = r.bool(key, v).unwrap_or(false);
                filter_span = Some(v.local());
            }
            "values" => {
                field.values = r.string_list(key, v).unwrap_or_default();
                values_span = Some(v.local());
            }
            "type" => {
                let Some(name) = r.nonempty_string(key, v) else {
                    continue;
                };
                match FieldType::parse(&name) {
                    Some(t) => kind = Some(t),
                    None => r.unknown_value(
                        v.local(),
                        &name,
                        &FieldType::DECLARABLE,
                        &lang.pick("comme type de champ", "as a field type"),
                    ),
                }
            }
            other => r.unknown_key(k.local(), other, &FIELD_KEYS, &place),
        }
    }
    Read {
        field,
        kind,
        values_span,
        filter_span,
    }
}

/// The error of a field declared without its type.
fn no_type(r: &mut Reader, name: &str, span: LocalSpan) {
    let lang = r.lang;
    r.error(
        span,
        lang.pick(
            format!("le champ `{name}` n'a pas de type"),
            format!("the field `{name}` has no type"),
        ),
        Some(format!(
            "type = \"{}\"",
            FieldType::DECLARABLE.join("\" | \"")
        )),
    );
}

/// A closed list needs its values, and only a closed list has them.
fn values_fit(r: &mut Reader, field: &Field, values_span: Option<LocalSpan>, span: LocalSpan) {
    let (lang, kind) = (r.lang, field.kind);
    match (kind.is_closed(), values_span) {
        (true, _) if field.values.is_empty() => r.error(
            values_span.unwrap_or(span),
            lang.pick(
                format!(
                    "un champ `{}` a besoin de sa liste de valeurs",
                    kind_name(kind)
                ),
                format!("a `{}` field needs its list of values", kind_name(kind)),
            ),
            Some("values = [\"…\", \"…\"]".to_string()),
        ),
        (false, Some(vspan)) => r.error(
            vspan,
            lang.pick(
                "`values` ne sert qu'aux champs `choice` et `choices`",
                "`values` is only for `choice` and `choices` fields",
            ),
            Some(lang.pick(
                "retirez `values`, ou choisissez type = \"choice\"",
                "remove `values`, or choose type = \"choice\"",
            )),
        ),
        _ => {}
    }
}

fn kind_name(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Choices => "choices",
        _ => "choice",
    }
}
