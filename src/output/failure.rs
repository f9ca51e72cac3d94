//! Why publishing failed, said to the author: the file concerned, the error, and a
//! hint where one helps (a folder that cannot be written or moved, a full disk).

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

/// Why publishing failed: the file concerned and the error.
pub(crate) struct Failure {
    pub(super) path: PathBuf,
    pub(super) error: std::io::Error,
    /// The folder beside the output could not be made.
    pub(super) no_room: bool,
    /// The output folder itself could not be moved (a mount point, a busy folder).
    pub(super) immovable: bool,
}

impl Failure {
    pub(super) fn at(path: &Path) -> impl FnOnce(std::io::Error) -> Failure + '_ {
        move |error| Failure {
            path: path.to_path_buf(),
            error,
            no_room: false,
            immovable: false,
        }
    }

    /// A file kept for the next build (the state, the search records) that could
    /// not be written: a warning, as the site is published all the same.
    pub(super) fn unkept(&self, lang: Lang) -> Diagnostic {
        let e = &self.error;
        Diagnostic::warning(lang.pick(
            format!("fichier gardé pour la prochaine construction non écrit : {e} ; le site est publié, mais la prochaine construction sera plus longue"),
            format!("file kept for the next build not written: {e}; the site is published, but the next build will take longer"),
        ))
        .in_file(&self.path)
        .hint(lang.pick(
            "fiches garde ce fichier à côté du dossier de sortie pour ne refaire que ce qui change : si un dossier ou un fichier à vous porte ce nom, déplacez-le",
            "`fiches` keeps this file beside the output folder to render only what changes: if a folder or a file of yours has this name, move it",
        ))
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
