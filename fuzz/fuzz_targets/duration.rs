//! Arbitrary bytes as a media file of every kind: its duration read from its first
//! and last bytes (`media::duration`), never a panic.
//! The checks are in `entries.rs`, shared with `tests/fuzz.rs`.
#![no_main]

#[path = "../entries.rs"]
mod entries;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    entries::run("duration", data);
});
