//! The only writer: the new site is written into a temporary sibling folder, then
//! swapped in, so a failed build leaves the previous output untouched and a
//! successful one leaves no stale page behind.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::render::Page;
use crate::theme::Source;

/// Left in every output so a later build knows the folder is its own to replace.
pub const MARKER: &str = ".fiches-build";

/// What a build produced, ready to write or to serve.
pub struct Generated {
    pub pages: Vec<Page>,
    /// Files copied as they are, by output path.
    pub assets: Vec<(String, Source)>,
}

/// Writes `site` into `out`. Refuses a non-empty folder that is not a previous output
/// unless `force`.
pub fn write(out: &Path, site: &Generated, force: bool, lang: Lang) -> Result<usize, Diagnostic> {
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
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let io = |what: &Path, e: std::io::Error| {
        Diagnostic::error(lang.pick(
            format!("écriture impossible : {e}"),
            format!("cannot write: {e}"),
        ))
        .in_file(what)
    };

    let _ = std::fs::remove_dir_all(&tmp);
    let result = fill(&tmp, site).map_err(|(p, e)| io(&p, e));
    if let Err(d) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(d);
    }
    if out.exists()
        && let Err(e) = std::fs::rename(out, &old)
    {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io(out, e));
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io(out, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(site.pages.len() + site.assets.len())
}

fn fill(dir: &Path, site: &Generated) -> Result<(), (PathBuf, std::io::Error)> {
    std::fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))?;
    let mut dirs: Vec<PathBuf> = site
        .pages
        .iter()
        .map(|p| p.path.as_str())
        .chain(site.assets.iter().map(|(d, _)| d.as_str()))
        .filter_map(|p| Path::new(p).parent().map(|d| dir.join(d)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| (d.clone(), e))?;
    }
    site.pages.par_iter().try_for_each(|p| {
        let path = dir.join(&p.path);
        std::fs::write(&path, &p.bytes).map_err(|e| (path, e))
    })?;
    site.assets.par_iter().try_for_each(|(dest, src)| {
        let path = dir.join(dest);
        match src {
            Source::Embedded(b) => std::fs::write(&path, b).map_err(|e| (path, e)),
            Source::File(from) => std::fs::copy(from, &path)
                .map(|_| ())
                .map_err(|e| (from.clone(), e)),
        }
    })?;
    let marker = dir.join(MARKER);
    std::fs::write(
        &marker,
        "Ce dossier est produit par `fiches build` et remplacé à chaque construction.\n",
    )
    .map_err(|e| (marker, e))
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
            assets: vec![("style.css".into(), Source::Embedded(b"body{}"))],
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
        )
        .unwrap();
        write(&out, &generated(&[("index.html", "b")]), false, Lang::Fr).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "b"
        );
        assert!(!out.join("fiches/old").exists());
        assert!(out.join("style.css").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary folder is left behind");
    }

    #[test]
    fn foreign_folder_is_refused_unless_forced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("precieux.txt"), "x").unwrap();
        assert!(write(&out, &generated(&[("index.html", "a")]), false, Lang::Fr).is_err());
        assert!(out.join("precieux.txt").exists());
        write(&out, &generated(&[("index.html", "a")]), true, Lang::Fr).unwrap();
        assert!(!out.join("precieux.txt").exists());
    }
}
