//! The output folder and its only writer. Everything is validated and rendered
//! before this runs, so a build with errors never gets here. The new site is written
//! beside the output, then swapped in as a whole (see [`publish`]), under a lock: a
//! build that fails, is killed or runs beside another leaves the old site or the new
//! one, never a mix, and nothing behind.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

mod failure;
mod guard;
mod identity;
mod lock;
mod manifest;
pub mod marker;
mod place;
mod publish;

pub use guard::unsafe_output;
pub use lock::{OutputLock, lock};
pub use marker::MARKER;
pub use publish::RecordsFile;

/// A generated file: its path in the output (with `/`) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file published as it is: one of the default theme's, embedded in the binary, or
/// a file of the site (by its path on the disk), copied when the output is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Asset {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// What a build produced, ready to write or to serve.
pub struct Generated {
    pub pages: Vec<Page>,
    /// Files copied as they are, by output path, sorted.
    pub assets: Vec<(String, Asset)>,
}

/// Writes `site` into `out`. Refuses a non-empty folder that is not a previous output
/// unless `replace` (`--replace-output`). Returns the number of files the site has. `record` (see
/// [`marker::record`]) goes into the marker so that an unchanged site is not built
/// again. Unchanged files keep their date (deploy tools compare them).
pub fn write(
    out: &Path,
    site: &Generated,
    replace: bool,
    lang: Lang,
    record: Option<&str>,
) -> Result<usize, Diagnostic> {
    let mut writer = Writer::open(out, replace, lang)?;
    writer.pages(&site.pages)?;
    writer.finish(&site.assets, record).map(|(files, _)| files)
}

/// [`write`] in steps, for a build that writes its pages as they are rendered instead
/// of holding them all: [`Writer::pages`] as often as needed, then
/// [`Writer::finish`]. Dropped unfinished, nothing is published and nothing is left.
pub struct Writer {
    stage: publish::Stage,
    lang: Lang,
    files: usize,
}

impl Writer {
    /// Refuses a non-empty folder that is not a previous output unless `replace`, and
    /// makes the hidden folder the new site is written into.
    pub fn open(out: &Path, replace: bool, lang: Lang) -> Result<Writer, Diagnostic> {
        let fail = |msg: String, hint: String| Diagnostic::error(msg).in_file(out).hint(hint);
        let target = resolve(out);
        if target.exists() {
            if !target.is_dir() {
                return Err(fail(
                    lang.pick(
                        "le dossier de sortie est un fichier",
                        "the output folder is a file",
                    ),
                    lang.pick(
                        "choisissez un autre dossier avec -o",
                        "choose another folder with -o",
                    ),
                ));
            }
            let empty = std::fs::read_dir(&target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !empty && !target.join(MARKER).exists() && !replace {
                return Err(fail(
                    lang.pick(
                        "ce dossier contient déjà des fichiers qui ne viennent pas de fiches : il n'est pas remplacé",
                        "this folder already holds files that fiches did not write: it is not replaced",
                    ),
                    lang.pick(
                        "choisissez un dossier vide avec -o, ou ajoutez --replace-output pour le remplacer entièrement (--force reconstruit tout, mais ne remplace pas un dossier)",
                        "choose an empty folder with -o, or add --replace-output to replace it entirely (--force builds everything again, but replaces no folder)",
                    ),
                ));
            }
        }
        let stage = publish::Stage::open(&target).map_err(|f| f.diagnostic(lang))?;
        Ok(Writer {
            stage,
            lang,
            files: 0,
        })
    }

    /// Writes `pages` into the new site.
    pub fn pages(&mut self, pages: &[Page]) -> Result<(), Diagnostic> {
        use rayon::prelude::*;
        self.files += pages.len();
        self.stage
            .put(
                pages
                    .par_iter()
                    .map(|p| (p.path.as_str(), p.bytes.as_slice())),
            )
            .map_err(|f| f.diagnostic(self.lang))
    }

    /// Writes the file at `path` as `write` makes it, piece by piece: for a file too
    /// large to hold in memory (`fiches.json`). Unchanged, it keeps its date as a page
    /// does. Returns what tells the file it left from any other ([`FileId`]).
    pub fn stream(
        &mut self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<FileId, Diagnostic> {
        self.files += 1;
        let record = self
            .stage
            .stream(path, write)
            .map_err(|f| f.diagnostic(self.lang))?;
        Ok(FileId::of(record.ino, record.size, record.mtime))
    }

    /// Keeps in the new site the published files at `rels`, which this build did not
    /// render because they are unchanged (an incremental build). `Ok(false)` when
    /// one is missing or was changed since the last build: then nothing is known of
    /// it, and the caller renders everything.
    pub fn carry(&mut self, rels: &[&str]) -> Result<bool, Diagnostic> {
        let carried = self
            .stage
            .carry(rels)
            .map_err(|f| f.diagnostic(self.lang))?;
        if carried {
            self.files += rels.len();
        }
        Ok(carried)
    }

    /// The build's state, written beside the output when the site is published, for
    /// the next build to read with [`previous_state`].
    pub fn keep_state(&mut self, state: Vec<u8>) {
        self.stage.state = Some(state);
    }

    /// The search index's records of the fiches' words, written into `records` (see
    /// [`search_records_file`]), kept beside the state when `whole` (read with
    /// [`previous_search`]); else the last build's are removed when the site is
    /// published.
    pub fn keep_search(
        &mut self,
        records: Option<RecordsFile>,
        whole: bool,
    ) -> Result<(), Diagnostic> {
        self.stage
            .keep_search(records, whole)
            .map_err(|f| f.diagnostic(self.lang))
    }

    /// The pages written so far.
    pub fn files(&self) -> usize {
        self.files
    }

    /// Copies `assets`, writes the marker and publishes the site as a whole. Returns
    /// the number of files the site has (the marker left out), and a warning when
    /// a file kept for the next build could not be written (the site is published).
    pub fn finish(
        self,
        assets: &[(String, Asset)],
        record: Option<&str>,
    ) -> Result<(usize, Option<Diagnostic>), Diagnostic> {
        let files = self.files + assets.len();
        let unkept = self
            .stage
            .finish(assets, &marker::text(record))
            .map_err(|f| f.diagnostic(self.lang))?;
        Ok((files, unkept.map(|f| f.unkept(self.lang))))
    }
}

/// What tells a published file from any other and from itself changed: its inode,
/// size and modification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileId(pub [u64; 4]);

impl FileId {
    fn of(ino: u64, size: u64, mtime: (i64, i64)) -> FileId {
        // Times before 1970 keep their bits: only equality matters.
        FileId([ino, size, mtime.0 as u64, mtime.1 as u64])
    }
}

/// A file of the published site, read in pieces: what a build reuses of the
/// previous one (the entries of `fiches.json` whose fiches did not change).
pub struct PreviousFile {
    file: std::fs::File,
    pub id: FileId,
}

impl PreviousFile {
    /// The published file `rel` of the output `out`, if it is a file.
    pub fn open(out: &Path, rel: &str) -> Option<PreviousFile> {
        let file = std::fs::File::open(resolve(out).join(rel)).ok()?;
        let m = file.metadata().ok()?;
        let id = FileId::of(identity::ino(&m), m.len(), identity::mtime(&m));
        m.is_file().then_some(PreviousFile { file, id })
    }

    /// The `len` bytes at `offset`; `None` past the end or on an error.
    pub fn read_at(&self, offset: u64, len: u64) -> Option<Vec<u8>> {
        if offset.checked_add(len)? > self.id.0[1] {
            return None;
        }
        let mut buf = vec![0u8; usize::try_from(len).ok()?];
        read_exact_at(&self.file, &mut buf, offset).ok()?;
        Some(buf)
    }
}

#[cfg(unix)]
fn read_exact_at(f: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, offset)
}

/// Elsewhere the previous file is not reused: its entries are written anew.
#[cfg(not(unix))]
fn read_exact_at(_: &std::fs::File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// The state the build that published the site in `out` kept (see
/// [`Writer::keep_state`]), if it is of that site.
pub fn previous_state(out: &Path) -> Option<Vec<u8>> {
    publish::read_state(&resolve(out), publish::STATE)
}

/// The search index's records the build that published the site in `out` kept
/// (see [`Writer::keep_search`]), if they are of that site: read in pieces where
/// they lie (tens of megabytes).
pub fn previous_search(out: &Path) -> Option<PreviousRecords> {
    let (file, start) = publish::open_state(&resolve(out), publish::SEARCH)?;
    let size = file.metadata().ok()?.len().checked_sub(start)?;
    Some(PreviousRecords { file, start, size })
}

/// The search records the last build kept, past their first line.
pub struct PreviousRecords {
    file: std::fs::File,
    start: u64,
    size: u64,
}

impl crate::packed::Pieces for PreviousRecords {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_at(&self, offset: u64, len: usize) -> Option<Vec<u8>> {
        if offset.checked_add(len as u64)? > self.size {
            return None;
        }
        let mut buf = vec![0u8; len];
        read_exact_at(&self.file, &mut buf, self.start.checked_add(offset)?).ok()?;
        Some(buf)
    }
}

/// A new file beside the output `out` for the search index's records, written as
/// the build reads its fiches, then kept by [`Writer::keep_search`] (else removed
/// when dropped).
pub fn search_records_file(out: &Path) -> Option<RecordsFile> {
    publish::records_file(&resolve(out))
}

/// Clears what killed builds left beside the output `out`, for a build that finds
/// nothing to publish (the next one would otherwise find it; the disk holds a site
/// more meanwhile).
pub fn clear_leftovers(out: &Path) {
    publish::clear_beside(&resolve(out));
}

/// The folder the output really is: a symbolic link is followed (the site goes where
/// it points, the link stays), `.` and `..` are resolved.
pub(crate) fn resolve(out: &Path) -> PathBuf {
    if out.is_symlink()
        && let Ok(real) = std::fs::canonicalize(out)
    {
        return real;
    }
    let abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in `dir`, sorted.
    fn beside(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A generated site of `pages` (path, text) and one theme file.
    pub(super) fn generated(pages: &[(&str, &str)]) -> Generated {
        Generated {
            pages: pages
                .iter()
                .map(|(p, b)| Page {
                    path: p.to_string(),
                    bytes: b.as_bytes().to_vec(),
                })
                .collect(),
            assets: vec![("style.css".into(), Asset::Embedded(b"body{}"))],
        }
    }

    #[test]
    fn swap_leaves_exactly_the_new_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(
            &out,
            &generated(&[("index.html", "a"), ("fiches/old/index.html", "o")]),
            false,
            Lang::Fr,
            None,
        )
        .unwrap();
        write(
            &out,
            &generated(&[("index.html", "b")]),
            false,
            Lang::Fr,
            None,
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "b"
        );
        assert!(!out.join("fiches/old").exists());
        assert!(out.join("style.css").exists());
        assert_eq!(
            beside(tmp.path()),
            [".public.fiches-hashes", ".public.fiches-stage", "public"],
            "only the staging tree and its manifest are kept beside the output"
        );
        assert!(!out.join("fiches").exists(), "emptied folders go too");
    }

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(
            &out,
            &generated(&[("index.html", "a"), ("b/index.html", "b")]),
            false,
            Lang::Fr,
            None,
        )
        .unwrap();
        let before = std::fs::metadata(out.join("b/index.html"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write(
            &out,
            &generated(&[("index.html", "a2"), ("b/index.html", "b")]),
            false,
            Lang::Fr,
            None,
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "a2"
        );
        assert_eq!(
            std::fs::metadata(out.join("b/index.html"))
                .unwrap()
                .modified()
                .unwrap(),
            before
        );
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| !n.to_string_lossy().ends_with("fiches-new"))
        );
    }

    #[test]
    fn a_folder_where_a_file_now_goes_and_the_reverse() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(
            &out,
            &generated(&[("x/index.html", "dir"), ("y", "file")]),
            false,
            Lang::Fr,
            None,
        )
        .unwrap();
        write(
            &out,
            &generated(&[("x", "file"), ("y/index.html", "dir")]),
            false,
            Lang::Fr,
            None,
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(out.join("x")).unwrap(), "file");
        assert_eq!(
            std::fs::read_to_string(out.join("y/index.html")).unwrap(),
            "dir"
        );
    }

    #[test]
    fn a_failed_first_build_leaves_nothing_and_the_next_one_succeeds() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        // A name longer than any file system allows: the write fails midway.
        let long = format!("{}/index.html", "x".repeat(300));
        let bad = generated(&[("index.html", "a"), (long.as_str(), "b")]);
        assert!(write(&out, &bad, false, Lang::Fr, None).is_err());
        assert!(!out.exists());
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert!(names.is_empty(), "nothing is left behind");
        write(
            &out,
            &generated(&[("index.html", "a")]),
            false,
            Lang::Fr,
            None,
        )
        .unwrap();
        // And over a previous site, a failure leaves it whole.
        let before = std::fs::read_dir(&out).unwrap().count();
        assert!(write(&out, &bad, false, Lang::Fr, None).is_err());
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), before);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "a"
        );
        assert_eq!(
            beside(tmp.path()),
            [".public.fiches-hashes", ".public.fiches-stage", "public"]
        );
    }

    #[test]
    fn foreign_folder_is_refused_unless_replace_is_asked() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("precieux.txt"), "x").unwrap();
        assert!(
            write(
                &out,
                &generated(&[("index.html", "a")]),
                false,
                Lang::Fr,
                None
            )
            .is_err()
        );
        assert!(out.join("precieux.txt").exists());
        write(
            &out,
            &generated(&[("index.html", "a")]),
            true,
            Lang::Fr,
            None,
        )
        .unwrap();
        assert!(!out.join("precieux.txt").exists());
    }
}
