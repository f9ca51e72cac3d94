//! A fiche's schema.org `Article` JSON-LD (headline, description, dates, authors,
//! its cover, keywords), published by an `Organization`: the network the site
//! belongs to, or the site itself.

use serde_json::{Value, json};

use crate::config::Config;
use crate::fiche::Fiche;

/// The most characters of a headline search engines show.
const HEADLINE_MAX: usize = 110;

/// The `Article` of fiche `f`, whose page is at `url` when the site has an address.
pub(super) fn json_ld(cfg: &Config, f: &Fiche, url: Option<&str>) -> Value {
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": crate::cut::clamp(&f.title, HEADLINE_MAX),
        "name": f.title,
        "description": f.summary,
        "inLanguage": cfg.language.code(),
        "author": authors(f),
        "publisher": publisher(cfg),
    });
    if let Some(d) = f.date {
        doc["datePublished"] = json!(d.iso());
        doc["dateModified"] = json!(f.updated.unwrap_or(d).iso());
    }
    if let Some(url) = url {
        doc["url"] = json!(url);
        doc["mainEntityOfPage"] = json!(url);
    }
    if let (Some(base), Some(image)) = (cfg.base_url.as_deref(), &f.image) {
        let href = crate::paths::fiche_file_href(&f.slug, image.as_str());
        doc["image"] = json!(format!("{base}{href}"));
    }
    let keywords: Vec<&str> = (f.themes.iter().chain(&f.tags))
        .map(|t| t.as_str())
        .collect();
    if !keywords.is_empty() {
        doc["keywords"] = json!(keywords.join(", "));
    }
    doc
}

/// The people who sign it, or the collective, or the organisation that carried it.
fn authors(f: &Fiche) -> Value {
    let people: Vec<Value> = (f.authors.iter())
        .map(|a| json!({ "@type": "Person", "name": a }))
        .collect();
    if !people.is_empty() {
        return json!(people);
    }
    let name = f
        .collective
        .as_deref()
        .or(f.organization.as_deref())
        .unwrap_or_default();
    json!([{ "@type": "Organization", "name": name }])
}

/// The network the site belongs to, with its address and logo; or the site.
pub(super) fn publisher(cfg: &Config) -> Value {
    match &cfg.network {
        Some(n) => {
            let mut org = json!({ "@context": "https://schema.org", "@type": "Organization", "name": n.name, "url": n.url });
            if let (Some(base), Some(logo)) = (cfg.base_url.as_deref(), &n.logo) {
                org["logo"] = json!({ "@type": "ImageObject", "url": format!("{base}{logo}") });
            }
            org
        }
        None => {
            let mut org = json!({ "@type": "Organization", "name": cfg.title });
            if let Some(base) = &cfg.base_url {
                org["url"] = json!(base);
            }
            org
        }
    }
}
