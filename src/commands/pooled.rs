//! The partners' fiches of a run (`[[sources]]`), fetched once before the sources are
//! read: their warnings join the reading's, their fingerprint the build's key.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::partners::{self, Partner};
use crate::sources;

/// The partners' fiches of a run, what was said about them and their fingerprint.
pub struct Pooled {
    pub partners: Arc<Vec<Partner>>,
    warnings: Vec<Diagnostic>,
    fingerprint: u64,
}

impl Pooled {
    /// What `build` and `serve` ask: each partner, what answered kept.
    pub fn for_build(scan: &mut sources::Scan, timeout: Option<std::time::Duration>) -> Pooled {
        let how = partners::Fetch {
            timeout: timeout.unwrap_or(partners::TIMEOUT),
            ..Default::default()
        };
        let pooled = Pooled::fetch(scan, how);
        pooled.apply(scan);
        pooled
    }

    /// What `check` asks: each partner, nothing kept (check writes nothing).
    pub fn for_check(scan: &mut sources::Scan) -> Pooled {
        let how = partners::Fetch {
            keep: false,
            ..Default::default()
        };
        let pooled = Pooled::fetch(scan, how);
        pooled.apply(scan);
        pooled
    }

    /// Fetches the partners `fiches.toml` names (`[[sources]]`), if any.
    pub fn fetch(scan: &sources::Scan, how: partners::Fetch) -> Pooled {
        let none = Pooled {
            partners: Arc::default(),
            warnings: Vec::new(),
            fingerprint: 0,
        };
        let Ok(text) = &scan.config else { return none };
        let list = partners::sources_of(text);
        if list.is_empty() {
            return none;
        }
        let (found, warnings) = partners::gather(&scan.root, &list, text, scan.lang, how);
        let mut h = crate::hash::Fnv64::new();
        h.u64(found.len() as u64 + 1);
        for p in &found {
            h.field(p.name.as_bytes()).u64(p.fingerprint);
        }
        // A partner gone down or come back changes what the build says.
        for w in &warnings {
            h.field(w.message.as_bytes());
        }
        Pooled {
            partners: Arc::new(found),
            warnings,
            fingerprint: h.finish(),
        }
    }

    /// What was said about the partners (`serve` says it again after each full
    /// rebuild, which does not ask them again).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Their warnings among the reading's, their fingerprint in the scan's key.
    pub fn apply(&self, scan: &mut sources::Scan) {
        scan.diagnostics.extend(self.warnings.iter().cloned());
        scan.partners = self.fingerprint;
    }
}
