//! What a build keeps beside its output for the next one (`.public.fiches-state`):
//! a key of what every page depends on besides the files (this version, the
//! options, `fiches.toml`), each source file with the fingerprint of its size, times
//! and inode, and each fiche's front matter as it was. The next build compares the
//! files to tell which fiches were edited, and reads their front matter back to know
//! how far each edit goes. Encoded compactly; read back with every length checked,
//! so that a damaged or truncated state is no state (a full build), never a panic.

use crate::packed::{Lengths, Reader};
use std::collections::HashMap;

use crate::sources::{self, Scan, Sources};

/// 5: the start of the day the pages hold for (`from`).
const MAGIC: &[u8] = b"fiches-state 5\n";

#[derive(Debug, PartialEq, Eq)]
pub(super) struct State {
    /// See [`Scan::key`].
    pub key: u64,
    /// Until when (UTC seconds) the pages hold for the day they were rendered on:
    /// `i64::MAX` when no page reads the day (see [`State::span_of`]).
    pub until: i64,
    /// From when (UTC seconds) they hold: the start of that day; `i64::MIN` when no
    /// page reads the day.
    pub from: i64,
    /// Every source file (its path's bytes) and its fingerprint, in the scan's order.
    pub files: Vec<(Vec<u8>, u64)>,
    /// Each fiche's front matter (its text up to the body), by its path's bytes.
    pub fronts: HashMap<Vec<u8>, String>,
    /// The `fiches.json` published, when there is one: what tells the file (see
    /// [`crate::output::FileId`]) and where each fiche's entry lies in it.
    pub data: Option<([u64; 4], crate::export::Entries)>,
    /// The fiches whose body rendered without a diagnostic, by its path's bytes, with
    /// their `##` headings: the next build takes their HTML from `fiches.json`
    /// instead of rendering them again, when neither changed.
    pub bodies: HashMap<Vec<u8>, Vec<String>>,
}

impl State {
    /// The `from` and `until` of `project`'s pages
    /// ([`crate::project::Project::day_starts`], [`crate::project::Project::day_ends`]).
    pub fn span_of(project: &crate::project::Project) -> (i64, i64) {
        let from = project.day_starts().map_or(i64::MIN, |t| t.as_second());
        (from, project.day_ends().map_or(i64::MAX, |t| t.as_second()))
    }

    /// The stamp the build records (`stamp`, the sources'), with until when its
    /// pages hold when one reads the day (see `unchanged` in `commands`).
    pub fn dated(&self, stamp: &str) -> String {
        match self.until {
            i64::MAX => stamp.to_string(),
            until => format!("{stamp} from {} until {until}", self.from),
        }
    }

    /// Whether the pages of this state's build still hold at `now` (its day).
    pub fn holds_at(&self, now: Option<jiff::Timestamp>) -> bool {
        self.until == i64::MAX
            || now.is_some_and(|n| (self.from..self.until).contains(&n.as_second()))
    }

    /// The files of `scan`, the front matters of `sources` (the same site, read).
    pub fn files_of(scan: &Scan) -> Vec<(Vec<u8>, u64)> {
        let bytes = |p: &std::path::Path| p.as_os_str().as_encoded_bytes().to_vec();
        scan.file_stamps().map(|(p, s)| (bytes(p), s)).collect()
    }

    /// Each fiche's front matter, as far as it can be told from its text (a fiche
    /// without one has none: its edit is then a full build), read in parallel.
    pub fn fronts_of(sources: &Sources) -> HashMap<Vec<u8>, String> {
        use rayon::prelude::*;
        // In parallel, as the build waits for it.
        sources
            .fiches
            .par_iter()
            .filter_map(|t| {
                let front = plain_front(&t.bytes).or_else(|| {
                    let text = sources::decode(&t.bytes, &t.rel, sources.lang).ok()?;
                    let (_, body) = crate::fiche::split(&text).ok()?;
                    Some(text.get(..body)?.to_string())
                })?;
                Some((t.rel.as_os_str().as_encoded_bytes().to_vec(), front))
            })
            .collect()
    }

    /// The fiches of `project` whose body rendered without a diagnostic, with their
    /// headings: those no diagnostic of the build names at a line past their front
    /// matter (`fronts`) or at no line. Reading a body reports at its lines only,
    /// so that a fiche warned of in its front matter alone keeps its body.
    pub fn bodies_of(
        project: &crate::project::Project,
        diagnostics: &[crate::diagnostic::Diagnostic],
        fronts: &HashMap<Vec<u8>, String>,
    ) -> HashMap<Vec<u8>, Vec<String>> {
        let mut named: HashMap<&[u8], usize> = HashMap::new();
        for d in diagnostics {
            if let Some(file) = &d.file {
                let line = named
                    .entry(file.as_os_str().as_encoded_bytes())
                    .or_default();
                // 0 (the whole file) is past any front matter.
                *line = (*line).max(if d.line == 0 { usize::MAX } else { d.line });
            }
        }
        (project.site.fiches.iter())
            .filter_map(|f| {
                let path = f.path.as_os_str().as_encoded_bytes();
                let body_line = fronts.get(path)?.matches('\n').count() + 1;
                let clean = named.get(path).is_none_or(|&last| last < body_line);
                clean.then(|| (path.to_vec(), f.sections.clone()))
            })
            .collect()
    }

    pub fn encode(&self) -> Vec<u8> {
        // Sized at once: at 10,000 fiches the state weighs 9 MB, made at the end of
        // the build, when its memory is at its peak (a growing buffer would double).
        let size = MAGIC.len()
            + 32
            + (self.files.iter())
                .map(|(p, _)| 16 + p.len())
                .sum::<usize>()
            + 8
            + (self.fronts.iter())
                .map(|(p, f)| 16 + p.len() + f.len())
                .sum::<usize>()
            + (self.data.iter())
                .flat_map(|(_, e)| e)
                .map(|e| 40 + e.slug.len())
                .sum::<usize>()
            + (self.bodies.iter())
                .map(|(p, s)| 16 + p.len() + s.iter().map(|s| 8 + s.len()).sum::<usize>())
                .sum::<usize>();
        let mut out = Vec::with_capacity(size);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.key.to_le_bytes());
        out.extend_from_slice(&self.until.to_le_bytes());
        out.extend_from_slice(&self.from.to_le_bytes());
        put_len(&mut out, self.files.len());
        for (path, stamp) in &self.files {
            put_bytes(&mut out, path);
            out.extend_from_slice(&stamp.to_le_bytes());
        }
        let mut fronts: Vec<_> = self.fronts.iter().collect();
        fronts.sort();
        put_len(&mut out, fronts.len());
        for (path, front) in fronts {
            put_bytes(&mut out, path);
            put_bytes(&mut out, front.as_bytes());
        }
        let (id, entries) = self
            .data
            .as_ref()
            .map_or(([0; 4], &[][..]), |(i, e)| (*i, e));
        put_len(&mut out, usize::from(self.data.is_some()));
        id.iter()
            .for_each(|n| out.extend_from_slice(&n.to_le_bytes()));
        put_len(&mut out, entries.len());
        for e in entries {
            put_bytes(&mut out, e.slug.as_bytes());
            for n in [e.at, e.len, e.body.0, e.body.1] {
                out.extend_from_slice(&n.to_le_bytes());
            }
        }
        let mut bodies: Vec<_> = self.bodies.iter().collect();
        bodies.sort();
        put_len(&mut out, bodies.len());
        for (path, sections) in bodies {
            put_bytes(&mut out, path);
            put_len(&mut out, sections.len());
            for s in sections {
                put_bytes(&mut out, s.as_bytes());
            }
        }
        out
    }

    /// The state `bytes` hold; `None` for anything but what [`State::encode`] wrote.
    pub fn decode(bytes: &[u8]) -> Option<State> {
        let mut r = Reader::new(bytes.strip_prefix(MAGIC)?, Lengths::Fixed);
        let key = r.u64()?;
        let until = i64::from_le_bytes(r.u64()?.to_le_bytes());
        let from = i64::from_le_bytes(r.u64()?.to_le_bytes());
        let n = r.length()?;
        let mut files = Vec::with_capacity(n.min(r.rest.len() / 12));
        for _ in 0..n {
            files.push((r.bytes()?.to_vec(), r.u64()?));
        }
        let n = r.length()?;
        let mut fronts = HashMap::with_capacity(n.min(r.rest.len() / 8));
        for _ in 0..n {
            let path = r.bytes()?.to_vec();
            let front = String::from_utf8(r.bytes()?.to_vec()).ok()?;
            fronts.insert(path, front);
        }
        let has_data = r.length()?;
        let id = [r.u64()?, r.u64()?, r.u64()?, r.u64()?];
        let n = r.length()?;
        let mut entries = Vec::with_capacity(n.min(r.rest.len() / 40));
        for _ in 0..n {
            entries.push(crate::export::Entry {
                slug: String::from_utf8(r.bytes()?.to_vec()).ok()?,
                at: r.u64()?,
                len: r.u64()?,
                body: (r.u64()?, r.u64()?),
            });
        }
        let data = match has_data {
            0 if entries.is_empty() => None,
            1 => Some((id, entries)),
            _ => return None,
        };
        let n = r.length()?;
        let mut bodies = HashMap::with_capacity(n.min(r.rest.len() / 16));
        for _ in 0..n {
            let path = r.bytes()?.to_vec();
            let k = r.length()?;
            let mut sections = Vec::with_capacity(k.min(r.rest.len() / 8));
            for _ in 0..k {
                sections.push(String::from_utf8(r.bytes()?.to_vec()).ok()?);
            }
            bodies.insert(path, sections);
        }
        r.rest.is_empty().then_some(State {
            key,
            until,
            from,
            files,
            fronts,
            data,
            bodies,
        })
    }
}

/// The front matter of a text that decoding leaves as it is up to its body (no byte
/// order mark, UTF-8, no carriage return before the body), checked as far as its
/// closing line only: the body's bytes are checked once, when the fiche is read.
/// `None` for any other text, which is then decoded.
fn plain_front(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return None;
    }
    // Only a line that starts with `+++` may close the front matter (`split` trims
    // its end only): the first such line past the first that does closes it.
    let mut end = 0;
    let mut opened = false;
    while end < bytes.len() {
        let from = end;
        end = memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |i| from + i + 1);
        let line = &bytes[from..end];
        if !opened || line.starts_with(b"+++") {
            let closes = std::str::from_utf8(line).ok()?.trim_end() == "+++";
            if !opened && !closes {
                return None;
            }
            if opened && closes {
                break;
            }
            opened = true;
        }
    }
    let text = std::str::from_utf8(&bytes[..end]).ok()?;
    let (_, body) = crate::fiche::split(text).ok()?;
    let front = text.get(..body)?;
    (!front.contains('\r')).then(|| front.to_string())
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u64).to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_len(out, bytes.len());
    out.extend_from_slice(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn state(
        files: Vec<(Vec<u8>, u64)>,
        fronts: Vec<(Vec<u8>, String)>,
        data: Option<([u64; 4], crate::export::Entries)>,
        bodies: Vec<(Vec<u8>, Vec<String>)>,
    ) -> State {
        State {
            key: 0x0123_4567_89ab_cdef,
            until: -7,
            from: -9,
            files,
            fronts: fronts.into_iter().collect(),
            data,
            bodies: bodies.into_iter().collect(),
        }
    }

    proptest! {
        /// The front matter read without decoding the whole text is the one
        /// decoding and splitting give, whatever the text: byte order marks, line
        /// ends, any Unicode, bytes that are not UTF-8.
        #[test]
        fn a_front_matter_read_plainly_is_the_decoded_one(
            bom in proptest::bool::ANY,
            cr in proptest::bool::ANY,
            front in "(\\PC|[\u{a0}\u{fb01}\u{1f600}\u{202e}\r])*",
            lines in proptest::collection::vec("(\\+\\+\\+|\\+\\+)[ \u{a0}\u{2003}x+]?|# \\PC*", 0..3),
            close in "\\+\\+\\+[ \t\u{a0}\u{3000}]?",
            body in "(\\PC|[\r\n]|\n\\+\\+\\+)*",
            junk in proptest::option::of(any::<u8>()),
        ) {
            let nl = if cr { "\r\n" } else { "\n" };
            let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
            let lines: String = lines.iter().map(|l| format!("{l}{nl}")).collect();
            bytes.extend(format!("+++{nl}title = \"{front}\"{nl}{lines}{close}{nl}{body}").into_bytes());
            if let Some(b) = junk {
                bytes.push(b);
            }
            let decoded = sources::decode(&bytes, std::path::Path::new("a.md"), crate::lang::Lang::Fr)
                .ok()
                .and_then(|t| Some(t.get(..crate::fiche::split(&t).ok()?.1)?.to_string()));
            let plain = plain_front(&bytes);
            if !bom && !cr && !front.contains('\r') && decoded.is_some() {
                prop_assert!(plain.is_some(), "the common case needs no decoding");
            }
            if let Some(plain) = plain {
                // A byte past the front matter that is not UTF-8 is found when the
                // fiche is read: its front matter is the same without it.
                let decoded = decoded.or_else(|| {
                    let t = sources::decode(&bytes[..bytes.len() - 1], std::path::Path::new("a.md"), crate::lang::Lang::Fr).ok()?;
                    Some(t.get(..crate::fiche::split(&t).ok()?.1)?.to_string())
                });
                prop_assert_eq!(Some(plain), decoded);
            }
        }

        /// Any state reads back as it was; a cut copy reads as none; a damaged copy
        /// reads as none or as some state that reads back as itself: never a panic.
        #[test]
        fn states_read_back_and_damage_is_no_state(
            files in proptest::collection::vec((proptest::collection::vec(any::<u8>(), 0..12), any::<u64>()), 0..6),
            fronts in proptest::collection::vec((proptest::collection::vec(any::<u8>(), 0..12), "\\PC{0,20}"), 0..6),
            data in proptest::option::of((any::<[u64; 4]>(), proptest::collection::vec(("\\PC{0,12}", any::<[u64; 4]>()), 0..6))),
            bodies in proptest::collection::vec((proptest::collection::vec(any::<u8>(), 0..12), proptest::collection::vec("(\\PC|[\u{a0}\u{1f600}\u{202e}\n])*", 0..4)), 0..6),
            cut in any::<usize>(),
            flip in any::<(usize, u8)>(),
        ) {
            let data = data.map(|(id, e)| {
                let entry = |(slug, [at, len, from, n]): (String, [u64; 4])| crate::export::Entry { slug, at, len, body: (from, n) };
                (id, e.into_iter().map(entry).collect())
            });
            let s = state(files, fronts, data, bodies);
            let bytes = s.encode();
            prop_assert_eq!(State::decode(&bytes), Some(s));
            let cut = cut % bytes.len();
            prop_assert_eq!(State::decode(&bytes[..cut]), None);
            let mut damaged = bytes.clone();
            let at = flip.0 % damaged.len();
            damaged[at] ^= flip.1.max(1);
            if let Some(read) = State::decode(&damaged) {
                prop_assert_eq!(State::decode(&read.encode()), Some(read));
            }
        }
    }

    /// Every cut of a state reads as none, and every one-bit flip as none or as a
    /// state that reads back as itself.
    #[test]
    fn every_cut_and_every_flipped_bit_of_a_state_is_told() {
        let s = state(
            vec![(b"content/a.md".to_vec(), 1), (b"fiches.toml".to_vec(), 2)],
            vec![(
                b"content/a.md".to_vec(),
                "+++\ntitle = \"À\u{a0}:\"\n+++\n".into(),
            )],
            Some((
                [1, 2, 3, 4],
                vec![crate::export::Entry {
                    slug: "a".into(),
                    at: 10,
                    len: 20,
                    body: (3, 4),
                }],
            )),
            vec![(
                b"content/a.md".to_vec(),
                vec!["Contexte".into(), "𐍈 שלום".into()],
            )],
        );
        let bytes = s.encode();
        for cut in 0..bytes.len() {
            assert_eq!(State::decode(&bytes[..cut]), None, "cut at {cut}");
        }
        for at in 0..bytes.len() {
            for bit in 0..8 {
                let mut d = bytes.clone();
                d[at] ^= 1 << bit;
                if let Some(read) = State::decode(&d) {
                    assert_eq!(State::decode(&read.encode()), Some(read), "{at}.{bit}");
                }
            }
        }
    }

    #[test]
    fn a_huge_length_is_refused_without_allocating_it() {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&7u64.to_le_bytes());
        bytes.extend_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(State::decode(&bytes), None);
        assert_eq!(State::decode(b"fiches-state 1\n"), None);
        assert_eq!(State::decode(b""), None);
    }
}
