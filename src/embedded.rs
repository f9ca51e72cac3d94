//! The default theme (`themes/default/`), embedded in the binary at compile time by
//! `build.rs`, so that the binary alone builds a site.

use std::hash::{DefaultHasher, Hash, Hasher};

mod files {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// Every file of the default theme: its path inside the theme, and its bytes.
pub use files::FILES;

/// A file of the default theme, by its path inside the theme (`templates/fiche.html`).
pub fn file(rel: &str) -> Option<&'static [u8]> {
    FILES.iter().find(|(n, _)| *n == rel).map(|(_, b)| *b)
}

/// A fingerprint of the default theme, part of every build's stamp.
pub fn hash() -> u64 {
    let mut h = DefaultHasher::new();
    FILES.hash(&mut h);
    h.finish()
}
