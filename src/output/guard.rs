//! The output folder is replaced wholesale: before anything is built, refuse one that
//! would take the site's sources with it. Paths are compared as the system resolves
//! them (every symbolic link followed, of the output's parents too), so no spelling
//! of the same folder gets past.

use std::path::{Component, Path, PathBuf};

use crate::config::FILE_NAME;
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::sources::SOURCE_DIRS;

/// An error when `output` is, holds or lies inside the site's sources (the site
/// folder, `fiches.toml`, `content/`, `static/`, `templates/`, `themes/`, wherever
/// links make them live), whatever `--force` says.
pub fn unsafe_output(site_dir: &Path, output: &Path, lang: Lang) -> Option<Diagnostic> {
    let site = real(site_dir);
    let out = real(output);
    let mut sources: Vec<PathBuf> = SOURCE_DIRS
        .iter()
        .chain([&FILE_NAME])
        .map(|d| site_dir.join(d))
        .filter(|p| p.exists())
        .map(|p| real(&p))
        .collect();
    sources.push(site.clone());
    let holds = |s: &PathBuf| s.starts_with(&out);
    let inside = sources[..sources.len() - 1]
        .iter()
        .any(|s| out.starts_with(s));
    let bad = sources.iter().any(holds) || inside;
    bad.then(|| {
        Diagnostic::error(lang.pick(
            "le dossier de sortie contient les sources du site, ou se trouve dedans : elles seraient effacées",
            "the output folder holds the site's sources, or lies inside them: they would be erased",
        ))
        .in_file(output)
        .hint(lang.pick(
            "choisissez un dossier à part, par exemple -o public",
            "choose a separate folder, for example -o public",
        ))
    })
}

/// The path as the system resolves it: the part that exists, canonical (links
/// followed), then the rest with `.` and `..` resolved.
fn real(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = abs.as_path();
    let mut rest: Vec<Component> = Vec::new();
    let base = loop {
        if let Ok(c) = std::fs::canonicalize(existing) {
            break c;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => break PathBuf::from("/"),
        }
    };
    let mut out = base;
    for c in rest.into_iter().rev() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_do_not_hide_the_sources() {
        let tmp = tempfile::tempdir().unwrap();
        let real_site = tmp.path().join("real/site");
        std::fs::create_dir_all(real_site.join("content")).unwrap();
        std::fs::write(real_site.join("fiches.toml"), "title = \"t\"").unwrap();
        let link = tmp.path().join("lien");
        std::os::unix::fs::symlink(&real_site, &link).unwrap();
        let via = tmp.path().join("via");
        std::os::unix::fs::symlink(tmp.path().join("real"), &via).unwrap();
        let bad = |site: &Path, out: &Path| unsafe_output(site, out, Lang::Fr).is_some();
        // The output is the site through a link, or holds it.
        assert!(bad(&real_site, &link));
        assert!(bad(&via.join("site"), &tmp.path().join("real")));
        assert!(bad(&link, &real_site));
        // Inside a source folder, even not yet created.
        assert!(bad(&link, &real_site.join("content/x/y")));
        assert!(bad(&real_site, &link.join("content/../content/new")));
        // Beside the site, or in it but outside its sources: fine.
        assert!(!bad(&real_site, &real_site.join("public")));
        assert!(!bad(&link, &tmp.path().join("real/public")));
        assert!(!bad(&link, &tmp.path().join("out")));
    }

    #[test]
    fn a_source_folder_linked_elsewhere_is_guarded_where_it_lives() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let elsewhere = tmp.path().join("ailleurs/content");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::create_dir_all(&site).unwrap();
        std::os::unix::fs::symlink(&elsewhere, site.join("content")).unwrap();
        assert!(unsafe_output(&site, &tmp.path().join("ailleurs"), Lang::Fr).is_some());
        assert!(unsafe_output(&site, &elsewhere.join("sous"), Lang::Fr).is_some());
    }
}
