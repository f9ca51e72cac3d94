//! `fiches.json`, written piece by piece into its file, each fiche's entry printed
//! apart (in parallel) or copied from the file a previous build wrote, and where
//! each entry and its body lie told to the caller (the build's state).

use serde::Serialize;
use serde_json::json;

use super::{DATA_VERSION, fiche_json};
use crate::paths::SCHEMA_FILE;
use crate::site::Site;

/// `fiches.json`: every published fiche with all its fields, its absolute address,
/// and its body as HTML and as plain text. Links inside `body_html` are relative to
/// the fiche's `url`. `serve` holds it; a build writes it with [`write_data`].
pub fn data(site: &Site) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail, and serde_json writes UTF-8.
    let _ = write_data(site, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`data`] written piece by piece into `out` (a file): at 10,000 fiches it weighs
/// 125 MB, which a build need not hold.
pub fn write_data(site: &Site, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_data_reusing(site, out, None).map(|_| ())
}

/// Where a fiche's entry lies in `fiches.json`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub slug: String,
    /// The entry's offset in the file and its length.
    pub at: u64,
    pub len: u64,
    /// Where its `body_html` string's content (escaped, without its quotes) lies,
    /// from the entry's start, and its length: what the next build reads back
    /// without reading the rest of the entry.
    pub body: (u64, u64),
}

/// Where each fiche's entry lies in `fiches.json`.
pub type Entries = Vec<Entry>;

/// The `fiches.json` a previous build wrote, whose entries a build copies for the
/// fiches that have not changed since (an entry is made of its fiche, its media and
/// the settings only).
pub trait PreviousData {
    /// The entry of `f` there, when it may be copied.
    fn entry(&self, f: &crate::fiche::Fiche) -> Option<Entry>;
    /// Writes the `len` bytes at `at` of that file into `out`.
    fn copy(&mut self, at: u64, len: u64, out: &mut dyn std::io::Write) -> std::io::Result<()>;
}

/// [`write_data`], copying from `previous` the entries of the fiches it gives, as
/// runs of bytes (consecutive entries there and here are one copy), and telling
/// where each entry lies.
pub fn write_data_reusing(
    site: &Site,
    out: &mut dyn std::io::Write,
    mut previous: Option<&mut dyn PreviousData>,
) -> std::io::Result<Entries> {
    use rayon::prelude::*;
    let cfg = &site.config;
    let base = cfg.base_url.clone().unwrap_or_default();
    // The layout serde_json's pretty printer gives the whole document, keys sorted
    // as in its maps: the fiches, printed apart, are indented to their depth.
    let mut head = b"{\n  \"$schema\": ".to_vec();
    serde_json::to_writer(&mut head, &format!("{base}{SCHEMA_FILE}"))?;
    head.extend_from_slice(b",\n  \"fiches\": [");
    out.write_all(&head)?;
    let mut runs = Runs {
        at: head.len() as u64,
        entries: Entries::with_capacity(site.fiches.len()),
        run: None,
    };
    for batch in site.fiches.chunks(DATA_BATCH) {
        let kept: Vec<Option<Entry>> = batch
            .iter()
            .map(|f| previous.as_deref().and_then(|p| p.entry(f)))
            .collect();
        let printed: Vec<Option<std::io::Result<Vec<u8>>>> = batch
            .par_iter()
            .zip(&kept)
            .map(|(f, k)| {
                k.is_none()
                    .then(|| printed_at(&fiche_json(site, f, &f.html), FICHE_INDENT))
            })
            .collect();
        for ((f, k), p) in batch.iter().zip(kept).zip(printed) {
            match (k, p) {
                (Some(k), _) => runs.keep(k, out, &mut previous)?,
                (None, Some(p)) => runs.print(&f.slug, &p?, out, &mut previous)?,
                (None, None) => {}
            }
        }
    }
    runs.flush(out, &mut previous)?;
    let entries = runs.entries;
    out.write_all(if entries.is_empty() { b"]" } else { b"\n  ]" })?;
    out.write_all(b",\n  \"generator\": \"fiches\",\n  \"site\": ")?;
    let about = json!({
        "title": cfg.title,
        "description": cfg.description,
        "url": base,
        "language": cfg.language.code(),
        "license": cfg.license,
    });
    out.write_all(&printed_at(&about, SITE_INDENT)?)?;
    writeln_version(out)?;
    Ok(entries)
}

/// The line break and indentation before each entry, a comma before all but the
/// first: the bytes between two entries, here as in the previous file.
const GAP: &[u8] = b",\n    ";

/// The entries written so far, and the run of the previous file not copied yet.
struct Runs {
    /// Where the next byte goes in the file written.
    at: u64,
    entries: Entries,
    /// The previous file's bytes from `.0` to `.1`, the last entries kept.
    run: Option<(u64, u64)>,
}

type Previous<'a> = Option<&'a mut dyn PreviousData>;

impl Runs {
    /// The gap before the next entry.
    fn gap(&self) -> &'static [u8] {
        if self.entries.is_empty() {
            &GAP[1..]
        } else {
            GAP
        }
    }

    /// An entry copied: joined to the run when it follows it there too.
    fn keep(
        &mut self,
        k: Entry,
        out: &mut dyn std::io::Write,
        previous: &mut Previous<'_>,
    ) -> std::io::Result<()> {
        let gap = self.gap().len() as u64;
        match &mut self.run {
            Some((_, end)) if !self.entries.is_empty() && *end + GAP.len() as u64 == k.at => {
                *end = k.at + k.len;
            }
            _ => {
                self.flush(out, previous)?;
                out.write_all(self.gap())?;
                self.run = Some((k.at, k.at + k.len));
            }
        }
        self.entries.push(Entry {
            at: self.at + gap,
            ..k
        });
        self.at += gap + k.len;
        Ok(())
    }

    /// An entry printed anew.
    fn print(
        &mut self,
        slug: &str,
        p: &[u8],
        out: &mut dyn std::io::Write,
        previous: &mut Previous<'_>,
    ) -> std::io::Result<()> {
        self.flush(out, previous)?;
        let gap = self.gap();
        out.write_all(gap)?;
        out.write_all(p)?;
        self.entries.push(Entry {
            slug: slug.to_string(),
            at: self.at + gap.len() as u64,
            len: p.len() as u64,
            // Never without its key; if it were, past any file: not read back.
            body: body_in(p).unwrap_or((u64::MAX, 0)),
        });
        self.at += (gap.len() + p.len()) as u64;
        Ok(())
    }

    /// Copies the run of the previous file not copied yet.
    fn flush(
        &mut self,
        out: &mut dyn std::io::Write,
        previous: &mut Previous<'_>,
    ) -> std::io::Result<()> {
        match (self.run.take(), previous.as_deref_mut()) {
            (Some((from, to)), Some(p)) => p.copy(from, to - from, out),
            _ => Ok(()),
        }
    }
}

/// Where the content of the `body_html` string lies in a printed entry: on the
/// key's line at the depth of an entry's fields (a JSON string holds no line
/// break), up to the `",` that ends that line.
fn body_in(entry: &[u8]) -> Option<(u64, u64)> {
    const KEY: &[u8] = b"\n      \"body_html\": \"";
    let from = memchr::memmem::find(entry, KEY)? + KEY.len();
    let line = memchr::memchr(b'\n', entry.get(from..)?)?;
    let to = from + line.checked_sub(2)?;
    (entry.get(to..to + 2)? == b"\",").then_some((from as u64, (to - from) as u64))
}

const DATA_BATCH: usize = 128;

/// The indentation of a fiche in `fiches.json` (in the list, in the document) and
/// of the site's object.
const FICHE_INDENT: &[u8] = b"    ";
const SITE_INDENT: &[u8] = b"  ";

/// `value` pretty-printed as it is at a depth whose lines start with `indent`: a
/// line break is never inside a JSON string (it is written `\n`), so each line
/// break of the value printed alone is one of its layout.
fn printed_at(value: &impl Serialize, indent: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Indented {
        bytes: Vec::new(),
        indent,
    };
    serde_json::to_writer_pretty(&mut out, value)?;
    Ok(out.bytes)
}

/// Bytes that take `indent` after each line break as they are written (see
/// [`printed_at`]), so that a fiche is printed into one buffer, not two.
struct Indented<'a> {
    bytes: Vec<u8>,
    indent: &'a [u8],
}

impl std::io::Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut lines = buf.split(|&b| b == b'\n');
        if let Some(first) = lines.next() {
            self.bytes.extend_from_slice(first);
        }
        for line in lines {
            self.bytes.push(b'\n');
            self.bytes.extend_from_slice(self.indent);
            self.bytes.extend_from_slice(line);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn writeln_version(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write!(out, ",\n  \"version\": {DATA_VERSION}\n}}")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::project::{Options, Project};
    use crate::sources::Sources;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { failure_persistence: None, ..proptest::prelude::ProptestConfig::with_cases(48) })]

        /// The body found in a printed entry is the one a JSON reader finds there,
        /// whatever the fiche holds: the key's line written in its body or its
        /// authors, quotes, line breaks, any Unicode.
        #[test]
        fn a_body_is_found_in_its_entry_where_a_json_reader_finds_it(
            body in crate::cut::hostile::text(24),
            author in crate::cut::hostile::text(6),
        ) {
            let key = "\n      \"body_html\": \"x\",\n";
            let author = author.replace(['\\', '"'], "").replace(|c: char| c.is_control(), "");
            let text = format!(
                "+++\ntitle = \"T\"\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = \"S\"\nauthors = [\"A{author}{}\"]\n+++\n{body}{key}\n",
                key.replace('"', "\\\"").replace('\n', "\\n")
            );
            let (pages, _) = crate::commands::render_one(
                text.as_bytes(),
                "title = \"T\"\nbase_url = \"https://e.org/\"\n",
            );
            // A fiche with an error publishes nothing: nothing to find.
            if let Some(data) = pages.iter().find(|p| p.path == crate::paths::DATA_FILE) {
                let json: serde_json::Value = serde_json::from_slice(&data.bytes).unwrap();
                let expected = json["fiches"][0]["body_html"].as_str().unwrap();
                let (from, len) = body_in(&data.bytes).unwrap();
                let quoted = &data.bytes[from as usize - 1..(from + len) as usize + 1];
                let found: String = serde_json::from_slice(quoted).unwrap();
                proptest::prop_assert_eq!(found, expected);
            }
        }
    }

    /// Entries lie where they are said to, and a document made of entries taken
    /// from an earlier one (for fiches that did not change) is the same document.
    #[test]
    fn reused_entries_give_the_same_document_and_lie_where_said() {
        let fiche = |i: usize| {
            let text = format!(
                "+++\ntitle = \"Fiche {i} « é »\"\ndate = 2024-01-0{i}\nvariant = \"factual\"\nsummary = \"S {i}\"\nauthors = [\"A\"]\ntags = [\"t\"]\n+++\nTexte\u{a0}{i} ﬁn 🌞.\n"
            );
            (PathBuf::from(format!("content/f{i}.md")), text.into_bytes())
        };
        let config = "title = \"T\"\nbase_url = \"https://e.org/\"\n";
        let sources = Sources::in_memory(config, (1..=4).map(fiche).collect());
        let p = Project::assemble(sources, &Options::default()).unwrap();
        let mut first = Vec::new();
        let entries = write_data_reusing(&p.site, &mut first, None).unwrap();
        assert_eq!(first, data(&p.site).into_bytes());
        assert_eq!(entries.len(), 4);
        for e in &entries {
            let bytes = &first[e.at as usize..(e.at + e.len) as usize];
            let entry: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            assert_eq!(entry["slug"], e.slug.as_str());
            let (from, len) = (e.body.0 as usize, e.body.1 as usize);
            let quoted = &bytes[from - 1..from + len + 1];
            let body: String = serde_json::from_slice(quoted).unwrap();
            assert_eq!(entry["body_html"], body.as_str());
            assert!(body.contains("ﬁn 🌞"), "{body}");
        }
        // Every fiche but f2 copied: the entries before it and after it, two runs.
        struct Copied<'a> {
            file: &'a [u8],
            entries: &'a Entries,
            runs: Vec<(u64, u64)>,
        }
        impl PreviousData for Copied<'_> {
            fn entry(&self, f: &crate::fiche::Fiche) -> Option<Entry> {
                let e = self.entries.iter().find(|e| e.slug == f.slug)?;
                (f.slug != "f2").then(|| e.clone())
            }
            fn copy(
                &mut self,
                at: u64,
                len: u64,
                out: &mut dyn std::io::Write,
            ) -> std::io::Result<()> {
                self.runs.push((at, len));
                out.write_all(&self.file[at as usize..(at + len) as usize])
            }
        }
        let mut copied = Copied {
            file: &first,
            entries: &entries,
            runs: Vec::new(),
        };
        let mut second = Vec::new();
        let again = write_data_reusing(&p.site, &mut second, Some(&mut copied)).unwrap();
        assert_eq!(second, first);
        assert_eq!(again, entries);
        let order: Vec<&str> = entries.iter().map(|e| e.slug.as_str()).collect();
        assert_eq!(order, ["f4", "f3", "f2", "f1"]);
        let (f4, f3, f1) = (&entries[0], &entries[1], &entries[3]);
        assert_eq!(
            copied.runs,
            [(f4.at, f3.at + f3.len - f4.at), (f1.at, f1.len)]
        );
    }
}
