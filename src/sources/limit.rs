//! Files read with a limit: the size on the disk checked first, never more than the
//! limit read (a file that grows between the two is still cut), so that a huge file
//! where a fiche or a transcript is expected costs nothing but its refusal.

use std::io::Read;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

/// The largest fiche, in bytes of text. A real fiche is a few tens of kilobytes;
/// past a megabyte it is a mistake (a pasted export, an image written inline), and
/// the bound caps the work of the Markdown parser whatever the input.
pub const MAX_FICHE: usize = 1_000_000;

/// The most a fiche's file may hold on the disk: its text may be half of it (every
/// line ended by CRLF, which reading makes LF), and a few byte order marks.
pub const FICHE_ON_DISK: u64 = 2 * MAX_FICHE as u64 + 64;

/// A file's bytes, or its size when it is over the limit.
#[derive(Debug, PartialEq, Eq)]
pub enum Limited {
    Read(Vec<u8>),
    Over(u64),
}

/// Reads the file at `path` when it holds at most `limit` bytes.
pub fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Limited> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Limited::Over(size));
    }
    take_at_most(file, size, limit)
}

/// Reads `from` (announced as `size` bytes) up to `limit` bytes and one more, which
/// tells a source longer than the limit.
pub fn take_at_most(from: impl Read, size: u64, limit: u64) -> std::io::Result<Limited> {
    let mut bytes = Vec::with_capacity(size.min(limit) as usize);
    from.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(match bytes.len() as u64 {
        n if n > limit => Limited::Over(n.max(size)),
        _ => Limited::Read(bytes),
    })
}

/// A fiche's file at `path` (`rel` in the site), read unless it is too large to be one.
pub fn read_fiche(path: &Path, rel: &Path, lang: Lang) -> Result<Vec<u8>, Diagnostic> {
    match read_at_most(path, FICHE_ON_DISK) {
        Ok(Limited::Read(bytes)) => Ok(bytes),
        Ok(Limited::Over(size)) => Err(fiche_too_large(rel, size, lang)),
        Err(e) => Err(super::io_error(rel, &e, lang)),
    }
}

/// A fiche of `size` bytes, over [`MAX_FICHE`].
pub fn fiche_too_large(path: &Path, size: u64, lang: Lang) -> Diagnostic {
    // Kilobytes rounded up, so that a file just over the limit does not read as equal to it.
    let kb = |n: u64| lang.number(n.div_ceil(1000) as usize);
    let (size, max) = (kb(size), kb(MAX_FICHE as u64));
    Diagnostic::error(lang.pick(
        format!("ce fichier fait {size} Ko : une fiche ne peut pas dépasser {max} Ko"),
        format!("this file is {size} KB: a sheet may not exceed {max} KB"),
    ))
    .in_file(path)
    .hint(lang.pick(
        "une fiche fait d'ordinaire quelques dizaines de Ko : partagez ce texte en plusieurs fiches, et rangez images et documents à côté de la fiche (NOM/index.md) plutôt que dans son texte",
        "a sheet is usually a few tens of KB: split this text into several sheets, and keep images and documents next to the sheet (NAME/index.md) rather than inside its text",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source that says how much was read from it.
    struct Counting<'a> {
        left: u64,
        read: &'a mut u64,
    }

    impl Read for Counting<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = (buf.len() as u64).min(self.left) as usize;
            buf[..n].fill(b'x');
            self.left -= n as u64;
            *self.read += n as u64;
            Ok(n)
        }
    }

    #[test]
    fn never_more_than_the_limit_and_one_byte_is_read() {
        // A file announced small that is 1 GB when read (it grew meanwhile).
        let mut read = 0;
        let source = Counting {
            left: 1 << 30,
            read: &mut read,
        };
        assert_eq!(take_at_most(source, 10, 1000).unwrap(), Limited::Over(1001));
        assert_eq!(read, 1001);
        let mut read = 0;
        let source = Counting {
            left: 1000,
            read: &mut read,
        };
        assert_eq!(
            take_at_most(source, 1000, 1000).unwrap(),
            Limited::Read(vec![b'x'; 1000])
        );
    }

    #[test]
    fn a_huge_file_is_refused_by_its_size_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        // Sparse: 1 TB that costs no disk, and would take hours to read.
        std::fs::File::create(&path)
            .unwrap()
            .set_len(1 << 40)
            .unwrap();
        assert_eq!(read_at_most(&path, 1000).unwrap(), Limited::Over(1 << 40));
        let d = read_fiche(&path, Path::new("a.md"), Lang::Fr).unwrap_err();
        assert_eq!(
            d.message,
            "ce fichier fait 1\u{a0}099\u{a0}511\u{a0}628 Ko : une fiche ne peut pas dépasser 1\u{a0}000 Ko"
        );
    }
}
