//! What a site gives to other programs: `fiches.json` (every published fiche, for
//! networks that pool fiches from many sites) with its JSON Schema, the sitemap's
//! entries and `robots.txt`. All need the site's address (`base_url`).

use serde::Serialize;
use serde_json::json;

use crate::escape::escape;
use crate::paths::{self, SCHEMA_FILE};
use crate::schema::FieldType;
use crate::site::Site;

mod text;

pub use text::html_to_text;

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

/// `fiches.json`: every published fiche with all its fields, its absolute address,
/// and its body as HTML and as plain text. Links inside `body_html` are relative to
/// the fiche's `url`. `serve` holds it; a build writes it with [`write_data`].
pub fn data(site: &Site) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail, and serde_json writes UTF-8.
    let _ = write_data(site, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`data`] written piece by piece into `out` (a file): at 10,000 fiches it weighs
/// 125 MB, which a build need not hold.
pub fn write_data(site: &Site, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let cfg = &site.config;
    let base = cfg.base_url.clone().unwrap_or_default();
    let doc = Data {
        schema: format!("{base}{SCHEMA_FILE}"),
        fiches: Fiches { site },
        site: json!({
            "title": cfg.title,
            "description": cfg.description,
            "url": base,
            "language": cfg.language.code(),
        }),
    };
    serde_json::to_writer_pretty(out, &doc).map_err(std::io::Error::from)
}

/// `fiches.json` as written: its keys in the order a JSON object of serde_json
/// sorts them, and its fiches made one at a time as they are written (a tree of
/// every fiche's values would weigh several times the file).
struct Data<'a> {
    schema: String,
    fiches: Fiches<'a>,
    site: serde_json::Value,
}

struct Fiches<'a> {
    site: &'a Site,
}

impl Serialize for Data<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("$schema", &self.schema)?;
        map.serialize_entry("fiches", &self.fiches)?;
        map.serialize_entry("generator", "fiches")?;
        map.serialize_entry("site", &self.site)?;
        map.serialize_entry("version", &DATA_VERSION)?;
        map.end()
    }
}

impl Serialize for Fiches<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fiches = self.site.fiches.iter();
        s.collect_seq(fiches.map(|f| fiche_json(self.site, f, &f.html)))
    }
}

/// One fiche of `fiches.json`.
fn fiche_json(site: &Site, f: &crate::fiche::Fiche, body: &str) -> serde_json::Value {
    let cfg = &site.config;
    let base = cfg.base_url.clone().unwrap_or_default();
    let url = format!("{base}{}", paths::fiche_dir(&f.slug));
    json!({
        "slug": f.slug,
        "url": url,
        "title": f.title,
        "date": f.date.map(|d| d.iso()),
        "updated": f.updated.map(|d| d.iso()),
        "variant": f.variant_in(cfg).map(|v| &v.name),
        "variant_label": f.variant_in(cfg).map(|v| &v.label),
        "summary": f.summary,
        "authors": f.authors,
        "collective": f.collective,
        "tags": f.tags,
        "themes": f.themes,
        "territory": f.territory,
        "commune": f.commune,
        "coordinates": f.coordinates.map(|c| json!({ "lat": c.lat, "lon": c.lon })),
        "organization": f.organization,
        "image": f.image.as_ref().map(|i| format!("{base}{}", paths::fiche_file(&f.slug, i.as_str()))),
        "image_alt": f.image_alt,
        "period": f.period,
        "audience": f.audience,
        "partners": f.partners,
        "budget": f.budget,
        "contact": f.contact,
        "testimonies": f.testimonies.iter().map(|t| json!({
            "name": t.name,
            "role": t.role,
            "quote": t.quote,
        })).collect::<Vec<_>>(),
        "fields": fields_of(f, cfg),
        "media": site.media_of(f).iter().map(|m| json!({
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
        })).collect::<Vec<_>>(),
        "body_html": body,
        "body_text": html_to_text(body),
    })
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
    for d in site.config.fields.iter().filter(|f| f.builtin) {
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
