//! Arbitrary bytes as a fiche: decoding, front matter, Markdown, links and the
//! default theme must never panic or hang, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (pages, diags) = fiches::render_one(data, "title = \"Fuzz\"\n");
    // A fiche either renders or says why, never both silent.
    assert!(!pages.is_empty() || diags.iter().any(|d| d.is_error()));
});
