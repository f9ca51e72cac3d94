//! The fuzz targets on stable, in `cargo test`: each target's checks
//! (`fuzz/entries.rs`, which `cargo fuzz run NAME` runs on nightly) run on every file
//! of its seed corpus (`fuzz/seeds/NAME/`: real files, damaged ones among them),
//! then on a bounded number of inputs proptest makes from them (cut, bytes changed,
//! inserted, pieces of two seeds joined) and from nothing. A failure prints the
//! input; add it to the corpus once fixed.

#[path = "../fuzz/entries.rs"]
mod entries;

use std::path::{Path, PathBuf};

use proptest::prelude::*;

fn seeds_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target)
}

/// The seeds of `target`, sorted by name.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(seeds_dir(target))
        .unwrap_or_else(|e| panic!("fuzz/seeds/{target}: {e}"))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

#[test]
fn every_target_has_a_corpus_and_passes_on_it() {
    for target in entries::TARGETS {
        let seeds = seeds(target);
        assert!(seeds.len() >= 5, "{target}: {} seeds", seeds.len());
        for seed in &seeds {
            entries::run(target, seed);
        }
    }
}

#[test]
fn the_image_seeds_are_what_their_names_say() {
    use fiches::photos::{Damaged, strip};
    // Regular and clean: published as they are. Holding metadata or bytes past the
    // image: cleaned. Cut inside a part, or with lengths past the file: damaged.
    let mut kinds = [0; 3];
    for entry in std::fs::read_dir(seeds_dir("strip")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let got = strip(&std::fs::read(&path).unwrap());
        let want = if name.contains("plain") || name == "empty.bin" {
            kinds[0] += 1;
            matches!(got, Ok(None))
        } else if ["-cut", "bad-", "unreadable", "past-the-end"]
            .iter()
            .any(|w| name.contains(w))
            && !name.contains("cut-after-frame")
        {
            kinds[2] += 1;
            got == Err(Damaged)
        } else {
            kinds[1] += 1;
            matches!(got, Ok(Some(_)))
        };
        assert!(want, "{name}: {:?}", got.map(|c| c.map(|c| c.len())));
    }
    assert!(kinds.iter().all(|&n| n >= 4), "{kinds:?}");
}

#[test]
fn the_media_seeds_tell_the_durations_they_were_made_with() {
    use fiches::media::{Probe, duration};
    let expected = [
        ("m4a-moov-last-v1.m4a", Some(90)),
        ("mkv-unknown-size-segment.mkv", Some(3)),
        ("mov-largesize-size0.mov", Some(5)),
        ("mp3-id3v23-tlen.mp3", Some(62)),
        ("mp3-id3v24-xing.mp3", Some(8)),
        ("mp3-mpeg2-mono-info.mp3", Some(0)),
        ("mp4-moov-first.mp4", Some(62)),
        ("ogg-vorbis.ogg", Some(3)),
        ("opus-two-pages.opus", Some(2)),
        ("wav-pcm.wav", Some(0)),
        ("webm-info-duration.webm", Some(5)),
        ("flac-streaminfo.flac", None),
        ("cut-ebml.webm", None),
        ("cut-riff.wav", None),
    ];
    for (name, seconds) in expected {
        let bytes = std::fs::read(seeds_dir("duration").join(name)).unwrap();
        let ext = name.rsplit('.').next().unwrap();
        let probe = Probe {
            len: bytes.len() as u64,
            head: bytes.clone(),
            tail: bytes,
        };
        assert_eq!(duration(ext, &probe), seconds, "{name}");
    }
}

/// One change to a seed: where (a fraction of its length) and what.
#[derive(Clone, Debug)]
enum Edit {
    Cut(u16),
    Set(u16, u8),
    Insert(u16, Vec<u8>),
    Remove(u16, u16),
    /// The rest from another seed, from the same fraction of it.
    Splice(u16, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Bytes that matter to the formats: lengths at their edges, markers, text.
    let byte = prop_oneof![
        Just(0x00u8),
        Just(0xff),
        Just(0x7f),
        Just(0x80),
        Just(b'/'),
        Just(b'%'),
        Just(b'.'),
        Just(b'"'),
        Just(b'\n'),
        any::<u8>(),
    ];
    prop_oneof![
        1 => any::<u16>().prop_map(Edit::Cut),
        4 => (any::<u16>(), byte.clone()).prop_map(|(at, b)| Edit::Set(at, b)),
        2 => (any::<u16>(), prop::collection::vec(byte, 1..9)).prop_map(|(at, b)| Edit::Insert(at, b)),
        2 => (any::<u16>(), 1u16..64).prop_map(|(at, n)| Edit::Remove(at, n)),
        1 => (any::<u16>(), any::<usize>()).prop_map(|(at, other)| Edit::Splice(at, other)),
    ]
}

/// Byte `at` (a fraction of 65,536) of something `len` long.
fn place(at: u16, len: usize) -> usize {
    (usize::from(at) * len) >> 16
}

fn apply(seeds: &[Vec<u8>], seed: usize, edits: &[Edit]) -> Vec<u8> {
    let mut b = seeds[seed % seeds.len()].clone();
    for e in edits {
        match *e {
            Edit::Cut(at) => b.truncate(place(at, b.len())),
            Edit::Set(at, x) => {
                if !b.is_empty() {
                    let i = place(at, b.len());
                    b[i] = x;
                }
            }
            Edit::Insert(at, ref bytes) => {
                let i = place(at, b.len() + 1);
                b.splice(i..i, bytes.iter().copied());
            }
            Edit::Remove(at, n) => {
                let i = place(at, b.len());
                let end = (i + usize::from(n)).min(b.len());
                b.drain(i..end);
            }
            Edit::Splice(at, other) => {
                let o = &seeds[other % seeds.len()];
                b.truncate(place(at, b.len()));
                b.extend_from_slice(&o[place(at, o.len())..]);
            }
        }
    }
    b
}

/// Inputs for `target`: a seed changed a few times, or bytes from nothing.
fn inputs(target: &str) -> impl Strategy<Value = Vec<u8>> {
    let seeds = seeds(target);
    let n = seeds.len();
    prop_oneof![
        5 => (0..n, prop::collection::vec(edit(), 1..6))
            .prop_map(move |(s, edits)| apply(&seeds, s, &edits)),
        1 => prop::collection::vec(any::<u8>(), 0..300),
    ]
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn media_durations_never_panic(data in inputs("duration")) {
        entries::duration(&data);
    }

    #[test]
    fn cleaned_images_have_nothing_left_to_clean(data in inputs("strip")) {
        entries::strip(&data);
    }

    #[test]
    fn addresses_and_paths_stay_inside_the_site(data in inputs("paths")) {
        entries::paths(&data);
    }
}

proptest! {
    // Each case builds a whole site: fewer of them.
    #![proptest_config(config(160))]

    #[test]
    fn any_fiche_builds_a_whole_site_or_says_why(data in inputs("fiche")) {
        check_site(&entries::fiche(&data));
    }
}

/// What the stable tests read further of a site the fiche target made: its XML
/// files parse, `fiches.json` is JSON, each file of the search index is the call
/// the search page expects.
fn check_site(pages: &[fiches::output::Page]) {
    for p in pages {
        let text = || std::str::from_utf8(&p.bytes).unwrap();
        if p.path.ends_with(".xml") {
            if let Err(e) = roxmltree::Document::parse(text()) {
                panic!("{}: {e}\n{}", p.path, text());
            }
        } else if p.path.ends_with(".json") {
            let parsed = serde_json::from_str::<serde_json::Value>(text());
            assert!(parsed.is_ok(), "{}: {parsed:?}", p.path);
        } else if let Some(name) = p.path.strip_prefix("search/data/") {
            let inner = text()
                .strip_prefix("fichesSearch(")
                .and_then(|t| t.strip_suffix(");\n"))
                .unwrap_or_else(|| panic!("{name} is not a call of fichesSearch"));
            let parsed = serde_json::from_str::<serde_json::Value>(&format!("[{inner}]"));
            assert!(parsed.is_ok(), "{name}: {parsed:?}");
        }
    }
}

#[test]
fn the_seeds_of_every_site_file_kind_pass_the_readers_checks() {
    // The corpus's fiches that make a site: each one's files read back.
    let mut made = 0;
    for seed in seeds("fiche") {
        let pages = entries::fiche(&seed);
        if !pages.is_empty() {
            check_site(&pages);
            made += 1;
        }
    }
    assert!(made >= 3, "{made} seeds of fuzz/seeds/fiche make a site");
}
