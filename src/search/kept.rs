//! The words of each fiche as the last build read them, kept beside its output, so
//! that the next build reads again only the fiches whose texts changed: folding,
//! stemming and counting every fiche's words was half the CPU of a build after one
//! edit. Each record is found by [`super::record::words_key`] (what reading a fiche
//! reads), the whole file by the build's key (this version, its options,
//! `fiches.toml`). Word numbers are those of the dictionary written with the
//! records, which the next build starts from, so that a record is copied as it is.
//! Read back with every length checked and the whole file's checksum compared: a
//! damaged, truncated or foreign file is no records (every fiche read), never a
//! panic.

use crate::packed::{Lengths, Reader};
use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

use super::record::{Count, Doc, FIELDS, NO_OFFSET};
use super::words::Dict;

/// Its number grows when reading a fiche gives other words or places (2: passages
/// and words without footnote numbers), so that no record of an older reading is kept.
const MAGIC: &[u8] = b"fiches-search-records 2\n";

/// The places of each word of a fiche, in the order of its words, as the index of a
/// build writes them for its phrases: how many, then the first and the gaps to the
/// next ([`super::files::push_number`]'s digits).
#[derive(Debug, Default, PartialEq)]
pub struct Places {
    pub text: String,
    /// Where each word's places end in `text`.
    pub ends: Vec<u32>,
}

impl Places {
    /// The places of `words` given by `positions` (sorted by stem).
    pub fn of(words: &[(u32, Count)], positions: &[(u32, u16)]) -> Places {
        let mut out = Places {
            text: String::with_capacity(positions.len() * 2),
            ends: Vec::with_capacity(words.len()),
        };
        for &(sid, _) in words {
            let from = positions.partition_point(|&(s, _)| s < sid);
            let mine = &positions[from..];
            let mine = &mine[..mine.partition_point(|&(s, _)| s == sid)];
            super::files::push_number(&mut out.text, mine.len() as u32);
            let mut last = 0;
            for &(_, place) in mine {
                super::files::push_number(&mut out.text, u32::from(place - last));
                last = place;
            }
            out.ends
                .push(u32::try_from(out.text.len()).unwrap_or(u32::MAX));
        }
        out
    }

    /// The places of word `i`.
    pub fn get(&self, i: usize) -> &str {
        let start = match i.checked_sub(1) {
            Some(j) => self.ends.get(j).map_or(0, |&e| e as usize),
            None => 0,
        };
        let end = self.ends.get(i).map_or(start, |&e| e as usize);
        self.text.get(start..end).unwrap_or("")
    }
}

/// The records a previous build kept, read from its file.
pub struct Kept<'a> {
    /// Its dictionary: word number → word.
    table: Vec<&'a str>,
    /// Each record's bytes (its key first), by key.
    records: FxHashMap<u64, &'a [u8]>,
}

impl<'a> Kept<'a> {
    /// The records `bytes` hold, when written under the same build `key`.
    pub fn read(bytes: &'a [u8], key: u64) -> Option<Kept<'a>> {
        let mut r = Reader::new(bytes.strip_prefix(MAGIC)?, Lengths::Varint);
        if r.u64()? != key || r.u64()? != checksum(r.rest) {
            return None;
        }
        let count = usize::try_from(r.u64()?).ok()?;
        let len = usize::try_from(r.u64()?).ok()?;
        let mut records = Reader::new(r.take(len)?, Lengths::Varint);
        let n = r.length()?;
        let mut table = Vec::with_capacity(n.min(r.rest.len()));
        for _ in 0..n {
            table.push(std::str::from_utf8(r.bytes()?).ok()?);
        }
        let mut by_key = FxHashMap::default();
        by_key.reserve(count.min(records.rest.len() / 8));
        for _ in 0..count {
            let record = records.bytes()?;
            let key = u64::from_le_bytes(record.get(..8)?.try_into().ok()?);
            by_key.insert(key, record);
        }
        (r.rest.is_empty() && records.rest.is_empty()).then_some(Kept {
            table,
            records: by_key,
        })
    }

    /// The dictionary the records number their words in, which the build's must
    /// start from. `None` when a word is there twice (no file this writes).
    pub fn dict(&self) -> Option<Dict> {
        Dict::of(self.table.iter().map(|s| Box::<str>::from(*s)))
    }

    /// The record of key `key`: its bytes as kept, and what they say. `None` when
    /// there is none, or it does not read.
    pub fn words(&self, key: u64) -> Option<(&'a [u8], Words)> {
        let bytes = *self.records.get(&key)?;
        let words = self.table.len();
        let mut r = Reader::new(bytes.get(8..)?, Lengths::Varint);
        let mut lens = [0; FIELDS];
        for len in &mut lens {
            *len = u32::try_from(r.varint()?).ok()?;
        }
        let word = |r: &mut Reader| -> Option<u32> {
            let sid = u32::try_from(r.varint()?).ok()?;
            ((sid as usize) < words).then_some(sid)
        };
        let n = r.length()?;
        let mut counts = Vec::with_capacity(n.min(r.rest.len()));
        let mut places = Places::default();
        places.ends.reserve(n.min(r.rest.len()));
        for _ in 0..n {
            let sid = word(&mut r)?;
            let tf: [u8; FIELDS] = r.take(FIELDS)?.try_into().ok()?;
            let offset = match r.varint()? {
                0 => NO_OFFSET,
                n => u32::try_from(n - 1).ok()?,
            };
            counts.push((sid, Count { tf, offset }));
            // The digits of `push_number`, which are ASCII.
            places.text.push_str(std::str::from_utf8(r.bytes()?).ok()?);
            places.ends.push(u32::try_from(places.text.len()).ok()?);
        }
        let n = r.length()?;
        let mut surfaces = Vec::with_capacity(n.min(r.rest.len()));
        for _ in 0..n {
            surfaces.push((word(&mut r)?, word(&mut r)?));
        }
        let read = Words {
            lens,
            words: counts,
            surfaces,
            places,
        };
        r.rest.is_empty().then_some((bytes, read))
    }
}

/// What a record says: a document's words, without what a result shows.
pub struct Words {
    lens: [u32; FIELDS],
    words: Vec<(u32, Count)>,
    surfaces: Vec<(u32, u32)>,
    places: Places,
}

impl Words {
    /// The document of these words, showing `card`, filtered by `filters`.
    pub fn doc(self, card: super::record::Card, filters: Vec<(String, String)>) -> Doc {
        Doc {
            card,
            lens: self.lens,
            words: self.words,
            surfaces: self.surfaces,
            filters,
            positions: Vec::new(),
            places: Some(self.places),
        }
    }
}

/// The record of a document read anew under `key`, its places in `places` (the
/// positions of `doc` are not read).
pub fn record(key: u64, doc: &Doc, places: &Places) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + doc.words.len() * 12 + places.text.len());
    out.extend_from_slice(&key.to_le_bytes());
    for &len in &doc.lens {
        put_varint(&mut out, u64::from(len));
    }
    put_varint(&mut out, doc.words.len() as u64);
    for (i, (sid, count)) in doc.words.iter().enumerate() {
        put_varint(&mut out, u64::from(*sid));
        out.extend_from_slice(&count.tf);
        let offset = match count.offset {
            NO_OFFSET => 0,
            n => u64::from(n) + 1,
        };
        put_varint(&mut out, offset);
        put_bytes(&mut out, places.get(i).as_bytes());
    }
    put_varint(&mut out, doc.surfaces.len() as u64);
    for &(surface, stem) in &doc.surfaces {
        put_varint(&mut out, u64::from(surface));
        put_varint(&mut out, u64::from(stem));
    }
    out
}

/// The records of a build, as it reads its fiches, in the file they become: each
/// as [`record`] made it or as kept, then the build's dictionary (written in
/// place, as the file weighs tens of megabytes).
pub struct Records {
    bytes: Vec<u8>,
    count: u64,
}

/// Where the header's numbers are: after the magic, the build's key, the checksum
/// of what follows the header, the number of records and their bytes.
const HEADER: usize = MAGIC.len() + 32;

impl Records {
    /// No records yet, to be kept under the build's `key`.
    pub fn new(key: u64) -> Records {
        let mut bytes = Vec::with_capacity(1 << 20);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&key.to_le_bytes());
        bytes.extend_from_slice(&[0; 24]);
        Records { bytes, count: 0 }
    }

    pub fn put(&mut self, record: &[u8]) {
        put_bytes(&mut self.bytes, record);
        self.count += 1;
    }

    /// The file, the words numbered in `dict`. `None` when the dictionary holds
    /// more than twice the words in use (`in_use`): words of texts gone pile up
    /// from edit to edit, and the next build then starts afresh.
    pub fn file(mut self, dict: &Dict, in_use: usize) -> Option<Vec<u8>> {
        let words = dict.words();
        if words.len() > 2 * in_use + 1024 {
            return None;
        }
        let records = (self.bytes.len() - HEADER) as u64;
        put_varint(&mut self.bytes, words.len() as u64);
        for w in words {
            put_bytes(&mut self.bytes, w.as_bytes());
        }
        let at = MAGIC.len() + 8;
        let numbers = [self.count, records];
        for (i, n) in numbers.iter().enumerate() {
            let to = self.bytes.get_mut(at + 8 + 8 * i..at + 16 + 8 * i)?;
            to.copy_from_slice(&n.to_le_bytes());
        }
        let sum = checksum(self.bytes.get(at + 8..)?);
        self.bytes
            .get_mut(at..at + 8)?
            .copy_from_slice(&sum.to_le_bytes());
        Some(self.bytes)
    }
}

/// What tells a damaged file: fast, as it reads every byte of tens of megabytes.
fn checksum(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write_usize(bytes.len());
    h.write(bytes);
    h.finish()
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Page;
    use crate::search::fixture::{config, corpus, site, text};
    use crate::search::{BATCH, build, build_keeping, record};
    use proptest::prelude::*;

    fn sorted(pages: Vec<Page>) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> =
            pages.into_iter().map(|p| (p.path, p.bytes)).collect();
        out.sort();
        out
    }

    /// The index of `fiches` built from the records `previous` (under `key`) is the
    /// one read from nothing, file by file; its own records.
    fn same_as_read_anew(
        fiches: &[(String, String)],
        key: u64,
        previous: Option<&[u8]>,
    ) -> Result<Vec<u8>, TestCaseError> {
        let (site, dates, _) = site(&config(""), fiches);
        let (pages, records) = build_keeping(&site, &dates, key, previous);
        let anew = sorted(build(&site, &dates));
        let pages = sorted(pages);
        prop_assert_eq!(pages.len(), anew.len());
        for (a, b) in pages.iter().zip(&anew) {
            prop_assert_eq!(&a.0, &b.0);
            prop_assert!(a.1 == b.1, "{} differs", a.0);
        }
        Ok(records.unwrap_or_default())
    }

    /// `fiches` with the body of every `k`-th one changed, the last one gone and
    /// one added: records of texts gone, texts with no record.
    fn edited(fiches: &[(String, String)], k: usize, words: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = fiches
            .iter()
            .enumerate()
            .map(|(i, (p, t))| {
                let t = if i % k == 0 {
                    format!("{t}\n{words} {i}\n")
                } else {
                    t.clone()
                };
                (p.clone(), t)
            })
            .collect();
        out.pop();
        out.push((
            "ajoutee.md".into(),
            text(
                "title = \"Ajoutée\"\ndate = 2022-02-02\nvariant = \"factual\"\nsummary = \"Un ajout.\"\nauthors = [\"B\"]",
                &format!("Un texte neuf : {words}."),
            ),
        ));
        out
    }

    #[test]
    fn kept_records_give_the_index_read_anew_and_stale_or_damaged_ones_too() {
        // More fiches than a batch.
        let before = corpus(BATCH + 8, 24, 11);
        let records = same_as_read_anew(&before, 7, None).unwrap();
        // Every fiche is found in the records by what it reads.
        let (s, _, _) = site(&config(""), &before);
        let kept = Kept::read(&records, 7).expect("the records read back");
        let filters = record::all_filters(&s);
        for (f, filters) in s.fiches.iter().zip(&filters) {
            assert!(
                kept.words(record::words_key(f, filters)).is_some(),
                "{}",
                f.slug
            );
        }
        // Read from their own records: the same index and the same records.
        assert_eq!(
            same_as_read_anew(&before, 7, Some(&records)).unwrap(),
            records
        );
        let after = edited(&before, 9, "potager ﬁnal 𐍈 שלום");
        same_as_read_anew(&after, 7, Some(&records)).unwrap();
        // Cut, damaged, of another build, or anything: none is read.
        let mut flipped = records.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x20;
        let cases = [
            records[..records.len() / 2].to_vec(),
            records[..MAGIC.len() + 4].to_vec(),
            flipped,
            Vec::new(),
            b"fiches-search-records 2\nn'importe quoi".to_vec(),
        ];
        for (k, bytes) in cases.iter().enumerate() {
            assert!(Kept::read(bytes, 7).is_none(), "case {k}");
            same_as_read_anew(&after, 7, Some(bytes)).unwrap();
        }
        assert!(Kept::read(&records, 8).is_none(), "another build's key");
    }

    /// A file of this build's key whose checksum is right but whose numbers are
    /// huge (forged, or damaged before the checksum was written): read as none,
    /// without allocating what the numbers say.
    #[test]
    fn huge_numbers_under_a_right_checksum_are_no_records() {
        let forge = |rest: Vec<u8>| {
            let mut bytes = MAGIC.to_vec();
            bytes.extend_from_slice(&7u64.to_le_bytes());
            bytes.extend_from_slice(&checksum(&rest).to_le_bytes());
            bytes.extend_from_slice(&rest);
            bytes
        };
        let huge = 1u64 << 60;
        let mut varint = Vec::new();
        put_varint(&mut varint, huge);
        let cases = [
            // 2^60 records in no bytes.
            [huge.to_le_bytes(), 0u64.to_le_bytes()].concat(),
            // Records' bytes past the end.
            [0u64.to_le_bytes(), huge.to_le_bytes()].concat(),
            // A dictionary of 2^60 words.
            [&0u64.to_le_bytes()[..], &0u64.to_le_bytes(), &varint].concat(),
            // usize::MAX records of one byte each.
            [u64::MAX.to_le_bytes(), 1u64.to_le_bytes(), [0; 8]].concat(),
        ];
        for (k, rest) in cases.into_iter().enumerate() {
            assert!(Kept::read(&forge(rest), 7).is_none(), "case {k}");
        }
        // A record of 2^60 words, in a file that reads: that record alone is none.
        let mut record = 9u64.to_le_bytes().to_vec();
        record.extend(std::iter::repeat_n(0, FIELDS));
        record.extend_from_slice(&varint);
        let mut rest = 1u64.to_le_bytes().to_vec();
        let mut records = Vec::new();
        put_bytes(&mut records, &record);
        rest.extend_from_slice(&(records.len() as u64).to_le_bytes());
        rest.extend_from_slice(&records);
        rest.push(0);
        let file = forge(rest);
        let kept = Kept::read(&file, 7).expect("the file reads");
        assert!(kept.words(9).is_none());
    }

    #[test]
    fn a_dictionary_of_words_gone_is_not_kept_for_ever() {
        let words = |n: usize| (0..n).map(|i| format!("w{i}").into_boxed_str());
        let dict = Dict::of(words(3000)).unwrap();
        assert!(Records::new(1).file(&dict, 100).is_none());
        assert!(Records::new(1).file(&dict, 2000).is_some());
        assert!(Dict::of(["a", "b", "a"].map(Box::<str>::from).into_iter()).is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(16) })]

        /// Whatever the texts before and after (any Unicode, no-break spaces,
        /// astral letters, RTL, control characters), and wherever the records
        /// are damaged, the index is the one read anew; never a panic.
        #[test]
        fn any_texts_and_any_damage_give_the_index_read_anew(
            bodies in proptest::collection::vec(crate::cut::hostile::text(30), 1..6),
            words in crate::cut::hostile::text(8),
            flip in proptest::option::of((any::<usize>(), 1..=255u8)),
            cut in proptest::option::of(any::<usize>()),
        ) {
            let clean = |s: &str| s.replace(['\\', '`', '*', '_', '<', '[', '#', '+', '-', '|', '>', '!', '~', '=', '"'], " ");
            let fiches: Vec<(String, String)> = bodies
                .iter()
                .enumerate()
                .map(|(i, b)| (format!("f{i}.md"), text(
                    &format!("title = \"Fiche {i} jardin\"\ndate = 2021-01-0{}\nvariant = \"factual\"\nsummary = \"Un jardin.\"\nauthors = [\"A\"]", 1 + i % 9),
                    &clean(b),
                )))
                .collect();
            let mut records = same_as_read_anew(&fiches, 3, None)?;
            if let Some((at, x)) = flip {
                let at = at % records.len();
                records[at] ^= x;
            }
            if let Some(n) = cut {
                records.truncate(n % (records.len() + 1));
            }
            same_as_read_anew(&edited(&fiches, 2, &clean(&words)), 3, Some(&records))?;
        }
    }
}
