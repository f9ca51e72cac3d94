//! Walking a source folder: the files it holds, sorted, without hidden files,
//! editors' temporary files, or links that lead out of the site.

use std::path::{Path, PathBuf};

use super::{Entry, io_error};
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

/// Lists the files under `root/dir` (paths relative to `root`), sorted, skipping
/// hidden files and editors' temporary files. Symbolic links to folders are not
/// followed, so a loop cannot hang a build.
pub(super) fn walk(
    root: &Path,
    real_root: &Path,
    dir: &Path,
    out: &mut Vec<Entry>,
    diags: &mut Vec<Diagnostic>,
    lang: Lang,
) {
    let entries = match std::fs::read_dir(root.join(dir)) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            diags.push(io_error(dir, &e, lang));
            return;
        }
    };
    let mut names: Vec<_> = entries.filter_map(Result::ok).collect();
    names.sort_by_key(|e| e.file_name());
    for entry in names {
        let name = entry.file_name();
        if is_ignored(&name.to_string_lossy()) {
            continue;
        }
        let rel = dir.join(&name);
        let file = |m: std::fs::Metadata| Entry {
            rel: rel.clone(),
            len: m.len(),
            when: super::stamp::of(&m),
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(root, real_root, &rel, out, diags, lang),
            Ok(t) if t.is_file() => {
                if let Ok(m) = entry.metadata() {
                    out.push(file(m));
                }
            }
            Ok(t) if t.is_symlink() => {
                if let Some(target) = leaves(&entry.path(), real_root) {
                    diags.push(outside(&rel, &target, lang));
                } else if let Ok(m) = std::fs::metadata(entry.path())
                    && m.is_file()
                {
                    out.push(file(m));
                }
            }
            _ => {}
        }
    }
}

/// Where a symbolic link at `path` leads when that is outside the site folder
/// (`real_root`, canonical). A file of the site must not publish, or show in an
/// error, a file from elsewhere on the machine (`notes.txt -> /home/…/secret.txt`).
pub(super) fn leaves(path: &Path, real_root: &Path) -> Option<PathBuf> {
    if !path.is_symlink() {
        return None;
    }
    match std::fs::canonicalize(path) {
        Ok(target) => (!target.starts_with(real_root)).then_some(target),
        // A broken link leads nowhere: it is skipped like a missing file.
        Err(_) => None,
    }
}

pub(super) fn outside(rel: &Path, target: &Path, lang: Lang) -> Diagnostic {
    Diagnostic::error(lang.pick(
        format!(
            "ce lien symbolique mène hors du site ({}) : il n'est ni lu ni publié",
            target.display()
        ),
        format!(
            "this symbolic link leads outside the site ({}): it is neither read nor published",
            target.display()
        ),
    ))
    .in_file(rel)
    .hint(lang.pick(
        "copiez le fichier dans le dossier du site, ou retirez le lien",
        "copy the file into the site's folder, or remove the link",
    ))
}

/// Hidden files and the temporary files editors leave while saving.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}
