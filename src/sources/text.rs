//! A source file's bytes turned into text: UTF-8 required, BOMs dropped, line ends
//! made `\n`, with a diagnostic that says where the encoding breaks.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

/// Decodes a file's bytes: UTF-8 required, BOM dropped, CRLF turned into LF (which
/// keeps every line and column where the author sees it).
pub fn decode(bytes: &[u8], path: &Path, lang: Lang) -> Result<String, Diagnostic> {
    // Every BOM at the start: an editor may add one to a file that has one already.
    let mut bytes = bytes;
    while let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        bytes = rest;
    }
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
            .at(&valid, crate::span::FileSpan::at(end))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_order_mark_at_the_start_is_dropped() {
        // An editor that adds a BOM to a file that has one already: the second is as
        // invisible as the first, and `+++` must still open the front matter.
        let path = Path::new("content/a.md");
        for bom in 1..=3 {
            let mut bytes = b"\xEF\xBB\xBF".repeat(bom);
            bytes.extend(b"+++\r\ntitle = \"x\"\r\n");
            assert_eq!(
                decode(&bytes, path, Lang::Fr).unwrap(),
                "+++\ntitle = \"x\"\n"
            );
            assert_eq!(
                decode_owned(bytes, path, Lang::Fr).unwrap(),
                "+++\ntitle = \"x\"\n"
            );
        }
    }
}
