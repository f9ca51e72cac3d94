//! The default theme (`themes/default/`), embedded in the binary at compile time by
//! `build.rs`, so that the binary alone builds a site.

mod files {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// Every file of the default theme: its path inside the theme, and its bytes.
pub use files::FILES;

/// A file of the default theme, by its path inside the theme (`templates/fiche.html`).
pub fn file(rel: &str) -> Option<&'static [u8]> {
    FILES.iter().find(|(n, _)| *n == rel).map(|(_, b)| *b)
}

/// A fingerprint of this program's own code (made by `build.rs`): a build kept
/// beside the output by a program built from other code is not trusted, even under
/// the same version number.
pub fn program() -> u64 {
    files::PROGRAM
}

/// A fingerprint of the default theme (each file's path and bytes), part of every
/// build's stamp: the same for the same theme whatever compiled it.
pub fn hash() -> u64 {
    let mut h = crate::hash::Fnv64::new();
    for (name, bytes) in FILES {
        h.field(name.as_bytes()).field(bytes);
    }
    h.finish()
}
