//! Every local file a fiche's body may link to, and what each link resolves to: a
//! published fiche, a file published with its bundle, a draft, or nothing.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// Every local file a body may link to, by path relative to the site folder.
#[derive(Default)]
pub struct Links {
    /// Fiche sources: when published, the address of its page from another fiche's
    /// page (see [`crate::paths`]); `None` when left out (a draft).
    pub fiches: HashMap<PathBuf, Option<String>>,
    /// Bundle files: their address from a fiche's page.
    pub assets: HashMap<PathBuf, String>,
    /// Every other file under `content/`.
    pub others: HashSet<PathBuf>,
    /// Files published at the site's root (`static/`, the theme's files), by output
    /// path, for links written from the root (`/plan.pdf`).
    pub root_files: HashSet<String>,
    /// Files of draft bundles left out of this build.
    pub draft_assets: HashSet<PathBuf>,
    /// The audio and video files among `assets`: a link to one becomes a player.
    pub media: HashMap<PathBuf, crate::media::Media>,
    /// The photos among `assets`: each published size (width, height, address from a
    /// fiche's page), smallest first, full size last.
    pub photos: HashMap<PathBuf, Sizes>,
    /// The paths above with accents, by their composed form (NFC), made at the first
    /// link that needs it: see [`Links::spelled`].
    spellings: OnceLock<HashMap<String, PathBuf>>,
}

/// A photo's published sizes: width, height and address from a fiche's page.
pub type Sizes = Vec<(u32, u32, String)>;

/// What a link resolves to; published targets carry their address from a fiche page.
pub enum Target<'a> {
    Fiche(&'a str),
    Unpublished,
    Asset(&'a str),
    Unpublishable,
    Missing,
}

impl Links {
    /// `path` as the file is named on disk: an accent typed composed (NFC) reaches a
    /// file named with it decomposed (NFD, as macOS long wrote names, and a zip made
    /// there keeps them), and the reverse. Unchanged when no file matches.
    pub fn spelled(&self, path: PathBuf) -> PathBuf {
        let known = |p: &Path| {
            self.fiches.contains_key(p)
                || self.assets.contains_key(p)
                || self.draft_assets.contains(p)
                || self.others.contains(p)
        };
        if path.as_os_str().is_ascii() || known(&path) {
            return path;
        }
        let spellings = self.spellings.get_or_init(|| {
            let keys = (self.fiches.keys())
                .chain(self.assets.keys())
                .chain(&self.draft_assets)
                .chain(&self.others);
            keys.filter(|p| !p.as_os_str().is_ascii())
                .filter_map(|p| Some((p.to_str()?.nfc().collect(), p.clone())))
                .collect()
        });
        let composed: Option<String> = path.to_str().map(|p| p.nfc().collect());
        composed
            .and_then(|c| spellings.get(&c).cloned())
            .unwrap_or(path)
    }

    pub fn resolve(&self, path: &Path) -> Target<'_> {
        if let Some(f) = self.fiches.get(path) {
            return f.as_deref().map_or(Target::Unpublished, Target::Fiche);
        }
        if let Some(href) = self.assets.get(path) {
            return Target::Asset(href);
        }
        if self.draft_assets.contains(path) {
            return Target::Unpublished;
        }
        if self.others.contains(path) {
            return Target::Unpublishable;
        }
        Target::Missing
    }
}

/// Resolves `.` and `..` without touching the disk; `None` when it climbs above the start.
pub fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(p) => out.push(p),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// `s` with its `%XX` escapes decoded, as a path of a URL is read: `None` when a
/// `%` is not followed by two hexadecimal digits, or when the bytes it gives are not
/// UTF-8 (no file of a site is named so): such a path is not guessed at. A `+` stays
/// a `+`: it stands for a space in form data, not in a path.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = |at: usize| b.get(at).and_then(|&c| (c as char).to_digit(16));
            let (h, l) = (hex(i + 1)?, hex(i + 2)?);
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_decode_or_the_path_is_refused() {
        let d = |s: &str| percent_decode(s);
        assert_eq!(d("f%C3%AAte.md").as_deref(), Some("fête.md"));
        assert_eq!(d("soir%c3%a9e/").as_deref(), Some("soirée/"));
        assert_eq!(d("a%20b%2Fc").as_deref(), Some("a b/c"));
        assert_eq!(d("%25").as_deref(), Some("%"));
        assert_eq!(d("é ﬁ 𝐛").as_deref(), Some("é ﬁ 𝐛"));
        // A plus is a plus.
        assert_eq!(d("a+b").as_deref(), Some("a+b"));
        // A `%` not followed by two hexadecimal digits, even at the end.
        for bad in ["100%", "%zz", "%2", "a%", "%%41", "%é9", "%+1"] {
            assert_eq!(d(bad), None, "{bad}");
        }
        // Bytes that are not UTF-8: a Latin-1 `é`, a lone continuation byte.
        for bad in ["caf%E9.md", "%ff%fe", "%80", "%C3"] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }

    #[test]
    fn normalise_stays_inside() {
        assert_eq!(
            normalise(Path::new("content/a/../b.md")),
            Some(PathBuf::from("content/b.md"))
        );
        assert_eq!(normalise(Path::new("content/../../x")), None);
    }
}
