//! What the contribution form knows of the site, as one JSON document embedded in its
//! page: the schema (every field with its label, type, help and closed list), each
//! variant's fields and sections with their guidance, the terms already used, and
//! where a finished fiche can be sent. The form's script builds itself from it, so
//! the page works from `file://` with no request.

use crate::escape::script_json;
use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Config;
use crate::config::Forge;
use crate::lang::Lang;
use crate::schema::{FORM_FIELDS, Field, FieldType, Variant, section_guidance};
use crate::site::{Site, TaxonomyKind};
use crate::theme::Theme;

/// Suggestions offered per term list, the most used first: enough for any real
/// network, and the page stays small on a site with thousands of tags.
const SUGGESTIONS: usize = 1000;

#[derive(Serialize)]
struct FormData<'a> {
    language: &'a str,
    /// The interface strings of the form (`form_…`).
    strings: BTreeMap<&'a str, Cow<'a, str>>,
    fields: Vec<Cow<'a, Field>>,
    variants: Vec<VariantForm<'a>>,
    /// Terms already used, by taxonomy key, most used first.
    terms: BTreeMap<&'a str, Vec<&'a str>>,
    /// Closed term lists, by taxonomy key.
    closed: BTreeMap<&'a str, &'a [String]>,
    email: Option<&'a str>,
    forge: Option<&'a Forge>,
    /// Longer summaries get a warning from `fiches check`.
    summary_max: usize,
    /// Longer titles too.
    title_max: usize,
    /// The addresses already taken, as 32-bit FNV-1a hashes of their slugs: the form
    /// warns that a new title gives one, and the page stays small on a large site.
    taken: Vec<u32>,
    /// In `serve` only: the fiche being edited or created, and where to save it.
    #[serde(skip_serializing_if = "Option::is_none")]
    edit: Option<&'a serde_json::Value>,
}

#[derive(Serialize)]
struct VariantForm<'a> {
    name: &'a str,
    label: Cow<'a, str>,
    /// Keys of the fields its form shows, in order.
    fields: Vec<&'a str>,
    required: Vec<&'a str>,
    sections: Vec<SectionForm<'a>>,
}

#[derive(Serialize)]
struct SectionForm<'a> {
    title: &'a str,
    guidance: String,
    required: bool,
}

/// What the form shows of a variant: its fields (the form's own, then the variant's
/// declared ones, in its order), which it requires, and its sections.
fn variant_form<'a>(cfg: &'a Config, v: &'a Variant, lang: Lang) -> VariantForm<'a> {
    // The variant's own fields, in the order its declaration lists them.
    let mut fields: Vec<&str> = v.form_fields().collect();
    let mut listed: std::collections::HashSet<&str> = FORM_FIELDS.into_iter().collect();
    for key in v.own_fields() {
        let known = cfg.field(key).is_some_and(|f| f.kind != FieldType::Bool);
        if known && listed.insert(key) {
            fields.push(key);
        }
    }
    let mut required = vec!["title", "date", "summary"];
    required.extend(v.required_fields.iter().map(String::as_str));
    let sections = v
        .required_sections
        .iter()
        .map(|s| (s, true))
        .chain(v.recommended_sections.iter().map(|s| (s, false)))
        .map(|(s, required)| SectionForm {
            title: s,
            guidance: shown(&section_guidance(s, lang), lang).into_owned(),
            required,
        })
        .collect();
    VariantForm {
        name: &v.name,
        label: shown(&v.label, lang),
        fields,
        required,
        sections,
    }
}

/// A text the form shows, in the site's typography: the pass over a French page
/// leaves its scripts, so the form's data, as written.
fn shown(text: &str, lang: Lang) -> Cow<'_, str> {
    match lang {
        Lang::Fr => crate::markdown::apostrophes(text),
        Lang::En => Cow::Borrowed(text),
    }
}

/// A field as the form shows it: its label and help in the site's typography.
fn shown_field(f: &Field, lang: Lang) -> Cow<'_, Field> {
    let (label, help) = (shown(&f.label, lang), shown(&f.help, lang));
    if matches!((&label, &help), (Cow::Borrowed(_), Cow::Borrowed(_))) {
        return Cow::Borrowed(f);
    }
    let mut f = f.clone();
    (f.label, f.help) = (label.into_owned(), help.into_owned());
    Cow::Owned(f)
}

/// The form's data, as JSON safe to put inside a `<script>` element. `drafts`: the
/// addresses of drafts the site leaves out, taken all the same (`serve`'s editor).
pub(super) fn data(
    site: &Site,
    theme: &Theme,
    edit: Option<&serde_json::Value>,
    drafts: &[String],
) -> String {
    let cfg = &site.config;
    let lang = cfg.language;
    let variants = cfg
        .variants
        .iter()
        .map(|v| variant_form(cfg, v, lang))
        .collect();
    let terms = TaxonomyKind::ALL
        .iter()
        .map(|&kind| {
            let mut list: Vec<(usize, &str)> = site
                .taxonomy(kind)
                .terms
                .iter()
                // The site's own terms: those only partners use are theirs.
                .filter(|t| !t.fiches.is_empty())
                .map(|t| (t.fiches.len(), t.name.as_str()))
                .collect();
            list.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
            let names = list.into_iter().take(SUGGESTIONS).map(|(_, n)| n).collect();
            (kind.key(&site.config), names)
        })
        .collect();
    // Sorted, so that the page changes only when an address does (serve re-renders
    // it only then).
    let slugs = site.fiches.iter().map(|f| f.slug.as_str());
    let mut taken: Vec<u32> = slugs
        .chain(drafts.iter().map(String::as_str))
        .map(|s| crate::slug::fnv1a(s.as_bytes()))
        .collect();
    taken.sort_unstable();
    taken.dedup();
    let data = FormData {
        language: lang.code(),
        strings: theme
            .strings
            .iter()
            .filter(|(k, _)| k.starts_with("form_"))
            .map(|(k, v)| (k.as_str(), shown(v, lang)))
            .collect(),
        fields: cfg.fields.iter().map(|f| shown_field(f, lang)).collect(),
        variants,
        terms,
        closed: cfg
            .vocabularies
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
            .collect(),
        email: cfg.contribute_email.as_deref(),
        forge: cfg.repository.as_ref(),
        summary_max: crate::fiche::SUMMARY_MAX,
        title_max: crate::fiche::TITLE_MAX,
        taken,
        edit,
    };
    script_json(&serde_json::to_string(&data).unwrap_or_else(|_| "{}".into()))
}

#[cfg(test)]
mod tests {
    /// A fiche's form offers the event it came from, with words that read well;
    /// an event's does not.
    #[test]
    fn a_fiches_form_offers_the_event_it_came_from_an_events_does_not() {
        let (cfg, diags) = crate::config::parse("title = \"R\"\n");
        let cfg = cfg.unwrap_or_else(|| panic!("{diags:?}"));
        let form = |name: &str| {
            let v = cfg.variants.iter().find(|v| v.name == name).unwrap();
            super::variant_form(&cfg, v, cfg.language).fields
        };
        for name in ["factual", "storytelling"] {
            let fields = form(name);
            let tags = fields.iter().position(|k| *k == "tags").unwrap();
            assert_eq!(fields.get(tags + 1), Some(&"event"), "{name}: {fields:?}");
        }
        let event = form("event");
        assert!(
            !event.contains(&"event") && event.contains(&"start"),
            "{event:?}"
        );
        let field = cfg.field("event").unwrap();
        assert_eq!(field.label, "Événement d'origine");
        assert!(field.help.contains("adresse courte"), "{}", field.help);
    }

    #[test]
    fn json_in_a_script_element_holds_no_markup() {
        let value = serde_json::json!({"t": "<!--<script></script>-->&\u{2028}\u{2029}é"});
        let safe = super::script_json(&value.to_string());
        assert!(
            !safe.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "{safe}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&safe).unwrap(),
            value
        );
    }
}
