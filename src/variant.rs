//! Variants of fiche (factual, storytelling, and any a site declares): what a reader
//! sees them called, which fields they carry and which sections they expect.

use crate::lang::Lang;

/// Fields that only some variants carry; a fiche may use those its variant lists.
pub const SPECIFIC_FIELDS: [&str; 6] = [
    "period",
    "audience",
    "partners",
    "budget",
    "contact",
    "testimonies",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    pub name: String,
    /// What readers see, in the site's language.
    pub label: String,
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
    /// Whether fiches of this variant may carry `field` (one of [`SPECIFIC_FIELDS`]).
    pub fn has_field(&self, field: &str) -> bool {
        self.fields.iter().chain(&self.required_fields).any(|f| f == field)
    }
}

/// The two variants every site has unless it redefines them.
pub fn builtin(lang: Lang) -> Vec<Variant> {
    let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        Variant {
            name: "factual".into(),
            label: lang.pick("Fiche factuelle", "Factual sheet"),
            fields: list(&["period", "audience", "partners", "budget", "contact"]),
            required_fields: Vec::new(),
            required_sections: Vec::new(),
            recommended_sections: match lang {
                Lang::Fr => list(&["Contexte", "Objectifs", "Actions menées", "Résultats"]),
                Lang::En => list(&["Context", "Objectives", "What was done", "Results"]),
            },
            template: "factual.html".into(),
        },
        Variant {
            name: "storytelling".into(),
            label: lang.pick("Récit d'expérience", "Story"),
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
