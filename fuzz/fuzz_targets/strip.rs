//! Arbitrary bytes as an image of `static/`: its metadata taken out
//! (`photos::strip`), and what is taken out stays out.
//! The checks are in `entries.rs`, shared with `tests/fuzz.rs`.
#![no_main]

#[path = "../entries.rs"]
mod entries;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    entries::run("strip", data);
});
