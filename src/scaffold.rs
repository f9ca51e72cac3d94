//! What `fiches init` and `fiches new` write: a commented `fiches.toml`, example
//! fiches to learn from, and a fiche scaffold per variant, in the site's language.

use crate::config::Config;
use crate::lang::{Date, Lang};
use crate::variant::{Variant, section_guidance};

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
        (".gitignore", "public/\n".to_string()),
        (factual.0, factual.1.to_string()),
        (story.0, story.1.to_string()),
    ]
}

fn config_text(lang: Lang) -> String {
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
    let t = |fr: &str, en: &str| lang.pick(fr, en);
    let placeholder = t("À compléter", "To be completed");
    let mut out = String::from("+++\n");
    let mut line = |comment: String, entry: String| {
        out.push_str(&format!("# {comment}\n{entry}\n"));
    };
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
            format!("The kind of fiche: {}.", variant.label),
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
            "Who signs the fiche: people (authors) and/or a group (collective). At least one of them.",
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
            "Free tags, to find related fiches.",
        ),
        "tags = []".into(),
    );
    line(
        t("Un ou deux grands thèmes.", "One or two main themes."),
        "themes = []".into(),
    );
    let required = |k: &str| variant.required_fields.iter().any(|f| f == k);
    let optional = |key: &str, comment: String, example: String| -> (String, String) {
        if required(key) {
            (
                comment,
                example
                    .replacen("# ", "", 1)
                    .replace("\"\"", &format!("\"{placeholder}\"")),
            )
        } else {
            (comment, example)
        }
    };
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
        let (c, e) = optional(key, comment, example);
        line(c, e);
    }
    if bundle {
        line(
            t(
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
        let (c, e) = optional(key, t(fr, en), example.to_string());
        line(c, e);
    }
    line(
        t(
            "Brouillon : la fiche n'est publiée qu'une fois cette ligne retirée (ou mise à false).",
            "Draft: the fiche is published only once this line is removed (or set to false).",
        ),
        "draft = true".into(),
    );
    if variant.has_field("testimonies") {
        out.push_str(&format!(
            "\n# {}\n# {}\n# [[testimonies]]\n# name = \"{}\"\n# role = \"{}\"\n# quote = \"{}\"\n# consent = true\n",
            t("Les témoignages, à la première personne, se placent à la fin de ce bloc. Un bloc par personne.", "Testimonies, in the first person, go at the end of this block. One block per person."),
            t("consent = true seulement quand la personne a donné son accord pour être publiée.", "consent = true only once the person has agreed to be published."),
            t("Prénom", "First name"),
            t("habitante du quartier", "resident of the area"),
            t("Ce que la personne dit, avec ses mots.", "What the person says, in their own words."),
        ));
    }
    out.push_str("+++\n");
    let sections: Vec<&String> = variant
        .required_sections
        .iter()
        .chain(&variant.recommended_sections)
        .collect();
    for s in sections {
        out.push_str(&format!(
            "\n## {s}\n\n<!-- {} -->\n",
            section_guidance(s, lang)
        ));
    }
    out
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

const FR_CONFIG: &str = r#"# Réglages du site. Chaque ligne s'écrit `clé = valeur` ; une ligne qui commence
# par # est un commentaire : retirez le # pour activer un réglage.

# Le titre du site, en haut de chaque page (obligatoire).
title = "Les fiches expérience de notre réseau"

# Une phrase qui présente le site : page d'accueil, pied de page, aperçus.
description = "Des actions racontées par celles et ceux qui les ont menées."

# L'adresse publique du site une fois en ligne, avec son sous-dossier s'il y en a un.
# base_url = "https://exemple.org/fiches/"

# La langue du site et des messages : "fr" ou "en".
language = "fr"

# Un autre thème, rangé dans themes/NOM/ (par défaut : le thème intégré).
# theme = "mon-theme"

# Laisser passer le HTML écrit dans les fiches (déconseillé : réservé aux initiés).
# [markdown]
# unsafe_html = false

# Ajuster une variante de fiche, ou en déclarer une nouvelle :
# [variants.factual]
# required_sections = ["Résultats"]
#
# [variants.job]
# label = "Fiche métier"
# required_fields = ["organization", "contact"]
# required_sections = ["Missions", "Compétences"]
# recommended_sections = ["Parcours"]

# Fermer la liste des thèmes (ou des mots-clés) : un terme hors liste devient une erreur.
# [taxonomies.themes]
# terms = ["Participation des habitants", "Coopération entre structures"]
"#;

const EN_CONFIG: &str = r#"# Site settings. Each line reads `key = value`; a line starting with # is a
# comment: remove the # to turn a setting on.

# The site's title, at the top of every page (required).
title = "Our network's experience sheets"

# One sentence presenting the site: home page, footer, previews.
description = "Actions told by the people who carried them out."

# The site's public address once online, with its sub-folder if it has one.
# base_url = "https://example.org/sheets/"

# The language of the site and of messages: "fr" or "en".
language = "en"

# Another theme, kept in themes/NAME/ (default: the built-in theme).
# theme = "my-theme"

# Let HTML written in fiches through (not advised: for experienced users).
# [markdown]
# unsafe_html = false

# Adjust a kind of fiche, or declare a new one:
# [variants.factual]
# required_sections = ["Results"]
#
# [variants.job]
# label = "Job profile"
# required_fields = ["organization", "contact"]
# required_sections = ["Tasks", "Skills"]
# recommended_sections = ["Career path"]

# Close the list of themes (or tags): a term outside the list becomes an error.
# [taxonomies.themes]
# terms = ["Residents' participation", "Cooperation between organisations"]
"#;

const FR_FACTUAL: &str = r#"+++
title = "Un comptoir des projets entre structures voisines"
date = 2024-03-14
variant = "factual"
summary = "Chaque trimestre, les équipes du territoire présentent un projet en cinq minutes autour d'un café. Exemple de fiche factuelle : modifiez-la ou supprimez-la."
collective = "Le réseau des acteurs sociaux du territoire"
tags = ["réseautage", "entraide"]
themes = ["Coopération entre structures"]
territory = "Votre territoire"
organization = "Votre structure"
period = "Septembre 2023 – juin 2024"
audience = ["Travailleurs sociaux", "Animateurs"]
partners = ["Centre social", "Médiathèque"]
budget = "Une salle prêtée, un café offert"
+++

## Contexte

Nos structures travaillent dans les mêmes quartiers sans toujours se connaître.

## Objectifs

- Savoir qui fait quoi près de chez soi.
- Faire naître des coopérations concrètes.

## Actions menées

Quatre rencontres dans l'année ; à chaque fois, cinq projets présentés en cinq minutes,
puis un temps libre pour échanger.

## Moyens

Une salle prêtée par le centre social, deux heures par trimestre, un café.

## Résultats

| Rencontres | Projets présentés | Coopérations nées |
|---|---|---|
| 4 | 20 | 6 |

Voir aussi [le récit d'exemple](le-cafe-des-parents.md).
"#;

const FR_STORY: &str = r#"+++
title = "Le café des parents"
date = 2024-05-02
variant = "storytelling"
summary = "Un matin par semaine, des parents se retrouvent à l'école autour d'un café. Exemple de récit : modifiez-le ou supprimez-le."
collective = "Les parents du café"
tags = ["parentalité", "entraide"]
themes = ["Participation des habitants"]
territory = "Votre territoire"

[[testimonies]]
name = "Samia"
role = "maman de deux enfants"
quote = "Je ne connaissais personne ici. Maintenant, le mardi, c'est moi qui fais le café."
consent = true
+++

## Le point de départ

À la sortie de l'école, les parents se croisaient sans se parler.

## Le récit

Nous avons demandé une salle, apporté un thermos, et attendu. La première semaine, nous
étions trois. Au bout d'un mois, il a fallu des chaises en plus.

## Ce que ça a changé

Les parents se rendent service, et l'école a trouvé de nouveaux bénévoles pour la fête de fin
d'année.
"#;

const EN_FACTUAL: &str = r#"+++
title = "A project counter between neighbouring organisations"
date = 2024-03-14
variant = "factual"
summary = "Every quarter, local teams each present a project in five minutes over coffee. An example factual sheet: edit it or delete it."
collective = "The local social workers' network"
tags = ["networking", "mutual help"]
themes = ["Cooperation between organisations"]
territory = "Your area"
organization = "Your organisation"
period = "September 2023 – June 2024"
audience = ["Social workers", "Youth workers"]
partners = ["Community centre", "Library"]
budget = "A borrowed room, coffee on the house"
+++

## Context

Our organisations work in the same neighbourhoods without always knowing each other.

## Objectives

- Know who does what nearby.
- Start concrete cooperation.

## What was done

Four meetings a year; each time, five projects presented in five minutes, then free time to talk.

## Resources

A room lent by the community centre, two hours a quarter, coffee.

## Results

| Meetings | Projects presented | Partnerships started |
|---|---|---|
| 4 | 20 | 6 |

See also [the example story](the-parents-cafe.md).
"#;

const EN_STORY: &str = r#"+++
title = "The parents' café"
date = 2024-05-02
variant = "storytelling"
summary = "One morning a week, parents meet at school over coffee. An example story: edit it or delete it."
collective = "The café parents"
tags = ["parenting", "mutual help"]
themes = ["Residents' participation"]
territory = "Your area"

[[testimonies]]
name = "Samia"
role = "mother of two"
quote = "I didn't know anyone here. Now, on Tuesdays, I'm the one who makes the coffee."
consent = true
+++

## Where it started

At the school gate, parents passed each other without a word.

## The story

We asked for a room, brought a flask, and waited. The first week, there were three of us. After a
month, we needed more chairs.

## What changed

Parents help each other out, and the school found new volunteers for the end-of-year party.
"#;
