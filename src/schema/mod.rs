//! The schema of a fiche: the fields it may hold, and its variants (factual,
//! storytelling, and any a site declares) — what a reader sees them called, which
//! fields they carry and which sections they expect.

mod address;
mod event;
mod field;
mod testimony;

pub use event::{ATTENDANCE, EVENT_KEYS, STATUS, event_fields, event_variant};
pub use field::{Field, FieldType, FieldValue, builtin_fields, is_email, is_url};
pub use testimony::{TESTIMONY_KEYS, TESTIMONY_REQUIRED, testimony_fields};

use crate::lang::Lang;

/// The fields every variant's form shows, in this order, before the variant's own
/// (the contribution form, and what serve's editor may set or clear).
pub const FORM_FIELDS: [&str; 12] = [
    "title",
    "date",
    "summary",
    "authors",
    "collective",
    "organization",
    "territory",
    "commune",
    "coordinates",
    "themes",
    "tags",
    CAME_FROM,
];

/// The key by which a fiche names the event it was written after (its slug).
pub const CAME_FROM: &str = "event";

/// Fields every fiche must give (a variant may require more).
pub const REQUIRED_FIELDS: [&str; 4] = ["title", "date", "variant", "summary"];

/// Fields that only some variants carry; a fiche may use those its variant lists.
pub const SPECIFIC_FIELDS: [&str; 19] = [
    "period",
    "audience",
    "partners",
    "budget",
    "contact",
    "testimonies",
    // The event's, in `EVENT_KEYS`' order.
    "start",
    "end",
    "timezone",
    "attendance",
    "place",
    "address",
    "town",
    "online_url",
    "registration",
    "price",
    "status",
    "organizers",
    "recurrence",
];

/// Every built-in field: those of every fiche, then an event's.
pub fn all_builtin_fields(lang: Lang) -> Vec<Field> {
    let mut fields = builtin_fields(lang);
    fields.extend(event_fields(lang));
    fields
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    pub name: String,
    /// What readers see, in the site's language.
    pub label: String,
    /// Whether `fiches.toml` gave the label; otherwise the theme's `variant_NAME`
    /// interface string names it.
    pub label_set: bool,
    /// Which of [`SPECIFIC_FIELDS`] this variant carries.
    pub fields: Vec<String>,
    pub required_fields: Vec<String>,
    /// `##` headings that must be present.
    pub required_sections: Vec<String>,
    /// `##` headings whose absence is a warning.
    pub recommended_sections: Vec<String>,
    /// Template used for its page.
    pub template: String,
}

impl Variant {
    /// The fields this variant carries beyond the common ones, in the order its
    /// declaration lists them.
    pub fn own_fields(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.fields
            .iter()
            .chain(&self.required_fields)
            .map(String::as_str)
            .filter(|f| seen.insert(*f))
            .collect()
    }

    /// Whether forms offer [`CAME_FROM`] for this variant: a fiche tells what an
    /// event gave, an event does not (a variant with a start is one).
    pub fn offers_came_from(&self) -> bool {
        !self.has_field("start")
    }

    /// The keys of [`FORM_FIELDS`] its forms show.
    pub fn form_fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        FORM_FIELDS
            .into_iter()
            .filter(|k| *k != CAME_FROM || self.offers_came_from())
    }

    /// Whether fiches of this variant may carry `field` (one of [`SPECIFIC_FIELDS`]).
    pub fn has_field(&self, field: &str) -> bool {
        self.fields
            .iter()
            .chain(&self.required_fields)
            .any(|f| f == field)
    }
}

/// The three variants every site has unless it redefines them.
pub fn builtin(lang: Lang) -> Vec<Variant> {
    let mut variants = story_and_facts(lang);
    variants.push(event_variant(lang));
    variants
}

/// The factual sheet and the story.
fn story_and_facts(lang: Lang) -> Vec<Variant> {
    let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        Variant {
            name: "factual".into(),
            label: lang.pick("Fiche factuelle", "Factual sheet"),
            label_set: false,
            fields: list(&["period", "audience", "partners", "budget", "contact"]),
            required_fields: Vec::new(),
            required_sections: Vec::new(),
            recommended_sections: match lang {
                Lang::Fr => list(&[
                    "Contexte",
                    "Objectifs",
                    "Actions menées",
                    "Moyens",
                    "Résultats",
                ]),
                Lang::En => list(&[
                    "Context",
                    "Objectives",
                    "What was done",
                    "Resources",
                    "Results",
                ]),
            },
            template: "factual.html".into(),
        },
        Variant {
            name: "storytelling".into(),
            label: lang.pick("Récit d'expérience", "Story"),
            label_set: false,
            fields: list(&["testimonies"]),
            required_fields: Vec::new(),
            required_sections: Vec::new(),
            recommended_sections: match lang {
                Lang::Fr => list(&["Le point de départ", "Le récit", "Ce que ça a changé"]),
                Lang::En => list(&["Where it started", "The story", "What changed"]),
            },
            template: "storytelling.html".into(),
        },
    ]
}

/// The body a new fiche of `variant` starts with: each section's heading, with the line
/// of guidance under it as an HTML comment (which `fiches check` reports if left).
pub fn sections_body(variant: &Variant, lang: Lang) -> String {
    let mut out = String::new();
    for s in variant
        .required_sections
        .iter()
        .chain(&variant.recommended_sections)
    {
        out.push_str(&format!(
            "\n## {s}\n\n<!-- {} -->\n",
            section_guidance(s, lang)
        ));
    }
    out
}

/// One line telling an author what to write under a section of a built-in variant.
pub fn section_guidance(section: &str, lang: Lang) -> String {
    let (fr, en) = match crate::slug::slugify(section).as_str() {
        "contexte" | "context" => (
            "Dans quelle situation l'action est-elle née ? Quel besoin, quel constat ?",
            "What situation did the action grow from? What need, what observation?",
        ),
        "objectifs" | "objectives" => (
            "Ce que vous cherchiez à changer, en quelques points.",
            "What you set out to change, in a few points.",
        ),
        "actions-menees" | "what-was-done" => (
            "Ce qui a été fait, concrètement, étape par étape.",
            "What was done, concretely, step by step.",
        ),
        "moyens" | "resources" => (
            "Les personnes, le temps, l'argent et les lieux mobilisés.",
            "The people, time, money and places involved.",
        ),
        "resultats" | "results" => (
            "Ce qui a changé : des chiffres, des faits, des paroles.",
            "What changed: figures, facts, people's words.",
        ),
        "le-point-de-depart" | "where-it-started" => (
            "Où, quand et avec qui tout a commencé.",
            "Where, when and with whom it all began.",
        ),
        "le-recit" | "the-story" => (
            "Racontez ce qui s'est passé, au « nous », en laissant la parole aux personnes.",
            "Tell what happened, as \"we\", letting the people speak.",
        ),
        "ce-que-ca-a-change" | "what-changed" => (
            "Pour les personnes, pour le collectif, pour le quartier.",
            "For the people, for the group, for the neighbourhood.",
        ),
        "au-programme" | "what-will-happen" => (
            "Ce qui va se passer, pour qui, et ce que chacun peut apporter.",
            "What will happen, who it is for, and what each can bring.",
        ),
        _ => {
            return lang.pick(
                format!("Écrivez ici la partie « {section} »."),
                format!("Write the \"{section}\" part here."),
            );
        }
    };
    lang.pick(fr, en)
}
