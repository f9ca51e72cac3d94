//! The fields of a fiche's front matter, each read into its typed place with its
//! mistakes reported: required ones, unknown keys, the fields of each variant,
//! testimonies and their consent, terms.

use toml::de::DeTable;

use super::values::{assign, read_coordinates, read_testimonies, read_value, terms};
use super::{Fiche, MAX_TAGS, MAX_THEMES, OPENING, SUMMARY_MAX, TITLE_MAX};
use crate::config::{Config, VariantId};
use crate::diagnostic::Diagnostic;
use crate::fields::{Local, Reader, Value, closest};
use crate::schema::{FieldType, REQUIRED_FIELDS, SPECIFIC_FIELDS, Variant};
use crate::slug::slugify;
use crate::span::Spanned;

pub(super) fn read_fields(r: &mut Reader, table: &DeTable, f: &mut Fiche, cfg: &Config) {
    // The variant decides which fields are allowed, so it is read first.
    f.variant = read_variant(r, table, cfg);
    let variant = f.variant_in(cfg);
    for (key, value) in table.iter() {
        read_field(r, key, value, f, cfg, variant);
    }
    if variant.is_some_and(|v| cfg.carries(v, "start")) {
        read_event(r, table, f, cfg);
    }
    check_title(r, table, f);
    check_required(r, table, variant);
    check_signed(r, table);
    check_cover_and_dates(r, table, f);
}

/// An event's fields, read together (its end is checked against its start); an
/// event without `date` is dated by its start.
fn read_event(r: &mut Reader, table: &DeTable, f: &mut Fiche, cfg: &Config) {
    f.event = crate::agenda::read(r, table, &cfg.timezone);
    if let Some(e) = &f.event
        && f.date.is_none()
    {
        let d = e.start.date();
        f.date = Some(crate::lang::Date {
            year: d.year().max(0) as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        });
    }
}

/// The fiche's variant, among the site's; an error when it names none of them.
fn read_variant(r: &mut Reader, table: &DeTable, cfg: &Config) -> Option<VariantId> {
    let lang = r.lang;
    let value = table.get("variant")?;
    let name = r.nonempty_string("variant", value)?;
    let id = cfg.variant_id(&name);
    if id.is_none() {
        let names: Vec<&str> = cfg.variants.iter().map(|v| v.name.as_str()).collect();
        let mut d = Diagnostic::error(lang.pick(
            format!("variante inconnue \"{name}\""),
            format!("unknown variant \"{name}\""),
        ))
        .hint(lang.pick(
            format!("les variantes possibles sont : {}", quoted(&names)),
            format!("the possible variants are: {}", quoted(&names)),
        ));
        if let Some(best) = closest(&name, names.iter().copied()) {
            d = d.label(lang.pick(
                format!("vouliez-vous dire \"{best}\" ?"),
                format!("did you mean \"{best}\"?"),
            ));
        }
        r.push(d, value.local());
    }
    id
}

/// One key of the front matter, read into its place in `f`.
fn read_field(
    r: &mut Reader,
    key: &toml::Spanned<std::borrow::Cow<str>>,
    value: &Value,
    f: &mut Fiche,
    cfg: &Config,
    variant: Option<&Variant>,
) {
    let k: &str = key.get_ref();
    match k {
        "variant" => {}
        "summary" => read_summary(r, value, f),
        "tags" => f.tags = terms(r, key, value, MAX_TAGS),
        "themes" => f.themes = terms(r, key, value, MAX_THEMES),
        "territory" => f.territory = spanned(r, k, value),
        "coordinates" => f.coordinates = read_coordinates(r, value),
        "image" => f.image = spanned(r, k, value),
        "draft" => f.draft = r.bool(k, value).unwrap_or(false),
        "featured" => f.featured = r.bool(k, value).unwrap_or(false),
        "slug" => read_slug(r, value, f),
        // The event the fiche came from; `check::events` finds it among the fiches.
        "event" => f.came_from = spanned(r, k, value),
        // Every other field is read as the schema says: the built-in ones and those
        // the site declares alike; only some variants carry the specific ones.
        _ if let Some(field) = cfg.field(k) => {
            let specific = !field.builtin || SPECIFIC_FIELDS.contains(&k);
            if specific
                && let Some(def) = variant
                && !cfg.carries(def, k)
            {
                not_carried(r, key, cfg, def);
            } else if crate::agenda::KEYS.contains(&k) {
                // Read together, once the variant is known (`read_event`).
            } else if field.kind == FieldType::Testimonies {
                read_testimonies(r, k, value, f);
            } else if let Some(v) = read_value(r, field, value) {
                assign(f, k, v);
            }
        }
        _ => {
            let lang = r.lang;
            let known = cfg.field_keys();
            r.unknown_key(
                key.local(),
                k,
                &known,
                &lang.pick("dans la fiche", "in the sheet"),
            );
        }
    }
}

fn read_summary(r: &mut Reader, value: &Value, f: &mut Fiche) {
    let lang = r.lang;
    f.summary = r.nonempty_string("summary", value).unwrap_or_default();
    let n = f.summary.chars().count();
    if n > SUMMARY_MAX {
        r.warning(
            value.local(),
            lang.pick(
                format!("le résumé (`summary`) fait {n} caractères ; au-delà de {SUMMARY_MAX}, il est coupé dans les aperçus"),
                format!("the summary (`summary`) is {n} characters long; past {SUMMARY_MAX} it gets cut in previews"),
            ),
            Some(lang.pick(
                "gardez deux ou trois phrases : ce qui a été fait, et ce que ça a changé",
                "keep two or three sentences: what was done, and what it changed",
            )),
        );
    }
}

/// The fiche's own `slug`, which must leave something of itself once slugified.
fn read_slug(r: &mut Reader, value: &Value, f: &mut Fiche) {
    let lang = r.lang;
    let Some(s) = r.nonempty_string("slug", value) else {
        return;
    };
    let slug = slugify(&s);
    if slug.is_empty() {
        r.error(
            value.local(),
            lang.pick(
                "`slug` doit contenir des lettres ou des chiffres",
                "`slug` must hold letters or digits",
            ),
            Some(lang.pick(
                "par exemple : slug = \"ma-fiche\"",
                "for example: slug = \"my-sheet\"",
            )),
        );
    } else {
        f.slug = slug;
        f.slug_span = Some(r.in_file(value.local()));
    }
}

/// A specific field the fiche's variant does not carry: an error naming those that do.
fn not_carried(
    r: &mut Reader,
    key: &toml::Spanned<std::borrow::Cow<str>>,
    cfg: &Config,
    def: &Variant,
) {
    let lang = r.lang;
    let k: &str = key.get_ref();
    let owners: Vec<&str> = cfg
        .variants
        .iter()
        .filter(|v| cfg.carries(v, k))
        .map(|v| v.name.as_str())
        .collect();
    r.error(
        key.local(),
        lang.pick(
            format!(
                "le champ `{k}` ne s'utilise pas dans une fiche \"{}\"",
                def.name
            ),
            format!("the field `{k}` is not used in a \"{}\" sheet", def.name),
        ),
        Some(lang.pick(
            format!(
                "il appartient aux variantes {} ; retirez-le ou changez `variant`",
                quoted(&owners)
            ),
            format!(
                "it belongs to the variants {}; remove it or change `variant`",
                quoted(&owners)
            ),
        )),
    );
}

/// A title longer than lists show whole: a warning.
fn check_title(r: &mut Reader, table: &DeTable, f: &Fiche) {
    let lang = r.lang;
    let n = f.title.chars().count();
    if n > TITLE_MAX
        && let Some(title) = table.get("title")
    {
        r.warning(
            title.local(),
            lang.pick(
                format!("le titre (`title`) fait {n} caractères ; au-delà de {TITLE_MAX}, il est coupé dans les listes et les résultats de recherche"),
                format!("the title (`title`) is {n} characters long; past {TITLE_MAX} it gets cut in lists and search results"),
            ),
            Some(lang.pick(
                "un titre se lit d'un coup d'œil : gardez l'essentiel, et mettez le reste dans le résumé (`summary`)",
                "a title is read at a glance: keep the gist, and put the rest in the summary (`summary`)",
            )),
        );
    }
}

/// The details every fiche gives, then those its variant asks for.
fn check_required(r: &mut Reader, table: &DeTable, variant: Option<&Variant>) {
    let lang = r.lang;
    // An event is dated by its start (whose absence, when required, is said below).
    let dated = variant.is_some_and(|v| {
        v.has_field("start")
            && (table.contains_key("start") || v.required_fields.iter().any(|k| k == "start"))
    });
    let missing: Vec<&str> = REQUIRED_FIELDS
        .into_iter()
        .filter(|k| !(table.contains_key(*k) || (dated && *k == "date")))
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        r.error(
            OPENING,
            lang.pick(
                format!("il manque des informations obligatoires : {list}"),
                format!("required details are missing: {list}"),
            ),
            Some(lang.pick(
                "ajoutez-les entre les lignes `+++`, par exemple : summary = \"En deux phrases : ce qui a été fait et pourquoi.\"",
                "add them between the `+++` lines, for example: summary = \"In two sentences: what was done and why.\"",
            )),
        );
    }
    let Some(def) = variant else { return };
    let absent: Vec<String> = def
        .required_fields
        .iter()
        .filter(|k| !table.contains_key(k.as_str()))
        .map(|k| format!("`{k}`"))
        .collect();
    if !absent.is_empty() {
        let list = absent.join(", ");
        r.error(
            OPENING,
            lang.pick(
                format!("une fiche « {} » doit indiquer : {list}", def.label),
                format!("a \"{}\" sheet must give: {list}", def.label),
            ),
            Some(lang.pick(
                "ces informations sont demandées par le réseau pour cette variante (fiches.toml, [variants])",
                "the network asks for these details for this variant (fiches.toml, [variants])",
            )),
        );
    }
}

/// A fiche is signed: by its authors, or by a collective.
fn check_signed(r: &mut Reader, table: &DeTable) {
    let lang = r.lang;
    // `authors = []` with no collective signs nothing either.
    let empty_authors = table
        .get("authors")
        .filter(|v| matches!(v.get_ref(), toml::de::DeValue::Array(a) if a.is_empty()))
        .filter(|_| !table.contains_key("collective"));
    if let Some(authors) = empty_authors {
        r.error(
            authors.local(),
            lang.pick("la fiche n'est pas signée : la liste `authors` est vide", "the sheet is not signed: the `authors` list is empty"),
            Some(lang.pick(
                "écrivez au moins un nom entre les crochets, `authors = [\"Prénom Nom\"]`, ou signez au nom d'un groupe : `collective = \"Nom du collectif\"`",
                "write at least one name between the brackets, `authors = [\"First Last\"]`, or sign as a group: `collective = \"Name of the collective\"`",
            )),
        );
    }
    // An event is signed by those who organise it.
    let signers = ["authors", "collective", "organizers"];
    if !signers.iter().any(|k| table.contains_key(*k)) {
        r.error(
            OPENING,
            lang.pick("la fiche n'est pas signée", "the sheet is not signed"),
            Some(lang.pick(
                "ajoutez `authors = [\"Prénom Nom\"]` ou, pour signer au nom d'un groupe, `collective = \"Nom du collectif\"`",
                "add `authors = [\"First Last\"]` or, to sign as a group, `collective = \"Name of the collective\"`",
            )),
        );
    }
}

/// A cover described for those who cannot see it, and an update after the date.
fn check_cover_and_dates(r: &mut Reader, table: &DeTable, f: &Fiche) {
    let lang = r.lang;
    if let Some(image) = &f.image
        && f.image_alt.is_none()
    {
        r.error(
            image.span,
            lang.pick(
                "l'image n'a pas de description (`image_alt`)",
                "the image has no description (`image_alt`)",
            ),
            Some(lang.pick(
                "décrivez ce que montre l'image pour les personnes qui ne la voient pas : image_alt = \"...\"",
                "describe what the image shows for people who cannot see it: image_alt = \"...\"",
            )),
        );
    }
    if let (Some(d), Some(u)) = (f.date, f.updated)
        && u < d
        && let Some(v) = table.get("updated")
    {
        r.warning(
            v.local(),
            lang.pick(
                "la date de mise à jour (`updated`) précède la date de la fiche",
                "the update date (`updated`) is before the sheet's date",
            ),
            None,
        );
    }
}

/// A text that must not be blank, with where it is written.
fn spanned(r: &mut Reader, k: &str, value: &Value) -> Option<Spanned<String>> {
    let text = r.nonempty_string(k, value)?;
    Some(Spanned::new(text, r.in_file(value.local())))
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
