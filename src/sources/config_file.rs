//! `fiches.toml` read from the disk, and whether a folder is a site at all.

use std::path::Path;

use super::walk::{leaves, outside};
use super::{Scan, decode, io_error};
use crate::config;
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

impl Scan {
    /// Why the folder is not a site at all (it has no `fiches.toml` file): a mistake
    /// of the command, after which nothing may be written, not even in the folder.
    pub fn not_a_site(&self) -> Option<&[Diagnostic]> {
        let file = self.root.join(config::FILE_NAME);
        match &self.config {
            Err(problems) if !file.is_file() => Some(problems),
            _ => None,
        }
    }
}

/// Reads `fiches.toml`; a missing or unreadable file is an error that says what a
/// site folder looks like, in `lang` (the user's: such a file cannot say its own).
pub fn read_config(root: &Path, lang: Lang) -> Result<String, Vec<Diagnostic>> {
    let path = root.join(config::FILE_NAME);
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if let Some(target) = leaves(&path, &real_root) {
        return Err(vec![outside(Path::new(config::FILE_NAME), &target, lang)]);
    }
    if std::fs::metadata(&path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        // A pipe or a device: reading it would wait, or read, for ever.
        return Err(vec![
            Diagnostic::error(lang.pick(
                format!(
                    "{} n'est pas un fichier ordinaire (un tube, un périphérique…)",
                    config::FILE_NAME
                ),
                format!(
                    "{} is not a regular file (a pipe, a device…)",
                    config::FILE_NAME
                ),
            ))
            .in_file(Path::new(config::FILE_NAME))
            .hint(lang.pick(
                "remplacez-le par le fichier texte des réglages du site",
                "replace it with the text file of the site's settings",
            )),
        ]);
    }
    match std::fs::read(&path) {
        Ok(bytes) => decode(&bytes, Path::new(config::FILE_NAME), lang).map_err(|d| vec![d]),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let (file, dir) = (config::FILE_NAME, root.display());
            Err(vec![
                Diagnostic::error(lang.pick(
                    format!("aucun fichier {file} dans `{dir}` : ce dossier n'est pas un site fiches"),
                    format!("no {file} in `{dir}`: this folder is not a fiches site"),
                ))
                .hint(lang.pick(
                    "indiquez le dossier du site (fiches build mon-site) ou créez-en un avec `fiches init mon-site`",
                    "give the site's folder (fiches build my-site), or create one with `fiches init my-site`",
                )),
            ])
        }
        Err(e) => Err(vec![io_error(&path, &e, lang)]),
    }
}
