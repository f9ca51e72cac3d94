//! The Belgian provinces (ISO 3166-2 codes without `BE-`), the Brussels-Capital
//! Region, and the Flemish and Walloon regions, in French, Dutch, German and English.

/// A province or region: its code, its French name, the code of the region it
/// belongs to (empty for a region), other names.
pub(super) const PROVINCES: [(&str, &str, &str, &[&str]); 13] = [
    (
        "VLG",
        "Flandre",
        "",
        &["Vlaanderen", "Région flamande", "Flanders"],
    ),
    (
        "WAL",
        "Wallonie",
        "",
        &["Wallonië", "Région wallonne", "Wallonia"],
    ),
    (
        "BRU",
        "Bruxelles-Capitale",
        "",
        &[
            "Région de Bruxelles-Capitale",
            "Brussels Hoofdstedelijk Gewest",
            "Bruxelles",
            "Brussel",
            "Brussels",
        ],
    ),
    ("VAN", "Anvers", "VLG", &["Antwerpen", "Antwerp"]),
    ("VLI", "Limbourg", "VLG", &["Limburg"]),
    (
        "VOV",
        "Flandre-Orientale",
        "VLG",
        &["Oost-Vlaanderen", "East Flanders"],
    ),
    (
        "VWV",
        "Flandre-Occidentale",
        "VLG",
        &["West-Vlaanderen", "West Flanders"],
    ),
    (
        "VBR",
        "Brabant flamand",
        "VLG",
        &["Vlaams-Brabant", "Flemish Brabant"],
    ),
    (
        "WBR",
        "Brabant wallon",
        "WAL",
        &["Waals-Brabant", "Walloon Brabant"],
    ),
    ("WHT", "Hainaut", "WAL", &["Henegouwen"]),
    ("WLG", "Liège", "WAL", &["Luik", "Lüttich"]),
    (
        "WLX",
        "Luxembourg",
        "WAL",
        &["Luxemburg", "Province de Luxembourg"],
    ),
    ("WNA", "Namur", "WAL", &["Namen"]),
];
