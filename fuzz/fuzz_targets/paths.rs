//! Arbitrary text as an address asked of `fiches serve` (`serve::safe_path`) and as
//! a path written in a fiche (`links::normalise`): neither names anything outside the site.
//! The checks are in `entries.rs`, shared with `tests/fuzz.rs`.
#![no_main]

#[path = "../entries.rs"]
mod entries;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    entries::run("paths", data);
});
