//! Publishing a site as a whole. The new site is written into a hidden tree beside
//! the output: the site the build before last published, kept after it was swapped out
//! (`.public.fiches-stage`), claimed by renaming it to a name of the build's own
//! (`.public.fiches-new-PID-N`) and brought up to date in place (see [`place`]):
//! files whose bytes are the published ones are hard links to them (same date, no
//! write), other files are written, new folders made, files and folders that are no
//! longer part of the site removed. What was written is flushed to the disk, then the
//! tree is exchanged with the output in one atomic step (`renameat2(RENAME_EXCHANGE)`
//! on Linux; renames where it is not available), and the old site is kept for the
//! next build. A build that fails or is killed leaves the output as it was and its
//! tree half updated, which the next build, trusting nothing in it but the inodes it
//! shares with the output, brings up to date like any other.

use super::identity;
use std::collections::{HashMap, HashSet};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub(super) use super::failure::Failure;
use super::manifest::{self, Record};
use super::place::{self, Done, Entry};
use super::{Asset, MARKER};

mod incremental;
mod leftovers;

pub use incremental::RecordsFile;
pub(super) use incremental::{SEARCH, STATE, open_state, read_state, records_file};
pub(super) use leftovers::clear_beside;
use leftovers::{clear_leftovers, keep};
/// Up to this many files written and folders changed, each is flushed on its own;
/// beyond, the whole file system at once (`syncfs`), which is then cheaper.
const FLUSH_ONE_BY_ONE: usize = 256;

/// The staging tree being brought up to date: pages go in as they are rendered,
/// [`Stage::finish`] adds the files to copy and the marker, then swaps it in. Dropped
/// unfinished (an error, a failed render), the output is as it was.
pub(super) struct Stage {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    /// The tree this build brings up to date (a name of its own).
    dir: PathBuf,
    /// Where the old site is kept between builds (`.public.fiches-stage`).
    kept: PathBuf,
    /// The published site, if there is one.
    old: Option<PathBuf>,
    /// The output was not a site of ours (`--force`): it is not kept after the swap.
    foreign: bool,
    /// What the staging tree held when the build began.
    had: HashMap<String, Entry>,
    /// What the published files hold, as far as the manifest knows.
    known: HashMap<String, Record>,
    /// The record of each file of the new site placed so far.
    records: Vec<(String, Record)>,
    /// Files written and folders whose entries changed: what must reach the disk.
    dirty: HashSet<PathBuf>,
    /// The build's state, kept beside the output (see [`incremental`]).
    pub(super) state: Option<Vec<u8>>,
    /// The search index's records of the fiches' words, written beside the state
    /// under a name of their own until the site is published.
    pub(super) search: Option<PathBuf>,
    /// Why a kept file (the state, the search records) was left out, if one was:
    /// the site is published all the same, and the next build does more.
    pub(super) unkept: Option<Failure>,
    done: bool,
}

impl Stage {
    /// Finds (or makes) the staging tree beside `out` (absolute, symbolic links
    /// resolved) and lists what it holds.
    pub(super) fn open(out: &Path) -> Result<Stage, Failure> {
        let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        let no_room = |path: &Path| {
            let path = path.to_path_buf();
            move |error| Failure {
                path,
                error,
                no_room: true,
                immovable: false,
            }
        };
        std::fs::create_dir_all(&parent).map_err(no_room(&parent))?;
        let kept = parent.join(format!(".{name}.fiches-stage"));
        clear_leftovers(&parent, &name, &kept);
        // The kept tree is claimed by renaming it to a name of this build's own: a
        // build running beside this one without the lock (a file system without
        // locks) cannot use it too, it makes its own.
        static STAGES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STAGES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = parent.join(format!(".{name}.fiches-new-{}-{n}", std::process::id()));
        let mut dirty = HashSet::new();
        let had = match std::fs::symlink_metadata(&kept) {
            Ok(m) if m.is_dir() && std::fs::rename(&kept, &dir).is_ok() => {
                place::list(&dir).map_err(Failure::at(&dir))?
            }
            found => {
                if found.is_ok_and(|m| !m.is_dir()) {
                    // Not a folder of ours (a link, a file): never written through.
                    std::fs::remove_file(&kept).map_err(no_room(&kept))?;
                }
                std::fs::create_dir(&dir).map_err(no_room(&dir))?;
                dirty.insert(parent.clone());
                HashMap::new()
            }
        };
        crate::testpoint::reach("publish:opened");
        let old = out.is_dir().then(|| out.to_path_buf());
        let known = match std::fs::metadata(out) {
            Ok(m) if old.is_some() => manifest::read(&hashes(&parent, &name), identity::ino(&m)),
            _ => HashMap::new(),
        };
        Ok(Stage {
            known,
            records: Vec::new(),
            foreign: old.is_some() && !out.join(MARKER).is_file(),
            old,
            out: out.to_path_buf(),
            parent,
            name,
            dir,
            kept,
            had,
            dirty,
            state: None,
            search: None,
            unkept: None,
            done: false,
        })
    }

    /// Puts `files` (path in the output, bytes) into the tree, in parallel.
    pub(super) fn put<'a, F>(&mut self, files: F) -> Result<(), Failure>
    where
        F: IntoParallelIterator<Item = (&'a str, &'a [u8])>,
    {
        self.put_with(files, |b| Ok(std::borrow::Cow::Borrowed(*b)))
    }

    /// [`Stage::put`] of files whose bytes `bytes` gets one at a time (a copied file is
    /// read when it is placed, not all of them at once).
    fn put_with<'a, T: Send + 'a, F>(
        &mut self,
        files: F,
        bytes: impl for<'b> Fn(&'b T) -> Result<std::borrow::Cow<'b, [u8]>, Failure> + Sync,
    ) -> Result<(), Failure>
    where
        F: IntoParallelIterator<Item = (&'a str, T)>,
    {
        let (dir, old, had, known) = (&self.dir, self.old.as_deref(), &self.had, &self.known);
        let done: Vec<(&str, Done, Record)> = files
            .into_par_iter()
            .map(|(rel, source)| {
                let b = bytes(&source)?;
                let d = place::place(dir, old, known.get(rel), had.get(rel).copied(), rel, &b);
                d.map(|(d, r)| (rel, d, r))
                    .map_err(Failure::at(&dir.join(rel)))
            })
            .collect::<Result<_, _>>()?;
        for (rel, d, record) in done {
            self.placed(rel, d, record);
        }
        crate::testpoint::reach("publish:placing");
        Ok(())
    }

    /// Writes the file at `rel` as `write` makes it, piece by piece (`fiches.json`),
    /// then places it as any file: unchanged, it stays the published one.
    pub(super) fn stream(
        &mut self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<Record, Failure> {
        let had = self.had.get(rel).copied();
        let (d, record) = place::place_stream(&self.dir, self.old.as_deref(), had, rel, write)
            .map_err(Failure::at(&self.dir.join(rel)))?;
        self.placed(rel, d, record);
        Ok(record)
    }

    /// Notes what placing `rel` did: what to flush, and its record.
    fn placed(&mut self, rel: &str, d: Done, record: Record) {
        let path = self.dir.join(rel);
        match d {
            Done::Kept => {}
            Done::Linked => {
                self.dirty.extend(path.parent().map(Path::to_path_buf));
            }
            Done::Written => {
                self.dirty.extend(path.parent().map(Path::to_path_buf));
                self.dirty.insert(path);
            }
        }
        self.records.push((rel.to_string(), record));
    }

    /// Copies the `assets`, writes the marker, removes what is no longer part of the
    /// site, flushes what changed and swaps the tree in. Returns why a kept file was
    /// left out, if one was.
    pub(super) fn finish(
        mut self,
        assets: &[(String, Asset)],
        marker: &str,
    ) -> Result<Option<Failure>, Failure> {
        self.put(assets.par_iter().filter_map(|(dest, asset)| match asset {
            Asset::Embedded(b) => Some((dest.as_str(), *b)),
            Asset::File(_) => None,
        }))?;
        let files = assets.iter().filter_map(|(dest, asset)| match asset {
            Asset::File(from) => Some((dest.as_str(), from.as_path())),
            Asset::Embedded(_) => None,
        });
        for (rel, d, record) in place::copy_all(&self.dir, self.old.as_deref(), &self.had, files)? {
            self.placed(rel, d, record);
        }
        self.put([(MARKER, marker.as_bytes())])?;
        self.prune()?;
        // The records of this tree, which becomes the output; read only when the
        // folder's inode says they are of the output (a build killed before the swap
        // leaves them naming the staging tree: then unused).
        if let Ok(m) = std::fs::metadata(&self.dir) {
            let records = self.records.iter().map(|(p, r)| (p.as_str(), r));
            let path = hashes(&self.parent, &self.name);
            manifest::write(&path, identity::ino(&m), records).map_err(Failure::at(&path))?;
            self.write_state(identity::ino(&m));
        }
        crate::testpoint::reach("publish:recorded");
        flush(&self.dir, &self.dirty)?;
        crate::testpoint::reach("publish:flushed");
        swap(&self.dir, &self.out, &self.parent, &self.name)?;
        crate::testpoint::reach("publish:swapped");
        self.done = true;
        if self.foreign {
            // What `--force` replaced is not ours to keep.
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            keep(&self.dir, &self.kept);
        }
        crate::testpoint::reach("publish:kept");
        Ok(self.unkept.take())
    }

    /// Removes from the tree what the new site does not have.
    fn prune(&mut self) -> Result<(), Failure> {
        let mut folders: HashSet<&str> = HashSet::new();
        let placed: HashSet<&str> = self.records.iter().map(|(p, _)| p.as_str()).collect();
        for p in &placed {
            let mut at: &str = p;
            while let Some(cut) = at.rfind('/') {
                at = &at[..cut];
                if !folders.insert(at) {
                    break;
                }
            }
        }
        let mut gone: Vec<(&String, &Entry)> = self
            .had
            .iter()
            .filter(|(p, _)| !folders.contains(p.as_str()) && !placed.contains(p.as_str()))
            .collect();
        // A folder before what it holds, which goes with it.
        gone.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut last_folder: Option<&str> = None;
        for (p, e) in gone {
            if last_folder.is_some_and(|f| p.strip_prefix(f).is_some_and(|r| r.starts_with('/'))) {
                continue;
            }
            let path = self.dir.join(p);
            let removed = if e.dir {
                last_folder = Some(p);
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            // Gone already, or under a folder that a file replaced.
            match removed {
                Err(e) if !matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                    return Err(Failure::at(&path)(e));
                }
                _ => {}
            }
            self.dirty.extend(path.parent().map(Path::to_path_buf));
            crate::testpoint::reach("publish:pruning");
        }
        Ok(())
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        // Without a published site, the staging tree is not worth keeping.
        if !self.done {
            if self.old.is_some() {
                keep(&self.dir, &self.kept);
            } else {
                let _ = std::fs::remove_dir_all(&self.dir);
            }
        }
    }
}

/// The manifest of the output `name` in `parent` (see [`manifest`]).
fn hashes(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.fiches-hashes"))
}

/// Makes sure what the build changed in the tree is on the disk before the tree
/// replaces the output: each file written and each folder changed when they are
/// few, else the whole file system at once. Nothing changed, nothing to wait for.
fn flush(stage: &Path, dirty: &HashSet<PathBuf>) -> Result<(), Failure> {
    if dirty.is_empty() {
        return Ok(());
    }
    if dirty.len() <= FLUSH_ONE_BY_ONE {
        return dirty.par_iter().try_for_each(|p| {
            std::fs::File::open(p)
                .and_then(|f| f.sync_all())
                .map_err(Failure::at(p))
        });
    }
    #[cfg(target_os = "linux")]
    {
        let dir = std::fs::File::open(stage).map_err(Failure::at(stage))?;
        rustix::fs::syncfs(&dir).map_err(|e| Failure::at(stage)(e.into()))?;
    }
    #[cfg(not(target_os = "linux"))]
    dirty.par_iter().try_for_each(|p| {
        std::fs::File::open(p)
            .and_then(|f| f.sync_all())
            .map_err(Failure::at(p))
    })?;
    #[cfg(not(target_os = "linux"))]
    let _ = stage;
    Ok(())
}

/// Puts `stage` in place of `out`; the old tree takes the place of `stage`.
fn swap(stage: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), Failure> {
    if !out.exists() {
        return std::fs::rename(stage, out).map_err(Failure::at(out));
    }
    if exchange(stage, out) {
        return Ok(());
    }
    let old = parent.join(format!(".{name}.fiches-old-{}", std::process::id()));
    std::fs::rename(out, &old).map_err(|error| Failure {
        path: out.to_path_buf(),
        error,
        no_room: false,
        immovable: true,
    })?;
    if let Err(e) = std::fs::rename(stage, out) {
        let _ = std::fs::rename(&old, out);
        return Err(Failure::at(out)(e));
    }
    if std::fs::rename(&old, stage).is_err() {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

/// Exchanges two folders in one atomic step, where the system and the file system
/// allow it.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::super::{Page, Writer, write};
    use super::*;
    use crate::lang::Lang;

    use super::super::tests::generated as site;

    fn build(out: &Path, pages: &[(&str, &str)]) {
        write(out, &site(pages), false, Lang::Fr, None).unwrap();
    }

    /// Every file under `dir` with its bytes, by path.
    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut all = Vec::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(d) = todo.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let e = e.unwrap();
                let t = e.file_type().unwrap();
                if t.is_dir() {
                    todo.push(e.path());
                } else {
                    let rel = e.path().strip_prefix(dir).unwrap().to_owned();
                    let bytes = if t.is_symlink() {
                        b"<link>".to_vec()
                    } else {
                        std::fs::read(e.path()).unwrap()
                    };
                    all.push((rel.to_string_lossy().into_owned(), bytes));
                }
            }
        }
        all.sort();
        all
    }

    /// What a build into a new, empty folder makes of `pages`.
    fn fresh(pages: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, pages);
        files(&out)
    }

    fn mtime(p: &Path) -> SystemTime {
        std::fs::metadata(p).unwrap().modified().unwrap()
    }

    const A: &[(&str, &str)] = &[
        ("index.html", "a"),
        ("fiches/un/index.html", "un"),
        ("fiches/deux/index.html", "deux"),
        ("tags/x/index.html", "x"),
    ];
    const B: &[(&str, &str)] = &[
        ("index.html", "b"),
        ("fiches/un/index.html", "un"),
        ("fiches/trois/index.html", "trois"),
        ("tags", "now a file"),
    ];

    #[test]
    fn the_old_site_is_the_next_staging_tree_and_is_brought_up_to_date() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let stage = tmp.path().join(".public.fiches-stage");
        build(&out, A);
        assert!(!stage.exists(), "a first build has no old site to keep");
        build(&out, B);
        assert_eq!(files(&stage), fresh(A), "the old site is kept whole");
        let mut before = B;
        for pages in [A, B, B, A, A, B] {
            build(&out, pages);
            assert_eq!(files(&out), fresh(pages));
            assert_eq!(files(&stage), fresh(before), "the site it replaced");
            before = pages;
        }
    }

    #[test]
    fn a_staging_tree_killed_mid_update_edited_or_missing_gives_the_same_site() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("keep"), "mine").unwrap();
        let out = tmp.path().join("public");
        let stage = tmp.path().join(".public.fiches-stage");
        build(&out, A);
        build(&out, B);
        // What a kill mid-update or a hand leaves: files half written, a file gone,
        // folders and files the site never had, links out of the tree, a link where
        // a folder of the site goes, a file where a folder goes.
        std::fs::write(stage.join("index.html"), "half").unwrap();
        std::fs::remove_file(stage.join("fiches/un/index.html")).unwrap();
        std::fs::create_dir_all(stage.join("fiches/intrus")).unwrap();
        std::fs::write(stage.join("fiches/intrus/index.html"), "?").unwrap();
        std::fs::write(stage.join("intrus.txt"), "?").unwrap();
        std::os::unix::fs::symlink(&outside, stage.join("lien")).unwrap();
        std::fs::remove_dir_all(stage.join("fiches/deux")).unwrap();
        std::fs::write(stage.join("fiches/deux"), "a file").unwrap();
        std::fs::remove_dir_all(stage.join("tags")).unwrap();
        std::os::unix::fs::symlink(&outside, stage.join("tags")).unwrap();
        let mut c: Vec<(&str, &str)> = A.to_vec();
        c.push(("tags/keep", "over a link"));
        build(&out, &c);
        assert_eq!(files(&out), fresh(&c));
        assert_eq!(files(&outside), [("keep".to_string(), b"mine".to_vec())]);
        // A staging tree that is gone, or a file in its place.
        std::fs::remove_dir_all(&stage).unwrap();
        build(&out, B);
        assert_eq!(files(&out), fresh(B));
        std::fs::remove_dir_all(&stage).unwrap();
        std::fs::write(&stage, "not a folder").unwrap();
        build(&out, A);
        assert_eq!(files(&out), fresh(A));
        assert!(stage.is_dir());
    }

    #[test]
    fn unchanged_files_keep_their_date_and_changed_ones_get_a_new_one() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let stage = tmp.path().join(".public.fiches-stage");
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        build(&out, A);
        build(&out, B);
        // Both trees' copies dated long ago: "un" is the same file in both.
        for p in ["fiches/un/index.html", "index.html"] {
            let f = std::fs::File::options()
                .write(true)
                .open(stage.join(p))
                .unwrap();
            f.set_modified(old).unwrap();
        }
        let un = mtime(&out.join("fiches/un/index.html"));
        assert_eq!(un, old, "the two trees share an unchanged file");
        // Back to A: index.html had "a" in the staging tree, dated long ago, but the
        // published one says "b": it is written again, with a new date, so that a
        // deploy tool sees it changed.
        build(&out, A);
        assert_eq!(mtime(&out.join("fiches/un/index.html")), old);
        assert!(mtime(&out.join("index.html")) > old);
    }

    #[test]
    fn a_build_that_fails_midway_never_touches_the_published_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, A);
        build(&out, A);
        build(&out, A);
        // The staging tree now shares every file with the output: new bytes must go
        // into new files, not through the shared ones.
        let before = files(&out);
        let mut w = Writer::open(&out, false, Lang::Fr).unwrap();
        let changed: Vec<Page> = A
            .iter()
            .map(|(p, b)| Page {
                path: p.to_string(),
                bytes: format!("{b}, changed").into_bytes(),
            })
            .collect();
        w.pages(&changed).unwrap();
        drop(w);
        assert_eq!(files(&out), before);
        build(&out, A);
        assert_eq!(files(&out), fresh(A));
    }

    #[test]
    fn a_published_file_edited_by_hand_is_compared_not_trusted_to_its_record() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let hashes = tmp.path().join(".public.fiches-hashes");
        build(&out, A);
        build(&out, A);
        assert!(
            std::fs::read_to_string(&hashes)
                .unwrap()
                .contains(" index.html\n")
        );
        // Same size, other bytes: the record no longer matches the file's date.
        std::fs::write(out.join("index.html"), "z").unwrap();
        std::fs::write(out.join("fiches/un/index.html"), "xx").unwrap();
        build(&out, A);
        assert_eq!(files(&out), fresh(A));
        // A manifest of another tree, or torn, is not used.
        std::fs::write(out.join("index.html"), "z").unwrap();
        let text = std::fs::read_to_string(&hashes).unwrap();
        let (_, records) = text.split_once('\n').unwrap();
        std::fs::write(&hashes, format!("fiches-hashes 1 12345\n{records}")).unwrap();
        build(&out, A);
        assert_eq!(files(&out), fresh(A));
        std::fs::write(out.join("index.html"), "z").unwrap();
        std::fs::write(&hashes, &text[..text.len() / 2]).unwrap();
        build(&out, A);
        assert_eq!(files(&out), fresh(A));
    }

    #[test]
    fn two_writers_at_once_without_the_lock_each_publish_a_whole_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, A);
        build(&out, B);
        let pages = |set: &[(&str, &str)], tag: &str| -> Vec<Page> {
            set.iter()
                .map(|(p, b)| Page {
                    path: p.to_string(),
                    bytes: format!("{b}{tag}").into_bytes(),
                })
                .collect()
        };
        let mut one = Writer::open(&out, false, Lang::Fr).unwrap();
        let mut two = Writer::open(&out, false, Lang::Fr).unwrap();
        one.pages(&pages(A, "1")).unwrap();
        two.pages(&pages(B, "2")).unwrap();
        one.finish(&[], None).unwrap();
        let after_one = files(&out);
        two.finish(&[], None).unwrap();
        let expect = |set: &[(&str, &str)], tag: &str| {
            let tmp = tempfile::tempdir().unwrap();
            let o = tmp.path().join("o");
            let mut w = Writer::open(&o, false, Lang::Fr).unwrap();
            w.pages(&pages(set, tag)).unwrap();
            w.finish(&[], None).unwrap();
            files(&o)
        };
        assert_eq!(after_one, expect(A, "1"));
        assert_eq!(files(&out), expect(B, "2"));
        build(&out, A);
        assert_eq!(files(&out), fresh(A));
        let left: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("fiches-new") || n.contains("fiches-old"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_folder_forced_over_is_not_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("precieux.txt"), "x").unwrap();
        write(&out, &site(A), true, Lang::Fr, None).unwrap();
        assert!(!tmp.path().join(".public.fiches-stage").exists());
        assert_eq!(files(&out), fresh(A));
    }
}
