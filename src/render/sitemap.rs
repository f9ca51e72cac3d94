//! `sitemap.xml`: every address of the site in one file, or past the protocol's
//! limit an index of files holding that many each.

use super::context::Ctx;
use super::ser;
use crate::diagnostic::Diagnostic;
use crate::export;
use crate::output::Page;
use crate::paths;

impl Ctx<'_> {
    /// File `n` of the sitemap (0: `sitemap.xml`), with at most `max` addresses a file.
    pub(super) fn sitemap(&self, n: usize, max: usize) -> Result<Page, Diagnostic> {
        let path = paths::sitemap_file(n);
        let urls = self
            .sitemap
            .get_or_init(|| export::sitemap_entries(self.site));
        let parts = paths::sitemap_split(urls.len(), max);
        if n == 0 && parts.len() > 1 {
            return Ok(Page {
                path,
                bytes: export::sitemap_index(self.site, parts.len()).into_bytes(),
            });
        }
        let range = match n {
            0 => 0..urls.len(),
            n => parts.get(n - 1).cloned().unwrap_or_default(),
        };
        let cfg = &self.site.config;
        let page = self.page("sitemap", cfg.title.clone(), String::new(), path.clone());
        self.emit(
            &path,
            "sitemap.xml",
            page,
            minijinja::context! { urls => ser(&urls[range]) },
        )
    }
}
