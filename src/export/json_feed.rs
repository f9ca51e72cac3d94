//! `feed.json`: the latest fiches as a JSON Feed 1.1, for partner sites and
//! aggregators. Each item's `id` is the fiche's address, which stays while the
//! fiche does, and `date_modified` tells an updated fiche from a new one; the
//! fields of the fiche ride in a `_fiches` extension, and the site's name, address
//! and licence in the feed's.

use serde_json::{Value, json};

use crate::fiche::Fiche;
use crate::paths;
use crate::site::Site;

/// The feed of the site's latest fiches (`feed_limit`, as the Atom feed).
pub fn json_feed(site: &Site) -> String {
    let cfg = &site.config;
    let base = cfg.base_url.as_deref().unwrap_or_default();
    let kept = match cfg.feed_limit {
        0 => site.fiches.len(),
        n => n.min(site.fiches.len()),
    };
    let items: Vec<Value> = site.fiches[..kept]
        .iter()
        .map(|f| item(site, f, base))
        .collect();
    let mut feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": cfg.title,
        "home_page_url": base,
        "feed_url": format!("{base}{}", paths::JSON_FEED),
        "language": cfg.language.code(),
        "_fiches": {
            // What the extension's fields mean: the schema of fiches.json, which
            // describes the same fields.
            "about": format!("{base}{}", paths::SCHEMA_FILE),
            "site": { "title": cfg.title, "url": base, "license": cfg.license },
            "data": format!("{base}{}", paths::DATA_FILE),
        },
        "items": items,
    });
    if !cfg.description.is_empty() {
        feed["description"] = json!(cfg.description);
    }
    feed.to_string()
}

/// RFC 3339, as JSON Feed wants it: a fiche's date is a day.
fn moment(d: crate::lang::Date) -> String {
    format!("{}T00:00:00Z", d.iso())
}

fn item(site: &Site, f: &Fiche, base: &str) -> Value {
    let url = format!("{base}{}", paths::fiche_dir(&f.slug));
    let mut item = json!({
        "id": url,
        "url": url,
        "title": f.title,
        "summary": f.summary,
        "content_html": f.html,
        "tags": f.themes.iter().chain(&f.tags).map(|t| t.as_str()).collect::<Vec<_>>(),
        "_fiches": {
            "slug": f.slug,
            "variant": f.variant_in(&site.config).map(|v| &v.name),
            "authors": f.authors,
            "collective": f.collective,
            "organization": f.organization,
            "themes": f.themes,
            "tags": f.tags,
            "territory": f.territory,
            "commune": f.commune,
            "coordinates": f.coordinates.map(|c| json!({ "lat": c.lat, "lon": c.lon })),
        },
    });
    // Only events carry one: the other items stay as they were.
    if let Some(event) = super::event::event_json(site, f) {
        item["_fiches"]["event"] = event;
    }
    if let Some(d) = f.date {
        item["date_published"] = json!(moment(d));
    }
    if let Some(d) = f.updated.or(f.date) {
        item["date_modified"] = json!(moment(d));
    }
    let names: Vec<&str> = f
        .authors
        .iter()
        .map(String::as_str)
        .chain(f.collective.as_deref())
        .collect();
    if !names.is_empty() {
        item["authors"] = names.iter().map(|n| json!({ "name": n })).collect();
    }
    if let Some(i) = &f.image {
        item["image"] = json!(format!("{base}{}", paths::fiche_file(&f.slug, i.as_str())));
    }
    item
}
