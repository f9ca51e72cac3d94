//! Arbitrary bytes as the one fiche of a site in its default configuration, built
//! as `fiches build` builds it: search index, feeds, sitemap and `fiches.json` included.
//! The checks are in `entries.rs`, shared with `tests/fuzz.rs`.
#![no_main]

#[path = "../entries.rs"]
mod entries;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    entries::run("fiche", data);
});
