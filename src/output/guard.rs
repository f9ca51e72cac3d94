//! The output folder is replaced wholesale: before anything is built, refuse one that
//! would take the site's sources with it.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::sources::SOURCE_DIRS;

/// An error when `output` holds the site folder or lies inside one of its sources.
pub fn unsafe_output(site_dir: &Path, output: &Path, lang: Lang) -> Option<Diagnostic> {
    let abs = |p: &Path| std::path::absolute(p).ok().map(|p| lexical(&p));
    let (site, out) = (abs(site_dir)?, abs(output)?);
    let sources = SOURCE_DIRS.map(|d| site.join(d));
    let bad = site.starts_with(&out) || sources.iter().any(|s| out.starts_with(s));
    bad.then(|| {
        Diagnostic::error(lang.pick(
            "le dossier de sortie contient les sources du site : il serait effacé",
            "the output folder holds the site's sources: they would be erased",
        ))
        .in_file(output)
        .hint(lang.pick(
            "choisissez un dossier à part, par exemple -o public",
            "choose a separate folder, for example -o public",
        ))
    })
}

/// Resolves `.` and `..` of an absolute path without touching the disk.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
