//! The `event` variant: the fields of an event (when, where, how to come), what forms
//! call them and the closed lists of `attendance` and `status`.

use super::{Field, FieldType, Variant};
use crate::lang::Lang;

/// The front-matter keys an event may give, in the order forms show them.
pub const EVENT_KEYS: [&str; 13] = [
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

/// How people take part: `attendance`.
pub const ATTENDANCE: [&str; 3] = ["on-site", "online", "mixed"];
/// Where an event stands: `status`.
pub const STATUS: [&str; 4] = ["scheduled", "cancelled", "postponed", "full"];

/// The built-in `event` variant: it carries every event field and requires `start`.
pub fn event_variant(lang: Lang) -> Variant {
    Variant {
        name: "event".into(),
        label: lang.pick("Événement", "Event"),
        label_set: false,
        fields: EVENT_KEYS.iter().map(|k| k.to_string()).collect(),
        required_fields: vec!["start".into()],
        required_sections: Vec::new(),
        recommended_sections: vec![lang.pick("Au programme", "What will happen")],
        template: "event.html".into(),
    }
}

/// (key, type, label, help), each text in French and English.
type Texts = (
    &'static str,
    FieldType,
    (&'static str, &'static str),
    (&'static str, &'static str),
);

const TEXTS: [Texts; 13] = [
    (
        "start",
        FieldType::DateTime,
        ("Début", "Starts"),
        (
            "Le jour et l'heure du début, en heure locale : 2026-03-12T19:00:00.",
            "The day and time it starts, in local time: 2026-03-12T19:00:00.",
        ),
    ),
    (
        "end",
        FieldType::DateTime,
        ("Fin", "Ends"),
        (
            "Le jour et l'heure de la fin, après le début.",
            "The day and time it ends, after the start.",
        ),
    ),
    (
        "timezone",
        FieldType::Text,
        ("Fuseau horaire", "Time zone"),
        (
            "Seulement s'il diffère de celui du site : Europe/Paris, America/Montreal, Indian/Reunion.",
            "Only when it differs from the site's: Europe/Paris, America/Montreal, Indian/Reunion.",
        ),
    ),
    (
        "attendance",
        FieldType::Choice,
        ("Participation", "Attendance"),
        (
            "Sur place (on-site), en ligne (online) ou les deux (mixed).",
            "On site, online, or both (mixed).",
        ),
    ),
    (
        "place",
        FieldType::Text,
        ("Lieu", "Venue"),
        (
            "Le nom du lieu : une salle, un centre social.",
            "The venue's name: a hall, a community centre.",
        ),
    ),
    (
        "address",
        FieldType::Text,
        ("Adresse", "Street address"),
        ("Le numéro et la rue.", "The number and street."),
    ),
    (
        "town",
        FieldType::Text,
        ("Ville", "Town"),
        (
            "La commune, avec le code postal si vous voulez.",
            "The town, with its postcode if you like.",
        ),
    ),
    (
        "online_url",
        FieldType::Url,
        ("Lien de la visio", "Online link"),
        (
            "L'adresse où suivre l'événement en ligne.",
            "Where to follow the event online.",
        ),
    ),
    (
        "registration",
        FieldType::Text,
        ("Inscription", "Registration"),
        (
            "Un lien ou une adresse e-mail pour s'inscrire.",
            "A link or an e-mail address to register.",
        ),
    ),
    (
        "price",
        FieldType::Text,
        ("Tarif", "Price"),
        (
            "Par exemple : gratuit, ou 5 € (prix libre).",
            "For example: free, or £5 (pay what you can).",
        ),
    ),
    (
        "status",
        FieldType::Choice,
        ("Statut", "Status"),
        (
            "Prévu (scheduled), annulé (cancelled), reporté (postponed) ou complet (full).",
            "Scheduled, cancelled, postponed or full.",
        ),
    ),
    (
        "organizers",
        FieldType::List,
        ("Organisé par", "Organised by"),
        (
            "Les structures ou personnes qui organisent.",
            "The organisations or people who organise it.",
        ),
    ),
    (
        "recurrence",
        FieldType::Text,
        ("Récurrence", "Recurrence"),
        (
            "Pour une rencontre qui revient : FREQ=MONTHLY;BYDAY=1TH;UNTIL=2026-06-30 (le premier jeudi du mois, jusqu'au 30 juin).",
            "For a meeting that comes back: FREQ=MONTHLY;BYDAY=1TH;UNTIL=2026-06-30 (the first Thursday of each month, until 30 June).",
        ),
    ),
];

/// The fields of an event, as forms label and explain them.
pub fn event_fields(lang: Lang) -> Vec<Field> {
    TEXTS
        .iter()
        .map(|(key, kind, label, help)| Field {
            key: key.to_string(),
            label: lang.pick(label.0, label.1),
            kind: *kind,
            help: lang.pick(help.0, help.1),
            values: match *key {
                "attendance" => ATTENDANCE.iter().map(|s| s.to_string()).collect(),
                "status" => STATUS.iter().map(|s| s.to_string()).collect(),
                _ => Vec::new(),
            },
            filter: false,
            builtin: true,
            suggestions: Default::default(),
        })
        .collect()
}
