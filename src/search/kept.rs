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

use crate::packed::{Lengths, Pieces, Reader, Scan};
use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

use super::record::{Count, Doc, FIELDS, NO_OFFSET};
use super::words::Dict;

/// Its number grows when reading a fiche gives other words or places (2: passages
/// and words without footnote numbers), or the file is laid out otherwise (3: written
/// as the fiches are read, its numbers in a trailer), so that no older file is read.
const MAGIC: &[u8] = b"fiches-search-records 3\n";

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

/// The records a previous build kept, found in their file, read one by one when
/// asked for: the file is never all in memory.
pub struct Kept<'a> {
    file: &'a dyn Pieces,
    /// Its dictionary: word number → word.
    table: Vec<Box<str>>,
    /// Where each record lies (its key first), its length and checksum, by key.
    records: FxHashMap<u64, (u64, u32, u64)>,
}

impl<'a> Kept<'a> {
    /// The records `file` holds, when written under the same build `key`: read
    /// once from end to end, a window at a time, to find each and check the whole.
    pub fn read(file: &'a dyn Pieces, key: u64) -> Option<Kept<'a>> {
        let size = file.size();
        let head = file.read_at(0, MAGIC.len() + 8)?;
        let mut r = Reader::new(head.strip_prefix(MAGIC)?, Lengths::Fixed);
        let trailer = file.read_at(size.checked_sub(TRAILER as u64)?, TRAILER)?;
        let mut t = Reader::new(&trailer, Lengths::Fixed);
        let (count, len, sum) = (t.u64()?, t.u64()?, t.u64()?);
        if r.u64()? != key {
            return None;
        }
        let from = head.len() as u64;
        let dict_at = from.checked_add(len)?;
        let dict_end = size - TRAILER as u64;
        if dict_at > dict_end {
            return None;
        }
        let mut check = FxHasher::default();
        let mut records = FxHashMap::default();
        // A record takes at least its length and key: no more than the bytes say.
        records.reserve(usize::try_from(count.min(len / 9)).ok()?);
        let mut scan = Scan::new(file, from, dict_at);
        for _ in 0..count {
            let (at, record) = scan.bytes()?;
            feed(&mut check, record);
            let key = u64::from_le_bytes(record.get(..8)?.try_into().ok()?);
            let len = u32::try_from(record.len()).ok()?;
            records.insert(key, (at, len, sum_of(record)));
        }
        if !scan.done() {
            return None;
        }
        let mut scan = Scan::new(file, dict_at, dict_end);
        let n = usize::try_from(scan.varint()?).ok()?;
        // Grown as words are read: a damaged number allocates nothing.
        let mut table = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            let (_, word) = scan.bytes()?;
            feed(&mut check, word);
            table.push(Box::from(std::str::from_utf8(word).ok()?));
        }
        check.write_u64(count);
        check.write_u64(len);
        (scan.done() && check.finish() == sum).then_some(Kept {
            file,
            table,
            records,
        })
    }

    /// The records `file` holds under `key`, their dictionary put in `dict`, which
    /// the build's must start from.
    pub fn previous(file: Option<&'a dyn Pieces>, key: u64, dict: &mut Dict) -> Option<Kept<'a>> {
        let kept = Kept::read(file?, key)?;
        *dict = kept.dict()?;
        Some(kept)
    }

    /// The dictionary the records number their words in, which the build's must
    /// start from. `None` when a word is there twice (no file this writes).
    pub fn dict(&self) -> Option<Dict> {
        Dict::of(self.table.iter().cloned())
    }

    /// The record of key `key`: its bytes as kept, and what they say. `None` when
    /// there is none, or it does not read.
    pub fn words(&self, key: u64) -> Option<(Vec<u8>, Words)> {
        let &(at, len, sum) = self.records.get(&key)?;
        let bytes = self.file.read_at(at, len as usize)?;
        // The bytes checked when the file was read, not others put there since.
        if sum_of(&bytes) != sum {
            return None;
        }
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

/// The records of a build, written into their file as the build reads its fiches
/// (never all in memory: they weigh tens of megabytes): each as [`record`] made it
/// or as kept, then the build's dictionary, then the trailer (how many records, their
/// bytes, the checksum of all), which only the end knows.
pub struct Records<'w> {
    out: &'w mut dyn std::io::Write,
    sum: FxHasher,
    count: u64,
    len: u64,
    /// A write failed: the file is not kept.
    failed: bool,
}

impl<'w> Records<'w> {
    /// No records yet, to be kept under the build's `key`, written into `out`.
    pub fn new(key: u64, out: &'w mut dyn std::io::Write) -> Records<'w> {
        let mut r = Records {
            out,
            sum: FxHasher::default(),
            count: 0,
            len: 0,
            failed: false,
        };
        r.write(MAGIC);
        r.write(&key.to_le_bytes());
        r
    }

    fn write(&mut self, bytes: &[u8]) {
        self.failed = self.failed || self.out.write_all(bytes).is_err();
    }

    /// One more record, after its length.
    pub fn put(&mut self, record: &[u8]) {
        let mut len = Vec::with_capacity(10);
        put_varint(&mut len, record.len() as u64);
        self.write(&len);
        self.write(record);
        feed(&mut self.sum, record);
        self.count += 1;
        self.len += (len.len() + record.len()) as u64;
    }

    /// Ends the file with the dictionary the words are numbered in, `dict`. `false`
    /// when it is not to be kept: a write failed, or the dictionary holds more than
    /// twice the words in use (`in_use`): words of texts gone pile up from edit to
    /// edit, and the next build then starts afresh.
    pub fn finish(mut self, dict: &Dict, in_use: usize) -> bool {
        let words = dict.words();
        if words.len() > 2 * in_use + 1024 {
            return false;
        }
        let mut tail = Vec::with_capacity(1 << 16);
        put_varint(&mut tail, words.len() as u64);
        for w in words {
            put_bytes(&mut tail, w.as_bytes());
            feed(&mut self.sum, w.as_bytes());
            if tail.len() >= 1 << 16 {
                self.write(&tail);
                tail.clear();
            }
        }
        self.sum.write_u64(self.count);
        self.sum.write_u64(self.len);
        for n in [self.count, self.len, self.sum.finish()] {
            tail.extend_from_slice(&n.to_le_bytes());
        }
        self.write(&tail);
        self.failed = self.failed || self.out.flush().is_err();
        !self.failed
    }
}

/// The trailer: the number of records, their bytes, the checksum.
const TRAILER: usize = 24;

/// The checksum of one record.
fn sum_of(record: &[u8]) -> u64 {
    let mut sum = FxHasher::default();
    feed(&mut sum, record);
    sum.finish()
}

/// Adds one record or word to the checksum: fed piece by piece, as the file is
/// written and read, it tells a damaged file (fast: tens of megabytes).
fn feed(sum: &mut FxHasher, bytes: &[u8]) {
    sum.write_usize(bytes.len());
    sum.write(bytes);
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
        previous: Option<&Vec<u8>>,
    ) -> Result<Vec<u8>, TestCaseError> {
        let previous = previous.map(|p| p as &dyn Pieces);
        let (site, dates, _) = site(&config(""), fiches);
        let mut records = Vec::new();
        let (pages, kept) = build_keeping(&site, &dates, key, previous, &mut records);
        let anew = sorted(build(&site, &dates));
        let pages = sorted(pages);
        prop_assert_eq!(pages.len(), anew.len());
        for (a, b) in pages.iter().zip(&anew) {
            prop_assert_eq!(&a.0, &b.0);
            prop_assert!(a.1 == b.1, "{} differs", a.0);
        }
        Ok(if kept { records } else { Vec::new() })
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
            b"fiches-search-records 3\nn'importe quoi".to_vec(),
            [MAGIC, &[0; 40]].concat(),
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
        // The file of key 7 holding `body` (records, then the dictionary), its
        // trailer saying `count` records in `len` bytes, its checksum that of
        // `records` as a reader feeds them.
        let forge = |body: &[u8], count: u64, len: u64, records: &[&[u8]]| {
            let mut sum = FxHasher::default();
            for r in records {
                feed(&mut sum, r);
            }
            sum.write_u64(count);
            sum.write_u64(len);
            let numbers = [7, count, len, sum.finish()].map(u64::to_le_bytes);
            [
                MAGIC,
                &numbers[0],
                body,
                &numbers[1],
                &numbers[2],
                &numbers[3],
            ]
            .concat()
        };
        let huge = 1u64 << 60;
        let mut varint = Vec::new();
        put_varint(&mut varint, huge);
        let cases = [
            // 2^60 records in no bytes.
            forge(&[0], huge, 0, &[]),
            // Records' bytes past the end.
            forge(&[0], 0, huge, &[]),
            // A dictionary of 2^60 words.
            forge(&varint, 0, 0, &[]),
            // u64::MAX records of no bytes each.
            forge(&[0, 0], u64::MAX, 1, &[]),
        ];
        for (k, file) in cases.iter().enumerate() {
            assert!(Kept::read(file, 7).is_none(), "case {k}");
        }
        // A record of 2^60 words, in a file that reads: that record alone is none.
        let mut record = 9u64.to_le_bytes().to_vec();
        record.extend(std::iter::repeat_n(0, FIELDS));
        record.extend_from_slice(&varint);
        let mut body = Vec::new();
        put_bytes(&mut body, &record);
        let len = body.len() as u64;
        body.push(0);
        let file = forge(&body, 1, len, &[&record]);
        let kept = Kept::read(&file, 7).expect("the file reads");
        assert!(kept.words(9).is_none());
    }

    #[test]
    fn a_dictionary_of_words_gone_is_not_kept_for_ever() {
        let words = |n: usize| (0..n).map(|i| format!("w{i}").into_boxed_str());
        let dict = Dict::of(words(3000)).unwrap();
        assert!(!Records::new(1, &mut Vec::new()).finish(&dict, 100));
        assert!(Records::new(1, &mut Vec::new()).finish(&dict, 2000));
        assert!(Dict::of(["a", "b", "a"].map(Box::<str>::from).into_iter()).is_none());
    }

    /// A writer that takes `left` bytes, then fails.
    struct Full {
        left: usize,
    }

    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.left {
                return Err(std::io::ErrorKind::StorageFull.into());
            }
            self.left -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A file whose bytes change while a build reads it.
    struct Changing(std::sync::Mutex<Vec<u8>>);

    impl Pieces for Changing {
        fn size(&self) -> u64 {
            self.0.lock().unwrap().size()
        }
        fn read_at(&self, offset: u64, len: usize) -> Option<Vec<u8>> {
            self.0.lock().unwrap().read_at(offset, len)
        }
    }

    #[test]
    fn a_record_changed_after_the_file_was_read_is_no_record() {
        let records = same_as_read_anew(&corpus(4, 24, 5), 7, None).unwrap();
        let file = Changing(std::sync::Mutex::new(records));
        let kept = Kept::read(&file, 7).expect("the records read back");
        let (&key, &(at, len, _)) = kept.records.iter().next().unwrap();
        assert!(kept.words(key).is_some());
        file.0.lock().unwrap()[(at + u64::from(len) - 1) as usize] ^= 1;
        assert!(kept.words(key).is_none());
    }

    #[test]
    fn records_that_could_not_be_written_whole_are_not_kept() {
        let fiches = corpus(8, 24, 3);
        let (s, dates, _) = site(&config(""), &fiches);
        let mut whole = Vec::new();
        assert!(build_keeping(&s, &dates, 5, None, &mut whole).1);
        // Whatever the write that fails, the index is still made, the file not kept
        // (not at the last byte: threads number words in the order they meet them,
        // and another numbering may weigh a few bytes less).
        for left in [0, 10, whole.len() / 2, whole.len() * 3 / 4] {
            let (pages, kept) = build_keeping(&s, &dates, 5, None, &mut Full { left });
            assert!(!kept, "{left}");
            assert_eq!(sorted(pages), sorted(build(&s, &dates)));
        }
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
