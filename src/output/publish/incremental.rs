//! What an incremental build adds to publishing: the files it did not render carried
//! over from the published site, where their record says they are as the last build
//! left them, and the build's state kept beside the output, tied to the tree it
//! describes as the manifest is.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::super::identity;
use super::super::place::{self, Done};
use super::{Failure, Stage};

impl Stage {
    /// Makes each of `rels` in the new site the published file at that path, as it
    /// is: kept where the staging tree already shares it, else linked to it. Returns
    /// `false`, having changed nothing that matters, when one of them is missing or
    /// differs from what the manifest says the last build left (edited by hand):
    /// the caller then renders everything.
    pub(in super::super) fn carry(&mut self, rels: &[&str]) -> Result<bool, Failure> {
        let Some(old) = self.old.clone() else {
            return Ok(rels.is_empty());
        };
        let (dir, had, known) = (&self.dir, &self.had, &self.known);
        let done: Vec<Option<(&str, Done, super::Record)>> = rels
            .par_iter()
            .map(|&rel| {
                let Some(record) = known.get(rel) else {
                    return Ok(None);
                };
                let current = old.join(rel);
                match std::fs::symlink_metadata(&current) {
                    Ok(m) if m.is_file() && record.matches(&m) => {}
                    _ => return Ok(None),
                }
                let entry = had.get(rel).copied();
                if entry.is_some_and(|e| !e.dir && e.ino == record.ino) {
                    return Ok(Some((rel, Done::Kept, *record)));
                }
                let path = dir.join(rel);
                place::clear(&path, entry).map_err(Failure::at(&path))?;
                let linked = place::in_folder(dir, &path, || std::fs::hard_link(&current, &path));
                Ok(linked.ok().map(|()| (rel, Done::Linked, *record)))
            })
            .collect::<Result<_, Failure>>()?;
        if done.iter().any(Option::is_none) {
            return Ok(false);
        }
        for (rel, d, record) in done.into_iter().flatten() {
            self.placed(rel, d, record);
        }
        crate::testpoint::reach("publish:carried");
        Ok(true)
    }

    /// Writes `state` beside the output, its first line naming the tree `ino` it
    /// describes (the new site's): a build killed before the exchange leaves a state
    /// that names another tree, which no build reads. These files are a help to the
    /// next build, not part of the site: one that cannot be put in place (a folder of
    /// the user's at its name) is no file, said in [`Stage::unkept`], and the site is
    /// published all the same.
    pub(super) fn write_state(&mut self, ino: u64) {
        let path = state_path(&self.parent, &self.name, SEARCH);
        let put = match self.search.take() {
            Some(tmp) => std::fs::rename(&tmp, &path).map_err(|e| Some(Failure::at(&path)(e))),
            // Another tree's records are no records; none at all is clearer.
            None => Err(None),
        };
        if let Err(failure) = put {
            self.forget(&path, failure);
        }
        let Some(bytes) = &self.state else {
            return;
        };
        let path = state_path(&self.parent, &self.name, STATE);
        let tmp = tmp_path(&path);
        let put = write_beside(&tmp, ino, bytes)
            .and_then(|()| std::fs::rename(&tmp, &path).map_err(Failure::at(&path)));
        if let Err(failure) = put {
            let _ = std::fs::remove_file(&tmp);
            self.forget(&path, Some(failure));
        }
    }

    /// Removes the kept file at `path`, if it is one, so that no older one is read;
    /// keeps the `failure` that left it out, the first one, to be said.
    fn forget(&mut self, path: &Path, failure: Option<Failure>) {
        // A folder there is never read as a kept file: left as it is.
        let _ = std::fs::remove_file(path);
        if let Some(f) = failure {
            self.unkept.get_or_insert(f);
        }
    }

    /// Keeps the search index's records written into `records` for the next build
    /// when they are `whole`, tied to this tree; [`Stage::write_state`] puts them in
    /// place. Else the last build's are removed then (and the file that could not
    /// be made is said).
    pub(in super::super) fn keep_search(
        &mut self,
        records: Option<RecordsFile>,
        whole: bool,
    ) -> Result<(), Failure> {
        self.search = None;
        let Some(mut records) = records else {
            return Ok(());
        };
        if let Some(failure) = records.failure.take() {
            self.forget(&records.path, Some(failure));
            return Ok(());
        }
        if !whole {
            return Ok(());
        }
        // Its writer closed: what the index wrote is on its way to the disk.
        records.writer = None;
        let ino = identity::ino(&std::fs::metadata(&self.dir).map_err(Failure::at(&self.dir))?);
        let path = records.path.clone();
        // The first line, of the same length as the one written in its place.
        let tie = || -> std::io::Result<()> {
            let mut f = std::fs::OpenOptions::new().write(true).open(&path)?;
            f.write_all(format!("{HEADER} {ino:020}\n").as_bytes())
        };
        match tie() {
            Ok(()) => {
                records.kept = true;
                self.search = Some(path);
            }
            Err(e) => self.forget(&path, Some(Failure::at(&path)(e))),
        }
        Ok(())
    }
}

/// The file a build writes the search index's records into as it reads its fiches
/// (they weigh tens of megabytes: never all in memory), beside the output; removed
/// unless [`Stage::keep_search`] keeps it.
pub struct RecordsFile {
    path: PathBuf,
    writer: Option<Box<dyn Write + Send>>,
    /// Why it could not be made (a folder of the user's at its name).
    failure: Option<Failure>,
    kept: bool,
}

impl RecordsFile {
    /// Where to write the records, once; `None` when the file could not be made
    /// (the records are a help: the build goes on without).
    pub fn writer(&mut self) -> Option<Box<dyn Write + Send>> {
        self.writer.take()
    }
}

impl Drop for RecordsFile {
    fn drop(&mut self) {
        self.writer = None;
        if !self.kept && self.failure.is_none() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// A new file for the search index's records beside the output `out` (absolute,
/// links resolved), at the `.tmp` of their name: the build holds the output's lock;
/// its first line names no tree until [`Stage::keep_search`] ties it to the new
/// site's.
pub(in super::super) fn records_file(out: &Path) -> Option<RecordsFile> {
    let (parent, name) = (out.parent()?, out.file_name()?.to_string_lossy());
    let path = tmp_path(&state_path(parent, &name, SEARCH));
    let open = || -> std::io::Result<Box<dyn Write + Send>> {
        std::fs::create_dir_all(parent)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, place::create_anew(&path)?);
        writeln!(w, "{HEADER} {:020}", 0)?;
        Ok(Box::new(w))
    };
    let (writer, failure) = match open() {
        Ok(w) => (Some(w), None),
        Err(e) => (None, Some(Failure::at(&path)(e))),
    };
    Some(RecordsFile {
        path,
        writer,
        failure,
        kept: false,
    })
}

fn tmp_path(path: &Path) -> PathBuf {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    PathBuf::from(tmp)
}

/// Writes `bytes` at `path` after a first line naming the tree `ino`.
fn write_beside(path: &Path, ino: u64, bytes: &[u8]) -> Result<(), Failure> {
    let write = || -> std::io::Result<()> {
        let mut f = place::create_anew(path)?;
        writeln!(f, "{HEADER} {ino}")?;
        f.write_all(bytes)
    };
    write().map_err(Failure::at(path))
}

const HEADER: &str = "fiches-state-tree";
/// The build's state, and the search index's records of the fiches' words.
pub(in super::super) const STATE: &str = "fiches-state";
pub(in super::super) const SEARCH: &str = "fiches-search";

/// The file `what` ([`STATE`]) kept beside the output `out` (absolute, links
/// resolved), if it describes the site published there, past its first line.
pub(in super::super) fn read_state(out: &Path, what: &str) -> Option<Vec<u8>> {
    use std::io::Seek;
    let (mut file, start) = open_state(out, what)?;
    file.seek(std::io::SeekFrom::Start(start)).ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The file `what` kept beside the output `out` (absolute, links resolved), if it
/// describes the site published there, opened, and where its first line ends.
pub(in super::super) fn open_state(out: &Path, what: &str) -> Option<(std::fs::File, u64)> {
    let parent = out.parent()?;
    let name = out.file_name()?.to_string_lossy();
    let ino = identity::ino(&std::fs::metadata(out).ok()?);
    let file = place::open_regular(&state_path(parent, &name, what)).ok()?;
    // The first line first, and no further than a line can be: a file of another
    // tree (or anything else at that name, however large) is not read further.
    let mut head = Vec::with_capacity(64);
    (&file).take(64).read_to_end(&mut head).ok()?;
    let line = head.iter().position(|&b| b == b'\n')?;
    // The tree's number, written with leading zeros in the search records' file.
    let tree = std::str::from_utf8(&head[..line]).ok()?;
    let tree = tree.strip_prefix(HEADER)?.strip_prefix(' ')?;
    let same = tree.bytes().all(|b| b.is_ascii_digit()) && tree.parse::<u64>().ok()? == ino;
    same.then_some((file, line as u64 + 1))
}

fn state_path(parent: &Path, name: &str, what: &str) -> PathBuf {
    parent.join(format!(".{name}.{what}"))
}
