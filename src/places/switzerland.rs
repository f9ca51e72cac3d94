//! The Swiss cantons: their numbers (OFS), their two-letter codes and their names in
//! French, German and Italian (and Romansh or English where people write them).

/// A canton: its OFS number, its code, its French name, other names.
pub(super) const CANTONS: [(u8, &str, &str, &[&str]); 26] = [
    (1, "ZH", "Zurich", &["Zürich", "Zurigo"]),
    (2, "BE", "Berne", &["Bern", "Berna"]),
    (3, "LU", "Lucerne", &["Luzern", "Lucerna"]),
    (4, "UR", "Uri", &[]),
    (5, "SZ", "Schwytz", &["Schwyz", "Svitto"]),
    (6, "OW", "Obwald", &["Obwalden", "Obvaldo"]),
    (7, "NW", "Nidwald", &["Nidwalden", "Nidvaldo"]),
    (8, "GL", "Glaris", &["Glarus", "Glarona"]),
    (9, "ZG", "Zoug", &["Zug", "Zugo"]),
    (10, "FR", "Fribourg", &["Freiburg", "Friburgo"]),
    (11, "SO", "Soleure", &["Solothurn", "Soletta"]),
    (
        12,
        "BS",
        "Bâle-Ville",
        &["Basel-Stadt", "Basilea Città", "Basel-City"],
    ),
    (
        13,
        "BL",
        "Bâle-Campagne",
        &["Basel-Landschaft", "Basilea Campagna", "Basel-Land"],
    ),
    (14, "SH", "Schaffhouse", &["Schaffhausen", "Sciaffusa"]),
    (
        15,
        "AR",
        "Appenzell Rhodes-Extérieures",
        &["Appenzell Ausserrhoden", "Appenzello Esterno"],
    ),
    (
        16,
        "AI",
        "Appenzell Rhodes-Intérieures",
        &["Appenzell Innerrhoden", "Appenzello Interno"],
    ),
    (
        17,
        "SG",
        "Saint-Gall",
        &["St. Gallen", "Sankt Gallen", "San Gallo", "St-Gall"],
    ),
    (18, "GR", "Grisons", &["Graubünden", "Grigioni", "Grischun"]),
    (19, "AG", "Argovie", &["Aargau", "Argovia"]),
    (20, "TG", "Thurgovie", &["Thurgau", "Turgovia"]),
    (21, "TI", "Tessin", &["Ticino"]),
    (22, "VD", "Vaud", &["Waadt"]),
    (23, "VS", "Valais", &["Wallis", "Vallese"]),
    (24, "NE", "Neuchâtel", &["Neuenburg"]),
    (25, "GE", "Genève", &["Genf", "Ginevra", "Geneva"]),
    (26, "JU", "Jura", &["Giura"]),
];
