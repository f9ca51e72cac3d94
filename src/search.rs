//! Full-text search that runs in the reader's browser, with no service: Pagefind
//! indexes every fiche (accents folded, French stemmed, filters by variant, theme,
//! tag and territory) into small chunks that the search page loads on demand.
//!
//! Fiches are given to Pagefind as records of plain text with their metadata and
//! filters, rather than as HTML pages to parse: the same index, for much less work.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::export::html_to_text;
use crate::lang::Lang;
use crate::output::Page;
use crate::paths;
use crate::site::{Site, TaxonomyKind};
use crate::theme::Theme;

/// Where the index and Pagefind's script live in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// What the index knows of one fiche.
pub struct Record {
    url: String,
    text: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
}

/// The records of every published fiche of `site`, with `bodies` (HTML by slug)
/// (cheap: taken under a lock in `serve`, indexed after it is released).
pub fn records(site: &Site, theme: &Theme, bodies: &HashMap<String, String>) -> Vec<Record> {
    site.fiches
        .iter()
        .map(|f| {
            let variant = site
                .config
                .variant(&f.variant)
                .map_or(f.variant.clone(), |v| v.label.clone());
            let names = |kind: TaxonomyKind| -> Vec<String> {
                let tax = site.taxonomy(kind);
                kind.terms_of(f)
                    .iter()
                    .filter_map(|t| tax.find(t))
                    .map(|t| t.name.clone())
                    .collect()
            };
            let (tags, themes, territory) = (
                names(TaxonomyKind::Tags),
                names(TaxonomyKind::Themes),
                names(TaxonomyKind::Territories),
            );
            let mut text = vec![f.title.clone(), f.summary.clone()];
            text.extend(f.authors.iter().cloned());
            text.extend(f.collective.iter().cloned());
            text.extend(f.organization.iter().cloned());
            text.extend(f.testimonies.iter().map(|t| t.quote.clone()));
            text.push(html_to_text(bodies.get(&f.slug).map_or("", String::as_str)));
            text.extend(themes.iter().chain(&tags).chain(&territory).cloned());
            let mut meta = BTreeMap::new();
            meta.insert("title".to_string(), f.title.clone());
            meta.insert("summary".to_string(), f.summary.clone());
            meta.insert("variant".to_string(), variant.clone());
            if let Some(d) = f.date {
                meta.insert("date".to_string(), theme.long_date(d));
            }
            let mut filters = BTreeMap::new();
            filters.insert("variant".to_string(), vec![variant]);
            for (key, values) in [("theme", themes), ("tag", tags), ("territory", territory)] {
                if !values.is_empty() {
                    filters.insert(key.to_string(), values);
                }
            }
            // Declared fields with `filter = true`, by their key.
            for &kind in &site.kinds {
                if let TaxonomyKind::Field(key) = kind {
                    let values = names(kind);
                    if !values.is_empty() {
                        filters.insert(key.to_string(), values);
                    }
                }
            }
            Record {
                url: paths::fiche_dir(&f.slug),
                text: text.join("\n"),
                meta,
                filters,
            }
        })
        .collect()
}

/// Builds the index of `records`; its files are placed under [`BUNDLE_DIR`].
pub fn index(records: Vec<Record>, lang: Lang) -> Result<Vec<Page>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(lang.code().to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for r in records {
            // Addresses are given without the leading `/`: the search page resolves
            // them against the site's root, wherever it is hosted.
            index
                .add_custom_record(
                    r.url,
                    r.text,
                    lang.code().to_string(),
                    Some(r.meta),
                    Some(r.filters),
                    None,
                )
                .await
                .map_err(|e| e.to_string())?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .map(|f| Page {
                path: format!("{BUNDLE_DIR}/{}", slash(&f.filename)),
                bytes: f.contents,
            })
            .collect())
    })
}

fn slash(p: &std::path::Path) -> String {
    let p: PathBuf = p.components().collect();
    crate::diagnostic::display_path(&p)
}
