//! A partner's `fiches.json` read against the schema: the document must be one
//! (`version` 1, `site`, `fiches`); each entry is read on its own, so that a bad one
//! is left out with a warning naming the partner and the entry, and the others kept.
//! One pass over the entries, each read from its own bytes (no JSON value made of
//! it): its text cut as it is read, its HTML skipped.

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};

use crate::diagnostic::Diagnostic;
use crate::lang::{Date, Lang};
use crate::places::Coordinates;

/// The characters of a partner fiche's text kept for the search: enough to find it
/// by what it tells, without holding every partner's whole text in memory.
pub const TEXT_KEPT: usize = 3000;

/// Warnings said one by one for a partner; past that, one sums up the rest.
const SAID: usize = 5;

/// One fiche of a partner, as readers are shown it: never a page of this site, a
/// link to the partner's own.
#[derive(Clone, Debug, PartialEq)]
pub struct PartnerFiche {
    pub slug: String,
    /// The fiche's page on the partner's site: an absolute `http(s)` address.
    pub url: String,
    pub title: String,
    pub date: Date,
    pub summary: String,
    pub variant: String,
    pub variant_label: Option<String>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub themes: Vec<String>,
    pub territory: Option<String>,
    pub commune: Option<String>,
    pub coordinates: Option<Coordinates>,
    pub organization: Option<String>,
    /// The start of its text, for the search.
    pub text: String,
}

#[derive(Deserialize)]
struct Raw {
    slug: String,
    url: String,
    title: String,
    date: String,
    variant: String,
    #[serde(default)]
    variant_label: Option<String>,
    summary: String,
    authors: Vec<String>,
    tags: Vec<String>,
    themes: Vec<String>,
    #[serde(default)]
    territory: Option<String>,
    #[serde(default)]
    commune: Option<String>,
    #[serde(default)]
    coordinates: Option<RawCoordinates>,
    #[serde(default)]
    organization: Option<String>,
    /// Its first [`TEXT_KEPT`] characters only: the rest is never copied.
    #[serde(deserialize_with = "kept_text")]
    body_text: String,
}

/// A string's first [`TEXT_KEPT`] characters, read where it lies in the file (or
/// in the parser's buffer when it holds escapes), without a copy of the whole.
fn kept_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Kept;
    impl Visitor<'_> for Kept {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(crate::cut::chars(v, TEXT_KEPT).to_string())
        }
    }
    d.deserialize_str(Kept)
}

#[derive(Deserialize)]
struct RawCoordinates {
    lat: f64,
    lon: f64,
}

#[derive(Deserialize)]
struct Site {
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
struct Document {
    version: serde_json::Value,
    site: Site,
    fiches: Entries,
}

/// Each entry: read, or why not (with what names it: its slug, else its title).
struct Entries(Vec<Result<Raw, (String, String)>>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(EntriesVisitor)
    }
}

struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Entries;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of sheets")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entries, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(100_000));
        // Each entry's bytes, found by the parser, then read on their own: a bad
        // one does not stop the others.
        while let Some(entry) = seq.next_element::<&serde_json::value::RawValue>()? {
            out.push(
                serde_json::from_str::<Raw>(entry.get())
                    .map_err(|e| (name_of(entry), e.to_string())),
            );
        }
        Ok(Entries(out))
    }
}

/// What names an entry that could not be read: its slug, else its title (read
/// again as a JSON value: only for the bad ones).
fn name_of(entry: &serde_json::value::RawValue) -> String {
    let value: serde_json::Value = serde_json::from_str(entry.get()).unwrap_or_default();
    ["slug", "title"]
        .iter()
        .find_map(|k| value.get(k).and_then(|v| v.as_str()))
        .map(|n| crate::cut::chars(n, 80).to_string())
        .unwrap_or_default()
}

/// A partner's site address, when it gives one, and its good fiches.
pub(super) type Read = (Option<String>, Vec<PartnerFiche>);

/// Reads a partner's document: the partner's site address and its good fiches, or
/// `None` when it is not a `fiches.json` at all; and the warnings.
pub(super) fn document(
    partner: &str,
    bytes: &[u8],
    source_url: &str,
    lang: Lang,
) -> (Option<Read>, Vec<Diagnostic>) {
    // A byte order mark, which an editor may put before the JSON: not a mistake.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let doc = match serde_json::from_slice::<Document>(bytes) {
        Ok(doc) if doc.version == serde_json::json!(1) => doc,
        Ok(_) => return (None, vec![not_a_document(partner, "version", lang)]),
        Err(e) => return (None, vec![not_a_document(partner, &e.to_string(), lang)]),
    };
    let site_url = doc.site.url.filter(|u| is_web(u));
    let base = site_url
        .as_deref()
        .or(is_web(source_url).then_some(source_url));
    let mut warnings = Vec::new();
    let mut left_out = 0usize;
    let mut seen = HashSet::new();
    let mut fiches = Vec::with_capacity(doc.fiches.0.len());
    for (i, entry) in doc.fiches.0.into_iter().enumerate() {
        let read = entry.and_then(|raw| {
            let name = raw.slug.clone();
            checked(raw, base, lang).map_err(|why| (name, why))
        });
        match read {
            Ok(f) if seen.insert(f.url.clone()) => fiches.push(f),
            Ok(f) => {
                left_out += 1;
                if left_out <= SAID {
                    let why = lang.pick("même `url` qu'une autre fiche", "same url as another");
                    warnings.push(bad_entry(partner, i, &f.slug, &why, lang));
                }
            }
            Err((name, why)) => {
                left_out += 1;
                if left_out <= SAID {
                    warnings.push(bad_entry(partner, i, &name, &why, lang));
                }
            }
        }
    }
    if left_out > SAID {
        warnings.push(Diagnostic::warning(lang.pick(
            format!(
                "partenaire « {partner} » : {} autres fiches laissées de côté",
                left_out - SAID
            ),
            format!(
                "partner \"{partner}\": {} more sheets left out",
                left_out - SAID
            ),
        )));
    }
    (Some((site_url, fiches)), warnings)
}

fn is_web(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// An entry read checked: its fields as the schema says, its address made absolute.
fn checked(raw: Raw, base: Option<&str>, lang: Lang) -> Result<PartnerFiche, String> {
    let title = raw.title.trim().to_string();
    if title.is_empty() {
        return Err(lang.pick("`title` vide", "empty `title`"));
    }
    let valid_slug = !raw.slug.is_empty()
        && raw.slug.split('-').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !valid_slug {
        return Err(lang.pick(
            "`slug` n'est pas fait de a-z, 0-9 et de tirets",
            "`slug` is not made of a-z, 0-9 and dashes",
        ));
    }
    let date = Date::parse_iso(&raw.date).ok_or_else(|| {
        lang.pick(
            "`date` n'est pas une date AAAA-MM-JJ",
            "`date` is not YYYY-MM-DD",
        )
    })?;
    let url = absolute(raw.url.trim(), base).ok_or_else(|| {
        lang.pick(
            "`url` n'est pas une adresse web",
            "`url` is not a web address",
        )
    })?;
    let coordinates = match raw.coordinates {
        Some(c) if (-90.0..=90.0).contains(&c.lat) && (-180.0..=180.0).contains(&c.lon) => {
            Some(Coordinates {
                lat: c.lat,
                lon: c.lon,
            })
        }
        Some(_) => {
            return Err(lang.pick("`coordinates` hors limites", "`coordinates` out of range"));
        }
        None => None,
    };
    let list = |v: Vec<String>| -> Vec<String> {
        v.into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let text = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(PartnerFiche {
        slug: raw.slug,
        url,
        title,
        date,
        summary: raw.summary.trim().to_string(),
        variant: raw.variant,
        variant_label: text(raw.variant_label),
        authors: list(raw.authors),
        tags: list(raw.tags),
        themes: list(raw.themes),
        territory: text(raw.territory),
        commune: text(raw.commune),
        coordinates,
        organization: text(raw.organization),
        text: raw.body_text,
    })
}

/// `url` as an absolute web address: as it is, or relative to `base`.
fn absolute(url: &str, base: Option<&str>) -> Option<String> {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    if is_web(url) {
        return Some(url.to_string());
    }
    if url.contains(':') || url.is_empty() {
        return None;
    }
    let base = base?;
    let scheme_end = base.find("://")? + 3;
    // `//host/path`: another host, with the partner's scheme.
    if url.starts_with("//") {
        return Some(format!("{}{}", &base[..scheme_end - 2], url));
    }
    if let Some(path) = url.strip_prefix('/') {
        let host_end = base[scheme_end..]
            .find('/')
            .map_or(base.len(), |i| scheme_end + i);
        return Some(format!("{}/{path}", &base[..host_end]));
    }
    let dir_end = base
        .rfind('/')
        .filter(|&i| i >= scheme_end)
        .map_or(base.len(), |i| i + 1);
    let dir = &base[..dir_end];
    let sep = if dir.ends_with('/') { "" } else { "/" };
    Some(format!("{dir}{sep}{url}"))
}

fn not_a_document(partner: &str, why: &str, lang: Lang) -> Diagnostic {
    Diagnostic::warning(lang.pick(
        format!("le fichier du partenaire « {partner} » n'est pas un fiches.json ({why}) : ses fiches ne sont pas publiées"),
        format!("the file of partner \"{partner}\" is not a fiches.json ({why}): its sheets are not published"),
    ))
    .hint(lang.pick(
        "l'adresse doit désigner le fiches.json d'un site fait avec fiches (version 1)",
        "the address must point to the fiches.json of a site made with fiches (version 1)",
    ))
}

fn bad_entry(partner: &str, i: usize, name: &str, why: &str, lang: Lang) -> Diagnostic {
    let (fr, en) = if name.is_empty() {
        (String::new(), String::new())
    } else {
        (format!(" « {name} »"), format!(" \"{name}\""))
    };
    Diagnostic::warning(lang.pick(
        format!("partenaire « {partner} », fiche n° {}{fr} laissée de côté : {why}", i + 1),
        format!("partner \"{partner}\", sheet #{}{en} left out: {why}", i + 1),
    ))
    .hint(lang.pick(
        "c'est aux données du partenaire de changer : prévenez-le ; ses autres fiches sont publiées",
        "the partner's data must change: tell them; their other sheets are published",
    ))
}

#[cfg(test)]
mod tests;
