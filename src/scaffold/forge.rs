//! The continuous integration a site's forge runs (`fiches init --forge`, `fiches
//! forge`): on a proposal, check with each problem on its line, then build; on the
//! main branch, build and publish on the forge's pages. `fiches` is installed with
//! pip, pinned to the version that wrote the file.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, display_path};
use crate::lang::Lang;

/// The forges whose CI `fiches` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forge {
    Github,
    Gitlab,
    /// Forgejo Actions (Codeberg and self-hosted Forgejo).
    Forgejo,
}

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where a site's repository starts: the nearest folder above it holding `.git`,
/// else the site's folder (the repository is still to be made there).
pub fn repository_root(site: &Path) -> PathBuf {
    let site = std::path::absolute(site).unwrap_or_else(|_| site.to_path_buf());
    site.ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(&site)
        .to_path_buf()
}

/// The branch `HEAD` names in a repository (`main` when there is none yet).
fn main_branch(root: &Path) -> String {
    std::fs::read_to_string(root.join(".git/HEAD"))
        .ok()
        .and_then(|head| {
            head.trim()
                .strip_prefix("ref: refs/heads/")
                .filter(|b| is_plain(b))
                .map(str::to_string)
        })
        .unwrap_or_else(|| "main".to_string())
}

/// A name that needs no quoting in YAML or a shell (`site`, `sites/reseau-74`).
fn is_plain(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

/// The files of `forge`'s CI, as (path from the repository root, text), for a site in
/// folder `site` of the repository (`.` for its root).
pub fn files(forge: Forge, site: &str, branch: &str) -> Vec<(&'static str, String)> {
    let fill = |t: &str| {
        t.replace("{version}", VERSION)
            .replace("{site}", site)
            .replace("{branch}", branch)
    };
    match forge {
        Forge::Github => vec![(
            ".github/workflows/fiches.yml",
            fill(include_str!("forge/github.yml")),
        )],
        Forge::Gitlab => vec![(".gitlab-ci.yml", fill(include_str!("forge/gitlab.yml")))],
        Forge::Forgejo => vec![(
            ".forgejo/workflows/fiches.yml",
            fill(include_str!("forge/forgejo.yml")),
        )],
    }
}

/// Writes `forge`'s CI into the repository that holds the site in `site_dir`. Never
/// replaces a file: when one exists, nothing is written.
pub fn add(site_dir: &Path, forge: Forge, lang: Lang) -> Result<Vec<PathBuf>, Diagnostic> {
    let root = repository_root(site_dir);
    let site = std::path::absolute(site_dir).unwrap_or_else(|_| site_dir.to_path_buf());
    let rel = site.strip_prefix(&root).unwrap_or(Path::new(""));
    let rel = match display_path(rel) {
        r if r.is_empty() => ".".to_string(),
        r => r,
    };
    if !is_plain(&rel) {
        return Err(Diagnostic::error(lang.pick(
            format!("le chemin du site dans le dépôt, « {rel} », contient des caractères que l'intégration continue ne peut pas recevoir tels quels"),
            format!("the site's path in the repository, \"{rel}\", has characters the CI cannot take as they are"),
        ))
        .in_file(site_dir)
        .hint(lang.pick(
            "renommez le dossier avec des lettres sans accent, des chiffres, - ou _",
            "rename the folder with plain letters, digits, - or _",
        )));
    }
    let files = files(forge, &rel, &main_branch(&root));
    if let Some(d) = super::already_there(&root, files.iter().map(|(p, _)| *p), lang) {
        return Err(d.hint(lang.pick(
            "renommez ou supprimez-les d'abord, si vous voulez ceux de fiches",
            "rename or remove them first if you want the ones fiches writes",
        )));
    }
    let mut written = Vec::new();
    for (path, text) in files {
        let p = root.join(path);
        let io = |e: std::io::Error| {
            Diagnostic::error(lang.pick(
                format!("écriture impossible : {e}"),
                format!("cannot write: {e}"),
            ))
            .in_file(&p)
        };
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        super::write_new(&p, &text).map_err(io)?;
        written.push(p);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_pin_the_version_and_name_the_site_and_branch() {
        for forge in [Forge::Github, Forge::Gitlab, Forge::Forgejo] {
            for (_, text) in files(forge, "sites/reseau", "trunk") {
                assert!(text.contains(&format!("FICHES_VERSION: \"{VERSION}\"")));
                assert!(text.contains("SITE: \"sites/reseau\""), "{text}");
                for hole in ["{version}", "{site}", "{branch}"] {
                    assert!(!text.contains(hole), "{text}");
                }
                if forge != Forge::Gitlab {
                    assert!(text.contains("branches: [trunk]"), "{text}");
                }
            }
        }
    }

    #[test]
    fn the_site_folder_is_placed_in_its_repository() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join(".git")).unwrap();
        std::fs::write(tmp.path().join(".git/HEAD"), "ref: refs/heads/principale\n").unwrap();
        let site = tmp.path().join("sites/reseau");
        std::fs::create_dir_all(&site).unwrap();
        let written = add(&site, Forge::Github, Lang::Fr).unwrap();
        assert_eq!(written, [tmp.path().join(".github/workflows/fiches.yml")]);
        let text = std::fs::read_to_string(&written[0]).unwrap();
        assert!(text.contains("SITE: \"sites/reseau\""));
        assert!(text.contains("branches: [principale]"));
        // A second time: nothing replaced.
        let again = add(&site, Forge::Github, Lang::Fr).unwrap_err();
        assert!(again.message.contains(".github/workflows/fiches.yml"));
    }

    #[test]
    fn a_site_path_the_ci_cannot_quote_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join(".git")).unwrap();
        let site = tmp.path().join("site \"$(x)\"");
        std::fs::create_dir_all(&site).unwrap();
        assert!(add(&site, Forge::Gitlab, Lang::En).is_err());
        assert!(!tmp.path().join(".gitlab-ci.yml").exists());
    }
}
