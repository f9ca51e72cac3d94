//! What a site gives to other programs: `fiches.json` (every published fiche, for
//! networks that pool fiches from many sites) with its JSON Schema, the sitemap's
//! entries, `robots.txt`, `fiches.geojson` (the fiches that have a place) and
//! `feed.json` (the latest fiches, a JSON Feed). All
//! need the site's address (`base_url`).

use serde::Serialize;
use serde_json::json;

use crate::escape::escape;
use crate::paths;
use crate::schema::FieldType;
use crate::site::Site;
use crate::span::Spanned;

mod data;
mod event;
mod geojson;
pub mod ics;
mod json_feed;
mod text;

pub use data::{Entries, Entry, PreviousData, data, write_data, write_data_reusing};
pub use geojson::geojson;
pub use ics::{agenda_ics, event_ics};
pub use json_feed::json_feed;
pub use text::{html_to_text, prose_text};

/// The JSON Schema of `fiches.json` for a site that declares no field (see [`schema`]).
pub const SCHEMA: &str = include_str!("fiches.schema.json");

/// Version of the `fiches.json` format; raised on any incompatible change.
const DATA_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
}

/// Every HTML page of the site but the 404 page, with the date of fiche pages.
pub fn sitemap_entries(site: &Site) -> Vec<SitemapEntry> {
    let base = site.config.base_url.as_deref().unwrap_or_default();
    paths::sitemap_pages(site)
        .into_iter()
        .map(|(dir, date)| SitemapEntry {
            loc: format!("{base}{dir}"),
            lastmod: date.map(|d| d.iso()),
        })
        .collect()
}

/// `sitemap.xml` of a site with more addresses than one sitemap file may hold: the
/// index of its `parts` files (`sitemap-1.xml`…).
pub fn sitemap_index(site: &Site, parts: usize) -> String {
    let base = site.config.base_url.as_deref().unwrap_or_default();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=parts {
        let loc = escape(&format!("{base}{}", paths::sitemap_file(n)));
        out.push_str(&format!("  <sitemap><loc>{loc}</loc></sitemap>\n"));
    }
    out.push_str("</sitemapindex>\n");
    out
}

pub fn robots(site: &Site) -> String {
    let base = site.config.base_url.as_deref().unwrap_or("/");
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {base}{}\n",
        paths::SITEMAP
    )
}

/// One fiche of `fiches.json`, borrowing the fiche's texts; its fields in the order
/// of their keys (serde_json's maps sort them, and the file has always been so).
#[derive(Serialize)]
struct FicheJson<'a> {
    audience: &'a [String],
    authors: &'a [String],
    body_html: &'a str,
    body_text: String,
    budget: &'a Option<String>,
    collective: &'a Option<String>,
    commune: &'a Option<String>,
    contact: &'a Option<String>,
    coordinates: Option<serde_json::Value>,
    date: Option<String>,
    /// An event's when and where; `null` for other fiches.
    event: Option<serde_json::Value>,
    fields: serde_json::Value,
    image: Option<String>,
    image_alt: &'a Option<String>,
    media: Vec<serde_json::Value>,
    organization: &'a Option<String>,
    partners: &'a [String],
    period: &'a Option<String>,
    slug: &'a str,
    summary: &'a str,
    tags: &'a [Spanned<String>],
    territory: &'a Option<Spanned<String>>,
    testimonies: Vec<serde_json::Value>,
    themes: &'a [Spanned<String>],
    title: &'a str,
    updated: Option<String>,
    url: String,
    variant: Option<&'a str>,
    variant_label: Option<&'a str>,
}

/// One fiche of `fiches.json`.
fn fiche_json<'a>(site: &'a Site, f: &'a crate::fiche::Fiche, body: &'a str) -> FicheJson<'a> {
    let cfg = &site.config;
    let base = cfg.base_url.as_deref().unwrap_or_default();
    let variant = f.variant_in(cfg);
    FicheJson {
        audience: &f.audience,
        authors: &f.authors,
        body_html: body,
        body_text: html_to_text(body),
        budget: &f.budget,
        collective: &f.collective,
        commune: &f.commune,
        contact: &f.contact,
        coordinates: (f.coordinates).map(|c| json!({ "lat": c.lat, "lon": c.lon })),
        date: f.date.map(|d| d.iso()),
        event: event::event_json(site, f),
        fields: fields_of(f, cfg),
        image: (f.image.as_ref())
            .map(|i| format!("{base}{}", paths::fiche_file(&f.slug, i.as_str()))),
        image_alt: &f.image_alt,
        media: media_json(site, f, base),
        organization: &f.organization,
        partners: &f.partners,
        period: &f.period,
        slug: &f.slug,
        summary: &f.summary,
        tags: &f.tags,
        territory: &f.territory,
        testimonies: (f.testimonies.iter())
            .map(|t| json!({ "name": t.name, "role": t.role, "quote": t.quote }))
            .collect(),
        themes: &f.themes,
        title: &f.title,
        updated: f.updated.map(|d| d.iso()),
        url: format!("{base}{}", paths::fiche_dir(&f.slug)),
        variant: variant.map(|v| v.name.as_str()),
        variant_label: variant.map(|v| v.label.as_str()),
    }
}

/// The audio and video files of a fiche, for `fiches.json`.
fn media_json(site: &Site, f: &crate::fiche::Fiche, base: &str) -> Vec<serde_json::Value> {
    (site.media_of(f).iter())
        .map(|m| {
            json!({
                "url": format!("{base}{}", paths::fiche_file(&f.slug, &m.rel)),
                "type": m.mime,
                "kind": m.kind,
                "size": m.size,
                "duration": m.duration,
                "transcript": m.transcript.as_ref().map(|t| json!({
                    "url": format!("{base}{}", paths::fiche_file(&f.slug, &t.rel)),
                    "text": t.text,
                })),
                "captions": m.captions.as_ref().map(|c| format!("{base}{}", paths::fiche_file(&f.slug, c))),
            })
        })
        .collect()
}

/// The declared fields a fiche fills, by key.
fn fields_of(f: &crate::fiche::Fiche, cfg: &crate::config::Config) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    // What the fiche holds, not every declared field (the map sorts its keys).
    for (key, v) in &f.extra {
        if cfg.field(key).is_some_and(|d| !d.builtin) {
            out.insert(key.clone(), v.to_json());
        }
    }
    serde_json::Value::Object(out)
}

/// The JSON Schema of this site's `fiches.json`: the common one, with the fields the
/// site declares described under each fiche's `fields`.
pub fn schema(site: &Site) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(SCHEMA).unwrap_or_default();
    let mut properties = serde_json::Map::new();
    for d in site.config.declared_fields() {
        let values = || json!(d.values);
        let mut p = match d.kind {
            FieldType::List => json!({ "type": "array", "items": { "type": "string" } }),
            FieldType::Choices => json!({ "type": "array", "items": { "enum": values() } }),
            FieldType::Choice => json!({ "enum": values() }),
            FieldType::Date => json!({ "$ref": "#/$defs/date" }),
            FieldType::Number => json!({ "type": "number" }),
            FieldType::Url => json!({ "type": "string", "format": "uri" }),
            FieldType::Email => json!({ "type": "string", "format": "email" }),
            _ => json!({ "type": "string" }),
        };
        p["title"] = json!(d.label);
        if !d.help.is_empty() {
            p["description"] = json!(d.help);
        }
        properties.insert(d.key.clone(), p);
    }
    // The built-in fields' words come from the schema as well, in the site's language.
    // Not `event`: there it is the event object of an event, not the slug a fiche
    // names (`came_from`, with its own words in the schema).
    for d in (site.config.fields.iter()).filter(|f| f.builtin && f.key != crate::schema::CAME_FROM)
    {
        if let Some(p) = doc.pointer_mut(&format!("/$defs/fiche/properties/{}", d.key))
            && let Some(p) = p.as_object_mut()
        {
            p.insert("title".into(), json!(d.label));
            p.entry("description").or_insert_with(|| json!(d.help));
        }
    }
    if let Some(fiche) = doc.pointer_mut("/$defs/fiche/properties") {
        fiche["fields"] = json!({
            "type": "object",
            "description": "The fields this site declares in its fiches.toml, by key.",
            "properties": properties,
        });
    }
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
