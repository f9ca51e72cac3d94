//! What each fuzz target checks of one input, shared by the targets of this folder
//! (`cargo fuzz run NAME`, on nightly: a search as long as one wants) and by
//! `tests/fuzz.rs` (on stable, in `cargo test`: the seed corpora of `seeds/NAME/`
//! and a bounded number of inputs made from them). Nothing may panic or hang, and
//! what comes out keeps its promises.

#![allow(dead_code)]

use std::path::{Component, Path};

use fiches::output::Page;

/// The targets, each with its corpus folder's name.
pub const TARGETS: [&str; 4] = ["fiche", "duration", "strip", "paths"];

/// The `fiches.toml` that `fiches init` writes, with an address: every output a
/// new site has is on (pages, search index, Atom feed, sitemap, `fiches.json`).
pub fn site_config() -> String {
    let text = fiches::scaffold::config_text(fiches::Lang::Fr);
    let with = text.replacen("# base_url = ", "base_url = ", 1);
    assert_ne!(
        with, text,
        "fiches init's configuration names no base_url any more"
    );
    with
}

/// The files a site of one published fiche has, whatever the fiche says.
pub const SITE_FILES: [&str; 6] = [
    "index.html",
    "atom.xml",
    "sitemap.xml",
    "fiches.json",
    "search/index.html",
    "search/data/index.js",
];

/// Arbitrary bytes as the one fiche of a site in its default configuration, built
/// as `fiches build` builds it (the search index and the feeds included): either
/// the site is made, with every file it should have, or an error says why.
/// Returns the files made, for the stable tests to read further.
pub fn fiche(data: &[u8]) -> Vec<Page> {
    let (pages, diags) = fiches::render_one(data, &site_config());
    let failed = diags.iter().any(|d| d.is_error());
    if failed {
        assert!(pages.is_empty(), "a site with errors is not made");
    } else {
        for file in SITE_FILES {
            assert!(pages.iter().any(|p| p.path == file), "{file} is missing");
        }
    }
    // Every diagnostic can be shown, with its place.
    for lang in [fiches::Lang::Fr, fiches::Lang::En] {
        let shown = fiches::diagnostic::render_human(&diags, lang, false);
        assert!(diags.is_empty() || !shown.is_empty());
    }
    let mut paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    paths.sort_unstable();
    let n = paths.len();
    paths.dedup();
    assert_eq!(paths.len(), n, "two files at one address");
    for p in &pages {
        assert!(
            !p.path.starts_with('/') && !p.path.contains(".."),
            "{}",
            p.path
        );
        let text = [".html", ".xml", ".json", ".js", ".txt"]
            .iter()
            .any(|e| p.path.ends_with(e));
        if text {
            assert!(
                std::str::from_utf8(&p.bytes).is_ok(),
                "{} is not UTF-8",
                p.path
            );
        }
    }
    pages
}

/// Extensions of the media files whose duration is read.
const MEDIA: [&str; 11] = [
    "wav", "mp3", "ogg", "oga", "opus", "m4a", "mp4", "m4v", "mov", "webm", "mkv",
];

/// Arbitrary bytes as a media file of every kind, probed as `sources` probes one
/// (its first and last 64 KiB), then as the start of a far longer file: a duration
/// is read or not, never a panic.
pub fn duration(data: &[u8]) {
    use fiches::media::{PROBE, Probe, duration};
    let head = data[..data.len().min(PROBE)].to_vec();
    let tail = data[data.len().saturating_sub(PROBE)..].to_vec();
    let whole = Probe {
        len: data.len() as u64,
        head: head.clone(),
        tail: tail.clone(),
    };
    // The same first and last bytes in a file of 4 GiB, or of the largest size.
    let long = |len| Probe {
        len,
        head: head.clone(),
        tail: tail.clone(),
    };
    for ext in MEDIA {
        let d = duration(ext, &whole);
        assert_eq!(d, duration(&ext.to_uppercase(), &whole), "{ext}");
        duration(ext, &long(1 << 32));
        duration(ext, &long(u64::MAX));
    }
}

/// Arbitrary bytes as an image of `static/`: its metadata taken out, or the file
/// called damaged. What is taken out stays out: a cleaned file is one with nothing
/// left to clean, of the same kind.
pub fn strip(data: &[u8]) {
    use fiches::photos::strip;
    match strip(data) {
        Ok(None) | Err(_) => {}
        Ok(Some(clean)) => {
            assert_ne!(clean, data, "a copy that changes nothing");
            assert_eq!(kind(&clean), kind(data), "the cleaned file changed kind");
            assert_eq!(
                strip(&clean),
                Ok(None),
                "the cleaned file still has something to clean"
            );
        }
    }
}

/// The kind of image `b` starts as.
fn kind(b: &[u8]) -> &'static str {
    if b.starts_with(&[0xff, 0xd8]) {
        "jpeg"
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        "png"
    } else if b.len() >= 12 && b.starts_with(b"RIFF") && &b[8..12] == b"WEBP" {
        "webp"
    } else if b.starts_with(b"GIF8") {
        "gif"
    } else {
        "other"
    }
}

/// Arbitrary text as an address asked of `fiches serve` and as a path written in a
/// fiche (`image = "..."`, a link): neither may name anything outside the site.
pub fn paths(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for target in [text.to_string(), format!("/{text}")] {
        if let Some(path) = fiches::serve::safe_path(&target) {
            assert!(!path.starts_with('/'), "{target:?} → {path:?}");
            assert!(!path.contains(['\\', '\0']), "{target:?} → {path:?}");
            for segment in path.split('/') {
                assert!(segment != "." && segment != "..", "{target:?} → {path:?}");
            }
            inside(&path, &target);
        }
    }
    // A path of a fiche's bundle, as `links::normalise` resolves it: `None` exactly
    // when it climbs above its start or is absolute; else only names, inside.
    let path = Path::new(text);
    let mut depth: Vec<&std::ffi::OsStr> = Vec::new();
    let mut escapes = false;
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => escapes |= depth.pop().is_none(),
            Component::Normal(n) => depth.push(n),
            Component::RootDir | Component::Prefix(_) => escapes = true,
        }
    }
    match fiches::links::normalise(path) {
        None => assert!(escapes, "{text:?} was refused"),
        Some(resolved) => {
            assert!(!escapes, "{text:?} climbs out, yet gives {resolved:?}");
            let names: Vec<&std::ffi::OsStr> = resolved.iter().collect();
            assert_eq!(names, depth, "{text:?}");
            inside(&resolved.to_string_lossy(), text);
        }
    }
}

/// `path` joined to a site's folder names a file inside it.
fn inside(path: &str, asked: &str) {
    let root = Path::new("/site");
    let joined = root.join(path);
    assert!(joined.starts_with(root), "{asked:?} → {}", joined.display());
    let within: Vec<Component> = joined.components().skip(2).collect();
    assert!(
        within.iter().all(|c| matches!(c, Component::Normal(_))),
        "{asked:?} → {}",
        joined.display()
    );
}

/// Runs target `name` on `data`.
pub fn run(name: &str, data: &[u8]) {
    match name {
        "fiche" => drop(fiche(data)),
        "duration" => duration(data),
        "strip" => strip(data),
        "paths" => paths(data),
        _ => panic!("no fuzz target {name}"),
    }
}
