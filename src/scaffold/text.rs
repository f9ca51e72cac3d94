//! The texts `fiches init` and `fiches new` write: a commented `fiches.toml`, example
//! fiches to learn from, and a fiche scaffold per variant, in the site's language.

use super::examples::*;
use crate::config::Config;
use crate::lang::{Date, Lang};
use crate::schema::{Field, FieldType, Variant, sections_body};

/// The files of a new site: path relative to the site folder, and text.
pub fn site_files(lang: Lang) -> Vec<(&'static str, String)> {
    let (factual, story) = match lang {
        Lang::Fr => (
            ("content/comptoir-des-projets.md", FR_FACTUAL),
            ("content/le-cafe-des-parents.md", FR_STORY),
        ),
        Lang::En => (
            ("content/project-counter.md", EN_FACTUAL),
            ("content/the-parents-cafe.md", EN_STORY),
        ),
    };
    vec![
        ("fiches.toml", config_text(lang)),
        (
            ".gitignore",
            "public/\n.public.fiches-*\n.fiches-cache/\n".to_string(),
        ),
        (factual.0, factual.1.to_string()),
        (story.0, story.1.to_string()),
    ]
}

/// The commented `fiches.toml` of a new site (also the fuzz targets' configuration).
pub fn config_text(lang: Lang) -> String {
    let text = match lang {
        Lang::Fr => FR_CONFIG,
        Lang::En => EN_CONFIG,
    };
    text.to_string()
}

/// The scaffold of a new fiche of `variant`: every key of that variant explained in
/// comments, today's date, its sections with a line of guidance each, `draft = true`.
pub fn fiche(cfg: &Config, variant: &Variant, title: &str, today: Date, bundle: bool) -> String {
    let lang = cfg.language;
    let mut s = Scaffold {
        out: String::from("+++\n"),
        lang,
        placeholder: lang.pick("À compléter", "To be completed"),
    };
    s.common(variant, title, today);
    s.optional(variant, bundle);
    s.declared(cfg, variant, today);
    for (c, e) in super::event::lines(variant, lang, today, &s.placeholder) {
        s.line(c, e);
    }
    s.ending(variant);
    s.out.push_str("+++\n");
    s.out.push_str(&sections_body(variant, lang));
    s.out
}

/// A fiche's front matter as it is written, key by key, each under its comment.
struct Scaffold {
    out: String,
    lang: Lang,
    /// What a required value holds until the author writes it.
    placeholder: String,
}

impl Scaffold {
    fn line(&mut self, comment: String, entry: String) {
        self.out.push_str(&format!("# {comment}\n{entry}\n"));
    }

    fn t(&self, fr: &str, en: &str) -> String {
        self.lang.pick(fr, en)
    }

    /// The keys of every fiche: title, date, variant, summary, signatures, terms.
    fn common(&mut self, variant: &Variant, title: &str, today: Date) {
        let (lang, placeholder) = (self.lang, self.placeholder.clone());
        let t = |fr: &str, en: &str| lang.pick(fr, en);
        let mut line = |comment: String, entry: String| self.line(comment, entry);
        line(
            t(
                "Le titre, tel qu'il apparaîtra en haut de la page.",
                "The title, as shown at the top of the page.",
            ),
            format!("title = {}", quote(title)),
        );
        line(
            t(
                "La date de l'action ou de la publication (année-mois-jour).",
                "The date of the action or of publication (year-month-day).",
            ),
            format!("date = {}", today.iso()),
        );
        line(
            lang.pick(
                format!("La variante de fiche : {}.", variant.label),
                format!("The kind of sheet: {}.", variant.label),
            ),
            format!("variant = \"{}\"", variant.name),
        );
        line(
            t(
                "Deux ou trois phrases : ce qui a été fait et ce que ça a changé. Affiché dans les listes et les aperçus.",
                "Two or three sentences: what was done and what it changed. Shown in lists and previews.",
            ),
            format!(
                "summary = \"{placeholder} : {}\"",
                t(
                    "ce qui a été fait, et ce que ça a changé.",
                    "what was done, and what it changed."
                )
            ),
        );
        line(
            t(
                "Qui signe la fiche : des personnes (authors) et/ou un collectif (collective). Au moins l'un des deux.",
                "Who signs the sheet: people (authors) and/or a group (collective). At least one of them.",
            ),
            format!("authors = [\"{}\"]", t("Prénom Nom", "First Last")),
        );
        line(
            t(
                "Pour signer au nom d'un groupe plutôt que de personnes :",
                "To sign as a group rather than as people:",
            ),
            format!(
                "# collective = \"{}\"",
                t("Nom du collectif", "Name of the group")
            ),
        );
        line(
            t(
                "Des mots-clés libres, pour retrouver les fiches proches.",
                "Free tags, to find related sheets.",
            ),
            "tags = []".into(),
        );
        line(
            t("Un ou deux grands thèmes.", "One or two main themes."),
            "themes = []".into(),
        );
    }

    /// The keys a variant may leave out, commented out unless it requires them; the
    /// cover image in a fiche with its own folder.
    fn optional(&mut self, variant: &Variant, bundle: bool) {
        let lang = self.lang;
        let t = |fr: &str, en: &str| lang.pick(fr, en);
        for (key, comment, example) in [
            (
                "territory",
                t(
                    "Où l'action a eu lieu : ville, département, canton…",
                    "Where it took place: town, county, region…",
                ),
                "# territory = \"\"".to_string(),
            ),
            (
                "organization",
                t(
                    "La structure qui a porté l'action.",
                    "The organisation that led the action.",
                ),
                "# organization = \"\"".to_string(),
            ),
        ] {
            let (c, e) = self.optional_entry(variant, key, comment, example);
            self.line(c, e);
        }
        self.came_from(variant);
        if bundle {
            self.line(
                self.t(
                    "Une image de couverture rangée dans ce dossier, et sa description pour qui ne la voit pas.",
                    "A cover image kept in this folder, and its description for those who cannot see it.",
                ),
                "# image = \"couverture.jpg\"\n# image_alt = \"\"".into(),
            );
        }
        let specific: [(&str, &str, &str, &str); 5] = [
            (
                "period",
                "La période de l'action.",
                "When the action took place.",
                "# period = \"\"",
            ),
            (
                "audience",
                "Le public concerné.",
                "Who the action was for.",
                "# audience = [\"\"]",
            ),
            (
                "partners",
                "Les partenaires.",
                "The partners.",
                "# partners = [\"\"]",
            ),
            (
                "budget",
                "Les moyens : budget, temps, lieux.",
                "Resources: budget, time, places.",
                "# budget = \"\"",
            ),
            (
                "contact",
                "Une adresse pour en savoir plus.",
                "An address to learn more.",
                "# contact = \"\"",
            ),
        ];
        for (key, fr, en, example) in specific {
            if !variant.has_field(key) {
                continue;
            }
            let (c, e) = self.optional_entry(variant, key, self.t(fr, en), example.to_string());
            self.line(c, e);
        }
    }

    /// The event a fiche came from, commented out (not for an event).
    fn came_from(&mut self, variant: &Variant) {
        if variant.offers_came_from() {
            self.line(
                self.t(
                    "Si la fiche raconte ce qu'a donné un événement de l'agenda : l'adresse courte de sa page (le nom de son fichier sans « .md »).",
                    "If the sheet tells what an event of the agenda gave: the short address of its page (its file name without \".md\").",
                ),
                "# event = \"\"".into(),
            );
        }
    }

    /// A key's comment and entry: the entry commented out, or filled with the
    /// placeholder when the variant requires the key.
    fn optional_entry(
        &self,
        variant: &Variant,
        key: &str,
        comment: String,
        example: String,
    ) -> (String, String) {
        if variant.required_fields.iter().any(|f| f == key) {
            (
                comment,
                example
                    .replacen("# ", "", 1)
                    .replace("\"\"", &format!("\"{}\"", self.placeholder)),
            )
        } else {
            (comment, example)
        }
    }

    /// The site's own fields that the variant carries, each with its help and values.
    fn declared(&mut self, cfg: &Config, variant: &Variant, today: Date) {
        let (lang, placeholder) = (self.lang, self.placeholder.clone());
        let required = |k: &str| variant.required_fields.iter().any(|f| f == k);
        for field in cfg
            .declared_fields()
            .filter(|f| cfg.carries(variant, &f.key))
        {
            let mut comment = field.label.clone();
            if !field.help.is_empty() {
                comment.push_str(" : ");
                comment.push_str(&field.help);
            }
            if field.kind.is_closed() {
                let list: Vec<String> = field.values.iter().map(|v| quote(v)).collect();
                comment.push_str(&lang.pick(
                    format!(" Valeurs possibles : {}.", list.join(", ")),
                    format!(" Possible values: {}.", list.join(", ")),
                ));
            }
            self.line(
                comment,
                declared_example(field, required(&field.key), &placeholder, today),
            );
        }
    }

    /// `draft = true`, then the testimonies' block when the variant has one.
    fn ending(&mut self, variant: &Variant) {
        let lang = self.lang;
        let t = |fr: &str, en: &str| lang.pick(fr, en);
        self.line(
        t(
            "Brouillon : la fiche n'est publiée qu'une fois cette ligne retirée (ou mise à false).",
            "Draft: the sheet is published only once this line is removed (or set to false).",
        ),
        "draft = true".into(),
    );
        if variant.has_field("testimonies") {
            self.out.push_str(&format!(
            "\n# {}\n# {}\n# [[testimonies]]\n# name = \"{}\"\n# role = \"{}\"\n# quote = \"{}\"\n# consent = true\n",
            t("Les témoignages, à la première personne, se placent à la fin de ce bloc. Un bloc par personne.", "Testimonies, in the first person, go at the end of this block. One block per person."),
            t("consent = true seulement quand la personne a donné son accord pour être publiée.", "consent = true only once the person has agreed to be published."),
            t("Prénom", "First name"),
            t("habitante du quartier", "resident of the area"),
            t("Ce que la personne dit, avec ses mots.", "What the person says, in their own words."),
        ));
        }
    }
}

/// The line of a declared field in a new fiche: commented out unless required, and
/// then filled with a value `fiches check` accepts, to be replaced by the author.
fn declared_example(field: &Field, required: bool, placeholder: &str, today: Date) -> String {
    let first = field
        .values
        .first()
        .map_or_else(|| quote(placeholder), |v| quote(v));
    let value = match field.kind {
        FieldType::List => format!("[{}]", quote(placeholder)),
        FieldType::Choices => format!("[{first}]"),
        FieldType::Choice => first,
        FieldType::Date => today.iso(),
        FieldType::Number => "0".into(),
        FieldType::Url => quote("https://exemple.org/"),
        FieldType::Email => quote("contact@exemple.org"),
        _ => quote(placeholder),
    };
    let entry = format!("{} = {value}", field.key);
    if required {
        entry
    } else {
        format!("# {entry}")
    }
}

/// A TOML string with what must be escaped escaped.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(64) })]

        /// `fiches new TITLE` with any title (no-break spaces, ligatures, emoji,
        /// astral letters, RTL, control characters, quotes, `+++`): the scaffold of
        /// every variant, in both languages, reads back with that title, never
        /// breaking out of its TOML string.
        #[test]
        fn any_title_reads_back_from_its_scaffold(title in crate::cut::hostile::text(16), english in any::<bool>(), bundle in any::<bool>()) {
            let toml = if english { "title = \"t\"\nlanguage = \"en\"\n" } else { "title = \"t\"\n" };
            let cfg = crate::config::parse(toml).0.unwrap_or_else(|| unreachable!());
            let today = crate::lang::Date::parse_iso("2026-03-12").unwrap_or_else(|| unreachable!());
            for variant in &cfg.variants {
                let text = fiche(&cfg, variant, &title, today, bundle);
                let (f, _) = crate::fiche::parse(text.clone(), std::path::Path::new("content/x.md"), "x", None, &cfg);
                let Some(f) = f else { return Err(TestCaseError::fail(format!("{}: no fiche\n{text}", variant.name))) };
                // Control characters, which a title cannot show, are written as spaces.
                let shown: String = title.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
                prop_assert_eq!(f.title.as_str(), shown.trim(), "{}", variant.name);
                prop_assert_eq!(f.variant_in(&cfg).map(|v| v.name.as_str()), Some(variant.name.as_str()));
            }
        }
    }
}
