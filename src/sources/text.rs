//! A source file's bytes turned into text: UTF-8 required, BOM dropped, line ends
//! made `\n`, with a diagnostic that says where the encoding breaks.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

/// Decodes a file's bytes: UTF-8 required, BOM dropped, CRLF turned into LF (which
/// keeps every line and column where the author sees it).
pub fn decode(bytes: &[u8], path: &Path, lang: Lang) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(if s.contains('\r') {
            s.replace("\r\n", "\n")
        } else {
            s.to_string()
        }),
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let end = valid.len();
            Err(Diagnostic::error(lang.pick(
                "ce fichier n'est pas enregistré en UTF-8",
                "this file is not saved as UTF-8",
            ))
            .in_file(path)
            .at(&valid, end..end)
            .hint(lang.pick(
                "dans votre éditeur, choisissez « Enregistrer sous » avec l'encodage UTF-8",
                "in your editor, use \"Save as\" with the UTF-8 encoding",
            )))
        }
    }
}

/// The text of a file's bytes, without a copy in the common case (UTF-8, no BOM, no
/// carriage returns).
pub fn decode_owned(bytes: Vec<u8>, rel: &Path, lang: Lang) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(s) if !s.starts_with('\u{feff}') && !s.contains('\r') => Ok(s),
        Ok(s) => decode(s.as_bytes(), rel, lang),
        Err(e) => decode(e.as_bytes(), rel, lang),
    }
}

pub fn io_error(path: &Path, e: &std::io::Error, lang: Lang) -> Diagnostic {
    Diagnostic::error(lang.pick(
        format!("lecture impossible : {e}"),
        format!("cannot read: {e}"),
    ))
    .in_file(path)
}
