//! The parts of a testimony (a `[[testimonies]]` block of a fiche): their keys, which
//! ones a testimony must give, and how forms label and explain them.

use super::{Field, FieldType};
use crate::lang::Lang;

/// The keys of a testimony (a `[[testimonies]]` block), in the order forms show them.
pub const TESTIMONY_KEYS: [&str; 4] = ["name", "role", "quote", "consent"];
/// Those a testimony must give; `consent` must moreover be `true`.
pub const TESTIMONY_REQUIRED: [&str; 3] = ["name", "quote", "consent"];

/// The parts of a testimony, as forms label and explain them.
pub fn testimony_fields(lang: Lang) -> Vec<Field> {
    use FieldType::*;
    // (type, label, help), each in French and English.
    type Texts<'a> = (FieldType, (&'a str, &'a str), (&'a str, &'a str));
    let texts: [Texts; 4] = [
        (
            Text,
            ("Prénom ou nom", "Name"),
            (
                "Comment la personne veut être nommée.",
                "How the person wants to be named.",
            ),
        ),
        (
            Text,
            ("Qui est-elle ?", "Who they are"),
            (
                "Par exemple : habitante du quartier, bénévole.",
                "For example: resident of the area, volunteer.",
            ),
        ),
        (
            LongText,
            ("Sa parole", "Their words"),
            (
                "Ce que la personne dit, à la première personne, avec ses mots.",
                "What the person says, in the first person, in their own words.",
            ),
        ),
        (
            Bool,
            ("Accord de la personne", "The person's agreement"),
            (
                "Cochez seulement quand la personne a accepté d'être publiée.",
                "Tick only once the person has agreed to be published.",
            ),
        ),
    ];
    TESTIMONY_KEYS
        .iter()
        .zip(texts)
        .map(|(key, (kind, label, help))| Field {
            key: key.to_string(),
            label: lang.pick(label.0, label.1),
            kind,
            help: lang.pick(help.0, help.1),
            values: Vec::new(),
            filter: false,
            builtin: true,
            suggestions: Default::default(),
        })
        .collect()
}
