//! The example texts of a new site, in each language: its commented `fiches.toml` and
//! one example fiche of each variant.

pub(super) const FR_CONFIG: &str = r#"# Réglages du site. Chaque ligne s'écrit `clé = valeur` ; une ligne qui commence
# par # est un commentaire : retirez le # pour activer un réglage.

# Le titre du site, en haut de chaque page (obligatoire).
title = "Les fiches expérience de notre réseau"

# Une phrase qui présente le site : page d'accueil, pied de page, aperçus.
description = "Des actions racontées par celles et ceux qui les ont menées."

# L'adresse du site une fois en ligne (avec son sous-dossier s'il y en a un).
# Inutile pour lire le site sur cet ordinateur, sur une clé USB ou dans un zip.
# Une fois le site en ligne, indiquez-la (retirez le #) : les lecteurs pourront
# s'abonner aux nouvelles fiches, les moteurs de recherche trouveront toutes les
# pages, et d'autres sites pourront reprendre vos fiches.
# base_url = "https://exemple.org/fiches/"

# La langue du site et des messages : "fr" ou "en".
language = "fr"

# Le nombre de fiches du flux atom.xml auquel les lecteurs s'abonnent : les plus
# récentes (par défaut 20 ; 0 : toutes les fiches).
# feed_limit = 20

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

pub(super) const EN_CONFIG: &str = r#"# Site settings. Each line reads `key = value`; a line starting with # is a
# comment: remove the # to turn a setting on.

# The site's title, at the top of every page (required).
title = "Our network's experience sheets"

# One sentence presenting the site: home page, footer, previews.
description = "Actions told by the people who carried them out."

# The site's address once online (with its sub-folder if it has one).
# Not needed to read the site on this computer, on a USB key or in a zip.
# Once the site is online, give it (remove the #): readers can subscribe to new
# sheets, search engines find every page, and other sites can reuse your sheets.
# base_url = "https://example.org/sheets/"

# The language of the site and of messages: "fr" or "en".
language = "en"

# How many sheets the atom.xml feed that readers subscribe to holds: the newest
# (20 by default; 0: every sheet).
# feed_limit = 20

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

pub(super) const FR_FACTUAL: &str = r#"+++
# Une fiche d'exemple, à lire pour apprendre le format (les lignes qui commencent
# par # ne sont pas publiées). Modifiez-la ou supprimez-la avant de publier.
title = "Un comptoir des projets entre structures voisines"
date = 2024-03-14
variant = "factual"
summary = "Chaque trimestre, les équipes du territoire présentent un projet en cinq minutes autour d'un café. Six coopérations sont nées la première année."
collective = "Le réseau des acteurs sociaux du territoire"
tags = ["réseautage", "entraide"]
themes = ["Coopération entre structures"]
territory = "Chambéry"
organization = "Centre social des Hauts-de-Chambéry"
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

Voir aussi [le café des parents](le-cafe-des-parents.md), né d'une de ces rencontres.
"#;

pub(super) const FR_STORY: &str = r#"+++
# Un récit d'exemple, à lire pour apprendre le format (les lignes qui commencent
# par # ne sont pas publiées). Modifiez-le ou supprimez-le avant de publier.
title = "Le café des parents"
date = 2024-05-02
variant = "storytelling"
summary = "Un matin par semaine, des parents se retrouvent à l'école autour d'un café. Ils ne se connaissaient pas ; ils s'entraident aujourd'hui."
collective = "Les parents du café"
tags = ["parentalité", "entraide"]
themes = ["Participation des habitants"]
territory = "Chambéry"

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

pub(super) const EN_FACTUAL: &str = r#"+++
# An example sheet, to read to learn the format (lines starting with # are not
# published). Edit it or delete it before publishing.
title = "A project counter between neighbouring organisations"
date = 2024-03-14
variant = "factual"
summary = "Every quarter, local teams each present a project in five minutes over coffee. Six partnerships started in the first year."
collective = "The local social workers' network"
tags = ["networking", "mutual help"]
themes = ["Cooperation between organisations"]
territory = "Leeds"
organization = "Harehills Community Centre"
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

See also [the parents' café](the-parents-cafe.md), born at one of these meetings.
"#;

pub(super) const EN_STORY: &str = r#"+++
# An example story, to read to learn the format (lines starting with # are not
# published). Edit it or delete it before publishing.
title = "The parents' café"
date = 2024-05-02
variant = "storytelling"
summary = "One morning a week, parents meet at school over coffee. They were strangers; now they help each other."
collective = "The café parents"
tags = ["parenting", "mutual help"]
themes = ["Residents' participation"]
territory = "Leeds"

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
