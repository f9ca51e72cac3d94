//! One field of a fiche: its key, what authors and readers see it called, its type,
//! the help that explains it and, for a choice, its closed list. The built-in fields
//! and those a site declares in `fiches.toml` (`[fields.NAME]`) are entries of the
//! same list: the front matter reader, the "En bref" box, `fiches.json` and its JSON
//! Schema, `fiches new` and the contribution form all read it.

use serde::Serialize;

use crate::fields::Memo;
use crate::lang::{Date, Lang};
use crate::span::Spanned;

pub use super::address::{is_email, is_url};

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldType {
    Text,
    LongText,
    List,
    Date,
    /// Built-in only: an event's local date and time (`2026-03-12T19:00:00`).
    DateTime,
    Url,
    Email,
    Number,
    /// One of a closed list.
    Choice,
    /// Several of a closed list.
    Choices,
    /// Built-in only: `draft`.
    Bool,
    /// Built-in only: the `[[testimonies]]` blocks.
    Testimonies,
}

impl FieldType {
    /// The types a site may declare, as written in `fiches.toml`.
    pub const DECLARABLE: [&str; 9] = [
        "text",
        "long-text",
        "list",
        "date",
        "url",
        "email",
        "number",
        "choice",
        "choices",
    ];

    pub fn parse(name: &str) -> Option<FieldType> {
        Some(match name {
            "text" => FieldType::Text,
            "long-text" => FieldType::LongText,
            "list" => FieldType::List,
            "date" => FieldType::Date,
            "url" => FieldType::Url,
            "email" => FieldType::Email,
            "number" => FieldType::Number,
            "choice" => FieldType::Choice,
            "choices" => FieldType::Choices,
            _ => return None,
        })
    }

    /// Whether its values come from a closed list.
    pub fn is_closed(self) -> bool {
        matches!(self, FieldType::Choice | FieldType::Choices)
    }

    /// Whether it holds several values.
    pub fn is_list(self) -> bool {
        matches!(self, FieldType::List | FieldType::Choices)
    }
}

/// One entry of the schema.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    pub key: String,
    /// What authors and readers see it called.
    pub label: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// One sentence that tells an author what to write.
    pub help: String,
    /// The closed list of a choice.
    pub values: Vec<String>,
    /// Index pages and a search filter for its values.
    pub filter: bool,
    /// Part of every site; otherwise declared in `fiches.toml`.
    pub builtin: bool,
    /// The suggestions for values outside `values`, worked out once for all fiches.
    #[serde(skip)]
    pub suggestions: Memo,
}

/// A declared field's value in a fiche. Texts keep where they are written, so that
/// the terms of a field with `filter = true` are checked at their place.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Text(Spanned<String>),
    List(Vec<Spanned<String>>),
    Date(Date),
    /// A number, as written.
    Number(String),
}

impl FieldValue {
    /// The value as JSON: what `fiches.json` exports and the editor's form fills in. A
    /// whole number stays whole (`42`, not `42.0`).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            FieldValue::Text(t) => json!(t),
            FieldValue::List(l) => json!(l),
            FieldValue::Date(d) => json!(d.iso()),
            FieldValue::Number(n) => n
                .parse::<i64>()
                .map(|i| json!(i))
                .or_else(|_| n.parse::<f64>().map(|x| json!(x)))
                .unwrap_or_else(|_| json!(n)),
        }
    }
}

/// A built-in field: its key, kind, label and help (French, English).
type Builtin = (
    &'static str,
    FieldType,
    (&'static str, &'static str),
    (&'static str, &'static str),
);

/// The fields every site has, in the order forms and scaffolds show them.
const BUILTIN: &[Builtin] = &[
    (
        "title",
        FieldType::Text,
        ("Titre", "Title"),
        (
            "Le titre de la fiche : ce qui a été fait, en quelques mots.",
            "The sheet's title: what was done, in a few words.",
        ),
    ),
    (
        "date",
        FieldType::Date,
        ("Date", "Date"),
        (
            "Quand l'action a eu lieu ou a commencé.",
            "When the action took place or started.",
        ),
    ),
    (
        "variant",
        FieldType::Choice,
        ("Type de fiche", "Kind of sheet"),
        (
            "Une fiche factuelle décrit l'action ; un récit la raconte avec les personnes.",
            "A factual sheet describes the action; a story tells it with the people.",
        ),
    ),
    (
        "summary",
        FieldType::LongText,
        ("Résumé", "Summary"),
        (
            "Deux ou trois phrases : ce qui a été fait, et ce que ça a changé.",
            "Two or three sentences: what was done, and what it changed.",
        ),
    ),
    (
        "authors",
        FieldType::List,
        ("Auteurs et autrices", "Authors"),
        (
            "Les personnes qui signent la fiche.",
            "The people who sign the sheet.",
        ),
    ),
    (
        "collective",
        FieldType::Text,
        ("Collectif", "Collective"),
        (
            "Ou le nom du groupe qui signe la fiche.",
            "Or the name of the group that signs the sheet.",
        ),
    ),
    (
        "organization",
        FieldType::Text,
        ("Structure porteuse", "Organisation"),
        (
            "La structure qui a porté l'action.",
            "The organisation that carried the action.",
        ),
    ),
    (
        "territory",
        FieldType::Text,
        ("Territoire", "Area"),
        (
            "Où l'action a eu lieu : une ville, un quartier, un département.",
            "Where the action took place: a town, a neighbourhood, a region.",
        ),
    ),
    (
        "commune",
        FieldType::Text,
        ("Commune", "Town"),
        (
            "La ville ou le village où l'action a eu lieu.",
            "The town or village where the action took place.",
        ),
    ),
    (
        "coordinates",
        FieldType::Text,
        ("Coordonnées", "Coordinates"),
        (
            "Latitude et longitude, copiées d'une carte : 45.5646, 5.9178.",
            "Latitude and longitude, copied from a map: 45.5646, 5.9178.",
        ),
    ),
    (
        "themes",
        FieldType::List,
        ("Thèmes", "Themes"),
        (
            "Les grands thèmes de l'action.",
            "The action's main themes.",
        ),
    ),
    (
        "tags",
        FieldType::List,
        ("Mots-clés", "Tags"),
        (
            "Quelques mots pour retrouver la fiche.",
            "A few words to find the sheet again.",
        ),
    ),
    (
        "event",
        FieldType::Text,
        ("Événement d'origine", "Event it came from"),
        (
            "Si la fiche raconte ce qu'a donné un événement de l'agenda : l'adresse courte de sa page, par exemple soiree-debat-bien-etre-au-travail. Sa page renverra vers la fiche.",
            "If the sheet tells what an event of the agenda gave: the short address of its page, for example debate-evening-on-wellbeing. Its page will link to the sheet.",
        ),
    ),
    (
        "period",
        FieldType::Text,
        ("Période", "Period"),
        (
            "Quand l'action a duré, par exemple : septembre 2023 – juin 2024.",
            "How long the action ran, for example: September 2023 – June 2024.",
        ),
    ),
    (
        "audience",
        FieldType::List,
        ("Public", "Audience"),
        (
            "Les personnes à qui l'action s'adressait.",
            "The people the action was for.",
        ),
    ),
    (
        "partners",
        FieldType::List,
        ("Partenaires", "Partners"),
        (
            "Les structures qui ont participé.",
            "The organisations that took part.",
        ),
    ),
    (
        "budget",
        FieldType::Text,
        ("Budget", "Budget"),
        (
            "Le budget, et ce qui a été prêté ou donné (locaux, matériel, temps).",
            "The budget, and what was lent or given (rooms, equipment, time).",
        ),
    ),
    (
        "contact",
        FieldType::Text,
        ("Contact", "Contact"),
        (
            "Une adresse e-mail ou un site pour en savoir plus.",
            "An e-mail address or a website to learn more.",
        ),
    ),
    (
        "testimonies",
        FieldType::Testimonies,
        ("Témoignages", "Testimonies"),
        (
            "Les paroles des personnes concernées, avec leur accord.",
            "The words of the people concerned, with their agreement.",
        ),
    ),
    (
        "image",
        FieldType::Text,
        ("Image de couverture", "Cover image"),
        (
            "Une image rangée dans le dossier de la fiche.",
            "An image kept in the sheet's folder.",
        ),
    ),
    (
        "image_alt",
        FieldType::Text,
        ("Description de l'image", "Image description"),
        (
            "Ce que montre l'image, pour les personnes qui ne la voient pas.",
            "What the image shows, for people who cannot see it.",
        ),
    ),
    (
        "updated",
        FieldType::Date,
        ("Mise à jour", "Updated"),
        (
            "La date de la dernière mise à jour de la fiche.",
            "When the sheet was last updated.",
        ),
    ),
    (
        "slug",
        FieldType::Text,
        ("Adresse", "Address"),
        (
            "L'adresse de la page, si elle doit différer du nom du fichier.",
            "The page's address, if it must differ from the file name.",
        ),
    ),
    (
        "draft",
        FieldType::Bool,
        ("Brouillon", "Draft"),
        (
            "Un brouillon n'est pas publié.",
            "A draft is not published.",
        ),
    ),
    (
        "featured",
        FieldType::Bool,
        ("À la une", "Featured"),
        (
            "Une fiche à la une est montrée en premier sur la page d'accueil.",
            "A featured sheet is shown first on the home page.",
        ),
    ),
];

/// The fields every site has, in the order forms and scaffolds show them.
pub fn builtin_fields(lang: Lang) -> Vec<Field> {
    BUILTIN
        .iter()
        .map(|&(key, kind, label, help)| Field {
            key: key.to_string(),
            label: lang.pick(label.0, label.1),
            kind,
            help: lang.pick(help.0, help.1),
            values: Vec::new(),
            filter: false,
            builtin: true,
            suggestions: Memo::default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_kind_in_json() {
        assert_eq!(
            FieldValue::Number("42".into()).to_json(),
            serde_json::json!(42)
        );
        assert_eq!(
            FieldValue::Number("1.5".into()).to_json(),
            serde_json::json!(1.5)
        );
        assert_eq!(
            FieldValue::Date(Date::parse_iso("2024-06-30").unwrap()).to_json(),
            serde_json::json!("2024-06-30")
        );
    }
}
