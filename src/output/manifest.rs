//! What the published files hold, kept beside the output (`.public.fiches-hashes`), so
//! that a build knows a page is unchanged without reading the old file: for each file,
//! its inode, size and date as the build left them, and a fingerprint of its bytes.
//! A file whose inode, size or date differ from the record (edited by hand, replaced)
//! is read and compared as if there were no record; so is every file when the record
//! is of another tree (its first line names the folder's inode), unreadable or torn.

use super::identity;
use std::collections::HashMap;
use std::hash::Hasher;
use std::io::Write;
use std::path::Path;

/// One file as a build left it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Record {
    pub(super) ino: u64,
    pub(super) size: u64,
    pub(super) mtime: (i64, i64),
    pub(super) sum: (u64, u64),
}

impl Record {
    /// The record of a file of metadata `m` holding bytes of fingerprint `sum`.
    pub(super) fn of(m: &std::fs::Metadata, sum: (u64, u64)) -> Record {
        Record {
            ino: identity::ino(m),
            size: m.len(),
            mtime: identity::mtime(m),
            sum,
        }
    }

    /// Whether the file of metadata `m` is the one recorded, untouched since.
    pub(super) fn matches(&self, m: &std::fs::Metadata) -> bool {
        self.ino == identity::ino(m) && self.size == m.len() && self.mtime == identity::mtime(m)
    }
}

const HEADER: &str = "fiches-hashes 1";

/// A fingerprint of `bytes`: two fast 64-bit hashes over differently aligned blocks.
/// It only has to tell two versions of one file of the same size apart, by chance,
/// not against someone who writes the pages (they can publish what they like anyway).
pub(super) fn fingerprint(bytes: &[u8]) -> (u64, u64) {
    let mut a = rustc_hash::FxHasher::default();
    a.write(bytes);
    let mut b = rustc_hash::FxHasher::with_seed(0x9e37_79b9_7f4a_7c15);
    let (head, tail) = bytes.split_at(bytes.len().min(8));
    b.write(tail);
    b.write(head);
    (a.finish(), b.finish())
}

/// The records of the tree whose folder has inode `tree`, read from `path`; none when
/// the file is missing, of another tree or not ours.
pub(super) fn read(path: &Path, tree: u64) -> HashMap<String, Record> {
    let mut text = String::new();
    let read = super::place::open_regular(path).and_then(|mut f| {
        use std::io::Read;
        f.read_to_string(&mut text)
    });
    if read.is_err() {
        return HashMap::new();
    }
    let mut lines = text.lines();
    if lines.next() != Some(&format!("{HEADER} {tree}")) {
        return HashMap::new();
    }
    lines.filter_map(parse).collect()
}

fn parse(line: &str) -> Option<(String, Record)> {
    let mut it = line.splitn(7, ' ');
    let mut num = || it.next().and_then(|n| n.parse::<u64>().ok());
    let (ino, size, secs, nanos) = (num()?, num()?, num()?, num()?);
    let mut hex = || it.next().and_then(|h| u64::from_str_radix(h, 16).ok());
    let sum = (hex()?, hex()?);
    let path = it.next()?;
    let mtime = (i64::try_from(secs).ok()?, i64::try_from(nanos).ok()?);
    Some((
        path.to_string(),
        Record {
            ino,
            size,
            mtime,
            sum,
        },
    ))
}

/// Writes the records of the tree whose folder has inode `tree` to `path`, through a
/// temporary file renamed over it. A path holding a line break is left out (its file
/// is then compared by reading it).
pub(super) fn write<'a>(
    path: &Path,
    tree: u64,
    records: impl Iterator<Item = (&'a str, &'a Record)>,
) -> std::io::Result<()> {
    let mut text = format!("{HEADER} {tree}\n");
    for (p, r) in records {
        if p.contains(['\n', '\r']) || r.mtime.0 < 0 {
            continue;
        }
        use std::fmt::Write as _;
        let _ = writeln!(
            text,
            "{} {} {} {} {:x} {:x} {p}",
            r.ino, r.size, r.mtime.0, r.mtime.1, r.sum.0, r.sum.1
        );
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let mut f = super::place::create_anew(Path::new(&tmp))?;
    f.write_all(text.as_bytes())?;
    drop(f);
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_odd_names_are_left_out() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(".public.fiches-hashes");
        let r = |n: u64| Record {
            ino: n,
            size: 10 * n,
            mtime: (1_700_000_000, 123_456_789),
            sum: fingerprint(format!("page {n}").as_bytes()),
        };
        let written = [
            ("index.html", r(1)),
            ("static/Été à Sète 🌞 ﬁ.pdf", r(2)),
            ("a\n1 2 3 4 5 6 index.html", r(3)),
            ("b\rc", r(4)),
        ];
        write(&path, 77, written.iter().map(|(p, r)| (*p, r))).unwrap();
        let read_back = read(&path, 77);
        assert_eq!(read_back.len(), 2);
        assert_eq!(read_back.get("index.html"), Some(&r(1)));
        assert_eq!(read_back.get("static/Été à Sète 🌞 ﬁ.pdf"), Some(&r(2)));
        assert!(read(&path, 78).is_empty(), "the records of another tree");
    }

    #[test]
    fn fingerprints_tell_versions_of_a_page_apart() {
        let a = b"<p>Une fiche, version un.</p>".repeat(40);
        let mut b = a.clone();
        b[500] ^= 1;
        assert_ne!(fingerprint(&a), fingerprint(&b));
        assert_ne!(fingerprint(b""), fingerprint(b"\0"));
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
    }
}
