//! What a run asks of the assembly ([`Options`]): the options that differ between
//! `build`, `check` and `serve`.

use crate::content;
use crate::lang::Lang;

/// Options that differ between `build` and `serve`.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub drafts: bool,
    /// `serve`'s own address, so that absolute links (404 page, canonical URLs) stay local.
    pub base_url: Option<String>,
    /// The site's address when `fiches.toml` gives none (`fiches build --base-url`:
    /// a forge's CI knows where its pages are published).
    pub default_base_url: Option<String>,
    /// Makes the search index (when the site has search) while the pages are rendered
    /// and written: its work fills the time a core would wait.
    pub search_index: bool,
    /// Assembles and validates the site, renders the bodies, but no page: an incremental
    /// build then renders only what an edit touches ([`super::Project::update_fiches`]).
    pub skip_pages: bool,
    /// Bodies an incremental build does not render again ([`content::KeptBodies`]).
    pub kept_bodies: Option<content::KeptBodies>,
    /// The user's language, which `serve` reads the sources in again for each full rebuild
    /// ([`crate::sources::scan_in`]); the assembly speaks the sources' (`Sources::lang`).
    pub locale: Lang,
    /// The build's moment (the clock is `main`'s, `serve`'s): the agenda's today.
    pub now: Option<jiff::Timestamp>,
    /// The partners' fiches, fetched once a run (`serve` keeps them across edits).
    pub partners: std::sync::Arc<Vec<crate::partners::Partner>>,
    /// A build's search index keeps its records of the fiches' words
    /// ([`crate::search::build_keeping`]), in [`super::Project::search_records`].
    pub search_records: Option<SearchRecords>,
}

/// The key the search index's records are kept under, the last build's, and
/// where this build's are written as they are made (taken by the search index).
#[derive(Clone, Default)]
pub struct SearchRecords {
    pub key: u64,
    pub previous: Option<std::sync::Arc<dyn crate::packed::Pieces>>,
    pub into: Option<RecordsInto>,
}

/// Where a build writes the search index's records ([`SearchRecords::into`]).
pub type RecordsInto = std::sync::Arc<std::sync::Mutex<Option<Box<dyn std::io::Write + Send>>>>;

impl std::fmt::Debug for SearchRecords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the records' bytes: tens of megabytes.
        let previous = self.previous.as_ref().map(|b| b.size());
        write!(
            f,
            "SearchRecords {{ key: {:x}, previous bytes: {previous:?} }}",
            self.key
        )
    }
}
