//! The only writer. Everything is validated and rendered before this runs, so a
//! build with errors never gets here and the previous output stays as it was. Over a
//! previous output, only the files whose bytes changed are rewritten (each through a
//! temporary file and a rename) and files no longer produced are removed, so a
//! successful build leaves exactly the new site; an unchanged site costs reads only.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

mod guard;
pub mod marker;

pub use guard::unsafe_output;
pub use marker::MARKER;

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
/// unless `force`. Returns the number of files the site has.
/// `stamp` (see [`crate::stamp`]) goes into the marker so that an unchanged site is
/// not built again.
pub fn write(
    out: &Path,
    site: &Generated,
    force: bool,
    lang: Lang,
    stamp: Option<&str>,
) -> Result<usize, Diagnostic> {
    let fail = |msg: String, hint: String| Diagnostic::error(msg).in_file(out).hint(hint);
    if out.exists() {
        if !out.is_dir() {
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
        let empty = std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out.join(MARKER).exists() && !force {
            return Err(fail(
                lang.pick(
                    "ce dossier contient déjà des fichiers qui ne viennent pas de fiches : il n'est pas remplacé",
                    "this folder already holds files that fiches did not write: it is not replaced",
                ),
                lang.pick(
                    "choisissez un dossier vide avec -o, ou ajoutez --force pour le remplacer entièrement",
                    "choose an empty folder with -o, or add --force to replace it entirely",
                ),
            ));
        }
    }
    sync(out, site, stamp).map_err(|(p, e)| {
        Diagnostic::error(lang.pick(
            format!("écriture impossible : {e}"),
            format!("cannot write: {e}"),
        ))
        .in_file(p)
    })?;
    Ok(site.pages.len() + site.assets.len())
}

type IoFail = (PathBuf, std::io::Error);

fn sync(out: &Path, site: &Generated, stamp: Option<&str>) -> Result<(), IoFail> {
    let fresh = !out.exists();
    std::fs::create_dir_all(out).map_err(|e| (out.to_path_buf(), e))?;
    let wanted: HashSet<&str> = site
        .pages
        .iter()
        .map(|p| p.path.as_str())
        .chain(site.assets.iter().map(|(d, _)| d.as_str()))
        .chain([MARKER])
        .collect();
    let mut dirs: Vec<PathBuf> = wanted
        .iter()
        .filter_map(|p| Path::new(p).parent().map(|d| out.join(d)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        make_dir(out, d)?;
    }
    site.pages
        .par_iter()
        .try_for_each(|p| put(&out.join(&p.path), &p.bytes, fresh))?;
    site.assets.par_iter().try_for_each(|(dest, src)| {
        let path = out.join(dest);
        match src {
            Asset::Embedded(b) => put(&path, b, fresh),
            Asset::File(from) => {
                let bytes = std::fs::read(from).map_err(|e| (from.clone(), e))?;
                put(&path, &bytes, fresh)
            }
        }
    })?;
    put(&out.join(MARKER), marker::text(stamp).as_bytes(), fresh)?;
    if !fresh {
        remove_stale(out, Path::new(""), &wanted)?;
    }
    Ok(())
}

/// Creates `dir`, replacing a file that stands where a folder is now needed.
fn make_dir(out: &Path, dir: &Path) -> Result<(), IoFail> {
    if std::fs::create_dir_all(dir).is_ok() {
        return Ok(());
    }
    let mut at = out.to_path_buf();
    for c in dir.strip_prefix(out).unwrap_or(dir).components() {
        at.push(c);
        if at.is_file() {
            std::fs::remove_file(&at).map_err(|e| (at.clone(), e))?;
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))
}

/// Writes `bytes` at `path` unless the file already holds exactly them.
fn put(path: &Path, bytes: &[u8], fresh: bool) -> Result<(), IoFail> {
    if !fresh {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                std::fs::remove_dir_all(path).map_err(|e| (path.to_path_buf(), e))?
            }
            Ok(m)
                if m.len() == bytes.len() as u64
                    && std::fs::read(path).is_ok_and(|old| old == bytes) =>
            {
                return Ok(());
            }
            _ => {}
        }
        // Through a temporary file, so that a host serving the folder meanwhile never
        // sees half a page.
        let tmp = path.with_file_name(format!(
            ".{}.fiches-new",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ));
        std::fs::write(&tmp, bytes).map_err(|e| (tmp.clone(), e))?;
        return std::fs::rename(&tmp, path).map_err(|e| (path.to_path_buf(), e));
    }
    std::fs::write(path, bytes).map_err(|e| (path.to_path_buf(), e))
}

/// Removes what the new site does not have; returns whether `rel` is left empty.
fn remove_stale(out: &Path, rel: &Path, wanted: &HashSet<&str>) -> Result<bool, IoFail> {
    let dir = out.join(rel);
    let entries = std::fs::read_dir(&dir).map_err(|e| (dir.clone(), e))?;
    let mut empty = true;
    for entry in entries.flatten() {
        let child = rel.join(entry.file_name());
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            if remove_stale(out, &child, wanted)? {
                std::fs::remove_dir(out.join(&child)).map_err(|e| (child.clone(), e))?;
            } else {
                empty = false;
            }
        } else if wanted.contains(crate::diagnostic::display_path(&child).as_str()) {
            empty = false;
        } else {
            std::fs::remove_file(out.join(&child)).map_err(|e| (child.clone(), e))?;
        }
    }
    Ok(empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(pages: &[(&str, &str)]) -> Generated {
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
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary folder is left behind");
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
    fn foreign_folder_is_refused_unless_forced() {
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
