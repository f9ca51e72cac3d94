//! Full-text search that runs in the reader's browser, with no service: Pagefind
//! indexes the fiche pages (accents folded, French stemmed, filters by variant,
//! theme, tag and territory) into small chunks that the search page loads on demand.

use std::path::PathBuf;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::lang::Lang;
use crate::render::Page;

/// Where the index and Pagefind's script live in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// Indexes the fiche pages among `pages` and returns the index files, placed under
/// [`BUNDLE_DIR`]. Only pages marked `data-pagefind-body` (fiche pages) are indexed.
pub fn index(pages: &[Page], lang: Lang) -> Result<Vec<Page>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(lang.code().to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for page in pages
            .iter()
            .filter(|p| p.path.starts_with("fiches/") && p.path.ends_with("/index.html"))
        {
            let html = String::from_utf8_lossy(&page.bytes).into_owned();
            // Result addresses are given without the leading `/`: the search page
            // resolves them against the site's root, wherever it is hosted.
            let url = page.path.trim_end_matches("index.html").to_string();
            index
                .add_html_file(None, Some(url), html)
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
