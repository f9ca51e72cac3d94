//! Bringing the staging tree up to date, file by file. The staging tree is the site
//! the build before last published: a file whose bytes equal the published one's
//! becomes (or stays) a hard link to it, so that it keeps its date and costs no
//! write; any other file is written anew, never through an inode the published site
//! shares. What the tree held is listed once, when the build begins ([`list`]);
//! anything in it that is not a plain file or folder is removed at once.

use super::identity;
use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::path::Path;

use rayon::prelude::*;

use super::failure::Failure;
use super::manifest::{self, Record};

/// One entry of the staging tree as it was found: its inode and whether it is a folder.
#[derive(Clone, Copy, Debug)]
pub(super) struct Entry {
    pub(super) ino: u64,
    pub(super) dir: bool,
}

/// What placing a file did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Done {
    /// Already the published file: nothing to do.
    Kept,
    /// Made a hard link to the published file (its bytes had not changed).
    Linked,
    /// Written with new bytes.
    Written,
}

/// Every entry under `root` by its path relative to it (with `/`). Symbolic links and
/// other special files are removed (a build never makes them, and writing through one
/// would write outside the tree), so are names that are not Unicode (never a page's).
pub(super) fn list(root: &Path) -> std::io::Result<HashMap<String, Entry>> {
    Ok(walk(root, String::new())?.into_iter().collect())
}

fn walk(root: &Path, rel: String) -> std::io::Result<Vec<(String, Entry)>> {
    let dir = if rel.is_empty() {
        root.to_path_buf()
    } else {
        root.join(&rel)
    };
    let mut here = Vec::new();
    let mut folders = Vec::new();
    for e in std::fs::read_dir(&dir)? {
        let e = e?;
        let kind = e.file_type()?;
        let name = e.file_name();
        let Some(name) = name.to_str().filter(|_| kind.is_dir() || kind.is_file()) else {
            if kind.is_dir() {
                std::fs::remove_dir_all(e.path())?;
            } else {
                std::fs::remove_file(e.path())?;
            }
            continue;
        };
        let path = if rel.is_empty() {
            name.to_string()
        } else {
            format!("{rel}/{name}")
        };
        let entry = Entry {
            ino: identity::entry_ino(&e)?,
            dir: kind.is_dir(),
        };
        if entry.dir {
            folders.push(path.clone());
        }
        here.push((path, entry));
    }
    let nested: Vec<Vec<(String, Entry)>> = folders
        .into_par_iter()
        .map(|f| walk(root, f))
        .collect::<Result<_, _>>()?;
    here.extend(nested.into_iter().flatten());
    Ok(here)
}

/// Puts `bytes` at `rel` in the staging tree `stage`, which held `had` there.
/// `published` is the current output, if any, and `known` what the manifest says of
/// its file at `rel`. Returns what it did and the record of the file it left.
pub(super) fn place(
    stage: &Path,
    published: Option<&Path>,
    known: Option<&Record>,
    had: Option<Entry>,
    rel: &str,
    bytes: &[u8],
) -> std::io::Result<(Done, Record)> {
    let path = stage.join(rel);
    let sum = manifest::fingerprint(bytes);
    if let Some(published) = published {
        let current = published.join(rel);
        if let Ok(m) = std::fs::symlink_metadata(&current)
            && m.is_file()
            && m.len() == bytes.len() as u64
            && match known {
                Some(r) if r.matches(&m) => r.sum == sum,
                _ => same_bytes(&current, bytes),
            }
        {
            let record = Record::of(&m, sum);
            if had.is_some_and(|e| !e.dir && e.ino == identity::ino(&m)) {
                return Ok((Done::Kept, record));
            }
            clear(&path, had)?;
            if in_folder(stage, &path, || std::fs::hard_link(&current, &path)).is_ok() {
                return Ok((Done::Linked, record));
            }
            // File systems without hard links (a FAT USB key): a copy with the old date.
            let f = write(stage, &path, bytes)?;
            if let Ok(when) = m.modified() {
                let _ = f.set_modified(when);
            }
            return Ok((Done::Written, Record::of(&f.metadata()?, sum)));
        }
    }
    match had {
        Some(e) if e.dir => std::fs::remove_dir_all(&path).or_else(missing)?,
        // Overwritten in place only when no other name shares the file (the
        // published site, a backup made with hard links).
        Some(_) => match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() && identity::nlink(&m) == 1 => {}
            Ok(_) => std::fs::remove_file(&path).or_else(missing)?,
            Err(e) => missing(e)?,
        },
        None => {}
    }
    let f = write(stage, &path, bytes)?;
    Ok((Done::Written, Record::of(&f.metadata()?, sum)))
}

/// [`place`] for a file made piece by piece by `write` (too large to hold): written
/// beside its place, compared with the published file by reading both, then linked
/// to it when equal or moved into place. Its record's fingerprint is left empty, so
/// the manifest never takes it for unchanged without reading it.
pub(super) fn place_stream(
    stage: &Path,
    published: Option<&Path>,
    had: Option<Entry>,
    rel: &str,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<(Done, Record)> {
    let path = stage.join(rel);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let beside = path.with_file_name(format!(".{}.fiches-stream", name.unwrap_or_default()));
    let file = in_folder(stage, &beside, || std::fs::File::create(&beside))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
    write(&mut out)?;
    let file = out
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    let made = file.metadata()?;
    drop(file);
    if let Some(current) = published.map(|p| p.join(rel))
        && let Ok(m) = std::fs::symlink_metadata(&current)
        && m.is_file()
        && m.len() == made.len()
        && same_files(&current, &beside)
    {
        let record = Record::of(&m, (0, 0));
        if had.is_some_and(|e| !e.dir && e.ino == identity::ino(&m)) {
            std::fs::remove_file(&beside)?;
            return Ok((Done::Kept, record));
        }
        clear(&path, had)?;
        if std::fs::hard_link(&current, &path).is_ok() {
            std::fs::remove_file(&beside)?;
            return Ok((Done::Linked, record));
        }
    } else {
        clear(&path, had)?;
    }
    std::fs::rename(&beside, &path)?;
    Ok((
        Done::Written,
        Record::of(&std::fs::metadata(&path)?, (0, 0)),
    ))
}

/// Copies files of the sources into the tree `stage` (path in the output, source),
/// in parallel, each with [`place_copy`].
pub(super) fn copy_all<'a>(
    stage: &Path,
    published: Option<&Path>,
    had: &HashMap<String, Entry>,
    files: impl Iterator<Item = (&'a str, &'a Path)>,
) -> Result<Vec<(&'a str, Done, Record)>, Failure> {
    let files: Vec<(&str, &Path)> = files.collect();
    files
        .into_par_iter()
        .map(|(rel, from)| {
            let done = place_copy(stage, published, had.get(rel).copied(), rel, from);
            done.map(|(d, r)| (rel, d, r)).map_err(|e| {
                // Said of the file that could not be read, or of the copy.
                let at = if from.is_file() {
                    stage.join(rel)
                } else {
                    from.to_path_buf()
                };
                Failure::at(&at)(e)
            })
        })
        .collect()
}

/// [`place`] for a file copied from `from` (a bundle's PDF, a video of `static/`):
/// compared with the published file by its size, then a slice at a time, and linked
/// to it when equal; otherwise copied by the system (`copy_file_range`, a reflink
/// where the file system has them), never held in memory. Its record's fingerprint
/// is left empty, as [`place_stream`]'s.
pub(super) fn place_copy(
    stage: &Path,
    published: Option<&Path>,
    had: Option<Entry>,
    rel: &str,
    from: &Path,
) -> std::io::Result<(Done, Record)> {
    let path = stage.join(rel);
    let source = std::fs::metadata(from)?;
    if let Some(current) = published.map(|p| p.join(rel))
        && let Ok(m) = std::fs::symlink_metadata(&current)
        && m.is_file()
        && m.len() == source.len()
        && same_files(&current, from)
    {
        let record = Record::of(&m, (0, 0));
        if had.is_some_and(|e| !e.dir && e.ino == identity::ino(&m)) {
            return Ok((Done::Kept, record));
        }
        clear(&path, had)?;
        if in_folder(stage, &path, || std::fs::hard_link(&current, &path)).is_ok() {
            return Ok((Done::Linked, record));
        }
    } else {
        clear(&path, had)?;
    }
    let mut to = in_folder(stage, &path, || std::fs::File::create(&path))?;
    std::io::copy(&mut std::fs::File::open(from)?, &mut to)?;
    Ok((Done::Written, Record::of(&to.metadata()?, (0, 0))))
}

/// Whether two files hold the same bytes, read a slice at a time.
fn same_files(a: &Path, b: &Path) -> bool {
    let (Ok(fa), Ok(fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    let (mut fa, mut fb) = (std::io::BufReader::new(fa), std::io::BufReader::new(fb));
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = match fa.read(&mut ba) {
            Ok(0) => return fb.read(&mut bb).is_ok_and(|n| n == 0),
            Ok(n) => n,
            Err(_) => return false,
        };
        if fb.read_exact(&mut bb[..n]).is_err() || ba[..n] != bb[..n] {
            return false;
        }
    }
}

/// Removes what the staging tree had at `path`, if anything.
pub(super) fn clear(path: &Path, had: Option<Entry>) -> std::io::Result<()> {
    match had {
        Some(e) if e.dir => std::fs::remove_dir_all(path).or_else(missing),
        Some(_) => std::fs::remove_file(path).or_else(missing),
        None => Ok(()),
    }
}

/// A new file at `path` beside the output (a kept file's `.tmp`), never opened
/// through what is there: a link left at that name is removed, not followed, so
/// that a build never writes into a file elsewhere.
pub(super) fn create_anew(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::remove_file(path).or_else(missing)?;
    std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(path)
}

/// The file at `path` opened for reading, when it is a regular file (a link to one
/// followed): a pipe left at a name fiches keeps beside the output would block the
/// build for ever on opening, a device read for ever.
pub(super) fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    std::fs::File::open(path)
}

/// An entry already gone (or under a folder a file replaced) is what removing it wanted.
fn missing(e: std::io::Error) -> std::io::Result<()> {
    if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) {
        Ok(())
    } else {
        Err(e)
    }
}

/// Writes `bytes` at `path` (in `stage`); the file is returned open, to read its date.
fn write(stage: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<std::fs::File> {
    let mut f = in_folder(stage, path, || std::fs::File::create(path))?;
    f.write_all(bytes)?;
    Ok(f)
}

/// Runs `op`, which makes `path`; if its folder is missing (or a file of the old tree
/// stands where a folder now goes), makes the folder and runs it again. A folder is
/// only made when a file needs it: none in the common case.
pub(super) fn in_folder<T>(
    stage: &Path,
    path: &Path,
    op: impl Fn() -> std::io::Result<T>,
) -> std::io::Result<T> {
    match op() {
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            let Some(parent) = path.parent() else {
                return Err(e);
            };
            let below: Vec<&Path> = parent.ancestors().take_while(|a| *a != stage).collect();
            for a in &below {
                if std::fs::symlink_metadata(a).is_ok_and(|m| !m.is_dir()) {
                    std::fs::remove_file(a).or_else(missing)?;
                }
            }
            // Folders below the tree only: a tree that went away is an error, never
            // made again with a part of the site.
            for a in below.iter().rev() {
                match std::fs::create_dir(a) {
                    Err(e) if e.kind() == ErrorKind::AlreadyExists && a.is_dir() => {}
                    done => done?,
                }
            }
            op()
        }
        other => other,
    }
}

/// Whether the file at `path` holds exactly `bytes`, read a slice at a time (the
/// largest file of a site, `fiches.json`, is not read whole beside its new version).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut buf = vec![0u8; bytes.len().clamp(1, 1 << 20)];
    let mut at = 0;
    // The size was compared already: no read past it.
    while at < bytes.len() {
        match f.read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => {
                if bytes.get(at..at + n) != buf.get(..n) {
                    return false;
                }
                at += n;
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    true
}
