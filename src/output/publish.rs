//! Publishing a site as a whole. The new tree is written in a hidden folder beside
//! the output (`.public.fiches-new-PID`): a file whose bytes have not changed is a
//! hard link to the current one (same date, no copy), the others are written. The
//! tree is flushed to the disk, then exchanged with the output in one atomic step
//! (`renameat2(RENAME_EXCHANGE)` on Linux; two renames where it is not available),
//! and the old tree is removed. On any error the hidden folder is removed and the
//! output is as it was; a build killed midway leaves only the hidden folder, which
//! the next build clears.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Asset, MARKER};
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

/// Why publishing failed: the file concerned and the error.
pub(super) struct Failure {
    path: PathBuf,
    error: std::io::Error,
    /// The folder beside the output could not be made.
    no_room: bool,
    /// The output folder itself could not be moved (a mount point, a busy folder).
    immovable: bool,
}

impl Failure {
    fn at(path: &Path) -> impl FnOnce(std::io::Error) -> Failure + '_ {
        move |error| Failure {
            path: path.to_path_buf(),
            error,
            no_room: false,
            immovable: false,
        }
    }

    pub(super) fn diagnostic(&self, lang: Lang) -> Diagnostic {
        let e = &self.error;
        let d = Diagnostic::error(lang.pick(
            format!("écriture impossible : {e} ; le site publié n'a pas changé"),
            format!("cannot write: {e}; the published site is unchanged"),
        ))
        .in_file(&self.path);
        if self.immovable {
            d.hint(lang.pick(
                "le dossier de sortie ne peut pas être remplacé d'un coup (c'est peut-être un point de montage) : choisissez un dossier à l'intérieur, par exemple -o DOSSIER/site",
                "the output folder cannot be replaced at once (it may be a mount point): choose a folder inside it, for example -o FOLDER/site",
            ))
        } else if self.no_room {
            d.hint(lang.pick(
                "fiches écrit le nouveau site à côté du dossier de sortie, puis l'échange d'un coup : il faut pouvoir écrire dans le dossier qui le contient",
                "fiches writes the new site beside the output folder, then swaps it in at once: the folder holding it must be writable",
            ))
        } else if e.kind() == ErrorKind::StorageFull {
            d.hint(lang.pick(
                "le disque est plein : libérez de la place, puis relancez la construction",
                "the disk is full: free some space, then build again",
            ))
        } else {
            d
        }
    }
}

/// A new tree being written beside the output: pages go in as they are rendered,
/// [`Stage::finish`] adds the files to copy and the marker, then swaps it in. Dropped
/// unfinished (an error, a failed render), the hidden folder is removed and the
/// output is as it was.
pub(super) struct Stage {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    old: Option<PathBuf>,
    done: bool,
}

impl Stage {
    /// Makes the hidden folder beside `out` (absolute, symbolic links resolved).
    pub(super) fn open(out: &Path) -> Result<Stage, Failure> {
        let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        std::fs::create_dir_all(&parent).map_err(|error| Failure {
            path: parent.clone(),
            error,
            no_room: true,
            immovable: false,
        })?;
        clear_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}.fiches-new-{}", std::process::id()));
        std::fs::create_dir(&dir).map_err(|error| Failure {
            path: dir.clone(),
            error,
            no_room: true,
            immovable: false,
        })?;
        Ok(Stage {
            old: out.is_dir().then(|| out.to_path_buf()),
            out: out.to_path_buf(),
            parent,
            name,
            dir,
            done: false,
        })
    }

    /// Writes `files` (path in the output, bytes) into the new tree, in parallel,
    /// linking the files of the old one that did not change.
    pub(super) fn put<'a, F>(&self, files: F) -> Result<(), Failure>
    where
        F: IntoParallelIterator<Item = (&'a str, &'a [u8])>,
        F::Iter: Clone,
    {
        let files = files.into_par_iter();
        let mut dirs: Vec<&Path> = files
            .clone()
            .filter_map(|(p, _)| Path::new(p).parent())
            .collect();
        dirs.sort();
        dirs.dedup();
        // In parallel too: one folder per fiche, and each costs the file system an
        // inode (std's create_dir_all accepts a parent made at the same time).
        dirs.par_iter().try_for_each(|d| {
            let dir = self.dir.join(d);
            std::fs::create_dir_all(&dir).map_err(Failure::at(&dir))
        })?;
        let old = self.old.as_deref();
        files.try_for_each(|(p, bytes)| place(&self.dir, old, p, bytes))
    }

    /// Writes the file at `rel` from `write` through a buffer; then, when it holds
    /// exactly the old file's bytes, the old file takes its place (its date kept).
    pub(super) fn stream(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Failure> {
        use std::io::Write;
        let path = self.dir.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(Failure::at(dir))?;
        }
        let file = std::fs::File::create(&path).map_err(Failure::at(&path))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        write(&mut out)
            .and_then(|()| out.flush())
            .map_err(Failure::at(&path))?;
        drop(out);
        let Some(previous) = self.old.as_deref().map(|o| o.join(rel)) else {
            return Ok(());
        };
        if same_bytes(&previous, &path) {
            let kept = path.with_extension("fiches-kept");
            // Linked beside, then renamed over: the new file stays whole if linking fails.
            if std::fs::hard_link(&previous, &kept).is_ok() {
                std::fs::rename(&kept, &path).map_err(Failure::at(&path))?;
            } else if let Ok(when) = std::fs::metadata(&previous).and_then(|m| m.modified())
                && let Ok(f) = std::fs::File::options().write(true).open(&path)
            {
                let _ = f.set_modified(when);
            }
        }
        Ok(())
    }

    /// Copies the `assets`, writes the marker, flushes the tree and swaps it in.
    pub(super) fn finish(
        mut self,
        assets: &[(String, Asset)],
        marker: &str,
    ) -> Result<(), Failure> {
        let old = self.old.as_deref();
        let mut dirs: Vec<&Path> = assets
            .iter()
            .filter_map(|(d, _)| Path::new(d.as_str()).parent())
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in dirs {
            let dir = self.dir.join(d);
            std::fs::create_dir_all(&dir).map_err(Failure::at(&dir))?;
        }
        assets
            .par_iter()
            .try_for_each(|(dest, asset)| match asset {
                Asset::Embedded(b) => place(&self.dir, old, dest, b),
                Asset::File(from) => {
                    let bytes = std::fs::read(from).map_err(Failure::at(from))?;
                    place(&self.dir, old, dest, &bytes)
                }
            })?;
        let path = self.dir.join(MARKER);
        std::fs::write(&path, marker).map_err(Failure::at(&path))?;
        flush(&self.dir)?;
        swap(&self.dir, &self.out, &self.parent, &self.name)?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes what killed builds left beside the output. Runs under the output's lock, so
/// no other build is using them.
fn clear_leftovers(parent: &Path, name: &str) {
    let prefixes = [
        format!(".{name}.fiches-new-"),
        format!(".{name}.fiches-old-"),
    ];
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        if prefixes.iter().any(|p| file.starts_with(p.as_str())) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Puts `bytes` at `rel` in `stage`: a hard link to the old file when it holds exactly
/// them (its date kept), else a new file.
fn place(stage: &Path, old: Option<&Path>, rel: &str, bytes: &[u8]) -> Result<(), Failure> {
    let path = stage.join(rel);
    if let Some(old) = old {
        let previous = old.join(rel);
        if let Ok(m) = std::fs::symlink_metadata(&previous)
            && m.is_file()
            && m.len() == bytes.len() as u64
            && std::fs::read(&previous).is_ok_and(|b| b == bytes)
        {
            if std::fs::hard_link(&previous, &path).is_ok() {
                return Ok(());
            }
            // File systems without hard links (a FAT USB key): a copy with the old date.
            std::fs::write(&path, bytes).map_err(Failure::at(&path))?;
            if let Ok(when) = m.modified()
                && let Ok(f) = std::fs::File::options().write(true).open(&path)
            {
                let _ = f.set_modified(when);
            }
            return Ok(());
        }
    }
    std::fs::write(&path, bytes).map_err(Failure::at(&path))
}

/// Whether two files hold the same bytes, read a piece at a time.
fn same_bytes(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(ma), Ok(mb)) = (std::fs::symlink_metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    if !ma.is_file() || ma.len() != mb.len() {
        return false;
    }
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

/// Makes sure the new tree is on the disk before it replaces the old one.
fn flush(stage: &Path) -> Result<(), Failure> {
    #[cfg(target_os = "linux")]
    {
        let dir = std::fs::File::open(stage).map_err(Failure::at(stage))?;
        rustix::fs::syncfs(&dir).map_err(|e| Failure::at(stage)(e.into()))?;
    }
    #[cfg(not(target_os = "linux"))]
    let _ = stage;
    Ok(())
}

/// Puts `stage` in place of `out` and removes the old tree.
fn swap(stage: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), Failure> {
    if !out.exists() {
        return std::fs::rename(stage, out).map_err(Failure::at(out));
    }
    if exchange(stage, out) {
        // `stage` now holds the old tree.
        let _ = std::fs::remove_dir_all(stage);
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
    let _ = std::fs::remove_dir_all(&old);
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
